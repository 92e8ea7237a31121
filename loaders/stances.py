"""Stance rules over the spaCy parse: triggers from the lexicon -> :class:`StanceMention` records.

Every rule is linguistic and general; the words it reasons with are in ``data/lexicon.yaml``.
No rule walks the tree for its own arguments: who acts and who undergoes comes from the one
argument layer (:mod:`~diplograph.loaders.arguments`: agents, patients, holders of a clause),
the author and target of an act from :mod:`~diplograph.loaders.acts`, and whether a trigger is
asserted at all from :mod:`~diplograph.loaders.assertion`. The rules, each named in the ``rule``
of what it produces:

``verb``        a stance verb ("X condemned Y", "Y was condemned by X", "the rebels, backed by X")
``phrasal``     a verb with the words that make it a stance ("X called on Y", "X took Y to task")
``noun``        a stance noun and its owner or light verb ("X's support for Y", "X made a plea to Y")
``broker``      a brokering verb with talks or a deal between two parties, or two guests for talks -> mediates
``evaluation``  a judgement of an act ("X called the blockade by Y unacceptable", "... a genocide" -> accuses)
``evaluative-np`` an act or a government qualified negatively in what X says ("the illegal offensive by Y")
``obligation``  an obligation in a speaker's voice ("X ruled that Y must cease", "Y must withdraw") -> demands
``crime``       a wrongdoing named with its author in a speaker's voice ("an act of aggression by X") -> accuses
``predicate``   a predicate asserted in a speaker's voice: a wrongdoing ("Y has violated the truce",
                "Y is responsible for ...", "X says that Y carried out acts of terrorism") -> accuses;
                a right ("Y has every right to defend itself") -> supports
``launch``      launching an act or firing weapons ("X launched an offensive in Y", "X fired missiles at Y") -> attacks
``force-noun``  an act of force with its author and target ("the attack on X by Y", "Y's strikes hit X")
``copula``      a judgement in the copula ("Restrictions by X are unacceptable", "no justification for X's act")
``position``    a position shared: "X takes this position alongside A and B" -> A, B hold X's last stances (A9)
``symmetric``   consultation among coordinated subjects or between named parties ("talks between X and Y")
``mediator``    a mediator noun ("Qatar, a key mediator between X and Y", "X, as facilitators")
``reciprocal``  fighting among coordinated subjects ("X and Y clashed"); "each other" gives every pair

A stance verb with no object of its own may answer an earlier stance ("X rejected the accusations"
-> X rejects whoever accused X) or, for mediation, take the pair of parties nearest in the text.
"""

from __future__ import annotations

from dataclasses import dataclass

from diplograph.loaders.arguments import Arguments
from diplograph.loaders.assertion import not_asserted
from diplograph.loaders.dates import stance_date
from diplograph.loaders.discourse import Discourse, Ref, same_side
from diplograph.loaders.records import StanceMention
from diplograph.loaders.tree import children, is_passive, prep_objects, verbal

__all__ = ["extract_stances", "Candidate", "in_text_order", "keep_strongest"]


#: parts of speech that never trigger a rule
_NO_TRIGGER = frozenset({"DET", "ADP", "PUNCT", "CCONJ", "SCONJ", "PART", "SPACE", "NUM", "PRON", "SYM", "X", "INTJ"})


@dataclass
class Candidate:
    subject: Ref
    relation: str
    object: Ref
    trigger: object  # spacy Token
    rule: str
    path: tuple[str, ...]


def _arcs(tok) -> str:
    """The trigger's place in the parse, for ``explain``: "condemned/VBD <-ROOT- ; nsubj:Macron dobj:use"."""
    head = "ROOT" if tok.head.i == tok.i else f"{tok.dep_}- {tok.head.text}"
    kids = " ".join(f"{c.dep_}:{c.text}" for c in tok.children if c.dep_ not in ("punct", "det", "cc"))
    return f"{tok.text}/{tok.tag_} <-{head} ; {kids}".rstrip(" ;")


