"""The argument layer: for any trigger, who is its agent and who is its patient.

Every stance rule asks this module and never walks the parse tree for its arguments itself
(in the spirit of the enhanced++ Universal Dependencies of Schuster and Manning, 2016: the edges
every consumer needs are added once). A trigger is a verb, a participle, a noun, an adjective or a
hyphen compound; one set of propagation rules serves them all.

Agents (:meth:`Arguments.agents`), first match wins:

- "on behalf of X" on the trigger's clause: X ("I deliver this on behalf of A and B");
- a hyphen compound ("Iran-backed", "UN-facilitated", "U.S.-led"): its first part;
- passive voice and participles modifying a noun: the by-agent ("Y was condemned by X",
  "the rebels, backed by X"); an agentless passive has none;
- the clause subject (relative pronouns stand for their antecedent; a number word for a group);
- a relative clause or a participle on an actor: that actor ("X, which condemned ...", "X, urging ...");
- a nominalisation: its possessor, its "by"/"from" phrase, a named modifier ("France's
  condemnation", "support from X", "the French appeal"), else the agent of the light verb or
  preposition that governs it ("X made a plea to", "X threw its support behind", "X came out in
  support of", "were unanimous in denouncing");
- inheritance: xcomp (subject control; object control gives none: "urged X to condemn"), conj,
  advcl, pcomp and gerund adjuncts take the agent of the clause they hang on.

Co-agents join the agent: comitatives and similatives ("along with X", "together with X",
"alongside X", "like X", "as did X", "joined X in condemning"; SPEC A9).

Patients (:meth:`Arguments.patients`) fill the slots of the trigger's frame in order: ``dobj``
(the direct object, a dative, the subject of a passive, the noun a participle modifies, or the
other members of the subject for "each other"), ``prep:P`` (the object of P on the trigger, on its
direct object, or on the light verb that governs a noun: "brokered talks between X and Y"),
``clause`` (the subject of a complement clause: "demanded that X leave", "Washington's demand
that X accept") and ``for`` (the actor inside a "for" phrase). Every relation has default slots in
the lexicon; a trigger lists its own only where they differ.
"""

from __future__ import annotations

from diplograph.loaders.assertion import not_asserted
from diplograph.loaders.discourse import NUMBERS, Discourse, Ref
from diplograph.loaders.speakers import quote_speaker
from diplograph.loaders.tree import children, is_passive, prep_objects, verbal

__all__ = ["Arguments"]

#: prepositions whose phrase on a verb's object still names the verb's patient ("brokered talks
#: between X and Y", "threw its weight behind X"); never "on" or "against" ("condemned the attack on X")
THROUGH_OBJECT = {"between", "among", "behind", "for", "with", "to"}
COMITATIVE = {"along with", "together with", "alongside", "like", "joined by", "in tandem with",
              "in concert with", "in coordination with", "as well as"}


def _participle_modifier(tok) -> bool:
    """ "the rebels, backed by X", "talks brokered by X", "the attacks launched by X"."""
    return tok.tag_ == "VBN" and tok.dep_ in ("acl", "amod", "relcl") and not any(
        c.dep_ in ("nsubj", "aux") for c in tok.children)


def _detached_object(tok) -> list:
    """ "X, for its part, condemned, in a statement, the attack by Y.": with no finite verb left in
    the sentence the parser made X its root, the verb a participle (acl) on X or on a noun of the
    aside ("part") and the object an apposition of X. Such a verb is active: X acts and the
    apposition after the verb is its object. A real participle modifier ("the talks, hosted by Y")
    has its agent, or a finite verb above it."""
    root = tok.sent.root
    if tok.dep_ != "acl" or tok.tag_ != "VBN" or root.pos_ not in ("NOUN", "PROPN") or tok.i < root.i \
            or children(tok, "agent", "dobj", "nsubj", "nsubjpass", "aux", "auxpass"):
        return []
    return [c for c in root.children if c.dep_ == "appos" and c.i > tok.i]


