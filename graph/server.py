"""``diplograph serve``: a SPARQL 1.1 Protocol endpoint over the Oxigraph store.

Design
------
* **Engine:** queries run on a :class:`pyoxigraph.Store` directly (2-5x faster than through
  rdflib), in *worker processes*. Oxigraph cannot cancel a running query, so a query over the
  time limit is stopped by killing its worker, which is then replaced; the worker also checks
  the deadline between result rows and gives up by itself when it can.
* **HTTP:** a small WSGI app built with werkzeug (request parsing, content negotiation) and
  served by waitress (a maintained, pure-Python, multi-threaded WSGI server). No hand-written
  HTTP.
* **No outgoing requests:** Oxigraph fetches a ``SERVICE`` or ``LOAD`` IRI itself. The workers
  run under a seccomp filter (:mod:`diplograph.graph.sandbox`) that lets them open no socket
  but a Unix one, so no query can reach the network whatever its spelling; before that, a
  SPARQL-aware scan of the text refuses ``SERVICE`` and ``LOAD`` with 400 and a clear message
  (``\\u`` escapes expanded; strings, IRIs, comments and variables skipped; a keyword run into
  the next word, ``SERVICESILENT`` or ``SERVICE:x``, counts).
* **Who may ask:** read-only by default (an update is refused with 403 unless
  ``--allow-update``); binds 127.0.0.1 by default. Whatever the bind address, a request whose
  ``Host`` is not a name of this server *and its port* is refused (DNS rebinding), and so is an
  update whose ``Origin`` is another site or another port (CSRF). ``--update-token`` (or
  ``$DIPLOGRAPH_UPDATE_TOKEN``) makes updates need ``Authorization: Bearer TOKEN``; updates on
  a non-loopback address need it.
* **What one client can take:** a per-query time limit (503), a memory limit per worker
  (``--max-memory``; 503 when a query exceeds it), results **truncated** to ``--max-rows`` rows
  (or triples) and to ``--max-bytes`` bytes (headers ``X-SPARQL-MaxRows: N`` and
  ``X-SPARQL-MaxBytes: N``, as Virtuoso does), and connections closed when idle or when a
  request takes longer than ``--client-timeout`` seconds to arrive, at most
  :data:`MAX_CONNECTIONS_PER_CLIENT` of them from one address.
* **Data:** ``--store DIR`` is opened read-only (read-write with ``--allow-update``);
  ``--data FILE`` is loaded once into a temporary on-disk store that the workers open, so a
  replaced worker starts in milliseconds; updates to it are not written back to FILE.
* **A store fed while it is served:** before each query the server looks at the store folder
  (name, size and time of each file: a commit grows the write-ahead log, a flush or compaction
  adds files), and when it changed, bumps a generation number that goes with the job; a worker
  whose view is older reopens its read-only view before it answers (keeping it only if the
  files stood still while it opened: RocksDB does not promise a consistent read-only open beside
  a writer). So a query sees every transaction committed before it arrived (an ``ingest`` into
  the folder), on every worker, and a count never goes down between two requests, a replaced
  worker included.
* **Browsers and other clients:** ``--cors ORIGIN`` lets pages from ORIGIN read the results
  (``Access-Control-Allow-Origin``, ``OPTIONS`` preflight; ``*`` is refused with
  ``--allow-update``); a ``GET`` of the endpoint without a query gives the SPARQL 1.1 service
  description (Turtle, JSON-LD, N-Triples or RDF/XML by ``Accept``) or, to a browser, a query
  page of its own (``graph/query.html``: an editor with the named queries as examples and a
  results table; no outside assets, so it works offline).
* **Why not ``oxigraph serve`` behind a proxy:** it cannot stop a running query (its
  ``--timeout-s`` bounds nothing a worker kill would not), bounds no memory, cannot be put in
  the network sandbox without losing its listening socket, and its read-only mode keeps the same
  frozen snapshot; the guards would need as much code in front of it as this module has.

Endpoints: ``/query`` (and ``/sparql``, ``/``) take ``query`` by GET, by urlencoded POST or as
an ``application/sparql-query`` body; ``/update`` (and ``/sparql``) take ``update`` by
urlencoded POST or an ``application/sparql-update`` body. SELECT and ASK results come as SPARQL
JSON (default), XML, CSV or TSV, CONSTRUCT and DESCRIBE results as Turtle (default),
N-Triples, RDF/XML or JSON-LD, chosen by ``Accept``. ASK results and graphs are written by
pyoxigraph's serialisers; SELECT results by :func:`write_solutions`, because pyoxigraph's
serialiser takes the whole result at once and the endpoint must stop at ``--max-rows``,
``--max-bytes`` and the deadline with a complete document. ``X-Diplograph-Worker`` names the
worker (a serial number) that answered.
"""

from __future__ import annotations

import csv
import hmac
import io
import itertools
import json
import multiprocessing as mp
import os
import queue
import re
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from diplograph.graph import UPDATE_TOKEN_ENV
from diplograph.loaders.records import DiplographError

__all__ = ["GRAPH_TYPES", "RESULT_TYPES", "QueryPool", "Refused", "ServerConfig", "check_sparql", "make_app",
           "serve", "service_description", "sparql_keywords", "store_state", "UPDATE_TOKEN_ENV"]

#: Media types for SELECT / ASK results, the first is the default.
RESULT_TYPES = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values", "application/json", "application/xml")
#: Media types for CONSTRUCT / DESCRIBE results, the first is the default.
GRAPH_TYPES = ("text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json")
#: What a GET of the endpoint without a query gives: the service description, the query page, help.
DESCRIPTION_TYPES = (*GRAPH_TYPES, "text/html", "text/plain")
#: The W3C names (http://www.w3.org/ns/formats/) of the formats the endpoint writes.
FORMAT_IRIS = {"application/sparql-results+json": "SPARQL_Results_JSON",
               "application/sparql-results+xml": "SPARQL_Results_XML", "text/csv": "SPARQL_Results_CSV",
               "text/tab-separated-values": "SPARQL_Results_TSV", "text/turtle": "Turtle",
               "application/n-triples": "N-Triples", "application/rdf+xml": "RDF_XML",
               "application/ld+json": "JSON-LD"}
