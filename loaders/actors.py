"""The actor knowledge base: a mention as written in text -> a canonical :class:`Actor`.

The knowledge lives in YAML files under ``loaders/data/`` (``states.yaml``, ``people.yaml``,
``organizations.yaml``, ``organs.yaml``, ``nonstate.yaml``), each validated against a JSON
schema when loaded; this module only compiles them into in-memory indexes and answers
questions about them:

- :meth:`Gazetteer.resolve` -- "Baku", "the Kremlin", "Armenian Prime Minister Nikol
  Pashinian", "the French president" (date-aware), "the Prime Minister" (of the state in
  focus), "Russian Foreign Ministry" (a state organ), "Armenian separatists" (a territory's
  non-state actor), "NATO" ...
- :meth:`Gazetteer.office_holder` and :meth:`Gazetteer.parse_title` for titles;
- :meth:`Gazetteer.patterns` for a spaCy ``EntityRuler``;
- :meth:`Gazetteer.actor_triples` for the RDF of an actor.

>>> gaz = load_gazetteer()
>>> gaz.resolve("Baku").id
'AZE'
>>> gaz.resolve("the French president", dt.date(2016, 5, 1)).label
'François Hollande'
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

import pycountry
import yaml
from jsonschema import Draft202012Validator
from rdflib import Literal
from rdflib.namespace import RDF, RDFS, XSD

from diplograph.graph.ontology import DG, RES
from diplograph.loaders import to_rdf
from diplograph.loaders.records import Actor, DiplographError
from diplograph.loaders.records import slug as unicode_slug

__all__ = ["DATA_FILES", "Gazetteer", "Tenure", "load_gazetteer"]

#: The data files a gazetteer reads, in load order.
DATA_FILES = ("states.yaml", "organizations.yaml", "organs.yaml", "nonstate.yaml", "people.yaml")

_PUNCT = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u2010": "-",
                        "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u00a0": " "})
_EDGE = " .,;:!?\"'()[]{}\u201c\u201d\u00ab\u00bb*"
_ACRONYM = re.compile(r"^[A-Z0-9&]{2,6}$")


# ---------------------------------------------------------------------------- text keys
def _plain(text: str) -> str:
    """NFKD, accents dropped, typographic quotes and dashes made ASCII, spaces collapsed."""
    text = unicodedata.normalize("NFKD", text.translate(_PUNCT))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text).strip()


def _key(text: str) -> str:
    """The lookup key of a name or mention: case-, accent-, hyphen- and article-insensitive.

    >>> _key("the Élysée"), _key("Azerbaijan's"), _key("Nagorno-Karabakh"), _key("U.S.")
    ('elysee', 'azerbaijan', 'nagorno karabakh', 'us')
    """
    t = _plain(text).casefold().strip(_EDGE)
    t = re.sub(r"^the ", "", t)
    t = re.sub(r"'s?$", "", t)
    t = t.replace(".", "").replace("-", " ")
    return re.sub(r"\s+", " ", t).strip(_EDGE)


def _acronym_form(text: str) -> str:
    """The exact-case form an acronym is matched in: "the U.S." -> "US"."""
    t = _plain(text).strip(_EDGE)
    t = re.sub(r"^[Tt]he ", "", t)
    t = re.sub(r"'s?$", "", t)
    return t.replace(".", "")


def slugify(text: str) -> str:
    """A lower-case id slug for a name in any script (:func:`diplograph.loaders.records.slug`).

    >>> slugify("Khalil al-Hayya"), slugify("Πέτρος Παπαδόπουλος")
    ('khalil-al-hayya', 'petros-papadopoulos')
    """
    return unicode_slug(text.translate(_PUNCT))


def _date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


# ---------------------------------------------------------------------------- schemas
_STR_LIST = {"type": "array", "items": {"type": "string", "minLength": 1}}
_QID = {"type": ["string", "null"], "pattern": "^Q[1-9][0-9]*$"}  # a Wikidata item id
_ISO3 = {"type": "string", "pattern": "^[A-Z]{3}$"}
_DATE = {"anyOf": [{"type": "null"}, {"type": "string", "format": "date",
                                      "pattern": r"^\d{4}-\d{2}-\d{2}$"}, {"type": "date"}]}
_SLUG_ID = {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"}
_ORG_ID = {"type": "string", "pattern": "^(?:[A-Z]{3}-)?[a-z0-9][a-z0-9-]*$"}  # "nato", "ISR-armed-forces"

SCHEMAS: dict[str, dict] = {
    "states.yaml": {
        "type": "object", "required": ["states"], "additionalProperties": False,
        "properties": {"states": {"type": "array", "items": {
            "type": "object", "required": ["iso3"], "additionalProperties": False,
            "properties": {
                "iso3": _ISO3, "label": {"type": "string"}, "names": _STR_LIST,
                "demonyms": _STR_LIST, "capital": {"type": "string"}, "qid": _QID,
                "status": {"enum": ["member", "observer", "partial"]},
                "article": {"enum": ["the"]},
                "executive": {"enum": ["head_of_state", "head_of_government"]},
                "seats": {"type": "object", "additionalProperties": {"type": ["string", "null"]}},
            }}}}},
    "organizations.yaml": {
        "type": "object", "required": ["organizations"], "additionalProperties": False,
        "properties": {"mission_nouns": _STR_LIST, "organizations": {"type": "array", "items": {
            "type": "object", "required": ["id", "label"], "additionalProperties": False,
            "properties": {
                "id": _ORG_ID, "label": {"type": "string", "minLength": 1}, "names": _STR_LIST,
                "qid": _QID, "parent": {"type": ["string", "null"]},
                "country": {"anyOf": [_ISO3, {"type": "null"}]}, "operates_in": _ISO3,
                "members": {"type": "array", "items": _ISO3}, "seats": _STR_LIST,
            }}}}},
    "organs.yaml": {
        "type": "object", "required": ["organs", "titles"], "additionalProperties": False,
        "properties": {
            "state_nouns": _STR_LIST,
            "honorifics": _STR_LIST,
            "organs": {"type": "array", "items": {
                "type": "object", "required": ["slug", "label", "nouns"], "additionalProperties": False,
                "properties": {"slug": _SLUG_ID, "label": {"type": "string"}, "nouns": _STR_LIST,
                               "ruler": _STR_LIST}}},
            "titles": {"type": "array", "items": {
                "type": "object", "required": ["office", "nouns"], "additionalProperties": False,
                "properties": {"office": {"type": "string", "pattern": "^[a-z_]+$"},
                               "organisation_office": {"type": "string", "pattern": "^[a-z_]+$"},
                               "word": {"type": "string"}, "nouns": _STR_LIST}}}}},
    "nonstate.yaml": {
        "type": "object", "required": ["groups", "territories", "generic"], "additionalProperties": False,
        "properties": {
            "groups": {"type": "array", "items": {
                "type": "object", "required": ["id", "label"], "additionalProperties": False,
                "properties": {"id": _SLUG_ID, "label": {"type": "string"}, "names": _STR_LIST,
                               "qid": _QID, "country": {"anyOf": [_ISO3, {"type": "null"}]}}}},
            "territories": {"type": "array", "items": {
                "type": "object", "required": ["names", "country"], "additionalProperties": False,
                "properties": {"id": _SLUG_ID, "label": {"type": "string"}, "actor": _SLUG_ID,
                               "names": _STR_LIST, "demonyms": _STR_LIST, "country": _ISO3,
                               "qid": _QID, "end": _DATE}}},
            "generic": {"type": "object", "additionalProperties": {"type": "string"}},
            "authority_nouns": _STR_LIST,
            "group_nouns": _STR_LIST,
        }},
    "people.yaml": {
        "type": "object", "required": ["people"], "additionalProperties": False,
        "properties": {"people": {"type": "array", "items": {
            "type": "object", "required": ["id", "label", "offices"], "additionalProperties": False,
            "properties": {
                "id": _SLUG_ID, "label": {"type": "string", "minLength": 1}, "variants": _STR_LIST,
                "surnames": _STR_LIST, "qid": _QID, "country": {"anyOf": [_ISO3, {"type": "null"}]},
                "offices": {"type": "array", "items": {
                    "type": "object", "required": ["office", "of", "title", "start"],
                    "additionalProperties": False,
                    "properties": {
                        "office": {"anyOf": [{"type": "string", "pattern": "^[a-z_]+$"},
                                             {"type": "array", "items": {"type": "string",
                                                                         "pattern": "^[a-z_]+$"}}]},
                        "of": {"type": "string"}, "title": {"type": "string", "minLength": 1},
                        "start": _DATE, "end": _DATE}}},
            }}}}},
}


@functools.cache
def _validator_class():
    """Draft 2020-12 whose "date" type accepts the dates PyYAML makes of ``2023-09-19``."""
    from jsonschema.validators import extend

    checker = Draft202012Validator.TYPE_CHECKER.redefine("date", lambda _c, inst: isinstance(inst, dt.date))
    return extend(Draft202012Validator, type_checker=checker)


def _validator(schema: dict):
    return _validator_class()(schema)


def _where(path: str, doc, err) -> str:
    """ "people.yaml, entry 12 (nikol-pashinyan), field offices/0/start" for a schema error."""
    parts = list(err.absolute_path)
    where = path
    if len(parts) >= 2 and isinstance(parts[1], int):
        entry = doc[parts[0]][parts[1]]
        ident = entry.get("id") or entry.get("iso3") or entry.get("slug") if isinstance(entry, dict) else None
        where += f", {parts[0]} entry {parts[1]}" + (f" ({ident})" if ident else "")
        rest = parts[2:]
    else:
        rest = parts
    if rest:
        where += ", field " + "/".join(str(p) for p in rest)
    return where


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """A safe YAML loader (libyaml when available) that refuses a key given twice in one mapping."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep)


