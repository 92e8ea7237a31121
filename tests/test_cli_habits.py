"""Habits of the command line: --version, python -m diplograph, -q/-v everywhere, data on stdout
and messages on stderr, a hint for an actor parameter that names no actor, progress totals, bash
completion, and the Wikidata coverage command."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from diplograph.graph.cli import _subparsers, build_parser, main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "karabakh-2023-09-19.txt"
TWO_STANCES = ROOT / "tests" / "data" / "expected_two_stances.ttl"


def test_version(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"diplograph {version('diplograph')}"


def test_python_dash_m_diplograph_from_any_folder(tmp_path):
    """`python -m diplograph` runs the command through the installed package, not the source tree."""
    res = subprocess.run([sys.executable, "-m", "diplograph", "--version"], capture_output=True, text=True,
                         cwd=tmp_path, timeout=60, check=False)
    assert res.returncode == 0 and res.stdout.strip() == f"diplograph {version('diplograph')}"
    res = subprocess.run([sys.executable, "-m", "diplograph", "query", "--list"], capture_output=True, text=True,
                         cwd=tmp_path, timeout=60, check=False)
    assert res.returncode == 0 and "who-condemns" in res.stdout
    res = subprocess.run([sys.executable, "-m", "diplograph", "nonsense"], capture_output=True, text=True,
                         cwd=tmp_path, timeout=60, check=False)
    assert res.returncode == 2 and res.stderr.startswith("usage: python -m diplograph")


def test_quiet_and_verbose_on_every_sub_command():
    parser = build_parser()
    subs = list(_subparsers(parser))
    assert len(subs) >= 12
    for sp in subs:
        options = {s for a in sp._actions for s in a.option_strings}
        assert {"-q", "--quiet", "-v", "--verbose"} <= options, sp.prog
    assert parser.parse_args(["-q", "draw", "-o", "x.png"]).quiet is True        # before the sub-command
    assert parser.parse_args(["draw", "-o", "x.png", "-q"]).quiet is True        # after it
    assert parser.parse_args(["draw", "-o", "x.png"]).quiet is False
    assert parser.parse_args(["actors", "list", "-v"]).verbose is True            # nested sub-commands
    assert parser.parse_args(["-v", "ingest", "x.jsonl"]).verbose is True


@pytest.mark.parametrize("command", [["export", "-o", "{out}.csv"], ["draw", "-o", "{out}.png"]])
def test_wrote_goes_to_stderr_and_quiet_silences_it(command, tmp_path, capsys):
    args = [a.format(out=tmp_path / "x") for a in command] + ["--data", str(TWO_STANCES)]
    assert main(args) == 0
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("wrote ")
    assert main(["-q", *args]) == 0
    assert capsys.readouterr() == ("", "")


def test_build_keeps_the_summary_on_stdout_and_the_message_on_stderr(tmp_path, capsys):
    assert main(["build", str(EXAMPLE), "--date", "2023-09-19", "--out", str(tmp_path / "k")]) == 0
    out, err = capsys.readouterr()
    assert "condemns" in out and "wrote" not in out
    assert f"wrote {tmp_path / 'k.ttl'}" in err


def test_named_query_hint_for_an_actor_that_does_not_exist(capsys):
    args = ["query", "--name", "who-condemns", "--data", str(TWO_STANCES), "--format", "json"]
    assert main([*args, "--param", "target=Azerbajan"]) == 0  # empty result, exit 0 ...
    out, err = capsys.readouterr()
    assert json.loads(out) == []
    assert "no actor is named 'Azerbajan'" in err and "did you mean Azerbaijan" in err  # ... and a hint
    assert main([*args, "--param", "target=Azerbaijan"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) and err == ""
    assert main([*args, "--param", "target=Armenia"]) == 0  # an actor with no rows: no hint
    assert capsys.readouterr().err == ""
    assert main(["query", "--name", "stance-profile", "--data", str(TWO_STANCES), "--param", "actor=Macorn"]) == 0
    assert "did you mean Emmanuel Macron" in capsys.readouterr().err


def test_ingest_progress_has_a_total(tmp_path):
    rows = tmp_path / "feed.jsonl"
    rows.write_text("".join(json.dumps({"text": f"France condemned Azerbaijan {i} times.", "published": "19/09/2023"})
                            + "\n" for i in range(3)))
    res = subprocess.run([sys.executable, "-m", "diplograph", "ingest", str(rows), "--store", str(tmp_path / "s"),
                          "--progress", "--article-timeout", "0"], capture_output=True, text=True, timeout=300,
                         check=False)
    assert res.returncode == 0, res.stderr
    assert re.search(r"ingest: 100%.*\b3/3\b", res.stderr), res.stderr


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completion(tmp_path, capsys):
    assert main(["completion", "bash"]) == 0
    script = tmp_path / "diplograph.bash"
    script.write_text(capsys.readouterr().out)
    (tmp_path / "feed.jsonl").write_text("")

    def complete(*words: str) -> list[str]:
        probe = (f"source {script}\nCOMP_WORDS=(diplograph {' '.join(repr(w) for w in words)})\n"
                 "COMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n_diplograph\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n")
        res = subprocess.run(["bash", "--norc", "--noprofile", "-c", probe], capture_output=True, text=True,
                             cwd=tmp_path, timeout=30, check=True)
        return sorted(filter(None, res.stdout.splitlines()))

    assert complete("ex") == ["explain", "export", "extract"]
    assert complete("draw", "--kind", "al") == ["alliance"]
    assert complete("--model", "x", "-q", "actors", "") == ["list", "resolve"]  # a global option's value skipped
    assert complete("actors", "list", "--type", "") == ["NonState", "Organization", "Person", "State"]
    assert "--text-field" in complete("ingest", "--")
    assert complete("ingest", "fe") == ["feed.jsonl"]  # file names where a path goes


def test_wikidata_coverage_is_counted_from_the_data(capsys, gazetteer):
    assert main(["actors", "list", "--coverage"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["type", "wikidata", "total", "coverage"]
    table = {row.split()[0]: (int(row.split()[1]), int(row.split()[2])) for row in lines[1:]}
    actors = list(gazetteer.actors())
    for kind in ("State", "Person", "Organization", "NonState"):
        group = [a for a in actors if a.type == kind]
        assert table[kind] == (sum(1 for a in group if a.qid), len(group))
    assert table["all"] == (sum(1 for a in actors if a.qid), len(actors))
    assert main(["actors", "list", "--type", "NonState", "--missing"]) == 0
    missing = capsys.readouterr().out.splitlines()
    assert len(missing) == table["NonState"][1] - table["NonState"][0]


@pytest.mark.parametrize("command", [["export", "-o", "{out}.csv"], ["draw", "-o", "{out}.png"]])
def test_filters_that_leave_no_stance_give_one_hint(command, tmp_path, capsys):
    args = [a.format(out=tmp_path / "x") for a in command] + ["--data", str(TWO_STANCES)]
    assert main([*args, "--since", "2100-01-01"]) == 0
    err = capsys.readouterr().err
    assert err.count("the filters leave no stance") == 1 and err.rstrip().endswith(f"wrote {tmp_path / 'x'}"
                                                                                   + Path(args[2]).suffix), err
    assert main([*args, "--since", "2000-01-01"]) == 0  # stances left: no hint
    assert "leave no stance" not in capsys.readouterr().err


@pytest.mark.parametrize("command", ["query", "serve"])
def test_data_help_names_every_rdf_suffix_the_files_may_have(command, tmp_path, capsys):
    from diplograph.graph.store import RDF_SUFFIXES

    sp = dict((p.prog.split()[-1], p) for p in _subparsers(build_parser()))[command]
    (data,) = [a for a in sp._actions if "--data" in a.option_strings]
    assert {".ttl", ".nt", ".nq", ".trig", ".jsonld"} <= set(RDF_SUFFIXES)
    assert all(s in data.help for s in (".ttl", ".nt", ".nq", ".trig", ".jsonld")), data.help
    assert main(["export", "-o", str(tmp_path / "a.nq"), "--data", str(TWO_STANCES)]) == 0
    assert main(["query", "ASK { ?s ?p ?o }", "--data", str(tmp_path / "a.nq")]) == 0
