"""The day a stance was taken, read from the words around its trigger.

>>> import datetime as dt, spacy
>>> doc = spacy.blank("en")("France condemned Russia")
>>> stance_date(doc[1], dt.date(2023, 9, 19))
datetime.date(2023, 9, 19)
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["stance_date"]

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
DAY_MONTH = re.compile(rf"(?i)\b(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MONTH})"
                       rf"|(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)(?:,?\s+(?P<y>\d{{4}}))?")


def stance_date(tok, date: dt.date) -> dt.date:
    """The day a stance was taken: a weekday, "yesterday", or a day and month ("on 19 September",
    "September 19, 2023") attached to its verb; else the article's date."""
    for t in [tok, *tok.children, *(c for ch in tok.children if ch.dep_ == "prep" for c in ch.children)]:
        if t.ent_type_ not in ("DATE", "TIME"):
            continue
        explicit = _calendar_date(t, date)
        if explicit is not None:
            return explicit
        low = t.lower_
        try:
            if low in WEEKDAYS:
                target = WEEKDAYS.index(low)
                delta = (target - date.weekday()) % 7
                # the nearest such day: today or tomorrow, else within the past week
                return date + dt.timedelta(days=delta if delta <= 1 else delta - 7)
            if low == "yesterday":
                return date - dt.timedelta(days=1)
        except OverflowError:  # a date at the calendar's ends
            return date
    return date


def _calendar_date(tok, date: dt.date) -> dt.date | None:
    """A day and month in the DATE entity around ``tok``, in the article's year unless the text
    gives one (a date more than a week after the article is taken from the year before)."""
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    if ent is None:
        return None
    m = DAY_MONTH.search(ent.text)
    if m is None:
        return None
    day = int(m.group("d1") or m.group("d2"))
    month = MONTHS.index((m.group("m1") or m.group("m2"))[:3].lower()) + 1
    year = int(m.group("y")) if m.group("y") else date.year
    try:
        found = dt.date(year, month, day)
    except ValueError:
        return None
    if not m.group("y") and found > date + dt.timedelta(days=7):
        try:
            found = found.replace(year=year - 1)
        except ValueError:  # 29 February
            pass
    return found