def _load_yaml(path: Path, name: str) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise DiplographError(f"{path}: cannot read actor data: {err.strerror}") from None
    try:
        doc = yaml.load(text, Loader=_Loader)  # a safe loader
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark else ""
        raise DiplographError(f"{path}: not valid YAML{at}: {getattr(err, 'problem', err)}") from None
    errors = sorted(_validator(SCHEMAS[name]).iter_errors(doc), key=lambda e: list(e.absolute_path))
    if errors:
        err = errors[0]
        raise DiplographError(f"{_where(str(path), doc, err)}: {err.message}")
    return doc


# ---------------------------------------------------------------------------- records
@dataclass(frozen=True)
class Tenure:
    """One person's holding of an office: ``office`` keys such as ``head_of_government``."""

    person: str
    offices: tuple[str, ...]
    of: str
    title: str
    start: dt.date | None
    end: dt.date | None

    def covers(self, date: dt.date) -> bool:
        return (self.start is None or self.start <= date) and (self.end is None or date <= self.end)


@dataclass
class _Entry:
    actor: Actor
    names: list[str] = field(default_factory=list)  # alternative labels, for skos:altLabel
    members: list[str] = field(default_factory=list)  # organisation members (ISO3)
    tenures: list[Tenure] = field(default_factory=list)


