"""Stance records -> RDF: the data model, SHACL validity, determinism."""

import datetime as dt
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import PROV, RDF, XSD

from diplograph.graph.ontology import DG, ONTOLOGY_PATH, SHAPES_PATH
from diplograph.loaders.records import Actor, Article, StanceMention
from diplograph.loaders.to_rdf import actor_iri, article_iri, stance_iri, to_triples

DATA = Path(__file__).parent / "data"
FRANCE = Actor("FRA", "France", "State", "FRA", qid="Q142")
AZERBAIJAN = Actor("AZE", "Azerbaijan", "State", "AZE", qid="Q227")
MACRON = Actor("emmanuel-macron", "Emmanuel Macron", "Person", "FRA", parent="FRA")
ARTICLE = Article("France condemned Azerbaijan.", dt.date(2023, 9, 19), "test.txt")


def stance(subject=FRANCE, relation="condemns", obj=AZERBAIJAN, **kw):
    fields = dict(evidence="France condemned Azerbaijan.", start=0, end=28, date=dt.date(2023, 9, 19),
                  confidence=0.9, rule="verb", article=ARTICLE.hash)
    fields.update(kw)
    return StanceMention(subject, relation, obj, **fields)


def graph_of(triples):
    g = Graph()
    for t in triples:
        g.add(t)
    return g


def conforms(g: Graph) -> tuple[bool, str]:
    shapes = Graph().parse(str(SHAPES_PATH), format="turtle")
    onto = Graph().parse(str(ONTOLOGY_PATH), format="turtle")
    ok, _, text = validate(g, shacl_graph=shapes, ont_graph=onto, inference="rdfs")
    return ok, text


def test_a_stance_is_a_direct_edge_and_a_statement_node():
    g = graph_of(to_triples(ARTICLE, [stance()]))
    assert (actor_iri("FRA"), DG.condemns, actor_iri("AZE")) in g
    node = stance_iri(stance())
    assert (node, RDF.type, DG.Stance) in g
    assert g.value(node, DG.subject) == actor_iri("FRA")
    assert g.value(node, DG.object) == actor_iri("AZE")
    assert g.value(node, DG.relation) == DG.condemns
    assert g.value(node, DG.cameoCode) == Literal("111", datatype=XSD.string)
    assert g.value(node, PROV.wasDerivedFrom) == article_iri(ARTICLE)
    assert (article_iri(ARTICLE), RDF.type, DG.Article) in g


def test_matches_the_expected_graph():
    produced = graph_of(to_triples(ARTICLE, [stance(), stance(MACRON, quote="in the strongest terms")]))
    expected = Graph().parse(DATA / "expected_two_stances.ttl")
    assert isomorphic(produced, expected)


def test_produced_graph_passes_the_shapes():
    g = graph_of(to_triples(ARTICLE, [stance(), stance(MACRON, "supports")]))
    ok, text = conforms(g)
    assert ok, text


def test_a_recorded_run_passes_the_shapes_and_a_stance_has_at_most_one():
    from diplograph.loaders.provenance import Run

    run = Run("0.1.0", "en_core_web_sm", "3.8.0", "a" * 64)
    g = graph_of(to_triples(ARTICLE, [stance(), stance(MACRON)], run=run))
    assert (run.iri, PROV.used, article_iri(ARTICLE)) in g
    assert set(g.objects(None, PROV.wasGeneratedBy)) == {run.iri}
    ok, text = conforms(g)
    assert ok, text
    other = Run("0.2.0", "en_core_web_sm", "3.8.0", "a" * 64)
    for t in to_triples(ARTICLE, [stance()], run=other):
        g.add(t)
    ok, text = conforms(g)
    assert not ok and "at most one extraction run" in text


def test_shapes_catch_a_statement_without_evidence():
    g = graph_of(to_triples(ARTICLE, [stance()]))
    g.remove((stance_iri(stance()), DG.evidence, None))
    ok, text = conforms(g)
    assert not ok and "evidence" in text


def test_same_input_gives_the_same_iris():
    assert to_triples(ARTICLE, [stance()]) == to_triples(ARTICLE, [stance()])
    other = Article("Another text.", ARTICLE.date)
    assert article_iri(other) != article_iri(ARTICLE)


def test_person_gets_its_state():
    g = graph_of(to_triples(ARTICLE, [stance(MACRON)]))
    assert g.value(actor_iri("emmanuel-macron"), DG.country) == actor_iri("FRA")
    assert (actor_iri("FRA"), RDF.type, DG.State) in g


@pytest.mark.parametrize("bad", [dict(type="Country"), dict(id="has space"), dict(country="France")])
def test_actor_record_rejects_bad_fields(bad):
    fields = dict(id="FRA", label="France", type="State", country="FRA") | bad
    with pytest.raises(ValueError):
        Actor(**fields)
