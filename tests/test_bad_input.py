"""Bad input gets one clear line on stderr and a non-zero exit, never a traceback or a half-written file."""

import subprocess
import sys
from pathlib import Path

import pytest

from diplograph.graph.cli import main

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "karabakh-2023-09-19.txt"


def run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_clean_error(code, err, message):
    assert code == 2
    assert message in err
    assert "Traceback" not in err and err.count("\n") == 1


def test_oversized_article(tmp_path, capsys):
    big = tmp_path / "big.txt"
    big.write_bytes(b"France condemned Russia. " * (20 * 1024 * 1024 // 25))
    code, _, err = run(capsys, "extract", str(big), "--date", "2024-01-01")
    assert_clean_error(code, err, "larger than the")


def test_text_in_another_language_runs_cleanly(tmp_path, capsys):
    text = tmp_path / "de.txt"
    text.write_text("Die Regierung verurteilte den Angriff scharf. Москва отвергла обвинения. 北京呼吁克制。")
    code, _out, err = run(capsys, "extract", str(text), "--date", "2024-01-01", "--format", "jsonl")
    assert code == 0 and "Traceback" not in err


def test_text_without_actors_gives_an_empty_graph(tmp_path, capsys):
    text = tmp_path / "weather.txt"
    text.write_text("It rained all day. The river rose but no one was hurt.")
    code, out, _ = run(capsys, "extract", str(text), "--date", "2024-01-01", "--format", "jsonl")
    assert code == 0 and out == ""


def test_an_empty_directory_has_no_article(tmp_path, capsys):
    code, _, err = run(capsys, "extract", str(tmp_path), "--date", "2024-01-01")
    assert_clean_error(code, err, "no article in")


def test_broken_turtle_to_query(tmp_path, capsys):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix dg: <x> .\n dg:a dg:b \n")
    code, _, err = run(capsys, "query", "SELECT * WHERE { ?s ?p ?o }", "--data", str(bad))
    assert_clean_error(code, err, "not valid RDF")


def test_store_path_that_is_a_file(tmp_path, capsys):
    not_a_dir = tmp_path / "store"
    not_a_dir.write_text("x")
    code, _, err = run(capsys, "ingest", str(EXAMPLE), "--date", "2023-09-19", "--store", str(not_a_dir))
    assert_clean_error(code, err, "cannot open store")


def test_missing_store_for_query(tmp_path, capsys):
    code, _, err = run(capsys, "query", "SELECT * WHERE { ?s ?p ?o }", "--store", str(tmp_path / "none"))
    assert_clean_error(code, err, "no store")


def test_picture_with_an_unknown_suffix_writes_nothing(tmp_path, capsys):
    data = tmp_path / "g.ttl"
    assert main(["extract", str(EXAMPLE), "--date", "2023-09-19", "--format", "ttl"]) == 0
    data.write_text(capsys.readouterr().out)
    code, _, err = run(capsys, "draw", "--data", str(data), "-o", str(tmp_path / "pic.bmp"))
    assert code == 2 and "Traceback" not in err
    assert not (tmp_path / "pic.bmp").exists()


def test_output_under_a_file_is_one_line_and_exit_2(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    code, _, err = run(capsys, "build", str(EXAMPLE), "--date", "2023-09-19", "--out", str(blocker / "sub" / "x"))
    assert_clean_error(code, err, "cannot write")


def test_the_installed_command_exits_cleanly_on_bad_input(tmp_path):
    """The same through the real console script: exit status and stderr as a user sees them."""
    exe = Path(sys.executable).parent / "diplograph"
    result = subprocess.run([str(exe), "extract", str(tmp_path / "missing.txt"), "--date", "2024-01-01"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.startswith("diplograph: error:") and "Traceback" not in result.stderr


@pytest.mark.parametrize("argv", [["extract"], ["query", "--format", "xml"], ["frobnicate"]])
def test_usage_errors_exit_2(capsys, argv):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert "usage:" in capsys.readouterr().err
