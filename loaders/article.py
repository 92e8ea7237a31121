"""Article records and their readers."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from pathlib import Path

from diplograph.loaders.records import Article, DiplographError

__all__ = ["MAX_BYTES", "MAX_CHARS", "MAX_TOKENS", "check_size", "count_tokens", "parse_date", "read_text_article",
           "open_regular", "read_regular"]

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
