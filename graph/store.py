"""Open a store: Oxigraph on disk (the default persistent store) or in memory, or a SPARQL endpoint,
through rdflib; read and write RDF files.

The rdflib ``Graph`` returned for a folder is backed by :class:`oxrdflib.OxigraphStore` and names
the default graph explicitly, so a reopened disk store shows its data (an anonymous identifier
would hide it). Pass SPARQL as strings with ``initBindings``: rdflib falls back to its own,
much slower engine for prepared queries on this store.

For an ``http(s)://`` URL the graph reads a SPARQL 1.1 endpoint (:class:`EndpointStore`, rdflib's
SPARQLStore with this module's one HTTP opener, :func:`sparql_request`: a timeout, one-line errors,
the update token of ``$DIPLOGRAPH_UPDATE_TOKEN``). Every command that takes ``--store`` opens it
here or through :func:`diplograph.graph.ingest.open_sink`, which uses the same opener.

Every RDF file written goes through pyoxigraph's serialisers (:func:`dump_rdf`), streamed to a
temporary file and renamed; literals are written in one canonical form whatever the syntax
(``"-2"^^xsd:decimal``, never ``-2.0`` in Turtle and ``-2`` in N-Triples), and JSON-LD carries
the compact ``@context`` of :data:`PREFIXES`.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Graph, Literal
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.plugins.stores.sparqlstore import SPARQLStore

from diplograph.graph import UPDATE_TOKEN_ENV  # the token `serve` asks for is the one sent
from diplograph.graph.ontology import DG, RES
from diplograph.loaders.records import DiplographError

__all__ = ["ox_store", "open_graph", "read_graph", "write_graph", "has_article", "add_triples",
           "atomic_write", "FORMATS", "bind_prefixes", "PREFIXES", "RDF_SUFFIXES", "rdf_file_format", "is_endpoint",
           "endpoints", "sparql_request", "sparql_post", "EndpointStore", "dump_rdf", "rdf_triples",
           "write_jsonld", "UPDATE_TOKEN_ENV"]

DEFAULT_GRAPH = ox.DefaultGraph()
#: The prefixes of every file written (Turtle, TriG) and the ``@context`` of JSON-LD.
PREFIXES = {"dg": str(DG._NS), "res": str(RES), "prov": str(PROV), "rdf": str(RDF), "rdfs": str(RDFS),
            "owl": str(OWL), "skos": str(SKOS), "xsd": str(XSD), "dcterms": "http://purl.org/dc/terms/",
            "schema": "http://schema.org/",
            # one per kind of resource, so that Turtle writes actor:FRA rather than res:actor\/FRA
            **{kind: f"{RES}{kind}/" for kind in ("actor", "article", "stance", "edge", "run")}}
#: Serialisation formats the command line accepts -> (pyoxigraph format, file suffix).
FORMATS = {"ttl": (ox.RdfFormat.TURTLE, ".ttl"), "nt": (ox.RdfFormat.N_TRIPLES, ".nt"),
           "jsonld": (ox.RdfFormat.JSON_LD, ".jsonld")}
#: RDF file suffix -> pyoxigraph format, for reading and writing whole graphs and stores.
RDF_SUFFIXES = {".ttl": ox.RdfFormat.TURTLE, ".turtle": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES,
                ".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG, ".jsonld": ox.RdfFormat.JSON_LD,
                ".json": ox.RdfFormat.JSON_LD}


def bind_prefixes(graph: Graph) -> Graph:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    return graph


def is_endpoint(location) -> bool:
    """Whether a ``--store`` value names a SPARQL endpoint (an http or https URL), not a folder.

    >>> is_endpoint("http://127.0.0.1:7878/query"), is_endpoint("diplograph-store")
    (True, False)
    """
    return str(location).startswith(("http://", "https://"))


def endpoints(url: str, update_url: str | None = None) -> tuple[str, str]:
    """Query and update URLs: Oxigraph's ``/query`` + ``/update`` under a bare server address.

    >>> endpoints("http://127.0.0.1:7878", None)
    ('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/update')
    >>> endpoints("http://h/ds/query", None)
    ('http://h/ds/query', 'http://h/ds/update')
    >>> endpoints("http://h:8890/sparql", None)
    ('http://h:8890/sparql', 'http://h:8890/sparql')
    """
    parts = urllib.parse.urlsplit(url)
    query = url.rstrip("/") + "/query" if parts.path in ("", "/") else url
    if update_url:
        return query, update_url
    if query.endswith("/query"):
        return query, query[: -len("query")] + "update"
    return query, query


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    """Refuse every redirect: urllib would send the request, ``Authorization`` included, to
    whatever host the ``Location`` names."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        fp.close()
        raise DiplographError(f"{req.full_url} redirects to {newurl}; give the final URL")