class _Rules:
    """The rules of one document; results come out in text order."""

    def __init__(self, disc: Discourse):
        self.d = disc
        self.lex = disc.lex
        self.a = Arguments(disc)
        self.history: list[Candidate] = []  # every stance found so far, in text order

    def answered(self, tok, subjects) -> list[tuple[Ref, str]]:
        """ "X rejected the accusations / the criticism", "a charge X denied": the author of the latest
        such stance toward X."""
        answered = children(tok, "dobj") or ([tok.head] if tok.dep_ == "relcl" else [])
        for obj in answered:
            relations = self.lex.reply_nouns.get(obj.lemma_.lower())
            if not relations or any(c.dep_ == "poss" or c.lower_ == "by" for c in obj.children):
                continue
            for c in reversed(self.history):
                if c.relation in relations and any(same_side(c.object.actor, s.actor) for s in subjects):
                    return [(Ref(c.subject.actor, "answered", 0.7), "answered")]
        return []

    def orphan_object(self, tok, exclude=None) -> list[tuple[Ref, str]]:
        """A verb the parser left with no object ("X, for his part, condemned, via a statement,
        the use of force by Y"): the first act or actor after it in the sentence, low confidence."""
        for t in tok.doc[tok.i + 1: tok.sent.end]:
            if t.lemma_.lower() in self.lex.force_nouns or t.i in self.d.named:
                if t.dep_ == "pobj" and t.head.lower_ in ("in", "at", "to", "from", "near", "via", "through", "by"):
                    continue
                refs = [r for r in self.d.refs(t, allow_event=True, exclude=exclude)
                        if exclude is None or not same_side(r.actor, exclude)]
                if refs:
                    return [(Ref(r.actor, r.how, r.confidence * 0.7), "orphan") for r in refs]
        return []

    # ------------------------------------------------------------------ filters
    def dropped(self, tok) -> str | None:
        return not_asserted(tok, self.lex)

    # ------------------------------------------------------------------ rules
    def run(self, sent) -> list[Candidate]:
        out: list[Candidate] = []
        for tok in sent:
            found = self.at(tok)
            _remember(self.d, found)
            self.history += found
            out += found
        return out

    def at(self, tok) -> list[Candidate]:
        """The candidates triggered at one token."""
        if tok.pos_ in _NO_TRIGGER:
            return []  # determiners, prepositions, punctuation... trigger nothing: skip the tree walks
        out: list[Candidate] = []
        lemma = tok.lemma_.lower()
        if verbal(tok):
            lemma = self.a.verb_lemma(tok)
            out += self.verb_rule(tok, lemma)
            if lemma in self.lex.evaluation_verbs:
                out += self.evaluation_rule(tok)
            if lemma in self.lex.launch_verbs:
                out += self.launch_rule(tok)
            out += self.predicate_rule(tok)
            if any(c.dep_ == "aux" and c.lower_ in self.lex.obligation_modals for c in tok.children):
                out += self.obligation_rule(tok)
        elif tok.pos_ in ("NOUN", "PROPN"):
            if not tok.ent_type_ and (lemma in self.lex.nouns or lemma in self.lex.noun_heads):
                out += self.noun_rule(tok, lemma)
            word = tok.lower_
            if tok.i >= 2 and tok.doc[tok.i - 1].text == "-":  # "go - between"
                word = f"{tok.doc[tok.i - 2].lower_}-{word}"
            if word in self.lex.mediator_nouns or lemma in self.lex.mediator_nouns:
                out += self.mediator_rule(tok)
            if lemma in self.lex.force_nouns or lemma in self.lex.government_nouns:
                out += self.evaluative_np_rule(tok)
            if lemma in self.lex.force_nouns:
                out += self.force_noun_rule(tok)
            if lemma in self.lex.crime_nouns or tok.lower_ in self.lex.crime_nouns:
                out += self.crime_noun_rule(tok)
        if lemma in self.lex.position_verbs and verbal(tok):
            out += self.position_rule(tok)
        if lemma == "be":
            out += self.copula_rule(tok)
        if lemma in self.lex.symmetric_consults:
            out += self.symmetric_rule(tok)
        if lemma in self.lex.reciprocal_attacks and (tok.dep_ == "dobj" or verbal(tok)):
            out += self.reciprocal_rule(tok)
        return out

    def _pairs(self, tok, subjects, objects, relation, rule, path):
        out = []
        if subjects and objects:
            path = (*path, "parse " + _arcs(tok))
        for s in subjects:
            if s.how == "population":
                continue  # "Ukrainian refugees praised X": a population holds no stance of its state
            speaker = ()
            if s.how in ("voice", "narrator", "speaker"):
                v = self.d.voice(tok) if s.how != "speaker" else None
                speaker = (f"speaker {v.describe() if v is not None else 'the speaker of the quotation or report'}",)
            for o, slot in objects:
                if o.how == "population" and relation not in ("attacks", "threatens", "supports"):
                    continue  # "criticised the Palestinians" is no stance toward Palestine; solidarity is (A10)
                if not same_side(s.actor, o.actor):
                    out.append(Candidate(s, relation, o, tok, rule, (*path, *speaker, f"subject {s.how}:{s.actor.id}",
                                                                     f"object {slot}/{o.how}:{o.actor.id}")))
        return out

    def verb_rule(self, tok, lemma) -> list[Candidate]:
        if lemma in self.lex.brokering_verbs and not self.dropped(tok):
            subjects = self.a.agents(tok)
            brokered = self.brokered(tok, subjects) if subjects else None
            if brokered is not None:
                return brokered
        rule = "verb"
        found = self.a.phrasal(tok, lemma)
        if found is not None:
            _, frame, slots = found
            rule = "phrasal"
        else:
            frame = self.lex.verbs.get(lemma)
            if frame is None:
                return []
            slots = frame.get("object") or self.lex.verb_slots[frame["relation"]]
        if frame.get("require_control") and not children(tok, "xcomp", "ccomp"):
            return []
        blocked = set(frame.get("not_with", ()))
        if blocked and any(c.dep_ in blocked or (c.dep_ == "prep" and c.lower_ in blocked) for c in tok.children):
            return []
        if self.dropped(tok):
            return []
        subjects = self.a.agents(tok)
        if not subjects:
            return []
        relation = frame["relation"]
        if self.a.reciprocal(tok):  # "X and Y accused each other": each of the others
            return [c for s in subjects for c in self._pairs(
                tok, [s], [(o, "each-other") for o in subjects if o is not s], relation, rule,
                (f"trigger {rule}:{tok.text}", "reciprocal"))]
        objects = self.a.patients(tok, slots, require_actor=bool(frame.get("require_actor")),
                                  exclude=subjects[0].actor)
        if rule == "phrasal" and not objects and "dobj" not in slots:
            objects = self.a.patients(tok, ["dobj"], exclude=subjects[0].actor)
        if not objects and not any(c.dep_ in ("dobj", "prep", "agent", "ccomp", "xcomp", "nsubjpass") for c in tok.children):
            objects = self.orphan_object(tok, exclude=subjects[0].actor)
        if not objects and frame["relation"] in ("rejects", "condemns"):
            objects = self.answered(tok, subjects)
        if not objects and relation == "threatens":
            # "threatened to annex part of X", "threatened to fire missiles at X's bases"
            for x in children(tok, "xcomp"):
                objects += [(r, "threatened") for d in children(x, "dobj") for r in self.d.acts.targets(d)]
                objects += [(r, "threatened") for d in prep_objects(x, "at", "on", "against", "into")
                            for r in self.d.acts.targets(d)]
        if not objects and relation == "mediates":  # "talks brokered by X": the parties nearby
            objects = [(r, "group") for r in self._recent_pair(tok, subjects)]
        if relation == "attacks" and not objects:  # "shelled towns inside X", "struck dozens of X facilities"
            hit = children(tok, "dobj") or (children(tok, "nsubjpass") if is_passive(tok) else [])
            objects = [(r, "target") for t in hit for r in self.d.acts.targets(t)]
            if hit and not objects:  # "shelled villages inside X": the place the targets are in
                objects = [(r, "target-place") for p in prep_objects(tok, "in", "inside", "across")
                           for r in self.d.refs(p) if r.actor.type in ("State", "NonState")]
        if relation == "attacks" and not objects and len(subjects) == 1:
            # "X attacked a ship": X is the attacker all the same ("X and Y fought" names no aggressor)
            self.d.acts.note_attack(tok.i, subjects[0].actor, None)
        return self._pairs(tok, subjects, objects, relation, rule, (f"trigger {rule}:{tok.text}",))

    def noun_rule(self, tok, lemma) -> list[Candidate]:
        frame = next((self.lex.nouns[f"{lemma} {c.lower_}"] for c in tok.children
                      if c.dep_ == "prep" and f"{lemma} {c.lower_}" in self.lex.nouns), None) or self.lex.nouns.get(lemma)
        if frame is None or self.dropped(tok):
            return []
        slots = frame.get("object") or self.lex.noun_slots[frame["relation"]]
        subjects = self.a.agents(tok, of_agent="prep:of" not in slots)
        if not subjects:
            return []
        objects = self.a.patients(tok, slots, exclude=subjects[0].actor)
        if not objects and tok.dep_ == "pobj" and tok.head.lower_ == "with":
            # "X, with support from A, conducted ...": A supports X (SPEC B12)
            objects = [(r, "with") for r in self.a.agents(tok.head.head)]
        if not objects and frame["relation"] == "mediates":
            objects = [(r, "group") for r in self._recent_pair(tok, subjects)]
        if not objects and tok.head.lemma_.lower() in self.lex.reaction_verbs:
            # "X fired a missile, prompting condemnation from Y": the reaction is to X
            objects = [(r, "reaction") for r in self.a.agents(tok.head)]
        if not objects and tok.dep_ == "dobj" and frame["relation"] in ("demands", "appeals", "accuses", "threatens"):
            # "X rejected Y's demand", "X heeded Y's call": the one who answers is the one addressed
            objects = [(r, "answering") for r in self.a.agents(tok.head) if not any(
                same_side(r.actor, s.actor) for s in subjects)]
        if not objects and frame["relation"] == "consults" and tok.dep_ == "pobj" and tok.head.lower_ in ("during", "in"):
            # "X pressed Y during a phone call": the call was with the one the clause addresses
            objects = [(r, "during") for o in children(tok.head.head, "dobj") for r in self.d.refs(o)]
        return self._pairs(tok, subjects, objects, frame["relation"], "noun", (f"trigger noun:{tok.text}",))

    def brokered(self, tok, subjects) -> list[Candidate] | None:
        """ "X hosted / arranged / secured talks (a truce) between A and B" -> X mediates A and B;
        "X hosted A and B for talks" -> X mediates A and B, and A consults B. None when the verb
        names no pair of parties."""
        parties = [r for p in self.a.prep_holders(tok, "between") for r in self.d.refs(p)]
        path = (f"trigger broker:{tok.text}",)
        if len(parties) >= 2:
            return self._pairs(tok, subjects, [(r, "between") for r in parties], "mediates", "broker", path)
        guests = [r for o in children(tok, "dobj") for r in self.d.refs(o)]
        talks = [p for p in prep_objects(tok, "for") if p.lemma_.lower() in self.lex.symmetric_consults]
        if len(guests) >= 2 and talks:
            return (self._pairs(tok, subjects, [(r, "hosted") for r in guests], "mediates", "broker", path)
                    + self._pairs(tok, [guests[0]], [(r, "hosted") for r in guests[1:]], "consults", "broker", path))
        return None

    @staticmethod
    def _parties(members, holders) -> bool:
        """Whether a group is a pair of parties (no person) of which none of ``holders`` is one."""
        return len(members) == 2 and not any(
            m.type == "Person" or any(same_side(m, h.actor) for h in holders) for m in members)

    def _recent_pair(self, tok, holders=()) -> list[Ref]:
        """The latest pair of parties (states or armed groups) before ``tok``, none of ``holders``."""
        for _, members in self.d.groups_before(tok.i):
            if self._parties(members, holders):
                return [Ref(m, "group", 0.6) for m in members]
        return []

    def mediator_rule(self, tok) -> list[Candidate]:
        """ "Qatar, a key mediator, ...", "X and Y, as facilitators of ...", "Egypt is a mediator
        between X and Y" -> X mediates between the parties (named with "between", else the pair of
        parties nearest in the text)."""
        if tok.dep_ == "appos":
            holders = self.d.refs(tok.head)
        elif tok.dep_ == "pobj" and tok.head.lower_ == "as":
            anchor = tok.head.head
            holders = self.a.agents(anchor) if verbal(anchor) else self.d.refs(anchor)
        elif tok.dep_ == "attr":
            holders = [r for c in children(tok.head, "nsubj") for r in self.d.refs(c)]
        elif tok.dep_ == "nsubj":  # "Egyptian mediators secured a truce between X and Y"
            holders = [r for c in tok.children if c.dep_ in ("amod", "compound", "poss") for r in self.d.refs(c)]
        else:
            return []
        if not holders or self.dropped(tok):
            return []
        anchor = tok.head if tok.dep_ == "nsubj" else tok
        parties = [(r, f"prep:{prep}") for prep in ("between", "among", "for")
                   for p in self.a.prep_holders(anchor, prep) for r in self.d.refs(p)]
        if not parties:
            pair = self._recent_pair(tok, holders) or self._next_pair(tok, holders)
            parties = [(r, "group") for r in pair]
        return self._pairs(tok, holders, parties, "mediates", "mediator", (f"trigger mediator:{tok.text}",))

    def _next_pair(self, tok, holders) -> list[Ref]:
        """The first pair of coordinated parties named in the next two sentences, none of ``holders``."""
        last = self.d.sent_of[tok.i] + 2
        for i, members in sorted(self.d.groups, key=lambda g: g[0]):
            if i > tok.i and self.d.sent_of.get(i, last + 1) <= last and self._parties(members, holders):
                return [Ref(m, "group", 0.55) for m in members]
        return []

    def evaluation_rule(self, tok) -> list[Candidate]:
        """ "X deemed / called / considered <act> <negative adjective>" -> X condemns the act's author."""
        objs = children(tok, "dobj") or [c for c in children(tok, "ccomp") if c.pos_ in ("NOUN", "PROPN")]
        if not objs or self.dropped(tok):
            return []
        negative = self.lex.negative_adjectives
        obj = objs[0]
        judged = [c for c in (*obj.children, *tok.children)
                  if c.dep_ in ("amod", "oprd", "acomp", "ccomp", "xcomp") and c.lemma_.lower() in negative]
        judged += [c for c in (*tok.children, *obj.children)  # "called X's move a provocation"
                   if c.dep_ in ("oprd", "dobj", "attr") and c.i != obj.i and c.lemma_.lower() in self.lex.negative_nouns]
        if not judged:
            return []
        relative = obj.lower_ in ("which", "that") and tok.dep_ == "relcl"
        if relative:
            obj = tok.head  # "the launch, which X called a provocation"
        subjects = self.a.agents(tok)
        targets = [(r, "evaluated") for r in self.d.acts.authors(obj)]
        if relative and not targets and obj.dep_ == "dobj":
            # "Y tested a missile, which X called a provocation": what Y did with it
            targets = [(r, "evaluated") for r in self.a.agents(obj.head)]
        # calling an act a crime ("a genocide", "terrorism") accuses its author (B8)
        relation = "accuses" if any(j.lemma_.lower() in self.lex.crime_nouns for j in judged) else "condemns"
        return self._pairs(tok, subjects, targets, relation, "evaluation", (f"trigger evaluation:{tok.text}",
                                                                            f"judged {judged[0].text}"))

    def evaluative_np_rule(self, tok) -> list[Candidate]:
        """An act or a government qualified as "illegal", "illegitimate"... in what X says or asks
        -> X condemns its author, or that government (SPEC B7: "their illegal strikes", "the
        illegitimate X regime"). X is the agent of the clause the phrase is in, else its holder."""
        negative = self.lex.negative_adjectives
        if not any(c.dep_ in ("amod", "conj") and c.lemma_.lower() in negative for c in tok.children):
            return []
        if tok.head.lemma_.lower() in self.lex.evaluation_verbs:
            return []  # the evaluation rule covers "deem X illegal"
        node, speaker_verb = tok.head, None
        for _ in range(8):
            if node.pos_ in ("VERB", "AUX") and (children(node, "nsubj") or node.dep_ in ("pcomp", "ROOT")):
                speaker_verb = node
                if children(node, "nsubj"):
                    break
            if node.head.i == node.i:
                break
            node = node.head
        if speaker_verb is None or self.dropped(speaker_verb):
            return []
        inside = {t.i for s in children(speaker_verb, "nsubj", "nsubjpass") for t in s.subtree}
        says = self.a.verb_lemma(speaker_verb)
        speaking = says in self.lex.verbs or says in self.lex.speech_verbs or says in self.lex.phrasal_index
        # the subject of a verb that takes a stance or speaks judges; "who are resisting an illegal
        # invasion" is the holder's judgement, not the resisters'
        subjects = self.a.agents(speaker_verb) if speaking and tok.i not in inside else []
        subjects = subjects or self.a.holder(speaker_verb)
        if tok.lemma_.lower() in self.lex.government_nouns:  # "the illegitimate X regime"
            targets = [(r, "evaluated") for r in self.d.refs(tok)]
        else:  # only an author the phrase names: "accused X of 'reckless aggression'" is X's
            targets = [(r, "evaluated") for r in self.d.acts.authors(tok) if r.how == "event-agent"]
        return self._pairs(tok, subjects, targets, "condemns", "evaluative-np",
                           (f"trigger evaluative-np:{tok.text}", f"speaker verb {speaker_verb.text}"))

    def obligation_rule(self, tok) -> list[Candidate]:
        """ "X ruled / judged / said that Y must ...", "Y must ..." in a statement's or a quoted
        speaker's own voice -> the holder demands of Y (SPEC B4)."""
        if tok.dep_ not in ("ccomp", "ROOT", "conj") or self.dropped(tok):
            return []
        subjects = self.a.holder(tok)
        # "X must withdraw", "the oppression by X must end": the one who must act, or the act's author
        acts = self.lex.force_nouns | self.lex.crime_nouns
        obliged = [r for c in children(tok, "nsubj", "nsubjpass")
                   for r in self.d.refs(c, allow_event=c.lemma_.lower() in acts) if r.how != "attacker"]
        return self._pairs(tok, subjects, [(r, "obliged") for r in obliged], "demands", "obligation",
                           (f"trigger obligation:{tok.text}",))

    def predicate_rule(self, tok) -> list[Candidate]:
        """A predicate asserted about Y in a speaker's voice: a wrongdoing ("Y has violated the
        truce", "Y deceived the inspectors", "Y is responsible for Z's death", "Y committed acts of
        terrorism") -> the holder accuses Y (B8); a right ("Y has every right to defend itself")
        -> the holder supports Y."""
        lex = self.lex
        lemma = self.a.verb_lemma(tok)
        relation = None
        culpable = lemma == "be" and any(c.dep_ == "acomp" and c.lemma_.lower() in lex.culpability_adjectives
                                         for c in tok.children)
        if lemma in lex.wrongdoing_verbs or culpable:
            relation = "accuses"
        elif lemma in ("have", "be") and any(c.dep_ in ("dobj", "attr") and c.lemma_.lower() in lex.entitlement_nouns
                                             for c in tok.children):
            relation = "supports"
        elif tok.dep_ == "ccomp" or self.d.in_quote(tok):
            crimes = [t for t in tok.subtree if (t.lemma_.lower() in lex.crime_nouns or t.lower_ in lex.crime_nouns)
                      and t.dep_ in ("dobj", "attr", "pobj") and not any(
                          c.dep_ in ("poss", "amod", "compound") and c.i in self.d.named for c in t.children)]
            if crimes and not any(t.i in self.d.named for t in children(tok, "dobj")):
                relation = "accuses"  # "... carried out acts of terrorism"
        if relation is None or self.dropped(tok):
            return []
        accused = []
        for c in children(tok, "nsubj"):
            accused += self.d.refs(c) or [r for p in prep_objects(c, "of") for r in self.d.refs(p)]
        if not accused:
            return []
        holders = self.a.holder(tok)
        return self._pairs(tok, holders, [(r, "predicate") for r in accused], relation, "predicate",
                           (f"trigger predicate:{tok.text}",))

    def crime_noun_rule(self, tok) -> list[Candidate]:
        """A wrongdoing named with its author in a speaker's voice ("an act of aggression by X",
        "X's war crimes") -> the holder accuses X (B8). The object of a stance verb is left to it."""
        if tok.lemma_.lower() in self.lex.member_nouns or tok.lower_ in self.lex.member_nouns:
            return []  # "Hamas terrorists" names a group, not an act
        node = tok
        while node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.lemma_.lower() == "act":
            node = node.head.head  # "an act of aggression by X": the act carries the author
        authors = [r for r in self.d.acts.authors(tok) + (self.d.acts.authors(node) if node.i != tok.i else [])
                   if r.how == "event-agent"]
        if not authors or (node.dep_ in ("dobj", "nsubjpass") and self.a.verb_lemma(node.head) in self.lex.verbs):
            return []
        clause = node.head
        while not verbal(clause) and clause.head.i != clause.i:
            clause = clause.head
        if self.dropped(tok) or self.dropped(clause):
            return []
        holders = self.a.holder(clause) if clause.dep_ != "ROOT" or self.d.in_quote(clause) or self.d.voice(clause) \
            else []
        return self._pairs(tok, holders, [(r, "crime") for r in authors], "accuses", "crime",
                           (f"trigger crime:{tok.text}",))

    def force_noun_rule(self, tok) -> list[Candidate]:
        """An act of force named with both its author and its target ("the attack on X by Y",
        "the advance into X of Y", "Y's strikes on X", "the attacks launched by Y against X",
        "the strike by Y that destroyed X's consulate") -> Y attacks X."""
        if tok.lemma_.lower() in self.lex.acts_not_attacks:
            return []  # "Russia's annexation of Crimea" is an act, not an attack
        agents = [r for r in self.d.acts.authors(tok) if r.how == "event-agent"]
        by_author = bool(agents) and any(c.dep_ == "poss" or c.lower_ in ("by", "from") for c in tok.children)
        if not agents:  # "the advance into X of Y" (the parser may hang "of Y" on X)
            holders = [tok] + [p for prep in ("into", "on", "against") for p in prep_objects(tok, prep)]
            of_agents = [p for h in holders for p in prep_objects(h, "of") if p.i in self.d.named]
            agents = [r for p in of_agents for r in self.d.refs(p)]
        if not agents:
            return []
        targets = []
        # "the shelling of X by Y": with the author named by "by" or a possessive, "of" names the target
        preps = ("on", "against", "into", "of") if by_author else ("on", "against", "into")
        holders = [tok, *(c for c in tok.children if c.dep_ == "acl" and c.tag_ == "VBN")]
        for prep in preps:
            for t in (p for h in holders for p in prep_objects(h, prep)):
                targets += [(r, f"prep:{prep}") for r in self.d.acts.targets(t)]
        for rel in (c for c in tok.children if c.dep_ == "relcl" and self.a.verb_lemma(c) in self.lex.hit_verbs):
            for obj in children(rel, "dobj"):  # "the strike by Y that destroyed its consulate"
                targets += [(r, "hit") for r in self.d.acts.targets(obj)]
        verb = tok.head
        if not targets and tok.dep_ == "nsubj" and self.a.verb_lemma(verb) in self.lex.hit_verbs:
            # "Israeli strikes hit targets in southern Lebanon", "X's shelling killed Y civilians"
            for obj in children(verb, "dobj"):
                targets += [(r, "hit") for r in self.d.acts.targets(obj)]
            if not targets:  # "... hit targets in southern Lebanon": the place names the target
                targets = [(r, "hit-in") for p in prep_objects(verb, "in") for r in self.d.refs(p)
                           if r.actor.type in ("State", "NonState")]
            if self.dropped(verb):
                return []
        return self._pairs(tok, agents, targets, "attacks", "force-noun", (f"trigger force-noun:{tok.text}",))

    def copula_rule(self, tok) -> list[Candidate]:
        """ "<act> is unacceptable", "This is an illegal violation of ..." -> the speaker condemns
        the act's author (the speaker: the subject of a speech verb above, else the text's narrator)."""
        negative = self.lex.negative_adjectives
        judged = [c for c in tok.children if c.dep_ == "acomp" and c.lemma_.lower() in negative]
        for attr in children(tok, "attr"):
            if any(c.dep_ == "amod" and c.lemma_.lower() in negative for c in attr.children):
                judged.append(attr)
        subj = children(tok, "nsubj")
        for attr in children(tok, "attr"):  # "there is no justification for X's use of force"
            if attr.lemma_.lower() in self.lex.excuse_nouns and any(c.lower_ == "no" for c in attr.children):
                judged.append(attr)
                subj = prep_objects(attr, "for") or subj
        if not judged or not subj or self.dropped(tok):
            return []
        act = subj[0]
        if act.lower_ in ("this", "that", "it") and act.pos_ in ("PRON", "DET"):
            authors = self.d.refs(act, allow_event=True) or [
                Ref(a, "attacker", 0.6) for a in self.d.acts.last_attackers(tok.i)]
        else:
            authors = self.d.acts.authors(act)
        speakers = self.a.holder(tok)
        return self._pairs(tok, speakers, [(r, "judged") for r in authors], "condemns", "copula",
                           (f"trigger copula:{tok.text}", f"judged {judged[0].text}"))

    def position_rule(self, tok) -> list[Candidate]:
        """ "X takes this position alongside A and B", "A and B share this view" after X's stance
        -> A and B hold X's latest stances too (SPEC A9)."""
        stance = [o for o in children(tok, "dobj") if o.lemma_.lower() in self.lex.position_nouns
                  and any(c.lower_ in ("this", "that", "same", "these") for c in o.children)]
        if not stance or self.dropped(tok):
            return []
        holders = self.a.own_agents(tok)
        sharers = [r for r in self.a.comitatives(tok) if not any(same_side(r.actor, h.actor) for h in holders)]
        if not holders or not sharers:
            return []
        sent = self.d.sent_of[tok.i]
        ids = {h.actor.id for h in holders}  # what X itself said, else what its people said
        earlier = [c for c in self.history if self.d.sent_of[c.trigger.i] < sent and c.subject.actor.id in ids] or [
            c for c in self.history if self.d.sent_of[c.trigger.i] < sent
            and any(same_side(c.subject.actor, h.actor) for h in holders)]
        if not earlier:
            return []
        last = max(self.d.sent_of[c.trigger.i] for c in earlier)
        out = []
        for c in earlier:
            if self.d.sent_of[c.trigger.i] == last:
                out += self._pairs(tok, sharers, [(c.object, "shared")], c.relation, "position",
                                   (f"trigger position:{tok.text}", f"shares {c.relation} of {c.subject.actor.id}"))
        return out

    def reciprocal_rule(self, tok) -> list[Candidate]:
        """ "X and Y clashed", "X and Y exchanged fire" -> X attacks Y and Y attacks X."""
        verb = tok if verbal(tok) else tok.head
        subj = children(verb, "nsubj")
        if not subj or not subj[0].conjuncts or (children(verb, "dobj") and tok is verb) or self.dropped(verb):
            return []
        parties = self.d.refs(subj[0])
        out = []
        for a in parties:
            out += self._pairs(tok, [a], [(b, "reciprocal") for b in parties if b is not a], "attacks",
                               "reciprocal", (f"trigger reciprocal:{tok.text}",))
        return out

    def symmetric_rule(self, tok) -> list[Candidate]:
        """ "X and Y held talks", "X and Y remain in close touch" -> X consults Y."""
        verb = tok if verbal(tok) else tok.head
        if tok.dep_ == "pobj":
            verb = tok.head.head
        elif tok.dep_ != "dobj" and verb is not tok and not prep_objects(tok, "between", "among"):
            return []
        between = [r for p in prep_objects(tok, "between", "among") for r in self.d.refs(p)]
        if between:  # "talks between X and Y" (B17): the parties consult each other, whoever holds them
            if self.dropped(tok) or len(between) < 2:
                return []
            return self._pairs(tok, [between[0]], [(r, "between") for r in between[1:]], "consults", "symmetric",
                               (f"trigger symmetric:{tok.text}",))
        if prep_objects(tok, "with") or prep_objects(verb, "with") or self.dropped(verb):
            return []
        subj = children(verb, "nsubj")
        if not subj or not subj[0].conjuncts:
            return []
        parties = self.d.refs(subj[0])
        if len(parties) < 2:
            return []
        first, rest = parties[0], [(r, "conj") for r in parties[1:]]
        return self._pairs(tok, [first], rest, "consults", "symmetric", (f"trigger symmetric:{tok.text}",))

    def launch_rule(self, tok) -> list[Candidate]:
        """ "X launched / carried out an offensive against / in / on Y", "X fired missiles at Y",
        "X launched a wave of drone strikes against Y" -> X attacks Y."""
        acts = [c for c in children(tok, "dobj") if self.d.acts.is_force(c)]
        if not acts or self.dropped(tok):
            return []
        subjects = self.a.agents(tok)
        targets = []
        for act in acts:
            inner = self.d.acts.contents(act)
            holders = [tok, act, *act.conjuncts, *([inner, *inner.conjuncts] if inner is not None else [])]
            for prep in ("against", "on", "at", "toward", "towards", "into", "in", "inside"):
                for holder in holders:
                    for t in prep_objects(holder, prep):
                        targets += [(r, f"prep:{prep}") for r in self.d.acts.targets(t)
                                    if r.how in ("named", "population", "member")]
                if targets:
                    break
        if not targets and len(subjects) == 1:
            self.d.acts.note_attack(tok.i, subjects[0].actor, None)
        return self._pairs(tok, subjects, targets, "attacks", "launch", (f"trigger launch:{tok.text}",))


