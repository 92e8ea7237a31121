"""Exports: GraphML, GEXF, CSV, the offline HTML page, and `diplograph export`."""

import csv
import json
import re

import networkx as nx
import pytest
import scenarios

from diplograph.graph.cli import main
from diplograph.graph.export import CSV_COLUMNS, export, plain_graph, write_html
from diplograph.graph.store import open_graph, write_graph
from diplograph.loaders.records import DiplographError

PLAIN = (str, int, float, bool)


@pytest.fixture(scope="module")
def rdf():
    return scenarios.rdf()


def test_graphml_round_trip(rdf, tmp_path):
    H = nx.read_graphml(export(rdf, tmp_path / "k.graphml"))
    assert isinstance(H, nx.MultiDiGraph)
    assert (H.number_of_nodes(), H.number_of_edges()) == (12, 22)
    assert H.nodes["FRA"]["label"] == "France"
    (d,) = H.get_edge_data("FRA", "AZE").values()
    assert (d["relation"], d["goldstein"], d["date"]) == ("condemns", -2.0, "2023-09-19")


def test_gexf_round_trip(rdf, tmp_path):
    H = nx.read_gexf(export(rdf, tmp_path / "k.gexf"))
    assert (H.number_of_nodes(), H.number_of_edges()) == (12, 22)
    assert {d["relation"] for *_, d in H.edges(data=True)} >= {"condemns", "supports", "mediates"}


def test_rolled_up_export(rdf, tmp_path):
    H = nx.read_graphml(export(rdf, tmp_path / "k.graphml", rollup=True))
    assert H.nodes["FRA"]["members"] == "FRA; emmanuel-macron"
    assert "emmanuel-macron" not in H


def test_plain_graph_has_only_plain_attributes(rdf):
    from diplograph.graph.network import stance_graph

    P = plain_graph(stance_graph(rdf, rollup=True))
    values = [v for _, d in P.nodes(data=True) for v in d.values()]
    values += [v for *_, d in P.edges(data=True) for v in d.values()]
    assert values and all(isinstance(v, PLAIN) for v in values)


def test_csv_edge_list(rdf, tmp_path):
    with open(export(rdf, tmp_path / "k.csv"), newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == CSV_COLUMNS and len(rows) == 22
    erdogan = next(r for r in rows if r["source"] == "recep-tayyip-erdogan")
    assert (erdogan["source_label"], erdogan["relation"], erdogan["target_label"], erdogan["goldstein"]) == (
        "Recep Tayyip Erdoğan", "supports", "Azerbaijan", "3.4")
    assert erdogan["evidence"] == "Hand-made: Erdogan supports Azerbaijan."


def page_data(text):
    m = re.search(r'<script type="application/json" id="data">(.*?)</script>', text, re.DOTALL)
    return json.loads(m.group(1))


def test_html_page_is_self_contained_and_carries_the_evidence(rdf, tmp_path):
    text = export(rdf, tmp_path / "k.html").read_text(encoding="utf-8")
    assert "<script src" not in text and "<link" not in text and "@import" not in text
    assert not re.search(r"""(src|href)\s*=\s*["']?https?:""", text)
    data = page_data(text)
    assert len(data["nodes"]) == 12
    assert sum(len(e["stances"]) for e in data["edges"]) == 22
    fra = next(e for e in data["edges"] if e["source"] == "FRA")
    assert fra["stances"][0]["evidence"] == "Hand-made: France condemns Azerbaijan."
    assert all(-1.5 <= n["x"] <= 1.5 and -1.5 <= n["y"] <= 1.5 for n in data["nodes"])


def test_html_escapes_what_could_end_the_script(tmp_path):
    G = nx.MultiDiGraph([("a", "b", {"relation": "condemns", "family": "disapprove",
                                     "evidence": "</script><script>alert(1)</script> & \u2028"})])
    G.nodes["a"]["label"] = "<b>A</b>"
    text = write_html(G, tmp_path / "x.html", title="<Stances & co>").read_text(encoding="utf-8")
    assert "<script>alert" not in text and "&lt;Stances &amp; co&gt;" in text
    data = page_data(text)
    assert data["edges"][0]["stances"][0]["evidence"].startswith("</script><script>alert(1)")
    assert data["nodes"][0]["label"] == "<b>A</b>"


def test_empty_export_is_valid(tmp_path):
    assert nx.read_graphml(export(open_graph(), tmp_path / "e.graphml")).number_of_nodes() == 0
    assert page_data(export(open_graph(), tmp_path / "e.html").read_text())["nodes"] == []


def test_format_from_suffix_or_argument(rdf, tmp_path):
    with pytest.raises(DiplographError, match=r"unknown export type '\.xlsx'"):
        export(rdf, tmp_path / "k.xlsx")
    with pytest.raises(DiplographError, match="unknown export format"):
        export(rdf, tmp_path / "k.csv", fmt="parquet")
    out = export(rdf, tmp_path / "k.txt", fmt="csv")
    assert out.read_text(encoding="utf-8").startswith("source,target,")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k.txt"]


def test_cli_export(rdf, tmp_path, capsys):
    ttl = tmp_path / "k.ttl"
    write_graph(rdf, ttl)
    assert main(["export", "--data", str(ttl), "-o", str(tmp_path / "k.gexf")]) == 0
    assert nx.read_gexf(tmp_path / "k.gexf").number_of_edges() == 22
    assert main(["export", "--data", str(ttl), "-o", str(tmp_path / "k.html"), "--rollup"]) == 0
    assert main(["export", "--data", str(ttl), "-o", str(tmp_path / "k.doc")]) == 2
    assert "unknown export type" in capsys.readouterr().err
    assert main(["draw", "--data", str(ttl), "-o", str(tmp_path / "k.svg"), "--kind", "alliance"]) == 0
