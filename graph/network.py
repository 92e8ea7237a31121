"""RDF -> networkx, in one place.

Everything that analyses or draws the stance graph starts here: :func:`stance_graph` reads the
``dg:Stance`` statement nodes of an rdflib graph with one SPARQL query and returns a
:class:`networkx.MultiDiGraph` with one edge per statement; :func:`aggregate` folds it into a
:class:`networkx.DiGraph` with one edge per ordered actor pair. Nothing else in the project reads
RDF to build a networkx graph.

Nodes are actor ids (``"AZE"``, ``"emmanuel-macron"``): the IRI with the
``https://w3id.org/diplograph/resource/actor/`` prefix removed, or the full IRI for an actor
outside that namespace. Node attributes: ``label``, ``type`` (``State``, ``Person``,
``Organization`` or ``NonState``), ``country`` (a state's id or ``None``), ``organ_of``,
``wikidata`` (the Wikidata id the actor data gives, such as ``"Q142"``, or ``None``) and ``iri``.

Edges are keyed by the statement IRI and carry ``relation``, ``family``, ``goldstein``,
``cameo`` (the CAMEO code as a string, ``"040"``), ``cameo_root``, ``quad_class``,
``plover_type``, ``plover_mode``, ``evidence``, ``date`` (:class:`datetime.date` or ``None``),
``article`` (the article's content hash, or the IRI of an imported event's record), ``dataset``
(``gdelt``, ``icews`` or ``polecat`` for an imported event, else ``None``), ``confidence``,
``quote`` and ``statement``.

Only statement nodes become edges: a bare ``actor dg:condemns actor`` triple without its
``dg:Stance`` node carries no evidence and is not read.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections import Counter

import networkx as nx
from rdflib import Graph, Literal

from diplograph.graph.ontology import DG, PLOVER, RELATIONS, RES, cameo_root, quad_class, relation_info
from diplograph.loaders.records import DiplographError

__all__ = ["ACTORS_QUERY", "STANCES_QUERY", "EmptyFilterWarning", "aggregate", "check_filters", "filter_graph", "node_id", "rollup_map",
           "stance_graph", "strongest_first"]

_ACTOR_PREFIX = str(RES) + "actor/"
_ARTICLE_PREFIX = str(RES) + "article/"
_TYPE_NAMES = {str(DG.State): "State", str(DG.Person): "Person",
               str(DG.Organization): "Organization", str(DG.NonStateActor): "NonState"}

#: Every stance statement with what an edge needs (one row per statement).
STANCES_QUERY = """
PREFIX dg: <https://w3id.org/diplograph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?st ?s ?rel ?o ?evidence ?date ?confidence ?goldstein ?cameo ?quote ?article ?quad ?plover ?mode ?dataset
WHERE {
  ?st a dg:Stance ; dg:subject ?s ; dg:relation ?rel ; dg:object ?o .
  OPTIONAL { ?st dg:evidence ?evidence }
  OPTIONAL { ?st dg:date ?date }
  OPTIONAL { ?st dg:confidence ?confidence }
  OPTIONAL { ?st dg:goldstein ?goldstein }
  OPTIONAL { ?st dg:cameoCode ?cameo }
  OPTIONAL { ?st dg:quote ?quote }
  OPTIONAL { ?st prov:wasDerivedFrom ?article }
  OPTIONAL { ?st dg:quadClass ?quad }
  OPTIONAL { ?st dg:ploverType ?plover }
  OPTIONAL { ?st dg:ploverMode ?mode }
  OPTIONAL { ?article dg:dataset ?dataset }
}
"""

#: Every typed actor with its label and the nodes it rolls up into.
ACTORS_QUERY = """
PREFIX dg: <https://w3id.org/diplograph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?a ?type ?label ?country ?organOf ?same WHERE {
  VALUES ?type { dg:State dg:Person dg:Organization dg:NonStateActor }
  ?a a ?type .
  OPTIONAL { ?a rdfs:label ?label }
  OPTIONAL { ?a owl:sameAs ?same FILTER (STRSTARTS(STR(?same), "http://www.wikidata.org/entity/Q")) }
  OPTIONAL { ?a dg:country ?country }
  OPTIONAL { ?a dg:organOf ?organ }
  # a person who speaks for no state holds an office of an organisation (Charles Michel, 2023)
  OPTIONAL { ?a dg:holds/dg:officeOf ?employer . ?employer a dg:Organization .
             FILTER NOT EXISTS { ?a dg:country ?someCountry } }
  BIND (COALESCE(?organ, ?employer) AS ?organOf)
}
"""


def node_id(iri) -> str:
    """The node name of an actor IRI: its id inside the diplograph namespace, else the IRI.

    >>> node_id("https://w3id.org/diplograph/resource/actor/AZE")
    'AZE'
    >>> node_id("http://example.org/x")
    'http://example.org/x'
    """
    iri = str(iri)
    return iri.removeprefix(_ACTOR_PREFIX)


_PLOVER = str(PLOVER)


def _notation(term, prefix: str) -> str:
    return str(term).removeprefix(prefix)


def _value(term):
    """A Python value for an RDF term (``None`` stays ``None``)."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return value if not isinstance(value, Literal) else str(value)
    return str(term)


