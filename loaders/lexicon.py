"""The stance lexicon (``data/lexicon.yaml``), validated against a schema when loaded."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jsonschema
import yaml

from diplograph.graph.ontology import RELATIONS
from diplograph.loaders.records import DiplographError

__all__ = ["Lexicon", "load_lexicon"]

_FRAME = {
    "type": "object",
    "properties": {
        "relation": {"enum": list(RELATIONS)},
        "object": {"type": "array", "items": {"type": "string", "pattern": "^(dobj|for|clause|prep:[a-z]+)$"}},
        "control": {"type": "boolean"},
        "require_control": {"type": "boolean"},
        "require_actor": {"type": "boolean"},
        "not_with": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["relation"],
    "additionalProperties": False,
}
_WORDS = {"type": "array", "items": {"type": "string", "minLength": 1}}
_SLOT = {"type": "string", "pattern": "^(dobj|for|clause|prep:[a-z]+)$"}
_SLOTS = {"type": "object", "propertyNames": {"enum": list(RELATIONS)},
          "additionalProperties": {"type": "array", "items": _SLOT, "minItems": 1}}
SCHEMA = {
    "type": "object",
    "properties": {
        "verbs": {"type": "object", "additionalProperties": _FRAME},
        "reply_nouns": {"type": "object", "additionalProperties": {
            "type": "array", "items": {"enum": list(RELATIONS)}, "minItems": 1}},
        "phrasal": {"type": "object", "additionalProperties": _FRAME},
        "nouns": {"type": "object", "additionalProperties": _FRAME},
        "verb_slots": _SLOTS,
        "noun_slots": _SLOTS,
        **{key: _WORDS for key in (
            "speech_verbs", "evaluation_verbs", "negative_adjectives", "force_nouns", "launch_verbs",
            "crime_nouns", "obligation_modals", "hypothetical_modals", "hypothetical_governors",
            "role_nouns", "group_nouns", "population_nouns", "symmetric_consults", "member_nouns", "group_modifiers", "hit_verbs", "mediator_nouns", "organisation_anaphors", "patient_nouns", "negative_nouns", "reciprocal_attacks", "reaction_verbs", "accusation_verbs", "negative_adverbs", "disputing_adverbs", "doing_verbs", "author_participles", "government_nouns", "private_nouns", "weapon_nouns", "quantity_nouns", "brokering_verbs", "acts_not_attacks", "group_anaphors", "answer_verbs", "control_participles", "wrongdoing_verbs", "culpability_adjectives", "entitlement_nouns", "excuse_nouns", "position_verbs", "position_nouns")},
    },
    "required": ["verbs", "nouns", "verb_slots", "noun_slots"],
    "additionalProperties": False,
}


@dataclass(frozen=True)
class Lexicon:
    verbs: dict
    phrasal: dict
    nouns: dict
    reply_nouns: dict
    verb_slots: dict
    noun_slots: dict
    speech_verbs: frozenset
    evaluation_verbs: frozenset
    negative_adjectives: frozenset
    force_nouns: frozenset
    launch_verbs: frozenset
    crime_nouns: frozenset
    obligation_modals: frozenset
    hypothetical_modals: frozenset
    hypothetical_governors: frozenset
    role_nouns: frozenset
    group_nouns: frozenset
    population_nouns: frozenset
    symmetric_consults: frozenset
    member_nouns: frozenset
    group_modifiers: frozenset
    hit_verbs: frozenset
    mediator_nouns: frozenset
    organisation_anaphors: frozenset
    patient_nouns: frozenset
    negative_nouns: frozenset
    reciprocal_attacks: frozenset
    reaction_verbs: frozenset
    accusation_verbs: frozenset
    negative_adverbs: frozenset
    disputing_adverbs: frozenset
    doing_verbs: frozenset
    author_participles: frozenset
    government_nouns: frozenset
    private_nouns: frozenset
    weapon_nouns: frozenset
    quantity_nouns: frozenset
    brokering_verbs: frozenset
    acts_not_attacks: frozenset
    group_anaphors: frozenset
    answer_verbs: frozenset
    control_participles: frozenset
    wrongdoing_verbs: frozenset
    culpability_adjectives: frozenset
    entitlement_nouns: frozenset
    excuse_nouns: frozenset
    position_verbs: frozenset
    position_nouns: frozenset

    @functools.cached_property
    def phrasal_index(self) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
        """verb -> [(phrasal key, the words after the verb)]"""
        index: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for key in self.phrasal:
            verb, *rest = key.split()
            index.setdefault(verb, []).append((key, tuple(rest)))
        return index

    @functools.cached_property
    def noun_heads(self) -> frozenset:
        """The nouns of "noun preposition" keys ("call to" -> "call")."""
        return frozenset(k.split()[0] for k in self.nouns)

    @classmethod
    def from_dict(cls, data: dict, source: str = "lexicon") -> Lexicon:
        try:
            jsonschema.validate(data, SCHEMA)
        except jsonschema.ValidationError as err:
            where = "/".join(str(p) for p in err.absolute_path) or "top level"
            raise DiplographError(f"{source}: invalid lexicon at {where}: {err.message}") from None
        sets = {k: frozenset(w.lower() for w in data.get(k, [])) for k in SCHEMA["properties"]
                if k not in ("verbs", "phrasal", "nouns", "reply_nouns", "verb_slots", "noun_slots")}
        missing = [r for r in RELATIONS for k in ("verb_slots", "noun_slots") if r not in data[k]]
        if missing:
            raise DiplographError(f"{source}: invalid lexicon: no default slots for {', '.join(sorted(set(missing)))}")
        return cls(verbs=data["verbs"], phrasal=data.get("phrasal", {}), nouns=data["nouns"],
                   reply_nouns=data.get("reply_nouns", {}), verb_slots=data["verb_slots"],
                   noun_slots=data["noun_slots"], **sets)


def lexicon_path(path: str | None = None):
    """The lexicon file to read: ``path``, else ``$DIPLOGRAPH_LEXICON``, else the bundled one."""
    path = path or os.environ.get("DIPLOGRAPH_LEXICON")
    return Path(path) if path else resources.files("diplograph.loaders") / "data" / "lexicon.yaml"


def load_lexicon(path: str | None = None) -> Lexicon:
    """Load and validate the lexicon (``path``, else ``$DIPLOGRAPH_LEXICON``, else the bundled one).

    >>> load_lexicon().verbs["condemn"]["relation"]
    'condemns'
    """
    return _load_lexicon(str(lexicon_path(path)))


@functools.cache
def _load_lexicon(path: str) -> Lexicon:
    source = Path(path)
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise DiplographError(f"{source}: cannot read lexicon: {err}") from None
    return Lexicon.from_dict(data or {}, str(source))