_ALIASES = {"application/json": "application/sparql-results+json",
            "application/xml": "application/sparql-results+xml"}
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LOOPBACK_NAMES = {"127.0.0.1", "localhost", "::1", "[::1]"}
WILDCARD_HOSTS = {"0.0.0.0", "::", ""}
MAX_BODY = 16 * 1024 * 1024
#: Open connections accepted in all, and from one client address.
MAX_CONNECTIONS = 1000
MAX_CONNECTIONS_PER_CLIENT = 200


@dataclass(frozen=True)
class ServerConfig:
    """What ``diplograph serve`` was asked for."""

    store: str | None = None
    data: tuple[str, ...] = ()
    host: str = "127.0.0.1"
    port: int = 7878
    allow_update: bool = False
    timeout: float = 30.0
    max_rows: int = 100_000
    max_bytes: int = 64 * 1024 * 1024
    max_memory: int = 2 * 1024 * 1024 * 1024
    client_timeout: float = 15.0
    update_token: str | None = None
    workers: int = 2
    threads: int = 4
    extra_hosts: tuple[str, ...] = field(default=())
    cors: tuple[str, ...] = field(default=())


# ------------------------------------------------------------------ SERVICE / LOAD check
class Refused(DiplographError):
    """A request the endpoint will not run (SERVICE, LOAD); the message says why."""


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = re.compile(r"""
    (?P<comment>\#[^\n\r]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>(?:[^\W\d_][\w.\-\u00B7]*)?:(?:[\w\-.:%\u00B7]|\\.)*|_:[\w.\-]*)
  | (?P<word>[^\W\d_]\w*)
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)
_FORBIDDEN = {"SERVICE": "SERVICE (federated query) is not allowed on this endpoint",
              "LOAD": "LOAD is not allowed on this endpoint"}


def _unescape(text: str) -> str:
    def sub(m):
        try:
            return chr(int(m.group(1) or m.group(2), 16))
        except (ValueError, OverflowError):
            return m.group(0)

    return _ESCAPE.sub(sub, text)


def sparql_keywords(text: str) -> set[str]:
    """The bare words of a SPARQL text, upper-cased: keywords and function names, never the
    content of strings, IRIs, comments, variables, language tags or prefixed names.

    >>> sorted(sparql_keywords('SELECT ?service { ?s ex:load "SERVICE" } # LOAD'))
    ['SELECT']
    """
    return {m.group("word").upper() for m in _TOKEN.finditer(text) if m.lastgroup == "word"}


def _keyword_runs(text: str) -> Iterator[str]:
    """Every stretch of text where the engine may read a keyword, upper-cased: the bare words
    and the prefix of each prefixed name (Oxigraph matches a keyword with no boundary after
    it, so ``SERVICE:x`` is the keyword SERVICE followed by ``:x``)."""
    for m in _TOKEN.finditer(text):
        if m.lastgroup == "word":
            yield m.group("word").upper()
        elif m.lastgroup == "pname":
            yield m.group("pname").split(":", 1)[0].upper()


def check_sparql(text: str) -> None:
    """Raise :class:`Refused` if the query or update may use ``SERVICE`` or ``LOAD``.

    The text is scanned as SPARQL: ``\\uXXXX`` escapes are expanded first (SPARQL applies them
    before parsing), and strings, IRIs, comments and variables are skipped, so ``?service``,
    ``ex:load`` or ``"LOAD"`` pass. A keyword counts wherever the engine could read one: as
    any bare word or prefix of a prefixed name that *contains* it (``SERVICESILENT``,
    ``sErViCe:x``, ``PREFIX load: <...>``), in any case. Both the raw and the expanded text are
    scanned (fail closed). The workers cannot open network sockets anyway
    (:mod:`diplograph.graph.sandbox`): this check gives the clear message.

    >>> check_sparql('SELECT * { ?s <http://x/SERVICE> "load" }')
    >>> for q in ('select * { \\\\u0053ervice <http://evil/> { ?s ?p ?o } }', 'SELECT * { SERVICE:x {} }'):
    ...     try:
    ...         check_sparql(q)
    ...     except Refused as err:
    ...         print(err)
    SERVICE (federated query) is not allowed on this endpoint
    SERVICE (federated query) is not allowed on this endpoint
    """
    for variant in (text, _unescape(text)):
        for run in _keyword_runs(variant):
            for word, message in _FORBIDDEN.items():
                if word in run:
                    raise Refused(message)


# ------------------------------------------------------------------ result serialisation
def _json_term(term) -> dict:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                            "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    raise TypeError(type(term).__name__)


def _xml_term(term) -> str:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>"
                f"{_xml_term(term.predicate)}</predicate><object>{_xml_term(term.object)}</object></triple>")
    raise TypeError(type(term).__name__)


def _csv_value(term) -> str:
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def _solution_parts(variables: list[str], media_type: str):
    """``(head, row -> bytes, separator, tail)`` of a SELECT result in ``media_type``: the
    pieces a result is streamed from, one row at a time."""
    if media_type == "application/sparql-results+json":
        head = json.dumps({"head": {"vars": variables}}, ensure_ascii=False)[:-1] + ', "results": {"bindings": ['

        def row(values):
            return json.dumps({v: _json_term(t) for v, t in zip(variables, values) if t is not None},
                              ensure_ascii=False).encode("utf-8")

        return head.encode("utf-8"), row, b", ", b"]}}"
    if media_type == "application/sparql-results+xml":
        head = ('<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
                "<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in variables) + "</head>\n<results>\n")

        def row(values):
            return ("<result>" + "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                                         for v, t in zip(variables, values) if t is not None)
                    + "</result>\n").encode("utf-8")

        return head.encode("utf-8"), row, b"", b"</results>\n</sparql>\n"
    if media_type == "text/csv":
        def line(cells):
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\r\n").writerow(cells)
            return buf.getvalue().encode("utf-8")

        return line(variables), lambda values: line([_csv_value(t) for t in values]), b"", b""
    if media_type == "text/tab-separated-values":
        def row(values):
            return ("\t".join("" if t is None else str(t) for t in values) + "\n").encode("utf-8")

        return ("\t".join("?" + v for v in variables) + "\n").encode("utf-8"), row, b"", b""
    raise ValueError(media_type)


def write_solutions(variables: list[str], rows, media_type: str, *, max_rows: int | None = None,
                    max_bytes: int | None = None, deadline: float | None = None) -> tuple[bytes, dict]:
    """A SELECT result as SPARQL JSON, XML, CSV or TSV, built one row at a time, and the headers
    that say it was truncated: at ``max_rows`` rows (``X-SPARQL-MaxRows``) or before the body
    passes ``max_bytes`` bytes (``X-SPARQL-MaxBytes``). Past ``deadline`` (a ``time.monotonic()``
    value) :class:`TimeoutError` is raised. The body is always a complete document.

    >>> body, headers = write_solutions(["x"], [["a"], ["b"], ["c"]], "text/tab-separated-values", max_rows=2)
    >>> body, headers
    (b'?x\\na\\nb\\n', {'X-SPARQL-MaxRows': '2'})
    """
    head, row, sep, tail = _solution_parts(variables, media_type)
    out, size, headers = [head], len(head) + len(tail), {}
    for i, values in enumerate(rows):
        if max_rows is not None and i >= max_rows:
            headers["X-SPARQL-MaxRows"] = str(max_rows)
            break
        if deadline is not None and i % 256 == 0 and time.monotonic() > deadline:
            raise TimeoutError
        piece = row(values)
        cost = len(piece) + (len(sep) if i else 0)
        if max_bytes is not None and size + cost > max_bytes:
            headers["X-SPARQL-MaxBytes"] = str(max_bytes)
            break
        if i:
            out.append(sep)
        out.append(piece)
        size += cost
    out.append(tail)
    return b"".join(out), headers


def _negotiate(accept: list[tuple[str, float]], candidates: tuple[str, ...]) -> str | None:
    from werkzeug.datastructures import MIMEAccept

    if not accept:
        return _ALIASES.get(candidates[0], candidates[0])
    best = MIMEAccept(accept).best_match(candidates)
    return None if best is None else _ALIASES.get(best, best)


# ------------------------------------------------------------------ worker process
def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the server process dies (best effort)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _run_job(store, job: dict) -> tuple:
    """Execute one job in a worker; returns ``(status, content_type, body, extra_headers)``."""
    import pyoxigraph as ox

    deadline = time.monotonic() + job["timeout"]
    timed_out = (503, "text/plain", f"query timed out after {job['timeout']:g} s".encode(), {})
    if job["kind"] == "update":
        store.update(job["text"])
        return 204, None, b"", {}
    kwargs = {}
    if job.get("default_graph"):
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job["default_graph"]]
    if job.get("named_graphs"):
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job["named_graphs"]]
    result = store.query(job["text"], **kwargs)
    max_rows, max_bytes = job["max_rows"], job.get("max_bytes")
    if isinstance(result, ox.QueryBoolean):
        media = _negotiate(job["accept"], RESULT_TYPES)
        if media is None:
            return 406, "text/plain", b"ASK results come as " + ", ".join(RESULT_TYPES[:4]).encode(), {}
        return 200, media, result.serialize(format=ox.QueryResultsFormat.from_media_type(media)), {}
    if isinstance(result, ox.QuerySolutions):
        media = _negotiate(job["accept"], RESULT_TYPES)
        if media is None:
            return 406, "text/plain", b"SELECT results come as " + ", ".join(RESULT_TYPES[:4]).encode(), {}
        variables = [v.value for v in result.variables]
        rows = ([solution[v] for v in variables] for solution in result)
        try:
            body, headers = write_solutions(variables, rows, media, max_rows=max_rows, max_bytes=max_bytes,
                                            deadline=deadline)
        except TimeoutError:
            return timed_out
        return 200, media, body, headers
    media = _negotiate(job["accept"], GRAPH_TYPES)
    if media is None:
        return 406, "text/plain", b"CONSTRUCT results come as " + ", ".join(GRAPH_TYPES).encode(), {}
    triples, size, headers = [], 0, {}
    for i, triple in enumerate(result):
        if i >= max_rows:
            headers["X-SPARQL-MaxRows"] = str(max_rows)
            break
        if i % 256 == 0 and time.monotonic() > deadline:
            return timed_out
        size += len(str(triple)) + 3  # its N-Triples length: no serialisation is much longer
        if max_bytes is not None and size > max_bytes:
            headers["X-SPARQL-MaxBytes"] = str(max_bytes)
            break
        triples.append(triple)
    body = ox.serialize(triples, format=ox.RdfFormat.from_media_type(media))
    return 200, media, body, headers


def _first_line(err: Exception, limit: int = 300) -> str:
    text = str(err).strip().splitlines()
    line = text[0] if text else type(err).__name__
    return line if len(line) <= limit else line[: limit - 1] + "…"


def store_state(location: str) -> frozenset:
    """What a store folder looks like on disk: ``(name, size, mtime)`` of each file but RocksDB's
    info logs and lock. A commit changes it (the write-ahead log grows), and so do a flush and a
    compaction (new files); opening a read-only view does not."""
    state = []
    try:
        with os.scandir(location) as entries:
            for entry in entries:
                if entry.name.startswith("LOG") or entry.name == "LOCK":
                    continue
                try:
                    st = entry.stat()
                except FileNotFoundError:  # removed by a compaction while we looked
                    continue
                state.append((entry.name, st.st_size, st.st_mtime_ns))
    except OSError:
        return frozenset()
    return frozenset(state)


def _skeleton(state: frozenset) -> frozenset:
    """The part of a :func:`store_state` a reader must not see move while it opens the store: the
    file names, and sizes and times of all but the write-ahead logs (which only grow)."""
    return frozenset((name,) if name.endswith(".log") else (name, size, mtime) for name, size, mtime in state)


def _open_view(location: str, tries: int = 50):
    """A fresh read-only view of the store, opened while its files stood still.

    RocksDB (under Oxigraph) does not promise a consistent read-only open beside a writer: a
    writer that opens the store or compacts it moves data between files and removes the old
    ones, and a reader opening meanwhile can see part of each (even an empty store) or miss a
    file (reported as corruption). Every state the folder passes through is one RocksDB can
    recover from after a crash, so a view is kept only when no file appeared, went or changed
    (but a growing log) while it opened; otherwise it is opened again.
    """
    import pyoxigraph as ox

    for attempt in range(tries):
        before = _skeleton(store_state(location))
        try:
            view = ox.Store.read_only(location)
        except (OSError, RuntimeError):
            if attempt == tries - 1:
                raise
        else:
            if _skeleton(store_state(location)) == before:
                return view
            del view
            if attempt == tries - 1:
                raise OSError(f"the store at {location} kept changing while it was opened")
        time.sleep(0.01 * min(attempt + 1, 5))
    raise AssertionError("unreachable")


def _view_went_stale(location: str, opened: frozenset, err: Exception) -> bool:
    """Whether a read-only view's error ``err`` may come from the store moving under it: a file of
    the view gone (compacted away), or the folder's :func:`_skeleton` no longer the ``opened`` one.
    Any other error (a SERVICE refused, an evaluation failure) is the query's: no second run.

    >>> _view_went_stale("/nonexistent", frozenset(), OSError("Connection refused"))
    False
    >>> _view_went_stale("/nonexistent", frozenset(), OSError("IO error: No such file or directory: 000012.sst"))
    True
    """
    return "No such file" in str(err) or _skeleton(store_state(location)) != opened


def _worker_main(conn, location: str, read_only: bool, max_memory: int | None = None, generation: int = 0) -> None:
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server process decides when workers stop
    from diplograph.graph.sandbox import SandboxError, deny_network, limit_memory

    warning = None
    try:
        deny_network()  # before anything runs a query: no SERVICE or LOAD can open a socket
    except SandboxError as err:
        warning = f"no network sandbox for the query workers ({err.strerror}): SERVICE and LOAD are refused by the query filter only"
    import pyoxigraph as ox

    opened = _skeleton(store_state(location))  # what the view's folder looked like when it opened
    try:
        store = _open_view(location) if read_only else ox.Store(location)
    except (OSError, RuntimeError) as err:
        conn.send(("failed", f"cannot open store {location}: {_first_line(err)}"))
        return
    if max_memory:
        limit_memory(max_memory)  # after the store is open: its caches are part of the base
    conn.send(("ready", warning))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        if read_only and job.get("generation", generation) > generation:
            try:  # the store changed on disk since this view was opened
                opened = _skeleton(store_state(location))
                store, generation = _open_view(location), job["generation"]
            except (OSError, RuntimeError) as err:
                reply = (503, "text/plain", f"the store changed on disk and cannot be reopened yet ({_first_line(err)}); "
                         "try again".encode(), {})
                try:
                    conn.send(reply)
                except (BrokenPipeError, OSError):
                    return
                continue
        try:
            try:
                reply = _run_job(store, job)
            except (OSError, RuntimeError) as err:
                if not read_only or not _view_went_stale(location, opened, err):
                    raise
                # a file of this view was compacted away before the view opened it: a new view
                opened = _skeleton(store_state(location))
                store = _open_view(location)
                reply = _run_job(store, job)
        except SyntaxError as err:
            reply = (400, "text/plain", f"SPARQL syntax error: {_first_line(err)}".encode(), {})
        except MemoryError:
            reply = (503, "text/plain", b"the query needs more memory than this endpoint allows", {})
        except Exception as err:
            reply = (400 if isinstance(err, (ValueError, TypeError)) else 500, "text/plain",
                     f"{type(err).__name__}: {_first_line(err)}".encode(), {})
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            return


class _Worker:
    def __init__(self, ctx, location: str, read_only: bool, max_memory: int | None = None, generation: int = 0,
                 serial: int = 0):
        self.serial = serial
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, location, read_only, max_memory, generation),
                                   name="diplograph-sparql-worker", daemon=True)
        self.process.start()
        child.close()
        self.warning = None

    def wait_ready(self, timeout: float) -> None:
        from diplograph.graph.sandbox import await_ready

        self.warning = await_ready(self.conn, timeout, "query worker", self.kill)

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryPool:
    """Worker processes that hold the store and run one job each at a time.

    A job that outlives ``timeout`` gets its worker killed and replaced in the background. With
    ``watch`` (a read-only store another process may write), every job carries the store's
    generation, bumped whenever :func:`store_state` changes; a worker with an older view reopens
    it first. A worker opened after a generation was seen holds at least what it saw, so a job
    sees every commit made before it was handed out, whichever worker runs it.
    """

    def __init__(self, location: str, *, read_only: bool, size: int, timeout: float,
                 start_timeout: float = 60.0, max_memory: int | None = None, watch: bool = False):
        self.location, self.read_only, self.timeout = location, read_only, timeout
        self.max_memory = max_memory
        self.warning = None
        self.watch = watch and read_only
        self._generation, self._state = 0, store_state(location) if self.watch else None
        self._serials = itertools.count(1)
        self._ctx = mp.get_context("spawn")  # never fork a multi-threaded server
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        # Replacements are started from one long-lived thread: Linux delivers a worker's
        # parent-death signal when the *thread* that started it ends.
        self._respawn: queue.Queue[bool | None] = queue.Queue()
        self._respawner = threading.Thread(target=self._respawn_loop, name="sparql-respawn", daemon=True)
        self._respawner.start()
        workers = [self._spawn() for _ in range(max(1, size))]
        try:
            for w in workers:
                w.wait_ready(start_timeout)
                self.warning = self.warning or w.warning
                self._idle.put(w)
        except DiplographError:
            self.close()
            raise

    def generation(self) -> int:
        """The store's generation now: bumped when the folder changed since the last look."""
        if not self.watch:
            return 0
        with self._lock:
            state = store_state(self.location)
            if state != self._state:
                self._state, self._generation = state, self._generation + 1
            return self._generation

    def _spawn(self) -> _Worker:
        w = _Worker(self._ctx, self.location, self.read_only, self.max_memory, self.generation(), next(self._serials))
        with self._lock:
            self._all.add(w)
        return w

    def _replace(self, dead: _Worker) -> None:
        dead.kill()
        with self._lock:
            self._all.discard(dead)
            if self._closed:
                return
        self._respawn.put(True)

    #: Seconds before the first retry of a replacement that failed to start, and the most between two.
    RESPAWN_DELAY, RESPAWN_MAX_DELAY = 0.5, 30.0

    def _respawn_loop(self) -> None:
        delay = self.RESPAWN_DELAY
        while self._respawn.get():
            w = None
            try:
                w = self._spawn()
                w.wait_ready(60)
            except DiplographError as err:
                if w is not None:
                    with self._lock:
                        self._all.discard(w)
                print(f"diplograph serve: cannot restart a query worker: {err}; trying again in {delay:g} s",
                      file=sys.stderr)
                time.sleep(delay)  # then again: else every failure would shrink the pool for good
                delay = min(delay * 2, self.RESPAWN_MAX_DELAY)
                if not self._closed:
                    self._respawn.put(True)
                continue
            delay = self.RESPAWN_DELAY
            if self._closed:
                w.kill()
            else:
                self._idle.put(w)

    def run(self, job: dict) -> tuple:
        """Run ``job`` on a free worker; returns ``(status, content_type, body, headers)``."""
        started = time.monotonic()
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return 503, "text/plain", b"all query workers are busy; try again later", {}
        remaining = max(0.05, self.timeout - (time.monotonic() - started))
        job = dict(job, timeout=remaining, generation=self.generation())
        try:
            worker.conn.send(job)
            if worker.conn.poll(remaining):
                status, ctype, body, headers = worker.conn.recv()
                self._idle.put(worker)
                return status, ctype, body, {**headers, "X-Diplograph-Worker": str(worker.serial)}
        except (EOFError, OSError):
            worker.process.join(1)
            code = worker.process.exitcode
            self._replace(worker)
            if code == -signal.SIGABRT and self.max_memory:  # Rust aborts when an allocation fails
                return (503, "text/plain", f"the query needs more than the {self.max_memory // 2**20} MB of "
                        "memory this endpoint allows".encode(), {})
            return 500, "text/plain", b"the query worker died; the query was not completed", {}
        self._replace(worker)
        return 503, "text/plain", f"query timed out after {self.timeout:g} s".encode(), {}

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._respawn.put(None)
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            try:
                w.conn.send(None)
            except OSError:
                pass
        for w in workers:
            w.process.join(1)
            w.kill()


# ------------------------------------------------------------------ HTTP
_HELP = """diplograph SPARQL endpoint (SPARQL 1.1 Protocol)

  query:  GET  {base}/query?query=...            (or POST urlencoded query=..., or POST
          Content-Type: application/sparql-query)
  update: POST {base}/update  update=...         ({updates})

Results: SPARQL JSON (default), XML, CSV or TSV for SELECT/ASK; Turtle (default), N-Triples,
RDF/XML or JSON-LD for CONSTRUCT/DESCRIBE, chosen by the Accept header. Queries stop after
{timeout:g} s; results are truncated to {max_rows} rows and {max_bytes} bytes (headers
X-SPARQL-MaxRows and X-SPARQL-MaxBytes when they are). SERVICE and LOAD are refused.
"""


def _host_port(value: str, default_port: int | None) -> tuple[str, int | None]:
    """``(host name, port)`` of a ``Host`` header value or an ``Origin``'s network location.

    >>> _host_port("LocalHost:7878", 80), _host_port("[::1]", 80), _host_port("x:99999", 80)
    (('localhost', 7878), ('::1', 80), ('', None))
    """
    try:
        parts = urlsplit("//" + value)
        return (parts.hostname or "").lower(), parts.port or default_port
    except ValueError:
        return "", None


def server_names(host: str, extra: tuple[str, ...] = ()) -> set[str]:
    """The host names a request to a server bound to ``host`` may carry in ``Host``/``Origin``:
    the loopback names, the bound address, and for a wildcard bind the machine's own names and
    addresses; plus ``extra`` (``--allow-host``).

    >>> sorted(server_names("127.0.0.2"))
    ['127.0.0.1', '127.0.0.2', '::1', 'localhost']
    """
    names = {h.strip("[]").lower() for h in LOOPBACK_NAMES}
    if host in WILDCARD_HOSTS:
        for name in {socket.gethostname(), socket.getfqdn()}:
            names.add(name.lower())
            try:
                names.update(info[4][0] for info in socket.getaddrinfo(name, None))
            except OSError:
                pass
    else:
        names.add(host.strip("[]").lower())
    names.update(h.strip("[]").lower() for h in extra)
    return names


def is_loopback(host: str) -> bool:
    """Whether ``host`` is a loopback address or name (127.0.0.0/8, ::1, localhost).

    >>> is_loopback("127.0.0.2"), is_loopback("0.0.0.0"), is_loopback("localhost")
    (True, False, True)
    """
    import ipaddress

    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def origin_key(value: str) -> tuple[str, str, int] | None:
    """``(scheme, host, port)`` of a web origin (``Origin`` header or ``--cors`` value), or None.

    >>> origin_key("HTTP://LocalHost"), origin_key("https://x.org:8443"), origin_key("null")
    (('http', 'localhost', 80), ('https', 'x.org', 8443), None)
    """
    try:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/") \
                or parts.query or parts.fragment or parts.username or parts.password:
            return None
        return parts.scheme, parts.hostname.lower(), parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return None


_SD = "http://www.w3.org/ns/sparql-service-description#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_PREFIXES = {"sd": _SD, "dcterms": "http://purl.org/dc/terms/", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
             "formats": "http://www.w3.org/ns/formats/"}


