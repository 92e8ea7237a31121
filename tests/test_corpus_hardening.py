"""Issue 13, items 3, 5 and 8: one bad item never stops a corpus, only regular files are read (with a
size check that does not trust ``st_size``), and deep or remote JSON never reaches a traceback or
the network. The adversarial inputs are generated here, never stored."""

from __future__ import annotations

import json
import os
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_corpus import run, summary

from diplograph.graph.cli import main
from diplograph.loaders.article import read_text_article
from diplograph.loaders.corpus import BadItem, iter_corpus
from diplograph.loaders.records import Article, DiplographError

GOOD = json.dumps({"text": "France condemned Azerbaijan.", "date": "2023-09-19"})
DEEP = "[" * 100_000 + "]" * 100_000


def kinds(items) -> list[str]:
    return [type(x).__name__ for x in items]


# ------------------------------------------------------------------ 3. JSON Lines
@pytest.mark.parametrize("bad_line, reason", [
    ('{"text": "Paris \\ud800 condemned Baku.", "date": "2023-09-19"}', "lone surrogate"),
    ('{"text": "ok", "date": "2023-09-19", "title": "\\udfff"}', "lone surrogate"),
    (DEEP, "nested too deeply"),
    ('{"text": ' + DEEP + ', "date": "2023-09-19"}', "nested too deeply"),
    ('{"text": "x", "date": "2023-09-19", "deep": ' + "{\"a\": " * 50_000 + "1" + "}" * 50_000 + "}",
     "nested too deeply"),
])
def test_a_bad_json_row_is_reported_and_the_rest_is_read(tmp_path, bad_line, reason):
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join([GOOD, bad_line, GOOD.replace("France", "Russia")]) + "\n", encoding="utf-8")
    items = list(iter_corpus([path]))
    assert kinds(items) == ["Article", "BadItem", "Article"]
    assert items[1].source == f"{path}:2" and reason in items[1].reason
    for a in items[::2]:
        assert a.hash  # every article that comes out can be hashed (encoded as UTF-8)


def test_ingest_with_a_surrogate_and_a_deep_row_goes_on(tmp_path):
    path = tmp_path / "rows.jsonl"
    rows = [GOOD, '{"text": "\\ud800", "date": "2023-09-19"}', DEEP,
            json.dumps({"text": "Russia condemned Armenia.", "date": "2023-09-19"})]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    res = run("ingest", path, "--store", tmp_path / "store", "-q")
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    assert summary(res.stderr) == (2, 0, 2)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.one_of(
    st.text(max_size=60),  # any line at all
    st.builds(lambda t, d: json.dumps({"text": t, "date": d}),  # \ud800 in any text comes out as an escape
              st.text(max_size=40), st.sampled_from(["2023-09-19", "2023-02-30", "", "0000-01-01", "9999-12-31"])),
    st.integers(0, 3000).map(lambda n: "[" * n + "]" * n),
    st.sampled_from(['{"text": "\\ud800"}', '{"text": "a", "date": "2023-09-19", "url": "\\udc80"}',
                     '{"text": 1}', "null", '"x"', '{"text": "a\\u0000b", "date": "2023-09-19"}'])),
    max_size=8))
