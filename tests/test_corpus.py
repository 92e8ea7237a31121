"""Corpus input: readers (no model) and `diplograph ingest` on a generated corpus in a subprocess."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from diplograph.loaders.corpus import BadItem, date_from_name, iter_corpus
from diplograph.loaders.records import Article, DiplographError

ROOT = Path(__file__).resolve().parent.parent
DIPLOGRAPH = [sys.executable, "-m", "diplograph.graph.cli"]


def load_make_corpus():
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "benchmarks" / "make_corpus.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def run(*args, timeout=120):
    return subprocess.run([*DIPLOGRAPH, *map(str, args)], capture_output=True, text=True, timeout=timeout, check=False,
                          cwd=ROOT)


def summary(stderr: str) -> tuple[int, int, int]:
    line = next(ln for ln in stderr.splitlines() if ln.startswith("ingested "))
    words = line.replace(",", "").split()
    return int(words[1]), int(words[4]), int(words[7])


# ------------------------------------------------------------------ readers
def test_dates_from_sidecars_names_and_default(tmp_path):
    (tmp_path / "a.txt").write_text("France condemned Azerbaijan.")
    (tmp_path / "a.date").write_text("2023-09-20\n")
    (tmp_path / "b.txt").write_text("Iran supported Armenia.")
    (tmp_path / "b.json").write_text(json.dumps({"date": "2023-09-21", "url": "http://x/b", "title": "B"}))
    (tmp_path / "2023-09-22-c.txt").write_text("Turkey backed Azerbaijan.")
    (tmp_path / "d-2023-09-23.txt").write_text("Russia urged Armenia to negotiate.")
    (tmp_path / "e.txt").write_text("Greece supported Cyprus.")
    (tmp_path / "notes.md").write_text("not read")
    items = list(iter_corpus([tmp_path], "2023-09-01"))
    assert all(isinstance(x, Article) for x in items)
    got = {Path(a.source).name: (a.date.isoformat(), a.url, a.title) for a in items}
    assert got == {"a.txt": ("2023-09-20", None, "a"), "b.txt": ("2023-09-21", "http://x/b", "B"),
                   "2023-09-22-c.txt": ("2023-09-22", None, "2023-09-22-c"),
                   "d-2023-09-23.txt": ("2023-09-23", None, "d-2023-09-23"),
                   "e.txt": ("2023-09-01", None, "e")}


def test_no_date_anywhere_is_a_bad_item(tmp_path):
    (tmp_path / "x.txt").write_text("France condemned Azerbaijan.")
    [item] = iter_corpus([tmp_path])
    assert isinstance(item, BadItem) and "no date" in item.reason


def test_date_in_name_needs_a_whole_valid_date():
    assert date_from_name("2023-13-01-x.txt") is None
    assert date_from_name("12023-09-19.txt") is None
    assert date_from_name("x-2023-09-19.jsonl") == dt.date(2023, 9, 19)


def test_bad_items_are_named_and_skipped(tmp_path):
    (tmp_path / "2023-09-19-empty.txt").write_text("  \n")
    (tmp_path / "2023-09-19-binary.txt").write_bytes(b"\x00\x01\x02abc")
    (tmp_path / "2023-09-19-latin.txt").write_bytes("Fran\xe7ais".encode("latin-1"))
    (tmp_path / "2023-09-19-huge.txt").write_text("France condemned Azerbaijan. " * 10)
    (tmp_path / "2023-09-19-good.txt").write_text("France condemned Azerbaijan.")
    rows = [json.dumps({"text": "Iran backed Armenia.", "date": "2023-09-19"}), "{not json",
            json.dumps({"text": "Iran backed Armenia again.", "date": "19/19/2023"}),
            json.dumps({"date": "2023-09-19"}), json.dumps(["a list"]), ""]
    (tmp_path / "rows.jsonl").write_bytes(("\n".join(rows) + "\n").encode() + b'{"text": "\xff"}\n')
    (tmp_path / "rows.csv").write_text('text,date,url,title\n"Spain backed France.",2023-09-19,,\n'
                                       'Spain backed Italy.,2023-02-30,,\n')
    items = list(iter_corpus([tmp_path, tmp_path / "missing.txt"], max_chars=200))
    good = [x for x in items if isinstance(x, Article)]
    bad = {Path(x.source.split(":")[0]).name + (":" + x.source.split(":")[1] if ":" in x.source else ""):
           x.reason for x in items if isinstance(x, BadItem)}
    assert sorted(a.text for a in good) == ["France condemned Azerbaijan.", "Iran backed Armenia.",
                                            "Spain backed France."]
    assert "empty" in bad["2023-09-19-empty.txt"]
    assert "binary" in bad["2023-09-19-binary.txt"]
    assert "not UTF-8" in bad["2023-09-19-latin.txt"]
    assert "too large" in bad["2023-09-19-huge.txt"]
    assert "malformed JSON" in bad["rows.jsonl:2"]
    assert "invalid date" in bad["rows.jsonl:3"]
    assert "no 'text'" in bad["rows.jsonl:4"]
    assert "not a JSON object" in bad["rows.jsonl:5"]
    assert "not UTF-8" in bad["rows.jsonl:7"]
    assert "invalid date" in bad["rows.csv:3"]
    assert "no such file" in bad["missing.txt"]
    assert all("\n" not in reason for reason in bad.values())


def test_a_bad_default_date_is_the_users_error(tmp_path):
    with pytest.raises(DiplographError, match="invalid date"):
        list(iter_corpus([tmp_path], "19/09/2023"))


def test_reading_is_lazy(tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text("".join(json.dumps({"text": f"Article {i}.", "date": "2023-09-19"}) + "\n"
                            for i in range(1000)))
    stream = iter_corpus([path])
    assert next(stream).text == "Article 0."  # a generator: nothing else read yet


def test_generator_is_deterministic():
    mc = load_make_corpus()
    assert list(mc.generate(20, seed=3)) == list(mc.generate(20, seed=3))
    assert list(mc.generate(20, seed=3)) != list(mc.generate(20, seed=4))


# ------------------------------------------------------------------ the command, end to end
@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    mc = load_make_corpus()
    return mc.write_corpus(tmp_path_factory.mktemp("corpus") / "news.jsonl", 400, "jsonl", seed=1)


def test_ingest_corpus_with_progress_then_resume(tmp_path, corpus):
    store = tmp_path / "store"
    first = run("ingest", corpus, "--store", store, "--progress", "--batch-size", "64")
    assert first.returncode == 0, first.stderr
    assert summary(first.stderr) == (400, 0, 0)
    assert "ingest:" in first.stderr and "article/s" in first.stderr  # the tqdm bar, forced on
    second = run("ingest", corpus, "--store", store)
    assert second.returncode == 0, second.stderr
    assert summary(second.stderr) == (0, 400, 0)
    assert "ingest:" not in second.stderr  # not a terminal: no bar unless asked
    n1 = int(first.stderr.rsplit(";", 1)[1].split()[0])
    n2 = int(second.stderr.rsplit(";", 1)[1].split()[0])
    assert n1 == n2 > 0


def test_parallel_parsing_gives_the_same_store(tmp_path, corpus):
    from diplograph.graph.store import open_graph

    head = tmp_path / "head.jsonl"
    head.write_text("".join(corpus.read_text().splitlines(keepends=True)[:60]))
    stores = []
    for jobs in (1, 2):
        store = tmp_path / f"store{jobs}"
        res = run("ingest", head, "--store", store, "--jobs", jobs, "--batch-size", "8", "--quiet")
        assert res.returncode == 0, res.stderr
        assert summary(res.stderr) == (60, 0, 0)
        g = open_graph(store, read_only=True)
        stores.append(set(g))
        g.close()
    assert stores[0] == stores[1]


def test_bad_items_in_a_corpus_are_counted(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "2023-09-19-good.txt").write_text("France condemned Azerbaijan.")
    (folder / "2023-09-19-empty.txt").write_text("")
    (folder / "rows.jsonl").write_text('{"text": "Iran backed Armenia.", "date": "2023-09-19"}\n{broken\n')
    res = run("ingest", folder, tmp_path / "missing", "--store", tmp_path / "store")
    assert res.returncode == 0, res.stderr
    assert summary(res.stderr) == (2, 0, 3)
    skipped = [ln for ln in res.stderr.splitlines() if ln.startswith("skipped ")]
    assert len(skipped) == 3 and "Traceback" not in res.stderr


def test_nothing_readable_exits_1_and_a_fatal_error_exits_2(tmp_path):
    (tmp_path / "2023-09-19-empty.txt").write_text("")
    res = run("ingest", tmp_path / "2023-09-19-empty.txt", "--store", tmp_path / "store")
    assert res.returncode == 1 and "nothing could be read" in res.stderr and "Traceback" not in res.stderr
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    res = run("ingest", tmp_path, "--store", blocker / "store")
    assert res.returncode == 2 and "cannot open store" in res.stderr and "Traceback" not in res.stderr


@pytest.mark.skipif(not hasattr(os, "wait4"), reason="peak memory needs wait4")
def test_peak_memory_does_not_grow_with_the_corpus(tmp_path, corpus):
    lines = corpus.read_text().splitlines(keepends=True)
    peaks = []
    for n in (50, 400):
        part = tmp_path / f"part{n}.jsonl"
        part.write_text("".join(lines[:n]))
        proc = subprocess.Popen([*DIPLOGRAPH, "ingest", str(part), "--store", str(tmp_path / f"s{n}"), "-q"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        assert status == 0
        peaks.append(usage.ru_maxrss)  # KiB on Linux
    assert peaks[1] < peaks[0] * 1.15 + 20_000, peaks
