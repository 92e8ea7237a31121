"""``diplograph serve`` as a real subprocess on 127.0.0.1, queried over HTTP with SPARQLWrapper.

Every server is stopped in a ``finally`` (terminate, then kill), and every wait is bounded.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from SPARQLWrapper import CSV, JSON, POST, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed
from stance_fixtures import fixture_graph

from diplograph.graph.cli import run_query
from diplograph.graph.cookbook import load_query, run_named
from diplograph.graph.server import Refused, check_sparql, sparql_keywords
from diplograph.graph.store import read_graph, write_graph

READY_SECONDS = 60
STOP_SECONDS = 10
TIMEOUT = 2.0  # the --timeout of the main test server
MAX_ROWS = 50  # the --max-rows of the main test server
NOISE = 3000  # generated triples that make the expensive query expensive


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(tmp_path: Path, *args: str):
    """Start ``diplograph serve ARGS`` on a free port; yield its base URL; always stop it."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with open(tmp_path / f"serve-{port}.log", "w+b") as log:
        proc = subprocess.Popen([sys.executable, "-m", "diplograph.graph.cli", "serve", "--port", str(port), *args],
                                stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_ready(proc, log, url)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(STOP_SECONDS)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(STOP_SECONDS)


def wait_ready(proc: subprocess.Popen, log, url: str) -> None:
    """Poll ``url`` until it answers 200, for at most READY_SECONDS; fail early if the server exits."""
    deadline = time.monotonic() + READY_SECONDS
    while True:
        if proc.poll() is not None:
            log.seek(0)
            pytest.fail(f"diplograph serve exited with {proc.returncode}: {log.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(url + "/", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"diplograph serve not ready after {READY_SECONDS} s")
        time.sleep(0.1)


@pytest.fixture(scope="module")
def data_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve")
    ttl = folder / "fixture.ttl"
    write_graph(fixture_graph(), ttl)
    noise = folder / "noise.nt"  # unrelated triples in another namespace
    noise.write_text("".join(f'<http://example.org/s{i}> <http://example.org/p{i % 3}> "{i}"^^<{XSD.integer}> .\n'
                             for i in range(NOISE)), encoding="utf-8")
    return folder, ttl, noise


@pytest.fixture(scope="module")
def server(data_files):
    folder, ttl, noise = data_files
    with running_server(folder, "--data", str(ttl), "--data", str(noise), "--timeout", str(TIMEOUT),
                        "--max-rows", str(MAX_ROWS)) as url:
        yield url


@pytest.fixture(scope="module")
def local_graph(data_files):
    _, ttl, noise = data_files
    graph = read_graph(ttl)
    return read_graph(noise, graph)


def sparql(url: str, query: str, fmt=JSON, method=None):
    client = SPARQLWrapper(url + "/query")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    if method:
        client.setMethod(method)
    return client.queryAndConvert()


def http(url: str, data: dict | bytes | None = None, *, headers: dict | None = None, method: str | None = None):
    """(status, headers, body) of one request; errors are answers too."""
    if isinstance(data, dict):
        data = urllib.parse.urlencode(data).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers, r.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read().decode()


def json_rows(result: dict) -> list[tuple]:
    names = result["head"]["vars"]
    return [tuple(_json_value(b.get(n)) for n in names) for b in result["results"]["bindings"]]


def _json_value(term):
    if term is None:
        return None
    return term["type"], term["value"], term.get("datatype") or term.get("xml:lang")


def local_rows(result) -> list[tuple]:
    def value(t):
        if t is None:
            return None
        if isinstance(t, URIRef):
            return "uri", str(t), None
        if isinstance(t, BNode):
            return "bnode", str(t), None
        assert isinstance(t, Literal)
        return "literal", str(t), t.language or (None if t.datatype in (None, XSD.string) else str(t.datatype))

    return [tuple(value(t) for t in row) for row in result]


def with_target(name: str, variable: str, value: str) -> str:
    """A named query as a user would paste it into any SPARQL client: the parameter BIND-ed in."""
    text = load_query(name).sparql
    head = f"SELECT DISTINCT ?{'targetActor' if variable == 'target' else 'me'} ?{variable} WHERE {{"
    assert head in text
    return text.replace(head, head + f' BIND ("{value}" AS ?{variable})')


# ------------------------------------------------------------------ same rows as in process
@pytest.mark.parametrize("name", ["goldstein-totals", "mediators"])
def test_named_query_over_http_gives_the_in_process_rows(server, local_graph, name):
    text = load_query(name).sparql
    remote = json_rows(sparql(server, text))
    assert remote == local_rows(run_query(local_graph, text))
    assert remote == local_rows(run_named(local_graph, name))
    assert remote


def test_parametrised_query_pasted_with_bind_gives_the_run_named_rows(server, local_graph):
    remote = json_rows(sparql(server, with_target("who-condemns", "target", "Azerbaijan"), method=POST))
    local = local_rows(run_named(local_graph, "who-condemns", target="Azerbaijan"))
    assert [r[:-1] for r in remote] == local  # the pasted query also shows ?target
    assert [r[1][1] for r in local] == ["Armenia", "France", "Emmanuel Macron"]


def test_plain_sparql_get_and_post(server, local_graph):
    q = ("PREFIX dg: <https://w3id.org/diplograph/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
         "SELECT ?who ?label WHERE { ?who dg:condemns ?t . ?t dg:iso3 'AZE' . ?who rdfs:label ?label } ORDER BY ?label")
    local = local_rows(run_query(local_graph, q))
    assert json_rows(sparql(server, q)) == local  # SPARQLWrapper's default: GET
    assert json_rows(sparql(server, q, method=POST)) == local
    status, _, body = http(server + "/query", q.encode(), headers={"Content-Type": "application/sparql-query",
                                                                   "Accept": "application/sparql-results+json"})
    assert status == 200 and json_rows(json.loads(body)) == local


def test_result_formats(server):
    q = "SELECT ?label WHERE { ?a <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?label"
    csv_text = sparql(server, q, fmt=CSV).decode()
    assert csv_text.splitlines() == ["label", "Armenia", "Azerbaijan", "Emmanuel Macron", "France", "Russia", "Turkey"]
    xml = sparql(server, q, fmt=XML)
    assert [n.firstChild.data for n in xml.getElementsByTagName("literal")][:2] == ["Armenia", "Azerbaijan"]
    assert sparql(server, "ASK { ?s ?p ?o }")["boolean"] is True
    status, headers, body = http(server + "/query?" + urllib.parse.urlencode(
        {"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?s = <http://example.org/s1>) }"}))
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert "<http://example.org/s1> <http://example.org/p1>" in body
    status, _, _ = http(server + "/query?" + urllib.parse.urlencode({"query": q}), headers={"Accept": "image/png"})
    assert status == 406


# ------------------------------------------------------------------ read-only, SERVICE, LOAD
def test_update_is_refused_by_default(server, local_graph):
    client = SPARQLWrapper(server + "/query", updateEndpoint=server + "/update")
    client.setMethod(POST)
    client.setQuery("DELETE WHERE { ?s ?p ?o }")
    with pytest.raises(urllib.error.HTTPError) as err:
        client.query()
    assert err.value.code == 403
    status, _, body = http(server + "/update", b"DROP ALL", headers={"Content-Type": "application/sparql-update"})
    assert (status, body.strip()) == (403, "this endpoint is read-only; updates need `diplograph serve --allow-update`")
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert json_rows(sparql(server, count)) == local_rows(run_query(local_graph, count))  # nothing deleted


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    "select * where { service silent <https://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?x ?y ?z . sErViCe ?endpoint { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { # a comment\n SERVICE<file:///etc/passwd>{?s ?p ?o} }",
    "LOAD <file:///etc/passwd>",
])
def test_service_and_load_are_refused(server, query):
    for req in ({"query": query}, None):
        if req is None:
            status, _, body = http(server + "/query?" + urllib.parse.urlencode({"query": query}))
        else:
            status, _, body = http(server + "/query", req)
        assert status == 400, body
        assert "not allowed on this endpoint" in body
    if query.startswith("LOAD"):  # SPARQLWrapper sends it as an update: read-only says no first
        with pytest.raises(urllib.error.HTTPError) as err:
            sparql(server, query, method=POST)
        assert err.value.code == 403
    else:
        with pytest.raises(QueryBadFormed):
            sparql(server, query)


