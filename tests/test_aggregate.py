"""Aggregation: one stance edge per (subject, relation, object, day), kept at ingest and rebuilt on demand."""

from __future__ import annotations

import datetime as dt
import gc

import pytest
from pyshacl import validate
from rdflib import Graph, Literal
from rdflib.namespace import RDF

from diplograph.graph.aggregate import REBUILD_UPDATE, aggregate_edges, edge_iri
from diplograph.graph.cli import main
from diplograph.graph.ingest import OxigraphSink, _insert, article_payload
from diplograph.graph.ontology import DG, ONTOLOGY_PATH, SHAPES_PATH
from diplograph.graph.store import open_graph
from diplograph.loaders.records import Actor, Article, StanceMention

FRA = Actor("FRA", "France", "State", "FRA")
AZE = Actor("AZE", "Azerbaijan", "State", "AZE")
IRN = Actor("IRN", "Iran", "State", "IRN")
DAY = dt.date(2023, 9, 19)


def report(n: int, subject=FRA, relation="condemns", obj=AZE, day=DAY, published=None):
    """Article n reporting ``subject relation obj`` on ``day``, published ``published`` (default: day)."""
    text = f"Outlet {n}: {subject.label} {relation} {obj.label}."
    art = Article(text, published or day, f"outlet-{n}")
    st = StanceMention(subject, relation, obj, text, 0, len(text), day, 0.9, "test", article=art.hash)
    return art, [st]


def ingest_all(sink, reports):
    for art, stances in reports:
        assert sink.add(article_payload(art, stances)) != []


@pytest.fixture
def sink(tmp_path):
    s = OxigraphSink(tmp_path / "store")
    yield s
    s.close()


def edge_rows(sink):
    return sorted((r["e"], r["c"], r["n"], r["f"], r["l"]) for r in sink.select(
        "PREFIX dg: <https://w3id.org/diplograph/ontology#> SELECT ?e ?c ?n ?f ?l WHERE { "
        "?e a dg:StanceEdge ; dg:count ?c ; dg:articleCount ?n ; dg:firstSeen ?f ; dg:lastSeen ?l }"))


def test_forty_reports_of_one_stance_are_one_edge_counting_forty(sink):
    ingest_all(sink, [report(n, published=DAY + dt.timedelta(days=n % 3)) for n in range(40)])
    [(edge, count, articles, first, last)] = edge_rows(sink)
    assert edge == str(edge_iri(str(DG._NS).replace("ontology#", "resource/actor/FRA"), DG.condemns,
                                str(DG._NS).replace("ontology#", "resource/actor/AZE"), DAY))
    assert (count, articles, first, last) == ("40", "40", "2023-09-19", "2023-09-21")
    links = sink.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ <{edge}> <{DG.aggregates}> ?st }}")
    assert links == [{"n": "40"}]


def test_day_relation_and_direction_make_separate_edges(sink):
    ingest_all(sink, [report(1), report(2), report(3, day=DAY + dt.timedelta(days=1)),
                      report(4, relation="supports"), report(5, subject=AZE, obj=FRA),
                      report(6, subject=IRN)])
    assert sorted(int(c) for _, c, *_ in edge_rows(sink)) == [1, 1, 1, 1, 2]


def test_writing_an_article_again_changes_no_count(sink):
    ingest_all(sink, [report(1), report(2)])
    before = edge_rows(sink)
    art, stances = report(1)
    assert sink.add(article_payload(art, stances)) == []  # already present
    payload = article_payload(art, stances)
    sink.update(_insert(payload.lines, payload.edges))  # forced: the same triples and recount again
    assert edge_rows(sink) == before


def test_rebuild_gives_what_ingest_kept(sink):
    ingest_all(sink, [report(n, published=DAY + dt.timedelta(days=n % 2)) for n in range(5)]
               + [report(9, relation="accuses", obj=IRN)])
    kept = set(sink.store)
    sink.update(REBUILD_UPDATE)
    assert set(sink.store) == kept


def test_aggregate_edges_reads_the_statements(sink):
    ingest_all(sink, [report(n) for n in range(3)] + [report(7, relation="supports", obj=IRN)])
    graph = open_graph()
    for q in sink.store:
        graph.store._inner.add(q)
    edges = aggregate_edges(graph)
    assert [(e["subject"], e["relation"], e["object"], e["count"], e["articles"]) for e in edges] == [
        ("FRA", "condemns", "AZE", 3, 3), ("FRA", "supports", "IRN", 1, 1)]
    first = edges[0]
    assert first["date"] == DAY and first["first_seen"] == first["last_seen"] == DAY
    assert {e["text"] for e in first["evidence"]} == {f"Outlet {n}: France condemns Azerbaijan." for n in range(3)}
    assert all(len(e["article"]) == 64 for e in first["evidence"])
    stored = {str(s) for s in graph.subjects(RDF.type, DG.StanceEdge)}
    assert {e["edge"] for e in edges} == stored


def test_aggregate_edges_on_a_plain_rdflib_graph():
    from diplograph.loaders.to_rdf import to_triples

    g = Graph()
    for n in range(4):
        art, stances = report(n)
        for t in to_triples(art, stances):
            g.add(t)
    [edge] = aggregate_edges(g)
    assert edge["count"] == 4 and edge["articles"] == 4


def test_ingested_store_with_edges_passes_the_shapes(sink):
    ingest_all(sink, [report(n) for n in range(3)])
    data = Graph()
    for q in sink.store:
        data.add(tuple(_to_rdflib(t) for t in (q.subject, q.predicate, q.object)))
    shapes = Graph().parse(str(SHAPES_PATH))
    onto = Graph().parse(str(ONTOLOGY_PATH))
    ok, _, text = validate(data, shacl_graph=shapes, ont_graph=onto, inference="rdfs")
    assert ok, text
    assert (None, RDF.type, DG.StanceEdge) in data


def test_aggregate_command_rebuilds_edges(tmp_path, capsys):
    store = tmp_path / "store"
    g = open_graph(store)
    from diplograph.loaders.to_rdf import to_triples

    for n in range(6):  # statements written without edges, as an import would
        art, stances = report(n, relation="condemns" if n < 4 else "supports")
        g.addN((s, p, o, g) for s, p, o in to_triples(art, stances))
    g.close()
    del g  # the store is released only when its last reference goes
    gc.collect()
    assert main(["aggregate", "--store", str(store)]) == 0
    assert "2 stance edge(s) aggregating 6 statement(s)" in capsys.readouterr().err
    g = open_graph(store, read_only=True)
    counts = sorted(int(c) for c in g.objects(None, DG.count))
    assert counts == [2, 4]
    assert Literal(DAY) in set(g.objects(None, DG.firstSeen))


def _to_rdflib(term):
    from oxrdflib._converter import from_ox

    return from_ox(term)
