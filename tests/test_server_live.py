"""Issue 15, the server half: a store fed while it is served, and an endpoint browsers and other
SPARQL clients can use (CORS, service description, query page, ASK as CSV/TSV).

The live test runs a real ``diplograph ingest`` into the folder a real ``diplograph serve`` with
three workers serves, while two threads keep counting and a third makes a worker be replaced; the
browser test loads the server's own query page in headless Chromium (Debian package, installed
here when missing) from another origin and reads the table its JavaScript filled in.
"""

from __future__ import annotations

import functools
import gc
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF
from stance_fixtures import fixture_graph
from test_server import free_port, http, running_server

from diplograph.graph.cookbook import list_queries
from diplograph.graph.server import write_solutions
from diplograph.graph.store import open_graph

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "karabakh-2023-09-19.txt"
WORKERS = 3
NOISE = 3000  # unrelated triples that make the expensive query expensive
EXPENSIVE = ("SELECT (COUNT(*) AS ?n) WHERE { ?a <http://example.org/p0> ?x . ?b <http://example.org/p1> ?y . "
             "?c <http://example.org/p2> ?z FILTER (?x + ?y + ?z > 0) }")
COUNTS = ("PREFIX dg: <https://w3id.org/diplograph/ontology#> SELECT ?triples ?articles WHERE { "
          "{ SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o } } { SELECT (COUNT(?a) AS ?articles) WHERE { ?a a dg:Article } } }")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """A store folder holding the fixture graph and some noise, closed again."""
    path = tmp_path_factory.mktemp("live") / "store"
    graph = open_graph(path)
    graph.addN((s, p, o, graph) for s, p, o in fixture_graph())
    graph.store._inner.load("".join(f'<http://example.org/s{i}> <http://example.org/p{i % 3}> "{i}"'
                                    f'^^<http://www.w3.org/2001/XMLSchema#integer> .\n' for i in range(NOISE)).encode(),
                            format=ox.RdfFormat.N_TRIPLES)
    del graph
    gc.collect()
    return path


class Static:
    """A plain static web server on its own port: another origin for the browser test."""

    def __init__(self, folder: Path):
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """Two static origins: the first is named in the server's --cors, the second is not."""
    folder = tmp_path_factory.mktemp("pages")
    allowed, other = Static(folder), Static(folder)
    yield folder, allowed, other
    allowed.close()
    other.close()


@pytest.fixture(scope="module")
def served(store, pages, tmp_path_factory):
    _, allowed, _ = pages
    with running_server(tmp_path_factory.mktemp("live-log"), "--store", str(store), "--workers", str(WORKERS),
                        "--timeout", "2", "--cors", allowed.origin) as url:
        yield url


def ask(url: str, query: str, accept: str = "application/sparql-results+json", method: str = "GET"):
    if method == "GET":
        return http(url + "/query?" + urllib.parse.urlencode({"query": query}), headers={"Accept": accept})
    return http(url + "/query", {"query": query}, headers={"Accept": accept})


def counts(url: str) -> tuple[int, int, str]:
    """(triples, articles, worker) from one request."""
    status, headers, body = ask(url, COUNTS, method="POST")
    assert status == 200, body
    row = json.loads(body)["results"]["bindings"][0]
    return int(row["triples"]["value"]), int(row["articles"]["value"]), headers["X-Diplograph-Worker"]


def corpus(tmp_path: Path) -> Path:
    """The example article cut into one article per paragraph: an ingest of several commits."""
    path = tmp_path / "feed.jsonl"
    lines = [line for line in EXAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) >= 5
    path.write_text("".join(json.dumps({"text": t, "date": "2023-09-19"}) + "\n" for t in lines), encoding="utf-8")
    return path