_OPENER = urllib.request.build_opener(_RefuseRedirects)


def sparql_request(url: str, body: str, content_type: str, *, accept: str | None = None,
                   timeout: float = 60.0):
    """POST ``body`` to a SPARQL server and return the open response (close it after reading).

    The one HTTP opener of every command that talks to a server: it sends
    ``Authorization: Bearer $DIPLOGRAPH_UPDATE_TOKEN`` when that is set, follows no redirect (the
    token would go along to the new host), gives up after
    ``timeout`` seconds of silence, and turns every failure into a one-line
    :class:`DiplographError` naming the URL.
    """
    headers = {"Content-Type": content_type + "; charset=utf-8"}
    if accept:
        headers["Accept"] = accept
    token = os.environ.get(UPDATE_TOKEN_ENV)
    if token:  # what `diplograph serve --update-token` asks of an update
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(url, data=body.encode("utf-8"), headers=headers, method="POST")
    try:
        return _OPENER.open(req, timeout=timeout)
    except urllib.error.HTTPError as err:
        detail = err.read().decode("utf-8", "replace").strip().splitlines()
        raise DiplographError(f"{url}: HTTP {err.code}: {(detail or [err.reason])[0][:200]}") from None
    except (urllib.error.URLError, OSError, ValueError) as err:
        reason = getattr(err, "reason", err)
        raise DiplographError(f"cannot reach {url}: {reason}") from None


_CUT_HEADERS = (("X-SPARQL-MaxRows", "rows", "--max-rows"), ("X-SPARQL-MaxBytes", "bytes", "--max-bytes"))


def check_complete(url: str, resp) -> None:
    """Refuse an answer the server says it cut (``X-SPARQL-MaxRows`` / ``X-SPARQL-MaxBytes``, as
    ``diplograph serve`` and Virtuoso send): reading on would give a silently incomplete graph."""
    for header, unit, option in _CUT_HEADERS:
        limit = resp.headers.get(header)
        if limit:
            raise DiplographError(f"{url}: the server cut its answer at {limit} {unit} (its {option}); "
                                  "raise that limit or read the store directly")


