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

__all__ = ["DG", "RES", "CAMEO", "PLOVER", "CAMEO_SCHEME", "PLOVER_SCHEME", "RELATIONS", "ONTOLOGY_PATH",
           "SHAPES_PATH", "relation_info", "cameo_root", "quad_class"]


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
    ImportedEvent: URIRef
    EventRecord: URIRef
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
    cameo: URIRef
    ploverType: URIRef
    ploverMode: URIRef
    quadClass: URIRef
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
    # imported event data
    dataset: URIRef
    eventId: URIRef
    line: URIRef
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

#: CAMEO codes and PLOVER event types as SKOS concepts (``CAMEO["111"]``, ``PLOVER.ACCUSE``).
CAMEO = Namespace("https://w3id.org/diplograph/cameo/")
PLOVER = Namespace("https://w3id.org/diplograph/plover/")
CAMEO_SCHEME = URIRef("https://w3id.org/diplograph/cameo")
PLOVER_SCHEME = URIRef("https://w3id.org/diplograph/plover")

#: The ten stance relations, in the order the documentation lists them.
RELATIONS = (
    "condemns", "accuses", "supports", "mediates", "appeals",
    "demands", "consults", "attacks", "threatens", "rejects",
)

ONTOLOGY_PATH = resources.files(__package__) / "ontology.ttl"
SHAPES_PATH = resources.files(__package__) / "shapes.ttl"

@functools.cache
def _ontology():
    from rdflib import Graph

    return Graph().parse(str(ONTOLOGY_PATH), format="turtle")


@functools.cache
def _root_quads() -> dict[str, int]:
    from rdflib.namespace import SKOS

    g = _ontology()
    return {str(g.value(c, SKOS.notation)): int(q) for c, q in g.subject_objects(DG.quadClass)
            if (c, SKOS.inScheme, CAMEO_SCHEME) in g}


@functools.cache
def _relation_table() -> dict[str, dict]:
    from rdflib.namespace import RDFS, SKOS

    g = _ontology()
    table = {}
    for name in RELATIONS:
        concept = g.value(DG[name], DG.cameo)
        code = str(g.value(concept, SKOS.notation))
        root = str(g.value(g.value(concept, SKOS.broader), SKOS.notation))
        plover = g.value(DG[name], DG.ploverType)
        mode = g.value(DG[name], DG.ploverMode)
        table[name] = {
            "cameo": code,
            "cameo_root": root,
            "goldstein": float(g.value(DG[name], DG.goldstein)),
            "quad_class": _root_quads()[root],
            "plover_type": str(g.value(plover, SKOS.notation)),
            "plover_mode": None if mode is None else str(g.value(mode, SKOS.notation)),
            "family": str(g.value(DG[name], DG.family)),
            "label": str(g.value(DG[name], RDFS.label)),
        }
    return table


def relation_info(relation: str) -> dict:
    """The codes of a relation, read from ``ontology.ttl`` (the one table of them).

    Keys: ``cameo`` (the CAMEO code, a string such as ``"040"``), ``cameo_root`` (its two-digit
    root), ``goldstein``, ``quad_class`` (1 verbal cooperation to 4 material conflict),
    ``plover_type`` and ``plover_mode`` (``None`` where no one mode is clear), ``family``, ``label``.

    >>> relation_info("condemns")["cameo"]
    '111'
    >>> relation_info("attacks")["goldstein"]
    -10.0
    >>> info = relation_info("consults")
    >>> info["cameo"], info["cameo_root"], info["quad_class"], info["plover_type"], info["plover_mode"]
    ('040', '04', 1, 'CONSULT', None)
    """
    table = _relation_table()
    if relation not in table:
        raise KeyError(f"unknown relation {relation!r}; expected one of {', '.join(RELATIONS)}")
    return table[relation]


def cameo_root(code: str) -> str:
    """The two-digit root of a CAMEO code.

    >>> cameo_root("1123"), cameo_root("040")
    ('11', '04')
    """
    return code[:2]


def quad_class(code: str) -> int | None:
    """The QuadClass of a CAMEO code, from its root (None for a code without a known root).

    >>> quad_class("190"), quad_class("051"), quad_class("99")
    (4, 1, None)
    """
    return _root_quads().get(cameo_root(code))