def service_description(endpoint: str, config: ServerConfig, media_type: str = "text/turtle") -> bytes:
    """The SPARQL 1.1 service description of the endpoint at ``endpoint``, written by pyoxigraph.

    >>> b"sd:SPARQL11Query" in service_description("http://127.0.0.1:7878/query", ServerConfig())
    True
    """
    import pyoxigraph as ox

    def iri(value):
        return ox.NamedNode(value)

    service, dataset, graph = ox.BlankNode("service"), ox.BlankNode("dataset"), ox.BlankNode("default")
    triples = [(service, iri(_RDF_TYPE), iri(_SD + "Service")), (service, iri(_SD + "endpoint"), iri(endpoint)),
               (service, iri(_SD + "supportedLanguage"), iri(_SD + "SPARQL11Query")),
               (service, iri(_SD + "defaultEntailmentRegime"), iri("http://www.w3.org/ns/entailment/Simple")),
               (service, iri("http://purl.org/dc/terms/title"), ox.Literal("diplograph SPARQL endpoint")),
               (service, iri("http://www.w3.org/2000/01/rdf-schema#comment"), ox.Literal(
                   f"Queries stop after {config.timeout:g} s; results are truncated to {config.max_rows} rows and "
                   f"{config.max_bytes} bytes (headers X-SPARQL-MaxRows, X-SPARQL-MaxBytes). SERVICE and LOAD are "
                   f"refused. Updates are {'accepted at /update' if config.allow_update else 'refused'}.")),
               (service, iri(_SD + "defaultDataset"), dataset), (dataset, iri(_RDF_TYPE), iri(_SD + "Dataset")),
               (dataset, iri(_SD + "defaultGraph"), graph), (graph, iri(_RDF_TYPE), iri(_SD + "Graph"))]
    if config.allow_update:
        triples.append((service, iri(_SD + "supportedLanguage"), iri(_SD + "SPARQL11Update")))
    triples += [(service, iri(_SD + "resultFormat"), iri("http://www.w3.org/ns/formats/" + name))
                for name in FORMAT_IRIS.values()]
    return ox.serialize([ox.Triple(*t) for t in triples], format=ox.RdfFormat.from_media_type(media_type),
                        prefixes=_PREFIXES)