def _float(term, default=None):
    if term is None:
        return default
    try:
        return float(term.toPython() if isinstance(term, Literal) else term)
    except (TypeError, ValueError):
        return default


def _date(term):
    value = _value(term)
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _query(rdf_graph, sparql: str):
    try:
        return rdf_graph.query(sparql)
    except Exception as err:
        raise DiplographError(f"cannot read stances from the graph: {str(err).splitlines()[0][:200]}") from None


def _actors(rdf_graph) -> dict[str, dict]:
    actors: dict[str, dict] = {}
    for a, typ, label, country, organ_of, same in _query(rdf_graph, ACTORS_QUERY):
        node = node_id(a)
        attrs = actors.setdefault(node, {"label": None, "type": None, "country": None,
                                         "organ_of": None, "wikidata": None, "iri": str(a)})
        if same is not None and (attrs["wikidata"] is None or str(same).rsplit("/", 1)[-1] < attrs["wikidata"]):
            attrs["wikidata"] = str(same).rsplit("/", 1)[-1]
        # an actor typed twice keeps the most specific of the four types, in a fixed order
        name = _TYPE_NAMES[str(typ)]
        if attrs["type"] is None or _type_rank(name) < _type_rank(attrs["type"]):
            attrs["type"] = name
        if label is not None:
            attrs.setdefault("labels", set()).add(str(label))
        if country is not None and attrs["country"] is None:
            attrs["country"] = node_id(country)
        if organ_of is not None and attrs["organ_of"] is None:
            attrs["organ_of"] = node_id(organ_of)
    for node, attrs in actors.items():
        if attrs["type"] == "State" and attrs["country"] is None:
            attrs["country"] = node
        # a state named only in passing (a leader's country) may carry its code as a second
        # label: prefer a real name, then the longest, then the first in order
        labels = sorted(attrs.pop("labels", ()), key=lambda x: (x == node, -len(x), x))
        attrs["label"] = labels[0] if labels else node
    return actors


def _type_rank(name: str) -> int:
    return ("Person", "Organization", "NonState", "State").index(name)


