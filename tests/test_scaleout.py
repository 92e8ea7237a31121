"""Scale-out: extraction on a Dask cluster, writes to a real SPARQL server (`oxigraph serve`)."""

from __future__ import annotations

import contextlib
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from test_corpus import DIPLOGRAPH, ROOT, load_make_corpus, run, summary

from diplograph.graph.ingest import MAX_REQUEST_TRIPLES, Payload, SparqlSink

OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
N = 120


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sparql(url: str, query: str) -> list[dict]:
    req = urllib.request.Request(url + "/query", data=query.encode(), method="POST",
                                 headers={"Content-Type": "application/sparql-query",
                                          "Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return [{k: v["value"] for k, v in b.items()} for b in json.load(resp)["results"]["bindings"]]


@contextlib.contextmanager
def oxigraph_server(location: Path):
    """A real `oxigraph serve` on a free loopback port over ``location``, ready; always killed."""
    if not Path(OXIGRAPH).exists():
        pytest.skip("the oxigraph server (PyPI 'oxigraph', a dev dependency) is not installed")
    port = free_port()
    proc = subprocess.Popen([OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                sparql(url, "SELECT * WHERE { ?s ?p ?o } LIMIT 1")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"oxigraph serve did not start: {proc.stderr.read().decode()[:300]}")
                time.sleep(0.05)
        yield url
    finally:
        proc.kill()
        proc.wait(timeout=10)


@pytest.fixture
def server(tmp_path):
    with oxigraph_server(tmp_path / "server-db") as url:
        yield url


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as lc:
        yield lc.scheduler_address


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return load_make_corpus().write_corpus(tmp_path_factory.mktemp("scale") / "news.jsonl", N, "jsonl", seed=7)


def test_dask_workers_extract_and_a_sparql_server_receives(tmp_path, server, cluster, corpus):
    first = run("ingest", corpus, "--scheduler", cluster, "--store", server, "--batch-size", "16", timeout=180)
    assert first.returncode == 0, first.stderr
    assert summary(first.stderr) == (N, 0, 0)
    [row] = sparql(server, "PREFIX dg: <https://w3id.org/diplograph/ontology#> "
                           "SELECT (COUNT(?a) AS ?n) WHERE { ?a a dg:Article ; dg:contentHash ?h }")
    assert int(row["n"]) == N
    edges = sparql(server, "PREFIX dg: <https://w3id.org/diplograph/ontology#> "
                           "SELECT ?e ?c WHERE { ?e a dg:StanceEdge ; dg:count ?c } ORDER BY DESC(?c)")
    assert edges and int(edges[0]["c"]) > 1  # the same stance from several articles, counted once

    # the same corpus extracted locally into an embedded store gives the same triples
    local = run("ingest", corpus, "--store", tmp_path / "local", "--quiet")
    assert local.returncode == 0, local.stderr
    with urllib.request.urlopen(server + "/store?default", timeout=30) as resp:
        served = {line for line in resp.read().decode().splitlines() if line.strip()}
    import pyoxigraph as ox

    store = ox.Store.read_only(str(tmp_path / "local"))
    embedded = {str(q.triple) + " ." for q in store}
    assert served == embedded

    second = run("ingest", corpus, "--scheduler", cluster, "--store", server, timeout=120)
    assert second.returncode == 0, second.stderr
    assert summary(second.stderr) == (0, N, 0)


def test_an_article_larger_than_a_request_is_marked_present_last(server):
    sink = SparqlSink(server)
    lines = tuple(f"<http://x/s{i}> <http://x/p> \"{i}\" ." for i in range(2 * MAX_REQUEST_TRIPLES + 7))
    h = "a" * 64
    marker = f'<http://x/a> <https://w3id.org/diplograph/ontology#contentHash> "{h}" .'
    payload = Payload(h, "big", 0, (*lines, marker), ())
    posts = []
    real_update = sink.update
    sink.update = lambda q: (posts.append(q), real_update(q))
    assert sink.add(payload) == [payload]
    assert len(posts) == 3 and h in posts[-1] and all(h not in p for p in posts[:-1])
    assert sink.present([h, "b" * 64]) == {h}
    [row] = sparql(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://x/p> ?o }")
    assert int(row["n"]) == len(lines)


def test_unreachable_server_and_scheduler_are_one_line_errors(tmp_path, corpus):
    port = free_port()
    res = run("ingest", corpus, "--store", f"http://127.0.0.1:{port}")
    assert res.returncode == 2 and "cannot reach" in res.stderr and "Traceback" not in res.stderr
    res = subprocess.run([*DIPLOGRAPH, "ingest", str(corpus), "--store", str(tmp_path / "s"),
                          "--scheduler", f"tcp://127.0.0.1:{port}"], capture_output=True, text=True,
                         timeout=120, cwd=ROOT, check=False)
    assert res.returncode == 2 and "Dask scheduler" in res.stderr and "Traceback" not in res.stderr
    assert res.stderr.count("\n") <= 2


def test_endpoint_urls(tmp_path):
    from diplograph.graph.ingest import _endpoints

    assert _endpoints("http://h:7878/", None) == ("http://h:7878/query", "http://h:7878/update")
    assert _endpoints("http://h/q", "http://h/u") == ("http://h/q", "http://h/u")
    assert urllib.parse.urlsplit(_endpoints("https://h/ds/query", None)[1]).path == "/ds/update"
