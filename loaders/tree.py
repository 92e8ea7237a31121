"""Small questions asked of a spaCy dependency parse, shared by the extraction modules."""

from __future__ import annotations

__all__ = ["children", "is_passive", "prep_objects", "verbal"]


def children(tok, *deps):
    return [c for c in tok.children if c.dep_ in deps]


def prep_objects(tok, *preps: str):
    """The objects of the prepositions ``preps`` on ``tok`` ("called on X" -> X)."""
    out = []
    for child in tok.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ in preps:
            out += [p for p in child.children if p.dep_ in ("pobj", "pcomp")]
    return out


def verbal(tok) -> bool:
    """A verb, or a word the tagger missed as one ("deeming" tagged NN but heading a clause)."""
    return tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB") or any(
        c.dep_ in ("dobj", "nsubj", "nsubjpass", "xcomp", "ccomp", "aux") for c in tok.children)


def is_passive(tok) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
