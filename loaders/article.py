"""Article records and their readers."""

from __future__ import annotations

import datetime as dt
import email.utils
import os
import re
import stat
from pathlib import Path

from diplograph.loaders.records import Article, DiplographError

__all__ = ["MAX_BYTES", "MAX_CHARS", "MAX_TOKENS", "check_size", "count_tokens", "parse_date", "parse_item_date",
           "read_text_article", "open_regular", "read_regular"]

MAX_BYTES = 5 * 1024 * 1024  # a news article is far smaller; the parser needs memory per character
#: Longest article text accepted, in characters (``ingest --max-chars`` changes it for a corpus).
MAX_CHARS = 200_000
#: Most tokens (words and punctuation marks, counted as spaCy would, roughly) in one article:
#: extraction time grows with them (about 3,000 a second on the project's machine), so the cap
#: keeps one article within seconds; a long news article has a few thousand.
MAX_TOKENS = 40_000
_TOKENISH = re.compile(r"\w+|[^\w\s]")


def count_tokens(text: str) -> int:
    """Words and punctuation marks in ``text``: about what spaCy's tokenizer makes of it.

    >>> count_tokens("France condemned (again) the attack.")
    8
    """
    return sum(1 for _ in _TOKENISH.finditer(text))


def check_size(text: str, max_chars: int = MAX_CHARS, max_tokens: int = MAX_TOKENS) -> None:
    """Raise :class:`DiplographError` if ``text`` is over the character or the token limit."""
    if len(text) > max_chars:
        raise DiplographError(f"too large ({len(text):,} characters; the limit is {max_chars:,})")
    tokens = count_tokens(text)
    if tokens > max_tokens:
        raise DiplographError(f"too long ({tokens:,} words and marks; the limit is {max_tokens:,})")


def parse_date(value: str | dt.date) -> dt.date:
    """An ISO date (YYYY-MM-DD), or a clear error.

    >>> parse_date("2023-09-19")
    datetime.date(2023, 9, 19)
    """
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        if not _ISO_DATE.fullmatch(text):  # fromisoformat also takes 20230919 and 2023-W38-2
            raise ValueError(text)
        date = dt.date.fromisoformat(text)
    except ValueError:
        raise DiplographError(f"invalid date {str(value)[:40]!r}: expected YYYY-MM-DD") from None
    if not FIRST_DATE <= date <= LAST_DATE:
        raise DiplographError(f"date {text} is out of range: articles are dated {FIRST_DATE} to {LAST_DATE} "
                              "(a week from the calendar's ends, so that 'yesterday' or 'on Tuesday' is a date)")
    return date


#: What an item's date may look like, for messages.
ITEM_DATE_FORMS = ("YYYY-MM-DD, an ISO date and time (2023-09-19T10:00:00+02:00), RFC 2822 "
                   "(Tue, 19 Sep 2023 10:00:00 GMT) or day first (19/09/2023, 19 September 2023)")
_YEAR_FIRST = re.compile(r"\d{4}[-/.]", re.ASCII)
# a numeric date that is not year first: its second number must be the month
_NUMERIC_DATE = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.]\d{2,4}\b", re.ASCII)
# two defaults that differ in year, month and day: a field the text lacks shows as a difference
_DEFAULTS = (dt.datetime(2000, 1, 1), dt.datetime(2001, 2, 2))


