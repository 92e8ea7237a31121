"""Corpus ingest: articles -> extraction -> one transaction per article in a store.

The stream is read lazily from :func:`diplograph.loaders.corpus.iter_corpus`; articles already in
the store (same content hash) are dropped before they are parsed, in batches; the rest are
parsed with ``nlp.pipe`` (``jobs`` processes) or on a Dask cluster, and each comes back as a
:class:`Payload`: its triples as N-Triples with the ``dg:contentHash`` triple last, and the
stance edges it touches. A sink writes a payload in one transaction together with the recount of
those edges, so a store never holds half an article, and an article is marked present only once
all its triples are there.

Sinks: :class:`OxigraphSink` (an embedded on-disk store, written through pyoxigraph directly) and
:class:`SparqlSink` (any SPARQL 1.1 server, over the Query and Update protocols).
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from diplograph.graph.aggregate import PREFIXES, REBUILD_UPDATE, edge_iri, edge_key_triples, recount_update
from diplograph.graph.ontology import DG
from diplograph.graph.store import endpoints, is_endpoint, sparql_post
from diplograph.loaders.corpus import BadItem, count_items, iter_corpus
from diplograph.loaders.records import Article, DiplographError

__all__ = [
    "MAX_REQUEST_TRIPLES",
    "IngestStats",
    "OxigraphSink",
    "Payload",
    "SparqlSink",
    "article_payload",
    "chunked",
    "ingest",
    "load_requests",
    "local_payloads",
    "open_sink",
    "run_aggregate",
    "run_ingest",
]

#: Largest number of triples sent to a SPARQL server in one update request.
MAX_REQUEST_TRIPLES = 500
_XSD_STRING = ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")
_CONTENT_HASH = ox.NamedNode(str(DG.contentHash))
_DERIVED_FROM = "http://www.w3.org/ns/prov#wasDerivedFrom"


@dataclass(frozen=True)
class Payload:
    """What one article adds to a store: N-Triples lines (the content-hash triple last) and edges."""

    hash: str
    source: str
    stances: int
    lines: tuple[str, ...]
    edges: tuple[str, ...]


def article_payload(article: Article, stances, gazetteer=None, run=None) -> Payload:
    """The triples of one article and of its stance-edge links, as N-Triples, marker last; with a
    ``run`` (:class:`diplograph.loaders.provenance.Run`) its stances record the run that made them."""
    from rdflib import Literal
    from rdflib.namespace import XSD

    from diplograph.loaders.to_rdf import actor_iri, article_iri, stance_iri, to_triples

    marker = (article_iri(article), DG.contentHash, Literal(article.hash, datatype=XSD.string))
    keys = [(stance_iri(st), actor_iri(st.subject.id), DG[st.relation], actor_iri(st.object.id), st.date)
            for st in stances]
    triples = [t for t in to_triples(article, stances, gazetteer, run) if t != marker]
    triples += edge_key_triples(keys)
    triples.append(marker)
    lines = tuple(f"{_nt(s)} {_nt(p)} {_nt(o)} ." for s, p, o in triples)
    edges = tuple(sorted({str(edge_iri(str(s), str(r), str(o), d)) for _, s, r, o, d in keys}))
    return Payload(article.hash, article.source, len(stances), lines, edges)


@functools.lru_cache(maxsize=4096)
def _nt(term) -> str:
    """A term in N-Triples syntax, written by pyoxigraph (escaped, canonical); actors, predicates
    and dates repeat from article to article, so a bounded cache saves most of the work."""
    from oxrdflib._converter import to_ox

    return str(to_ox(term))


def _insert(lines: Iterable[str], edges: Iterable[str]) -> str:
    update = PREFIXES + "INSERT DATA {\n" + "\n".join(lines) + "\n}"
    recount = recount_update(edges, prologue=False)
    return update + (" ;\n" + recount if recount else "")


def _hash_literal(h: str) -> str:
    return f'"{h}"^^<http://www.w3.org/2001/XMLSchema#string>'


def article_runs(sink, hashes: Iterable[str]) -> dict[str, set[str]]:
    """For each hash among ``hashes`` whose article is in the store: the extractor hashes of the
    runs that used it (empty for an article ingested before runs were recorded)."""
    hashes = sorted(set(hashes))
    if not hashes:
        return {}
    rows = sink.select(PREFIXES + "SELECT ?h ?x WHERE { VALUES ?h { " + " ".join(map(_hash_literal, hashes))
                       + " } ?a dg:contentHash ?h . OPTIONAL { ?r prov:used ?a ; dg:extractorHash ?x } }")
    out: dict[str, set[str]] = {}
    for row in rows:
        out.setdefault(row["h"], set())
        if "x" in row:
            out[row["h"]].add(row["x"])
    return out


def replace_update(sink, payload: Payload) -> str:
    """One SPARQL Update that replaces the stances of ``payload``'s article with its new ones.

    It deletes the article's old statements, their ``dg:aggregates`` links, the direct edges
    no other statement still asserts and the article's description, unlinks the runs that used the
    article (deleting a run left with no article), inserts the new triples, recounts every edge touched before or after
    and deletes the edges left with no statement; so the edge counts stay exact.
    """
    from diplograph.loaders.to_rdf import article_iri

    a = f"<{article_iri(payload.hash)}>"
    old = sink.select(PREFIXES + "SELECT DISTINCT ?s ?r ?o ?e WHERE { ?st a dg:Stance ; prov:wasDerivedFrom "
                      + a + " ; dg:subject ?s ; dg:relation ?r ; dg:object ?o . OPTIONAL { ?e dg:aggregates ?st } }")
    runs = sorted({r["r"] for r in sink.select(PREFIXES + f"SELECT ?r WHERE {{ ?r prov:used {a} }}")})
    keys = sorted({(r["s"], r["r"], r["o"]) for r in old})
    old_edges = sorted({r["e"] for r in old if "e" in r})
    ops = [PREFIXES + f"DELETE {{ ?e dg:aggregates ?st }} WHERE {{ ?st a dg:Stance ; prov:wasDerivedFrom {a} . "
                      f"?e dg:aggregates ?st }}",
           f"DELETE {{ ?st ?p ?x }} WHERE {{ ?st a dg:Stance ; prov:wasDerivedFrom {a} ; ?p ?x }}",
           f"DELETE {{ ?run prov:used {a} }} WHERE {{ ?run prov:used {a} }}",
           # its description comes again with the new triples (a source, title or date read anew)
           f"DELETE {{ {a} ?p ?x }} WHERE {{ {a} ?p ?x }}"]
    orphans = sorted(set(keys) - sink.asserted_elsewhere(keys, str(article_iri(payload.hash))))
    if orphans:  # the direct edges only this article's old stances asserted (its new ones come back below)
        ops.append("DELETE DATA { " + " ".join(f"<{k[0]}> <{k[1]}> <{k[2]}> ." for k in orphans) + " }")
    ops.append("INSERT DATA {\n" + "\n".join(payload.lines) + "\n}")
    recount = recount_update([*old_edges, *payload.edges], prologue=False)
    if recount:
        ops.append(recount)
    if old_edges:
        # the sub-query picks the empty edges first: a popular edge has thousands of triples
        ops.append("DELETE { ?e ?p ?x } WHERE { { SELECT ?e WHERE { VALUES ?e { " + " ".join(f"<{e}>" for e in old_edges)
                   + " } FILTER NOT EXISTS { ?e dg:aggregates ?any } } } ?e ?p ?x }")
    if runs:
        ops.append("DELETE { ?run ?p ?x } WHERE { { SELECT ?run WHERE { VALUES ?run { " + " ".join(f"<{r}>" for r in runs)
                   + " } FILTER NOT EXISTS { ?run prov:used ?any } } } ?run ?p ?x }")
    return " ;\n".join(ops)


# ------------------------------------------------------------------ sinks
class OxigraphSink:
    """An embedded Oxigraph store on disk; one SPARQL Update (one transaction) per article."""

    remote = False
    #: Triples written between two flushes of the store's memory buffers to disk.
    FLUSH_EVERY = 25_000

    def __init__(self, path):
        # pyoxigraph directly (not through an rdflib Graph, whose reference cycles would keep the
        # store open after close)
        self.location = str(path)
        try:
            Path(path).mkdir(parents=True, exist_ok=True)
            self.store = ox.Store(str(path))
            self.unflushed = 0
        except (OSError, RuntimeError) as err:  # a missing permission, a lock held by another process
            raise DiplographError(f"cannot open store {path}: {str(err).splitlines()[0][:200]}") from None

    def present(self, hashes: Iterable[str]) -> set[str]:
        """The hashes among ``hashes`` whose article is already in the store (index look-ups)."""
        return {h for h in hashes
                if next(iter(self.store.quads_for_pattern(
                    None, _CONTENT_HASH, ox.Literal(h, datatype=_XSD_STRING))), None) is not None}

    def add(self, payload: Payload) -> list[Payload]:
        """Write one article and recount its edges in one transaction; returns what was committed."""
        if self.present([payload.hash]):  # the same text twice in one corpus
            return []
        self.update(_insert(payload.lines, payload.edges))
        self._written(len(payload.lines))
        return [payload]

    def _written(self, n: int) -> None:
        """Count ``n`` triples written; flush every :attr:`FLUSH_EVERY` of them."""
        self.unflushed += n
        if self.unflushed >= self.FLUSH_EVERY:
            # move RocksDB's memtables to disk: without it they grow with the corpus (about 50 MB
            # per 1,000 short articles) until the background flush catches up
            self._flush_store()
            self.unflushed = 0

    def asserted_elsewhere(self, keys, article: str) -> set[tuple[str, str, str]]:
        """The ``(subject, relation, object)`` keys among ``keys`` that a statement of another
        article than ``article`` asserts (index look-ups: a SPARQL join over VALUES is slow here)."""
        subject, relation, derived = (ox.NamedNode(str(t)) for t in (DG.subject, DG.relation, _DERIVED_FROM))
        art = ox.NamedNode(article)
        found = set()
        for s, r, o in keys:
            s_node, r_node = ox.NamedNode(s), ox.NamedNode(r)
            for q in self.store.quads_for_pattern(None, ox.NamedNode(str(DG.object)), ox.NamedNode(o)):
                x = q.subject
                if (next(iter(self.store.quads_for_pattern(x, subject, s_node)), None) is not None
                        and next(iter(self.store.quads_for_pattern(x, relation, r_node)), None) is not None
                        and any(d.object != art for d in self.store.quads_for_pattern(x, derived, None))):
                    found.add((s, r, o))
                    break
        return found

    def replace(self, payload: Payload) -> list[Payload]:
        """Replace the stances of an article already in the store, in one transaction."""
        self.update(replace_update(self, payload))
        self._written(len(payload.lines))
        return [payload]

    def _flush_store(self) -> None:
        try:
            self.store.flush()
        except (OSError, RuntimeError) as err:  # a full disk: the transactions already committed stay
            raise DiplographError(f"cannot write to {self.location}: {str(err).splitlines()[0][:200]}") from None

    def flush(self) -> list[Payload]:
        return []

    def update(self, sparql: str) -> None:
        try:
            self.store.update(sparql)
        except (OSError, RuntimeError, SyntaxError, ValueError) as err:
            raise DiplographError(f"cannot write to {self.location}: {str(err).splitlines()[0][:200]}") from None

    def select(self, sparql: str) -> list[dict]:
        res = self.store.query(sparql)
        names = [v.value for v in res.variables]
        return [{n: _plain(sol[n]) for n in names if sol[n] is not None} for sol in res]

    def size(self) -> int:
        return len(self.store)

    def close(self) -> None:
        try:
            if self.store is not None:
                self._flush_store()
        finally:
            self.store = None


def _plain(term) -> str:
    return term.value if hasattr(term, "value") else str(term)


class SparqlSink:
    """A SPARQL 1.1 server: presence by one SELECT per batch, writes by INSERT DATA of <= 500 triples.

    Several small articles share a request (a request is one transaction on the server); an
    article larger than a request is sent in several, its content-hash triple in the last, so
    it is marked present only once complete.
    """

    remote = True

    def __init__(self, url: str, update_url: str | None = None, *, timeout: float = 60.0):
        self.location = url
        self.query_url, self.update_url = _endpoints(url, update_url)
        self.timeout = timeout
        self.pending: list[Payload] = []
        self.pending_lines = 0
        self.select("ASK { ?s ?p ?o }", ask=True)  # fail now, with one line, if the server is not there

    def _post(self, url: str, body: str, content_type: str, accept: str | None = None) -> bytes:
        return sparql_post(url, body, content_type, accept=accept, timeout=self.timeout)

    def select(self, sparql: str, *, ask: bool = False):
        data = self._post(self.query_url, sparql, "application/sparql-query", "application/sparql-results+json")
        try:
            result = json.loads(data)
        except ValueError:
            raise DiplographError(f"{self.query_url}: not a SPARQL JSON result") from None
        if ask:
            return bool(result.get("boolean"))
        return [{k: v["value"] for k, v in b.items()} for b in result["results"]["bindings"]]

    def update(self, sparql: str) -> None:
        self._post(self.update_url, sparql, "application/sparql-update")

    def present(self, hashes: Iterable[str]) -> set[str]:
        hashes = sorted(set(hashes))
        if not hashes:
            return set()
        rows = self.select("SELECT ?h WHERE { VALUES ?h { " + " ".join(map(_hash_literal, hashes))
                           + f" }} ?a <{DG.contentHash}> ?h }}")
        return {r["h"] for r in rows}

    def add(self, payload: Payload) -> list[Payload]:
        done = []
        if self.pending_lines + len(payload.lines) > MAX_REQUEST_TRIPLES:
            done = self.flush()
        if len(payload.lines) > MAX_REQUEST_TRIPLES:
            lines = payload.lines
            for i in range(0, len(lines), MAX_REQUEST_TRIPLES):
                last = i + MAX_REQUEST_TRIPLES >= len(lines)
                self.update(_insert(lines[i:i + MAX_REQUEST_TRIPLES], payload.edges if last else ()))
            return [*done, payload]
        self.pending.append(payload)
        self.pending_lines += len(payload.lines)
        return done

    def asserted_elsewhere(self, keys, article: str) -> set[tuple[str, str, str]]:
        """The ``(subject, relation, object)`` keys among ``keys`` that a statement of another
        article than ``article`` asserts."""
        if not keys:
            return set()
        rows = self.select(PREFIXES + "SELECT DISTINCT ?s ?r ?o WHERE { VALUES (?s ?r ?o) { "
                           + " ".join(f"(<{k[0]}> <{k[1]}> <{k[2]}>)" for k in keys)
                           + f" }} ?x dg:subject ?s ; dg:relation ?r ; dg:object ?o ; prov:wasDerivedFrom ?b "
                           f"FILTER (?b != <{article}>) }}")
        return {(r["s"], r["r"], r["o"]) for r in rows}

    def replace(self, payload: Payload) -> list[Payload]:
        """Replace the stances of an article already on the server, in one request (one transaction
        on the server, whatever its size)."""
        done = self.flush()
        self.update(replace_update(self, payload))
        return [*done, payload]

    def flush(self) -> list[Payload]:
        if not self.pending:
            return []
        done, self.pending, self.pending_lines = self.pending, [], 0
        self.update(_insert((line for p in done for line in p.lines), (e for p in done for e in p.edges)))
        return done

    def size(self) -> int | None:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(rows[0]["n"]) if rows else None

    def close(self) -> None:
        pass


_endpoints = endpoints  # the name the tests and older callers use


def open_sink(store: str, update_url: str | None = None):
    """A sink for ``store``: a SPARQL server for an http(s) URL, else an embedded store folder."""
    if is_endpoint(store):
        return SparqlSink(store, update_url)
    return OxigraphSink(store)


# ------------------------------------------------------------------ the ingest loop
@dataclass
class IngestStats:
    ingested: int = 0
    present: int = 0
    bad: int = 0
    stances: int = 0
    reextracted: int = 0
    bad_items: list = field(default_factory=list, repr=False)

    def line(self) -> str:
        again = f"re-extracted {self.reextracted}, " if self.reextracted else ""
        return (f"ingested {self.ingested - self.reextracted} article(s), {again}"
                f"skipped {self.present} already present, {self.bad} bad")


def chunked(items: Iterable, size: int) -> Iterator[list]:
    """Lists of ``size`` items at a time.

    >>> list(chunked(range(5), 2))
    [[0, 1], [2, 3], [4]]
    """
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def local_payloads(articles: Iterable[Article], extractor, *, jobs: int = 1,
                   batch_size: int = 32) -> Iterator[Payload | BadItem]:
    """Parse with ``nlp.pipe`` over ``jobs`` processes; extract and build payloads here."""
    from diplograph.loaders.provenance import current_run

    run = current_run(extractor.model, extractor.gazetteer.fold_organs)
    for article, stances in extractor.pipe_results(articles, batch_size=batch_size, n_process=jobs):
        try:
            if isinstance(stances, BaseException):
                raise stances
            yield article_payload(article, stances, extractor.gazetteer, run)
        except Exception as err:
            yield BadItem(article.source, f"extraction failed: {type(err).__name__}: {str(err)[:160]}")


def ingest(items: Iterable[Article | BadItem], sink,
           extract: Callable[[Iterable[Article]], Iterable[Payload | BadItem]], *,
           report: Callable[[str], None] = print, progress=None, verbose: bool = False,
           check_batch: int = 64, reextract: str | None = None, force: bool = False) -> IngestStats:
    """Feed ``items`` through ``extract`` into ``sink``, skipping articles already present.

    With ``reextract`` (the extractor hash of the current run) an article already present is
    extracted again when no run with that hash used it, and its stances replaced
    (:func:`replace_update`); with ``force`` every article already present is.
    """
    stats = IngestStats()
    replacing: set[str] = set()
    replaced: set[str] = set()  # a text the corpus repeats is replaced (and counted) once

    def tick():
        if progress is not None:
            progress.update(1)
            progress.set_postfix(new=stats.ingested, present=stats.present, bad=stats.bad, refresh=False)

    def bad(item: BadItem):
        stats.bad += 1
        report(f"skipped {item}")
        tick()

    def fresh() -> Iterator[Article]:
        for chunk in chunked(items, check_batch):
            arts = []
            for item in chunk:
                if isinstance(item, BadItem):
                    bad(item)
                else:
                    arts.append(item)
            if reextract or force:
                runs = article_runs(sink, (a.hash for a in arts))
                stale = {h for h, xs in runs.items() if force or reextract not in xs}
                replacing.update(stale)
                have = set(runs) - stale
            else:
                have = sink.present(a.hash for a in arts)
            for a in arts:
                if a.hash in have:
                    stats.present += 1
                    tick()
                else:
                    yield a

    def committed(payloads):
        for p in payloads:
            stats.ingested += 1
            if p.hash in replacing:
                stats.reextracted += 1
            stats.stances += p.stances
            if verbose:
                report(f"{p.source}: {p.stances} stances")
            tick()

    for result in extract(fresh()):
        if isinstance(result, BadItem):
            bad(result)
            continue
        if result.hash in replaced:
            done = []
        elif result.hash in replacing:
            replaced.add(result.hash)
            done = sink.replace(result)
        else:
            done = sink.add(result)
        if not done and (not sink.remote or result.hash in replaced):  # the same text earlier in this corpus
            stats.present += 1
            tick()
        committed(done)
    committed(sink.flush())
    return stats


def run_ingest(paths, *, store: str, date=None, update_url=None, jobs: int = 1, batch_size: int = 32,
               scheduler: str | None = None, model: str | None = None, progress: bool | None = None,
               quiet: bool = False, verbose: bool = False, max_chars: int | None = None,
               article_timeout: float | None = None, reextract: bool = False, force: bool = False,
               err=None, fields=None) -> int:
    """The ``diplograph ingest`` command; returns the exit status (see the command's help)."""
    import math

    from tqdm import tqdm

    from diplograph.graph.extractpool import ARTICLE_TIMEOUT
    from diplograph.loaders.corpus import MAX_CHARS

    err = err or sys.stderr
    if jobs < 1 or batch_size < 1:
        raise DiplographError("--jobs and --batch-size must be at least 1")
    budget = ARTICLE_TIMEOUT if article_timeout is None else article_timeout
    if not math.isfinite(budget) or budget < 0:
        raise DiplographError(f"--article-timeout must be a number of seconds (0 for none), not {budget!r}")
    if max_chars is not None and max_chars < 1:
        raise DiplographError("--max-chars must be at least 1")
    items = iter_corpus(paths, date, max_chars=max_chars or MAX_CHARS, fields=fields)
    show = (not quiet and err.isatty()) if progress is None else progress
    sink = open_sink(store, update_url)
    # a total (and so an ETA) when the corpus can be counted: not standard input
    bar = tqdm(desc="ingest", unit=" article", file=err, disable=not show, dynamic_ncols=True,
               mininterval=0.2, total=count_items(paths) if show else None)

    def report(line: str):
        if show:
            bar.write(line, file=err)
        else:
            print(line, file=err)

    try:
        if scheduler:
            from diplograph.graph.scaleout import dask_payloads

            def extract(arts):
                return dask_payloads(arts, scheduler, batch_size=batch_size, model=model)
        elif budget:
            from diplograph.graph.extractpool import ExtractPool

            def extract(arts):
                with ExtractPool(jobs=jobs, model=model, timeout=budget) as pool:
                    yield from pool.payloads(arts, batch_size=batch_size)
        else:  # no budget: extract in this process (spaCy's own processes for -j)
            from diplograph.loaders.pipeline import Extractor

            def extract(arts):
                arts = iter(arts)
                first = next(arts, None)
                if first is None:  # nothing new: no need to load the model
                    return
                extractor = Extractor(model=model)
                yield from local_payloads(itertools.chain([first], arts), extractor, jobs=jobs,
                                          batch_size=batch_size)

        current = None
        if reextract or force:
            from diplograph.loaders.provenance import current_run

            current = current_run(model).hash
        stats = ingest(items, sink, extract, report=report, progress=bar, verbose=verbose,
                       reextract=current, force=force)
        bar.close()
        size = sink.size()
    finally:
        bar.close()
        sink.close()
    where = f"; {size} triples in the store" if size is not None else ""
    print(stats.line() + where, file=err)
    if stats.ingested + stats.present == 0:
        what = f"all {stats.bad} item(s) were bad" if stats.bad else "no articles found"
        print(f"diplograph: error: nothing could be read: {what}", file=err)
        return 1
    return 0


def run_aggregate(store: str, update_url: str | None = None, err=None) -> int:
    """The ``diplograph aggregate`` command: rebuild every stance edge from the statements."""
    err = err or sys.stderr
    if not store.startswith(("http://", "https://")) and not Path(store).is_dir():
        raise DiplographError(f"no store at {store}")  # aggregate rebuilds; it never creates a store
    sink = open_sink(store, update_url)
    try:
        sink.update(REBUILD_UPDATE)
        rows = sink.select("PREFIX dg: <https://w3id.org/diplograph/ontology#>\n"
                           "SELECT (COUNT(?e) AS ?edges) (SUM(?c) AS ?statements) "
                           "WHERE { ?e a dg:StanceEdge ; dg:count ?c }")
    finally:
        sink.close()
    row = rows[0] if rows else {}
    print(f"{row.get('edges', 0)} stance edge(s) aggregating {row.get('statements', 0)} statement(s)", file=err)
    return 0


def _blank_nodes(term) -> Iterator[ox.BlankNode]:
    if isinstance(term, ox.BlankNode):
        yield term
    elif isinstance(term, (ox.Triple, ox.Quad)):  # a quad, or a quoted triple of RDF 1.2
        for part in (term.subject, term.predicate, term.object, *((term.graph_name,) if isinstance(term, ox.Quad) else ())):
            yield from _blank_nodes(part)


def load_requests(quads: Iterable[ox.Quad], size: int = MAX_REQUEST_TRIPLES) -> Iterator[list[ox.Quad]]:
    """The quads of one file in requests of at most ``size``, except that the quads linked through
    blank nodes always go together: a blank node in INSERT DATA is new in every request, so one
    split across two requests would become two nodes. A group larger than ``size`` is one request.
    The quads with blank nodes are held until the file ends (a group may grow to its last line).

    >>> b = ox.BlankNode("b")
    >>> qs = [ox.Quad(b, ox.NamedNode(f"http://p/{i}"), ox.Literal(str(i))) for i in range(3)]
    >>> [len(r) for r in load_requests(qs, 2)]
    [3]
    """
    parent: dict = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    plain, linked = [], []
    for q in quads:
        blanks = [b.value for b in _blank_nodes(q)]
        if not blanks:
            plain.append(q)
            if len(plain) >= size:
                yield plain
                plain = []
            continue
        root = find(blanks[0])
        for b in blanks[1:]:
            other = find(b)
            if other != root:
                parent[other] = root
        linked.append((blanks[0], q))
    groups: dict = {}
    for b, q in linked:
        groups.setdefault(find(b), []).append(q)
    for group in groups.values():
        if plain and len(plain) + len(group) > size:
            yield plain
            plain = []
        plain.extend(group)
    if plain:
        yield plain


def run_load(paths, store: str, update_url: str | None = None, err=None) -> int:
    """The ``diplograph load`` command: add RDF files (.nt, .nq, .ttl, .trig, .jsonld) to a store.

    Into a new (or empty) store folder the files are bulk-loaded into a temporary folder beside it,
    renamed into place only when all of them loaded; into an existing store each file is one
    transaction (pyoxigraph's ``Store.load``, which holds the whole file in memory). To a SPARQL server every file is parsed once to check it, then sent as INSERT DATA
    of at most :data:`MAX_REQUEST_TRIPLES` triples (a server has no transaction across requests),
    the triples a blank node links always in one request (:func:`load_requests`).
    """
    import gc
    import shutil
    import tempfile

    from diplograph.graph.store import rdf_file_format

    err = err or sys.stderr
    files = [(p, rdf_file_format(p)) for p in map(Path, paths)]

    def bad(p, e):
        return DiplographError(f"{p}: not valid RDF: {(str(e).splitlines() or [type(e).__name__])[0][:200]}")

    if is_endpoint(store):
        sink = SparqlSink(store, update_url)
        for p, fmt in files:  # check every file before sending anything
            try:
                for _ in ox.parse(path=str(p), format=fmt):
                    pass
            except (SyntaxError, ValueError, OSError) as e:
                raise bad(p, e) from None
        n = 0
        for p, fmt in files:
            for chunk in load_requests(ox.parse(path=str(p), format=fmt)):
                lines = [f"{q.subject} {q.predicate} {q.object} ." if isinstance(q.graph_name, ox.DefaultGraph)
                         else f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}" for q in chunk]
                sink.update("INSERT DATA {\n" + "\n".join(lines) + "\n}")
                n += len(lines)
        try:  # a COUNT(*) over a big served store may time out: the load is done all the same
            size = sink.size()
        except DiplographError:
            size = None
        on_server = "" if size is None else f"; {size} triples on the server"
        print(f"loaded {n} triples from {len(files)} file(s){on_server}", file=err)
        return 0

    target = Path(store)
    fresh = not target.exists() or (target.is_dir() and not any(target.iterdir()))
    try:
        if fresh:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.loading-", dir=target.parent))
            try:
                db = ox.Store(str(tmp))
                for p, fmt in files:
                    try:
                        db.bulk_load(path=str(p), format=fmt)
                    except (SyntaxError, ValueError) as e:
                        raise bad(p, e) from None
                db.flush()
                size = len(db)
                del db
                gc.collect()
                if target.exists():
                    target.rmdir()
                os.replace(tmp, target)
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
        else:
            db = OxigraphSink(target).store
            for p, fmt in files:
                try:
                    db.load(path=str(p), format=fmt)  # one transaction per file
                except (SyntaxError, ValueError) as e:
                    raise bad(p, e) from None
            db.flush()
            size = len(db)
    except OSError as e:
        raise DiplographError(f"cannot write to {target}: {str(e).splitlines()[0][:200]}") from None
    print(f"loaded {len(files)} file(s); {size} triples in {target}", file=err)
    return 0