def stance_graph(rdf_graph: Graph, *, rollup: bool = False) -> nx.MultiDiGraph:
    """The stance multigraph of an RDF graph: one edge per ``dg:Stance`` statement.

    Parameters
    ----------
    rdf_graph : rdflib.Graph
        A graph holding diplograph statements (an Oxigraph store from
        :func:`diplograph.graph.store.open_graph`, or any rdflib graph).
    rollup : bool, optional
        If true, people and organs are merged into what they speak for: an organisation with
        ``dg:organOf`` into that organisation, a person or an organ with ``dg:country`` into
        that state (non-state actors are never merged into the state they fight in). Each edge
        keeps the original actors as ``source_actor`` and ``target_actor``; a stance that
        becomes a self-loop (a minister backing his own state) is dropped; a merged node lists
        its members in ``members``.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes are actor ids with ``label``, ``type``, ``country``, ``organ_of`` and ``iri``;
        edges are keyed by the statement IRI (see the module documentation).

    Raises
    ------
    DiplographError
        If the graph cannot be queried or a statement uses an unknown relation.

    Examples
    --------
    >>> import datetime as dt
    >>> from diplograph.graph.store import open_graph
    >>> from diplograph.loaders.records import Actor, Article, StanceMention
    >>> from diplograph.loaders.to_rdf import to_triples
    >>> fra, aze = Actor("FRA", "France", "State", "FRA"), Actor("AZE", "Azerbaijan", "State", "AZE")
    >>> art = Article("France condemns Azerbaijan.", dt.date(2023, 9, 19))
    >>> st = StanceMention(fra, "condemns", aze, "France condemns Azerbaijan.", 0, 27,
    ...                    art.date, 0.9, "test", article=art.hash)
    >>> g = open_graph()
    >>> g += to_triples(art, [st])
    >>> G = stance_graph(g)
    >>> sorted(G.nodes)
    ['AZE', 'FRA']
    >>> [(u, v, d["relation"], d["goldstein"]) for u, v, d in G.edges(data=True)]
    [('FRA', 'AZE', 'condemns', -2.0)]
    """
    if not hasattr(rdf_graph, "query"):
        raise DiplographError(f"stance_graph needs an rdflib graph, not {type(rdf_graph).__name__}")
    actors = _actors(rdf_graph)
    rows = []
    for st, s, rel, o, evidence, date, confidence, goldstein, cameo, quote, article, quad, plover, mode, dataset \
            in _query(rdf_graph, STANCES_QUERY):
        rel = str(rel)
        name = rel.removeprefix(str(DG._NS))
        if name not in RELATIONS:
            raise DiplographError(f"statement {st} has an unknown relation {rel!r}")
        info = relation_info(name)
        article = None if article is None else str(article)
        if article is not None and article.startswith(_ARTICLE_PREFIX):
            article = article[len(_ARTICLE_PREFIX):]
        code = str(cameo) if cameo is not None else info["cameo"]
        rows.append((node_id(s), node_id(o), str(st), {
            "relation": name,
            "family": info["family"],
            "goldstein": _float(goldstein, info["goldstein"]),
            "cameo": code,
            "cameo_root": cameo_root(code),
            "quad_class": int(quad) if quad is not None else quad_class(code),
            "plover_type": _notation(plover, _PLOVER) if plover is not None else info["plover_type"],
            "plover_mode": _notation(mode, _PLOVER).split("-", 1)[-1] if mode is not None else (
                info["plover_mode"] if plover is None else None),
            "dataset": None if dataset is None else str(dataset),
            "evidence": None if evidence is None else str(evidence),
            "date": _date(date),
            "article": article,
            "confidence": _float(confidence),
            "quote": None if quote is None else str(quote),
            "statement": str(st),
        }))
    rows.sort(key=lambda r: (r[0], r[1], r[3]["relation"], str(r[3]["date"]), r[2]))

    G = nx.MultiDiGraph()
    for node in sorted({n for r in rows for n in r[:2]}):
        G.add_node(node, **_node_attrs(node, actors))
    for u, v, key, attrs in rows:
        G.add_edge(u, v, key=key, **attrs)
    if rollup:
        G = _rolled_up(G, rollup_map(G, actors), actors)
    return G


def _node_attrs(node: str, actors: dict[str, dict]) -> dict:
    known = actors.get(node)
    if known is not None:
        return dict(known)
    return {"label": node.rsplit("/", 1)[-1].rsplit("#", 1)[-1], "type": None, "country": None,
            "organ_of": None, "wikidata": None, "iri": _ACTOR_PREFIX + node if "/" not in node else node}


def rollup_map(G: nx.Graph, actors: dict[str, dict] | None = None) -> dict[str, str]:
    """Where each node rolls up to: an organ to its organisation, a person or organ to its state.

    ``actors`` (node -> attributes) defaults to the node attributes of ``G``; the chain is
    followed (an organ of an organ of a state ends at the state) and cycles stop where they
    start.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("FRA", type="State", country="FRA")
    >>> G.add_node("emmanuel-macron", type="Person", country="FRA")
    >>> G.add_node("NKS", type="NonState", country="AZE")
    >>> rollup_map(G)
    {'FRA': 'FRA', 'emmanuel-macron': 'FRA', 'NKS': 'NKS'}
    """
    actors = actors if actors is not None else dict(G.nodes(data=True))

    def parent(node):
        attrs = actors.get(node) or {}
        if attrs.get("type") not in ("Person", "Organization"):
            return None
        return attrs.get("organ_of") or attrs.get("country")

    out = {}
    for node in G:
        seen, cur = {node}, node
        while (nxt := parent(cur)) is not None and nxt not in seen:
            seen.add(nxt)
            cur = nxt
        out[node] = cur
    return out


