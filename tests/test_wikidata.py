"""Wikidata ids in the actor data, the coverage they give, and tools/wikidata_officeholders.py
on a small dump written for the tests."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "loaders" / "data"
QID = re.compile(r"^Q[1-9][0-9]*$")


def _tool():
    spec = importlib.util.spec_from_file_location("wikidata_officeholders", ROOT / "tools" / "wikidata_officeholders.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while it loads
    spec.loader.exec_module(mod)
    return mod


TOOL = _tool()


def _qids(node, where=""):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "qid" and value is not None:
                yield where + "/" + str(node.get("id") or node.get("iso3") or node.get("label")), value
            else:
                yield from _qids(value, where)
    elif isinstance(node, list):
        for item in node:
            yield from _qids(item, where)


# ------------------------------------------------------------------ the data
def test_every_wikidata_id_has_the_item_format_and_names_one_actor():
    seen: dict[str, str] = {}
    for path in sorted(DATA.glob("*.yaml")):
        for where, qid in _qids(yaml.safe_load(path.read_text(encoding="utf-8")), path.name):
            assert isinstance(qid, str) and QID.match(qid), f"{where}: {qid!r}"
            assert qid not in seen, f"{qid} names both {seen[qid]} and {where}"
            seen[qid] = where
    assert len(seen) > 600


def test_wikidata_ids_reach_the_rdf(gazetteer):
    from rdflib import OWL, URIRef

    from diplograph.loaders.to_rdf import actor_iri

    actor = gazetteer.get("emmanuel-macron")
    assert actor.qid == "Q3052772"
    triples = set(gazetteer.actor_triples(actor))
    assert (actor_iri("emmanuel-macron"), OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q3052772")) in triples


def test_the_schema_refuses_a_malformed_id(tmp_path):
    from diplograph.loaders.actors import Gazetteer
    from diplograph.loaders.records import DiplographError

    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    people = data / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8").replace("qid: Q3052772", "qid: Q03052772", 1),
                      encoding="utf-8")
    with pytest.raises(DiplographError, match=r"emmanuel-macron|Q03052772"):
        Gazetteer(data)


def test_positions_file_names_offices_of_known_actors(gazetteer):
    positions = TOOL.load_positions()
    assert len(positions) >= 20
    for qid, office in positions.items():
        assert QID.match(qid)
        assert gazetteer.get(office["of"]) is not None, qid


# ------------------------------------------------------------------ the office-holder script
PEOPLE = """\
# Office holders (test data)
people:
- {id: emmanuel-macron, label: Emmanuel Macron, qid: Q3052772, country: FRA, offices: [{office: head_of_state, of: FRA, title: President, start: 2017-05-14, end: null}]}
- {id: joe-biden, label: Joe Biden, variants: [Joseph R. Biden], country: USA, offices: [
   {office: vice_president, of: USA, title: Vice President, start: 2009-01-20, end: 2017-01-20},
   {office: [head_of_state, head_of_government], of: USA, title: President, start: 2021-01-20, end: null}]}
