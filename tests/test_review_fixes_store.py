"""Review fixes in the store, the ingest sinks and the server: a remote answer the server cut or
that broke off is an error, never a silently smaller graph; redirects never carry the token; a
remote load keeps a blank node whole."""

from __future__ import annotations

import gc
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pyoxigraph as ox
import pytest
from rdflib import Graph
from test_corpus import run
from test_server import running_server

from diplograph.graph.store import EndpointStore, open_graph, write_graph
from diplograph.loaders.records import DiplographError


@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    """A store of 30 triples on disk, closed again."""
    path = tmp_path_factory.mktemp("cut") / "store"
    graph = open_graph(path)
    graph.store._inner.load("".join(f"<http://example.org/s{i}> <http://example.org/p> \"{i}\" .\n"
                                    for i in range(30)).encode(), format=ox.RdfFormat.N_TRIPLES)
    del graph
    gc.collect()
    return path


def test_an_export_from_a_server_that_cut_its_answer_fails_and_writes_nothing(small_store, tmp_path):
    with running_server(tmp_path, "--store", str(small_store), "--max-rows", "10") as url:
        out = tmp_path / "out" / "x.nt"
        res = run("export", "--store", url, "-o", out)
        assert res.returncode != 0 and "Traceback" not in res.stderr, res.stderr
        assert res.stderr.count("\n") == 1 and "cut its answer at 10 rows" in res.stderr, res.stderr
        assert not out.exists() and not (out.parent.exists() and list(out.parent.iterdir()))
        res = run("query", "SELECT ?s WHERE { ?s ?p ?o }", "--store", url)
        assert res.returncode != 0 and res.stderr.count("\n") == 1 and "--max-rows" in res.stderr, res.stderr


class _Short(BaseHTTPRequestHandler):
    """Announces more N-Triples than it sends, then hangs up."""

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = b"".join(b"<http://example.org/s%d> <http://example.org/p> \"x\" .\n" % i for i in range(20))
        self.send_response(200)
        self.send_header("Content-Type", "application/n-triples")
        self.send_header("Content-Length", str(len(body) * 2))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()
        self.connection.shutdown(socket.SHUT_RDWR)
        self.close_connection = True

    def log_message(self, *args):
        pass


@pytest.fixture
def short_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Short)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/query"
    server.shutdown()
    server.server_close()


def test_a_graph_that_breaks_off_is_an_error_and_writes_nothing(short_server, tmp_path):
    graph = Graph(store=EndpointStore(short_server, timeout=10))
    out = tmp_path / "x.nt"
    with pytest.raises(DiplographError, match="broke off"):
        write_graph(graph, out, "nt")
    assert not list(tmp_path.iterdir())


# ------------------------------------------------------------------ ingest sinks
def _report(n: int):
    import datetime as dt

    from diplograph.loaders.records import Actor, Article, StanceMention

    fra, aze, day = Actor("FRA", "France", "State", "FRA"), Actor("AZE", "Azerbaijan", "State", "AZE"), dt.date(2023, 9, 19)
    text = f"Outlet {n}: France condemns Azerbaijan."
    art = Article(text, day, f"outlet-{n}")
    return art, [StanceMention(fra, "condemns", aze, text, 0, len(text), day, 0.9, "test", article=art.hash)]


def test_replace_flushes_the_store_as_add_does(tmp_path):
    from diplograph.graph.ingest import OxigraphSink, article_payload

    sink = OxigraphSink(tmp_path / "store")
    try:
        flushes = []
        sink._flush_store = lambda: flushes.append(sink.unflushed)
        sink.FLUSH_EVERY = 5
        art, stances = _report(1)
        payload = article_payload(art, stances)
        assert len(payload.lines) >= 5
        sink.add(payload)
        assert len(flushes) == 1
        for _ in range(3):
            sink.replace(payload)
        assert len(flushes) == 4 and sink.unflushed == 0
    finally:
        del sink._flush_store
        sink.close()


@pytest.mark.parametrize("mode", ["force", "reextract"])
def test_a_repeated_text_is_replaced_once_and_counted_present(tmp_path, mode):
    from diplograph.graph.ingest import OxigraphSink, article_payload, ingest

    reports = {art.hash: (art, stances) for art, stances in (_report(1), _report(2))}
    arts = [a for a, _ in reports.values()]

    def extract(articles):
        for a in articles:
            yield article_payload(a, reports[a.hash][1])

    sink = OxigraphSink(tmp_path / "store")
    try:
        first = ingest(arts, sink, extract, report=lambda _: None)
        assert (first.ingested, first.present) == (2, 0)
        replaced = []
        real = sink.replace
        sink.replace = lambda p: (replaced.append(p.hash), real(p))[1]
        kwargs = {"force": True} if mode == "force" else {"reextract": "a-new-extractor"}
        again = ingest([arts[0], arts[1], arts[0]], sink, extract, report=lambda _: None, **kwargs)
        assert sorted(replaced) == sorted(reports)
        assert (again.ingested, again.reextracted, again.present) == (2, 2, 1)
    finally:
        sink.close()


