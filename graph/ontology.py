"""The diplograph vocabulary: one :class:`rdflib.namespace.DefinedNamespace`.

A misspelt term is an error (``_fail = True``); ``tests/test_ontology.py`` checks that
every term here is declared, labelled and commented in ``ontology.ttl`` and vice versa.

>>> from diplograph.graph.ontology import DG
>>> DG.condemns
rdflib.term.URIRef('https://w3id.org/diplograph/ontology#condemns')
"""

from __future__ import annotations

import functools
from importlib import resources

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = ["DG", "RES", "RELATIONS", "ONTOLOGY_PATH", "SHAPES_PATH", "relation_info"]


class DG(DefinedNamespace):
    """Classes and properties of the diplograph ontology."""

    _fail = True
    _NS = Namespace("https://w3id.org/diplograph/ontology#")

    # classes
    Actor: URIRef
    State: URIRef
    Person: URIRef
    Organization: URIRef
    NonStateActor: URIRef
    Article: URIRef
    Stance: URIRef
    StanceEdge: URIRef
    Tenure: URIRef
    Relation: URIRef
    # stance relations
    stanceToward: URIRef
    condemns: URIRef
    accuses: URIRef
    supports: URIRef
    mediates: URIRef
    appeals: URIRef
    demands: URIRef
    consults: URIRef
    attacks: URIRef
    threatens: URIRef
    rejects: URIRef
    # relation annotations
    cameoCode: URIRef
    goldstein: URIRef
    family: URIRef
    # actor structure
    iso3: URIRef
    country: URIRef
    organOf: URIRef
    memberOf: URIRef
    holds: URIRef
    office: URIRef
    officeOf: URIRef
    startDate: URIRef
    endDate: URIRef
    # statements
    subject: URIRef
    object: URIRef
    relation: URIRef
    evidence: URIRef
    start: URIRef
    end: URIRef
    quote: URIRef
    date: URIRef
    confidence: URIRef
    rule: URIRef
    contentHash: URIRef
    source: URIRef
    # aggregation: one stance edge per (subject, relation, object, day)
    aggregates: URIRef
    count: URIRef
    articleCount: URIRef
    firstSeen: URIRef
    lastSeen: URIRef
    # provenance: the extraction run (a prov:Activity) that generated a stance
    ExtractionRun: URIRef
    softwareVersion: URIRef
    spacyModel: URIRef
    spacyModelVersion: URIRef
    dataHash: URIRef
    foldOrgans: URIRef
    extractorHash: URIRef


#: Where resources (actors, articles, statements) live.
RES = Namespace("https://w3id.org/diplograph/resource/")

#: The ten stance relations, in the order the documentation lists them.
RELATIONS = (
    "condemns", "accuses", "supports", "mediates", "appeals",
    "demands", "consults", "attacks", "threatens", "rejects",
)

ONTOLOGY_PATH = resources.files(__package__) / "ontology.ttl"
SHAPES_PATH = resources.files(__package__) / "shapes.ttl"

@functools.cache
def _relation_table() -> dict[str, dict]:
    from rdflib import Graph
    from rdflib.namespace import RDFS

    g = Graph().parse(str(ONTOLOGY_PATH), format="turtle")
    return {
        name: {
            "cameo": str(g.value(DG[name], DG.cameoCode)),
            "goldstein": float(g.value(DG[name], DG.goldstein)),
            "family": str(g.value(DG[name], DG.family)),
            "label": str(g.value(DG[name], RDFS.label)),
        }
        for name in RELATIONS
    }


def relation_info(relation: str) -> dict:
    """CAMEO code, Goldstein weight and family of a relation, read from ``ontology.ttl``.

    >>> relation_info("condemns")["cameo"]
    '111'
    >>> relation_info("attacks")["goldstein"]
    -10.0
    """
    table = _relation_table()
    if relation not in table:
        raise KeyError(f"unknown relation {relation!r}; expected one of {', '.join(RELATIONS)}")
    return table[relation]
