"""`diplograph actors resolve` and `diplograph actors list`."""

from __future__ import annotations

import json

from diplograph.graph.cli import main


def test_resolve_prints_the_person_and_office(capsys):
    assert main(["actors", "resolve", "the French president", "--date", "2016-05-01"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["id"] == "francois-hollande" and out["type"] == "Person" and out["country"] == "FRA"
    assert out["office"] == "President of France" and out["qid"] == "Q157"


def test_resolve_a_state_by_its_capital(capsys):
    assert main(["actors", "resolve", "Baku"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["id"], out["label"], out["type"], out["country"]) == ("AZE", "Azerbaijan", "State", "AZE")
    assert out["office"] is None


def test_resolve_nothing_exits_1(capsys):
    assert main(["actors", "resolve", "Atlantis"]) == 1
    assert "no actor" in capsys.readouterr().err


def test_resolve_bad_date_is_a_clear_error(capsys):
    assert main(["actors", "resolve", "Baku", "--date", "19/09/2023"]) == 2
    assert capsys.readouterr().err.startswith("diplograph: error:")


def test_list_by_type(capsys):
    assert main(["actors", "list", "--type", "State"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) >= 196
    assert "AZE\tState\tAZE\tAzerbaijan" in lines
    assert main(["actors", "list", "--type", "Person"]) == 0
    people = capsys.readouterr().out.splitlines()
    assert "nikol-pashinyan\tPerson\tARM\tNikol Pashinyan" in people
    assert all(line.split("\t")[1] == "Person" for line in people)