# ---------------------------------------------------------------------------- gazetteer
class Gazetteer:
    """Every actor of the data files, with the indexes that resolve mentions to them.

    Parameters
    ----------
    data_dir : folder holding the YAML files (default: the package's ``loaders/data``).
    fold_organs : resolve a state organ ("the Russian Foreign Ministry") to its state.

    >>> gaz = Gazetteer()
    >>> gaz.resolve("Russian Foreign Ministry").id
    'RUS-foreign-ministry'
    >>> Gazetteer(fold_organs=True).resolve("Russian Foreign Ministry").id
    'RUS'
    """

    def __init__(self, data_dir: Path | None = None, *, fold_organs: bool = False):
        self.data_dir = Path(data_dir) if data_dir is not None else Path(str(resources.files(__package__) / "data"))
        self.fold_organs = fold_organs
        self._entries: dict[str, _Entry] = {}
        self._alias: dict[str, list[str]] = {}      # _key(name) -> actor ids, best first
        self._acro: dict[str, list[str]] = {}       # exact acronym -> actor ids
        self._state_word: dict[str, str] = {}       # name/demonym/capital/seat key -> ISO3 (modifiers)
        self._demonym: dict[str, str] = {}          # ISO3 -> main demonym
        self._seat_organ: dict[str, str] = {}       # seat key -> organ id ("pentagon" -> USA-defence-ministry)
        self._organs: dict[str, dict] = {}          # organ slug -> {label}
        self._organ_noun: dict[str, str] = {}       # noun key -> organ slug
        self._title_noun: dict[str, dict] = {}      # noun key -> title row
        self._person_names: dict[str, list[str]] = {}  # full-name key -> person ids
        self._described: dict[Actor, tuple] = {}    # actor -> its RDF (the same in every article)
        self._surname: dict[str, list[str]] = {}    # surname key -> person ids
        self._tenures: dict[str, list[Tenure]] = {}  # office-of id -> tenures
        self._territory: dict[str, dict] = {}       # territory name key -> territory row
        self._territory_demonym: dict[str, list[dict]] = {}
        self._generic: dict[str, str] = {}          # "separatist forces" -> "separatists"
        self._authority_nouns: set[str] = set()
        self._patterns: list[dict] = []
        self._article_the: set[str] = set()
        self._leader_offices: dict[str, tuple[str, ...]] = {}  # ISO3 -> who "the leader" is, first
        self._missions: dict[tuple[str, str], str] = {}  # (organisation, ISO3) -> its mission there
        self._mission_nouns: set[str] = set()
        self._state_nouns: set[str] = set()
        self._group_nouns: set[str] = set()
        self._honorifics: set[str] = set()
        self._demonym_key: dict[str, str] = {}  # demonym key -> ISO3 (for plurals: "Palestinians")
        docs = {name: _load_yaml(self.data_dir / name, name) for name in DATA_FILES}
        self._load_states(docs["states.yaml"]["states"])
        self._load_organizations(docs["organizations.yaml"])
        self._load_organs(docs["organs.yaml"])
        self._load_nonstate(docs["nonstate.yaml"])
        self._load_people(docs["people.yaml"]["people"])

    # ------------------------------------------------------------------ loading
    def _add(self, entry: _Entry, path: str) -> None:
        if entry.actor.id in self._entries:
            raise DiplographError(f"{path}: duplicate actor id {entry.actor.id!r}")
        self._entries[entry.actor.id] = entry

    def _alias_add(self, name: str, actor_id: str, label: str | None = None) -> None:
        """Index ``name`` for ``actor_id``; an acronym is matched in its exact case only."""
        form = _acronym_form(name)
        if _ACRONYM.match(form):
            ids = self._acro.setdefault(form, [])
            if actor_id not in ids:
                ids.append(actor_id)
            if len(form) <= 3:
                return
        ids = self._alias.setdefault(_key(name), [])
        if actor_id not in ids:
            ids.append(actor_id)
        if label:
            self._patterns.append({"label": label, "pattern": _plain_pattern(name), "id": actor_id})

    def _load_states(self, rows: list[dict]) -> None:
        path = str(self.data_dir / "states.yaml")
        deferred: list[tuple[str, str]] = []  # pycountry's names yield to any name the data gives
        for i, row in enumerate(rows):
            iso = row["iso3"]
            pc = pycountry.countries.get(alpha_3=iso)
            official = [n for n in (getattr(pc, "common_name", None), getattr(pc, "name", None),
                                    getattr(pc, "official_name", None)) if n and "," not in n] if pc else []
            label = row.get("label") or (official[0] if official else None)
            if not label:
                raise DiplographError(f"{path}, states entry {i} ({iso}): no label and {iso} is not in pycountry")
            names = _unique([label, *row.get("names", [])])
            actor = Actor(iso, label, "State", iso, row.get("qid"))
            entry = _Entry(actor, [n for n in _unique([*names, *official]) if n != label])
            self._add(entry, path)
            demonyms = row.get("demonyms", [])
            if demonyms:
                self._demonym[iso] = demonyms[0]
            entry.names += [d for d in demonyms if d not in entry.names]
            if row.get("article"):
                self._article_the.add(iso)  # "Prime Minister of the Netherlands"
            if row.get("executive") == "head_of_government":
                self._leader_offices[iso] = ("head_of_government", "head_of_state")
            for name in names:
                self._alias_add(name, iso, "GPE")
                self._state_word.setdefault(_key(name), iso)
            deferred += [(n, iso) for n in official if n not in names]
            self._alias_add(iso, iso)
            for dem in demonyms:
                self._demonym_key.setdefault(_key(dem), iso)
                self._alias_add(dem, iso, "NORP")
                self._state_word.setdefault(_key(dem), iso)
            if row.get("capital"):
                self._alias_add(row["capital"], iso, "GPE")
                self._state_word.setdefault(_key(row["capital"]), iso)
                entry.names.append(row["capital"])
            for seat, organ in (row.get("seats") or {}).items():
                entry.names.append(seat)
                if organ:
                    self._seat_organ[_key(seat)] = f"{iso}-{organ}"
                    self._patterns.append({"label": "ORG", "pattern": _plain_pattern(seat),
                                           "id": f"{iso}-{organ}"})
                else:
                    self._alias_add(seat, iso, "GPE")
                self._state_word.setdefault(_key(seat), iso)
        for name, iso in deferred:
            self._alias_add(name, iso, "GPE")
            self._state_word.setdefault(_key(name), iso)

    def _load_organizations(self, doc: dict) -> None:
        self._mission_nouns = {_key(n) for n in doc.get("mission_nouns", [])}
        rows = doc["organizations"]
        path = str(self.data_dir / "organizations.yaml")
        for row in rows:
            country = row.get("country")
            if country and country not in self._entries:
                raise DiplographError(f"{path}, organizations entry {row['id']}: unknown state {country!r}")
            actor = Actor(row["id"], row["label"], "Organization", country, row.get("qid"),
                          row.get("parent") or country)
            self._add(_Entry(actor, list(row.get("names", [])), list(row.get("members", []))), path)
            if row.get("operates_in"):
                self._missions.setdefault((actor.parent, row["operates_in"]), row["id"])
            for name in [row["label"], *row.get("names", [])]:
                self._alias_add(name, row["id"], "ORG")
            for seat in row.get("seats", []):  # "Brussels" stands for the EU before its host state
                ids = self._alias.setdefault(_key(seat), [])
                self._alias[_key(seat)] = [row["id"], *(i for i in ids if i != row["id"])]
                self._patterns = [p for p in self._patterns if p["pattern"] != _plain_pattern(seat)]
                self._patterns.append({"label": "ORG", "pattern": _plain_pattern(seat), "id": row["id"]})
        for row in rows:
            for ref in [row.get("parent"), *row.get("members", [])]:
                if ref and ref not in self._entries:
                    raise DiplographError(f"{path}, organizations entry {row['id']}: unknown actor {ref!r}")

    def _load_organs(self, doc: dict) -> None:
        for row in doc["organs"]:
            self._organs[row["slug"]] = row
            for noun in row["nouns"]:
                self._organ_noun[_key(noun)] = row["slug"]
        self._state_nouns = {_key(n) for n in doc.get("state_nouns", [])}
        self._honorifics = {_key(n) for n in doc.get("honorifics", [])}
        for row in doc["titles"]:
            for noun in row["nouns"]:
                self._title_noun[_key(noun)] = row

    def _load_nonstate(self, doc: dict) -> None:
        path = str(self.data_dir / "nonstate.yaml")
        for row in doc["groups"]:
            actor = Actor(row["id"], row["label"], "NonState", row.get("country"), row.get("qid"),
                          row.get("country"))
            self._add(_Entry(actor, list(row.get("names", []))), path)
            for name in [row["label"], *row.get("names", [])]:
                self._alias_add(name, row["id"], "NONSTATE")
        for i, row in enumerate(doc["territories"]):
            if row.get("actor"):
                if row["actor"] not in self._entries:
                    raise DiplographError(f"{path}, territories entry {i}: unknown actor {row['actor']!r}")
                target = row["actor"]
            elif row.get("id") and row.get("label"):
                target = row["id"]
                actor = Actor(target, row["label"], "NonState", row["country"], row.get("qid"), row["country"])
                self._add(_Entry(actor, list(row["names"])), path)
                self._alias_add(row["label"], target, "NONSTATE")
                for name in row["names"]:  # the place stands for its de facto rulers
                    self._alias_add(name, target, "LOC")
            else:
                raise DiplographError(f"{path}, territories entry {i}: needs either actor or id and label")
            info = {**row, "target": target, "end": _date(row.get("end"))}
            for name in row["names"]:
                self._territory[_key(name)] = info
            for dem in row.get("demonyms", []):
                self._territory_demonym.setdefault(_key(dem), []).append(info)
        self._generic = {_key(k): v for k, v in doc["generic"].items()}
        self._authority_nouns = {_key(n) for n in doc.get("authority_nouns", [])}
        self._group_nouns = {_key(n) for n in doc.get("group_nouns", [])} | set(self._generic) | self._authority_nouns

    def _load_people(self, rows: list[dict]) -> None:
        path = str(self.data_dir / "people.yaml")
        surnames: dict[str, list[str]] = {}
        for i, row in enumerate(rows):
            pid = row["id"]
            where = f"{path}, people entry {i} ({pid})"
            actor = Actor(pid, row["label"], "Person", row.get("country"), row.get("qid"), row.get("country"))
            entry = _Entry(actor, list(row.get("variants", [])))
            self._add(entry, path)
            for t in row["offices"]:
                if self.get(t["of"]) is None:
                    raise DiplographError(f"{where}: office of unknown actor {t['of']!r}")
                offices = (t["office"],) if isinstance(t["office"], str) else tuple(t["office"])
                start, end = _date(t["start"]), _date(t.get("end"))
                if start and end and end < start:
                    raise DiplographError(f"{where}: office {t['title']!r} ends before it starts")
                tenure = Tenure(pid, offices, t["of"], t["title"], start, end)
                entry.tenures.append(tenure)
                self._tenures.setdefault(t["of"], []).append(tenure)
            full = [row["label"], *row.get("variants", [])]
            for name in full:
                ids = self._person_names.setdefault(_key(name), [])
                if pid not in ids:
                    ids.append(pid)
                self._patterns.append({"label": "PERSON", "pattern": _plain_pattern(name), "id": pid})
            sur = row["surnames"] if "surnames" in row else _unique(n.split()[-1] for n in full if " " in n)
            for s in sur:
                ids = surnames.setdefault(_key(s), [])
                if pid not in ids:
                    ids.append(pid)
                    self._patterns.append({"label": "PERSON", "pattern": s, "id": pid, "_surname": True})
        self._surname = surnames
        # a surname is a pattern only when it names one person and nothing else
        self._patterns = [p for p in self._patterns if not p.pop("_surname", False)
                          or (len(surnames[_key(p["pattern"])]) == 1 and _key(p["pattern"]) not in self._alias
                              and _key(p["pattern"]) not in self._person_names)]

    # ------------------------------------------------------------------ lookups
    def get(self, actor_id: str, date: dt.date | None = None) -> Actor | None:
        """The actor with this id: a state by ISO3, anything else by its slug; organs by pattern.

        Given a ``date``, a person comes with the office then held and the state (or ``None``
        for an international official) it speaks for, as :meth:`resolve` gives it; without
        one, with the data's country and no office. Organs are never folded here.

        >>> gaz = load_gazetteer()
        >>> gaz.get("ARM").label
        'Armenia'
        >>> gaz.get("ARM-foreign-ministry").label
        'Armenian Foreign Ministry'
        >>> gaz.get("charles-michel").country, gaz.get("charles-michel", dt.date(2023, 9, 19)).country is None
        ('BEL', True)
        """
        entry = self._entries.get(actor_id)
        if entry is not None:
            if date is not None and entry.actor.type == "Person":
                return self._person(actor_id, date)
            return entry.actor
        m = re.fullmatch(r"([A-Z]{3})-([a-z0-9-]+)", actor_id)
        if m and m.group(1) in self._entries and m.group(2) in self._organs:
            return self._organ(m.group(1), m.group(2), fold=False)
        return None

    def actors(self) -> Iterator[Actor]:
        """Every actor of the data: states, organisations, non-state actors, people (no organs,
        which exist for every state by pattern).

        >>> sum(1 for a in load_gazetteer().actors() if a.type == "State") > 190
        True
        """
        for entry in self._entries.values():
            yield entry.actor

    def names(self, actor_id: str) -> list[str]:
        """The alternative names of an actor (its skos:altLabels)."""
        entry = self._entries.get(actor_id)
        return list(entry.names) if entry else []

    def members(self, org_id: str) -> list[str]:
        entry = self._entries.get(org_id)
        return list(entry.members) if entry else []

    def tenures(self, person_id: str) -> list[Tenure]:
        entry = self._entries.get(person_id)
        return list(entry.tenures) if entry else []

    def _organ(self, iso: str, slug: str, *, fold: bool | None = None) -> Actor:
        state = self._entries[iso].actor
        if self.fold_organs if fold is None else fold:
            return state
        organ = self._organs[slug]
        demonym = self._demonym.get(iso)
        label = f"{demonym} {organ['label']}" if demonym else f"{organ['label']} of {self._of_label(iso)}"
        return Actor(f"{iso}-{slug}", label, "Organization", iso, None, iso)

    def _of_label(self, actor_id: str) -> str:
        entry = self._entries[actor_id]
        label = entry.actor.label
        if entry.actor.type == "State":
            return f"the {label}" if actor_id in self._article_the else label
        return label if _ACRONYM.match(label) else f"the {label}"

    def _state(self, text: str) -> str | None:
        """The ISO3 a state modifier names: "Armenian", "Armenia's", "Yerevan", "the Kremlin"."""
        k = _key(text)
        if k in self._state_word:
            return self._state_word[k]
        form = _acronym_form(text)
        if form in self._acro:
            for aid in self._acro[form]:
                if self._entries[aid].actor.type == "State":
                    return aid
        return None

    def _organisation(self, text: str) -> str | None:
        """The id of the organisation or armed group ``text`` names ("UN", "the European Council")."""
        for aid in self._lookup(text):
            if self._entries[aid].actor.type in ("Organization", "NonState"):
                return aid
        return None

    def _lookup(self, text: str) -> list[str]:
        form = _acronym_form(text)
        ids = list(self._acro.get(form, []))
        if not ids and form and not form.islower() and len(form) >= 4 and form.upper() in self._acro:
            ids = list(self._acro[form.upper()])  # "Nato", "Isis"
        return ids + [i for i in self._alias.get(_key(text), []) if i not in ids]

    # ------------------------------------------------------------------ offices
    def _office_label(self, tenure: Tenure) -> str:
        title = tenure.title
        if tenure.of not in self._entries:  # a state organ
            organ = self.get(tenure.of)
            demonym = self._demonym.get(organ.country)
            if demonym and not title.startswith(demonym):
                return f"{demonym} {title}"
            return title if " of " in title else f"{title} of the {organ.label}"
        entry = self._entries[tenure.of]
        if entry.actor.type != "State":
            return title  # organisations' titles are written in full in the data
        names = [entry.actor.label, *entry.names]
        if " of " in title or any(n and re.search(rf"\b{re.escape(n)}\b", title) for n in names):
            return title
        return f"{title} of {self._of_label(tenure.of)}"

    def _holders(self, of: str, date: dt.date) -> list[Tenure]:
        """Tenures of ``of`` covering ``date``, newest start first (a handover day gives the new one)."""
        found = [t for t in self._tenures.get(of, []) if t.covers(date)]
        return sorted(found, key=lambda t: t.start or dt.date.min, reverse=True)

    def office_holder(self, office: str, of: str, date: dt.date | None = None, *,
                      word: str | None = None) -> Actor | None:
        """The person who held ``office`` of ``of`` (ISO3 or organisation id) on ``date``.

        ``word`` prefers a holder whose title contains it ("President" for Iran's head of
        government). ``office="head"`` is the top office of an organisation.

        >>> gaz = load_gazetteer()
        >>> gaz.office_holder("head_of_government", "ARM", dt.date(2023, 9, 19)).label
        'Nikol Pashinyan'
        >>> gaz.office_holder("head_of_government", "ARM", dt.date(2023, 9, 19)).office
        'Prime Minister of Armenia'
        """
        date = date or dt.date.today()
        holders = self._holders(of, date)
        if office == "head":  # "the Armenian leader": the head of government where it leads
            order = self._leader_offices.get(of, _HEAD_OFFICES)
            ranked = [t for o in order for t in holders if o in t.offices]
        else:
            ranked = [t for t in holders if office in t.offices]
        if word:
            w = word.casefold()
            ranked = ([t for t in ranked if w in t.title.casefold()]
                      + [t for t in holders if w in t.title.casefold() and t not in ranked]
                      + [t for t in ranked if w not in t.title.casefold()])
        if not ranked:
            return None
        return self._person(ranked[0].person, date)

    def _person(self, pid: str, date: dt.date | None) -> Actor:
        """A person as of ``date``: the office then held, and the state it speaks for."""
        entry = self._entries[pid]
        date = date or dt.date.today()
        current = sorted((t for t in entry.tenures if t.covers(date)),
                         key=lambda t: t.start or dt.date.min, reverse=True)
        if not current:
            return entry.actor
        tenure = current[0]
        of = self.get(tenure.of)
        country = of.id if of.type == "State" else of.country
        return replace(entry.actor, office=self._office_label(tenure), country=country,
                       parent=of.id)

    def parse_title(self, text: str) -> tuple[str, str | None] | None:
        """The office a title names, and whose: ISO3, organisation id, state-organ id or None.

        >>> gaz = load_gazetteer()
        >>> gaz.parse_title("French President")
        ('head_of_state', 'FRA')
        >>> gaz.parse_title("Prime Minister")
        ('head_of_government', None)
        >>> gaz.parse_title("the head of American diplomacy")
        ('foreign_minister', 'USA')
        >>> gaz.parse_title("President of the European Council")
        ('president', 'european-council')
        """
        found = self._parse_title(text)
        return found[:2] if found else None

    def _parse_title(self, text: str) -> tuple[str, str | None, str] | None:
        words = _plain(text).strip(_EDGE).split()
        if words and re.match(r"(?i)ex-.", words[0]):
            words[0] = words[0][3:]
        while words and _key(words[0]) in _TITLE_MODIFIERS:
            words = words[1:]
        if not words:
            return None
        k = _key(" ".join(words))
        if k in self._title_noun:
            row = self._title_noun[k]
            return row["office"], None, row.get("word") or ""
        for i in range(1, len(words)):
            head, tail = " ".join(words[:i]), " ".join(words[i:])
            khead, ktail = _key(head), _key(tail)
            # "<title> of <whose>": "President of the European Council", "head of American diplomacy"
            if ktail.startswith("of ") and khead in self._title_noun:
                whose = tail.split(None, 1)[1] if len(tail.split()) > 1 else ""
                row = self._title_noun[khead]
                if _key(whose) in ("republic", "country", "state", "nation"):
                    return row["office"], None, row.get("word") or ""
                if self._organ_noun.get(_key(whose)) == "foreign-ministry":
                    return "foreign_minister", None, ""  # "the head of diplomacy"
                owner = self._owner(whose)
                if owner:
                    return self._office_for(row, owner, whose)
            # "<whose> <title>": "French President", "Rwandan army spokesman", "UN Secretary-General"
            if ktail in self._title_noun:
                row = self._title_noun[ktail]
                owner = self._owner(head)
                if owner:
                    return self._office_for(row, owner, head)
        return None

    def _office_for(self, row: dict, owner: str, whose: str) -> tuple[str, str, str]:
        word = row.get("word") or ""
        if owner.endswith("-foreign-ministry") and row["office"] == "head":
            return "foreign_minister", owner[:3], word  # "head of American diplomacy"
        entry = self._entries.get(owner)
        if entry is not None and entry.actor.type == "Organization":
            return row.get("organisation_office") or row["office"], owner, word
        return row["office"], owner, word

    def _owner(self, text: str) -> str | None:
        """Whose office a title modifier names: a state, an organisation or a state organ."""
        text = re.sub(r"'s?$", "", _plain(text).strip(_EDGE))
        iso = self._state(text)
        if iso:
            return iso
        org = self._organisation(text)
        if org:
            return org
        organ = self._parse_organ(text)
        if organ:
            return organ
        return None

    # ------------------------------------------------------------------ organs
    def _parse_organ(self, text: str, focus: str | None = None) -> str | None:
        """ "Russian Foreign Ministry" / "Armenia's army" / "the Ministry of Foreign Affairs of
        Qatar" -> the organ id (``RUS-foreign-ministry``), or None."""
        k = _key(text)
        if k in self._seat_organ:
            return self._seat_organ[k]
        if k in self._organ_noun:
            return f"{focus}-{self._organ_noun[k]}" if focus and focus in self._entries else None
        words = k.split()
        for i in range(1, len(words)):
            head, tail = " ".join(words[:i]), " ".join(words[i:])
            if tail in self._organ_noun:
                iso = self._state(re.sub(r"'s?$", "", head))
                if iso:
                    return f"{iso}-{self._organ_noun[tail]}"
            if tail.startswith("of ") and head in self._organ_noun:
                iso = self._state(tail[3:])
                if iso:
                    return f"{iso}-{self._organ_noun[head]}"
        return None

    # ------------------------------------------------------------------ non-state
    def _parse_nonstate(self, text: str, date: dt.date | None, focus: str | None) -> Actor | None:
        plain = re.sub(r"(?i)^(?:the |so-called |self-proclaimed |self-styled )+", "", _plain(text).strip(_EDGE))
        k = _key(plain)
        words = plain.split()
        for i in range(len(words) - 1, 0, -1):
            orig_head = " ".join(words[:i])
            head, tail = _key(orig_head), _key(" ".join(words[i:]))
            if tail.startswith("of "):
                continue
            # "Gaza's health ministry", "the Karabakh defence army": a territory's organ is its de facto rulers'
            if tail in self._organ_noun and head.removesuffix(" s") in self._territory:
                return self._entries[self._territory[head.removesuffix(" s")]["target"]].actor
            # "the Hamas-run health ministry", "Houthi-controlled ports"
            m = re.match(r"(.+?)-(?:run|led|controlled|held)$", words[0])
            if i == 1 and m:
                for aid in self._lookup(m.group(1)):
                    if self._entries[aid].actor.type == "NonState":
                        return self._entries[aid].actor
            # "Hamas militants", "Houthi rebels", "M23 fighters", "the Karabakh authorities"
            if tail in self._group_nouns:
                for aid in self._lookup(orig_head):
                    if self._entries[aid].actor.type == "NonState":
                        return self._entries[aid].actor
            if tail in self._generic or tail in self._authority_nouns:
                terr = self._territory.get(head)
                if terr is not None:
                    return self._entries[terr["target"]].actor
            if tail in self._generic:
                for terr in self._territory_demonym.get(head, []):
                    if terr["end"] is None or date is None or date <= terr["end"]:
                        return self._entries[terr["target"]].actor
                iso = self._state(re.sub(r"'s?$", "", head))
                if iso and not head.endswith("'s"):
                    kind = self._generic[tail]
                    demonym = self._demonym.get(iso) or self._entries[iso].actor.label
                    return Actor(f"{iso}-{kind}", f"{demonym} {kind.replace('-', ' ')}", "NonState", iso, None, iso)
        m = re.match(r"^(?:de facto |separatist |rebel )?(?:authorities|government|leadership) of (.+)$", k)
        if m and m.group(1) in self._territory:
            return self._entries[self._territory[m.group(1)]["target"]].actor
        if k in self._generic and focus and focus in self._entries:
            focus_dem = _key(self._demonym.get(focus, ""))
            for terr in {t["target"]: t for t in self._territory.values() if t.get("id")}.values():
                if (terr["country"] == focus or focus_dem in {_key(d) for d in terr.get("demonyms", [])}) \
                        and (terr["end"] is None or date is None or date <= terr["end"]):
                    return self._entries[terr["target"]].actor
            kind = self._generic[k]
            demonym = self._demonym.get(focus) or self._entries[focus].actor.label
            return Actor(f"{focus}-{kind}", f"{demonym} {kind.replace('-', ' ')}", "NonState", focus, None, focus)
        return None

    # ------------------------------------------------------------------ resolve
    def resolve(self, mention: str, date: dt.date | None = None, *, focus: str | None = None) -> Actor | None:
        """The actor ``mention`` names on ``date``, or None.

        ``focus`` is the ISO3 of the state a bare title refers to ("the Prime Minister").

        >>> gaz = load_gazetteer()
        >>> [gaz.resolve(m).id for m in ("Azerbaijan", "AZE", "Azerbaijani", "the Kremlin")]
        ['AZE', 'AZE', 'AZE', 'RUS']
        >>> gaz.resolve("Armenian Prime Minister Nikol Pashinian", dt.date(2023, 9, 19)).id
        'nikol-pashinyan'
        >>> gaz.resolve("the Prime Minister", dt.date(2023, 9, 19), focus="ARM").label
        'Nikol Pashinyan'
        >>> gaz.resolve("Armenian separatists").id
        'nagorno-karabakh-separatists'
        >>> a = gaz.resolve("Rwandan army spokesman John Doe")
        >>> a.id, a.type, a.country
        ('john-doe', 'Person', 'RWA')
        """
        if not mention or not mention.strip():
            return None
        text = _plain(mention).strip(_EDGE)
        if date is not None and not isinstance(date, dt.date):
            date = _date(date)
        found = self._resolve(text, date, focus)
        if found is None and "," in text:
            # "the head of American diplomacy, Antony Blinken" / "Antony Blinken, US Secretary of State"
            parts = [p.strip() for p in text.split(",") if p.strip()]
            if len(parts) == 2:
                found = (self._titled_name(parts[0], parts[1], date, focus)
                         or self._titled_name(parts[1], parts[0], date, focus))
        return found

    def _resolve(self, text: str, date: dt.date | None, focus: str | None) -> Actor | None:
        # 1. a name in the data: state, capital, seat, organisation, group, person
        ids = self._lookup(text)
        if ids:
            return self._actor(ids[0], date)
        pids = self._person_names.get(_key(text))
        if pids:
            return self._pick_person(pids, date, focus)
        words = text.split()
        # "the Azerbaijani side", "Palestinians", "the UN peacekeepers"
        if len(words) >= 2 and _key(words[-1]) in self._state_nouns:
            iso = self._state(re.sub(r"'s?$", "", " ".join(words[:-1])))
            if iso:
                return self._entries[iso].actor
        if _key(text).endswith("s") and _key(text)[:-1] in self._demonym_key:
            return self._entries[self._demonym_key[_key(text)[:-1]]].actor
        for i in range(1, len(words)):
            if _key(" ".join(words[i:])) in self._mission_nouns:
                org = self._organisation(" ".join(words[:i]))
                if org:
                    mission = self._missions.get((org, focus)) if focus else None
                    return self._entries[mission or org].actor
        # 2. a seat that is an organ ("the Pentagon"), a state organ ("Armenia's army")
        organ = self._parse_organ(text, focus)
        if organ:
            return self._organ_actor(organ)
        # 3. a non-state pattern ("Armenian separatists", "the Nagorno-Karabakh authorities")
        group = self._parse_nonstate(text, date, focus)
        if group:
            return group
        # 4. a title alone ("the French president", "the Prime Minister"); a former holder is nobody now
        title = None if re.match(r"(?i)^(?:the )?(?:former|ex-|ex )", text) else self._parse_title(text)
        if title:
            return self._by_title(title, date, focus)
        # 5. a surname ("Pashinian")
        pids = self._surname.get(_key(text))
        if pids:
            return self._pick_person(pids, date, focus)
        # 6. an honorific and a known name ("Mr Netanyahu", "Sheikh Tamim")
        for i in range(1, min(3, len(words))):
            if _key(" ".join(words[:i])) in self._honorifics:
                rest = _key(" ".join(words[i:]))
                pids = self._person_names.get(rest) or self._surname.get(rest)
                if pids:
                    return self._pick_person(pids, date, focus)
        # 7. a supporter in front ("the Iran-backed Houthis"): the actor is what follows
        core = words[1:] if words and words[0].lower() == "the" else words
        if len(core) > 1 and re.match(r"(?i).+-(?:backed|sponsored|supported|aligned|allied|affiliated|linked)$",
                                      core[0]):
            found = self._resolve(" ".join(core[1:]), date, focus)
            if found:
                return found
        # 8. a title and a name ("French President Emmanuel Macron", "Rwandan army spokesman John Doe")
        for i in range(len(words) - 1, 0, -1):
            found = self._titled_name(" ".join(words[:i]), " ".join(words[i:]), date, focus)
            if found:
                return found
        return None

    def _actor(self, actor_id: str, date: dt.date | None) -> Actor:
        entry = self._entries[actor_id]
        if entry.actor.type == "Person":
            return self._person(actor_id, date)
        if self.fold_organs and entry.actor.type == "Organization" and entry.actor.country:
            return self._entries[entry.actor.country].actor  # a named state organ
        return entry.actor

    def _organ_actor(self, organ_id: str) -> Actor | None:
        entry = self._entries.get(organ_id)
        if entry is not None:  # a state organ the data names ("Rwanda Defence Force")
            return self._entries[entry.actor.country].actor if self.fold_organs else entry.actor
        iso, slug = organ_id[:3], organ_id[4:]
        return self._organ(iso, slug)

    def _pick_person(self, pids: list[str], date: dt.date | None, focus: str | None) -> Actor | None:
        if len(pids) == 1:
            return self._person(pids[0], date)
        day = date or dt.date.today()
        in_office = [p for p in pids if any(t.covers(day) for t in self._entries[p].tenures)]
        if focus:
            in_focus = [p for p in (in_office or pids) if self._person(p, day).country == focus]
            if len(in_focus) == 1:
                return self._person(in_focus[0], date)
        if len(in_office) == 1:
            return self._person(in_office[0], date)
        return None

    def _by_title(self, title: tuple[str, str | None, str], date, focus) -> Actor | None:
        office, whose, word = title
        whose = whose or focus
        if whose is None:
            return None
        if whose not in self._entries and self.get(whose) is None:
            return None
        return self.office_holder(office, whose, date, word=word or None)

    def _titled_name(self, title_text: str, name: str, date, focus) -> Actor | None:
        """A name after (or before) a title: a known person, else a new Person of the title's state."""
        known = self._person_names.get(_key(name)) or self._surname.get(_key(name))
        if not known and not _looks_like_name(name):
            return None
        title = self._parse_title(title_text)
        if title is None:
            return None
        if known:
            person = self._pick_person(known, date, focus)
            if person is not None:
                return person
        whose = title[1] or focus
        country = None
        if whose is not None:
            if whose in self._entries:
                owner = self._entries[whose].actor
                country = owner.id if owner.type == "State" else owner.country
            elif re.fullmatch(r"[A-Z]{3}-.+", whose):
                country = whose[:3]
        label = _plain(name)
        office_label = _plain(title_text)
        office_label = re.sub(r"^[Tt]he ", "", office_label)
        return Actor(slugify(label), label, "Person", country, None, whose, office_label[:1].upper() + office_label[1:])

    # ------------------------------------------------------------------ spaCy patterns
    def patterns(self) -> list[dict]:
        """spaCy ``EntityRuler`` phrase patterns, each ``{"label", "pattern", "id"}``.

        Labels: GPE (state names, capitals, seats), NORP (demonyms), PERSON (every name
        variant, and a bare surname when it names one person only), ORG (organisations,
        state organs) and NONSTATE (armed groups, separatist authorities). The patterns are
        case-sensitive strings: build the ruler with the default ``phrase_matcher_attr``
        (ORTH), not ``"LOWER"`` -- "US" is not "us". Organ patterns come in the common
        capitalisations ("Russian Foreign Ministry", "Russian foreign ministry").

        >>> pats = load_gazetteer().patterns()
        >>> {"label": "GPE", "pattern": "Baku", "id": "AZE"} in pats
        True
        >>> {"label": "ORG", "pattern": "Russian Foreign Ministry", "id": "RUS-foreign-ministry"} in pats
        True
        """
        out: dict[tuple, None] = {}
        for p in self._patterns:
            aid = p["id"]
            if self.fold_organs:
                actor = self.get(aid)
                if actor.type == "Organization" and actor.country:
                    aid = actor.country
            out[(p["label"], p["pattern"], aid)] = None
        for iso, entry in self._entries.items():
            if entry.actor.type != "State":
                continue
            demonym = self._demonym.get(iso)
            for slug, organ in self._organs.items():
                oid = iso if self.fold_organs else f"{iso}-{slug}"
                for noun in organ.get("ruler", organ["nouns"][:3]):
                    forms = _capitalisations(noun)
                    for form in forms:
                        if demonym:
                            out[("ORG", f"{demonym} {form}", oid)] = None
                        if form.split()[0].lower() in ("ministry", "minister", "government"):
                            out[("ORG", f"{form} of {self._of_label(iso)}", oid)] = None
                    out[("ORG", f"{entry.actor.label}'s {noun}", oid)] = None
        return [{"label": lab, "pattern": pat, "id": aid} for lab, pat, aid in out]

    # ------------------------------------------------------------------ RDF
    def actor_triples(self, actor: Actor) -> Iterator[tuple]:
        """The full RDF of an actor (see :meth:`_actor_triples`), computed once per actor."""
        described = self._described.get(actor)
        if described is None:
            described = self._described[actor] = tuple(self._actor_triples(actor))
        return iter(described)

    def _actor_triples(self, actor: Actor) -> Iterator[tuple]:
        """The full RDF of an actor: type, label, alt labels, country, ISO3, Wikidata link,
        organ and membership links and, for a person, each office as a ``dg:Tenure``.

        >>> gaz = load_gazetteer()
        >>> triples = list(gaz.actor_triples(gaz.get("nikol-pashinyan")))
        >>> sum(1 for s, p, o in triples if o == DG.Tenure) >= 1
        True
        """
        seen: set = set()

        def emit(triples: Iterable[tuple]):
            for t in triples:
                if t not in seen:
                    seen.add(t)
                    yield t

        node = to_rdf.actor_iri(actor.id)
        yield from emit(to_rdf.actor_triples(actor, self.get, alt_labels=self.names(actor.id)))
        if actor.type == "Organization" and actor.parent and actor.parent == actor.country:
            yield from emit([(node, DG.organOf, to_rdf.actor_iri(actor.parent))])
        if actor.type == "Organization" and actor.parent and actor.parent in self._entries:
            yield from emit(self._stub(actor.parent))
        if actor.type == "State":
            for org_id, entry in self._entries.items():
                if actor.id in entry.members:
                    yield from emit([(node, DG.memberOf, to_rdf.actor_iri(org_id))])
                    yield from emit(self._stub(org_id))
        for tenure in self.tenures(actor.id):
            tnode = RES["tenure/" + "/".join([actor.id, tenure.of, tenure.offices[0],
                                              tenure.start.isoformat() if tenure.start else "unknown"])]
            yield from emit([(node, DG.holds, tnode), (tnode, RDF.type, DG.Tenure),
                             (tnode, DG.officeOf, to_rdf.actor_iri(tenure.of))])
            for office in tenure.offices:
                yield from emit([(tnode, DG.office, Literal(office, datatype=XSD.string))])
            yield from emit([(tnode, RDFS.label, Literal(self._office_label(tenure)))])
            if tenure.start:
                yield from emit([(tnode, DG.startDate, Literal(tenure.start, datatype=XSD.date))])
            if tenure.end:
                yield from emit([(tnode, DG.endDate, Literal(tenure.end, datatype=XSD.date))])
            yield from emit(self._stub(tenure.of))

    def _stub(self, actor_id: str) -> Iterator[tuple]:
        """Type and label of an actor another one links to, so that every link has a typed target."""
        a = self.get(actor_id)
        yield from to_rdf.actor_triples(a, self.get)
        if a.type == "Organization" and a.parent and a.parent == a.country:
            yield to_rdf.actor_iri(a.id), DG.organOf, to_rdf.actor_iri(a.parent)