def test_property_the_jsonl_reader_never_raises(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("p") / "rows.jsonl"
    path.write_bytes("\n".join(rows).encode("utf-8", "surrogatepass"))
    for item in iter_corpus([path], "2023-09-19"):
        assert isinstance(item, (Article, BadItem))
        if isinstance(item, Article):
            item.text.encode("utf-8")  # never a lone surrogate
            assert item.hash


# ------------------------------------------------------------------ 5. files that are not files
def test_a_fifo_named_txt_is_reported_not_read(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "2023-09-19-a.txt").write_text("France condemned Azerbaijan.")
    os.mkfifo(folder / "2023-09-19-b.txt")
    os.mkfifo(folder / "rows.jsonl")
    result = []
    reader = threading.Thread(target=lambda: result.extend(iter_corpus([folder])), daemon=True)
    reader.start()
    reader.join(60)  # a blocking open would keep the thread here; the bound keeps the test finite
    if reader.is_alive():  # unblock it, then fail
        for name in ("2023-09-19-b.txt", "rows.jsonl"):
            try:
                fd = os.open(folder / name, os.O_WRONLY | os.O_NONBLOCK)
                os.close(fd)
            except OSError:
                pass
        pytest.fail("iter_corpus blocked on a FIFO")
    assert kinds(result) == ["Article", "BadItem", "BadItem"]
    assert all("not a regular file" in b.reason for b in result[1:])


def test_a_symlink_to_a_device_is_reported_not_read(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "2023-09-19-zero.txt").symlink_to("/dev/zero")
    (folder / "zero.jsonl").symlink_to("/dev/zero")
    (folder / "zero.csv").symlink_to("/dev/zero")
    items = list(iter_corpus([folder]))
    assert kinds(items) == ["BadItem"] * 3
    assert all("not a regular file" in b.reason for b in items)


def test_the_size_check_does_not_trust_st_size(tmp_path, monkeypatch):
    """A regular file that grows after it was measured (or lies, as /proc files do) is read only
    up to the limit."""
    big = tmp_path / "2023-09-19-big.txt"
    big.write_text("France condemned Azerbaijan. " * 1000)
    real_fstat = os.fstat

    def lying_fstat(fd):
        st = real_fstat(fd)
        return os.stat_result((st.st_mode, st.st_ino, st.st_dev, st.st_nlink, st.st_uid, st.st_gid, 0,
                               st.st_atime, st.st_mtime, st.st_ctime))

    monkeypatch.setattr(os, "fstat", lying_fstat)
    items = list(iter_corpus([big], max_chars=1000))
    assert kinds(items) == ["BadItem"] and "too large" in items[0].reason


def test_extract_reads_only_regular_files(tmp_path, capsys):
    fifo = tmp_path / "a.txt"
    os.mkfifo(fifo)
    with pytest.raises(DiplographError, match="not a regular file"):
        read_text_article(fifo, "2023-09-19")
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    assert main(["extract", str(link), "--date", "2023-09-19"]) == 2
    assert "not a regular file" in capsys.readouterr().err


def test_a_jsonl_line_without_end_is_bounded(tmp_path):
    path = tmp_path / "rows.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(GOOD + "\n")
        fh.write('{"text": "' + "x" * 50_000)  # no end of line, far over the limit
        fh.write("\n" + GOOD.replace("France", "Iran") + "\n")
    items = list(iter_corpus([path], max_chars=1000))
    assert kinds(items) == ["Article", "BadItem", "Article"] and "too large" in items[1].reason


# ------------------------------------------------------------------ 8. CSV quotes, JSON-LD
def test_an_unterminated_csv_quote_is_reported_not_merged(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text('text,date\n"France condemned Azerbaijan.",2023-09-19\n"Russia condemned,2023-09-19\n'
                    '"Iran backed Armenia.",2023-09-19\n"Turkey backed Azerbaijan.",2023-09-19\n', encoding="utf-8")
    items = list(iter_corpus([path]))
    bad = [i for i in items if isinstance(i, BadItem)]
    assert kinds(items)[0] == "Article"
    assert bad and "quote" in bad[0].reason
    assert all("\n" not in a.text for a in items if isinstance(a, Article))


@pytest.mark.parametrize("command", [["query", "SELECT * WHERE { ?s ?p ?o }"], ["draw", "-o", "{out}.png"],
                                     ["export", "-o", "{out}.graphml"]])
def test_deep_json_ld_is_one_line(tmp_path, capsys, command):
    data = tmp_path / "deep.jsonld"
    data.write_text('{"@id": "http://x/a", "http://x/p": ' + DEEP + "}")
    argv = [c.replace("{out}", str(tmp_path / "out")) for c in command]
    code = main([*argv[:1], "--data", str(data), *argv[1:]])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err and "nested too deeply" in err


def test_json_ld_never_fetches_a_remote_context(tmp_path, capsys):
    from sparql_spellings import Listener

    ear = Listener()
    try:
        for context in (ear.url, [ear.url], {"@import": ear.url}):
            data = tmp_path / "remote.jsonld"
            data.write_text(json.dumps({"@context": context, "@id": "http://x/a", "p": "v"}))
            code = main(["query", "--data", str(data), "ASK { ?s ?p ?o }"])
            err = capsys.readouterr().err
            assert code == 2 and "remote @context" in err, err
        assert ear.hits == 0
    finally:
        ear.close()


def test_a_local_json_ld_file_still_reads(tmp_path, capsys):
    data = tmp_path / "ok.jsonld"
    data.write_text(json.dumps({"@context": {"p": "http://x/p"}, "@id": "http://x/a", "p": "v"}))
    assert main(["query", "--data", str(data), "SELECT ?o WHERE { ?s <http://x/p> ?o }", "--format", "csv"]) == 0
    assert capsys.readouterr().out.split() == ["o", "v"]
