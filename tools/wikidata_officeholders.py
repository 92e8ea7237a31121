"""Rebuild the office holders of ``loaders/data/people.yaml`` from a Wikidata SPARQL dump.

Wikidata records who held a post as "position held" (P39) statements with "start time"
(P580) and "end time" (P582) qualifiers. This script reads the JSON results of one SPARQL
query, keeps the posts that ``tools/wikidata_positions.yaml`` maps to offices of the actor
data, and brings ``people.yaml`` in line: each person gets their Wikidata id, their terms in
those posts are replaced by Wikidata's, people not yet in the data are added, and every other
office (a post Wikidata does not cover here) is kept as it is. Nothing is fetched: the dump is
a file you downloaded, so a run is reproducible and reviewable.

1. Print the query (its ``VALUES`` are the posts of the positions file)::

       python tools/wikidata_officeholders.py --query

2. Run it at https://query.wikidata.org and download the result as JSON (Download → JSON
   file), or with ``curl -H 'Accept: application/sparql-results+json' --data-urlencode
   query@q.rq https://query.wikidata.org/sparql > dump.json``. The query is::

       SELECT ?person ?personLabel ?position ?start ?startPrecision ?end ?endPrecision WHERE {
         VALUES ?position { wd:Q11696 wd:Q14211 ... }
         ?person p:P39 ?held .
         ?held ps:P39 ?position .
         OPTIONAL { ?held pqv:P580 [ wikibase:timeValue ?start ; wikibase:timePrecision ?startPrecision ] }
         OPTIONAL { ?held pqv:P582 [ wikibase:timeValue ?end ; wikibase:timePrecision ?endPrecision ] }
         FILTER NOT EXISTS { ?held wikibase:rank wikibase:DeprecatedRank }
         FILTER (!BOUND(?end) || ?end >= "2010-01-01T00:00:00Z"^^xsd:dateTime)
         SERVICE wikibase:label { bd:serviceParam wikibase:language "en" . }
       }

3. See what would change (a unified diff on stdout, a report on stderr), then write it::

       python tools/wikidata_officeholders.py dump.json
       python tools/wikidata_officeholders.py dump.json --write

A term known only to the month or year (Wikidata's time precision under 11) has its start left
unknown (``start: null``, as the data allows); a term whose *end* is not known to the day is
reported and left out, since ``end: null`` would mean "still in office"; the data's terms of that
person in that office are then kept as they are (reported). Terms that ended before ``--since``
(2010-01-01) are left out of the dump, and kept where the data has them. A person in the dump is found in the data by
Wikidata id, else by name (label or variant); one not found is added with an id made from
their name. The new file is checked by the project's own loader before it replaces the old
one, and is written through a temporary file and a rename.

>>> term = Term("Q1", "Ann Example", "Q11696", dt.date(2021, 1, 20), None)
>>> office_of(term, {"Q11696": {"office": ["head_of_state", "head_of_government"], "of": "USA",
...                             "title": "President"}})
{'office': ['head_of_state', 'head_of_government'], 'of': 'USA', 'title': 'President', 'start': datetime.date(2021, 1, 20), 'end': None}
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import json
import os
import re
import shutil
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PEOPLE = ROOT / "loaders" / "data" / "people.yaml"
POSITIONS = Path(__file__).with_name("wikidata_positions.yaml")
SINCE = dt.date(2010, 1, 1)
QID = re.compile(r"^Q[1-9][0-9]*$")
DAY_PRECISION = 11  # Wikidata time precision: 9 year, 10 month, 11 day
_ENTITY = "http://www.wikidata.org/entity/"
_ENTRY = re.compile(r"^- \{id: ([^,}]+)[,}]")

QUERY = """SELECT ?person ?personLabel ?position ?start ?startPrecision ?end ?endPrecision WHERE {{
  VALUES ?position {{ {values} }}
  ?person p:P39 ?held .
  ?held ps:P39 ?position .
  OPTIONAL {{ ?held pqv:P580 [ wikibase:timeValue ?start ; wikibase:timePrecision ?startPrecision ] }}
  OPTIONAL {{ ?held pqv:P582 [ wikibase:timeValue ?end ; wikibase:timePrecision ?endPrecision ] }}
  FILTER NOT EXISTS {{ ?held wikibase:rank wikibase:DeprecatedRank }}
  FILTER (!BOUND(?end) || ?end >= "{since}T00:00:00Z"^^xsd:dateTime)
  SERVICE wikibase:label {{ bd:serviceParam wikibase:language "en" . }}
}}
"""


class ToolError(Exception):
    """A problem with the input; printed on one line, exit status 2."""


@dataclass(frozen=True)
class Term:
    """One P39 statement: ``person`` held ``position`` from ``start`` to ``end`` (None: unknown
    start, or still in office). ``end_precise`` is False when the end is known only to the month
    or year."""

    person: str
    label: str
    position: str
    start: dt.date | None
    end: dt.date | None
    end_precise: bool = True


# ------------------------------------------------------------------ reading
def _qid(value: str, what: str) -> str:
    qid = value[len(_ENTITY):] if value.startswith(_ENTITY) else value
    if not QID.match(qid):
        raise ToolError(f"{what} is not a Wikidata item: {value[:60]!r}")
    return qid


def _time(binding: dict, name: str, where: str) -> tuple[dt.date | None, bool]:
    """A time value and whether it is known to the day (no precision given: assumed to be)."""
    cell = binding.get(name)
    if not cell:
        return None, True
    m = re.match(r"^\+?(\d{4})-(\d{2})-(\d{2})", str(cell.get("value", "")))
    if not m:
        raise ToolError(f"{where}: {name} is not a date: {str(cell.get('value'))[:40]!r}")
    precision = binding.get(name + "Precision", {}).get("value")
    try:
        precise = precision is None or int(precision) >= DAY_PRECISION
        if not precise:  # 2019-00-00 is how a year-precision date may be written
            return dt.date(int(m.group(1)), max(1, int(m.group(2))), max(1, int(m.group(3)))), False
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))), True
    except ValueError:
        raise ToolError(f"{where}: {name} is not a date: {str(cell.get('value'))[:40]!r}") from None


def read_dump(path: str | os.PathLike) -> list[Term]:
    """The P39 terms of a SPARQL JSON results file (``application/sparql-results+json``)."""
    try:
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
    except OSError as err:
        raise ToolError(f"{path}: cannot read: {err.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ToolError(f"{path}: not a SPARQL JSON results file ({str(err).splitlines()[0][:80]})") from None
    try:
        variables = doc["head"]["vars"]
        bindings = doc["results"]["bindings"]
    except (KeyError, TypeError):
        raise ToolError(f"{path}: not a SPARQL JSON results file (no head.vars and results.bindings)") from None
    missing = {"person", "position"} - set(variables)
    if missing or not isinstance(bindings, list):
        raise ToolError(f"{path}: the query must select ?person and ?position (see --query); missing "
                        + ", ".join(sorted(missing)))
    terms = []
    for n, b in enumerate(bindings, 1):
        where = f"{path}: result {n}"
        if not isinstance(b, dict) or "person" not in b or "position" not in b:
            raise ToolError(f"{where}: no person or position")
        person = _qid(str(b["person"].get("value", "")), f"{where}: person")
        position = _qid(str(b["position"].get("value", "")), f"{where}: position")
        label = str(b.get("personLabel", {}).get("value") or person).strip()
        start, start_precise = _time(b, "start", where)
        end, end_precise = _time(b, "end", where)
        terms.append(Term(person, label, position, start if start_precise else None, end, end_precise))
    return terms


def load_positions(path: str | os.PathLike = POSITIONS) -> dict[str, dict]:
    """Wikidata position id -> ``{office, of, title}`` as ``people.yaml`` writes an office."""
    try:
        doc = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as err:
        raise ToolError(f"{path}: cannot read: {err.strerror}") from None
    except yaml.YAMLError as err:
        raise ToolError(f"{path}: not YAML ({str(err).splitlines()[0]})") from None
    if not isinstance(doc, dict) or not doc:
        raise ToolError(f"{path}: expected a mapping of Wikidata position ids to offices")
    for qid, office in doc.items():
        if not QID.match(str(qid)) or not isinstance(office, dict) or not {"office", "of", "title"} <= set(office):
            raise ToolError(f"{path}: {qid}: expected Q<digits>: {{office, of, title}}")
    return {str(k): {"office": v["office"], "of": v["of"], "title": v["title"]} for k, v in doc.items()}


# ------------------------------------------------------------------ rebuilding
def office_of(term: Term, positions: dict[str, dict]) -> dict:
    """The ``people.yaml`` office of one term."""
    return {**positions[term.position], "start": term.start, "end": term.end}


def _norm(name: str) -> str:
    folded = "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", folded).split())


def _key(office: dict) -> tuple:
    kind = office["office"]
    return (tuple(kind) if isinstance(kind, list) else (kind,), office["of"])


def rebuild(terms: list[Term], positions: dict[str, dict], people: list[dict], *,
            since: dt.date = SINCE) -> tuple[list[dict], list[str]]:
    """``people`` with the terms of the dump applied, and a report (one line per change or doubt).

    Rows are new dicts; the input is not changed. Changed and new rows carry ``_changed`` or
    ``_new`` (dropped when written).
    """
    from diplograph.loaders.records import slug

    report: list[str] = []
    rows = [dict(p) for p in people]
    by_qid = {p["qid"]: p for p in rows if p.get("qid")}
    by_name: dict[str, list[dict]] = {}
    for p in rows:
        for name in (p["label"], *p.get("variants", [])):
            by_name.setdefault(_norm(name), []).append(p)
    ids = {p["id"] for p in rows}

    held: dict[str, list[Term]] = {}
    vague: dict[str, set] = {}  # person -> the (office, of) keys of a term left out as imprecise
    for t in dict.fromkeys(terms):  # the same statement twice (two labels) counts once
        if t.position not in positions:
            continue
        if t.end is not None and t.end < since:
            continue
        if not t.end_precise:
            report.append(f"{t.label} ({t.person}): {positions[t.position]['title']} of {positions[t.position]['of']} "
                          f"ends on a date known only to the month or year ({t.end}); left out")
            vague.setdefault(t.person, set()).add(_key(positions[t.position]))
            continue
        held.setdefault(t.person, []).append(t)

    for qid, person_terms in held.items():
        label = person_terms[0].label
        row = by_qid.get(qid)
        if row is None:
            named = [p for p in by_name.get(_norm(label), []) if not p.get("qid")]
            if len(named) > 1:
                report.append(f"{label} ({qid}): several people of that name in the data; skipped")
                continue
            row = named[0] if named else None
        new_offices = sorted((office_of(t, positions) for t in person_terms),
                             key=lambda o: (o["start"] or dt.date.min, o["title"]))
        if row is not None and vague.get(qid):
            # the dump does not hold all of these posts' terms: keep the data's as they are
            untouched = [o for o in new_offices if _key(o) in vague[qid]]
            if untouched:
                new_offices = [o for o in new_offices if _key(o) not in vague[qid]]
                report.append(f"{label} ({qid}): kept the data's terms of "
                              + ", ".join(dict.fromkeys(f"{o['title']} of {o['of']}" for o in untouched))
                              + ", since a term of the dump was left out")
        if row is None:
            pid = slug(label)
            while pid in ids:
                pid = f"{pid}-{qid.lower()}"
            ids.add(pid)
            of = new_offices[0]["of"]
            row = {"id": pid, "label": label, "qid": qid,
                   "country": of if re.fullmatch(r"[A-Z]{3}", of) else None, "offices": new_offices, "_new": True}
            rows.append(row)
            report.append(f"new: {pid} ({qid}), " + ", ".join(f"{o['title']} of {o['of']}" for o in new_offices))
            continue
        before = {k: v for k, v in row.items() if not k.startswith("_")}
        covered = {_key(o) for o in new_offices}
        # an office the dump does not cover, or a term it leaves out (ended before `since`, or a post
        # with a term left out as imprecise) stays as it is
        kept = [o for o in row["offices"] if _key(o) not in covered or _key(o) in vague.get(qid, ())
                or (o.get("end") is not None and o["end"] < since)]
        offices = sorted(kept + new_offices, key=lambda o: (o.get("start") or dt.date.min, o["title"]))
        updated = dict(row)
        if not updated.get("qid"):
            updated = _with_qid(updated, qid)
        updated["offices"] = offices
        if updated != before:
            updated["_changed"] = True
            what = "Wikidata id" if not before.get("qid") else "terms"
            report.append(f"changed: {row['id']} ({what})")
        rows[rows.index(row)] = updated
    return rows, report


def _with_qid(row: dict, qid: str) -> dict:
    """``row`` with ``qid`` placed before ``country`` (the file's order of fields)."""
    out: dict = {}
    for k, v in row.items():
        if k in ("country", "offices") and "qid" not in out:
            out["qid"] = qid
        out[k] = v
    out.setdefault("qid", qid)
    return out


# ------------------------------------------------------------------ writing
_PLAIN = re.compile(r"^[A-Za-z][\w .'’()/&-]*$")
_RESERVED = re.compile(r"^(?:null|true|false|yes|no|on|off|y|n|~)$", re.IGNORECASE)


def _scalar(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if _PLAIN.match(text) and not _RESERVED.match(text) and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)


def _flow(value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return _scalar(value)


def render_row(row: dict) -> str:
    """One person in the flow style of ``people.yaml``: one line, or one line per office.

    >>> print(render_row({"id": "ann", "label": "Ann O'Neill", "qid": "Q1", "country": "IRL",
    ...                   "offices": [{"office": "head_of_state", "of": "IRL", "title": "President",
    ...                                "start": dt.date(2020, 1, 1), "end": None}]}))
    - {id: ann, label: Ann O'Neill, qid: Q1, country: IRL, offices: [{office: head_of_state, of: IRL, title: President, start: 2020-01-01, end: null}]}
    """
    row = {k: v for k, v in row.items() if not k.startswith("_")}
    head = ", ".join(f"{k}: {_flow(v)}" for k, v in row.items() if k != "offices")
    offices = [_flow(o) for o in row["offices"]]
    text = f"- {{{head}, offices: [{', '.join(offices)}]}}"
    if len(offices) > 1 or len(text) > 200:
        text = f"- {{{head}, offices: [\n   " + ",\n   ".join(offices) + "]}"
    if yaml.safe_load(text) != [row]:  # never write what does not read back the same
        raise ToolError(f"{row['id']}: cannot be written in people.yaml's style")
    return text


def update_text(text: str, rows: list[dict]) -> str:
    """``people.yaml`` text with the changed rows rewritten in place and new rows appended;
    comments and untouched rows stay as they are."""
    changed = {r["id"]: r for r in rows if r.get("_changed")}
    new = [r for r in rows if r.get("_new")]
    out, lines, i = [], text.splitlines(), 0
    while i < len(lines):
        m = _ENTRY.match(lines[i])
        j = i + 1
        while j < len(lines) and lines[j].startswith((" ", "\t")) and m:
            j += 1
        if m and m.group(1) in changed:
            out.append(render_row(changed.pop(m.group(1))))
        else:
            out.extend(lines[i:j])
        i = j
    if changed:
        raise ToolError("people.yaml: cannot find the entries of " + ", ".join(sorted(changed)))
    if new:
        out.append(f"# ------------------------------------------------------------------ added from Wikidata "
                   f"({dt.date.today().isoformat()})")
        out.extend(render_row(r) for r in new)
    return "\n".join(out) + "\n"


def check_people(text: str, people_path: Path) -> None:
    """Load the actor data with ``text`` as its people.yaml, through the project's own loader
    (schema, references, dates); a problem is a :class:`ToolError`."""
    from diplograph.loaders.actors import Gazetteer
    from diplograph.loaders.records import DiplographError

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(people_path.parent, data)
        (data / people_path.name).write_text(text, encoding="utf-8")
        try:
            Gazetteer(data)
        except DiplographError as err:
            raise ToolError(f"the rebuilt people.yaml does not load: {err}") from None


def write_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# ------------------------------------------------------------------ command
def query_text(positions: dict[str, dict], since: dt.date = SINCE) -> str:
    """The SPARQL query to run at query.wikidata.org for these positions."""
    return QUERY.format(values=" ".join(f"wd:{q}" for q in positions), since=since.isoformat())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="wikidata_officeholders.py",
                                 description="Rebuild the office holders of people.yaml from a Wikidata "
                                             "SPARQL JSON dump (P39 with P580/P582). See the module docstring.")
    ap.add_argument("dump", nargs="?", help="SPARQL JSON results of the query (--query prints it)")
    ap.add_argument("--query", action="store_true", help="print the query to run at query.wikidata.org")
    ap.add_argument("--positions", default=str(POSITIONS), help="Wikidata positions -> offices (YAML)")
    ap.add_argument("--people", default=str(PEOPLE), help="the people.yaml to rebuild")
    ap.add_argument("--since", default=SINCE.isoformat(), help="leave out terms that ended before (YYYY-MM-DD)")
    ap.add_argument("--write", action="store_true", help="write people.yaml (default: print a diff)")
    args = ap.parse_args(argv)
    try:
        try:
            since = dt.date.fromisoformat(args.since)
        except ValueError:
            raise ToolError(f"--since {args.since!r}: expected YYYY-MM-DD") from None
        positions = load_positions(args.positions)
        if args.query:
            sys.stdout.write(query_text(positions, since))
            return 0
        if not args.dump:
            raise ToolError("give the dump file (or --query)")
        terms = read_dump(args.dump)
        people_path = Path(args.people)
        try:
            old = people_path.read_text(encoding="utf-8")
            people = yaml.safe_load(old)["people"]
        except (OSError, yaml.YAMLError, KeyError, TypeError) as err:
            raise ToolError(f"{people_path}: cannot read the people: {err}") from None
        rows, report = rebuild(terms, positions, people, since=since)
        new = update_text(old, rows)
        check_people(new, people_path)
        for line in report:
            print(line, file=sys.stderr)
        print(f"{len(terms)} terms read, {sum(1 for r in rows if r.get('_changed'))} people changed, "
              f"{sum(1 for r in rows if r.get('_new'))} added", file=sys.stderr)
        if args.write:
            if new != old:
                write_atomically(people_path, new)
                print(f"wrote {people_path}", file=sys.stderr)
        else:
            sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), new.splitlines(True),
                                                       str(people_path), str(people_path) + " (rebuilt)"))
        return 0
    except ToolError as err:
        print(f"wikidata_officeholders.py: error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