def test_keywords_inside_strings_iris_and_names_are_not_refused(server):
    q = ('PREFIX ex: <http://example.org/> SELECT ?service ?load WHERE { '
         'BIND ("SERVICE <http://x> {}" AS ?service) BIND (<http://example.org/LOAD> AS ?load) '
         'OPTIONAL { ?s ex:service ex:load } } # LOAD')
    assert json_rows(sparql(server, q)) == [(("literal", "SERVICE <http://x> {}", None),
                                             ("uri", "http://example.org/LOAD", None))]


@pytest.mark.parametrize("text,refused", [
    ("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }", True),
    ("SELECT * { ?s ?p ?o } LIMIT 1\nSERVICE", True),
    ("load <http://x/data.ttl>", True),
    ("LOAD SILENT <file:///tmp/x.ttl> INTO GRAPH <http://g/>", True),
    ("SELECT * { \\u0073ervice <http://x/> { ?s ?p ?o } }", True),
    ("SELECT * { \\U0000004COAD }", True),
    ("SELECT * { ?service ?load $service }", False),
    ("SELECT * { ?s ex:service ex:LOAD ; :service _:load }", False),
    ('SELECT * { ?s ?p "SERVICE", \'LOAD\', """a "SERVICE" b""", \'\'\'LOAD\'\'\' }', False),
    ('SELECT * { ?s ?p "x"@load }', False),
    ("SELECT * { ?s <http://x/SERVICE> <urn:LOAD> } # SERVICE LOAD", False),
    ('SELECT * { ?s ?p "a \\" SERVICE <x> { } \\"" }', False),
    # the engine reads a keyword with no boundary after it (issue 13)
    ("SELECT * WHERE { SERVICESILENT <http://127.0.0.1:8999/x> { ?s ?p ?o } }", True),
    ("PREFIX : <http://127.0.0.1:8999/> SELECT * WHERE { SERVICE:x { ?s ?p ?o } }", True),
    ("LOADSILENT <http://127.0.0.1:8999/x>", True),
    ("PREFIX service: <http://x/> SELECT * { service:a { ?s ?p ?o } }", True),
    ("SELECT * { ?s ?p ?o FILTER(?s)SERVICE?e{ } }", True),
])
def test_check_sparql(text, refused):
    if refused:
        with pytest.raises(Refused):
            check_sparql(text)
    else:
        check_sparql(text)