# ------------------------------------------------------------------ redirects
class _Recorder(BaseHTTPRequestHandler):
    seen: ClassVar[list] = []

    def do_POST(self):
        type(self).seen.append(self.headers.get("Authorization"))
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        body = b'{"head": {}, "boolean": true}'
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def _serve(handler):
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_a_redirect_is_refused_and_the_token_goes_nowhere(monkeypatch):
    from diplograph.graph.store import UPDATE_TOKEN_ENV, sparql_post

    target = _serve(_Recorder)
    location = f"http://127.0.0.1:{target.server_address[1]}/query"

    class Redirect(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.send_response(307)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    origin = _serve(Redirect)
    url = f"http://127.0.0.1:{origin.server_address[1]}/query"
    monkeypatch.setenv(UPDATE_TOKEN_ENV, "secret")
    try:
        with pytest.raises(DiplographError) as err:
            sparql_post(url, "ASK {}", "application/sparql-query")
        assert str(err.value) == f"{url} redirects to {location}; give the final URL"
        assert _Recorder.seen == []
        assert sparql_post(location, "ASK {}", "application/sparql-query")  # the final URL itself answers
        assert _Recorder.seen == ["Bearer secret"]
    finally:
        for s in (origin, target):
            s.shutdown()
            s.server_close()


# ------------------------------------------------------------------ remote load
def test_a_remote_load_keeps_a_blank_node_with_600_properties_one_node(tmp_path):
    from test_scaleout import oxigraph_server, sparql

    data = tmp_path / "bnode.nt"
    data.write_text("".join(f'_:thing <http://example.org/p{i}> "{i}" .\n' for i in range(600))
                    + "".join(f'<http://example.org/s{i}> <http://example.org/q> "{i}" .\n' for i in range(700))
                    + '<http://example.org/s0> <http://example.org/link> _:thing .\n', encoding="utf-8")
    with oxigraph_server(tmp_path / "db") as url:
        res = run("load", data, "--store", url)
        assert res.returncode == 0, res.stderr
        assert "loaded 1301 triples" in res.stderr
        [row] = sparql(url, "SELECT (COUNT(DISTINCT ?b) AS ?n) (COUNT(*) AS ?t) WHERE { ?b ?p ?o FILTER isBlank(?b) }")
        assert (row["n"], row["t"]) == ("1", "600")
        [row] = sparql(url, "SELECT (COUNT(*) AS ?n) WHERE { <http://example.org/s0> <http://example.org/link> ?b . "
                            "?b <http://example.org/p599> ?o }")
        assert row["n"] == "1"


class _WritesButCannotCount(BaseHTTPRequestHandler):
    """Takes every update and answers the opening ASK; a COUNT(*) times out (503), as it may over a
    big store."""

    def do_POST(self):
        query = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        status = 204 if self.path == "/update" else 200 if query.startswith(b"ASK") else 503
        self.send_response(status)
        body = {204: b"", 200: b'{"head": {}, "boolean": true}'}.get(status, b"query timed out after 1 s")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_a_finished_remote_load_is_not_failed_by_its_closing_count(tmp_path):
    data = tmp_path / "x.nt"
    data.write_text("".join(f'<http://example.org/s{i}> <http://example.org/p> "{i}" .\n' for i in range(3)))
    server = _serve(_WritesButCannotCount)
    try:
        res = run("load", data, "--store", f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()
    assert res.returncode == 0, res.stderr
    assert res.stderr == "loaded 3 triples from 1 file(s)\n"


# ------------------------------------------------------------------ server workers
def test_a_replacement_worker_that_fails_to_start_is_tried_again(small_store, monkeypatch):
    from diplograph.graph import server

    pool = server.QueryPool(str(small_store), read_only=True, size=1, timeout=15)
    try:
        real, failures = pool._spawn, []

        def flaky():
            if len(failures) < 2:
                failures.append(1)
                raise DiplographError("cannot open store: injected")
            return real()

        pool._spawn = flaky
        worker = pool._idle.get(timeout=5)
        pool._replace(worker)  # as after a timed-out job
        status, _, body, _ = pool.run({"kind": "query", "text": "ASK { ?s ?p ?o }", "accept": [], "max_rows": 10})
        assert (status, len(failures)) == (200, 2), body
    finally:
        pool.close()


def test_a_read_only_view_reruns_a_query_only_when_the_store_moved(small_store, tmp_path):
    from diplograph.graph.server import _skeleton, _view_went_stale, store_state

    folder = tmp_path / "copy"
    folder.mkdir()
    (folder / "000001.sst").write_bytes(b"x")
    opened = _skeleton(store_state(str(folder)))
    refused = OSError("error sending request for url (http://127.0.0.1:9/): Connection refused")
    assert not _view_went_stale(str(folder), opened, refused)  # the query's own failure: not run twice
    assert _view_went_stale(str(folder), opened, RuntimeError("IO error: No such file or directory: 000001.sst"))
    (folder / "000002.sst").write_bytes(b"y")  # a compaction wrote a new file
    assert _view_went_stale(str(folder), opened, refused)
