"""Corpus readers: files, folders, JSON Lines and CSV -> a stream of :class:`Article` records.

Everything here is a generator: a corpus is read one item at a time and never held whole in
memory. A bad item (empty, binary, not UTF-8, a malformed JSON row, a bad date, too large, a
missing path) does not stop the stream: it comes out as a :class:`BadItem` naming the item
and the problem, and the caller reports it and goes on.

Where an article's date comes from, first match wins:

- a JSON Lines or CSV row: its ``date`` field;
- a ``.txt`` file ``NAME.txt``: a sidecar ``NAME.date`` (one ISO date) or ``NAME.json``
  (an object with ``date`` and optionally ``url`` and ``title``), then a date in the file
  name (``2023-09-19-baku.txt``, ``baku-2023-09-19.txt``);
- the ``default_date`` (``--date`` on the command line).

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "2023-09-19-baku.txt").write_text("France condemned Azerbaijan.")
>>> _ = (d / "rows.jsonl").write_text('{"text": "Iran backed Armenia.", "date": "2023-09-20"}\\n{oops\\n')
>>> [(type(x).__name__, str(getattr(x, "date", ""))) for x in iter_corpus([d])]
[('Article', '2023-09-19'), ('Article', '2023-09-20'), ('BadItem', '')]
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from diplograph.loaders.article import MAX_BYTES, decode_text, parse_date
from diplograph.loaders.records import Article, DiplographError

__all__ = ["CORPUS_SUFFIXES", "MAX_CHARS", "BadItem", "date_from_name", "iter_corpus"]

#: Longest article text accepted, in characters (spaCy's default ``nlp.max_length``).
MAX_CHARS = 1_000_000
#: File suffixes read inside a folder; any other file there (sidecars too) is passed over.
CORPUS_SUFFIXES = (".txt", ".jsonl", ".ndjson", ".csv")
_JSONL = (".jsonl", ".ndjson")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class BadItem:
    """An item of a corpus that could not be read: where it is and what is wrong with it."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


def date_from_name(name: str) -> dt.date | None:
    """A date at the start or the end of a file name, if there is a valid one.

    >>> date_from_name("2023-09-19-baku.txt"), date_from_name("baku-2023-09-19.txt")
    (datetime.date(2023, 9, 19), datetime.date(2023, 9, 19))
    >>> date_from_name("baku.txt") is None, date_from_name("2023-02-30-x.txt") is None
    (True, True)
    """
    stem = name.rsplit(".", 1)[0] if "." in name else name
    for candidate, neighbour in ((stem[:10], stem[10:11]), (stem[-10:], stem[-11:-10])):
        if _ISO.fullmatch(candidate) and not neighbour.isdigit():
            try:
                return dt.date.fromisoformat(candidate)
            except ValueError:
                continue
    return None


def iter_corpus(paths: Iterable[str | os.PathLike], default_date: str | dt.date | None = None, *,
                max_chars: int = MAX_CHARS) -> Iterator[Article | BadItem]:
    """Stream the articles of files and folders, in a stable order; bad items as :class:`BadItem`.

    ``-`` reads JSON Lines from standard input. Folders are walked recursively in name order.
    """
    default = None
    if default_date is not None:
        default = parse_date(default_date)  # a bad --date is the user's error, not an item's
    for raw in paths:
        if str(raw) == "-":
            yield from _jsonl_lines(sys.stdin.buffer, "<stdin>", default, max_chars)
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path, default, max_chars)
        elif path.is_file():
            yield from _file(path, default, max_chars)
        elif path.exists():
            yield BadItem(str(path), "not a file or folder")
        else:
            yield BadItem(str(path), "no such file or folder")


def _walk(folder: Path, default, max_chars) -> Iterator[Article | BadItem]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as err:
        yield BadItem(str(folder), f"cannot read folder: {err.strerror}")
        return
    for entry in entries:  # one folder's names at a time, never the texts
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(path, default, max_chars)
        elif path.suffix.lower() in CORPUS_SUFFIXES:
            yield from _file(path, default, max_chars)


def _file(path: Path, default, max_chars) -> Iterator[Article | BadItem]:
    suffix = path.suffix.lower()
    if suffix in _JSONL:
        try:
            with path.open("rb") as fh:
                yield from _jsonl_lines(fh, str(path), default, max_chars)
        except OSError as err:
            yield BadItem(str(path), f"cannot read: {err.strerror}")
    elif suffix == ".csv":
        yield from _csv_rows(path, default, max_chars)
    else:
        yield _text_file(path, default, max_chars)


