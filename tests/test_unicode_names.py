"""Issue 13, item 7: a name in any script gets a stable actor id; no command crashes on one."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_corpus import run, summary

from diplograph.graph.cli import main
from diplograph.loaders.actors import slugify
from diplograph.loaders.records import Actor, slug

SENTENCE = "French Foreign Minister Πέτρος Παπαδόπουλος condemned Russia."


@settings(max_examples=300, deadline=None)
@given(name=st.text(min_size=0, max_size=80))
def test_property_any_name_has_a_stable_valid_id(name):
    ident = slug(name)
    assert ident == slug(name)
    assert ident.isascii() and ident == ident.lower()
    Actor(ident, name or "x", "Person")  # the id pattern accepts it


@pytest.mark.parametrize("a, b", [("习近平", "李强"), ("Ahmed 李", "Ahmed 王"), ("محمد", "علي")])
def test_names_that_lose_their_letters_do_not_collide(a, b):
    assert slug(a) != slug(b)


def test_transliteration_and_the_old_slugs_of_ascii_names():
    assert slug("Πέτρος Παπαδόπουλος") == "petros-papadopoulos"
    assert slug("Дмитрий Песков") == "dmitrii-peskov"
    assert slugify("Khalil al-Hayya") == "khalil-al-hayya"
    assert slugify("Nikol Pashinyan") == "nikol-pashinyan"


@pytest.mark.parametrize("command", ["extract", "explain", "build"])
def test_a_greek_name_with_a_title_runs_through_every_command(tmp_path, capsys, command):
    text = tmp_path / "greek.txt"
    text.write_text(SENTENCE, encoding="utf-8")
    extra = ["--out", str(tmp_path / "out" / "g")] if command == "build" else []
    extra += ["--format", "jsonl"] if command == "extract" else []
    assert main([command, str(text), "--date", "2023-09-19", *extra]) == 0
    out = capsys.readouterr().out
    if command == "extract":
        row = json.loads(out.splitlines()[0])
        assert (row["subject"]["id"], row["relation"], row["object"]["id"]) == (
            "petros-papadopoulos", "condemns", "RUS")


def test_actors_resolve_a_greek_name(capsys):
    assert main(["actors", "resolve", "French Foreign Minister Πέτρος Παπαδόπουλος", "--date", "2023-09-19"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "petros-papadopoulos"


def test_ingest_keeps_the_article(tmp_path):
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps({"text": SENTENCE, "date": "2023-09-19"}, ensure_ascii=False) + "\n", encoding="utf-8")
    res = run("ingest", rows, "--store", tmp_path / "store", "-q")
    assert res.returncode == 0 and summary(res.stderr) == (1, 0, 0), res.stderr
