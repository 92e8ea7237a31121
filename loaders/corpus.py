"""Corpus readers: files, folders, JSON Lines and CSV -> a stream of :class:`Article` records.

Everything here is a generator: a corpus is read one item at a time and never held whole in
memory. A bad item (empty, binary, not UTF-8, a malformed JSON row, a bad date, too large, a
missing path) does not stop the stream: it comes out as a :class:`BadItem` naming the item
and the problem, and the caller reports it and goes on.

JSON Lines and CSV files may be gzip-compressed (``.jsonl.gz``, ``.ndjson.gz``, ``.csv.gz``);
they are decompressed as a stream. A row's fields are ``text``, ``date`` (else ``published``),
``id``, ``url``, ``title`` and ``speaker``; :class:`Fields` names others (``--text-field``,
``--date-field``, ``--id-field``).

Where an article's date comes from, first match wins:

- a JSON Lines or CSV row: its date field, in any form :func:`parse_item_date` reads
  (ISO, RFC 2822, day first);
- a ``.txt`` file ``NAME.txt``: a sidecar ``NAME.date`` (one date) or ``NAME.json``
  (an object with ``date`` or ``published`` and optionally ``url`` and ``title``), then a date
  in the file name (``2023-09-19-baku.txt``, ``baku-2023-09-19.txt``);
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
import gzip
import io
import json
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from diplograph.loaders.article import (
    MAX_BYTES,
    MAX_CHARS,
    check_size,
    decode_text,
    open_regular,
    parse_date,
    parse_item_date,
    read_regular,
)
from diplograph.loaders.records import Article, DiplographError

__all__ = ["CORPUS_SUFFIXES", "MAX_CHARS", "BadItem", "Fields", "count_items", "date_from_name", "iter_corpus",
           "stdin_is_text", "read_stdin_article"]

#: File name endings read inside a folder; any other file there (sidecars too) is passed over.
CORPUS_SUFFIXES = (".txt", ".jsonl", ".ndjson", ".csv", ".jsonl.gz", ".ndjson.gz", ".csv.gz")
_JSONL = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
#: What a broken gzip stream raises while it is read (BadGzipFile is an OSError).
_GZIP_ERRORS = (gzip.BadGzipFile, EOFError, zlib.error)


@dataclass(frozen=True)
class Fields:
    """The names of a row's fields: ``text``, ``id``, and the date fields tried in turn.

    >>> Fields().dates, Fields(date="pubDate").dates
    (('date', 'published'), ('pubDate',))
    """

    text: str = "text"
    date: str | None = None  # None: ``date``, else ``published``
    id: str = "id"

    @property
    def dates(self) -> tuple[str, ...]:
        return (self.date,) if self.date else ("date", "published")


def _ending(path: Path) -> str:
    """The corpus ending of a file name: ``.jsonl.gz`` for ``x.jsonl.gz``, else its suffix."""
    name = path.name.lower()
    return next((e for e in CORPUS_SUFFIXES if e.endswith(".gz") and name.endswith(e)), path.suffix.lower())


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
                max_chars: int = MAX_CHARS, fields: Fields | None = None) -> Iterator[Article | BadItem]:
    """Stream the articles of files and folders, in a stable order; bad items as :class:`BadItem`.

    ``-`` reads standard input: JSON Lines (gzip-compressed or not) when it starts with ``{``,
    else one plain-text article. Folders are walked recursively in name order.
    """
    default = None
    if default_date is not None:
        default = parse_date(default_date)  # a bad --date is the user's error, not an item's
    fields = fields or Fields()
    for raw in paths:
        if str(raw) == "-":
            yield from _stdin(default, max_chars, fields)
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path, default, max_chars, fields)
        elif path.is_file():
            yield from _file(path, default, max_chars, fields)
        elif path.exists():
            yield BadItem(str(path), "not a file or folder")
        else:
            yield BadItem(str(path), "no such file or folder")


def _walk(folder: Path, default, max_chars, fields, seen: frozenset = frozenset()) -> Iterator[Article | BadItem]:
    try:
        st = folder.stat()
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as err:
        yield BadItem(str(folder), f"cannot read folder: {err.strerror}")
        return
    here = (st.st_dev, st.st_ino)
    if here in seen:  # a symbolic link back to a folder above: read it once
        yield BadItem(str(folder), "a link to a folder already being read")
        return
    seen = seen | {here}
    for entry in entries:  # one folder's names at a time, never the texts
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(path, default, max_chars, fields, seen)
        elif _ending(path) in CORPUS_SUFFIXES:
            yield from _file(path, default, max_chars, fields)


def _file(path: Path, default, max_chars, fields: Fields) -> Iterator[Article | BadItem]:
    ending = _ending(path)
    if ending in _JSONL:
        try:
            fh = open_regular(path)
        except DiplographError as err:
            yield BadItem(str(path), _reason(err, str(path)))
            return
        try:
            with fh, (gzip.GzipFile(fileobj=fh, mode="rb") if ending.endswith(".gz") else fh) as stream:
                yield from _jsonl_lines(stream, str(path), default, max_chars, fields)
        except _GZIP_ERRORS as err:
            yield BadItem(str(path), _gzip_reason(err))
        except OSError as err:
            yield BadItem(str(path), f"cannot read: {err.strerror or err}")
    elif ending in (".csv", ".csv.gz"):
        yield from _csv_rows(path, default, max_chars, fields)
    else:
        yield _text_file(path, default, max_chars)


def _gzip_reason(err: Exception) -> str:
    what = "cut short" if isinstance(err, EOFError) else (str(err).split(" (")[0] or type(err).__name__)
    return f"not a whole gzip file ({what})"


# ------------------------------------------------------------------ standard input
def _stdin_head(stream) -> bytes:
    """The first bytes of ``stream`` without consuming them (b"" if it cannot peek)."""
    peek = getattr(stream, "peek", None)
    try:
        return peek(64)[:64] if peek else b""
    except (OSError, ValueError):
        return b""


def _stdin_buffer():
    """``sys.stdin``'s bytes; a clear error when there is no standard input (closed: ``<&-``)."""
    if sys.stdin is None:
        raise DiplographError("<stdin>: no standard input (it is closed)")
    return sys.stdin.buffer


def stdin_is_text(stream=None) -> bool:
    """Whether standard input holds one plain-text article rather than JSON Lines (which starts
    with ``{``, after a byte-order mark if any) or gzip'd JSON Lines."""
    head = _stdin_head(stream or _stdin_buffer())
    return not (head.startswith(b"\x1f\x8b") or head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"{"))