def query_page() -> bytes:
    """The query page (``graph/query.html``) with the named queries inlined as its examples."""
    from importlib import resources

    from diplograph.graph.cookbook import list_queries, load_query

    examples = [{"name": q.name, "title": q.title, "sparql": load_query(q.name).sparql} for q in list_queries()]
    data = json.dumps(examples, ensure_ascii=True).replace("<", "\\u003c").replace(">", "\\u003e")
    page = (resources.files(__package__) / "query.html").read_text(encoding="utf-8")
    return page.replace("__NAMED_QUERIES__", data).encode("utf-8")


#: Headers of the query page: no outside resource of any kind, no framing.
PAGE_HEADERS = {"Content-Security-Policy": "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                                           "connect-src *; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
                "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def make_app(pool: QueryPool, config: ServerConfig):
    """The WSGI application: SPARQL Protocol requests -> jobs for ``pool``."""
    from werkzeug.exceptions import HTTPException
    from werkzeug.wrappers import Request, Response

    allowed_hosts = server_names(config.host, config.extra_hosts)
    token = config.update_token.encode("utf-8") if config.update_token else None
    cors_any = "*" in config.cors
    cors_origins = {origin_key(o) for o in config.cors if o != "*"} - {None}  # None: Origin "null" and the like
    page = query_page()

    def cors_allowed(origin: str | None) -> bool:
        return origin is not None and (cors_any or origin_key(origin) in cors_origins)

    def our_host(value: str | None, port: int, default_port: int) -> bool:
        name, given = _host_port(value or "", default_port)
        return name in allowed_hosts and given == port

    def text(status: int, message: str) -> Response:
        return Response(message.rstrip("\n") + "\n", status=status, mimetype="text/plain")

    def sparql_from(request: Request) -> tuple[str, str | None]:
        """('query' | 'update' | 'help', text) from a SPARQL Protocol request."""
        args = request.args
        if request.method == "GET":
            if "update" in args:
                return "update-get", None
            queries = args.getlist("query")
            if not queries:
                return "help", None
            if len(queries) > 1:
                raise ValueError("give one query parameter, not several")
            return "query", queries[0]
        ctype = request.mimetype
        if ctype == "application/sparql-query":
            return "query", request.get_data(as_text=True)
        if ctype == "application/sparql-update":
            return "update", request.get_data(as_text=True)
        if ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = request.form
            has_q, has_u = "query" in form, "update" in form
            if has_q and has_u:
                raise ValueError("give either query or update, not both")
            if has_q or has_u:
                kind = "query" if has_q else "update"
                values = form.getlist(kind)
                if len(values) > 1:
                    raise ValueError(f"give one {kind} parameter, not several")
                return kind, values[0]
            if "query" in args:
                return "query", args["query"]
            raise ValueError("the form has no query or update field")
        raise ValueError(f"unsupported content type {ctype or '(none)'}: use application/sparql-query, "
                         "application/sparql-update or application/x-www-form-urlencoded")

    @Request.application
    def app(request: Request) -> Response:
        request.max_content_length = MAX_BODY
        started = time.monotonic()
        try:
            response = handle(request)
        except HTTPException as err:
            response = text(err.code or 400, err.description or err.name)
        origin = request.headers.get("Origin")
        if config.cors:
            response.vary.add("Origin")
            if cors_allowed(origin):
                response.headers["Access-Control-Allow-Origin"] = "*" if cors_any else origin
                response.headers["Access-Control-Expose-Headers"] = \
                    "X-SPARQL-MaxRows, X-SPARQL-MaxBytes, X-Diplograph-Worker"
        status = response.status_code
        print(f"{request.remote_addr} {request.method} {request.path} {status} "
              f"{(time.monotonic() - started) * 1000:.1f} ms", file=sys.stderr, flush=True)
        return response

    def handle(request: Request) -> Response:
        port = int(request.environ.get("SERVER_PORT") or config.port)
        if not our_host(request.headers.get("Host"), port, 80):
            return text(403, f"host {request.headers.get('Host', '')!r} is not served here "
                             "(a name of this server with its port; more with --allow-host)")
        if request.path not in ("/", "/query", "/sparql", "/update"):
            return text(404, "no such endpoint; use /query or /update")
        if request.method == "OPTIONS":  # a CORS preflight, or a client asking what is allowed
            origin = request.headers.get("Origin")
            if origin is not None and request.headers.get("Access-Control-Request-Method"):
                if not cors_allowed(origin):
                    return text(403, f"cross-origin requests from {origin} are not enabled here "
                                     "(diplograph serve --cors ORIGIN)")
                return Response(status=204, headers={
                    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                    "Access-Control-Allow-Headers": "Accept, Content-Type" + (", Authorization" if config.allow_update
                                                                              else ""),
                    "Access-Control-Max-Age": "600"})
            return Response(status=204, headers={"Allow": "GET, POST, OPTIONS"})
        if request.method not in ("GET", "POST"):
            return text(405, "use GET or POST")
        try:
            kind, sparql = sparql_from(request)
        except ValueError as err:
            return text(400, str(err))
        except UnicodeDecodeError:
            return text(400, "the request body is not UTF-8")
        if kind == "help":  # the service description, the query page or a few lines of help
            base = f"http://{request.host}"
            media = _negotiate(list(request.accept_mimetypes), DESCRIPTION_TYPES) or "text/plain"
            if media == "text/html":
                return Response(page, mimetype="text/html", headers=PAGE_HEADERS)
            if media in GRAPH_TYPES:
                response = Response(service_description(base + "/query", config, media))
                response.content_type = media + ("; charset=utf-8" if media.startswith("text/") else "")
                return response
            return text(200, _HELP.format(base=base, timeout=config.timeout, max_rows=config.max_rows,
                                          max_bytes=config.max_bytes,
                                          updates="enabled" if config.allow_update
                                          else "refused: start the server with --allow-update"))
        if kind in ("update", "update-get"):
            if not config.allow_update:
                return text(403, "this endpoint is read-only; updates need `diplograph serve --allow-update`")
            if kind == "update-get":
                return text(405, "send updates with POST")
            origin = request.headers.get("Origin")
            if origin is not None and origin_key(origin) not in cors_origins:  # never '*' with updates
                parts = urlsplit(origin) if "://" in origin else None
                if parts is None or parts.scheme not in ("http", "https") or not our_host(
                        parts.netloc, port, 443 if parts.scheme == "https" else 80):
                    return text(403, f"cross-origin update from {origin} refused")
            if token is not None:
                scheme, _, given = request.headers.get("Authorization", "").partition(" ")
                if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode("utf-8"), token):
                    return text(401, "this endpoint needs its update token: Authorization: Bearer TOKEN")
            if request.path == "/query":
                return text(400, "send updates to /update")
            for name in ("using-graph-uri", "using-named-graph-uri"):
                if name in request.args:
                    return text(400, f"{name} is not supported")
        elif request.path == "/update":
            return text(400, "send queries to /query")
        try:
            check_sparql(sparql)
        except Refused as err:
            return text(400, str(err))
        job = {"kind": "query" if kind == "query" else "update", "text": sparql,
               "accept": list(request.accept_mimetypes), "max_rows": config.max_rows,
               "max_bytes": config.max_bytes,
               "default_graph": request.args.getlist("default-graph-uri"),
               "named_graphs": request.args.getlist("named-graph-uri")}
        status, ctype, body, headers = pool.run(job)
        response = Response(body, status=status, headers=headers)
        if ctype:
            response.content_type = ctype + ("; charset=utf-8" if ctype.startswith("text/") else "")
        return response

    return app


