"""filter_graph: one function cuts a stance graph down (dates, actor, relations, articles, top)."""

import datetime as dt

import networkx as nx
import pytest

from diplograph.graph.network import EmptyFilterWarning, filter_graph
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
    with pytest.warns(EmptyFilterWarning, match="leave no stance"):
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
    with pytest.warns(EmptyFilterWarning):
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


# ---------------------------------------------------------------- from the command line
@pytest.fixture
def ttl(tmp_path):
    import scenarios

    from diplograph.graph.store import write_graph

    out = tmp_path / "k.ttl"
    write_graph(scenarios.rdf(), out, "ttl")
    return out


def page_nodes(path):
    import json
    import re

    text = path.read_text(encoding="utf-8")
    return {n["id"] for n in json.loads(re.search(r'id="data">(.*?)</script>', text, re.DOTALL).group(1))["nodes"]}


def test_draw_and_export_take_the_filters(ttl, tmp_path, capsys):
    from diplograph.graph.cli import main

    assert main(["export", "--data", str(ttl), "-o", str(tmp_path / "all.html")]) == 0
    assert main(["export", "--data", str(ttl), "-o", str(tmp_path / "ego.html"), "--actor", "turkey",
                 "--family", "consult,disapprove"]) == 0
    everyone, ego = page_nodes(tmp_path / "all.html"), page_nodes(tmp_path / "ego.html")
    assert ego == {"TUR", "AZE"} and ego < everyone
    assert main(["export", "--data", str(ttl), "-o", str(tmp_path / "top.html"), "--top", "3"]) == 0
    assert len(page_nodes(tmp_path / "top.html")) == 3
    assert main(["draw", "--data", str(ttl), "-o", str(tmp_path / "a.svg"), "--kind", "alliance",
                 "--actor", "Emmanuel Macron", "--since", "2023-09-19", "--min-articles", "1"]) == 0
    assert (tmp_path / "a.svg").read_text().count("<text") > 3


@pytest.mark.parametrize("flags, message", [
    (["--actor", "Fance"], "--actor 'Fance' is not in the graph (did you mean France?)"),
    (["--since", "2023-13-01"], "--since '2023-13-01' is not a date"),
    (["--depth", "2"], "--depth needs --actor"),
    (["--relation", "condems"], "unknown relation 'condems'"),
    (["--top", "0"], "--top must be a whole number of at least 1"),
])
@pytest.mark.parametrize("command, suffix", [("draw", ".png"), ("export", ".html")])
def test_a_bad_filter_is_one_line_and_no_file(ttl, tmp_path, capsys, flags, message, command, suffix):
    from diplograph.graph.cli import main

    out = tmp_path / f"x{suffix}"
    assert main([command, "--data", str(ttl), "-o", str(out), *flags]) != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0] and "Traceback" not in err[0]
    assert not out.exists()


@pytest.mark.parametrize("flags, message", [
    (["--since", "nope"], "--since 'nope' is not a date"),
    (["--min-articles", "0"], "--min-articles must be a whole number of at least 1"),
    (["--family", "friendship"], "unknown family 'friendship'"),
])
def test_a_bad_filter_is_refused_before_the_store_is_opened(tmp_path, capsys, flags, message):
    """The value is wrong whatever the store holds: say so, not that the store is missing."""
    from diplograph.graph.cli import main

    out = tmp_path / "x.png"
    assert main(["draw", "--store", str(tmp_path / "no-store"), "-o", str(out), *flags]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0], err
    assert not out.exists() and not (tmp_path / "no-store").exists()
