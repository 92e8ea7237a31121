"""Typed, frozen records passed between the layers of the pipeline.

``Article -> [ActorMention] -> [StanceMention] -> triples``: each layer is a pure function
from records to records; nothing here touches a graph.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

__all__ = ["ACTOR_TYPES", "Actor", "ActorMention", "Article", "StanceMention", "DiplographError", "slug", "codes"]

#: The four actor types of the JSON Lines contract (``NonState`` is ``dg:NonStateActor`` in RDF).
ACTOR_TYPES = ("State", "Person", "Organization", "NonState")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class DiplographError(Exception):
    """An error a user can act on; the CLI prints its message and exits non-zero."""


# Letters NFKD does not reduce to ASCII, transliterated (Greek and Cyrillic after ELOT 743 and
# the common news romanisation, some Latin letters); any other script falls back to a hash.
_TRANSLIT = str.maketrans({
    **dict(zip("αβγδεζηθικλμνξοπρσςτυφχψω",
               ["a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n", "x", "o", "p", "r", "s", "s",
                "t", "y", "f", "ch", "ps", "o"])),
    **dict(zip("абвгдежзийклмнопрстуфхцчшщъыьэюяіїєґў",
               ["a", "b", "v", "g", "d", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s", "t",
                "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "i", "i", "ye", "g", "u"])),
    "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ł": "l", "ı": "i", "ħ": "h",
})
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
#: Longest readable part of a slug, in characters (a longer name is cut and gets the hash).
SLUG_MAX = 120
_LETTERS = {"Lu", "Ll", "Lt", "Lo", "Nd", "Nl", "No"}  # modifier letters (Lm: the okina) are marks


def slug(name: str) -> str:
    """A stable, lower-case ASCII id for any name, in any script.

    Accents are dropped and Greek and Cyrillic are transliterated; when a letter of another
    script had to be dropped (or nothing readable is left), a short hash of the name is added,
    so two names never share an id by losing their letters. The same name always gives the
    same slug.

    >>> slug("Khalil al-Hayya"), slug("Πέτρος Παπαδόπουλος"), slug("Дмитрий Песков")
    ('khalil-al-hayya', 'petros-papadopoulos', 'dmitrii-peskov')
    >>> slug("Jonas Gahr Støre"), slug("习近平"), slug("Ahmed 李")
    ('jonas-gahr-store', 'name-92a054e84d', 'ahmed-ec18bc7b77')
    """
    folded = unicodedata.normalize("NFKD", name).casefold()
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = folded.replace("ου", "ou").translate(_TRANSLIT)
    readable = _NOT_SLUG.sub("-", folded).strip("-")
    lossy = len(readable) > SLUG_MAX or any(
        not c.isascii() and unicodedata.category(c) in _LETTERS for c in folded)
    readable = readable[:SLUG_MAX].strip("-")
    if readable and not lossy:
        return readable
    digest = hashlib.sha256(unicodedata.normalize("NFC", name).casefold().strip()
                            .encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{readable or 'name'}-{digest}"


@dataclass(frozen=True)
class Actor:
    """A canonical actor.

    ``id`` is a stable slug: the ISO 3166-1 alpha-3 code for a state (``"AZE"``), a lower-case
    slug otherwise (``"nikol-pashinyan"``, ``"unsc"``, ``"RUS-foreign-ministry"`` for an organ).
    ``parent`` is the id the actor rolls up into (a leader's or organ's state, an organ's
    organisation); ``office`` is a person's office on the date it was resolved for.

    >>> Actor("AZE", "Azerbaijan", "State", "AZE").to_json()["country"]
    'AZE'
    """

    id: str
    label: str
    type: str
    country: str | None = None
    qid: str | None = None
    parent: str | None = None
    office: str | None = None

    def __post_init__(self):
        if self.type not in ACTOR_TYPES:
            raise ValueError(f"actor type must be one of {ACTOR_TYPES}, not {self.type!r}")
        if not _ID.match(self.id):
            raise ValueError(f"actor id must be a slug, not {self.id!r}")
        if self.country is not None and not re.fullmatch(r"[A-Z]{3}", self.country):
            raise ValueError(f"country must be an ISO 3166-1 alpha-3 code, not {self.country!r}")

    def to_json(self) -> dict:
        return {"id": self.id, "label": self.label, "type": self.type, "country": self.country}


@dataclass(frozen=True)
class Article:
    """One article: its text, its publication date and where it came from."""

    text: str
    date: dt.date
    source: str = ""
    title: str | None = None
    url: str | None = None
    id: str | None = None       # the item's own id in a corpus (JSON Lines ``id``)
    speaker: str | None = None  # who the text speaks for, from metadata ("Ministry of Foreign Affairs of Japan")

    @property
    def name(self) -> str:
        """What names the article in output: its ``id``, else its ``url``, else where it was read from."""
        return self.id or self.url or self.source

    @property
    def hash(self) -> str:
        """SHA-256 of the text: the article's identity (the same text is the same article)."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ActorMention:
    """A stretch of text that names an actor."""

    start: int
    end: int
    text: str
    actor: Actor


@dataclass(frozen=True)
class StanceMention:
    """One extracted stance: ``subject relation object``, with its evidence."""

    subject: Actor
    relation: str
    object: Actor
    evidence: str
    start: int
    end: int
    date: dt.date
    confidence: float
    rule: str
    quote: str | None = None
    article: str = ""  # the article's content hash
    path: tuple[str, ...] = field(default=(), compare=False)  # the parse path, for `explain`

    def to_json(self) -> dict:
        """The JSON Lines contract read by the evaluation kit."""
        return {
            "subject": self.subject.to_json(),
            "relation": self.relation,
            "object": self.object.to_json(),
            "evidence": self.evidence,
            "start": self.start,
            "end": self.end,
            "date": self.date.isoformat(),
            "confidence": round(self.confidence, 3),
            "quote": self.quote,
            "rule": self.rule,
            "article": self.article,
            **codes(self.relation),
        }


def codes(relation: str) -> dict:
    """The event codes of a relation for JSON Lines: ``cameo`` and ``cameo_root`` as strings (``"040"``
    keeps its zero), ``goldstein``, ``quad_class``, ``plover_type`` and ``plover_mode`` (or None).

    >>> codes("consults")
    {'cameo': '040', 'cameo_root': '04', 'goldstein': 1.0, 'quad_class': 1, 'plover_type': 'CONSULT', 'plover_mode': None}
    """
    from diplograph.graph.ontology import relation_info  # late: the ontology reads a data file

    info = relation_info(relation)
    return {k: info[k] for k in ("cameo", "cameo_root", "goldstein", "quad_class", "plover_type", "plover_mode")}
