"""Alliance graph, blocs and frustration, matrix, mediators and the stance metrics."""

import datetime as dt

import networkx as nx
import numpy as np
import pytest
import scenarios

from diplograph.graph import analysis as an
from diplograph.graph.network import aggregate, stance_graph
from diplograph.loaders.records import DiplographError


def stances(*rows, date=None):
    G = nx.MultiDiGraph()
    for u, rel, v in rows:
        G.add_edge(u, v, relation=rel, date=date)
    return G


def signed(*edges):
    A = nx.Graph()
    A.add_weighted_edges_from(edges)
    return A


def weights(A):
    return {tuple(sorted((u, v))): (d["weight"], d["direct"], d["aligned"], d["opposed"])
            for u, v, d in A.edges(data=True)}


# ------------------------------------------------------------------ alliance graph
SMALL = stances(("FRA", "condemns", "AZE"), ("ARM", "condemns", "AZE"), ("TUR", "supports", "AZE"),
                ("RUS", "appeals", "ARM"), ("RUS", "appeals", "AZE"))


def test_alliance_graph_weights_direct_and_shared_stances():
    A = an.alliance_graph(SMALL)
    assert weights(A) == {
        ("ARM", "FRA"): (1.0, 0, 1, 0),     # both condemn AZE
        ("ARM", "TUR"): (-1.0, 0, 0, 1),    # one condemns AZE, the other supports it
        ("FRA", "TUR"): (-1.0, 0, 0, 1),
        ("AZE", "FRA"): (-1.0, -1, 0, 0),   # direct conflict
        ("ARM", "AZE"): (-1.0, -1, 0, 0),
        ("AZE", "TUR"): (1.0, 1, 0, 0),     # direct cooperation
        ("AZE", "RUS"): (1.0, 1, 0, 0),
        ("ARM", "RUS"): (1.0, 1, 0, 0),     # an appeal to AZE is no position on it: nothing shared
    }
    assert all(d["sign"] == np.sign(d["weight"]) for *_, d in A.edges(data=True))


def test_alliance_graph_options_and_aggregated_input():
    A = an.alliance_graph(SMALL, direct=2.0)
    assert A["RUS"]["ARM"]["weight"] == 2.0
    # counting appeals as positions, RUS (appeals to AZE) and ARM (condemns it) are opposed on AZE
    B = an.alliance_graph(SMALL, positions={"appeal", "disapprove", "support"})
    assert not B.has_edge("RUS", "ARM") and B["RUS"]["TUR"]["weight"] == 1.0
    assert weights(an.alliance_graph(aggregate(SMALL))) == weights(an.alliance_graph(SMALL))


def test_tone_weighs_conflict_double_by_default():
    G = stances(("EU", "mediates", "AZE"), ("EU", "demands", "AZE"),   # +5 - 5*2
                ("FRA", "condemns", "AZE"), ("FRA", "appeals", "AZE"))  # -2*2 + 3
    assert an.tones(G) == {("EU", "AZE"): -1, ("FRA", "AZE"): -1}
    assert an.tones(G, conflict_weight=1.0) == {("FRA", "AZE"): 1}  # plain Goldstein sums: +5-5, -2+3


# ------------------------------------------------------------------ blocs and frustration
def test_balanced_graph_has_zero_frustration():
    A = signed(("FRA", "ARM", 1), ("TUR", "AZE", 1), ("FRA", "AZE", -1), ("ARM", "AZE", -1),
               ("FRA", "TUR", -1), ("ARM", "TUR", -2))
    result = an.blocs(A)
    assert [sorted(b) for b in result.blocs] == [["ARM", "FRA"], ["AZE", "TUR"]]
    assert (result.frustration, result.violations, result.frustrated, result.balance) == (0.0, 0, [], 1.0)
    assert result.membership == {"ARM": 0, "FRA": 0, "AZE": 1, "TUR": 1}
    partition, frustration = result
    assert partition == result.blocs and frustration == 0.0


def test_all_negative_triangle_is_weakly_balanced_as_three_blocs():
    result = an.blocs(signed(("a", "b", -1), ("b", "c", -1), ("a", "c", -1)))
    assert sorted(sorted(b) for b in result.blocs) == [["a"], ["b"], ["c"]]
    assert result.frustration == 0.0


def test_frustrated_triangle_breaks_the_weakest_tie():
    # a+b strong, b+c weak, a-c: together costs 2, splitting c off costs the weak tie
    A = signed(("a", "b", 3), ("b", "c", 1), ("a", "c", -2))
    result = an.blocs(A)
    assert [sorted(b) for b in result.blocs] == [["a", "b"], ["c"]]
    assert (result.frustration, result.violations, result.frustrated) == (1.0, 1, [("b", "c", 1.0)])
    assert result.balance == pytest.approx(1 - 1 / 6)


