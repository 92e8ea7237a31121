"""Stance records -> RDF triples.

Each stance becomes a direct edge (``actor dg:condemns actor``) and a ``dg:Stance`` statement
node with its evidence, offsets, date, CAMEO code, Goldstein weight, confidence and rule,
``prov:wasDerivedFrom`` its article. IRIs derive from canonical actor ids and content hashes,
so the same article always gives the same triples.

Functions here yield triples; they never touch a shared graph (the caller does
``graph += triples`` or ``graph.addN(...)``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

from diplograph.graph.ontology import CAMEO, DG, PLOVER, RES, relation_info
from diplograph.loaders.records import Actor, Article, StanceMention

__all__ = ["actor_iri", "article_iri", "stance_iri", "actor_triples", "article_triples",
           "stance_triples", "code_triples", "to_triples", "decimal_literal", "TYPE_CLASS"]

Triple = tuple[URIRef, URIRef, object]

#: The JSON Lines actor type -> its ontology class.
TYPE_CLASS = {"State": DG.State, "Person": DG.Person, "Organization": DG.Organization,
              "NonState": DG.NonStateActor}
WIKIDATA = "http://www.wikidata.org/entity/"


def decimal_literal(value: float, places: int) -> Literal:
    """``value`` rounded to ``places`` as an ``xsd:decimal`` in its canonical form (XSD 1.1: no
    trailing zeros, no point for a whole number), the form Oxigraph stores and every writer keeps.

    >>> [str(decimal_literal(x, 3)) for x in (0.9, -2.0, 1.0, 0.125, 10.0, -0.0001)]
    ['0.9', '-2', '1', '0.125', '10', '0']
    """
    from decimal import Decimal

    text = format(Decimal(f"{value:.{places}f}").normalize(), "f")
    return Literal("0" if text in ("-0", "0") else text, datatype=XSD.decimal)


def actor_iri(actor_id: str) -> URIRef:
    """
    >>> actor_iri("AZE")
    rdflib.term.URIRef('https://w3id.org/diplograph/resource/actor/AZE')
    """
    return RES[f"actor/{actor_id}"]


def article_iri(article: Article | str) -> URIRef:
    digest = article if isinstance(article, str) else article.hash
    return RES[f"article/{digest}"]


def stance_iri(stance: StanceMention) -> URIRef:
    key = "|".join([stance.article, stance.subject.id, stance.relation, stance.object.id,
                    str(stance.start), str(stance.end)])
    return RES["stance/" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]]


def actor_triples(actor: Actor, lookup: Callable[[str], Actor | None] | None = None,
                  alt_labels: Iterable[str] = ()) -> Iterator[Triple]:
    """Type, label, country and Wikidata link of one actor (and of its country's state node)."""
    node = actor_iri(actor.id)
    yield node, RDF.type, TYPE_CLASS[actor.type]
    yield node, RDFS.label, Literal(actor.label, datatype=XSD.string)
    for alt in alt_labels:
        yield node, SKOS.altLabel, Literal(alt)
    if actor.qid:
        yield node, OWL.sameAs, URIRef(WIKIDATA + actor.qid)
    if actor.type == "State":
        yield node, DG.iso3, Literal(actor.country or actor.id, datatype=XSD.string)
    elif actor.country:
        state = lookup(actor.country) if lookup else None
        if state is None:
            state = Actor(actor.country, _country_name(actor.country), "State", actor.country)
        yield node, DG.country, actor_iri(state.id)
        yield from actor_triples(state)
    if actor.parent and actor.type == "Organization" and actor.parent != actor.country:
        yield node, DG.organOf, actor_iri(actor.parent)


def _country_name(iso3: str) -> str:
    """The name the actor data gives a state ("Russia", not "Russian Federation")."""
    from diplograph.loaders.actors import load_gazetteer  # late: actors builds on this module

    state = load_gazetteer().get(iso3)
    return state.label if state is not None else iso3


def article_triples(article: Article) -> Iterator[Triple]:
    node = article_iri(article)
    yield node, RDF.type, DG.Article
    yield node, RDF.type, PROV.Entity
    yield node, DG.contentHash, Literal(article.hash, datatype=XSD.string)
    yield node, DG.date, Literal(article.date, datatype=XSD.date)
    if article.source:
        yield node, DG.source, Literal(article.source, datatype=XSD.string)
    if article.title:
        yield node, URIRef("http://purl.org/dc/terms/title"), Literal(article.title)
    if article.url:
        yield node, URIRef("http://schema.org/url"), Literal(article.url, datatype=XSD.anyURI)


def stance_triples(stance: StanceMention, run=None) -> Iterator[Triple]:
    """The direct edge and the statement node of one stance (``prov:wasGeneratedBy`` the
    :class:`~diplograph.loaders.provenance.Run` ``run`` when given)."""
    info = relation_info(stance.relation)
    s, o, rel = actor_iri(stance.subject.id), actor_iri(stance.object.id), DG[stance.relation]
    yield s, rel, o
    node = stance_iri(stance)
    yield node, RDF.type, DG.Stance
    yield node, DG.subject, s
    yield node, DG.relation, rel
    yield node, DG.object, o
    yield node, DG.evidence, Literal(stance.evidence, datatype=XSD.string)
    yield node, DG.start, Literal(stance.start, datatype=XSD.integer)
    yield node, DG.end, Literal(stance.end, datatype=XSD.integer)
    yield node, DG.date, Literal(stance.date, datatype=XSD.date)
    yield node, DG.confidence, decimal_literal(stance.confidence, 3)
    yield node, DG.rule, Literal(stance.rule, datatype=XSD.string)
    yield from code_triples(node, info["cameo"], info["plover_type"], info["plover_mode"], info["quad_class"])
    yield node, DG.goldstein, decimal_literal(info["goldstein"], 1)
    if stance.quote:
        yield node, DG.quote, Literal(stance.quote, datatype=XSD.string)
    yield node, PROV.wasDerivedFrom, article_iri(stance.article)
    if run is not None:
        yield node, PROV.wasGeneratedBy, run.iri


def code_triples(node, cameo: str | None, plover_type: str | None = None, plover_mode: str | None = None,
                 quad: int | None = None) -> Iterator[Triple]:
    """The event codes of a stance node: the CAMEO code (a string keeping its leading zero) and its
    SKOS concept, the QuadClass, the PLOVER event type and mode as concepts."""
    if cameo:
        yield node, DG.cameoCode, Literal(cameo, datatype=XSD.string)
        yield node, DG.cameo, CAMEO[cameo]
    if quad is not None:
        yield node, DG.quadClass, Literal(quad, datatype=XSD.integer)
    if plover_type:
        yield node, DG.ploverType, PLOVER[plover_type]
        if plover_mode:
            yield node, DG.ploverMode, PLOVER[f"{plover_type}-{plover_mode}"]


def to_triples(article: Article, stances: Iterable[StanceMention], gazetteer=None, run=None) -> list[Triple]:
    """Every triple one article contributes: the article, its actors, its stances (no duplicates).

    With a ``gazetteer`` (:class:`diplograph.loaders.actors.Gazetteer`) each known actor comes with
    its full description (alternative labels, offices, memberships). With a ``run``
    (:class:`diplograph.loaders.provenance.Run`) the run is described, it ``prov:used`` the article
    and every stance ``prov:wasGeneratedBy`` it.
    """
    out: dict[Triple, None] = {}
    for t in article_triples(article):
        out[t] = None
    if run is not None:
        from diplograph.loaders.provenance import run_triples

        for t in run_triples(run):
            out[t] = None
        out[(run.iri, PROV.used, article_iri(article))] = None
    seen: set[str] = set()
    for st in stances:
        for actor in (st.subject, st.object):
            if actor.id not in seen:
                seen.add(actor.id)
                known = gazetteer is not None and gazetteer.get(actor.id) is not None
                triples = gazetteer.actor_triples(actor) if known else actor_triples(
                    actor, gazetteer.get if gazetteer is not None else None)
                for t in triples:
                    out[t] = None
        for t in stance_triples(st, run):
            out[t] = None
    return list(out)