def read_stdin_article(date, max_chars: int = MAX_CHARS, stream=None) -> Article:
    """The plain-text article on standard input, dated ``date``; a clear error if it cannot be."""
    stream = stream or _stdin_buffer()
    limit = min(MAX_BYTES, 4 * max_chars)
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise DiplographError(f"<stdin>: too large (more than {limit:,} bytes)")
    text = decode_text(data, "<stdin>")
    if date is None:
        raise DiplographError("<stdin>: no date: pass --date YYYY-MM-DD")
    try:
        return _article(text, parse_date(date), "<stdin>", None, None, max_chars)
    except DiplographError as err:
        raise DiplographError(f"<stdin>: {err}") from None


def _stdin(default, max_chars, fields: Fields) -> Iterator[Article | BadItem]:
    stream = _stdin_buffer()
    head = _stdin_head(stream)
    if head.startswith(b"\x1f\x8b"):
        try:
            with gzip.GzipFile(fileobj=stream, mode="rb") as gz:
                yield from _jsonl_lines(gz, "<stdin>", default, max_chars, fields)
        except _GZIP_ERRORS as err:
            yield BadItem("<stdin>", _gzip_reason(err))
    elif head and stdin_is_text(stream):
        try:
            yield read_stdin_article(default, max_chars, stream)
        except DiplographError as err:
            yield BadItem("<stdin>", _reason(err, "<stdin>"))
    else:
        yield from _jsonl_lines(stream, "<stdin>", default, max_chars, fields)


# ------------------------------------------------------------------ counting, for progress bars
def count_items(paths: Iterable[str | os.PathLike], max_bytes: int = 1 << 30) -> int | None:
    """How many items :func:`iter_corpus` will yield at most (for a progress bar's total), or None
    when that is not known cheaply: standard input, or more than ``max_bytes`` to scan.

    A ``.txt`` file counts one, a JSON Lines file its non-blank lines, a CSV file its lines
    after the header (a quoted field over several lines makes this an upper bound).
    """
    total, budget = 0, [max_bytes]

    def lines(path: Path, gz: bool) -> int | None:
        n, last = 0, b"\n"
        try:
            with open_regular(path) as raw, (gzip.GzipFile(fileobj=raw, mode="rb") if gz else raw) as fh:
                while chunk := fh.read(1 << 20):
                    budget[0] -= len(chunk)
                    if budget[0] < 0:
                        return None
                    n, last = n + chunk.count(b"\n"), chunk
        except (DiplographError, OSError, *_GZIP_ERRORS):
            return 1  # read as a bad item
        return n + (not last.endswith(b"\n"))

    def one(path: Path) -> int | None:
        ending = _ending(path)
        if ending in CORPUS_SUFFIXES and ending != ".txt":
            n = lines(path, ending.endswith(".gz"))
            return None if n is None else max(0, n - (ending in (".csv", ".csv.gz")))
        return 1

    for raw in paths:
        if str(raw) == "-":
            return None
        path = Path(raw)
        if path.is_dir():
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames.sort()
                for name in sorted(filenames):
                    if _ending(Path(name)) in CORPUS_SUFFIXES:
                        n = one(Path(dirpath, name))
                        if n is None:
                            return None
                        total += n
        else:
            n = one(path)
            if n is None:
                return None
            total += n
    return total