# a comment that stays where it is
- {id: ann-example, label: Ann Example, country: GBR, offices: [{office: foreign_minister, of: GBR, title: Foreign Secretary, start: 2020-01-01, end: null}]}
"""
POSITIONS = """\
Q11696: {office: [head_of_state, head_of_government], of: USA, title: President}
Q191954: {office: head_of_state, of: FRA, title: President}
"""


def binding(person, label, position, start=None, end=None, start_precision=11, end_precision=11):
    row = {"person": {"type": "uri", "value": f"http://www.wikidata.org/entity/{person}"},
           "personLabel": {"type": "literal", "xml:lang": "en", "value": label},
           "position": {"type": "uri", "value": f"http://www.wikidata.org/entity/{position}"}}
    for name, value, precision in (("start", start, start_precision), ("end", end, end_precision)):
        if value:
            row[name] = {"datatype": "http://www.w3.org/2001/XMLSchema#dateTime", "type": "literal",
                         "value": f"{value}T00:00:00Z"}
            row[name + "Precision"] = {"datatype": "http://www.w3.org/2001/XMLSchema#integer", "type": "literal",
                                       "value": str(precision)}
    return row


DUMP = {"head": {"vars": ["person", "personLabel", "position", "start", "startPrecision", "end", "endPrecision"]},
        "results": {"bindings": [
            binding("Q6279", "Joe Biden", "Q11696", "2021-01-20", "2025-01-20"),
            binding("Q6279", "Joe Biden", "Q11696", "2021-01-20", "2025-01-20"),        # the same statement again
            binding("Q22686", "Donald Trump", "Q11696", "2017-01-20", "2021-01-20"),
            binding("Q22686", "Donald Trump", "Q11696", "2025-01-20"),                   # in office
            binding("Q76", "Barack Obama", "Q11696", "2009-01-20", "2017-01-20"),
            binding("Q207", "George W. Bush", "Q11696", "2001-01-20", "2009-01-20"),     # ended before 2010
            binding("Q3052772", "Emmanuel Macron", "Q191954", "2017-05-14"),             # as in the data
            binding("Q9999991", "Year Only", "Q191954", "2011-01-01", "2012-01-01", end_precision=9),
            binding("Q9999992", "Month Start", "Q191954", "2012-05-01", start_precision=10),
            binding("Q9999993", "Someone Else", "Q999"),                                  # a post not mapped
        ]}}


@pytest.fixture
def workspace(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    (data / "people.yaml").write_text(PEOPLE, encoding="utf-8")
    (tmp_path / "positions.yaml").write_text(POSITIONS, encoding="utf-8")
    (tmp_path / "dump.json").write_text(json.dumps(DUMP), encoding="utf-8")
    return tmp_path


def run(workspace, *extra):
    return TOOL.main([str(workspace / "dump.json"), "--positions", str(workspace / "positions.yaml"),
                      "--people", str(workspace / "data" / "people.yaml"), *extra])


def test_dry_run_prints_a_diff_and_changes_nothing(workspace, capsys):
    assert run(workspace) == 0
    out, err = capsys.readouterr()
    assert "+- {id: donald-trump, label: Donald Trump, qid: Q22686, country: USA, offices: [" in out
    assert "-- {id: joe-biden" in out and "+- {id: joe-biden" in out
    assert not [ln for ln in out.splitlines() if ln[:1] in "+-" and "emmanuel-macron" in ln]  # unchanged
    assert "Year Only" in err and "known only to the month or year" in err
    assert (workspace / "data" / "people.yaml").read_text(encoding="utf-8") == PEOPLE


def test_write_rebuilds_the_office_holders(workspace, capsys):
    assert run(workspace, "--write") == 0
    text = (workspace / "data" / "people.yaml").read_text(encoding="utf-8")
    people = {p["id"]: p for p in yaml.safe_load(text)["people"]}
    biden = people["joe-biden"]
    assert biden["qid"] == "Q6279"  # found by name, given its Wikidata id
    assert [(o["title"], str(o["start"]), str(o["end"])) for o in biden["offices"]] == [
        ("Vice President", "2009-01-20", "2017-01-20"),  # a post the dump does not cover: kept
        ("President", "2021-01-20", "2025-01-20")]       # the term from Wikidata
    assert [(str(o["start"]), str(o["end"])) for o in people["donald-trump"]["offices"]] == [
        ("2017-01-20", "2021-01-20"), ("2025-01-20", "None")]
    assert people["barack-obama"]["qid"] == "Q76" and people["month-start"]["offices"][0]["start"] is None
    assert "george-w-bush" not in people and "year-only" not in people and "someone-else" not in people
    assert "# a comment that stays where it is\n- {id: ann-example" in text
    assert PEOPLE.splitlines()[2] in text.splitlines()  # Macron's line untouched
    from diplograph.loaders.actors import Gazetteer

    gaz = Gazetteer(workspace / "data")
    assert gaz.office_holder("head_of_state", "USA", __import__("datetime").date(2018, 1, 1)).id == "donald-trump"
    assert "wrote" in capsys.readouterr().err
    assert run(workspace, "--write") == 0  # a second run has nothing left to do
    assert (workspace / "data" / "people.yaml").read_text(encoding="utf-8") == text


@pytest.mark.parametrize("dump, message", [
    ("not json", "not a SPARQL JSON results file"),
    (json.dumps({"head": {"vars": ["item"]}, "results": {"bindings": []}}), "must select ?person and ?position"),
    (json.dumps({"head": {"vars": ["person", "position"]}, "results": {"bindings": [
        {"person": {"value": "http://example.org/x"}, "position": {"value": "Q1"}}]}}), "not a Wikidata item"),
    (json.dumps({"head": {"vars": ["person", "position"]}, "results": {"bindings": [
        {"person": {"value": "Q1"}, "position": {"value": "Q11696"}, "start": {"value": "soon"}}]}}), "not a date"),
])
def test_bad_dumps_are_one_line_and_exit_2(workspace, capsys, dump, message):
    (workspace / "dump.json").write_text(dump, encoding="utf-8")
    assert run(workspace, "--write") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and err.startswith("wikidata_officeholders.py: error:")
    assert (workspace / "data" / "people.yaml").read_text(encoding="utf-8") == PEOPLE


def test_query_lists_the_positions(workspace, capsys):
    assert TOOL.main(["--query", "--positions", str(workspace / "positions.yaml"), "--since", "2015-01-01"]) == 0
    query = capsys.readouterr().out
    assert "VALUES ?position { wd:Q11696 wd:Q191954 }" in query
    assert "ps:P39" in query and "pqv:P580" in query and "pqv:P582" in query and '"2015-01-01T00:00:00Z"' in query


def test_rebuild_keeps_the_terms_the_dump_leaves_out():
    positions = {"Q11696": {"office": ["head_of_state", "head_of_government"], "of": "USA", "title": "President"}}
    old = {"office": ["head_of_state", "head_of_government"], "of": "USA", "title": "President"}
    people = [
        {"id": "ann", "label": "Ann", "qid": "Q1", "country": "USA", "offices": [
            {**old, "start": dt.date(2001, 1, 20), "end": dt.date(2009, 1, 20)}]},      # ended before since
        {"id": "bob", "label": "Bob", "qid": "Q2", "country": "USA", "offices": [
            {**old, "start": dt.date(2011, 1, 1), "end": dt.date(2012, 3, 4)}]},        # its end is vague in the dump
    ]
    terms = [TOOL.Term("Q1", "Ann", "Q11696", dt.date(2021, 1, 20), None),
             TOOL.Term("Q2", "Bob", "Q11696", dt.date(2011, 1, 1), dt.date(2012, 1, 1), end_precise=False),
             TOOL.Term("Q2", "Bob", "Q11696", dt.date(2020, 1, 1), dt.date(2021, 1, 1))]
    rows, report = TOOL.rebuild(terms, positions, people)
    ann, bob = rows
    assert [(o["start"], o["end"]) for o in ann["offices"]] == [
        (dt.date(2001, 1, 20), dt.date(2009, 1, 20)), (dt.date(2021, 1, 20), None)]
    assert bob["offices"] == people[1]["offices"]
    assert any("Bob (Q2): kept the data's terms of President of USA" in line for line in report), report
