"""RDF -> networkx: the stance multigraph, roll-up and aggregation."""

import datetime as dt

import networkx as nx
import pytest
import scenarios
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from diplograph.graph.network import aggregate, node_id, rollup_map, stance_graph
from diplograph.graph.ontology import DG, RES
from diplograph.graph.store import open_graph
from diplograph.loaders.records import DiplographError


@pytest.fixture(scope="module")
def G():
    return stance_graph(scenarios.rdf())


def test_one_edge_per_statement_with_its_attributes(G):
    article, _ = scenarios.stances()
    assert isinstance(G, nx.MultiDiGraph)
    assert G.number_of_edges() == len(scenarios.KARABAKH) == 22
    assert G.number_of_nodes() == 12
    (key, d), = [(k, d) for _, _, k, d in G.edges("FRA", keys=True, data=True)]
    assert key == d["statement"] and key.startswith(str(RES) + "stance/")
    assert d == {
        "relation": "condemns", "family": "disapprove", "goldstein": -2.0, "cameo": "111",
        "cameo_root": "11", "quad_class": 3, "plover_type": "ACCUSE", "plover_mode": "disapprove", "dataset": None,
        "evidence": "Hand-made: France condemns Azerbaijan.",
        "date": dt.date(2023, 9, 19), "article": article.hash, "confidence": 0.9, "quote": None,
        "statement": key,
    }


def test_parallel_stances_stay_separate_edges(G):
    rels = sorted(d["relation"] for d in G.get_edge_data("emmanuel-macron", "AZE").values())
    assert rels == ["condemns", "condemns", "demands"]


def test_node_attributes(G):
    assert G.nodes["FRA"]["label"] == "France"  # not the "FRA" stub a leader's country adds
    assert G.nodes["FRA"]["type"] == "State" and G.nodes["FRA"]["country"] == "FRA"
    assert G.nodes["emmanuel-macron"] | {} == {
        "label": "Emmanuel Macron", "type": "Person", "country": "FRA", "organ_of": None, "wikidata": None,
        "iri": str(RES) + "actor/emmanuel-macron"}
    assert G.nodes["RUS-foreign-ministry"]["type"] == "Organization"
    assert G.nodes["NKS"]["type"] == "NonState"
    assert G.nodes["charles-michel"]["country"] is None


def test_rollup_merges_people_and_organs_into_their_state():
    R = stance_graph(scenarios.rdf(), rollup=True)
    assert sorted(R) == ["ARM", "AZE", "FRA", "NKS", "RUS", "TUR", "USA", "charles-michel"]
    assert R.nodes["FRA"]["members"] == ["FRA", "emmanuel-macron"]
    assert R.nodes["USA"]["type"] == "State"
    # every stance survives (none became a self-loop here); the original actors are kept
    assert R.number_of_edges() == 22
    macron = [d for d in R.get_edge_data("FRA", "ARM").values()]
    assert [(d["relation"], d["source_actor"], d["target_actor"]) for d in macron] == [
        ("appeals", "emmanuel-macron", "nikol-pashinyan")]
    assert sorted(d["relation"] for d in R.get_edge_data("RUS", "AZE").values()) == ["appeals", "appeals"]
    assert "NKS" in R and R.nodes["NKS"]["members"] == ["NKS"]  # non-state actors never merge


def test_rollup_drops_stances_that_become_self_loops():
    rows = [("RUS-foreign-ministry", "supports", "RUS", "The ministry backs the Kremlin line."),
            ("RUS", "appeals", "ARM", "Russia urged Armenia to negotiate.")]
    R = stance_graph(scenarios.rdf(rows), rollup=True)
    assert list(R.edges()) == [("RUS", "ARM")]


def test_rollup_map_follows_chains_and_stops_on_cycles():
    G = nx.MultiDiGraph()
    G.add_node("unsc", type="Organization", organ_of="un")
    G.add_node("un", type="Organization")
    G.add_node("a", type="Organization", organ_of="b")
    G.add_node("b", type="Organization", organ_of="a")
    assert rollup_map(G) == {"unsc": "un", "un": "un", "a": "b", "b": "a"}


def test_aggregate_per_actor_pair(G):
    D = aggregate(G)
    assert isinstance(D, nx.DiGraph) and D.number_of_edges() == 18  # 22 stances, 4 repeat a pair
    e = D["emmanuel-macron"]["AZE"]
    assert (e["count"], e["weight"], e["counts"], e["families"]) == (
        3, -9.0, {"condemns": 2, "demands": 1}, {"appeal": 1, "disapprove": 2})
    assert e["first_date"] == e["last_date"] == dt.date(2023, 9, 19)
    assert D.nodes["AZE"]["label"] == "Azerbaijan"


def test_works_on_a_disk_store_and_on_a_plain_rdflib_graph(tmp_path):
    disk = scenarios.rdf(graph=open_graph(tmp_path / "store"))
    assert stance_graph(disk).number_of_edges() == 22
    plain = Graph()
    plain += scenarios.rdf()
    assert nx.utils.edges_equal(stance_graph(plain).edges(keys=True), stance_graph(disk).edges(keys=True))


def test_empty_graph_gives_an_empty_multigraph():
    G = stance_graph(open_graph())
    assert isinstance(G, nx.MultiDiGraph) and len(G) == 0


def test_unknown_relation_is_a_clear_error():
    g = open_graph()
    st = URIRef("http://example.org/st1")
    g.add((st, RDF.type, DG.Stance))
    g.add((st, DG.subject, RES["actor/FRA"]))
    g.add((st, DG.object, RES["actor/AZE"]))
    g.add((st, DG.relation, URIRef("http://example.org/likes")))
    g.add((st, DG.evidence, Literal("x")))
    with pytest.raises(DiplographError, match="unknown relation"):
        stance_graph(g)


def test_actor_outside_the_namespace_keeps_its_iri():
    g = open_graph()
    st, a = URIRef("http://example.org/st1"), URIRef("http://example.org/actor/x")
    for p, o in [(RDF.type, DG.Stance), (DG.subject, a), (DG.object, RES["actor/AZE"]),
                 (DG.relation, DG.supports)]:
        g.add((st, p, o))
    G = stance_graph(g)
    assert sorted(G) == ["AZE", "http://example.org/actor/x"]
    assert G.nodes["http://example.org/actor/x"]["label"] == "x"
    (d,) = [d for *_, d in G.edges(data=True)]
    assert (d["goldstein"], d["date"], d["evidence"]) == (3.4, None, None)  # from the ontology


def test_bad_input_is_a_project_error():
    with pytest.raises(DiplographError):
        stance_graph({"not": "a graph"})
    with pytest.raises(DiplographError):
        aggregate([("a", "b")])
    assert node_id(RES["actor/AZE"]) == "AZE"


def test_an_official_of_an_organisation_rolls_up_into_it(gazetteer):
    """A person who speaks for no state on the day (an IO office) rolls up into the organisation."""
    from diplograph.loaders.records import Article, StanceMention
    from diplograph.loaders.to_rdf import to_triples

    day = dt.date(2023, 9, 19)
    michel, armenia = gazetteer.get("charles-michel", day), gazetteer.get("ARM", day)
    assert michel.country is None
    article = Article("Michel mediated.", day)
    st = StanceMention(michel, "mediates", armenia, "Michel mediated.", 0, 16, day, 0.9, "test",
                       article=article.hash)
    g = open_graph()
    g += to_triples(article, [st], gazetteer)
    assert rollup_map(stance_graph(g))["charles-michel"] == "european-council"
