"""The `diplograph` command on the bundled example and on bad input."""

import json
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph

from diplograph.graph.cli import main
from diplograph.graph.ontology import ONTOLOGY_PATH, SHAPES_PATH

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "karabakh-2023-09-19.txt"
DATE = "2023-09-19"
WHO_CONDEMNS = """
PREFIX dg: <https://w3id.org/diplograph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?who WHERE { ?s dg:condemns ?t . ?t rdfs:label "Azerbaijan" . ?s rdfs:label ?who }
"""


@pytest.fixture(scope="module")
def example_ttl(tmp_path_factory, extractor):
    out = tmp_path_factory.mktemp("cli") / "karabakh.ttl"
    from diplograph.graph.store import bind_prefixes, open_graph, write_graph
    from diplograph.loaders.article import read_text_article
    from diplograph.loaders.to_rdf import to_triples

    article = read_text_article(EXAMPLE, DATE)
    g = bind_prefixes(open_graph())
    g.addN((s, p, o, g) for s, p, o in to_triples(article, extractor.extract(article), extractor.gazetteer))
    write_graph(g, out, "ttl")
    return out


def test_extract_jsonl_follows_the_contract(capsys):
    assert main(["extract", str(EXAMPLE), "--date", DATE, "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows
    for row in rows:
        for side in ("subject", "object"):
            assert set(row[side]) == {"id", "label", "type", "country"}
            assert row[side]["type"] in {"State", "Person", "Organization", "NonState"}
            assert row[side]["country"] is None or len(row[side]["country"]) == 3
        assert row["evidence"] and row["start"] < row["end"] and row["date"] and 0 < row["confidence"] <= 1
        # the event codes of the relation, CAMEO as a string that keeps its leading zero
        assert isinstance(row["cameo"], str) and row["cameo"].isdigit() and row["cameo_root"] == row["cameo"][:2]
        assert row["quad_class"] in (1, 2, 3, 4) and isinstance(row["goldstein"], float)
        assert row["plover_type"] and row["plover_type"].isupper()
    pairs = {(r["subject"]["label"], r["relation"], r["object"]["label"]) for r in rows}
    assert ("France", "condemns", "Azerbaijan") in pairs
    codes = {r["relation"]: (r["cameo"], r["quad_class"], r["plover_type"], r["plover_mode"]) for r in rows}
    assert codes["condemns"] == ("111", 3, "ACCUSE", "disapprove")


def test_sparql_finds_france_and_macron_condemning_azerbaijan(capsys, example_ttl):
    assert main(["query", WHO_CONDEMNS, "--data", str(example_ttl), "--format", "json"]) == 0
    who = {row["who"] for row in json.loads(capsys.readouterr().out)}
    assert {"France", "Emmanuel Macron"} <= who


def test_example_graph_passes_the_shapes(example_ttl):
    shapes = Graph().parse(str(SHAPES_PATH))
    onto = Graph().parse(str(ONTOLOGY_PATH))
    ok, _, text = validate(Graph().parse(example_ttl), shacl_graph=shapes, ont_graph=onto, inference="rdfs")
    assert ok, text


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_extract_rdf_formats_parse(capsys, fmt):
    assert main(["extract", str(EXAMPLE), "--date", DATE, "--format", fmt]) == 0
    text = capsys.readouterr().out
    g = Graph().parse(data=text, format={"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt])
    assert len(g) > 50


def test_ingest_twice_adds_nothing(tmp_path, capsys):
    store = tmp_path / "store"
    assert main(["ingest", str(EXAMPLE), "--date", DATE, "--store", str(store)]) == 0
    first = capsys.readouterr().err
    assert main(["ingest", str(EXAMPLE), "--date", DATE, "--store", str(store)]) == 0
    second = capsys.readouterr().err
    assert "ingested 1 article(s), skipped 0" in first
    assert "ingested 0 article(s), skipped 1" in second
    n_first = int(first.rsplit(";", 1)[1].split()[0])
    n_second = int(second.rsplit(";", 1)[1].split()[0])
    assert n_first == n_second > 0


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_query_formats(capsys, example_ttl, fmt):
    assert main(["query", WHO_CONDEMNS, "--data", str(example_ttl), "--format", fmt]) == 0
    assert "France" in capsys.readouterr().out


@pytest.mark.parametrize("argv,message", [
    (["extract", "missing.txt", "--date", DATE], "no such file"),
    (["extract", str(EXAMPLE), "--date", "19/09/2023"], "invalid date"),
    (["query", "SELECT * WHERE {", "--data", str(EXAMPLE.with_suffix(".ttl"))], "no such file"),
])
def test_bad_input_is_one_line_and_exit_2(capsys, argv, message):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and err.count("\n") == 1


def test_sparql_syntax_error(capsys, example_ttl):
    assert main(["query", "SELECT * WHERE {", "--data", str(example_ttl)]) == 2
    assert "SPARQL error" in capsys.readouterr().err


def test_unknown_format_is_an_argparse_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["extract", str(EXAMPLE), "--date", DATE, "--format", "xml"])
    assert exit_.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_empty_and_binary_files(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x00\x01\x02abc")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Fran\xe7ais".encode("latin-1"))
    for path, message in ((empty, "empty article"), (binary, "binary file"), (latin, "not UTF-8")):
        assert main(["extract", str(path), "--date", DATE]) == 2
        assert message in capsys.readouterr().err


def test_explain_prints_rule_and_path(capsys):
    assert main(["explain", str(EXAMPLE), "--date", DATE]) == 0
    out = capsys.readouterr().out
    assert "rule " in out and "trigger " in out and "evidence [" in out


def test_build_writes_turtle_picture_and_summary(tmp_path, capsys):
    assert main(["build", str(EXAMPLE), "--date", DATE, "--out", str(tmp_path / "karabakh")]) == 0
    out = capsys.readouterr().out
    assert (tmp_path / "karabakh.ttl").stat().st_size > 0
    assert (tmp_path / "karabakh.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "karabakh-alliances.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "condemns" in out and "Azerbaijan" in out


def test_two_runs_give_isomorphic_graphs(capsys):
    from rdflib.compare import isomorphic

    graphs = []
    for _ in range(2):
        assert main(["extract", str(EXAMPLE), "--date", DATE, "--format", "nt"]) == 0
        graphs.append(Graph().parse(data=capsys.readouterr().out, format="nt"))
    assert len(graphs[0]) > 100 and isomorphic(graphs[0], graphs[1])
