"""Cross-article aggregation: one stance edge per (subject, relation, object, day).

Forty articles that report France condemning Azerbaijan on 19 September 2023 give forty
``dg:Stance`` statements and one ``dg:StanceEdge``::

    res:edge/<sha256(subject|relation|object|day)[:32]> a dg:StanceEdge ;
        dg:subject res:actor/FRA ; dg:relation dg:condemns ; dg:object res:actor/AZE ;
        dg:date "2023-09-19"^^xsd:date ;            # the day of the stance
        dg:aggregates <statement 1>, ..., <statement 40> ;
        dg:count 40 ;                               # statements aggregated
        dg:articleCount 40 ;                        # distinct articles they come from
        dg:firstSeen "2023-09-19"^^xsd:date ;       # earliest publication date among them
        dg:lastSeen "2023-09-21"^^xsd:date .        # latest publication date among them

The IRI derives from the key, so every writer (ingest, the ``aggregate`` command, a Dask
worker, SPARQL on a remote server) names the same edge the same way. ``diplograph ingest``
writes an article's edge links and recounts the edges it touched in the article's own
transaction; ``diplograph aggregate`` rebuilds every edge from the statements.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from diplograph.graph.ontology import DG, RELATIONS, RES
from diplograph.loaders.records import DiplographError

__all__ = [
    "EDGES_QUERY",
    "PREFIXES",
    "REBUILD_UPDATE",
    "aggregate_edges",
    "edge_iri",
    "edge_key_triples",
    "recount_update",
]

_EDGE_PREFIX = str(RES) + "edge/"
_ACTOR_PREFIX = str(RES) + "actor/"
_ARTICLE_PREFIX = str(RES) + "article/"
PREFIXES = """PREFIX dg: <https://w3id.org/diplograph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


def edge_iri(subject: str, relation: str, obj: str, day: dt.date | str) -> URIRef:
    """The IRI of the edge ``subject relation object`` on ``day`` (IRIs as strings).

    >>> edge_iri("https://w3id.org/diplograph/resource/actor/FRA",
    ...          "https://w3id.org/diplograph/ontology#condemns",
    ...          "https://w3id.org/diplograph/resource/actor/AZE", "2023-09-19")[-32:]
    '134e86139d7b44a96cea807edccc4550'
    """
    day = day.isoformat() if isinstance(day, dt.date) else str(day)
    key = f"{subject}|{relation}|{obj}|{day}"
    return URIRef(_EDGE_PREFIX + hashlib.sha256(key.encode("utf-8")).hexdigest()[:32])


def edge_key_triples(statements: Iterable[tuple]) -> Iterator[tuple]:
    """The edge triples of ``(statement, subject, relation, object, day)`` tuples, except counts.

    These only ever add facts (the key and one ``dg:aggregates`` link per statement), so they
    can be written with the article and written again without harm; the counts are set by
    :func:`recount_update`.
    """
    for st, s, rel, o, day in statements:
        e = edge_iri(str(s), str(rel), str(o), day)
        yield e, RDF.type, DG.StanceEdge
        yield e, DG.subject, URIRef(str(s))
        yield e, DG.relation, URIRef(str(rel))
        yield e, DG.object, URIRef(str(o))
        yield e, DG.date, Literal(day if isinstance(day, dt.date) else str(day), datatype=XSD.date)
        yield e, DG.aggregates, URIRef(str(st))


_STATS = "?e dg:count ?c ; dg:articleCount ?n ; dg:firstSeen ?f ; dg:lastSeen ?l"
_COUNT = """{{ SELECT ?e (COUNT(DISTINCT ?st) AS ?c) (COUNT(DISTINCT ?a) AS ?n)
                  (MIN(?ad) AS ?f) (MAX(?ad) AS ?l)
     WHERE {{ {values} ?e a dg:StanceEdge ; dg:aggregates ?st . ?st prov:wasDerivedFrom ?a . ?a dg:date ?ad }}
     GROUP BY ?e }}"""


def recount_update(edges: Iterable[str] | None = None, *, prologue: bool = True) -> str:
    """A SPARQL Update that sets count, article count, first and last seen of ``edges`` (all if None).

    Without ``prologue`` the PREFIX lines are left out, for a request that declares them first.

    >>> "VALUES ?e { <http://x/e> }" in recount_update(["http://x/e"])
    True
    """
    values = ""
    if edges is not None:
        edges = sorted(set(map(str, edges)))
        if not edges:
            return ""
        values = "VALUES ?e { " + " ".join(f"<{e}>" for e in edges) + " } "
    return ((PREFIXES if prologue else "") + f"DELETE {{ ?e ?p ?x }} WHERE {{ {values}?e a dg:StanceEdge . "
            f"VALUES ?p {{ dg:count dg:articleCount dg:firstSeen dg:lastSeen }} ?e ?p ?x }} ;\n"
            f"INSERT {{ {_STATS} }} WHERE {_COUNT.format(values=values)}")


