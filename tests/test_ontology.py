"""The vocabulary module and ontology.ttl agree; every term is documented."""

import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS

from diplograph.graph.ontology import DG, ONTOLOGY_PATH, RELATIONS, relation_info


@pytest.fixture(scope="module")
def onto():
    return Graph().parse(str(ONTOLOGY_PATH), format="turtle")


def declared(onto):
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    return {s for k in kinds for s in onto.subjects(RDF.type, k) if str(s).startswith(str(DG._NS))}


def test_every_module_term_is_declared_labelled_and_commented(onto):
    terms = {DG[name] for name in DG.__annotations__}
    assert terms == declared(onto)
    for term in terms:
        assert onto.value(term, RDFS.label), term
        assert onto.value(term, RDFS.comment), term


def test_misspelt_term_is_an_error():
    with pytest.raises(AttributeError):
        DG.condemn  # noqa: B018


@pytest.mark.parametrize("name", RELATIONS)
def test_each_relation_has_cameo_goldstein_and_family(name):
    info = relation_info(name)
    assert info["cameo"].isdigit() and len(info["cameo"]) == 3
    assert -10.0 <= info["goldstein"] <= 10.0
    assert info["family"] in {"disapprove", "support", "mediate", "appeal", "consult", "force", "reject"}


def test_conflict_relations_weigh_negative_and_cooperation_positive():
    assert relation_info("attacks")["goldstein"] < relation_info("condemns")["goldstein"] < 0
    assert relation_info("mediates")["goldstein"] > relation_info("consults")["goldstein"] > 0


def test_unknown_relation_is_a_clear_error():
    with pytest.raises(KeyError, match="unknown relation"):
        relation_info("likes")
