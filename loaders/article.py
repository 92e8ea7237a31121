"""Article records and their readers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from diplograph.loaders.records import Article, DiplographError

__all__ = ["parse_date", "read_text_article"]

MAX_BYTES = 5 * 1024 * 1024  # a news article is far smaller; the parser needs memory per character


def parse_date(value: str | dt.date) -> dt.date:
    """An ISO date (YYYY-MM-DD), or a clear error.

    >>> parse_date("2023-09-19")
    datetime.date(2023, 9, 19)
    """
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise DiplographError(f"invalid date {value!r}: expected YYYY-MM-DD") from None


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
    if not path.is_file():
        raise DiplographError(f"{path}: not a file")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DiplographError(f"{path}: {size // (1024 * 1024)} MB is larger than the {MAX_BYTES // (1024 * 1024)} MB limit")
        data = path.read_bytes()
    except OSError as err:
        raise DiplographError(f"{path}: cannot read: {err.strerror}") from None
    text = decode_text(data, str(path))
    if not text.strip():
        raise DiplographError(f"{path}: empty article")
    return Article(text=text, date=parse_date(date), source=str(path), title=path.stem)