def _text_file(path: Path, default, max_chars) -> Article | BadItem:
    source = str(path)
    try:
        data = read_regular(path, min(MAX_BYTES, 4 * max_chars))
        text = decode_text(data, source)
        meta = _sidecar(path)
        date = meta.get("date") or date_from_name(path.name) or default
        if date is None:
            return BadItem(source, "no date (no NAME.date or NAME.json beside it, none in the file name, "
                                   "no --date)")
        return _article(text, parse_item_date(date), source, meta.get("title") or path.stem, meta.get("url"),
                        max_chars, speaker=meta.get("speaker"))
    except DiplographError as err:
        return BadItem(source, _reason(err, source))


def _sidecar(path: Path) -> dict:
    """Metadata of ``NAME.txt`` from ``NAME.date`` or ``NAME.json`` beside it, if there is one."""
    date_file, json_file = path.with_suffix(".date"), path.with_suffix(".json")
    try:
        if date_file.is_file():
            return {"date": read_regular(date_file, 4096).decode("utf-8").strip()}
        if json_file.is_file():
            meta = json.loads(read_regular(json_file, 1 << 20).decode("utf-8"))
            if not isinstance(meta, dict):
                raise DiplographError(f"{json_file.name} is not a JSON object")
            found = {k: meta.get(k) for k in ("date", "title", "url", "speaker") if meta.get(k)}
            if "date" not in found and meta.get("published"):
                found["date"] = meta["published"]
            return found
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError, DiplographError) as err:
        raise DiplographError(f"bad sidecar file: {(str(err).splitlines() or ['nested too deeply'])[0][:120]}") from None
    return {}


def _article(text: str, date: dt.date, source: str, title, url, max_chars, *, id=None, speaker=None) -> Article:
    if not text.strip():
        raise DiplographError("empty article")
    check_size(text, max_chars)
    if speaker is not None and (not isinstance(speaker, str) or not speaker.strip()):
        raise DiplographError("'speaker' is not a name")
    return Article(text=text, date=date, source=source, title=title or None, url=url or None,
                   id=id or None, speaker=speaker.strip() if speaker else None)


def _reason(err: Exception, source: str) -> str:
    msg = str(err)
    return msg[len(source) + 2:] if msg.startswith(source + ": ") else msg


def _row_article(row, source: str, default, max_chars, fields: Fields = Fields()) -> Article | BadItem:
    if not isinstance(row, dict):
        return BadItem(source, "not a JSON object")
    text = row.get(fields.text)
    if not isinstance(text, str):
        return BadItem(source, f"no '{fields.text}' field" if text is None else f"'{fields.text}' is not a string")
    date_field = next((f for f in fields.dates if row.get(f) not in (None, "")), fields.dates[0])
    for name in (fields.text, "title", "url", date_field):
        value = row.get(name)
        if isinstance(value, str) and not _encodable(value):  # a \ud800 escape, or bytes not UTF-8
            return BadItem(source, f"not UTF-8 text: a lone surrogate in '{name}'" if name != fields.text or
                           not any("\udc80" <= c <= "\udcff" for c in value) else "not UTF-8 text")
    if "\x00" in text:
        return BadItem(source, "binary data in 'text'")
    try:
        raw_date = row.get(date_field) or default
        if raw_date is None:
            named = " or ".join(f"'{f}'" for f in fields.dates)
            return BadItem(source, f"no date (no {named} field and no --date)")
        if isinstance(raw_date, (dict, list, bool)):
            return BadItem(source, f"'{date_field}' is not a date")
        date = parse_item_date(raw_date)
        title, url, item_id = row.get("title"), row.get("url"), row.get(fields.id)
        if isinstance(item_id, (int, float)) and not isinstance(item_id, bool):
            item_id = str(item_id)
        return _article(text, date, source, title if isinstance(title, str) else None,
                        url if isinstance(url, str) else None, max_chars,
                        id=item_id if isinstance(item_id, str) else None, speaker=row.get("speaker") or None)
    except DiplographError as err:
        return BadItem(source, str(err))


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _bounded_lines(fh, limit: int) -> Iterator[bytes | None]:
    """The lines of a binary stream; a line longer than ``limit`` bytes is skipped without being
    held in memory and comes out as None."""
    while line := fh.readline(limit + 1):
        if len(line) > limit:
            while line and not line.endswith(b"\n"):
                line = fh.readline(1 << 20)
            yield None
        else:
            yield line