def test_sparql_keywords():
    assert sparql_keywords("PREFIX ex: <http://x#> SELECT ?s WHERE { ?s a ex:SERVICE FILTER(?s < ?o) }") == {
        "PREFIX", "SELECT", "WHERE", "A", "FILTER"}


def test_loopback_server_refuses_foreign_host_header(server):
    status, _, _ = http(server + "/query?query=ASK%7B%7D", headers={"Host": "attacker.example"})
    assert status == 403


# ------------------------------------------------------------------ limits
def test_max_rows_truncates_and_says_so(server):
    q = "SELECT ?s WHERE { ?s <http://example.org/p0> ?o }"  # NOISE / 3 = 1000 rows
    status, headers, body = http(server + "/query?" + urllib.parse.urlencode({"query": q}),
                                 headers={"Accept": "application/sparql-results+json"})
    assert status == 200
    assert headers["X-SPARQL-MaxRows"] == str(MAX_ROWS)
    assert len(json.loads(body)["results"]["bindings"]) == MAX_ROWS
    status, headers, _ = http(server + "/query?" + urllib.parse.urlencode({"query": q + " LIMIT 10"}))
    assert status == 200 and "X-SPARQL-MaxRows" not in headers


def test_query_over_the_time_limit_is_stopped_and_the_server_recovers(server):
    expensive = ("SELECT (COUNT(*) AS ?n) WHERE { ?a <http://example.org/p0> ?x . ?b <http://example.org/p1> ?y . "
                 "?c <http://example.org/p2> ?z FILTER (?x + ?y + ?z > 0) }")  # 10^9 combinations
    status, _, body = http(server + "/query", {"query": expensive})
    assert status == 503 and "timed out" in body  # how soon is benchmarks' business, not a test's
    deadline = time.monotonic() + 30  # the killed worker is replaced: queries work again
    while True:
        status, _, body = http(server + "/query?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}),
                               headers={"Accept": "application/sparql-results+json"})
        if status == 200 and json.loads(body)["boolean"] is True:
            break
        assert time.monotonic() < deadline, "the server did not recover after a timeout"
        time.sleep(0.2)


# ------------------------------------------------------------------ --allow-update
def test_allow_update(tmp_path, data_files):
    _, ttl, _ = data_files
    with running_server(tmp_path, "--data", str(ttl), "--allow-update") as url:
        client = SPARQLWrapper(url + "/query", updateEndpoint=url + "/update")
        client.setMethod(POST)
        client.setQuery("INSERT DATA { <http://example.org/a> <http://example.org/b> 'c' }")
        client.query()
        assert sparql(url, "ASK { <http://example.org/a> <http://example.org/b> 'c' }")["boolean"] is True
        status, _, body = http(url + "/update", {"update": "LOAD <file:///etc/passwd>"})
        assert status == 400 and "LOAD is not allowed" in body
        status, _, body = http(url + "/update", {"update": "DROP ALL"}, headers={"Origin": "https://evil.example"})
        assert status == 403 and "cross-origin" in body
        assert sparql(url, "ASK { <http://example.org/a> ?p ?o }")["boolean"] is True
