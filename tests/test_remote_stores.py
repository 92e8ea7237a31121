"""Remote stores, RDF in and out, provenance and re-extraction (issue 15).

Against a real `oxigraph serve` (PyPI `oxigraph`, a dev dependency) started on a free loopback port
with a temporary location, and stopped after: the documented scale-out flow (ingest into the server
with `--store http://...`), then `query`, `draw`, `export` and `aggregate` against it, compared with
the same corpus ingested into an embedded store.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from test_corpus import DIPLOGRAPH, ROOT, load_make_corpus, run, summary
from test_scaleout import free_port, oxigraph_server, sparql

from diplograph.graph.cookbook import list_queries
from diplograph.graph.network import stance_graph
from diplograph.graph.store import open_graph

N = 24
DG = "PREFIX dg: <https://w3id.org/diplograph/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#> "


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return load_make_corpus().write_corpus(tmp_path_factory.mktemp("remote") / "news.jsonl", N, "jsonl", seed=3)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with oxigraph_server(tmp_path_factory.mktemp("server") / "db") as url:
        yield url


@pytest.fixture(scope="module")
def stores(tmp_path_factory, server, corpus):
    """The corpus ingested into the server (the scale-out write path) and into an embedded store."""
    local = tmp_path_factory.mktemp("local") / "store"
    remote = run("ingest", corpus, "--store", server, "--quiet", timeout=300)
    assert remote.returncode == 0, remote.stderr
    assert summary(remote.stderr) == (N, 0, 0)
    embedded = run("ingest", corpus, "--store", local, "--quiet", timeout=300)
    assert embedded.returncode == 0, embedded.stderr
    return server, local


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


# ------------------------------------------------------------------ remote stores everywhere
def test_query_against_the_server_answers_as_the_embedded_store(stores):
    url, local = stores
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    remote, embedded = (run("query", count, "--store", s, "--format", "csv") for s in (url + "/query", local))
    assert remote.returncode == 0 and embedded.returncode == 0, remote.stderr + embedded.stderr
    assert int(csv_rows(remote.stdout)[1][0]) > 1000
    assert remote.stdout == embedded.stdout
    # every named query, parameters bound the same way on both (a sub-query's FILTER sees them)
    for info in list_queries():
        params = []
        for p in info.params:
            if p.required:
                params += ["--param", f"{p.name}={'France' if p.type == 'string' else '2023-01-01'}"]
        a, b = (run("query", "--name", info.name, *params, "--store", s, "--format", "csv") for s in (url, local))
        assert a.returncode == 0 and b.returncode == 0, (info.name, a.stderr, b.stderr)
        assert sorted(csv_rows(a.stdout)) == sorted(csv_rows(b.stdout)), info.name
    who = run("query", "--name", "who-condemns", "--param", "target=Azerbaijan", "--store", url, "--format", "csv")
    rows = csv_rows(who.stdout)
    assert rows[0][:2] == ["condemner", "condemnerLabel"]
    # a CONSTRUCT answered by the server is printed as Turtle
    ttl = run("query", "CONSTRUCT { ?s dg:goldstein ?g } WHERE { ?s dg:goldstein ?g } LIMIT 3", "--store", url)
    assert ttl.returncode == 0 and "dg:goldstein" in ttl.stdout, ttl.stderr
    assert len(Graph().parse(data=ttl.stdout, format="turtle")) == 3


def test_draw_and_export_against_the_server(stores, tmp_path):
    url, local = stores
    assert stance_graph(open_graph(url)).edges(keys=True) == stance_graph(open_graph(local, read_only=True)).edges(keys=True)
    res = run("draw", "--store", url, "-o", tmp_path / "remote.png", "--kind", "alliance")
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "remote.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for name, store in (("remote", url), ("local", local)):
        res = run("export", "--store", store, "-o", tmp_path / f"{name}.csv")
        assert res.returncode == 0, res.stderr
        res = run("export", "--store", store, "-o", tmp_path / f"{name}.nt")
        assert res.returncode == 0, res.stderr
    remote, embedded = (csv_rows((tmp_path / f"{n}.csv").read_text()) for n in ("remote", "local"))
    assert len(remote) > N and sorted(remote) == sorted(embedded)
    # the whole store over the protocol is the same as the embedded store, line for line (canonical N-Triples)
    remote_nt, local_nt = ({ln for ln in (tmp_path / f"{n}.nt").read_text().splitlines() if ln}
                           for n in ("remote", "local"))
    assert remote_nt == local_nt and len(remote_nt) > 1000


def test_aggregate_against_the_server_keeps_the_counts(stores):
    url, _ = stores
    q = DG + "SELECT ?e ?c ?n WHERE { ?e a dg:StanceEdge ; dg:count ?c ; dg:articleCount ?n }"
    before = sorted(map(json.dumps, sparql(url, q)))
    res = run("aggregate", "--store", url)
    assert res.returncode == 0, res.stderr
    assert sorted(map(json.dumps, sparql(url, q))) == before and before


def test_an_unreachable_endpoint_is_one_line(tmp_path):
    dead = f"http://127.0.0.1:{free_port()}/query"
    for args in (("query", "ASK {}", "--store", dead), ("draw", "--store", dead, "-o", tmp_path / "x.png"),
                 ("export", "--store", dead, "-o", tmp_path / "x.nt")):
        res = run(*args)
        assert res.returncode == 2 and "cannot reach" in res.stderr and "Traceback" not in res.stderr, res.stderr
        assert res.stderr.count("\n") == 1
    assert not list(tmp_path.iterdir())


# ------------------------------------------------------------------ RDF in and out
@pytest.mark.filterwarnings("ignore:Dataset.default_context:DeprecationWarning")
def test_turtle_ntriples_and_jsonld_of_one_store_are_isomorphic(stores, tmp_path):
    _, local = stores
    graphs = {}
    for suffix, fmt in ((".ttl", "turtle"), (".nt", "nt"), (".jsonld", "json-ld"), (".nq", "nquads"),
                        (".trig", "trig")):
        out = tmp_path / f"all{suffix}"
        res = run("export", "--store", local, "-o", out)
        assert res.returncode == 0, res.stderr
        g = Graph()
        g.parse(out, format=fmt)  # rdflib's own parsers, which keep every lexical form as written
        graphs[suffix] = g
    size = len(ox.Store.read_only(str(local)))
    assert {len(g) for g in graphs.values()} == {size}
    for suffix, g in graphs.items():
        assert isomorphic(g, graphs[".nt"]), suffix
    doc = json.loads((tmp_path / "all.jsonld").read_text())
    assert doc["@context"]["dg"] == "https://w3id.org/diplograph/ontology#"
    assert {"prov", "xsd", "rdfs", "res"} <= set(doc["@context"])
    assert any("dg:goldstein" in node for node in doc["@graph"])
    text = (tmp_path / "all.ttl").read_text()
    assert "-2.0" not in text and "0.900" not in text  # one canonical form of each decimal


@pytest.mark.filterwarnings("ignore:Dataset.default_context:DeprecationWarning")
def test_round_trip_through_nquads_gives_the_same_graph(stores, tmp_path):
    _, local = stores
    res = run("export", "--store", local, "-o", tmp_path / "all.nq")
    assert res.returncode == 0, res.stderr
    res = run("load", tmp_path / "all.nq", "--store", tmp_path / "copy")
    assert res.returncode == 0, res.stderr
    original = Graph().parse(data=ox.Store.read_only(str(local)).dump(format=ox.RdfFormat.N_QUADS).decode(),
                             format="nquads")
    copy = Graph().parse(data=ox.Store.read_only(str(tmp_path / "copy")).dump(format=ox.RdfFormat.N_QUADS).decode(),
                         format="nquads")
    assert len(copy) == len(original) > 1000 and isomorphic(copy, original)
    # loading again adds nothing; the copy answers queries like the original
    again = run("load", tmp_path / "all.nq", "--store", tmp_path / "copy")
    assert again.returncode == 0 and len(ox.Store.read_only(str(tmp_path / "copy"))) == len(original)
    q = "SELECT ?e ?c WHERE { ?e a dg:StanceEdge ; dg:count ?c } ORDER BY ?e"
    assert run("query", q, "--store", tmp_path / "copy").stdout == run("query", q, "--store", local).stdout


def test_a_bad_rdf_file_loads_nothing(tmp_path):
    good = tmp_path / "good.nt"
    good.write_text("<http://x/a> <http://x/p> <http://x/b> .\n")
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://x/a> <http://x/p> .\n")
    res = run("load", good, bad, "--store", tmp_path / "new")
    assert res.returncode == 2 and "not valid RDF" in res.stderr and "Traceback" not in res.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.ttl", "good.nt"]  # no store, no temporary folder
    res = run("load", tmp_path / "x.xlsx", "--store", tmp_path / "new")
    assert res.returncode == 2 and "unknown RDF file type" in res.stderr


# ------------------------------------------------------------------ provenance and re-extraction
def stances(store) -> set[tuple]:
    q = DG + """SELECT ?st ?s ?r ?o ?ev ?start ?conf ?rule ?a ?x WHERE {
      ?st a dg:Stance ; dg:subject ?s ; dg:relation ?r ; dg:object ?o ; dg:evidence ?ev ; dg:start ?start ;
          dg:confidence ?conf ; dg:rule ?rule ; prov:wasDerivedFrom ?a ; prov:wasGeneratedBy ?run .
      ?run dg:extractorHash ?x }"""
    return {tuple(str(t) for t in row) for row in ox.Store.read_only(str(store)).query(q)}


def edges(store) -> set[tuple]:
    q = DG + """SELECT ?e ?c ?n ?f ?l (COUNT(?st) AS ?links) WHERE {
      ?e a dg:StanceEdge ; dg:count ?c ; dg:articleCount ?n ; dg:firstSeen ?f ; dg:lastSeen ?l ; dg:aggregates ?st }
      GROUP BY ?e ?c ?n ?f ?l"""
    return {tuple(str(t) for t in row) for row in ox.Store.read_only(str(store)).query(q)}


def direct_edges(store) -> set[tuple]:
    ontology_relations = " ".join(f"<https://w3id.org/diplograph/ontology#{r}>" for r in (
        "condemns", "accuses", "supports", "mediates", "appeals", "demands", "consults", "attacks", "threatens",
        "rejects"))
    q = f"SELECT ?s ?r ?o WHERE {{ VALUES ?r {{ {ontology_relations} }} ?s ?r ?o }}"
    return {tuple(str(t) for t in row) for row in ox.Store.read_only(str(store)).query(q)}


def ingest(corpus, store, *extra, lexicon=None):
    env = {**os.environ, **({"DIPLOGRAPH_LEXICON": str(lexicon)} if lexicon else {})}
    res = subprocess.run([*DIPLOGRAPH, "ingest", str(corpus), "--store", str(store), "--quiet", *extra],
                         capture_output=True, text=True, timeout=300, cwd=ROOT, env=env, check=False)
    assert res.returncode == 0, res.stderr
    return res.stderr


def test_reextract_after_a_lexicon_change_equals_a_fresh_ingest(tmp_path, corpus):
    from diplograph.loaders.lexicon import lexicon_path

    text = Path(str(lexicon_path(None))).read_text(encoding="utf-8")
    assert "  condemn:    {relation: condemns}\n" in text
    changed = tmp_path / "lexicon.yaml"  # "condemn" now reads as an accusation
    changed.write_text(text.replace("  condemn:    {relation: condemns}\n", "  condemn:    {relation: accuses}\n"),
                       encoding="utf-8")
    upgraded, fresh = tmp_path / "upgraded", tmp_path / "fresh"
    ingest(corpus, upgraded)
    before = stances(upgraded)
    assert len({s[-1] for s in before}) == 1 and all(s[-1] for s in before)  # one run, recorded on every stance
    # nothing to do while the extractor is the same
    assert "re-extracted" not in ingest(corpus, upgraded, "--reextract")
    assert stances(upgraded) == before
    line = ingest(corpus, upgraded, "--reextract", lexicon=changed)
    assert f"re-extracted {N}," in line, line
    ingest(corpus, fresh, lexicon=changed)
    after = stances(upgraded)
    assert after != before and {s[2] for s in before} != {s[2] for s in after}
    assert after == stances(fresh)
    assert edges(upgraded) == edges(fresh)
    assert direct_edges(upgraded) == direct_edges(fresh)
    # the old run is gone with its last article; a second --reextract finds nothing stale; --force redoes all
    runs = DG + "SELECT ?r WHERE { ?r a dg:ExtractionRun }"
    assert len(list(ox.Store.read_only(str(upgraded)).query(runs))) == 1
    assert "re-extracted" not in ingest(corpus, upgraded, "--reextract", lexicon=changed)
    assert f"re-extracted {N}," in ingest(corpus, upgraded, "--force", lexicon=changed)
    assert stances(upgraded) == stances(fresh) and edges(upgraded) == edges(fresh)


def test_force_against_the_server_leaves_the_same_graph(stores, corpus, tmp_path):
    url, local = stores
    res = run("ingest", corpus, "--store", url, "--force", "--quiet", timeout=300)
    assert res.returncode == 0 and f"re-extracted {N}," in res.stderr, res.stderr
    for name, store in (("remote", url), ("local", local)):
        assert run("export", "--store", store, "-o", tmp_path / f"{name}.nt").returncode == 0
    remote, embedded = ({ln for ln in (tmp_path / f"{n}.nt").read_text().splitlines() if ln}
                        for n in ("remote", "local"))
    assert remote == embedded