def _rolled_up(G: nx.MultiDiGraph, target: dict[str, str], actors: dict[str, dict]) -> nx.MultiDiGraph:
    R = nx.MultiDiGraph()
    members: dict[str, list[str]] = {}
    for node in G:
        members.setdefault(target[node], []).append(node)
    for node in sorted(members):
        attrs = dict(G.nodes[node]) if node in G else _node_attrs(node, actors)
        if attrs.get("type") is None and any(G.nodes[m].get("country") == node for m in members[node]):
            attrs["type"] = "State"  # a state known only as someone's country
        R.add_node(node, **attrs, members=sorted(members[node]))
    for u, v, key, attrs in G.edges(keys=True, data=True):
        tu, tv = target[u], target[v]
        if tu == tv and u != v:
            continue
        R.add_edge(tu, tv, key=key, **attrs, source_actor=u, target_actor=v)
    return R


def aggregate(G: nx.MultiDiGraph) -> nx.DiGraph:
    """One edge per ordered actor pair, summing the stances between them.

    Edge attributes: ``count`` (stances), ``weight`` (sum of Goldstein weights), ``counts``
    (relation -> count), ``families`` (family -> count), ``articles`` (distinct articles; a
    stance without one counts as its own), ``first_date``, ``last_date`` and ``evidence``: every
    stance's sentence as a dict with ``relation``, ``text``, ``confidence``, ``date``, ``article``,
    ``quote`` and ``statement``, the most confident first, so ``evidence[0]`` is the strongest.
    Node attributes are copied.

    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("FRA", "AZE", relation="condemns", family="disapprove", goldstein=-2.0)
    0
    >>> G.add_edge("FRA", "AZE", relation="demands", family="appeal", goldstein=-5.0)
    1
    >>> A = aggregate(G)
    >>> A["FRA"]["AZE"]["count"], A["FRA"]["AZE"]["weight"], A["FRA"]["AZE"]["counts"]
    (2, -7.0, {'condemns': 1, 'demands': 1})
    """
    if not isinstance(G, nx.Graph):
        raise DiplographError(f"aggregate needs a networkx graph, not {type(G).__name__}")
    D = nx.DiGraph()
    D.add_nodes_from(G.nodes(data=True))
    acc: dict[tuple, dict] = {}
    for u, v, d in G.edges(data=True):
        a = acc.setdefault((u, v), {"count": 0, "weight": 0.0, "counts": Counter(),
                                    "families": Counter(), "dates": [], "evidence": []})
        a["count"] += 1
        a["evidence"].append({"relation": d.get("relation"), "text": d.get("evidence"),
                              "confidence": d.get("confidence"), "date": d.get("date"),
                              "article": d.get("article"), "quote": d.get("quote"),
                              "statement": d.get("statement")})
        a["weight"] += _goldstein(d)
        a["counts"][d.get("relation")] += 1
        a["families"][d.get("family")] += 1
        if d.get("date") is not None:
            a["dates"].append(d["date"])
    for (u, v), a in acc.items():
        dates = a.pop("dates")
        evidence = sorted(a["evidence"], key=strongest_first)
        D.add_edge(u, v, count=a["count"], weight=a["weight"], evidence=evidence,
                   articles=len({e["article"] or ("statement", i) for i, e in enumerate(evidence)}),
                   counts=dict(sorted(a["counts"].items(), key=lambda kv: str(kv[0]))),
                   families=dict(sorted(a["families"].items(), key=lambda kv: str(kv[0]))),
                   first_date=min(dates) if dates else None, last_date=max(dates) if dates else None)
    return D


def strongest_first(evidence: dict) -> tuple:
    """Sort key of an evidence dict (``confidence``, ``date``, ``relation``, ``text``): the most
    confident first, then the earliest, so the order is the same on every run.

    >>> ev = [{"confidence": 0.43, "text": "b"}, {"confidence": None, "text": "c"},
    ...       {"confidence": 0.95, "text": "a"}]
    >>> [e["text"] for e in sorted(ev, key=strongest_first)]
    ['a', 'b', 'c']
    """
    c = evidence.get("confidence")
    return (-(float(c) if c is not None else -1.0), str(evidence.get("date")),
            str(evidence.get("relation")), str(evidence.get("text")), str(evidence.get("statement")))