class Arguments:
    """Agents and patients of the triggers of one document (see the module docstring)."""

    def __init__(self, disc: Discourse):
        self.d = disc
        self.lex = lex = disc.lex
        self.known_verbs = (set(lex.verbs) | lex.speech_verbs | lex.evaluation_verbs | lex.launch_verbs
                            | {k.split()[0] for k in lex.phrasal})

    # ------------------------------------------------------------------ triggers
    def verb_lemma(self, tok) -> str:
        """The lemma of a verb, also when the tagger took it for a noun ("deeming" -> "deem")."""
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("VERB", "AUX"):
            return lemma
        low = tok.lower_
        known = self.known_verbs
        for suffix in ("ing", "ed", "es", "s"):
            if low.endswith(suffix):
                stem = low[: -len(suffix)]
                for cand in (stem, stem + "e", stem[:-1]):
                    if cand in known:
                        return cand
        return lemma

    def phrasal(self, tok, lemma):
        """``(key, frame, slots)`` of the longest phrasal entry of ``lemma`` whose words are all
        among the verb's particles, prepositions, object noun and prepositional nouns, or None."""
        entries = self.lex.phrasal_index.get(lemma)
        if not entries:
            return None
        words: set[str] = set()
        preps: set[str] = set()

        def add_prep(c, depth):  # a particle or preposition, its object noun and what hangs on them
            words.add(c.lower_)
            preps.add(c.lower_)
            for p in c.children:
                if p.dep_ == "pobj" and p.i not in self.d.named:
                    words.add(p.lemma_.lower())
                    add_preps(p, depth + 1)
                elif p.dep_ == "prep" and depth < 3:  # "along with"
                    add_prep(p, depth + 1)

        def add_preps(node, depth=0):
            for c in node.children:
                if c.dep_ in ("prt", "prep", "agent", "dative") and depth < 3:
                    add_prep(c, depth)
        add_preps(tok)
        for c in tok.children:
            if c.dep_ in ("dobj", "acomp", "oprd") and c.i not in self.d.named:
                words.add(c.lemma_.lower())
                add_preps(c, 1)
        best = None
        for key, rest in entries:
            if all(w in words for w in rest) and (best is None or len(rest) > len(best[1])):
                best = (key, rest)
        if best is None:
            return None
        key, rest = best
        frame = self.lex.phrasal[key]
        last = rest[-1]
        slots = frame.get("object") or ([f"prep:{last}", "dobj"] if last in preps else ["dobj"])
        return key, frame, slots

    # ------------------------------------------------------------------ holders
    def holder(self, tok) -> list[Ref]:
        """Who asserts the clause headed by ``tok``: the agent of the speech verb it is the
        complement of ("X said that Y must ..."); inside a quotation, its speaker (SPEC A3);
        else the text's own voice (none in a third-person report)."""
        speech = self.lex.speech_verbs | self.lex.evaluation_verbs
        node = tok
        for _ in range(4):
            for said in children(node, "advcl"):  # "As my Foreign Secretary has said, Y must ..."
                if any(m.lower_ == "as" for m in children(said, "mark")) and self.verb_lemma(said) in speech:
                    found = self.agents(said)
                    if found:
                        return found
            if node.dep_ not in ("ccomp", "conj", "xcomp") or node.head.i == node.i:
                break
            node = node.head
            if node.lemma_.lower() in speech or self.verb_lemma(node) in speech:
                return [] if not_asserted(node, self.lex) else self.agents(node)
        if self.d.in_quote(tok):
            ref = quote_speaker(self.d, tok)
            return [Ref(ref.actor, "speaker", 0.8)] if ref is not None else []
        return [Ref(a, "narrator", 0.75) for a in self.d.narrator(tok)]


    # ------------------------------------------------------------------ agents
    def agents(self, tok, depth: int = 0, *, of_agent: bool = False) -> list[Ref]:
        """Who does, says or holds what ``tok`` names, co-agents included. ``of_agent``: a noun's
        "of" phrase names its agent ("the mediation of X"; not for "the condemnation of X")."""
        if depth > 6:
            return []
        found = self._behalf(tok) or self._agents(tok, depth, of_agent)
        if found:
            seen = {r.actor.id for r in found}
            for r in self.comitatives(tok):
                if r.actor.id not in seen:
                    seen.add(r.actor.id)
                    found.append(r)
        return found

    def own_agents(self, tok) -> list[Ref]:
        """The agents of ``tok`` without its co-agents ("X, alongside A, ..." -> X)."""
        return self._behalf(tok) or self._agents(tok, 0)

    def _agents(self, tok, depth: int, of_agent: bool = False) -> list[Ref]:
        prefix = self.hyphen_agent(tok)
        if prefix:
            return prefix
        if tok.pos_ in ("NOUN", "PROPN") and not verbal(tok):
            return self._noun_agents(tok, depth, of_agent)
        if tok.pos_ == "ADJ" and not verbal(tok):
            return self._governor_agents(tok, depth)
        if _detached_object(tok):
            return self.d.refs(tok.sent.root)
        if is_passive(tok) or _participle_modifier(tok):
            by = [r for a in prep_objects(tok, "by") for r in self.d.refs(a)]
            if by or is_passive(tok):
                return by
        subj = children(tok, "nsubj")
        if subj:
            return self.d.refs(subj[0])
        for child in tok.children:  # "..., all three deeming ...": a number word names a group
            if child.dep_ in ("nummod", "npadvmod", "det") and child.lower_ in NUMBERS:
                refs = self.d.group(child)
                if refs:
                    return refs
        if tok.dep_ == "relcl":
            return self.d.refs(tok.head)
        if tok.dep_ == "acl" and tok.head.i in self.d.named:  # "Qatar, urging the parties to ..."
            return self.d.refs(tok.head)
        return self._governor_agents(tok, depth)

    def _noun_agents(self, noun, depth: int, of_agent: bool = False) -> list[Ref]:
        for child in noun.children:
            if child.dep_ == "poss":
                return self.d.refs(child)
        acts = [p.i for p in prep_objects(noun, "of") if p.lemma_.lower() in self.lex.force_nouns]
        # "a condemnation of the invasion of Z by X": the by-phrase after an act belongs to the act
        by = [r for p in prep_objects(noun, "by", "from", *(("of",) if of_agent else ()))
              if not (p.head.lower_ == "by" and acts and p.i > min(acts)) for r in self.d.refs(p)]
        if by:  # "mediation by X", "condemnation from X"
            return by
        for child in noun.children:  # "the French condemnation", "U.S. support"
            if child.dep_ in ("amod", "compound", "nmod") and child.i in self.d.named and child.i < noun.i:
                return [self.d.refs(child)[0]] if self.d.refs(child) else []
        return self._governor_agents(noun, depth)

    def _governor_agents(self, tok, depth: int) -> list[Ref]:
        """The agent of the clause ``tok`` hangs on: a light verb ("X made a plea"), a preposition
        ("X came out in support of", "were unanimous in denouncing"), an xcomp, conj or adjunct."""
        head = tok.head
        if head.i == tok.i:
            return self._fallback(tok)
        dep = tok.dep_
        if dep == "xcomp" and children(head, "dobj"):
            return []  # object control: "urged X to condemn" -- X, not the urger, would act
        if dep == "ccomp" and verbal(tok):
            return []  # "X said Y ...": a complement clause without a subject has no agent here
        quoted_clause = self.d.in_quote(head) and not self.d.in_quote(tok)
        impersonal = not any(c.dep_ == "nsubj" and c.lower_ not in ("there", "it") for c in head.children)
        if dep == "conj" and head.dep_ == "ccomp" and (quoted_clause or impersonal):
            # "X said 'there is ...' and called on Y": the parser tied the second verb to the quotation
            return self.agents(head.head, depth + 1)
        if dep == "pcomp" or dep == "pobj":
            gov = head.head if head.pos_ == "ADP" or head.dep_ == "prep" else head
            if gov.i == head.i:
                return []
            found = self.agents(gov, depth + 1)
            if found and gov.lemma_.lower() == "join":  # "Italy joined France in condemning X"
                found = found + [r for o in children(gov, "dobj") for r in self.d.refs(o)]
            return found
        if dep == "acl" and tok.tag_ == "VBN":
            return self._fallback(tok)  # a participle on a noun is passive: its agent is its by-phrase
        if dep in ("dobj", "attr", "oprd", "nsubjpass", "acomp", "xcomp", "advcl", "conj", "acl", "appos",
                   "npadvmod", "advmod") and (verbal(head) or head.pos_ in ("ADJ", "NOUN")):
            return self.agents(head, depth + 1)
        return self._fallback(tok)

    def _fallback(self, tok) -> list[Ref]:
        """A verb the parser left without a clause: a named sentence root before it speaks."""
        if tok.dep_ == "ROOT" or not verbal(tok) or children(tok, "agent"):
            return []
        root = tok.sent.root
        if root.i in self.d.named and root.i < tok.i:
            return [Ref(self.d.named[root.i], "fallback", 0.6)]
        return []

    def _behalf(self, tok) -> list[Ref]:
        """ "on behalf of A and B" on the trigger or on the verb of its clause."""
        node = tok
        for _ in range(4):
            for child in node.children:
                if child.dep_ == "prep" and child.lower_ == "on":
                    for p in children(child, "pobj"):
                        if p.lower_ == "behalf":
                            refs = [r for o in prep_objects(p, "of") for r in self.d.refs(o)]
                            if refs:
                                return [Ref(r.actor, "on-behalf-of", 0.9) for r in refs]
            if node.dep_ in ("xcomp", "conj", "advcl", "pcomp", "prep") and node.head.i != node.i:
                node = node.head
            else:
                break
        return []

    def comitatives(self, tok) -> list[Ref]:
        """Co-agents: "along with X", "together with X", "alongside X", "like X", "as did X"."""
        out: list[Ref] = []
        holders = [tok, *children(tok, "nsubj")]
        for holder in holders:
            for child in holder.children:
                phrase = child.lower_
                if child.dep_ == "prep" and phrase in ("along", "together", "in"):
                    inner = children(child, "prep")
                    phrase = f"{phrase} {inner[0].lower_}" if inner else phrase
                    objs = [p for i in inner for p in children(i, "pobj")] + children(child, "pobj")
                elif child.dep_ == "prep":
                    objs = children(child, "pobj")
                else:
                    objs = []
                if phrase in COMITATIVE and objs:
                    out += [r for o in objs for r in self.d.refs(o) if r.actor.type != "Person" or holder is tok]
                if child.dep_ == "advcl" and any(m.lower_ == "as" for m in children(child, "mark")) \
                        and child.lemma_.lower() in ("do", "have", "be") and all(
                        c.dep_ in ("mark", "nsubj", "aux", "punct", "advmod") for c in child.children):  # "as did X"
                    out += [r for s in children(child, "nsubj") for r in self.d.refs(s)]
        return out

    # ------------------------------------------------------------------ hyphen compounds
    def hyphen_agent(self, tok) -> list[Ref]:
        parts = self.d.acts.hyphen_parts(tok)
        return [Ref(parts[0], "compound", 0.85)] if parts else []

    # ------------------------------------------------------------------ patients
    def patients(self, tok, slots, *, require_actor: bool = False, exclude=None) -> list[tuple[Ref, str]]:
        """The first slot of ``slots`` that names an actor (see the module docstring)."""
        allow_event = not require_actor
        for slot in slots:
            out: list[tuple[Ref, str]] = []
            if slot == "dobj":
                for t in self._direct(tok):
                    if (t.lower_ == "other" and any(c.lower_ == "each" for c in t.children)) or \
                            (t.lower_ == "another" and any(c.lower_ == "one" for c in t.children)):
                        continue  # "each other": the reciprocal rule answers
                    event = allow_event and t.i != tok.head.i  # the noun a participle modifies is its patient itself
                    out += [(r, "dobj") for r in self.d.refs(t, allow_event=event, exclude=exclude)]
            elif slot == "for":
                for t in prep_objects(tok, "for"):
                    out += [(r, "for") for r in self.inside(t, exclude)]
            elif slot == "clause":
                for t in self._clause_subjects(tok):
                    out += [(r, "clause") for r in self.d.refs(t, allow_event=allow_event, exclude=exclude)]
            else:
                prep = slot.split(":", 1)[1]
                for t in self.prep_holders(tok, prep):
                    out += [(r, slot) for r in self.d.refs(t, allow_event=allow_event, exclude=exclude)]
            if out:
                return out
        return []

    @staticmethod
    def reciprocal(tok) -> bool:
        """Whether the trigger's object is "each other" or "one another"."""
        for t in [*children(tok, "dobj"), *(p for c in children(tok, "prep") for p in children(c, "pobj"))]:
            pair = {t.lower_, *(c.lower_ for c in t.children if c.dep_ in ("det", "nummod", "amod"))}
            if pair >= {"each", "other"} or pair >= {"one", "another"}:
                return True
        return False

    def _direct(self, tok):
        detached = _detached_object(tok)
        if detached:
            return detached
        if _participle_modifier(tok) and tok.head.pos_ in ("NOUN", "PROPN"):
            return [tok.head]  # "the rebels, backed by X": the rebels
        found = children(tok, "dobj", "dative")
        if not found and is_passive(tok):
            found = children(tok, "nsubjpass")
        return found

    def _clause_subjects(self, tok):
        """ "demanded that X leave", "urged that X", "Washington's demand that X accept"."""
        out = []
        for clause in children(tok, "ccomp", "acl", "xcomp"):
            if clause.dep_ == "xcomp" and children(tok, "dobj"):
                continue
            out += children(clause, "nsubj", "nsubjpass")
        return out

    def prep_holders(self, tok, prep: str):
        """The objects of ``prep`` on the trigger; on its direct object ("brokered talks between X
        and Y", "voiced support for X"); for a noun, on the verb that governs it or on a phrase of
        that verb ("threw its weight behind X", "led mediation for years between X and Y")."""
        found = prep_objects(tok, prep)
        if found:
            return found
        for obj in children(tok, "dobj", "attr") if prep in THROUGH_OBJECT else ():
            if obj.i not in self.d.named and obj.lemma_.lower() not in self.lex.force_nouns:
                found = prep_objects(obj, prep)
                if found:
                    return found
        if tok.pos_ in ("NOUN", "PROPN") and tok.head.i != tok.i and tok.dep_ in ("dobj", "attr", "pobj", "nsubjpass"):
            verb = tok.head if tok.dep_ != "pobj" else tok.head.head
            found = [p for p in prep_objects(verb, prep) if p.i != tok.i]
            for child in verb.children:
                if not found and child.dep_ == "prep" and child.i > tok.i:
                    for p in child.children:
                        if p.dep_ == "pobj" and p.i != tok.i:
                            found = prep_objects(p, prep)
        return found

    def inside(self, tok, exclude=None) -> list[Ref]:
        """The actor a "for" phrase is addressed to: "a meeting of the Security Council" -> the Council."""
        refs = self.d.refs(tok, exclude=exclude)
        if refs:
            return refs
        for t in prep_objects(tok, "of"):
            refs = self.d.refs(t, exclude=exclude)
            if refs:
                return refs
        return []