def parse_item_date(value: str | dt.date) -> dt.date:
    """The date of a corpus item, as feeds write it; a clear error when it is not a whole date.

    ISO dates with or without a time and zone, RFC 2822 (RSS ``pubDate``) and day-first forms
    are read; the day is the one written (in the item's own time zone, not converted to UTC).
    Numeric dates are read day first ("05/09/2023" is 5 September; "09/19/2023", which only
    reads month first, is an error), year first when they start with the year. A date without a
    day, month or year ("September 2023", "Tuesday") is an error, never filled in from today.

    >>> parse_item_date("Tue, 19 Sep 2023 23:30:00 -0500"), parse_item_date("19/09/2023")
    (datetime.date(2023, 9, 19), datetime.date(2023, 9, 19))
    >>> parse_item_date("2023-09-19T10:00:00Z"), parse_item_date("2023/09/10")
    (datetime.date(2023, 9, 19), datetime.date(2023, 9, 10))
    """
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return parse_date(value.isoformat())  # the range check too
    text = str(value).strip()
    if _ISO_DATE.fullmatch(text):
        return parse_date(text)
    date = None
    if 0 < len(text) <= 80:
        try:  # the common forms first, from the standard library: exact and fast
            date = dt.datetime.fromisoformat(text).date()
        except ValueError:
            try:
                date = email.utils.parsedate_to_datetime(text).date()
            except (TypeError, ValueError, IndexError, OverflowError):
                date = _dateutil_date(text)
    if date is None:
        raise DiplographError(f"invalid date {text[:40]!r}: expected {ITEM_DATE_FORMS}")
    numeric = _NUMERIC_DATE.match(text)
    if numeric and int(numeric.group(2)) > 12:  # dateutil would read 09/19/2023 month first
        raise DiplographError(f"invalid date {text[:40]!r}: not day first (ambiguous order: write YYYY-MM-DD)")
    return parse_date(date.isoformat())


def _dateutil_date(text: str) -> dt.date | None:
    from dateutil import parser

    year_first = bool(_YEAR_FIRST.match(text))
    try:
        a, b = (parser.parse(text, dayfirst=not year_first, yearfirst=year_first, default=d) for d in _DEFAULTS)
    except (ValueError, OverflowError, TypeError):  # dateutil's ParserError is a ValueError
        return None
    return a.date() if a.date() == b.date() else None


#: The dates an article may carry: relative dates in its text ("yesterday", "on Tuesday", a day
#: and month up to a week ahead) are resolved within a week of it, inside the calendar.
FIRST_DATE, LAST_DATE = dt.date(1, 1, 8), dt.date(9999, 12, 24)


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def open_regular(path: str | os.PathLike, source: str | None = None):
    """``path`` opened for reading in binary mode, if it is a regular file (after symbolic links).

    A FIFO, a device (``/dev/zero``), a socket or a folder is a :class:`DiplographError`, found
    on the open file itself, and the open never blocks (``O_NONBLOCK``: a FIFO with no writer).
    """
    source = source or str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as err:
        raise DiplographError(f"{source}: cannot read: {err.strerror}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise DiplographError(f"{source}: not a regular file")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: str | os.PathLike, limit: int, source: str | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; never more than ``limit + 1`` are
    read, whatever ``st_size`` says (a file that grows, or a /proc file that says 0)."""
    source = source or str(path)
    with open_regular(path, source) as fh:
        try:
            data = fh.read(limit + 1)
        except OSError as err:
            raise DiplographError(f"{source}: cannot read: {err.strerror}") from None
    if len(data) > limit:
        raise DiplographError(f"{source}: too large (more than {limit:,} bytes)")
    return data


def decode_text(data: bytes, source: str) -> str:
    """UTF-8 text (a BOM is dropped); binary or non-UTF-8 input is a clear error."""
    if b"\x00" in data[:8192]:
        raise DiplographError(f"{source}: binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise DiplographError(f"{source}: not UTF-8 text (byte {err.start})") from None
    return text


def read_text_article(path: str | Path, date: str | dt.date) -> Article:
    """Read one plain-text article (UTF-8) with its publication date."""
    path = Path(path)
    if not path.exists():
        raise DiplographError(f"{path}: no such file")
    if path.is_dir():
        raise DiplographError(f"{path}: not a file")
    try:
        data = read_regular(path, MAX_BYTES)
    except DiplographError as err:
        if "too large" in str(err):
            raise DiplographError(f"{path}: larger than the {MAX_BYTES // (1024 * 1024)} MB limit") from None
        raise
    text = decode_text(data, str(path))
    if not text.strip():
        raise DiplographError(f"{path}: empty article")
    try:
        check_size(text)
    except DiplographError as err:
        raise DiplographError(f"{path}: {err}") from None
    return Article(text=text, date=parse_date(date), source=str(path), title=path.stem)
