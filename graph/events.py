"""Event data beside one's own extraction: GDELT, ICEWS and POLECAT rows as ``dg:Stance`` nodes.

:func:`read_events` reads a file in one of three published layouts,

- ``gdelt``: the GDELT 2.0 events export (``YYYYMMDDHHMMSS.export.CSV``): tab-separated, no
  header, 61 columns (:data:`GDELT_COLUMNS`, in the order of the GDELT 2.0 event codebook);
- ``icews``: the ICEWS coded event data: tab-separated with a header line (``Event ID``,
  ``Event Date``, ``Source Name``, ``Source Sectors``, ``Source Country``, ``Event Text``,
  ``CAMEO Code``, ``Intensity``, ``Target Name``, ...; :data:`ICEWS_COLUMNS`);
- ``polecat``: POLECAT (PLOVER-coded): tab- or comma-separated with a header line (``Event ID``,
  ``Event Date``, ``Event Type``, ``Event Mode``, ``Actor Name``, ``Actor Country``,
  ``Recipient Name``, ``Recipient Country``, ...; :data:`POLECAT_COLUMNS`), columns found by name,

and :func:`map_event` names the two actors through the gazetteer (a country code or name, and the
actor's name: "EMMANUEL MACRON" with FRA is Macron, "FRANCE" is France, a bare "PRIME MINISTER"
with ARM is the Armenian prime minister of that day) and maps the code to one of the ten
relations where it fits (:func:`relation_for`: CAMEO 111 is ``condemns``, 04x other than 045 is
``consults``, 19x is ``attacks``; PLOVER ACCUSE in the mode disapprove is ``condemns``, CONSULT is
``consults``). An event whose code fits none (CAMEO 057 "sign formal agreement", PLOVER AID) is
kept with its codes and no relation: it is a ``dg:Stance`` but no direct edge, and no edge of the
networkx graph.

Each imported event is a ``dg:Stance`` and a ``dg:ImportedEvent`` with no evidence sentence,
``prov:wasDerivedFrom`` a ``dg:EventRecord`` (data set, event id, file and line). Its IRIs derive
from the data set and the event id, so importing a file twice adds nothing the second time.
:func:`import_events` checks the whole file before it writes anything, then writes the events in
transactions of :data:`BATCH`: an interrupted import leaves whole batches, and running it again
completes it.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from diplograph.graph.ontology import DG, RELATIONS, RES, cameo_root, quad_class, relation_info
from diplograph.loaders.records import Actor, DiplographError
from diplograph.loaders.to_rdf import decimal_literal

__all__ = ["DATASETS", "GDELT_COLUMNS", "ICEWS_COLUMNS", "POLECAT_COLUMNS", "EventRow", "BadRow", "Event",
           "ImportReport", "read_events", "relation_for", "map_event", "event_triples", "import_events"]

#: The layouts :func:`read_events` reads.
DATASETS = ("gdelt", "icews", "polecat")

#: The 61 columns of a GDELT 2.0 events export, in file order (no header line in the file).
GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor{n}{c}" for n in (1, 2) for c in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
        "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{g}Geo_{c}" for g in ("Actor1", "Actor2", "Action") for c in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL",
)
assert len(GDELT_COLUMNS) == 61

#: The columns of the ICEWS coded event data files, in file order (the first line names them).
ICEWS_COLUMNS = ("Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
                 "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID",
                 "Sentence Number", "Publisher", "City", "District", "Province", "Country", "Latitude",
                 "Longitude")
_ICEWS_NEEDED = ("Event ID", "Event Date", "Source Name", "Source Country", "CAMEO Code", "Target Name",
                 "Target Country")

#: The POLECAT columns read (others, such as the geography and the story's people, are ignored).
POLECAT_COLUMNS = ("Event ID", "Event Date", "Event Type", "Event Mode", "Actor Name", "Actor Country",
                   "Recipient Name", "Recipient Country")
_POLECAT_NEEDED = ("Event ID", "Event Date", "Event Type", "Actor Name", "Actor Country", "Recipient Name",
                   "Recipient Country")

_CAMEO = re.compile(r"^[0-9]{2,4}$")
_PLOVER = re.compile(r"^[A-Z]{3,12}$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
#: The most rows one file may hold (the file is read and checked whole before anything is written).
MAX_ROWS = 200_000
#: the longest line read, in bytes (a GDELT row is about 1 kB): a longer one is a bad row, skipped unread
MAX_LINE = 1 << 20
#: Events written per transaction.
BATCH = 2_000


@dataclass(frozen=True)
class EventRow:
    """One row of an event file, as read (names and codes as the file gives them)."""

    dataset: str
    event_id: str
    line: int
    date: dt.date
    subject_name: str
    subject_country: str
    object_name: str
    object_country: str
    cameo: str | None = None
    plover_type: str | None = None
    plover_mode: str | None = None
    goldstein: float | None = None
    quad: int | None = None
    url: str | None = None


@dataclass(frozen=True)
class BadRow:
    """A row that could not be read, and why."""

    line: int
    reason: str


@dataclass(frozen=True)
class Event:
    """An event mapped onto the graph: two actors, a relation (or None) and its codes."""

    row: EventRow
    subject: Actor
    object: Actor
    relation: str | None
    cameo: str | None
    plover_type: str | None
    plover_mode: str | None
    quad: int | None
    goldstein: float | None


@dataclass
class ImportReport:
    """What :func:`import_events` did: counts and the first reasons for bad rows."""

    path: str
    dataset: str
    rows: int = 0
    related: int = 0      # stances on one of the ten relations
    coded: int = 0        # kept with their code only
    skipped: int = 0      # an actor the actor data does not know
    same: int = 0         # subject and object the same actor
    bad: int = 0
    reasons: list[str] = field(default_factory=list)

    @property
    def stances(self) -> int:
        return self.related + self.coded

    def line(self) -> str:
        return (f"{self.path} ({self.dataset}): {self.rows} row{'s' * (self.rows != 1)}, {self.stances} "
                f"imported ({self.related} on the ten relations, {self.coded} kept with their code only), "
                f"{self.skipped} skipped (an actor the actor data does not know), "
                f"{self.same} skipped (an actor towards itself), {self.bad} bad")


# ------------------------------------------------------------------ reading
def _date(text: str, name: str) -> dt.date:
    value = text.strip()
    if re.fullmatch(r"[0-9]{8}", value):  # GDELT's SQLDATE, YYYYMMDD
        value = f"{value[:4]}-{value[4:6]}-{value[6:]}"
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise ValueError(f"{name} {text[:40]!r} is not a date (YYYY-MM-DD or YYYYMMDD)") from None


def _cameo(text: str) -> str:
    code = text.strip()
    if not _CAMEO.match(code):
        raise ValueError(f"CAMEO code {code!r} is not 2 to 4 digits")
    # events are coded with 3 or 4 digits, roots 01 to 20: a spreadsheet dropped the zero of "020" or "0231"
    if len(code) == 2 or (len(code) == 3 and int(code[:2]) > 20):
        code = "0" + code
    if not 1 <= int(code[:2]) <= 20:
        raise ValueError(f"CAMEO code {text.strip()!r} has no root 01 to 20")
    return code


def _number(text: str, name: str, low: float, high: float) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{name} {text!r} is not a number") from None
    if not (math.isfinite(value) and low <= value <= high):
        raise ValueError(f"{name} {text!r} is not between {low:g} and {high:g}")
    return value


def _gdelt(cells: list[str], line: int) -> EventRow:
    if len(cells) != len(GDELT_COLUMNS):
        raise ValueError(f"{len(cells)} tab-separated columns, not the 61 of a GDELT 2.0 events export")
    c = dict(zip(GDELT_COLUMNS, cells))
    quad = _number(c["QuadClass"], "QuadClass", 1, 4)
    return EventRow("gdelt", c["GLOBALEVENTID"].strip(), line, _date(c["SQLDATE"], "SQLDATE"),
                    c["Actor1Name"], c["Actor1CountryCode"], c["Actor2Name"], c["Actor2CountryCode"],
                    cameo=_cameo(c["EventCode"]), goldstein=_number(c["GoldsteinScale"], "GoldsteinScale", -10, 10),
                    quad=None if quad is None else int(quad), url=c["SOURCEURL"].strip() or None)


def _icews(c: dict, line: int) -> EventRow:
    return EventRow("icews", c["Event ID"].strip(), line, _date(c["Event Date"], "Event Date"),
                    c["Source Name"], c["Source Country"], c["Target Name"], c["Target Country"],
                    cameo=_cameo(c["CAMEO Code"]), goldstein=_number(c.get("Intensity") or "", "Intensity", -10, 10))


def _polecat(c: dict, line: int) -> EventRow:
    kind = c["Event Type"].strip().upper()
    if not _PLOVER.match(kind):
        raise ValueError(f"Event Type {c['Event Type']!r} is not a PLOVER event type")
    mode = (c.get("Event Mode") or "").strip().lower() or None
    if mode is not None and not re.fullmatch(r"[a-z_-]{1,40}", mode):
        raise ValueError(f"Event Mode {c['Event Mode']!r} is not a PLOVER mode")
    return EventRow("polecat", c["Event ID"].strip(), line, _date(c["Event Date"], "Event Date"),
                    c["Actor Name"], c["Actor Country"], c["Recipient Name"], c["Recipient Country"],
                    plover_type=kind, plover_mode=mode)


def read_events(path: str | Path, dataset: str, *, max_rows: int = MAX_ROWS) -> Iterator[EventRow | BadRow]:
    """The rows of an event file, each an :class:`EventRow` or a :class:`BadRow`.

    Raises
    ------
    DiplographError
        For a file that cannot be read, is not UTF-8, lacks the header columns of its layout,
        or has more than ``max_rows`` rows.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> tmp = tempfile.TemporaryDirectory()
    >>> p = pathlib.Path(tmp.name) / "e.tsv"
    >>> _ = p.write_text("Event ID\\tEvent Date\\tSource Name\\tSource Country\\tCAMEO Code\\tTarget Name\\t"
    ...                  "Target Country\\n7\\t2023-09-19\\tFrance\\tFrance\\t111\\tAzerbaijan\\tAzerbaijan\\n")
    >>> [(r.event_id, r.cameo, r.date.isoformat()) for r in read_events(p, "icews")]
    [('7', '111', '2023-09-19')]
    >>> tmp.cleanup()
    """
    if dataset not in DATASETS:
        raise DiplographError(f"unknown event format {dataset!r}; choose {', '.join(DATASETS)}")
    from diplograph.loaders.article import open_regular

    path = Path(path)
    try:
        with open_regular(path) as raw:
            yield from _rows(_Lines(raw, path), path, dataset, max_rows)
    except OSError as err:
        raise DiplographError(f"{path}: cannot read: {err.strerror or err}") from None


class _Lines:
    """The lines of a binary file as text, each decoded alone (so an error names its line); a line
    over ``limit`` bytes is skipped without being held in memory (counted in ``dropped``) and an
    empty line stands for it."""

    def __init__(self, raw, path: Path, limit: int | None = None):
        from diplograph.loaders.corpus import _bounded_lines

        limit = limit or MAX_LINE
        self.path, self.limit, self.dropped, self.number = path, limit, 0, 0
        self._lines = _bounded_lines(raw, limit)

    def __iter__(self):
        return self

    def __next__(self) -> str:
        data = next(self._lines)
        self.number += 1
        if data is None:
            self.dropped += 1
            return "\n"
        if self.number == 1:
            data = data.removeprefix(b"\xef\xbb\xbf")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as err:
            raise DiplographError(f"{self.path}: not UTF-8 text (line {self.number}, byte {err.start + 1} "
                                  "of the line)") from None

    def readline(self) -> str:
        return next(self, "")


def _rows(fh: _Lines, path: Path, dataset: str, max_rows: int) -> Iterator[EventRow | BadRow]:
    first = fh.readline()
    delimiter = "\t" if (dataset != "polecat" or "\t" in first) else ","
    header = None
    if dataset == "gdelt":
        lines = _chain([first], fh)
    else:
        header = [h.strip() for h in next(csv.reader([first], delimiter=delimiter))] if first.strip() else []
        needed = _ICEWS_NEEDED if dataset == "icews" else _POLECAT_NEEDED
        missing = [n for n in needed if n not in header]
        if missing:
            raise DiplographError(f"{path}: not {dataset.upper()} event data: the first line names no "
                                  f"column {missing[0]!r} (it needs {', '.join(needed)})")
        lines = fh
    quoting = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
    reader = csv.reader(lines, delimiter=delimiter, quoting=quoting)
    n = 0
    ids: dict[str, int] = {}  # event id -> its line: the stance IRI derives from the id, so two rows would merge
    dropped = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            yield BadRow(fh.number, f"not {delimiter!r}-separated text: {err}")
            continue
        line = fh.number  # the file's line where this row ends (the reader pulls no line ahead)
        if fh.dropped > dropped:
            dropped = fh.dropped
            yield BadRow(line, f"a line longer than {fh.limit:,} bytes; skipped")
            continue
        if not any(c.strip() for c in cells):
            continue
        n += 1
        if n > max_rows:
            raise DiplographError(f"{path}: more than {max_rows:,} rows; split the file")
        try:
            if dataset == "gdelt":
                event = _gdelt(cells, line)
            else:
                if len(cells) != len(header):
                    raise ValueError(f"{len(cells)} columns, but the header names {len(header)}")
                row = dict(zip(header, cells))
                event = _icews(row, line) if dataset == "icews" else _polecat(row, line)
            if not event.event_id:
                raise ValueError("no event id")
            if event.event_id in ids:
                raise ValueError(f"event id {event.event_id[:40]!r} repeats line {ids[event.event_id]}")
            ids[event.event_id] = line
            yield event
        except ValueError as err:
            yield BadRow(line, str(err))


def _chain(head: Iterable[str], rest) -> Iterator[str]:
    for x in head:
        if x:
            yield x
    yield from rest


# ------------------------------------------------------------------ mapping
def _cameo_prefixes() -> list[tuple[str, str]]:
    """(prefix, relation), longest first: a relation whose code ends in 0 covers its root's codes
    ("040" covers 04x), another only its own code and the codes under it ("111" covers 1111)."""
    out = []
    for rel in RELATIONS:
        code = relation_info(rel)["cameo"]
        out.append((code[:2] if code.endswith("0") else code, rel))
    return sorted(out, key=lambda x: (-len(x[0]), x[0]))


def relation_for(cameo: str | None = None, plover_type: str | None = None,
                 plover_mode: str | None = None) -> str | None:
    """The one of the ten relations a CAMEO code or a PLOVER type (and mode) fits, or None.

    >>> relation_for("111"), relation_for("1123"), relation_for("045"), relation_for("042"), relation_for("057")
    ('condemns', 'accuses', 'mediates', 'consults', None)
    >>> relation_for(plover_type="ACCUSE", plover_mode="disapprove"), relation_for(plover_type="ACCUSE")
    ('condemns', 'accuses')
    >>> relation_for(plover_type="CONSULT"), relation_for(plover_type="REQUEST"), relation_for(plover_type="AID")
    ('consults', 'appeals', None)
    """
    if cameo:
        for prefix, rel in _cameo_prefixes():
            if cameo.startswith(prefix):
                return rel
        return None
    if plover_type:
        candidates = [r for r in RELATIONS if relation_info(r)["plover_type"] == plover_type]
        for r in candidates:
            if plover_mode and relation_info(r)["plover_mode"] == plover_mode:
                return r
        # otherwise the relation of the type that names no mode, the most general CAMEO code first
        plain = sorted((relation_info(r)["cameo"], r) for r in candidates if relation_info(r)["plover_mode"] is None)
        return plain[0][1] if plain else None
    return None


def _actor(gazetteer, name: str, country: str, date: dt.date) -> Actor | None:
    name, country = name.strip(), country.strip()
    state = None
    if country:
        found = gazetteer.get(country) if _ISO3.match(country) else None
        if found is None:
            found = gazetteer.resolve(country, date)
        if found is not None and found.type == "State":
            state = found
    if name:
        focus = state.id if state is not None else None
        for form in dict.fromkeys((name, name.title())):
            found = gazetteer.resolve(form, date, focus=focus)
            if found is None:
                continue
            if found.type == "State" and state is not None and found.id != state.id:
                break  # a name that is another state than the code: trust the code
            return found
    return state


def map_event(row: EventRow, gazetteer, cache: dict | None = None) -> Event | None:
    """The :class:`Event` of a row, or None when an actor is not in the actor data or both
    actors are the same one.

    ``cache`` (a dict the caller keeps) remembers the actor of each (name, country, day): the
    same few actors fill most rows of a file.
    """
    event = _map_event(row, gazetteer, cache)
    return event if isinstance(event, Event) else None


def _map_event(row: EventRow, gazetteer, cache: dict | None) -> Event | str:
    """:func:`map_event`, with "unknown" or "same" for a row that gives no event."""
    def actor(name, country):
        if cache is None:
            return _actor(gazetteer, name, country, row.date)
        key = (name, country, row.date)
        if key not in cache:
            cache[key] = _actor(gazetteer, name, country, row.date)
        return cache[key]

    subject = actor(row.subject_name, row.subject_country)
    obj = actor(row.object_name, row.object_country)
    if subject is None or obj is None:
        return "unknown"
    if subject.id == obj.id:
        return "same"
    relation = relation_for(row.cameo, row.plover_type, row.plover_mode)
    info = relation_info(relation) if relation else None
    cameo = row.cameo or (info["cameo"] if info else None)
    plover_type = row.plover_type or (info["plover_type"] if info else None)
    plover_mode = row.plover_mode if row.plover_type else (info["plover_mode"] if info else None)
    quad = row.quad if row.quad is not None else (quad_class(cameo) if cameo else None)
    goldstein = row.goldstein if row.goldstein is not None else (info["goldstein"] if info else None)
    return Event(row, subject, obj, relation, cameo, plover_type, plover_mode, quad, goldstein)


# ------------------------------------------------------------------ RDF
def record_iri(dataset: str, event_id: str) -> URIRef:
    return RES[f"event/{dataset}/" + hashlib.sha256(event_id.encode("utf-8")).hexdigest()[:32]]


def event_stance_iri(dataset: str, event_id: str) -> URIRef:
    return RES["stance/" + hashlib.sha256(f"{dataset}|{event_id}".encode()).hexdigest()[:32]]


def event_triples(event: Event, source: str, gazetteer=None, seen: set | None = None) -> Iterator[tuple]:
    """The triples of one imported event: its record, its actors and its ``dg:Stance`` node.

    ``seen`` (a set the caller keeps) holds the ids of actors already described: their triples
    are not made again.
    """
    from diplograph.graph.ontology import CAMEO, CAMEO_SCHEME
    from diplograph.loaders.to_rdf import actor_iri, actor_triples, code_triples

    row = event.row
    rec = record_iri(row.dataset, row.event_id)
    yield rec, RDF.type, DG.EventRecord
    yield rec, RDF.type, PROV.Entity
    yield rec, DG.dataset, Literal(row.dataset, datatype=XSD.string)
    yield rec, DG.eventId, Literal(row.event_id, datatype=XSD.string)
    yield rec, DG.source, Literal(source, datatype=XSD.string)
    yield rec, DG.line, Literal(row.line, datatype=XSD.integer)
    yield rec, DG.date, Literal(row.date, datatype=XSD.date)
    if row.url:
        yield rec, URIRef("http://schema.org/url"), Literal(row.url, datatype=XSD.anyURI)
    for actor in (event.subject, event.object):
        if seen is not None:
            if actor.id in seen:
                continue
            seen.add(actor.id)
        known = gazetteer is not None and gazetteer.get(actor.id) is not None
        yield from (gazetteer.actor_triples(actor) if known
                    else actor_triples(actor, gazetteer.get if gazetteer is not None else None))
    s, o = actor_iri(event.subject.id), actor_iri(event.object.id)
    node = event_stance_iri(row.dataset, row.event_id)
    yield node, RDF.type, DG.Stance
    yield node, RDF.type, DG.ImportedEvent
    yield node, DG.subject, s
    yield node, DG.object, o
    if event.relation:
        yield s, DG[event.relation], o
        yield node, DG.relation, DG[event.relation]
    yield node, DG.date, Literal(row.date, datatype=XSD.date)
    yield from code_triples(node, event.cameo, event.plover_type, event.plover_mode, event.quad)
    if event.cameo and len(event.cameo) > 2:  # a code beyond the ontology's table: its concept and root
        from rdflib.namespace import SKOS

        yield CAMEO[event.cameo], RDF.type, SKOS.Concept
        yield CAMEO[event.cameo], SKOS.inScheme, CAMEO_SCHEME
        yield CAMEO[event.cameo], SKOS.notation, Literal(event.cameo)
        yield CAMEO[event.cameo], SKOS.broader, CAMEO[cameo_root(event.cameo)]
    if event.goldstein is not None:
        yield node, DG.goldstein, decimal_literal(event.goldstein, 1)
    yield node, PROV.wasDerivedFrom, rec


def import_events(path: str | Path, dataset: str, store: str | Path, *, gazetteer=None,
                  max_rows: int = MAX_ROWS, max_reasons: int = 10, batch: int = BATCH) -> ImportReport:
    """Read an event file and add its events to the store at ``store``.

    The whole file is read and checked first: a bad file writes nothing. Then the events are
    written ``batch`` at a time, each batch one transaction with the recount of its stance
    edges (``dg:StanceEdge``, linked as ``ingest`` links them). An interrupted import leaves
    whole batches only, and importing the file again completes it (the IRIs derive from the
    event ids, so nothing is added twice). Returns an :class:`ImportReport`.

    Raises
    ------
    DiplographError
        For a bad file (see :func:`read_events`), a file with no readable row, an endpoint URL as
        ``store``, or a store that cannot be opened or written.
    """
    import pyoxigraph as ox

    from diplograph.graph.store import is_endpoint
    from diplograph.loaders.actors import load_gazetteer

    if is_endpoint(store):
        raise DiplographError(f"import-events writes to a store folder; {store} is an endpoint URL: import into "
                              "a folder, `export` it, then `load` the export with --store URL")
    gazetteer = gazetteer if gazetteer is not None else load_gazetteer()
    report = ImportReport(str(path), dataset)
    batch = max(1, batch)
    events: list[Event] = []
    cache: dict = {}
    first_reason = ""
    for item in read_events(path, dataset, max_rows=max_rows):
        report.rows += 1
        if isinstance(item, BadRow):
            report.bad += 1
            first_reason = first_reason or item.reason
            if len(report.reasons) < max_reasons:
                report.reasons.append(f"{path}:{item.line}: {item.reason}")
            continue
        event = _map_event(item, gazetteer, cache)
        if event == "unknown":
            report.skipped += 1
            continue
        if event == "same":
            report.same += 1
            continue
        if event.relation:
            report.related += 1
        else:
            report.coded += 1
        events.append(event)
    if report.rows == 0:
        raise DiplographError(f"{path}: no events in the file")
    if report.bad == report.rows:
        raise DiplographError(f"{path}: not {dataset.upper()} event data: no row could be read "
                              f"({first_reason})")
    if not events:
        return report
    try:
        Path(store).mkdir(parents=True, exist_ok=True)
        st = ox.Store(str(store))
    except (OSError, RuntimeError) as err:
        raise DiplographError(f"cannot open store {store}: {str(err).splitlines()[0][:200]}") from None
    try:
        seen: set = set()
        for i in range(0, len(events), batch):
            st.update(_batch_update(events[i:i + batch], Path(path).name, gazetteer, seen))
            st.flush()  # RocksDB's memtables to disk: without it they grow with the file
    except (OSError, RuntimeError, SyntaxError, ValueError) as err:
        raise DiplographError(f"cannot write to {store}: {str(err).splitlines()[0][:200]}") from None
    finally:
        del st
    return report


def _batch_update(events: list[Event], source: str, gazetteer, seen: set) -> str:
    """One SPARQL Update (one transaction): the triples of ``events`` and the recount of their edges."""
    from diplograph.graph.aggregate import edge_iri, edge_key_triples
    from diplograph.graph.ingest import _insert, _nt
    from diplograph.loaders.to_rdf import actor_iri

    triples: dict[tuple, None] = {}
    keys = []
    for event in events:
        for t in event_triples(event, source, gazetteer, seen):
            triples[t] = None
        if event.relation:
            row = event.row
            keys.append((event_stance_iri(row.dataset, row.event_id), actor_iri(event.subject.id),
                         DG[event.relation], actor_iri(event.object.id), row.date))
    for t in edge_key_triples(keys):
        triples[t] = None
    edges = {str(edge_iri(str(s), str(r), str(o), d)) for _, s, r, o, d in keys}
    return _insert((f"{_nt(s)} {_nt(p)} {_nt(o)} ." for s, p, o in triples), edges)