def _jsonl_lines(fh, name: str, default, max_chars, fields: Fields = Fields()) -> Iterator[Article | BadItem]:
    limit = 4 * max_chars
    for lineno, line in enumerate(_bounded_lines(fh, limit), 1):
        source = f"{name}:{lineno}"
        if line is None:
            yield BadItem(source, f"too large (more than {limit:,} bytes)")
            continue
        if not line.strip():
            continue
        try:
            row = json.loads(line.decode("utf-8-sig" if lineno == 1 else "utf-8"))
        except UnicodeDecodeError as err:
            yield BadItem(source, f"not UTF-8 text (byte {err.start})")
            continue
        except json.JSONDecodeError as err:
            yield BadItem(source, f"malformed JSON ({err.msg}, column {err.colno})")
            continue
        except RecursionError:
            yield BadItem(source, "malformed JSON (nested too deeply)")
            continue
        try:
            yield _row_article(row, source, default, max_chars, fields)
        except Exception as err:  # one row never stops the stream, whatever it holds
            yield BadItem(source, f"unreadable row ({type(err).__name__})")


def _csv_rows(path: Path, default, max_chars, fields: Fields = Fields()) -> Iterator[Article | BadItem]:
    try:
        yield from _csv_stream(path, default, max_chars, fields)
    except _GZIP_ERRORS as err:
        yield BadItem(str(path), _gzip_reason(err))


def _csv_stream(path: Path, default, max_chars, fields: Fields) -> Iterator[Article | BadItem]:
    csv.field_size_limit(max(4 * max_chars, 131072))
    try:
        raw = open_regular(path)
    except DiplographError as err:
        yield BadItem(str(path), _reason(err, str(path)))
        return
    with raw:  # a GzipFile does not close the file it reads
        stream = gzip.GzipFile(fileobj=raw, mode="rb") if _ending(path) == ".csv.gz" else raw
        fh = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
        with fh:
            yield from _csv_reader(fh, path, default, max_chars, fields)


def _csv_reader(fh, path: Path, default, max_chars, fields: Fields) -> Iterator[Article | BadItem]:
    lines = _BoundedText(fh, 4 * max_chars + 65536)
    # strict: a quote that does not end its field is an error, not a field that swallows the
    # lines after it
    reader = csv.DictReader(lines, strict=True)
    try:
        header = reader.fieldnames
    except csv.Error as err:
        yield BadItem(str(path), f"malformed CSV header ({err})")
        return
    if not header or fields.text not in header:
        yield BadItem(str(path), f"no '{fields.text}' column in the CSV header")
        return
    while True:
        first, dropped = reader.line_num + 1, lines.dropped
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:  # the reader goes on with the next line
            where = f"{path}:{first}" + (f"-{reader.line_num}" if reader.line_num > first else "")
            yield BadItem(where, _csv_reason(err, reader.line_num - first))
            continue
        except _GZIP_ERRORS:
            raise
        except OSError as err:
            yield BadItem(str(path), f"cannot read: {err.strerror or err}")
            return
        if lines.dropped > dropped:
            yield BadItem(f"{path}:{first}", f"line too large (more than {lines.limit:,} characters)")
        if None in row:
            yield BadItem(f"{path}:{reader.line_num}", "more fields than the header")
            continue
        try:
            yield _row_article(row, f"{path}:{reader.line_num}", default, max_chars, fields)
        except Exception as err:
            yield BadItem(f"{path}:{reader.line_num}", f"unreadable row ({type(err).__name__})")


def _csv_reason(err: csv.Error, extra_lines: int) -> str:
    text = str(err)
    if '"' in text or "end of data" in text or "newline inside string" in text:
        merged = f"; the {extra_lines + 1} lines it spans are skipped" if extra_lines else ""
        return f"malformed CSV row: a quote does not end its field ({text}){merged}"
    return f"malformed CSV row ({text})"


class _BoundedText:
    """Lines of a text stream for :mod:`csv`; a line over ``limit`` characters is skipped
    without being held in memory (counted in ``dropped``) and an empty line stands for it."""

    def __init__(self, fh, limit: int):
        self.fh, self.limit, self.dropped = fh, limit, 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = self.fh.readline(self.limit + 1)
        if not line:
            raise StopIteration
        if len(line) > self.limit:
            while line and not line.endswith(("\n", "\r")):
                line = self.fh.readline(1 << 20)
            self.dropped += 1
            return "\n"
        return line