# ------------------------------------------------------------------ live serving
def test_an_ingest_into_the_served_store_shows_on_every_worker_and_counts_never_go_down(served, store, tmp_path):
    seen: dict[str, tuple[int, int]] = {}
    for _ in range(10 * WORKERS):  # every worker answers once before the ingest: each holds a view
        triples, articles, worker = counts(served)
        seen[worker] = (triples, articles)
        if len(seen) == WORKERS:
            break
    assert len(seen) == WORKERS and len(set(seen.values())) == 1
    before_triples, before_articles = next(iter(seen.values()))

    records: list[tuple[float, float, int, int]] = []  # (sent, answered, triples, articles)
    lock, stop = threading.Lock(), threading.Event()
    errors: list[BaseException] = []

    def poll():
        try:
            while not stop.is_set():
                sent = time.monotonic()
                triples, articles, _ = counts(served)
                with lock:
                    records.append((sent, time.monotonic(), triples, articles))
        except BaseException as err:  # reported by the main thread
            errors.append(err)

    def replace_a_worker():
        status, _, body = ask(served, EXPENSIVE, method="POST")  # killed at --timeout, then replaced
        if status != 503:
            errors.append(AssertionError(f"the expensive query was not stopped: {status} {body[:200]}"))

    threads = [threading.Thread(target=poll) for _ in range(2)] + [threading.Thread(target=replace_a_worker)]
    for t in threads:
        t.start()
    try:
        feed = corpus(tmp_path)
        run = subprocess.run([sys.executable, "-m", "diplograph.graph.cli", "ingest", str(feed), "--store", str(store),
                              "--quiet"], capture_output=True, text=True, timeout=600)
        finished = time.monotonic()
    finally:
        stop.set()
        for t in threads:
            t.join(120)
    assert run.returncode == 0, run.stderr
    assert not errors, errors
    n_new = int(run.stderr.split("ingested ", 1)[1].split()[0])
    assert n_new >= 5

    # every query after the ingest sees all of it, the first one included, whichever worker answers;
    # the loop waits (30 s at most) until every worker has answered, the replaced one included
    after: dict[str, tuple[int, int]] = {}
    while len(after) < WORKERS:
        triples, articles, worker = counts(served)
        assert articles == before_articles + n_new, (worker, articles)
        after[worker] = (triples, articles)
        if time.monotonic() > finished + 30:
            pytest.fail(f"only workers {sorted(after)} answered in 30 s")
    assert len(set(after.values())) == 1
    assert after.keys() != seen.keys(), "no worker was replaced during the ingest"
    total = next(iter(after.values()))[0]
    assert total > before_triples

    # a count taken after another was answered is never smaller, whichever worker gave each
    assert len(records) >= 4
    for sent, _, triples, articles in records:
        earlier = [r for r in records if r[1] < sent]
        assert all(triples >= r[2] and articles >= r[3] for r in earlier), (sent, triples, articles)
        assert before_triples <= triples <= total
    assert {r[3] for r in records} != {before_articles}, "the counting threads saw no commit"


def _reopening_writer(location: str, stop) -> None:
    """Open the store, commit one triple, close it, again and again: each open recovers the log
    into a new table file and a new manifest and removes the old files (what an ingest does once)."""
    i = 0
    while not stop.is_set():
        store = ox.Store(location)
        store.update(f"INSERT DATA {{ <http://example.org/w{i}> <http://example.org/written> {i} }}")
        del store
        gc.collect()
        i += 1
        time.sleep(0.05)


def test_views_opened_beside_a_reopening_writer_never_go_back(tmp_path):
    """A plain read-only open beside such a writer sometimes sees less than the one before (even
    an empty store) or fails; the worker's ``_open_view`` keeps a view only when the files stood
    still while it opened, so its counts never go down."""
    import multiprocessing as mp

    from diplograph.graph.server import _open_view

    location = str(tmp_path / "store")
    store = ox.Store(location)
    store.load("".join(f'<http://example.org/s{i}> <http://example.org/p> "{i}" .\n' for i in range(2000)).encode(),
               format=ox.RdfFormat.N_TRIPLES)
    del store
    gc.collect()
    ctx = mp.get_context("spawn")
    stop = ctx.Event()
    writer = ctx.Process(target=_reopening_writer, args=(location, stop), daemon=True)
    writer.start()
    counts_seen = []
    try:
        end = time.monotonic() + 20  # a bound, not a speed claim: the more views, the surer the test
        while len(counts_seen) < 150 and time.monotonic() < end:
            view = _open_view(location)
            counts_seen.append(len(view))
            del view
    finally:
        stop.set()
        writer.join(30)
    assert len(counts_seen) >= 10
    assert all(n >= 2000 for n in counts_seen)
    assert counts_seen == sorted(counts_seen), counts_seen
    assert counts_seen[-1] > counts_seen[0]  # the writer did write meanwhile


