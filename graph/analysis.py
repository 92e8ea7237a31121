"""Who stands with whom: the signed alliance graph, blocs, balance and stance metrics.

Every function takes a networkx graph first and returns plain data (dicts keyed by node,
lists, numbers); none reads RDF (use :func:`diplograph.graph.network.stance_graph`).

The *tone* of actor ``u`` toward actor ``v`` is the sign of a weighted sum of the Goldstein
weights of ``u``'s stances toward ``v``: cooperative stances (supports, mediates, appeals,
consults) count their weight, conflictual ones (condemns, accuses, demands, attacks, threatens,
rejects) count it ``conflict_weight`` times (2 by default). A public condemnation says more about
where an actor stands than a call or a phone call that often comes with it ("France condemns the
offensive and calls on Baku to stop" is hostile, not friendly), and one angry and one friendly
statement of equal weight still do not cancel to friendship.

Two kinds of stance feed the alliance graph. *Direct* ties use every relation between the pair,
both directions together. *Shared positions* toward a third party use only the relations that
take a side about it: families ``support``, ``disapprove``, ``force`` and ``reject``. Appeals,
demands, consultations and mediation address a party without siding with or against it:
everyone calls on the aggressor to stop, which makes nobody an ally of anybody.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx

from diplograph.graph.ontology import RELATIONS, relation_info
from diplograph.loaders.records import DiplographError

__all__ = [
    "Blocs",
    "alignment_matrix",
    "alliance_graph",
    "blocs",
    "centrality",
    "frustration",
    "mediators",
    "most_condemned",
    "most_supported",
    "neighbourhoods",
    "net_stance",
    "stance_change",
    "tones",
]


def _check_graph(G, what: str) -> None:
    if not isinstance(G, nx.Graph):
        raise DiplographError(f"{what} needs a networkx graph, not {type(G).__name__}")


#: Relation families that take a side about their object (used for shared positions).
POSITION_FAMILIES = frozenset({"support", "disapprove", "force", "reject"})


def _goldstein(u, v, d) -> float:
    g = d.get("goldstein")
    if g is not None:
        return float(g)
    if d.get("relation") in RELATIONS:
        return relation_info(d["relation"])["goldstein"]
    if d.get("weight") is not None:  # an aggregated edge: the sum of its Goldstein weights
        return float(d["weight"])
    raise DiplographError(f"edge {u!r} -> {v!r} has no 'goldstein', known 'relation' or 'weight'")


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def _dated(G, start=None, end=None):
    """Edges of a stance graph (directed) with their Goldstein weight, inside [start, end]."""
    for u, v, d in G.edges(data=True):
        if start is not None or end is not None:
            date = d.get("date")
            if date is None or (start is not None and date < start) or (end is not None and date > end):
                continue
        yield u, v, _goldstein(u, v, d)


def _stances(G):
    """``(u, v, family, goldstein)`` for every stance; an aggregated edge expands its ``counts``."""
    for u, v, d in G.edges(data=True):
        if u == v:
            continue
        counts = d.get("counts")
        if isinstance(counts, dict) and d.get("relation") is None:
            for rel, n in counts.items():
                if rel not in RELATIONS:
                    raise DiplographError(f"edge {u!r} -> {v!r} counts an unknown relation {rel!r}")
                info = relation_info(rel)
                for _ in range(int(n)):
                    yield u, v, info["family"], info["goldstein"]
            continue
        fam = d.get("family")
        if fam is None and d.get("relation") in RELATIONS:
            fam = relation_info(d["relation"])["family"]
        yield u, v, fam, _goldstein(u, v, d)


def _weighted(g: float, conflict_weight: float) -> float:
    return g * conflict_weight if g < 0 else g


def _check_directed(G, what):
    _check_graph(G, what)
    if not G.is_directed():
        raise DiplographError(f"{what} needs a directed stance graph")


def tones(G: nx.Graph, *, conflict_weight: float = 2.0, families=None) -> dict[tuple, int]:
    """The tone (+1 or -1) of each ordered actor pair, leaving out pairs whose tone is 0.

    Parameters
    ----------
    G : networkx.MultiDiGraph or networkx.DiGraph
        A stance graph (:func:`~diplograph.graph.network.stance_graph`) or its aggregation
        (:func:`~diplograph.graph.network.aggregate`).
    conflict_weight : float, optional
        How many times a conflictual Goldstein weight counts (see the module documentation).
    families : set of str, optional
        Only read stances of these relation families (default: all).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for u, rel, v in [("FRA", "condemns", "AZE"), ("FRA", "appeals", "AZE"),   # -2*2 + 3
    ...                   ("RUS", "appeals", "AZE"),                              # +3
    ...                   ("EU", "mediates", "AZE"), ("EU", "condemns", "AZE")]:  # +5 - 2*2
    ...     _ = G.add_edge(u, v, relation=rel)
    >>> tones(G)
    {('FRA', 'AZE'): -1, ('RUS', 'AZE'): 1, ('EU', 'AZE'): 1}
    >>> tones(G, families={"disapprove", "support"})
    {('FRA', 'AZE'): -1, ('EU', 'AZE'): -1}
    """
    _check_directed(G, "tones")
    total: dict[tuple, float] = defaultdict(float)
    for u, v, fam, g in _stances(G):
        if families is None or fam in families:
            total[u, v] += _weighted(g, conflict_weight)
    return {pair: _sign(t) for pair, t in total.items() if _sign(t)}


def _pair_tones(G, conflict_weight) -> dict[frozenset, int]:
    total: dict[frozenset, float] = defaultdict(float)
    for u, v, _, g in _stances(G):
        total[frozenset((u, v))] += _weighted(g, conflict_weight)
    return {pair: _sign(t) for pair, t in total.items() if _sign(t)}


def alliance_graph(G: nx.Graph, *, direct: float = 1.0, shared: float = 1.0,
                   conflict_weight: float = 2.0, positions=POSITION_FAMILIES) -> nx.Graph:
    """The signed, weighted, undirected alliance graph of a stance graph.

    For two actors ``u`` and ``v`` the weight is ``direct * t(u, v)`` plus
    ``shared * (aligned - opposed)``, where ``t(u, v)`` is the tone of all their stances toward
    each other (both directions together; +1, -1 or 0) and ``aligned`` / ``opposed`` count the
    third parties ``x`` they take the same / opposite *position* on (both condemn ``x``, both
    support it: aligned; one supports it, the other condemns it: opposed; see the module
    documentation for which relations are positions). Pairs whose weight is 0 get no edge.

    Parameters
    ----------
    G : networkx.MultiDiGraph or networkx.DiGraph
        A stance graph or its aggregation.
    direct, shared : float, optional
        How much a direct tie and a shared position count (default 1 each).
    conflict_weight : float, optional
        How many times conflictual Goldstein weights count in a tone (default 2).
    positions : set of str, optional
        Relation families that count as positions toward a third party.

    Returns
    -------
    networkx.Graph
        Every actor of ``G`` as a node (attributes copied); edges with ``weight`` (signed),
        ``sign`` (+1 or -1), ``direct`` (the pair's tone), ``aligned`` and ``opposed``.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for u, rel, v in [("FRA", "condemns", "AZE"), ("ARM", "condemns", "AZE"),
    ...                   ("TUR", "supports", "AZE"), ("RUS", "appeals", "AZE")]:
    ...     _ = G.add_edge(u, v, relation=rel)
    >>> A = alliance_graph(G)
    >>> for u, v, d in sorted(A.edges(data=True), key=lambda e: sorted(e[:2])):
    ...     print(*sorted((u, v)), d["weight"])
    ARM AZE -1.0
    ARM FRA 1.0
    ARM TUR -1.0
    AZE FRA -1.0
    AZE RUS 1.0
    AZE TUR 1.0
    FRA TUR -1.0
    """
    _check_directed(G, "alliance_graph")
    acc: dict[frozenset, list] = defaultdict(lambda: [0, 0, 0])  # direct, aligned, opposed
    for pair, t in _pair_tones(G, conflict_weight).items():
        acc[pair][0] = t
    toward: dict = defaultdict(dict)  # x -> {actor: position toward x}
    for (u, x), t in tones(G, conflict_weight=conflict_weight, families=positions).items():
        toward[x][u] = t
    for x in sorted(toward, key=str):
        for (u, tu), (v, tv) in combinations(sorted(toward[x].items(), key=lambda kv: str(kv[0])), 2):
            acc[frozenset((u, v))][1 if tu == tv else 2] += 1
    A = nx.Graph()
    A.add_nodes_from(G.nodes(data=True))
    for pair, (d, aligned, opposed) in sorted(acc.items(), key=lambda kv: sorted(map(str, kv[0]))):
        w = direct * d + shared * (aligned - opposed)
        if w:
            u, v = sorted(pair, key=str)
            A.add_edge(u, v, weight=float(w), sign=_sign(w), direct=d, aligned=aligned, opposed=opposed)
    return A


@dataclass(frozen=True)
class Blocs:
    """A partition of the alliance graph into blocs, and how far it is from balance.

    ``blocs`` lists the blocs (frozensets of nodes), largest first; ``membership`` maps each node
    to the index of its bloc; ``frustration`` is the total absolute weight of the edges that
    violate the partition (positive between blocs, negative within one) and ``violations`` their
    number; ``frustrated`` lists them as ``(u, v, weight)``; ``balance`` is
    ``1 - frustration / total absolute weight`` (1.0 for a perfectly balanced graph);
    ``neighbourhoods`` lists the conflict neighbourhoods (see :func:`neighbourhoods`).
    """

    blocs: list[frozenset]
    membership: dict
    frustration: float
    violations: int
    frustrated: list[tuple] = field(default_factory=list)
    balance: float = 1.0
    #: The conflict neighbourhoods the blocs were searched in (each bloc lies inside one).
    neighbourhoods: list[frozenset] = field(default_factory=list)

    def __iter__(self):  # ``partition, frustration = blocs(A)``
        return iter((self.blocs, self.frustration))


def frustration(A: nx.Graph, partition) -> tuple[float, list[tuple]]:
    """The frustration of a partition: total |weight| of edges it violates, and those edges.

    ``partition`` is a list of node sets or a dict node -> bloc label; a positive edge between
    blocs and a negative edge inside a bloc violate it.

    >>> A = nx.Graph([("a", "b", {"weight": 1}), ("b", "c", {"weight": -2}), ("a", "c", {"weight": 1})])
    >>> frustration(A, [{"a", "b"}, {"c"}])
    (1.0, [('a', 'c', 1.0)])
    """
    _check_graph(A, "frustration")
    member = partition if isinstance(partition, dict) else {n: i for i, b in enumerate(partition) for n in b}
    missing = [n for n in A if n not in member]
    if missing:
        raise DiplographError(f"the partition leaves out {len(missing)} node(s), e.g. {missing[0]!r}")
    total, bad = 0.0, []
    for u, v, d in A.edges(data=True):
        w = float(d.get("weight", 1.0))
        same = member[u] == member[v]
        if (w > 0 and not same) or (w < 0 and same):
            total += abs(w)
            bad.append((u, v, w))
    bad.sort(key=lambda e: (str(e[0]), str(e[1])))
    return total, bad


def _local_search(rows, eu, ev, ew, member, rng, max_sweeps=100):
    """Greedy search for a low-frustration partition of one connected component.

    ``rows[i]`` is ``(neighbour indices, weights)`` of node ``i``; ``eu, ev, ew`` list each edge
    once; ``member`` is the starting bloc label of each node (labels below ``len(rows)``).
    A node moves to the bloc it has the highest positive net weight to, or stands alone if its
    own bloc is hostile and no bloc wants it; then blocs with a positive net weight between them
    merge (greedily, disjoint pairs); repeat until nothing changes.
    """
    import numpy as np

    n = len(rows)
    member = np.array(member, dtype=np.int64)
    sizes = np.bincount(member, minlength=n)
    for _ in range(max_sweeps):
        changed = False
        for u in rng.permutation(n):
            idx, w = rows[u]
            tot = np.bincount(member[idx], weights=w, minlength=n)
            here = member[u]
            b = int(tot.argmax())
            if tot[b] > 0:
                if tot[here] < tot[b]:
                    sizes[here] -= 1
                    sizes[b] += 1
                    member[u] = b
                    changed = True
            elif tot[here] < 0 and sizes[here] > 1:
                b = int(np.flatnonzero(sizes == 0)[0])
                sizes[here] -= 1
                sizes[b] += 1
                member[u] = b
                changed = True
        labels, compact = np.unique(member, return_inverse=True)
        k = len(labels)
        cu, cv = compact[eu], compact[ev]
        cross = cu != cv
        lo, hi = np.minimum(cu, cv)[cross], np.maximum(cu, cv)[cross]
        if len(lo):
            keys, inverse = np.unique(lo * k + hi, return_inverse=True)
            between = np.bincount(inverse, weights=ew[cross])
            used = set()
            for i in np.argsort(-between, kind="stable"):
                if between[i] <= 0:
                    break
                x, y = divmod(int(keys[i]), k)
                if x in used or y in used:
                    continue
                used.update((x, y))
                member[compact == y] = labels[x]
                changed = True
            sizes = np.bincount(member, minlength=n)
        if not changed:
            break
    return member


MIN_MODULARITY = 0.3


def neighbourhoods(A: nx.Graph, seed: int = 0, *, min_modularity: float = MIN_MODULARITY) -> list[frozenset]:
    """The conflict neighbourhoods of an alliance graph: groups of actors that deal with each other.

    Each connected component is one neighbourhood unless its direct ties (pairs with a stance
    between them, the ``direct`` attribute of :func:`alliance_graph`; every edge if none has it)
    split into clear communities: Louvain (seeded) on the direct ties, kept only if its
    modularity is at least ``min_modularity``. A corpus about Karabakh and Gaza gives two
    neighbourhoods even when the United States speaks about both; one random world gives one.

    Examples
    --------
    >>> A = nx.Graph()
    >>> A.add_weighted_edges_from([("FRA", "ARM", 1.0), ("FRA", "AZE", -1.0), ("USA", "ISR", 1.0)])
    >>> sorted(sorted(n) for n in neighbourhoods(A))
    [['ARM', 'AZE', 'FRA'], ['ISR', 'USA']]
    """
    _check_graph(A, "neighbourhoods")
    has_direct = any("direct" in d for _, _, d in A.edges(data=True))
    out = []
    for comp in sorted((sorted(c, key=str) for c in nx.connected_components(A)), key=lambda c: str(c[0])):
        if len(comp) < 8:
            out.append(frozenset(comp))
            continue
        D = nx.Graph()
        D.add_nodes_from(comp)
        D.add_edges_from((u, v) for u, v, d in A.subgraph(comp).edges(data=True)
                         if u != v and (not has_direct or d.get("direct")))
        if D.number_of_edges() == 0:
            out.append(frozenset(comp))
            continue
        parts = nx.community.louvain_communities(D, seed=seed)
        if len(parts) > 1 and nx.community.modularity(D, parts) >= min_modularity:
            out.extend(frozenset(p) for p in sorted(parts, key=lambda p: min(map(str, p))))
        else:
            out.append(frozenset(comp))
    return sorted(out, key=lambda p: (-len(p), min(map(str, p))))


def blocs(A: nx.Graph, seed: int = 0, *, restarts: int = 8, by_neighbourhood: bool = True) -> Blocs:
    """Blocs of a signed graph: the partition that minimises frustration (weak structural balance).

    Each conflict neighbourhood (:func:`neighbourhoods`; with ``by_neighbourhood=False``, each
    connected component) is searched on its own, so two unrelated conflicts never make one
    bloc, by a greedy local search (a node joins the
    bloc it has the highest positive net weight to, or stands alone; two blocs with a positive
    net weight between them merge), from ``restarts`` seeded random orders; the partition with
    the lowest frustration wins. The number of blocs is not fixed: an actor with no positive tie
    to any bloc is a bloc of its own.

    Parameters
    ----------
    A : networkx.Graph
        A signed graph whose edges carry ``weight`` (see :func:`alliance_graph`).
    seed : int, optional
        Seed of the random visiting orders; the same seed gives the same partition.
    restarts : int, optional
        Random restarts per component.

    Returns
    -------
    Blocs
        Blocs largest first (ties: by smallest node name); unpacks as ``partition, frustration``.

    Examples
    --------
    >>> A = nx.Graph()
    >>> A.add_weighted_edges_from([("FRA", "ARM", 1), ("TUR", "AZE", 1), ("FRA", "AZE", -1),
    ...                            ("ARM", "AZE", -1), ("FRA", "TUR", -1)])
    >>> result = blocs(A)
    >>> [sorted(b) for b in result.blocs], result.frustration
    ([['ARM', 'FRA'], ['AZE', 'TUR']], 0.0)
    """
    _check_graph(A, "blocs")
    if A.is_directed() or A.is_multigraph():
        raise DiplographError("blocs needs an undirected simple graph (see alliance_graph)")
    adj: dict = {u: {} for u in A}
    for u, v, d in A.edges(data=True):
        if u == v:
            continue
        try:
            w = float(d.get("weight", 1.0))
        except (TypeError, ValueError):
            raise DiplographError(f"edge {u!r} - {v!r} has a non-numeric weight {d.get('weight')!r}") from None
        adj[u][v] = adj[v][u] = w
    import numpy as np

    rng = np.random.default_rng(seed)
    label, member = 0, {}
    areas = (neighbourhoods(A, seed) if by_neighbourhood
             else [frozenset(c) for c in nx.connected_components(A)])
    for comp in sorted((sorted(c, key=str) for c in areas), key=lambda c: str(c[0])):
        inside = set(comp)
        if len(comp) == 1:
            member[comp[0]] = label
            label += 1
            continue
        index = {n: i for i, n in enumerate(comp)}
        local = {u: {v: w for v, w in adj[u].items() if v in inside} for u in comp}
        rows = [(np.array([index[v] for v in local[u]], dtype=np.int64),
                 np.array(list(local[u].values()), dtype=float)) for u in comp]
        edges = [(index[u], index[v], w) for u in comp for v, w in local[u].items() if index[u] < index[v]]
        eu = np.array([e[0] for e in edges], dtype=np.int64)
        ev = np.array([e[1] for e in edges], dtype=np.int64)
        ew = np.array([e[2] for e in edges], dtype=float)
        positive = nx.Graph((index[u], index[v]) for u in comp for v, w in local[u].items() if w > 0)
        positive.add_nodes_from(range(len(comp)))
        by_positive = np.zeros(len(comp), dtype=np.int64)
        for i, c in enumerate(sorted(nx.connected_components(positive), key=min)):
            by_positive[list(c)] = i
        starts = [np.zeros(len(comp), dtype=np.int64), by_positive]
        if len(comp) <= 200:
            starts.append(np.arange(len(comp)))
        while len(starts) < max(restarts, 3):
            starts.append(rng.integers(0, min(len(comp), len(starts) + 1), size=len(comp)))
        best = None
        for start in starts:
            m = _local_search(rows, eu, ev, ew, start, rng)
            same = m[eu] == m[ev]
            cost = float(ew[(ew > 0) & ~same].sum() - ew[(ew < 0) & same].sum())
            if best is None or cost < best[0] - 1e-9:
                best = (cost, m)
        groups: dict = defaultdict(list)
        for n, b in zip(comp, best[1].tolist()):
            groups[b].append(n)
        for g in sorted(groups.values(), key=lambda g: str(g[0])):
            for n in g:
                member[n] = label
            label += 1
    groups = defaultdict(set)
    for n, b in member.items():
        groups[b].add(n)
    ordered = sorted(groups.values(), key=lambda g: (-len(g), min(map(str, g))))
    parts = [frozenset(g) for g in ordered]
    membership = {n: i for i, g in enumerate(parts) for n in g}
    cost, bad = frustration(A, membership)
    total = sum(abs(float(d.get("weight", 1.0))) for _, _, d in A.edges(data=True))
    return Blocs(parts, membership, cost, len(bad), bad, 1.0 - cost / total if total else 1.0,
                 [frozenset(c) for c in sorted(areas, key=lambda c: (-len(c), min(map(str, c))))])


def alignment_matrix(A: nx.Graph, nodes=None):
    """The actor x actor alignment matrix: ``M[i, j]`` is the alliance weight of the pair.

    Parameters
    ----------
    A : networkx.Graph
        The alliance graph (:func:`alliance_graph`).
    nodes : list, optional
        Row and column order (default: the nodes sorted by name).

    Returns
    -------
    (numpy.ndarray, list)
        The symmetric matrix (0 on the diagonal and where there is no edge) and the node order.

    Examples
    --------
    >>> A = nx.Graph([("a", "b", {"weight": 2.0}), ("b", "c", {"weight": -1.0})])
    >>> M, order = alignment_matrix(A)
    >>> order, M.tolist()
    (['a', 'b', 'c'], [[0.0, 2.0, 0.0], [2.0, 0.0, -1.0], [0.0, -1.0, 0.0]])
    """
    import numpy as np

    _check_graph(A, "alignment_matrix")
    order = sorted(A, key=str) if nodes is None else list(nodes)
    index = {n: i for i, n in enumerate(order)}
    if len(index) != len(order):
        raise DiplographError("alignment_matrix: nodes has duplicates")
    unknown = [n for n in order if n not in A]
    if unknown:
        raise DiplographError(f"alignment_matrix: {unknown[0]!r} is not in the graph")
    M = np.zeros((len(order), len(order)))
    for u, v, d in A.edges(data=True):
        if u in index and v in index and u != v:
            M[index[u], index[v]] = M[index[v], index[u]] = float(d.get("weight", 1.0))
    return M, order


def _targets(G, families, n):
    _check_graph(G, "this metric")
    count: dict = defaultdict(int)
    for _, v, d in G.edges(data=True):
        fam = d.get("family") or (relation_info(d["relation"])["family"] if d.get("relation") in RELATIONS else None)
        if fam in families:
            count[v] += 1
    ranked = sorted(count.items(), key=lambda kv: (-kv[1], str(kv[0])))
    return ranked if n is None else ranked[:n]


def most_condemned(G: nx.Graph, n: int | None = 10) -> list[tuple]:
    """Actors by the number of disapproving stances (condemns, accuses) they receive.

    >>> G = nx.MultiDiGraph([("FRA", "AZE", {"relation": "condemns"}), ("ARM", "AZE", {"relation": "accuses"}),
    ...                      ("TUR", "ARM", {"relation": "condemns"})])
    >>> most_condemned(G)
    [('AZE', 2), ('ARM', 1)]
    """
    return _targets(G, {"disapprove"}, n)


def most_supported(G: nx.Graph, n: int | None = 10) -> list[tuple]:
    """Actors by the number of supporting stances they receive.

    >>> most_supported(nx.MultiDiGraph([("TUR", "AZE", {"relation": "supports"})]))
    [('AZE', 1)]
    """
    return _targets(G, {"support"}, n)


def net_stance(G: nx.Graph, *, direction: str = "in") -> dict:
    """Each actor's net stance: the sum of the Goldstein weights of the stances it receives
    (``direction="in"``) or takes (``"out"``); 0.0 for an actor without any.

    >>> G = nx.MultiDiGraph([("FRA", "AZE", {"relation": "condemns"}), ("TUR", "AZE", {"relation": "supports"})])
    >>> net_stance(G)
    {'FRA': 0.0, 'AZE': 1.4, 'TUR': 0.0}
    >>> net_stance(G, direction="out")["FRA"]
    -2.0
    """
    _check_graph(G, "net_stance")
    if direction not in ("in", "out"):
        raise DiplographError(f"direction must be 'in' or 'out', not {direction!r}")
    out = dict.fromkeys(G, 0.0)
    for u, v, g in _dated(G):
        out[v if direction == "in" else u] += g
    return {k: round(x, 6) for k, x in out.items()}


def centrality(G: nx.Graph, *, kind: str = "degree") -> dict:
    """Centrality of each actor in the stance graph, ignoring edge signs.

    ``kind`` is ``"degree"`` (share of other actors it has stances with, either way),
    ``"in"`` / ``"out"`` (the same, received or taken), ``"betweenness"`` (exact up to 500
    actors, estimated from 500 seeded pivots above) or ``"eigenvector"``.

    >>> G = nx.MultiDiGraph([("FRA", "AZE", {}), ("FRA", "AZE", {}), ("TUR", "AZE", {})])
    >>> centrality(G)
    {'FRA': 0.5, 'AZE': 1.0, 'TUR': 0.5}
    """
    _check_graph(G, "centrality")
    S = nx.DiGraph(G) if G.is_directed() else nx.Graph(G)
    S.remove_edges_from(nx.selfloop_edges(S))
    if kind == "degree":
        return nx.degree_centrality(S.to_undirected(as_view=True)) if len(S) > 1 else dict.fromkeys(S, 0.0)
    if kind in ("in", "out"):
        if not S.is_directed():
            raise DiplographError("in/out centrality needs a directed graph")
        f = nx.in_degree_centrality if kind == "in" else nx.out_degree_centrality
        return f(S) if len(S) > 1 else dict.fromkeys(S, 0.0)
    if kind == "betweenness":
        k = None if len(S) <= 500 else 500
        return nx.betweenness_centrality(S, k=k, seed=0 if k else None)
    if kind == "eigenvector":
        try:
            return nx.eigenvector_centrality(S.to_undirected(as_view=True), max_iter=1000)
        except nx.PowerIterationFailedConvergence:
            raise DiplographError("eigenvector centrality did not converge on this graph") from None
    raise DiplographError(f"unknown centrality {kind!r}; choose degree, in, out, betweenness or eigenvector")


def mediators(G: nx.Graph, *, conflict_weight: float = 2.0) -> dict:
    """Actors in the middle of a conflict, with the pairs they stand between.

    A *conflict* is a pair of actors whose stances toward each other (both directions) have a
    negative tone. An actor is a mediator of the conflict ``(a, b)`` when its own tone toward
    ``a`` and toward ``b`` is cooperative: it appeals to, consults, supports or mediates both.
    Anyone with explicit ``mediates`` stances is a mediator too, of every pair of the parties
    it mediates (a single party ``p`` is paired with each actor in conflict with ``p``, or
    reported as ``(p, None)``).

    Returns
    -------
    dict
        mediator -> sorted list of ``(a, b)`` pairs (``a < b``); only mediators are keys.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for u, rel, v in [("ARM", "condemns", "AZE"), ("RUS", "appeals", "ARM"), ("RUS", "appeals", "AZE"),
    ...                   ("EU", "mediates", "ARM"), ("EU", "mediates", "AZE"), ("EU", "demands", "AZE"),
    ...                   ("FRA", "condemns", "AZE"), ("FRA", "appeals", "AZE"), ("FRA", "appeals", "ARM")]:
    ...     _ = G.add_edge(u, v, relation=rel)
    >>> mediators(G)
    {'EU': [('ARM', 'AZE')], 'RUS': [('ARM', 'AZE')]}
    """
    _check_directed(G, "mediators")
    tone = tones(G, conflict_weight=conflict_weight)
    friends: dict = defaultdict(set)  # actor -> those it is cooperative toward
    for (u, v), t in tone.items():
        if t > 0:
            friends[u].add(v)
    enemies: dict = defaultdict(set)
    conflicts = set()
    for pair, t in _pair_tones(G, conflict_weight).items():
        if t < 0:
            a, b = sorted(pair, key=str)
            conflicts.add((a, b))
            enemies[a].add(b)
            enemies[b].add(a)
    mediated: dict = defaultdict(set)
    for u, v, d in G.edges(data=True):
        if u != v and (d.get("relation") == "mediates" or "mediates" in (d.get("counts") or {})):
            mediated[u].add(v)
    out: dict = defaultdict(set)
    for m, near in friends.items():
        for a, b in conflicts:
            if a in near and b in near:
                out[m].add((a, b))
    for m, parties in mediated.items():
        parties = sorted(parties - {m}, key=str)
        if len(parties) >= 2:
            out[m].update(tuple(sorted(p, key=str)) for p in combinations(parties, 2))
        else:
            for p in parties:
                rivals = enemies[p] - {m}
                out[m].update(tuple(sorted((p, r), key=str)) for r in rivals)
                if not rivals:
                    out[m].add((p, None))
    return {m: sorted(pairs, key=lambda p: (str(p[0]), str(p[1])))
            for m, pairs in sorted(out.items(), key=lambda kv: str(kv[0]))}


def _as_date(x, what):
    if isinstance(x, dt.datetime):
        return x.date()
    if isinstance(x, dt.date):
        return x
    try:
        return dt.date.fromisoformat(str(x))
    except ValueError:
        raise DiplographError(f"{what} must be a date or YYYY-MM-DD, not {x!r}") from None


def stance_change(G: nx.Graph, windows, *, only_changed: bool = True) -> dict:
    """How each actor's stance toward each other actor moves across date windows.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A stance graph whose edges carry ``date`` (undated stances are ignored).
    windows : sequence of (start, end)
        Date windows, both ends included; dates or ``YYYY-MM-DD`` strings.
    only_changed : bool, optional
        Keep only the pairs whose tone differs between two windows where they have stances
        (default); if false, every pair with a stance in some window.

    Returns
    -------
    dict
        ``(u, v)`` -> list of the Goldstein totals of ``u``'s stances toward ``v`` in each
        window (``None`` where there is none).

    Examples
    --------
    >>> import datetime as dt
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("TUR", "SWE", relation="condemns", date=dt.date(2023, 1, 21))
    >>> _ = G.add_edge("TUR", "SWE", relation="supports", date=dt.date(2023, 7, 10))
    >>> _ = G.add_edge("FRA", "SWE", relation="supports", date=dt.date(2023, 7, 10))
    >>> stance_change(G, [("2023-01-01", "2023-06-30"), ("2023-07-01", "2023-12-31")])
    {('TUR', 'SWE'): [-2.0, 3.4]}
    """
    _check_graph(G, "stance_change")
    if not G.is_directed():
        raise DiplographError("stance_change needs a directed stance graph")
    bounds = []
    for w in windows:
        try:
            start, end = w
        except (TypeError, ValueError):
            raise DiplographError(f"a window is a (start, end) pair, not {w!r}") from None
        start, end = _as_date(start, "a window start"), _as_date(end, "a window end")
        if start > end:
            raise DiplographError(f"window {start} .. {end} ends before it starts")
        bounds.append((start, end))
    if not bounds:
        raise DiplographError("stance_change needs at least one date window")
    series: dict[tuple, list] = {}
    for i, (start, end) in enumerate(bounds):
        for u, v, g in _dated(G, start, end):
            row = series.setdefault((u, v), [None] * len(bounds))
            row[i] = round((row[i] or 0.0) + g, 6)
    out = {}
    for pair in sorted(series, key=lambda p: (str(p[0]), str(p[1]))):
        row = series[pair]
        signs = {_sign(x) for x in row if x is not None}
        if not only_changed or len(signs) > 1:
            out[pair] = row
    return out