# ------------------------------------------------------------------ the command
def _prepare_location(config: ServerConfig) -> tuple[str, str | None]:
    """The store folder the workers open, and a temporary folder to delete afterwards."""
    if config.data:
        import gc

        from diplograph.graph.store import open_graph, read_graph

        tmp = tempfile.mkdtemp(prefix="diplograph-serve-")
        try:
            graph = open_graph(os.path.join(tmp, "store"))
            for path in config.data:
                read_graph(path, graph)
            del graph
            gc.collect()  # close the store so that a read-write worker can lock it
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return os.path.join(tmp, "store"), tmp
    if not config.store:
        raise DiplographError("give --store DIR or --data FILE")
    if not os.path.isdir(config.store):
        raise DiplographError(f"no store at {config.store}")
    return config.store, None


def _check_config(config: ServerConfig) -> None:
    import math

    def positive(value, option):
        if not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0):
            raise DiplographError(f"{option} must be a positive number of seconds, not {value!r}")

    positive(config.timeout, "--timeout")
    positive(config.client_timeout, "--client-timeout")
    if config.max_rows < 1:
        raise DiplographError("--max-rows must be at least 1")
    if config.max_bytes < 1024:
        raise DiplographError("--max-bytes must be at least 1024")
    if config.max_memory < 256 * 2**20:
        raise DiplographError("--max-memory must be at least 256 MB")
    if not 0 <= config.port <= 65535:
        raise DiplographError(f"--port must be between 0 and 65535, not {config.port}")
    if config.workers < 1:
        raise DiplographError("--workers must be at least 1")
    for origin in config.cors:
        if origin == "*":
            if config.allow_update:
                raise DiplographError("--cors '*' cannot go with --allow-update: name the origins that may update")
        elif origin_key(origin) is None:
            raise DiplographError(f"--cors {origin!r} is not an origin: give scheme, host and port, such as "
                                  "http://localhost:8080, or '*'")
    if config.allow_update and not config.update_token and not is_loopback(config.host):
        raise DiplographError(f"--allow-update on {config.host or 'all addresses'} needs an update token: "
                              f"--update-token TOKEN or ${UPDATE_TOKEN_ENV}")