def test_two_opposed_cliques_with_one_traitor_edge():
    A = nx.Graph()
    left, right = ["l1", "l2", "l3", "l4"], ["r1", "r2", "r3"]
    for group in (left, right):
        A.add_weighted_edges_from((u, v, 1.0) for i, u in enumerate(group) for v in group[i + 1:])
    A.add_weighted_edges_from((u, v, -1.0) for u in left for v in right)
    A["l1"]["r1"]["weight"] = 1.0
    for seed in range(5):
        result = an.blocs(A, seed=seed)
        assert [sorted(b) for b in result.blocs] == [left, right]
        assert (result.frustration, result.frustrated) == (1.0, [("l1", "r1", 1.0)])


def test_components_and_isolated_actors_are_separate_blocs():
    A = signed(("a", "b", 1), ("c", "d", 1))
    A.add_node("e")
    assert [sorted(b) for b in an.blocs(A).blocs] == [["a", "b"], ["c", "d"], ["e"]]


def test_frustration_of_a_given_partition():
    A = signed(("a", "b", 1), ("b", "c", -2), ("a", "c", 1))
    assert an.frustration(A, [{"a", "b", "c"}]) == (2.0, [("b", "c", -2.0)])
    assert an.frustration(A, {"a": 0, "b": 0, "c": 1}) == (1.0, [("a", "c", 1.0)])
    with pytest.raises(DiplographError, match="leaves out"):
        an.frustration(A, [{"a"}])


def test_karabakh_blocs():
    G = stance_graph(scenarios.rdf())
    result = an.blocs(an.alliance_graph(G))
    m = result.membership
    west = ["FRA", "ARM", "emmanuel-macron", "antony-blinken", "nikol-pashinyan"]
    assert len({m[n] for n in west}) == 1
    assert len({m[n] for n in ["AZE", "TUR", "recep-tayyip-erdogan"]}) == 1
    assert m["FRA"] != m["AZE"]
    # Russia appeals to both sides, is told about the offensive by Baku and is blamed by
    # Yerevan: it sits with Azerbaijan; Michel mediates but demands that Baku stop: with Armenia
    assert m["RUS"] == m["AZE"] and m["charles-michel"] == m["ARM"]
    assert (result.frustration, result.violations, result.frustrated, result.balance) == (0.0, 0, [], 1.0)
    assert result.blocs[m["NKS"]] == frozenset({"NKS"})

    R = stance_graph(scenarios.rdf(), rollup=True)
    rolled = an.blocs(an.alliance_graph(R))
    assert [sorted(b) for b in rolled.blocs] == [["ARM", "FRA", "USA", "charles-michel"], ["AZE", "RUS", "TUR"],
                                                 ["NKS"]]


def test_blocs_rejects_bad_input():
    with pytest.raises(DiplographError):
        an.blocs(nx.DiGraph([("a", "b")]))
    with pytest.raises(DiplographError, match="non-numeric"):
        an.blocs(nx.Graph([("a", "b", {"weight": "strong"})]))
    with pytest.raises(DiplographError):
        an.blocs("a-b")


# ------------------------------------------------------------------ matrix
def test_alignment_matrix_values_and_order():
    M, order = an.alignment_matrix(an.alliance_graph(SMALL), ["FRA", "ARM", "TUR", "AZE", "RUS"])
    assert order == ["FRA", "ARM", "TUR", "AZE", "RUS"]
    assert M.tolist() == [
        [0.0, 1.0, -1.0, -1.0, 0.0],
        [1.0, 0.0, -1.0, -1.0, 1.0],
        [-1.0, -1.0, 0.0, 1.0, 0.0],
        [-1.0, -1.0, 1.0, 0.0, 1.0],
        [0.0, 1.0, 0.0, 1.0, 0.0],
    ]
    with pytest.raises(DiplographError, match="not in the graph"):
        an.alignment_matrix(an.alliance_graph(SMALL), ["FRA", "XXX"])


# ------------------------------------------------------------------ mediators
def test_mediators_of_the_karabakh_scenario():
    G = stance_graph(scenarios.rdf())
    assert an.mediators(G) == {"RUS": [("ARM", "AZE")], "charles-michel": [("ARM", "AZE")]}
    R = stance_graph(scenarios.rdf(), rollup=True)
    assert an.mediators(R) == {"RUS": [("ARM", "AZE")], "charles-michel": [("ARM", "AZE")]}