#: Words before a title that do not change whose office it is ("the acting President").
_TITLE_MODIFIERS = {"the", "former", "ex", "acting", "interim", "incumbent", "current", "then", "outgoing", "new", "newly elected",
                    "caretaker", "transitional"}
_HEAD_OFFICES = ("secretary_general", "president", "director_general", "chair", "high_commissioner",
                 "commissioner_general", "head_of_state", "head_of_government", "leader", "prosecutor", "head")


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


def _plain_pattern(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip())


def _capitalisations(noun: str) -> list[str]:
    """ "foreign ministry" -> ["foreign ministry", "Foreign Ministry"] (small words stay small)."""
    title = " ".join(w if w in ("of", "for", "the", "and") else w[:1].upper() + w[1:] for w in noun.split())
    return _unique([noun, title])


def _looks_like_name(text: str) -> bool:
    """Two to five capitalised words (particles such as "al-", "bin", "van" allowed)."""
    words = _plain(text).strip(_EDGE).split()
    if not 1 <= len(words) <= 5:
        return False
    caps = [w for w in words if w[:1].isupper()]
    small = {"al", "bin", "ibn", "van", "von", "der", "de", "da", "del", "la", "le", "el", "bint", "abu", "ben"}
    return len(caps) >= 1 and all(w[:1].isupper() or w.split("-")[0].lower() in small for w in words) \
        and len(words) >= 2


@functools.cache
def _load_gazetteer(data_dir: str | None, fold_organs: bool) -> Gazetteer:
    return Gazetteer(Path(data_dir) if data_dir else None, fold_organs=fold_organs)


def load_gazetteer(data_dir: Path | str | None = None, *, fold_organs: bool = False) -> Gazetteer:
    """The gazetteer of ``data_dir`` (default: the package data), built once per process.

    >>> load_gazetteer() is load_gazetteer()
    True
    """
    return _load_gazetteer(str(data_dir) if data_dir is not None else None, fold_organs)