def _bounded_server(app, config: ServerConfig):
    """A waitress server that closes idle connections and requests that arrive too slowly, and
    takes at most :data:`MAX_CONNECTIONS_PER_CLIENT` connections from one address."""
    from waitress import create_server
    from waitress.channel import HTTPChannel

    per_client: dict[str, int] = {}
    lock = threading.Lock()

    class BoundedChannel(HTTPChannel):
        def __init__(self, server, sock, addr, adj, map=None):
            self.client = addr[0] if isinstance(addr, tuple) else str(addr)
            self.progress = time.time()  # the last time a whole request arrived or was answered
            with lock:
                per_client[self.client] = per_client.get(self.client, 0) + 1
                over = per_client[self.client] > MAX_CONNECTIONS_PER_CLIENT
            super().__init__(server, sock, addr, adj, map)
            if over:
                self.handle_close()

        def received(self, data):
            before = len(self.requests)
            result = super().received(data)
            if len(self.requests) > before:
                self.progress = time.time()
            return result

        def service(self):
            try:
                return super().service()
            finally:
                self.progress = time.time()

        def del_channel(self, map=None):
            with lock:
                if getattr(self, "client", None) in per_client:
                    per_client[self.client] -= 1
                    if per_client[self.client] <= 0:
                        del per_client[self.client]
                    self.client = None
            super().del_channel(map)

    server = create_server(app, host=config.host, port=config.port, threads=config.threads, ident="diplograph",
                           connection_limit=MAX_CONNECTIONS, channel_timeout=config.client_timeout,
                           cleanup_interval=max(0.2, min(config.client_timeout / 4, 5.0)),
                           asyncore_use_poll=True)  # poll(): no 1024-descriptor ceiling of select()
    server.channel_class = BoundedChannel
    idle_cleanup = server.maintenance

    def maintenance(now):
        idle_cleanup(now)  # idle keep-alive connections
        cutoff = now - config.client_timeout
        for channel in list(server.active_channels.values()):  # a request that trickles in
            if not channel.requests and getattr(channel, "progress", now) < cutoff:
                channel.will_close = True

    server.maintenance = maintenance
    return server