def extract_stances(doc, article, gazetteer, lexicon, *, offset: int = 0,
                    discourse: Discourse | None = None, speaker=()) -> list[StanceMention]:
    """All stances of a parsed document in text order, one per (subject, relation, object): the
    most confident evidence sentence is kept (the first of equally confident ones).

    ``offset`` is where ``doc`` starts in the article's text (for an article parsed in pieces).
    """
    disc = discourse or Discourse(doc, article.date, gazetteer, lexicon, speaker)
    rules = _Rules(disc)
    best: dict[tuple[str, str, str], StanceMention] = {}
    for sent in disc.sents:
        for c in rules.run(sent):
            if same_side(c.subject.actor, c.object.actor):
                continue
            keep_strongest(best, _mention(disc, c, sent, article, offset))
    return in_text_order(best)


def keep_strongest(best: dict, stance: StanceMention) -> None:
    """Keep ``stance`` in ``best`` (keyed by subject, relation and object ids) unless a stance
    with the same key and at least its confidence is there already.

    >>> import datetime as dt
    >>> from diplograph.loaders.records import Actor
    >>> fra, aze = Actor("FRA", "France", "State", "FRA"), Actor("AZE", "Azerbaijan", "State", "AZE")
    >>> best = {}
    >>> for start, conf in [(0, 0.43), (50, 0.9), (90, 0.9)]:
    ...     keep_strongest(best, StanceMention(fra, "condemns", aze, "...", start, start + 10,
    ...                                        dt.date(2023, 9, 19), conf, "test"))
    >>> [(s.start, s.confidence) for s in in_text_order(best)]
    [(50, 0.9)]
    """
    key = (stance.subject.id, stance.relation, stance.object.id)
    kept = best.get(key)
    if kept is None or stance.confidence > kept.confidence:
        best[key] = stance