def _goldstein(d: dict) -> float:
    if d.get("goldstein") is not None:
        return float(d["goldstein"])
    if d.get("relation") in RELATIONS:
        return relation_info(d["relation"])["goldstein"]
    raise DiplographError("a stance edge needs a 'goldstein' weight or a known 'relation'")



def _slug(text: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", str(text).strip().casefold())
    return "-".join("".join(c for c in plain if not unicodedata.combining(c)).split())


def _actor_nodes(G: nx.Graph, name: str) -> list:
    """The nodes ``name`` means: an id or a label (any case, accents optional), or a member of
    a rolled-up node ("Emmanuel Macron" is in France once people are rolled up)."""
    key = _slug(name)
    found = [n for n, d in G.nodes(data=True) if key in (_slug(n), _slug(d.get("label") or ""))]
    if found:
        return sorted(found, key=str)
    return sorted((n for n, d in G.nodes(data=True) if key in {_slug(m) for m in d.get("members") or ()}), key=str)


def _as_day(value, what: str):
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise DiplographError(f"{what} {value!r} is not a date (use YYYY-MM-DD)") from None


def _names(values, known, what: str) -> set | None:
    if values is None:
        return None
    if isinstance(values, str):
        values = [values]
    out = {v.strip() for value in values for v in str(value).split(",") if v.strip()}
    unknown = sorted(out - set(known))
    if unknown:
        raise DiplographError(f"unknown {what} {unknown[0]!r}; choose from {', '.join(sorted(known))}")
    return out


class EmptyFilterWarning(UserWarning):
    """:func:`filter_graph` left no stance of a graph that had some (``draw`` and ``export`` say so
    as a hint on stderr and still write their empty output)."""


def check_filters(*, since=None, until=None, actor=None, depth=None, min_articles=None, top=None,
                  relations=None, families=None):
    """Check the values of :func:`filter_graph`'s filters (``actor`` aside: whether it names an
    actor depends on the graph, which :func:`filter_graph` looks up) and return ``(since, until, relations, families)`` read: days as dates, names as sets or None.
    A bad value raises :class:`DiplographError` with one line; the CLI calls this before it opens
    the store.

    >>> check_filters(since="2023-09-19", families="support,force")[0]
    datetime.date(2023, 9, 19)
    >>> check_filters(top=0)
    Traceback (most recent call last):
    ...
    diplograph.loaders.records.DiplographError: --top must be a whole number of at least 1, not 0
    """
    since, until = _as_day(since, "--since"), _as_day(until, "--until")
    if since and until and since > until:
        raise DiplographError(f"--since {since} is after --until {until}")
    for value, what in ((depth, "--depth"), (min_articles, "--min-articles"), (top, "--top")):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            raise DiplographError(f"{what} must be a whole number of at least 1, not {value!r}")
    wanted_rel = _names(relations, RELATIONS, "relation")
    wanted_fam = _names(families, {relation_info(r)["family"] for r in RELATIONS}, "family")
    return since, until, wanted_rel, wanted_fam


def filter_graph(G: nx.MultiDiGraph, *, since=None, until=None, actor=None, depth: int = 1,
                 relations=None, families=None, min_articles: int | None = None,
                 top: int | None = None) -> nx.MultiDiGraph:
    """A stance graph cut down to what one picture or page can show.

    The filters apply in this order, and an actor left without any stance is dropped:

    1. ``since`` / ``until``: stances dated in that range (both days included; a stance with
       no date goes when either is given);
    2. ``relations`` / ``families``: stances of these relations or relation families;
    3. ``min_articles``: stances whose (subject, relation, object) at least that many distinct
       articles report (a stance without an article counts as one article of its own);
    4. ``actor`` and ``depth``: the ego network of the actor (id, label in any case, or a
       member of a rolled-up node), everyone within ``depth`` stances of it in either direction;
    5. ``top``: the ``top`` actors with the most stances (ties by id), and the stances among them.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A stance graph (:func:`stance_graph`), rolled up or not.
    since, until : datetime.date or str, optional
        First and last day (``YYYY-MM-DD``).
    actor : str, optional
        Keep the ego network of this actor.
    depth : int, optional
        Radius of the ego network (default 1: the actor and those it has a stance with).
    relations, families : iterable of str or str, optional
        Relation names (``condemns``) or families (``disapprove``); a string may list several,
        separated by commas.
    min_articles : int, optional
        Minimum number of articles behind a (subject, relation, object).
    top : int, optional
        Keep the ``top`` best connected actors.

    Returns
    -------
    networkx.MultiDiGraph
        A new graph (attributes copied); ``G`` is unchanged.

    Raises
    ------
    DiplographError
        For an actor not in ``G``, an unknown relation or family, a bad date or a count below 1.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("FRA", label="France")
    >>> for u, v, rel, fam, day, art in [("FRA", "AZE", "condemns", "disapprove", "2023-09-19", "a1"),
    ...                                  ("FRA", "AZE", "condemns", "disapprove", "2023-09-20", "a2"),
    ...                                  ("TUR", "AZE", "supports", "support", "2023-09-20", "a2"),
    ...                                  ("USA", "RUS", "condemns", "disapprove", "2023-09-21", "a3")]:
    ...     _ = G.add_edge(u, v, relation=rel, family=fam, date=dt.date.fromisoformat(day), article=art)
    >>> sorted(filter_graph(G, since="2023-09-20").edges())
    [('FRA', 'AZE'), ('TUR', 'AZE'), ('USA', 'RUS')]
    >>> sorted(filter_graph(G, actor="france", depth=2))
    ['AZE', 'FRA', 'TUR']
    >>> sorted(filter_graph(G, min_articles=2).edges())
    [('FRA', 'AZE'), ('FRA', 'AZE')]
    >>> sorted(filter_graph(G, families="support, disapprove", top=2))
    ['AZE', 'FRA']
    """
    if not isinstance(G, nx.Graph) or not G.is_directed() or not G.is_multigraph():
        raise DiplographError(f"filter_graph needs a stance MultiDiGraph, not {type(G).__name__}")
    since, until, wanted_rel, wanted_fam = check_filters(since=since, until=until, depth=depth,
                                                         min_articles=min_articles, top=top,
                                                         relations=relations, families=families)
    centre = None
    if actor is not None:
        centre = _actor_nodes(G, actor)
        if not centre:
            import difflib

            names = sorted({str(d.get("label") or n) for n, d in G.nodes(data=True)})
            close = difflib.get_close_matches(str(actor), names, n=3)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise DiplographError(f"--actor {actor!r} is not in the graph{hint}")

    def keep(d):
        day = d.get("date")
        if (since or until) and day is None:
            return False
        if (since and day < since) or (until and day > until):
            return False
        if wanted_rel is not None and d.get("relation") not in wanted_rel:
            return False
        return wanted_fam is None or d.get("family") in wanted_fam

    edges = [(u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True) if keep(d)]
    if min_articles is not None and min_articles > 1:
        articles: dict[tuple, set] = {}
        for u, v, k, d in edges:
            articles.setdefault((u, v, d.get("relation")), set()).add(d.get("article") or ("edge", k))
        edges = [e for e in edges if len(articles[e[0], e[1], e[3].get("relation")]) >= min_articles]
    H = nx.MultiDiGraph()
    H.graph.update(G.graph)
    for u, v, k, d in edges:
        H.add_edge(u, v, key=k, **d)
    if centre is not None:
        U = H.to_undirected(as_view=True)
        near = set()
        for c in centre:
            if c in U:
                near |= set(nx.single_source_shortest_path_length(U, c, cutoff=depth))
        H = H.subgraph(near).copy()
    if top is not None and len(H) > top:
        degree = dict(H.degree())
        H = H.subgraph(sorted(H, key=lambda n: (-degree[n], str(n)))[:top]).copy()
        H.remove_nodes_from([n for n in list(H) if H.degree(n) == 0])
    for n in H:
        H.nodes[n].update(G.nodes[n])
    out = nx.MultiDiGraph()
    out.graph.update(H.graph)
    out.add_nodes_from(sorted(H.nodes(data=True), key=lambda nd: str(nd[0])))
    out.add_edges_from(H.edges(keys=True, data=True))
    if G.number_of_edges() and not out.number_of_edges():
        warnings.warn("the filters leave no stance; the output is empty", EmptyFilterWarning, stacklevel=2)
    return out