def _text_file(path: Path, default, max_chars) -> Article | BadItem:
    source = str(path)
    try:
        size = path.stat().st_size
        if size > min(MAX_BYTES, 4 * max_chars):
            return BadItem(source, f"too large ({size:,} bytes)")
        data = path.read_bytes()
    except OSError as err:
        return BadItem(source, f"cannot read: {err.strerror}")
    try:
        text = decode_text(data, source)
        meta = _sidecar(path)
        date = meta.get("date") or date_from_name(path.name) or default
        if date is None:
            return BadItem(source, "no date (no NAME.date or NAME.json beside it, none in the file name, "
                                   "no --date)")
        return _article(text, parse_date(date), source, meta.get("title") or path.stem, meta.get("url"),
                        max_chars, speaker=meta.get("speaker"))
    except DiplographError as err:
        return BadItem(source, _reason(err, source))


def _sidecar(path: Path) -> dict:
    """Metadata of ``NAME.txt`` from ``NAME.date`` or ``NAME.json`` beside it, if there is one."""
    date_file, json_file = path.with_suffix(".date"), path.with_suffix(".json")
    try:
        if date_file.is_file():
            return {"date": date_file.read_text(encoding="utf-8").strip()}
        if json_file.is_file():
            meta = json.loads(json_file.read_text(encoding="utf-8"))
            if not isinstance(meta, dict):
                raise DiplographError(f"{json_file.name} is not a JSON object")
            return {k: meta.get(k) for k in ("date", "title", "url", "speaker") if meta.get(k)}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise DiplographError(f"bad sidecar file: {str(err).splitlines()[0][:120]}") from None
    return {}


def _article(text: str, date: dt.date, source: str, title, url, max_chars, *, id=None, speaker=None) -> Article:
    if not text.strip():
        raise DiplographError("empty article")
    if len(text) > max_chars:
        raise DiplographError(f"too large ({len(text):,} characters; the limit is {max_chars:,})")
    if speaker is not None and (not isinstance(speaker, str) or not speaker.strip()):
        raise DiplographError("'speaker' is not a name")
    return Article(text=text, date=date, source=source, title=title or None, url=url or None,
                   id=id or None, speaker=speaker.strip() if speaker else None)


def _reason(err: Exception, source: str) -> str:
    msg = str(err)
    return msg[len(source) + 2:] if msg.startswith(source + ": ") else msg


def _row_article(row, source: str, default, max_chars) -> Article | BadItem:
    if not isinstance(row, dict):
        return BadItem(source, "not a JSON object")
    text = row.get("text")
    if not isinstance(text, str):
        return BadItem(source, "no 'text' field" if text is None else "'text' is not a string")
    if any("\udc80" <= c <= "\udcff" for c in text):
        return BadItem(source, "not UTF-8 text")
    if "\x00" in text:
        return BadItem(source, "binary data in 'text'")
    try:
        raw_date = row.get("date") or default
        if raw_date is None:
            return BadItem(source, "no date (no 'date' field and no --date)")
        date = parse_date(str(raw_date)[:10] if len(str(raw_date)) > 10 and str(raw_date)[10] in "T " else raw_date)
        title, url, item_id = row.get("title"), row.get("url"), row.get("id")
        if isinstance(item_id, (int, float)) and not isinstance(item_id, bool):
            item_id = str(item_id)
        return _article(text, date, source, title if isinstance(title, str) else None,
                        url if isinstance(url, str) else None, max_chars,
                        id=item_id if isinstance(item_id, str) else None, speaker=row.get("speaker") or None)
    except DiplographError as err:
        return BadItem(source, str(err))


def _jsonl_lines(fh, name: str, default, max_chars) -> Iterator[Article | BadItem]:
    for lineno, line in enumerate(fh, 1):
        source = f"{name}:{lineno}"
        if not line.strip():
            continue
        if len(line) > 4 * max_chars:
            yield BadItem(source, f"too large ({len(line):,} bytes)")
            continue
        try:
            row = json.loads(line.decode("utf-8-sig" if lineno == 1 else "utf-8"))
        except UnicodeDecodeError as err:
            yield BadItem(source, f"not UTF-8 text (byte {err.start})")
            continue
        except json.JSONDecodeError as err:
            yield BadItem(source, f"malformed JSON ({err.msg}, column {err.colno})")
            continue
        yield _row_article(row, source, default, max_chars)


def _csv_rows(path: Path, default, max_chars) -> Iterator[Article | BadItem]:
    csv.field_size_limit(max(4 * max_chars, 131072))
    try:
        fh = path.open("r", encoding="utf-8-sig", errors="surrogateescape", newline="")
    except OSError as err:
        yield BadItem(str(path), f"cannot read: {err.strerror}")
        return
    with fh:
        reader = csv.DictReader(fh)
        try:
            fields = reader.fieldnames
        except csv.Error as err:
            yield BadItem(str(path), f"malformed CSV header ({err})")
            return
        if not fields or "text" not in fields:
            yield BadItem(str(path), "no 'text' column in the CSV header")
            return
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as err:  # the reader goes on with the next line
                yield BadItem(f"{path}:{reader.line_num}", f"malformed CSV row ({err})")
                continue
            if None in row:
                yield BadItem(f"{path}:{reader.line_num}", "more fields than the header")
                continue
            yield _row_article(row, f"{path}:{reader.line_num}", default, max_chars)