# ------------------------------------------------------------------ the standard endpoint
@pytest.mark.parametrize("accept, fmt", [("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
                                         ("application/n-triples", "nt"), (None, "turtle")])
def test_the_service_description_parses_as_rdf(served, accept, fmt):
    status, headers, body = http(served + "/query", headers={"Accept": accept} if accept else {})
    assert status == 200 and headers["Content-Type"].split(";")[0] == (accept or "text/turtle")
    graph = Graph().parse(data=body, format=fmt)
    service = graph.value(predicate=RDF.type, object=SD.Service)
    assert service is not None
    assert graph.value(service, SD.endpoint) == URIRef(served + "/query")
    assert set(graph.objects(service, SD.supportedLanguage)) == {SD.SPARQL11Query}  # read-only
    formats = {str(f).rsplit("/", 1)[1] for f in graph.objects(service, SD.resultFormat)}
    assert {"SPARQL_Results_JSON", "SPARQL_Results_CSV", "Turtle", "JSON-LD"} <= formats
    dataset = graph.value(service, SD.defaultDataset)
    assert (graph.value(dataset, SD.defaultGraph), RDF.type, SD.Graph) in graph


def test_the_query_page_is_self_contained_and_lists_the_named_queries(served):
    status, headers, page = http(served + "/", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    for q in list_queries():
        assert f'"name": "{q.name}"' in page
    assert "__NAMED_QUERIES__" not in page
    assert "src=" not in page and "href=" not in page  # no outside script, style or link: works offline
    status, headers, body = http(served + "/query", headers={"Accept": "text/plain"})
    assert status == 200 and "SPARQL 1.1 Protocol" in body


@pytest.mark.parametrize("accept, expected", [("text/csv", "true"), ("text/tab-separated-values", "true"),
                                              ("application/sparql-results+json", '{"head":{},"boolean":true}')])
def test_ask_in_every_result_format(served, accept, expected):
    status, headers, body = ask(served, "ASK { ?s ?p ?o }", accept)
    assert status == 200 and headers["Content-Type"].split(";")[0] == accept
    assert body.strip() == expected
    status, _, body = ask(served, "ASK { <http://example.org/none> ?p ?o }", accept)
    assert status == 200 and ("false" in body)


def test_cors_answers_the_named_origin_only(served, pages):
    _, allowed, other = pages
    q = "/query?" + urllib.parse.urlencode({"query": "ASK {}"})
    status, headers, _ = http(served + q, headers={"Origin": allowed.origin})
    assert status == 200 and headers["Access-Control-Allow-Origin"] == allowed.origin
    assert "X-SPARQL-MaxRows" in headers["Access-Control-Expose-Headers"] and "Origin" in headers["Vary"]
    status, headers, _ = http(served + q, headers={"Origin": other.origin})
    assert status == 200 and "Access-Control-Allow-Origin" not in headers
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    status, headers, _ = http(served + "/query", headers={"Origin": allowed.origin, **preflight}, method="OPTIONS")
    assert status == 204 and headers["Access-Control-Allow-Origin"] == allowed.origin
    assert "POST" in headers["Access-Control-Allow-Methods"] and "Content-Type" in headers["Access-Control-Allow-Headers"]
    assert "Authorization" not in headers["Access-Control-Allow-Headers"]  # read-only: no token to send
    status, headers, body = http(served + "/query", headers={"Origin": other.origin, **preflight}, method="OPTIONS")
    assert status == 403 and "--cors" in body and "Access-Control-Allow-Origin" not in headers
    status, headers, _ = http(served + "/query", method="OPTIONS")
    assert status == 204 and "POST" in headers["Allow"]


def test_cors_is_off_by_default_and_cross_origin_updates_stay_refused(tmp_path, store, pages):
    _, allowed, other = pages
    folder = tmp_path / "rw"
    shutil.copytree(store, folder)
    (folder / "LOCK").unlink(missing_ok=True)
    with running_server(tmp_path, "--store", str(folder)) as url:
        status, headers, _ = http(url + "/query?query=ASK%7B%7D", headers={"Origin": allowed.origin})
        assert status == 200 and "Access-Control-Allow-Origin" not in headers
        status, _, _ = http(url + "/query", headers={"Origin": allowed.origin, "Access-Control-Request-Method": "POST"},
                            method="OPTIONS")
        assert status == 403
    with running_server(tmp_path, "--store", str(folder), "--allow-update", "--cors", allowed.origin) as url:
        update = {"update": "INSERT DATA { <http://example.org/from> <http://example.org/page> 1 }"}
        status, _, body = http(url + "/update", update, headers={"Origin": other.origin})
        assert status == 403 and "cross-origin" in body
        status, headers, _ = http(url + "/update", update, headers={"Origin": allowed.origin})
        assert status == 204 and headers["Access-Control-Allow-Origin"] == allowed.origin
        status, headers, _ = http(url + "/update", headers={"Origin": allowed.origin,
                                                            "Access-Control-Request-Method": "POST"}, method="OPTIONS")
        assert status == 204 and "Authorization" in headers["Access-Control-Allow-Headers"]
        status, _, body = http(url + "/query", headers={"Accept": "text/turtle"})
        graph = Graph().parse(data=body, format="turtle")
        assert set(graph.objects(None, SD.supportedLanguage)) == {SD.SPARQL11Query, SD.SPARQL11Update}


@pytest.mark.parametrize("argv, message", [
    (["--cors", "*", "--allow-update"], "--cors '*' cannot go with --allow-update"),
    (["--cors", "localhost:8080"], "is not an origin"),
    (["--cors", "http://localhost:8080/page"], "is not an origin"),
])
def test_bad_cors_options_are_one_line(store, argv, message):
    out = subprocess.run([sys.executable, "-m", "diplograph.graph.cli", "serve", "--store", str(store),
                          "--port", str(free_port()), *argv], capture_output=True, text=True, timeout=120)
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and message in out.stderr, out.stderr


def test_select_writers_agree_with_pyoxigraphs_own():
    """The streaming writers (needed for --max-rows and --max-bytes) give what pyoxigraph's
    serialiser gives, read back by pyoxigraph's parser: same variables, same terms."""
    data = ox.Store()
    data.update(r'''INSERT DATA { <http://a> <http://p> "x,y \"q\""@en , 3 , "2023-09-19"^^<http://www.w3.org/2001/XMLSchema#date> ,
                    _:b , "tab\there\nline" , "Łódź <&>" , <http://b> . }''')
    query = "SELECT ?s ?o ?none WHERE { ?s ?p ?o OPTIONAL { ?o ?x ?none } } ORDER BY STR(?o)"
    for media in ("application/sparql-results+json", "application/sparql-results+xml", "text/tab-separated-values",
                  "text/csv"):
        fmt = ox.QueryResultsFormat.from_media_type(media)
        result = data.query(query)
        names = [v.value for v in result.variables]
        ours, headers = write_solutions(names, ([s[v] for v in names] for s in result), media)
        theirs = data.query(query).serialize(format=fmt)
        assert headers == {}
        if media == "text/csv":  # lossy by design, so pyoxigraph reads none back: the same bytes
            assert ours == theirs
            continue
        parsed = [list(ox.parse_query_results(text, format=fmt)) for text in (ours, theirs)]
        assert [[s[v] for v in names] for s in parsed[0]] == [[s[v] for v in names] for s in parsed[1]]
        assert len(parsed[0]) == 7


# ------------------------------------------------------------------ in a browser
@functools.cache
def chromium() -> tuple[str | None, str]:
    """``(binary, "")`` for Chromium, installed from Debian when missing, or ``(None, why not)``."""
    found = shutil.which("chromium")
    if found:
        return found, ""
    apt = shutil.which("apt-get")
    if apt is None or os.geteuid() != 0:
        return None, "chromium is missing and cannot be installed here (no apt-get, or not root)"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        out = subprocess.run([apt, "install", "-y", "--no-install-recommends", "chromium"], capture_output=True,
                             text=True, timeout=900, env=env)
        if out.returncode != 0:  # a fresh machine may have no package lists yet
            subprocess.run([apt, "update"], capture_output=True, text=True, timeout=600, env=env)
            out = subprocess.run([apt, "install", "-y", "--no-install-recommends", "chromium"],
                                 capture_output=True, text=True, timeout=900, env=env)
    except subprocess.TimeoutExpired:
        return None, "apt-get install chromium took more than 15 minutes"
    if out.returncode != 0 or not shutil.which("chromium"):
        return None, f"apt-get install chromium failed: {(out.stderr.strip().splitlines() or ['?'])[-1]}"
    return shutil.which("chromium"), ""


def browse(url: str, tmp_path: Path) -> str:
    """The DOM of ``url`` after its scripts ran (their requests included), from headless Chromium."""
    binary, why_not = chromium()
    if binary is None:
        print(f"skipping the browser test: {why_not}", file=sys.stderr)
        pytest.skip(why_not)
    profile = tmp_path / f"profile-{time.monotonic_ns()}"
    out = subprocess.run([binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=15000",
                          "--dump-dom", url], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


def table_rows(dom: str) -> list[list[str]]:
    from html.parser import HTMLParser

    class Cells(HTMLParser):
        def __init__(self):
            super().__init__()
            self.rows, self.cell, self.inside = [], None, False

        def handle_starttag(self, tag, attrs):
            if tag == "table" and ("id", "results") in attrs:
                self.inside = True
            elif self.inside and tag == "tr":
                self.rows.append([])
            elif self.inside and tag in ("td", "th"):
                self.cell = ""

        def handle_endtag(self, tag):
            if tag == "table":
                self.inside = False
            elif self.inside and tag in ("td", "th") and self.cell is not None:
                self.rows[-1].append(self.cell)
                self.cell = None

        def handle_data(self, data):
            if self.cell is not None:
                self.cell += data

    parser = Cells()
    parser.feed(dom)
    return parser.rows


def test_the_query_page_runs_its_query_from_another_origin_in_chromium(served, pages, tmp_path):
    folder, allowed, other = pages
    status, _, page = http(served + "/", headers={"Accept": "text/html"})
    assert status == 200
    (folder / "page.html").write_text(page, encoding="utf-8")
    query = "SELECT ?label WHERE { ?a a <https://w3id.org/diplograph/ontology#State> ; " \
            "<http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?label"
    fragment = urllib.parse.urlencode({"endpoint": served + "/query", "query": query, "run": ""})
    expected = [["label"], *[[label] for label in ("Armenia", "Azerbaijan", "France", "Russia", "Turkey")]]

    dom = browse(f"{allowed.origin}/page.html#{fragment}", tmp_path)  # a cross-origin POST with a preflight
    assert 'data-state="done"' in dom, dom[-1500:]
    assert table_rows(dom) == expected

    dom = browse(f"{other.origin}/page.html#{fragment}", tmp_path)  # an origin not named in --cors
    assert 'data-state="error"' in dom and table_rows(dom) == []

    dom = browse(served + "/#" + urllib.parse.urlencode({"query": query, "run": ""}), tmp_path)  # same origin
    assert table_rows(dom) == expected