def test_mediator_needs_its_own_cooperative_stances_toward_both_sides():
    G = stances(("ARM", "condemns", "AZE"), ("RUS", "appeals", "ARM"), ("RUS", "appeals", "AZE"),
                ("FRA", "supports", "ARM"), ("FRA", "condemns", "AZE"),
                ("IRN", "consults", "ARM"), ("IRN", "consults", "AZE"),
                ("ARM", "consults", "GEO"), ("AZE", "consults", "GEO"))  # being called on is not mediating
    assert an.mediators(G) == {"IRN": [("ARM", "AZE")], "RUS": [("ARM", "AZE")]}
    # a conflict is read in both directions: AZE attacks NKS though NKS appeals to AZE
    H = stances(("AZE", "attacks", "NKS"), ("NKS", "appeals", "AZE"), ("UN", "appeals", "AZE"),
                ("UN", "appeals", "NKS"))
    assert an.mediators(H) == {"UN": [("AZE", "NKS")]}


def test_explicit_mediation_with_one_party():
    assert an.mediators(stances(("QAT", "mediates", "HAM"), ("ISR", "attacks", "HAM"))) == {
        "QAT": [("HAM", "ISR")]}
    assert an.mediators(stances(("QAT", "mediates", "HAM"))) == {"QAT": [("HAM", None)]}


# ------------------------------------------------------------------ metrics
def test_most_condemned_and_supported():
    G = stance_graph(scenarios.rdf())
    assert an.most_condemned(G) == [("AZE", 6)]
    assert an.most_supported(G) == [("AZE", 1)]
    H = stances(("a", "condemns", "x"), ("b", "accuses", "x"), ("a", "condemns", "y"), ("a", "supports", "y"))
    assert an.most_condemned(H) == [("x", 2), ("y", 1)]
    assert an.most_condemned(H, n=1) == [("x", 2)]


def test_net_stance():
    G = stances(("FRA", "condemns", "AZE"), ("TUR", "supports", "AZE"), ("AZE", "attacks", "ARM"))
    assert an.net_stance(G) == {"FRA": 0.0, "AZE": 1.4, "TUR": 0.0, "ARM": -10.0}
    assert an.net_stance(G, direction="out") == {"FRA": -2.0, "AZE": -10.0, "TUR": 3.4, "ARM": 0.0}
    with pytest.raises(DiplographError):
        an.net_stance(G, direction="sideways")


def test_centrality():
    G = stances(("a", "condemns", "b"), ("a", "condemns", "b"), ("c", "supports", "b"), ("b", "appeals", "d"))
    assert an.centrality(G) == {"a": 1 / 3, "b": 1.0, "c": 1 / 3, "d": 1 / 3}
    assert an.centrality(G, kind="in") == {"a": 0.0, "b": 2 / 3, "c": 0.0, "d": 1 / 3}
    assert an.centrality(G, kind="betweenness")["b"] == pytest.approx(2 / 6)
    assert set(an.centrality(G, kind="eigenvector")) == set(G)
    with pytest.raises(DiplographError):
        an.centrality(G, kind="fame")


def test_stance_change_across_windows():
    G = nx.MultiDiGraph()
    G.add_edge("TUR", "SWE", relation="condemns", date=dt.date(2023, 1, 21))
    G.add_edge("TUR", "SWE", relation="supports", date=dt.date(2023, 7, 10))
    G.add_edge("TUR", "SWE", relation="consults", date=dt.date(2023, 7, 11))
    G.add_edge("FRA", "SWE", relation="supports", date=dt.date(2023, 1, 2))
    G.add_edge("FRA", "SWE", relation="supports", date=dt.date(2023, 8, 2))
    G.add_edge("HUN", "SWE", relation="rejects", date=None)  # undated: ignored
    windows = [("2023-01-01", "2023-06-30"), (dt.date(2023, 7, 1), dt.date(2023, 12, 31))]
    assert an.stance_change(G, windows) == {("TUR", "SWE"): [-2.0, 4.4]}
    assert an.stance_change(G, windows, only_changed=False) == {
        ("FRA", "SWE"): [3.4, 3.4], ("TUR", "SWE"): [-2.0, 4.4]}
    assert an.stance_change(G, [("2023-07-10", "2023-07-10")], only_changed=False) == {
        ("TUR", "SWE"): [3.4]}  # both ends are included


@pytest.mark.parametrize("windows, message", [
    ([("2023-02-01", "2023-01-01")], "ends before"),
    ([("2023-13-01", "2023-12-31")], "YYYY-MM-DD"),
    ([("2023-01-01",)], "pair"),
    ([], "at least one"),
])
def test_stance_change_rejects_bad_windows(windows, message):
    with pytest.raises(DiplographError, match=message):
        an.stance_change(stances(("a", "condemns", "b")), windows)


def test_analysis_rejects_what_it_cannot_read():
    with pytest.raises(DiplographError, match="no 'goldstein'"):
        an.alliance_graph(nx.MultiDiGraph([("a", "b", {"relation": "likes"})]))
    with pytest.raises(DiplographError):
        an.tones(nx.Graph([("a", "b")]))
    with pytest.raises(DiplographError):
        an.mediators([("a", "b")])
