"""Acts and their authors: who did what a noun names, and what an act of force hits.

A stance toward an act is a stance toward its author (SPEC): "X's offensive", "the use of force by
X", "the Azerbaijani aggression", "the U.S.-led strikes", "the plan that X submitted"; an act of
force with no author in the text is the last attacker's. An act of force hits a named actor or a
population named by its owner or its place ("Israeli positions", "towns inside Armenia"), through
quantities and series ("dozens of Ukrainian facilities", "a wave of drone strikes").
"""

from __future__ import annotations

from diplograph.loaders.discourse import RELATIVE, Ref, same_side
from diplograph.loaders.records import Actor
from diplograph.loaders.tree import prep_objects

__all__ = ["Acts"]


class Acts:
    """The acts of one document, read through its :class:`~diplograph.loaders.discourse.Discourse`."""

    def __init__(self, disc):
        self.d = disc
        self.lex = disc.lex
        self._attackers: list[tuple[int, Actor, Actor | None]] = []  # (token index, attacker, target)

    def authors(self, tok, *, exclude: Actor | None = None, depth: int = 0) -> list[Ref]:
        """The author of an act named by a noun: "X's offensive", "the use of force by X",
        "Azerbaijani aggression", "the measures taken by X"; for an act of force with no author
        in the text, the last attacker the discourse knows."""
        if depth > 3:
            return []
        refs: list[Ref] = []
        if tok.lemma_.lower() not in self.lex.force_nouns and tok.lemma_.lower() not in self.lex.patient_nouns:
            # "the NATO applications of Finland and Sweden": "of" names who applies, the modifier the goal
            of_named = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                        for p in c.children if p.dep_ == "pobj" and p.i in self.d.named]
            if of_named and any(c.dep_ in ("compound", "amod") and c.i in self.d.named for c in tok.children):
                return [Ref(r.actor, "event-agent", 0.8) for p in of_named for r in self.d.refs(p)]
        # "their release": they are released; in "X's detention of Y" the "of" phrase undergoes it
        undergone = tok.lemma_.lower() in self.lex.patient_nouns and not prep_objects(tok, "of")
        for child in tok.children:
            if child.dep_ == "poss" and not undergone:
                refs += [Ref(r.actor, "event-agent", 0.85) for r in self.d._single(child, allow_event=False, exclude=None)]
            elif child.dep_ == "poss":
                continue
            elif child.dep_ in ("amod", "compound", "nmod") and child.i in self.d.named:
                refs.append(Ref(self.d.named[child.i], "event-agent", 0.85))
            elif child.dep_ in ("prep", "agent") and child.lower_ in ("by", "through", "from"):
                for p in child.children:
                    if p.dep_ == "pobj":
                        refs += [Ref(r.actor, "event-agent", 0.85) for r in self.d.refs(p)]
            elif child.dep_ == "acl":  # "the measures taken by X", "an offensive carried out by X"
                for a in child.children:
                    if a.dep_ in ("agent", "prep") and a.lower_ in ("by", "through"):
                        for p in a.children:
                            if p.dep_ == "pobj":
                                refs += [Ref(r.actor, "event-agent", 0.85) for r in self.d.refs(p)]
            elif child.dep_ == "relcl" and child.lemma_.lower() in self.lex.doing_verbs:
                # "the plan that Iran submitted", "the strikes which X carried out"
                refs += [Ref(r.actor, "event-agent", 0.8) for s in child.children if s.dep_ == "nsubj"
                         and s.lower_ not in RELATIVE for r in self.d.refs(s)]
            if child.dep_ in ("amod", "compound", "nmod", "npadvmod") and not refs:
                parts = self.hyphen_parts(child)
                if parts is not None and parts[1] in self.lex.author_participles:  # "the U.S.-led strikes"
                    refs.append(Ref(parts[0], "event-agent", 0.85))
        governor = tok.head if tok.dep_ == "dobj" else tok.head.head if tok.dep_ == "pobj" else None
        if not refs and governor is not None and depth <= 1 and governor.pos_ in ("VERB", "AUX", "NOUN") and not any(
                c.dep_ in ("nsubjpass", "auxpass") for c in governor.children):
            # "condemned the strikes by X on Y", "condemnation of the invasion of Z by X": the parser
            # hung the by-phrase on the verb or the noun that governs the act
            for child in governor.children:
                if child.dep_ == "prep" and child.lower_ == "by" and child.i > tok.i:
                    refs += [Ref(r.actor, "event-agent", 0.8) for p in child.children if p.dep_ == "pobj"
                             for r in self.d.refs(p)]
        if not refs and not undergone:
            # "North Korea's ICBM launch" parsed as a clause: a possessor inside the phrase, not behind a preposition
            for t in tok.subtree:
                if t.dep_ == "poss" and t.i < tok.i and self._no_prep_between(t, tok):
                    refs += [Ref(r.actor, "event-agent", 0.75) for r in self.d._single(t, allow_event=False, exclude=None)]
                    break
        if refs:
            return refs
        undergoer = tok.lemma_.lower() in self.lex.patient_nouns  # "the release of X": X is released
        for child in tok.children:  # "the cessation of the offensive", "the surrender of X"
            if child.dep_ == "prep" and child.lower_ == "of" and not undergoer:
                for p in child.children:
                    if p.dep_ == "pobj":
                        if p.lemma_.lower() in self.lex.population_nouns:
                            continue
                        if p.i in self.d.named or p.pos_ == "PRON":
                            return [Ref(r.actor, "event-agent", 0.75) for r in self.d.refs(p)]
                        inner = self.authors(p, exclude=exclude, depth=depth + 1)
                        if inner:
                            return inner
        if tok.lemma_.lower() in self.lex.force_nouns or tok.lower_ in self.lex.force_nouns:
            return [Ref(a, "attacker", 0.65) for a in self.last_attackers(tok.i, exclude=exclude)]
        return []

    def hyphen_parts(self, tok):
        """``(actor, participle)`` for a hyphen compound modifier: "Iran-backed" -> (Iran, "backed");
        one token ("U.S.-led") or three ("UN", "-", "facilitated")."""
        text = tok.text
        if "-" in text.strip("-") and tok.dep_ in ("amod", "compound", "nmod", "npadvmod"):
            first, _, last = text.rpartition("-")
            actor = self.d.gaz.resolve(first, self.d.date)
            return (actor, last.lower()) if actor is not None and last.isalpha() else None
        if tok.i >= 2 and tok.doc[tok.i - 1].text == "-" and tok.tag_ in ("VBN", "JJ", "VBD"):
            prev = tok.doc[tok.i - 2]
            if prev.i in self.d.named:
                return self.d.named[prev.i], tok.lower_
        return None

    @staticmethod
    def _no_prep_between(inner, outer) -> bool:
        node = inner
        while node.i != outer.i and node.head.i != node.i:
            if node.dep_ in ("pobj", "prep", "relcl", "acl", "appos"):
                return False
            node = node.head
        return node.i == outer.i

    def note_attack(self, i: int, attacker: Actor, target: Actor | None) -> None:
        self._attackers.append((i, attacker, target))

    def last_attackers(self, i: int, exclude: Actor | None = None) -> list[Actor]:
        """The attacker(s) of the latest act of force before token ``i`` (not ``exclude``)."""
        found, at = [], None
        for j, attacker, _ in reversed(self._attackers):
            if j >= i or (exclude is not None and same_side(attacker, exclude)):
                continue
            if at is None:
                at = j
            if j != at:
                break
            if attacker not in found:
                found.append(attacker)
        return found

    def targets(self, tok, depth: int = 0) -> list[Ref]:
        """The actor an act of force hits: a named actor, or a population named by its demonym or
        place ("Israeli civilians", "the people of Gaza", "towns inside Armenia"); a quantity or a
        series is looked through ("dozens of Ukrainian military facilities")."""
        refs = self.d.refs(tok)
        if refs or tok.pos_ not in ("NOUN", "PROPN", "NUM") or depth > 2:
            return refs
        inner = self.contents(tok)
        if inner is not None:
            return self.targets(inner, depth + 1)
        out: list[Ref] = []
        for t in [tok, *[c for c in tok.conjuncts if c.i > tok.i]]:
            out += self._target(t)
        return list({r.actor.id: r for r in out}.values())

    def _target(self, tok, depth: int = 0) -> list[Ref]:
        # "Ukraine's energy infrastructure", "Israeli positions", "U.S. and British vessels"
        for child in tok.children:
            if child.dep_ in ("poss", "amod", "compound", "nmod") and child.i in self.d.named:
                return [Ref(r.actor, "population", 0.8) for r in self.d.refs(child)]
            if child.dep_ == "poss" and child.pos_ == "PRON":
                return [Ref(r.actor, "population", 0.7) for r in self.d.refs(child)]
            parts = self.hyphen_parts(child) if child.dep_ in ("amod", "compound", "nmod", "npadvmod") else None
            if parts is not None and parts[1] in self.lex.control_participles:  # "Houthi-controlled areas"
                return [Ref(parts[0], "population", 0.7)]
        places = prep_objects(tok, "of", "in", "inside", "across", "near")
        found = [Ref(r.actor, "population", 0.75) for p in places
                 for r in self.d.refs(p) if r.actor.type in ("State", "NonState")]
        if not found and depth < 1:  # "targets in Houthi-controlled areas"
            found = [r for p in places for r in self._target(p, depth + 1)]
        return found

    def contents(self, tok):
        """The noun inside a quantity or a series: "dozens of X", "a wave of X", "90 drones" -> X."""
        if tok.lemma_.lower() in self.lex.quantity_nouns or tok.pos_ == "NUM":
            for p in prep_objects(tok, "of"):
                return p
        return None

    def is_force(self, tok) -> bool:
        """Whether ``tok`` names an act of force or a weapon fired (through a quantity: "a wave of strikes")."""
        inner = self.contents(tok)
        if inner is not None:
            return self.is_force(inner)
        return any(t.lemma_.lower() in self.lex.force_nouns or t.lemma_.lower() in self.lex.weapon_nouns
                   for t in (tok, *tok.conjuncts))
