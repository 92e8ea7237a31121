"""Issue 13, item 4: every article and every query is bounded in time and memory.

No test here measures time: the pathological inputs are checked by what the parser is given
(bounded pieces), by the size limits, by the per-article budget of ingest (a worker killed and
the article reported), and by ``query --timeout`` / Ctrl-C ending a query Oxigraph cannot cancel.
``benchmarks/bench_adversarial.py`` prints the times and memory.
"""

from __future__ import annotations

import datetime as dt
import json
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from test_corpus import run, summary

from diplograph.graph.cli import main
from diplograph.loaders.article import MAX_TOKENS, check_size, count_tokens
from diplograph.loaders.pipeline import CHUNK, MAX_RUN, MAX_WORD, defuse, pieces
from diplograph.loaders.records import Article, DiplographError

DIPLOGRAPH = [sys.executable, "-m", "diplograph.graph.cli"]


def adversarial(size: int) -> dict[str, str]:
    def rep(unit):
        return (unit * (size // len(unit) + 1))[:size]

    half = size // 2
    return {
        "parentheses": "(" * half + "France condemned Russia." + ")" * half,
        "mixed-brackets": rep("([{")[:half] + " Iran backed Armenia. " + rep("}])")[:half],
        "said": rep("France said that ") + "Russia condemned Iran.",
        "quotes": rep('"France said "') + "Russia condemned Iran.",
        "run-on": rep("France condemned Russia and Iran backed Armenia while "),
        "commas": rep("France, Russia, Iran, Armenia, Turkey, "),
        "one-token": "France condemned " + "x" * size + ".",
        "newlines": rep("France condemned Russia\n"),
    }


@pytest.mark.parametrize("name, text", list(adversarial(250_000).items()))
def test_pieces_bound_every_parse(name, text):
    safe = defuse(text)
    assert len(safe) == len(text)
    parts = pieces(safe)
    assert "".join(p for _, p in parts) == safe
    for offset, piece in parts:
        assert safe[offset:offset + len(piece)] == piece
        assert len(piece) <= CHUNK
        assert max(map(len, piece.split()), default=0) <= MAX_WORD
        longest_run = max((len(r) for r in piece.replace("\n", ". ").split(". ")), default=0)
        assert longest_run <= MAX_RUN + 4, name


def test_an_ordinary_article_is_one_piece():
    text = (Path(__file__).resolve().parent.parent / "examples" / "karabakh-2023-09-19.txt").read_text(encoding="utf-8")
    assert defuse(text) == text
    assert pieces(text) == [(0, text)]


@pytest.mark.parametrize("name", ["parentheses", "said", "quotes", "one-token"])
def test_the_extractor_gives_the_parser_bounded_pieces(extractor, monkeypatch, name):
    text = adversarial(6_000)[name]
    given = []
    real_pipe = extractor.nlp.pipe

    def recording_pipe(stream, *args, **kwargs):
        def record():
            for item in stream:
                text = item[0] if isinstance(item, tuple) else item
                given.append(getattr(text, "text", text))  # spaCy passes Docs on to itself
                yield item
        return real_pipe(record(), *args, **kwargs)

    monkeypatch.setattr(extractor.nlp, "pipe", recording_pipe)
    stances = extractor.extract(Article(text, dt.date(2023, 9, 19), "adversarial"))
    assert given, "the extractor parsed the text outside its bounded pipe"
    assert max(max(map(len, piece.split()), default=0) for piece in given) <= MAX_WORD
    assert max(len(piece) for piece in given) <= max(MAX_RUN, 100)
    for st in stances:
        assert text[st.start:st.end] == st.evidence


def test_size_limits_count_tokens_too():
    check_size("France condemned Russia. " * 100)
    with pytest.raises(DiplographError, match="too long"):
        check_size("( " * (MAX_TOKENS + 1))
    with pytest.raises(DiplographError, match="too large"):
        check_size("x" * 11, max_chars=10)
    assert count_tokens("((((") == 4


def test_extract_refuses_an_article_over_the_token_limit(tmp_path, capsys):
    path = tmp_path / "long.txt"
    path.write_text("( " * (MAX_TOKENS + 10))  # under the character limit, over the token limit
    assert main(["extract", str(path), "--date", "2023-09-19"]) == 2
    err = capsys.readouterr().err
    assert "too long" in err and err.count("\n") == 1


def test_ingest_reports_an_article_over_its_time_budget_and_goes_on(tmp_path):
    slow = ("France said that Russia said that Iran said that Turkey condemned Armenia. " * 3000)[:150_000]
    check_size(slow)  # under every size limit: only the time budget can stop it
    rows = [{"text": "France condemned Azerbaijan.", "date": "2023-09-19"},
            {"text": slow, "date": "2023-09-19"},
            {"text": "Russia condemned Armenia.", "date": "2023-09-19"}]
    path = tmp_path / "rows.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    res = run("ingest", path, "--store", tmp_path / "store", "-q", "--article-timeout", "1")
    assert res.returncode == 0, res.stderr
    assert summary(res.stderr) == (2, 0, 1)
    assert f"skipped {path}:2: extraction took longer than 1 s" in res.stderr


@pytest.fixture(scope="module")
def noise(tmp_path_factory):
    path = tmp_path_factory.mktemp("q") / "noise.nt"
    path.write_text("".join(f'<http://e/s{i}> <http://e/p{i % 3}> "{i}" .\n' for i in range(3000)))
    return path


def test_query_timeout_stops_a_query_oxigraph_cannot_cancel(noise, capsys):
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z }"  # 2.7e10 combinations
    assert main(["query", heavy, "--data", str(noise), "--timeout", "0.5"]) == 2
    err = capsys.readouterr().err
    assert "did not finish within --timeout 0.5 s" in err and err.count("\n") == 1


@pytest.mark.parametrize("value", ["nan", "0", "-1", "inf"])
def test_query_timeout_must_be_sane(noise, capsys, value):
    assert main(["query", "ASK {}", "--data", str(noise), "--timeout", value]) == 2
    assert "--timeout must be a positive number" in capsys.readouterr().err


def _first_line(proc, seconds: float) -> bytes:
    ready, _, _ = select.select([proc.stdout], [], [], seconds)
    return proc.stdout.readline() if ready else b""


def test_query_streams_rows_and_answers_ctrl_c(noise):
    nine_million = "SELECT ?a ?b WHERE { ?a ?p ?x . ?b ?q ?y }"
    proc = subprocess.Popen([*DIPLOGRAPH, "query", nine_million, "--data", str(noise), "--format", "csv",
                             "--timeout", "600"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert _first_line(proc, 60) == b"a,b\r\n"  # the header comes before the last row is found
        assert _first_line(proc, 60).startswith(b"http://e/s")
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 130 and b"interrupted" in err
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