#: Rebuild every edge from the statements (what ``diplograph aggregate`` runs, in one transaction).
REBUILD_UPDATE = f"""{PREFIXES}DELETE {{ ?e ?p ?x }} WHERE {{ ?e a dg:StanceEdge ; ?p ?x }} ;
INSERT {{ ?e a dg:StanceEdge ; dg:subject ?s ; dg:relation ?r ; dg:object ?o ; dg:date ?d ;
            dg:aggregates ?st }}
WHERE {{ ?st a dg:Stance ; dg:subject ?s ; dg:relation ?r ; dg:object ?o ; dg:date ?d .
        BIND(IRI(CONCAT("{_EDGE_PREFIX}", SUBSTR(SHA256(CONCAT(STR(?s), "|", STR(?r), "|", STR(?o), "|",
                                                                    STR(?d))), 1, 32))) AS ?e) }} ;
INSERT {{ {_STATS} }} WHERE {_COUNT.format(values="")}"""

#: One row per statement with what its edge needs (grouped in Python by :func:`aggregate_edges`).
EDGES_QUERY = PREFIXES + """SELECT ?st ?s ?r ?o ?d ?a ?ad ?evidence ?quote ?confidence WHERE {
  ?st a dg:Stance ; dg:subject ?s ; dg:relation ?r ; dg:object ?o ; dg:date ?d .
  OPTIONAL { ?st prov:wasDerivedFrom ?a . OPTIONAL { ?a dg:date ?ad } }
  OPTIONAL { ?st dg:evidence ?evidence }
  OPTIONAL { ?st dg:quote ?quote }
  OPTIONAL { ?st dg:confidence ?confidence }
}"""


def _date(term) -> dt.date | None:
    if term is None:
        return None
    try:
        return dt.date.fromisoformat(str(term)[:10])
    except ValueError:
        return None


def _confidence(term) -> float | None:
    try:
        return None if term is None else float(term)
    except (TypeError, ValueError):
        return None


def aggregate_edges(graph) -> list[dict]:
    """One dict per (subject, relation, object, day), computed from the ``dg:Stance`` statements.

    Works on any rdflib graph (an Oxigraph store, a parsed file). Each dict has ``edge`` (its
    IRI), ``subject`` and ``object`` (actor ids as in :mod:`diplograph.graph.network`),
    ``relation``, ``date``, ``count`` (statements), ``articles`` (distinct articles),
    ``first_seen`` and ``last_seen`` (publication dates), and ``evidence``: one dict per
    statement with ``statement``, ``article`` (content hash), ``published``, ``text``, ``quote``
    and ``confidence`` (``None`` if the statement has none), the most confident first (ties: by
    publication date, then statement IRI), so ``evidence[0]`` is the strongest sentence. Sorted
    by date, subject, relation, object.

    Examples
    --------
    >>> from diplograph.graph.store import open_graph
    >>> from diplograph.loaders.records import Actor, Article, StanceMention
    >>> from diplograph.loaders.to_rdf import to_triples
    >>> fra, aze = Actor("FRA", "France", "State", "FRA"), Actor("AZE", "Azerbaijan", "State", "AZE")
    >>> g = open_graph()
    >>> for n in range(3):
    ...     art = Article(f"Report {n}: France condemns Azerbaijan.", dt.date(2023, 9, 19 + n))
    ...     st = StanceMention(fra, "condemns", aze, "France condemns Azerbaijan.", 10, 37,
    ...                        dt.date(2023, 9, 19), 0.9, "test", article=art.hash)
    ...     g += to_triples(art, [st])
    >>> [e] = aggregate_edges(g)
    >>> e["subject"], e["relation"], e["object"], e["count"], e["first_seen"], e["last_seen"]
    ('FRA', 'condemns', 'AZE', 3, datetime.date(2023, 9, 19), datetime.date(2023, 9, 21))
    >>> e["evidence"][0]["confidence"]
    0.9
    """
    if not hasattr(graph, "query"):
        raise DiplographError(f"aggregate_edges needs an rdflib graph, not {type(graph).__name__}")
    try:
        rows = graph.query(EDGES_QUERY)
    except Exception as err:
        raise DiplographError(f"cannot read stances: {str(err).splitlines()[0][:200]}") from None
    edges: dict[str, dict] = {}
    for st, s, r, o, d, a, ad, evidence, quote, confidence in rows:
        day = _date(d)
        e = edge_iri(str(s), str(r), str(o), day.isoformat() if day else str(d))
        edge = edges.get(str(e))
        if edge is None:
            relation = str(r).removeprefix(str(DG._NS))
            edge = edges[str(e)] = {
                "edge": str(e), "subject": str(s).removeprefix(_ACTOR_PREFIX),
                "relation": relation if relation in RELATIONS else str(r),
                "object": str(o).removeprefix(_ACTOR_PREFIX), "date": day, "evidence": {}}
        edge["evidence"].setdefault(str(st), {
            "statement": str(st),
            "article": None if a is None else str(a).removeprefix(_ARTICLE_PREFIX),
            "published": _date(ad), "text": None if evidence is None else str(evidence),
            "quote": None if quote is None else str(quote), "confidence": _confidence(confidence)})
    out = []
    for edge in edges.values():
        evidence = sorted(edge["evidence"].values(), key=lambda v: (
            -(v["confidence"] if v["confidence"] is not None else -1.0), str(v["published"]), v["statement"]))
        seen = [v["published"] for v in evidence if v["published"] is not None]
        out.append({**edge, "count": len(evidence),
                    "articles": len({v["article"] for v in evidence if v["article"]}),
                    "first_seen": min(seen) if seen else None, "last_seen": max(seen) if seen else None,
                    "evidence": evidence})
    out.sort(key=lambda x: (str(x["date"]), x["subject"], x["relation"], x["object"]))
    return out
