"""filter_graph: one function cuts a stance graph down (dates, actor, relations, articles, top)."""

import datetime as dt

import networkx as nx
import pytest

from diplograph.graph.network import filter_graph
from diplograph.loaders.records import DiplographError


@pytest.fixture
def G():
    G = nx.MultiDiGraph()
    G.add_node("FRA", label="France", type="State")
    G.add_node("emmanuel-macron", label="Emmanuel Macron", type="Person")
    G.add_node("RUS", label="Russia", type="State", members=["RUS", "vladimir-putin"])
    rows = [("FRA", "AZE", "condemns", "disapprove", "2023-09-19", "a1"),
            ("FRA", "AZE", "condemns", "disapprove", "2023-09-20", "a2"),
            ("emmanuel-macron", "AZE", "appeals", "appeal", "2023-09-20", "a2"),
            ("TUR", "AZE", "supports", "support", "2023-09-20", "a2"),
            ("AZE", "ARM", "attacks", "force", "2023-09-19", "a1"),
            ("RUS", "ARM", "mediates", "mediate", "2023-09-21", "a3"),
            ("USA", "IRN", "condemns", "disapprove", "2023-10-01", "a4"),
            ("USA", "IRN", "condemns", "disapprove", None, None)]
    for i, (u, v, rel, fam, day, art) in enumerate(rows):
        G.add_edge(u, v, key=f"st{i}", relation=rel, family=fam, article=art,
                   date=dt.date.fromisoformat(day) if day else None)
    return G


def edges(H):
    return sorted((u, v, d["relation"]) for u, v, d in H.edges(data=True))


def test_dates_include_both_days_and_drop_undated_stances(G):
    H = filter_graph(G, since="2023-09-20", until=dt.date(2023, 9, 21))
    assert edges(H) == [("FRA", "AZE", "condemns"), ("RUS", "ARM", "mediates"),
                        ("TUR", "AZE", "supports"), ("emmanuel-macron", "AZE", "appeals")]
    assert "IRN" not in H and "USA" not in H  # no stance left: the actor goes too
    assert H.nodes["FRA"] == G.nodes["FRA"]
    assert G.number_of_edges() == 8  # the input is untouched


def test_relations_and_families(G):
    assert edges(filter_graph(G, relations=["attacks"])) == [("AZE", "ARM", "attacks")]
    assert edges(filter_graph(G, families="support,force")) == [("AZE", "ARM", "attacks"),
                                                                ("TUR", "AZE", "supports")]
    assert edges(filter_graph(G, relations="condemns", families="appeal")) == []


def test_min_articles_counts_distinct_articles_per_subject_relation_object(G):
    assert edges(filter_graph(G, min_articles=2)) == [("FRA", "AZE", "condemns"), ("FRA", "AZE", "condemns"),
                                                      ("USA", "IRN", "condemns"), ("USA", "IRN", "condemns")]


def test_actor_ego_network_by_id_label_or_member(G):
    assert sorted(filter_graph(G, actor="TUR")) == ["AZE", "TUR"]
    assert sorted(filter_graph(G, actor="France")) == ["AZE", "FRA"]
    assert sorted(filter_graph(G, actor="france", depth=2)) == ["ARM", "AZE", "FRA", "TUR", "emmanuel-macron"]
    assert sorted(filter_graph(G, actor="Vladimir-Putin")) == ["ARM", "RUS"]
    # the ego network after the other filters: France condemned no one on the 21st
    assert len(filter_graph(G, actor="FRA", since="2023-09-21")) == 0


def test_top_keeps_the_best_connected_actors(G):
    H = filter_graph(G, top=3)  # AZE has 5 stances; ARM, FRA, IRN and USA 2 each: ties by id
    assert sorted(H) == ["ARM", "AZE", "FRA"]
    assert edges(H) == [("AZE", "ARM", "attacks"), ("FRA", "AZE", "condemns"), ("FRA", "AZE", "condemns")]


@pytest.mark.parametrize("kw, message", [
    ({"actor": "Fance"}, "--actor 'Fance' is not in the graph (did you mean France?)"),
    ({"relations": "condems"}, "unknown relation 'condems'"),
    ({"families": "hostile"}, "unknown family 'hostile'"),
    ({"since": "19/09/2023"}, "--since '19/09/2023' is not a date"),
    ({"since": "2023-09-21", "until": "2023-09-19"}, "--since 2023-09-21 is after --until 2023-09-19"),
    ({"top": 0}, "--top must be a whole number of at least 1"),
    ({"min_articles": -1}, "--min-articles must be"),
    ({"depth": 0}, "--depth must be"),
])
def test_bad_filters_are_one_clear_error(G, kw, message):
    with pytest.raises(DiplographError) as err:
        filter_graph(G, **kw)
    assert str(err.value).startswith(message)


def test_needs_a_stance_multigraph():
    with pytest.raises(DiplographError, match="MultiDiGraph"):
        filter_graph(nx.Graph())