def in_text_order(best: dict) -> list[StanceMention]:
    """The stances of :func:`keep_strongest`, by where their evidence starts (stable)."""
    return sorted(best.values(), key=lambda st: st.start)


def _remember(disc: Discourse, candidates: list[Candidate]) -> None:
    """What one trigger's stances tell the discourse: who attacked, and the groups an event
    forms (a call with two people makes "all three" resolvable)."""
    for c in candidates:
        if c.relation == "attacks":
            disc.acts.note_attack(c.trigger.i, c.subject.actor, c.object.actor)
        if c.relation in ("attacks", "accuses"):  # the two sides of a fight or a quarrel, as states
            disc.note_group(c.trigger.i, [disc.side(c.subject.actor), disc.side(c.object.actor)])
    for c in candidates:  # after a call or a meeting, "both leaders" are the two who met
        if c.relation == "consults" and c.subject.actor.type == c.object.actor.type:
            disc.note_group(c.trigger.i, [c.subject.actor, c.object.actor])
    for relation in ("consults", "mediates", "appeals"):
        objects = [c.object.actor for c in candidates if c.relation == relation]
        if len(objects) > 1:
            subject = next(c.subject.actor for c in candidates if c.relation == relation)
            disc.note_group(candidates[0].trigger.i, objects)
            disc.note_group(candidates[0].trigger.i, [subject, *objects])


def _mention(disc: Discourse, c: Candidate, sent, article, offset: int = 0) -> StanceMention:
    confidence = round(min(0.95, 0.95 * c.subject.confidence * c.object.confidence), 3)
    start = offset + sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
    return StanceMention(
        subject=c.subject.actor, relation=c.relation, object=c.object.actor,
        evidence=sent.text.strip(), start=start, end=start + len(sent.text.strip()), date=stance_date(c.trigger, disc.date),
        confidence=confidence, rule=c.rule, quote=disc.quote_near(c.trigger), article=article.hash,
        path=c.path)
