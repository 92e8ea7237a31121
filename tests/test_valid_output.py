"""Issue 13, items 6 and 8: a full disk is one line and exit 2 with the store consistent; every
output is valid, and every odd option value is one clear line."""

from __future__ import annotations

import json
import resource
import signal
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest
from test_corpus import summary

from diplograph.graph.cli import main

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "karabakh-2023-09-19.txt"
DIPLOGRAPH = [sys.executable, "-m", "diplograph.graph.cli"]
CONTENT_HASH = ox.NamedNode("https://w3id.org/diplograph/ontology#contentHash")


def one_line(code, err, message):
    assert code == 2, err
    assert message in err and "Traceback" not in err and err.count("\n") == 1, err


# ------------------------------------------------------------------ 6. disk full
def test_extract_to_a_full_disk_is_one_line(tmp_path):
    text = tmp_path / "a.txt"
    text.write_text("France condemned Azerbaijan. " * 20)
    with open("/dev/full", "w") as full:
        res = subprocess.run([*DIPLOGRAPH, "extract", str(text), "--date", "2023-09-19"], stdout=full,
                             stderr=subprocess.PIPE, text=True, timeout=300)
    one_line(res.returncode, res.stderr, "No space left on device")


def _file_size_limit(limit: int):
    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG), as on a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_ingest_on_a_full_disk_is_one_line_and_the_store_stays_consistent(tmp_path):
    rows = tmp_path / "rows.jsonl"
    rows.write_text("".join(json.dumps({"text": f"France condemned Azerbaijan, report {i}. " * 30,
                                        "date": "2023-09-19"}) + "\n" for i in range(400)))
    store = tmp_path / "store"
    first = subprocess.run([*DIPLOGRAPH, "ingest", str(EXAMPLE), "--date", "2023-09-19", "--store", str(store), "-q"],
                           capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr
    biggest = max(p.stat().st_size for p in store.iterdir() if p.is_file())
    res = subprocess.run([*DIPLOGRAPH, "ingest", str(rows), "--store", str(store), "-q", "--article-timeout", "0"],
                         capture_output=True, text=True, timeout=600, preexec_fn=_file_size_limit(biggest + 64 * 1024))
    one_line(res.returncode, res.stderr, "cannot write")
    db = ox.Store(str(store))  # reopens: the write-ahead log replays to whole transactions
    present = len(list(db.quads_for_pattern(None, CONTENT_HASH, None)))
    assert 1 <= present < 401
    del db
    again = subprocess.run([*DIPLOGRAPH, "ingest", str(rows), "--store", str(store), "-q"],
                           capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    ingested, skipped, bad = summary(again.stderr)
    assert bad == 0 and ingested + skipped == 400


# ------------------------------------------------------------------ 8. valid output
@pytest.fixture(scope="module")
def form_feed_ttl(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ff")
    text = folder / "pdf.txt"
    text.write_text("France condemned\x0cAzerbaijan on Tuesday.\x0b Russia\x01 condemned Armenia.\n")
    ttl = folder / "pdf.ttl"
    out = subprocess.run([*DIPLOGRAPH, "extract", str(text), "--date", "2023-09-19"], capture_output=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    ttl.write_bytes(out.stdout)
    assert b"\\f" in out.stdout or b"\x0c" in out.stdout  # the evidence keeps the form feed
    return ttl


@pytest.mark.parametrize("suffix", ["graphml", "gexf"])
def test_graphml_and_gexf_with_control_characters_are_well_formed(tmp_path, capsys, form_feed_ttl, suffix):
    out = tmp_path / f"g.{suffix}"
    assert main(["export", "--data", str(form_feed_ttl), "-o", str(out)]) == 0
    root = ET.parse(out).getroot()  # raises on ill-formed XML
    texts = " ".join([e.text or "" for e in root.iter()] + [v for e in root.iter() for v in e.attrib.values()])
    assert "condemned" in texts and "\x0c" not in texts


@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01", "9999-12-30"])
def test_dates_at_the_calendars_ends_are_one_line(tmp_path, capsys, date):
    text = tmp_path / "a.txt"
    text.write_text("Yesterday France condemned Azerbaijan. On Tuesday Russia condemned Armenia on 30 December.")
    code = main(["extract", str(text), "--date", date])
    one_line(code, capsys.readouterr().err, "out of range")


@pytest.mark.parametrize("date", ["20230919", "2023-W38-2", "2023-9-19", "19/09/2023", "2023-09-19T10:00"])
def test_date_accepts_only_yyyy_mm_dd(capsys, date):
    one_line(main(["extract", str(EXAMPLE), "--date", date]), capsys.readouterr().err, "invalid date")


def test_build_with_an_empty_out_is_one_line(capsys):
    one_line(main(["build", str(EXAMPLE), "--date", "2023-09-19", "--out", ""]), capsys.readouterr().err, "--out")


def test_query_file_in_latin_1_is_one_line(tmp_path, capsys, form_feed_ttl):
    q = tmp_path / "q.rq"
    q.write_bytes('SELECT * WHERE { ?s ?p "Fran\u00e7ais" }'.encode("latin-1"))
    one_line(main(["query", "--file", str(q), "--data", str(form_feed_ttl)]), capsys.readouterr().err, "not UTF-8")


@pytest.mark.parametrize("command", ["draw", "export"])
def test_negative_seed_is_a_usage_error(tmp_path, capsys, form_feed_ttl, command):
    with pytest.raises(SystemExit) as exit_:
        main([command, "--data", str(form_feed_ttl), "-o", str(tmp_path / "x.png"), "--seed", "-1"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "invalid seed '-1'" in err and "Traceback" not in err


def test_aggregate_does_not_create_a_store(tmp_path, capsys):
    typo = tmp_path / "TYPO"
    one_line(main(["aggregate", "--store", str(typo)]), capsys.readouterr().err, "no store at")
    assert not typo.exists()