def sparql_post(url: str, body: str, content_type: str, *, accept: str | None = None,
                timeout: float = 60.0) -> bytes:
    """:func:`sparql_request`, read to the end; an answer the server says it cut is an error."""
    with sparql_request(url, body, content_type, accept=accept, timeout=timeout) as resp:
        check_complete(url, resp)
        try:
            return resp.read()
        except OSError as err:  # a timeout or a reset while the body arrives
            raise DiplographError(f"{url}: the answer broke off: {err}") from None


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_RESULT_TYPES = {"application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                 "text/tab-separated-values"}
_GRAPH_TYPES = {"application/n-triples": "ox-nt", "text/turtle": "ox-turtle", "application/n-quads": "ox-nquads"}
_ACCEPT = ("application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8, "
           "application/sparql-results+xml;q=0.5")


class EndpointStore(SPARQLStore):
    """rdflib's read-only SPARQLStore, asking through :func:`sparql_request` (a timeout, one-line
    errors, JSON results and N-Triples graphs)."""

    def __init__(self, url: str, *, timeout: float = 60.0):
        super().__init__(endpoints(url)[0], returnFormat="json")
        self.timeout = timeout

    def query(self, query, initNs=None, initBindings=None, queryGraph=None, DEBUG=False):
        """Bindings go in a ``VALUES`` block at the start of every ``WHERE`` group (sub-queries too), so
        that a sub-query's FILTER sees them as it does under Oxigraph's own substitution (rdflib
        appends one VALUES to the whole query, which a sub-query evaluated first never sees)."""
        if initBindings:
            names = list(initBindings)
            values = "VALUES ( {} ) {{ ( {} ) }} ".format(
                " ".join("?" + str(n) for n in names), " ".join(self.node_to_sparql(initBindings[n]) for n in names))
            spliced, n = _WHERE.subn(lambda m: m.group(0) + " " + values, query)
            if n:
                query, initBindings = spliced, None
        return super().query(query, initNs=initNs, initBindings=initBindings, queryGraph=queryGraph, DEBUG=DEBUG)

    def _query(self, query, default_graph=None, named_graph=None):  # the server's default graph
        from rdflib.query import Result

        self._queries += 1
        with sparql_request(self.query_endpoint, query, "application/sparql-query", accept=_ACCEPT,
                            timeout=self.timeout) as resp:
            check_complete(self.query_endpoint, resp)
            ctype = (resp.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            try:
                data = resp.read()
            except OSError as err:  # a timeout or a reset while the body arrives
                raise DiplographError(f"{self.query_endpoint}: the answer broke off: {err}") from None
        if ctype in _RESULT_TYPES:
            return Result.parse(BytesIO(data), content_type=ctype)
        if ctype not in _GRAPH_TYPES:
            raise DiplographError(f"{self.query_endpoint}: unexpected answer of type {ctype or 'unknown'!r}")
        result = Result("CONSTRUCT")
        result.graph = bind_prefixes(Graph())
        result.graph.parse(data=data, format=_GRAPH_TYPES[ctype])
        return result


def open_endpoint(url: str, *, timeout: float = 60.0) -> Graph:
    """A read-only rdflib graph on the default graph of the SPARQL endpoint at ``url``; an
    unreachable or failing server is a one-line :class:`DiplographError` now, not at the first query."""
    graph = bind_prefixes(Graph(store=EndpointStore(url, timeout=timeout), identifier=DATASET_DEFAULT_GRAPH_ID))
    try:
        graph.query("ASK { }")
    except DiplographError:
        raise
    except Exception as err:  # not a SPARQL endpoint: an HTML page, a JSON of another kind
        raise DiplographError(f"{url}: not a SPARQL endpoint: {str(err).splitlines()[0][:200] if str(err) else type(err).__name__}") from None
    return graph


def _graph(store: ox.Store) -> Graph:
    return bind_prefixes(Graph(store=OxigraphStore(store=store), identifier=DATASET_DEFAULT_GRAPH_ID))


def open_graph(path: str | os.PathLike | None = None, *, read_only: bool = False,
               timeout: float = 60.0) -> Graph:
    """An rdflib graph on Oxigraph: on disk at ``path`` (created if missing), else in memory; for an
    ``http(s)://`` URL, a read-only graph on that SPARQL endpoint (``timeout`` seconds per request).

    >>> g = open_graph()
    >>> len(g)
    0
    """
    if path is None:
        return _graph(ox.Store())
    if is_endpoint(path):
        return open_endpoint(str(path), timeout=timeout)
    path = Path(path)
    try:
        if read_only:
            if not path.is_dir():
                raise DiplographError(f"no store at {path}")
            return _graph(ox.Store.read_only(str(path)))
        path.mkdir(parents=True, exist_ok=True)
        return _graph(ox.Store(str(path)))
    except (OSError, RuntimeError) as err:  # a missing permission, a lock held by another process
        raise DiplographError(f"cannot open store {path}: {str(err).splitlines()[0][:200]}") from None


def rdf_file_format(path: Path) -> ox.RdfFormat:
    """The RDF format of a file to read, from its suffix, once the file is known to be there (and a
    JSON-LD file to name no remote ``@context``); a one-line :class:`DiplographError` otherwise."""
    fmt = RDF_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise DiplographError(f"{path}: unknown RDF file type {path.suffix!r} (use .ttl, .nt, .nq, .trig or .jsonld)")
    if not path.is_file():
        raise DiplographError(f"{path}: no such file")
    if fmt == ox.RdfFormat.JSON_LD:
        _check_json_ld(path)
    return fmt


def read_graph(path: str | os.PathLike, graph: Graph | None = None) -> Graph:
    """Parse a Turtle, N-Triples, N-Quads, TriG or JSON-LD file into ``graph`` (a new in-memory one
    by default). Into an Oxigraph graph the file streams through pyoxigraph's own parser; the quads
    of a dataset file's named graphs go to those graphs of the store."""
    path = Path(path)
    fmt = rdf_file_format(path)
    graph = open_graph() if graph is None else graph
    inner = ox_store(graph)
    try:
        if inner is not None and fmt != ox.RdfFormat.JSON_LD:
            inner.load(path=str(path), format=fmt)  # one transaction: all of the file or nothing
        else:
            graph.parse(str(path), format={ox.RdfFormat.JSON_LD: "json-ld"}.get(fmt, "ox-" + fmt.file_extension))
    except (SyntaxError, ValueError, OSError) as err:
        raise DiplographError(f"{path}: not valid RDF: {(str(err).splitlines() or [type(err).__name__])[0][:200]}") from None
    except RecursionError:
        raise DiplographError(f"{path}: not valid RDF: nested too deeply") from None
    return graph


def _check_json_ld(path: Path) -> None:
    """Refuse a JSON-LD file rdflib would choke on or that would make it fetch a URL: JSON nested
    too deeply, or a remote ``@context`` (a string, or ``@import``); it is never fetched."""
    import json

    from diplograph.loaders.article import open_regular

    try:
        with open_regular(path) as fh:
            doc = json.load(fh)
    except RecursionError:
        raise DiplographError(f"{path}: not valid RDF: JSON nested too deeply") from None
    except (ValueError, OSError) as err:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise DiplographError(f"{path}: not valid RDF: {str(err).splitlines()[0][:200]}") from None
    stack = [doc]
    while stack:  # no recursion: the depth is the JSON's
        node = stack.pop()
        if isinstance(node, dict):
            context = node.get("@context")
            if isinstance(context, str) or "@import" in node or (
                    isinstance(context, list) and any(isinstance(c, str) for c in context)):
                raise DiplographError(f"{path}: a remote @context is not fetched; put the context in the file")
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


@contextmanager
def atomic_write(path: str | os.PathLike, mode: str = "w"):
    """Write to a temporary file beside ``path`` and rename it over ``path`` only on success.

    A file system error (a folder that cannot be made, a full disk) is a :class:`DiplographError`
    naming ``path``; nothing is left behind.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as err:
        raise DiplographError(f"{path}: cannot write: {err.strerror or err}") from None
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; the output should look like any other file
    try:
        with os.fdopen(fd, mode, **({} if "b" in mode else {"encoding": "utf-8"})) as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException as err:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise DiplographError(f"{path}: cannot write: {err.strerror or err}") from None
        raise


def write_graph(graph: Graph, path: str | os.PathLike | None, fmt: str = "ttl") -> str | None:
    """Serialise ``graph`` as ``fmt`` (ttl, nt or jsonld) to ``path`` atomically, or return the text."""
    if fmt not in FORMATS:
        raise DiplographError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    out = dump_rdf(graph, path, FORMATS[fmt][0], sort=True)
    return None if out is None else out.decode("utf-8")


def rdf_triples(graph: Graph) -> Iterator[ox.Triple]:
    """The triples of ``graph``'s default graph as pyoxigraph terms, streamed: from an Oxigraph
    store's index, from an endpoint as one CONSTRUCT answered in N-Triples, else converted."""
    inner = ox_store(graph)
    if inner is not None:
        yield from (q.triple for q in inner.quads_for_pattern(None, None, None, DEFAULT_GRAPH))
        return
    store = graph.store
    if isinstance(store, EndpointStore):
        with sparql_request(store.query_endpoint, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
                            "application/sparql-query", accept="application/n-triples",
                            timeout=store.timeout) as resp:
            check_complete(store.query_endpoint, resp)
            try:
                yield from ox.parse(resp, format=ox.RdfFormat.N_TRIPLES)
            except (SyntaxError, OSError) as err:
                raise DiplographError(f"{store.query_endpoint}: the graph broke off: {str(err)[:200]}") from None
            if resp.length:  # ox.parse reads with read1, which takes a cut connection for the end
                raise DiplographError(f"{store.query_endpoint}: the graph broke off {resp.length} bytes "
                                      "before the end the server announced")
        return
    from oxrdflib._converter import to_ox

    for s, p, o in graph:
        yield ox.Triple(to_ox(s), to_ox(p), to_ox(o))


def dump_rdf(graph: Graph, path: str | os.PathLike | None, fmt: ox.RdfFormat | None = None, *,
             sort: bool = False) -> bytes | None:
    """Write the whole of ``graph`` as RDF to ``path`` (atomically), or return the bytes.

    Streamed: an Oxigraph store is dumped by pyoxigraph from its index (N-Quads and TriG carry its
    named graphs too), an endpoint's graph is read as N-Triples and written as it arrives, so
    memory does not grow with the store. ``fmt`` defaults to the one of ``path``'s suffix
    (:data:`RDF_SUFFIXES`). Turtle and TriG use :data:`PREFIXES`, JSON-LD carries them as its
    ``@context``; literals are written by pyoxigraph in one canonical form in every syntax.
    ``sort`` (for small graphs: it holds them in memory) orders the triples by subject, type first.

    >>> from rdflib import URIRef
    >>> g = open_graph()
    >>> _ = g.add((URIRef("https://w3id.org/diplograph/resource/actor/FRA"), DG.goldstein,
    ...            Literal("-2", datatype=XSD.decimal)))
    >>> print(dump_rdf(g, None, ox.RdfFormat.TURTLE).decode().splitlines()[-1])
    actor:FRA dg:goldstein "-2"^^xsd:decimal .
    """
    if fmt is None:
        fmt = RDF_SUFFIXES.get(Path(path).suffix.lower()) if path is not None else None
        if fmt is None:
            raise DiplographError(f"{path}: unknown RDF file type (use .ttl, .nt, .nq, .trig or .jsonld)")
    if path is None:
        buf = BytesIO()
        _dump(graph, buf, fmt, sort)
        return buf.getvalue()
    with atomic_write(path, "wb") as fh:
        _dump(graph, fh, fmt, sort)
    return None


def _reading_order(t: ox.Triple):
    return (t.subject.value, t.predicate.value != str(RDF.type), t.predicate.value, str(t.object))


def _dump(graph: Graph, fh, fmt: ox.RdfFormat, sort: bool = False) -> None:
    prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    inner = None if sort else ox_store(graph)
    try:
        if fmt == ox.RdfFormat.JSON_LD:
            triples = rdf_triples(graph)
            write_jsonld(sorted(triples, key=_reading_order) if sort else triples, fh)
        elif inner is not None:
            inner.dump(fh, fmt, from_graph=None if fmt.supports_datasets else DEFAULT_GRAPH, prefixes=prefixes)
        else:
            triples = sorted(rdf_triples(graph), key=_reading_order) if sort else rdf_triples(graph)
            if fmt.supports_datasets:
                triples = (ox.Quad(t.subject, t.predicate, t.object, DEFAULT_GRAPH) for t in triples)
            ox.serialize(triples, fh, fmt, prefixes=prefixes)
    except ValueError as err:  # a named graph's triples cannot go to a triples-only syntax, and the like
        raise DiplographError(f"cannot write {fmt.name}: {str(err)[:200]}") from None


def _compact(iri: str) -> str:
    """``iri`` as ``prefix:local`` with the longest matching prefix of :data:`PREFIXES`, else as is.

    >>> _compact("https://w3id.org/diplograph/resource/actor/FRA"), _compact("http://x.org/a")
    ('actor:FRA', 'http://x.org/a')
    """
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(PREFIXES.get(best, "")) and len(iri) > len(ns) \
                and not iri[len(ns):].startswith("//"):
            best = prefix
    return f"{best}:{iri[len(PREFIXES[best]):]}" if best else iri


def _jsonld_id(term) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else _compact(term.value)


def _jsonld_value(term):
    if isinstance(term, ox.Literal):
        dtype = term.datatype.value
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if dtype == str(XSD.string):
            return term.value
        return {"@value": term.value, "@type": _compact(dtype)}
    return {"@id": _jsonld_id(term)}


def write_jsonld(triples: Iterable[ox.Triple], fh) -> None:
    """Write ``triples`` to the binary file ``fh`` as JSON-LD with :data:`PREFIXES` as its
    ``@context``, one node object per run of triples of one subject, streamed (a subject split
    across runs gives several node objects with the same ``@id``, which JSON-LD merges).

    >>> from io import BytesIO
    >>> out = BytesIO()
    >>> s = ox.NamedNode("https://w3id.org/diplograph/resource/actor/FRA")
    >>> write_jsonld([ox.Triple(s, ox.NamedNode(str(RDFS.label)), ox.Literal("France"))], out)
    >>> json.loads(out.getvalue())["@graph"]
    [{'@id': 'actor:FRA', 'rdfs:label': ['France']}]
    """
    rdf_type = str(RDF.type)
    fh.write(b'{"@context": ' + json.dumps(PREFIXES, indent=1).encode() + b',\n"@graph": [')
    node: dict | None = None
    first = True

    def emit(node):
        nonlocal first
        fh.write((b"\n" if first else b",\n") + json.dumps(node, ensure_ascii=False).encode("utf-8"))
        first = False

    for t in triples:
        subject = _jsonld_id(t.subject)
        if node is None or node["@id"] != subject:
            if node is not None:
                emit(node)
            node = {"@id": subject}
        if t.predicate.value == rdf_type and not isinstance(t.object, ox.Literal):
            node.setdefault("@type", []).append(_jsonld_id(t.object))
        else:
            node.setdefault(_compact(t.predicate.value), []).append(_jsonld_value(t.object))
    if node is not None:
        emit(node)
    fh.write(b"\n]}\n")


def has_article(graph: Graph, content_hash: str) -> bool:
    """Whether an article with this content hash is already in the graph."""
    return (None, DG.contentHash, Literal(content_hash, datatype=XSD.string)) in graph


def ox_store(graph: Graph) -> ox.Store | None:
    """The pyoxigraph store under an rdflib graph (for hot paths), or None for another store."""
    store = graph.store
    return store._inner if isinstance(store, OxigraphStore) else None


def add_triples(graph: Graph, triples: Iterable[tuple]) -> None:
    """Add triples in one transaction (all or nothing) and flush them to disk."""
    graph.addN((s, p, o, graph) for s, p, o in triples)
    inner = ox_store(graph)
    if inner is not None:
        inner.flush()
