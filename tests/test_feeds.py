"""Real feeds: dates as feeds write them, other field names, gzip'd corpora, standard input.

The readers are tested without a model; one end-to-end run goes through the command.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from diplograph.loaders.article import parse_item_date
from diplograph.loaders.corpus import BadItem, Fields, count_items, iter_corpus, stdin_is_text
from diplograph.loaders.records import Article, DiplographError

ROOT = Path(__file__).resolve().parent.parent
SEP19 = dt.date(2023, 9, 19)


# ------------------------------------------------------------------ dates
@pytest.mark.parametrize("text", [
    "2023-09-19",
    "Tue, 19 Sep 2023 10:00:00 GMT",          # RFC 2822, RSS pubDate
    "Tue, 19 Sep 2023 23:30:00 -0500",        # the day as written, not moved to UTC
    "19 Sep 2023 10:00:00 +0200",
    "2023-09-19T10:00:00Z",                   # ISO with time and zone
    "2023-09-19T23:59:59.123+05:30",
    "2023-09-19 08:00:00",
    "19/09/2023", "19.09.2023", "19-09-2023", "19/09/23",  # day first
    "19 September 2023", "September 19, 2023",
    "2023/09/19",                             # year first stays year first
])
def test_feed_dates(text):
    assert parse_item_date(text) == SEP19


def test_numeric_dates_read_day_first_when_both_readings_are_possible():
    assert parse_item_date("05/09/2023") == dt.date(2023, 9, 5)
    assert parse_item_date("2023/09/05") == dt.date(2023, 9, 5)


@pytest.mark.parametrize("text", ["09/19/2023", "09.19.2023", "9-19-23", "09/19/2023 10:00"])
def test_a_numeric_date_that_only_reads_month_first_is_refused(text):
    with pytest.raises(DiplographError, match=r"ambiguous order: write YYYY-MM-DD"):
        parse_item_date(text)


@pytest.mark.parametrize("text", ["19/19/2023", "31/02/2023", "September 2023", "Tuesday", "10", "yesterday",
                                  "", "soon", "x" * 500, "Tue, 32 Sep 2023 10:00:00 GMT"])
def test_bad_or_incomplete_dates_are_one_clear_error(text):
    with pytest.raises(DiplographError) as err:
        parse_item_date(text)
    message = str(err.value)
    assert "\n" not in message and ("invalid date" in message or "out of range" in message)
    assert len(message) < 300


def test_dates_outside_the_calendar_window_are_refused():
    with pytest.raises(DiplographError, match="out of range"):
        parse_item_date("0001-01-01T00:00:00Z")


# ------------------------------------------------------------------ fields
def test_published_is_the_date_when_there_is_no_date_field(tmp_path):
    rows = tmp_path / "feed.jsonl"
    rows.write_text(json.dumps({"text": "France condemned Azerbaijan.", "published": "Tue, 19 Sep 2023 10:00:00 GMT"})
                    + "\n" + json.dumps({"text": "Iran backed Armenia.", "date": "20/09/2023",
                                         "published": "2023-01-01"}) + "\n")
    items = list(iter_corpus([rows]))
    assert [a.date for a in items] == [SEP19, dt.date(2023, 9, 20)]  # date wins over published


def test_text_date_and_id_fields_are_named_by_the_user(tmp_path):
    rows = tmp_path / "feed.jsonl"
    rows.write_text(json.dumps({"body": "France condemned Azerbaijan.", "pubDate": "19/09/2023", "guid": "n-1",
                                "text": "not this"}) + "\n" + json.dumps({"body": "Iran backed Armenia."}) + "\n")
    fields = Fields(text="body", date="pubDate", id="guid")
    good, bad = list(iter_corpus([rows], fields=fields))
    assert isinstance(good, Article) and (good.text, good.date, good.id) == ("France condemned Azerbaijan.", SEP19, "n-1")
    assert isinstance(bad, BadItem) and "'pubDate'" in bad.reason and "no date" in bad.reason
    missing = list(iter_corpus([rows], fields=Fields(text="content")))
    assert all(isinstance(x, BadItem) and "no 'content' field" in x.reason for x in missing) and len(missing) == 2


def test_csv_text_column_named_by_the_user(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text("headline,published\nFrance condemned Azerbaijan.,\"Tue, 19 Sep 2023 10:00:00 GMT\"\n")
    [item] = iter_corpus([path], fields=Fields(text="headline"))
    assert isinstance(item, Article) and item.date == SEP19
    [bad] = iter_corpus([path])
    assert isinstance(bad, BadItem) and "no 'text' column" in bad.reason


# ------------------------------------------------------------------ gzip
def _csv_text(rows: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def test_gzipped_json_lines_and_csv_are_read_as_a_stream(tmp_path):
    rows = [{"text": f"Article {i} about France.", "date": "19/09/2023", "id": f"a{i}"} for i in range(5)]
    with gzip.open(tmp_path / "feed.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write("".join(json.dumps(r) + "\n" for r in rows))
    with gzip.open(tmp_path / "feed.csv.gz", "wt", encoding="utf-8", newline="") as fh:
        fh.write(_csv_text(rows))
    (tmp_path / "notes.gz").write_bytes(gzip.compress(b"not a corpus"))  # passed over in a folder
    items = list(iter_corpus([tmp_path]))
    assert all(isinstance(x, Article) for x in items) and len(items) == 10
    assert [x.id for x in items] == [f"a{i}" for i in range(5)] * 2
    assert count_items([tmp_path]) == 10


def test_broken_gzip_is_one_bad_item(tmp_path):
    whole = gzip.compress(b"".join(json.dumps({"text": f"Row {i}.", "date": "2023-09-19"}).encode() + b"\n"
                                   for i in range(2000)))
    (tmp_path / "cut.jsonl.gz").write_bytes(whole[: len(whole) // 2])
    (tmp_path / "plain.csv.gz").write_text("text,date\nnot gzip at all,2023-09-19\n")
    items = list(iter_corpus([tmp_path / "cut.jsonl.gz", tmp_path / "plain.csv.gz"]))
    bad = [x for x in items if isinstance(x, BadItem)]
    assert [Path(b.source).name for b in bad] == ["cut.jsonl.gz", "plain.csv.gz"]
    assert all("not a whole gzip file" in b.reason and "\n" not in b.reason for b in bad)
    assert 0 < sum(isinstance(x, Article) for x in items) < 2000  # the rows before the cut are kept


def test_count_items_gives_a_total_or_none():
    assert count_items(["-"]) is None


# ------------------------------------------------------------------ standard input
def test_stdin_kind_is_sniffed_without_consuming_it():
    for data, text in ((b"France condemned Azerbaijan.", True), (b'  {"text": "x"}\n', False),
                       (b'\xef\xbb\xbf{"text": "x"}\n', False), (gzip.compress(b'{"text": "x"}\n'), False)):
        stream = io.BufferedReader(io.BytesIO(data))
        assert stdin_is_text(stream) is text
        assert stream.read() == data


def _reader(code: str, stdin: bytes) -> list:
    script = ("import sys, json\nfrom diplograph.loaders.corpus import iter_corpus, BadItem\n"
              f"items = list(iter_corpus(['-'], {code}))\n"
              "print(json.dumps([[type(x).__name__, str(getattr(x, 'date', '')), getattr(x, 'reason', '')] "
              "for x in items]))\n")
    out = subprocess.run([sys.executable, "-c", script], input=stdin, capture_output=True, timeout=60, check=True)
    return json.loads(out.stdout)


def test_stdin_plain_text_json_lines_and_gzip():
    assert _reader("'2023-09-19'", b"France condemned Azerbaijan.\n") == [["Article", "2023-09-19", ""]]
    assert _reader("None", b"France condemned Azerbaijan.\n")[0][0] == "BadItem"
    rows = b'{"text": "Iran backed Armenia.", "published": "Tue, 19 Sep 2023 10:00:00 GMT"}\n'
    assert _reader("None", rows) == [["Article", "2023-09-19", ""]]
    assert _reader("None", gzip.compress(rows)) == [["Article", "2023-09-19", ""]]


def test_extract_reads_stdin_with_field_flags():
    """End to end: one gzip'd feed item on stdin, with its own field names, through the command."""
    item = {"body": "France condemned Azerbaijan.", "pubDate": "Tue, 19 Sep 2023 10:00:00 GMT", "guid": "feed-1"}
    res = subprocess.run([sys.executable, "-m", "diplograph", "extract", "-", "--format", "jsonl", "--text-field",
                          "body", "--date-field", "pubDate", "--id-field", "guid"],
                         input=gzip.compress(json.dumps(item).encode() + b"\n"), capture_output=True, timeout=300,
                         cwd=ROOT, check=False)
    assert res.returncode == 0, res.stderr.decode()
    [stance] = [json.loads(line) for line in res.stdout.decode().splitlines()]
    assert (stance["subject"]["id"], stance["relation"], stance["object"]["id"]) == ("FRA", "condemns", "AZE")
    assert (stance["date"], stance["source"]) == ("2023-09-19", "feed-1")


def test_extract_with_stdin_closed_is_one_line():
    res = subprocess.run([sys.executable, "-m", "diplograph", "extract", "-", "--date", "2023-09-19"],
                         stdin=None, capture_output=True, text=True, timeout=60, check=False,
                         preexec_fn=lambda: __import__("os").close(0))
    assert res.returncode == 2 and "Traceback" not in res.stderr, res.stderr
    assert res.stderr.strip().count("\n") == 0 and "no standard input" in res.stderr