def serve(config: ServerConfig, *, ready=None) -> None:
    """Serve ``config`` until SIGINT or SIGTERM. ``ready(url)`` is called once listening."""
    _check_config(config)
    location, tmp = _prepare_location(config)
    pool = None
    try:
        pool = QueryPool(location, read_only=not config.allow_update,
                         size=1 if config.allow_update else config.workers, timeout=config.timeout,
                         max_memory=config.max_memory, watch=tmp is None)
        if pool.warning:
            print(f"diplograph serve: warning: {pool.warning}", file=sys.stderr)
        try:
            server = _bounded_server(make_app(pool, config), config)
        except OSError as err:
            raise DiplographError(f"cannot listen on {config.host}:{config.port}: {err.strerror}") from None
        host = f"[{config.host}]" if ":" in config.host else config.host
        url = f"http://{host}:{server.effective_port}/query"
        if not is_loopback(config.host):
            print(f"diplograph serve: warning: listening on {config.host or 'all addresses'}, reachable from "
                  f"other machines{' (updates need the token)' if config.allow_update else ''}", file=sys.stderr)

        def stop(signum, frame):
            raise KeyboardInterrupt

        main_thread = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGTERM, stop) if main_thread else None
        print(f"diplograph: serving SPARQL at {url} ({'read-write' if config.allow_update else 'read-only'}, "
              f"timeout {config.timeout:g} s, max {config.max_rows} rows)", file=sys.stderr, flush=True)
        if ready:
            ready(url)
        try:
            server.run()
        except KeyboardInterrupt:
            pass
        finally:
            if main_thread:
                signal.signal(signal.SIGTERM, previous)
            server.close()
    finally:
        if pool is not None:
            pool.close()
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
