"""The discourse layer: who a noun phrase, a pronoun, a role noun or a group noun stands for.

A :class:`Discourse` is built per parsed document and read sentence by sentence, in order:
it knows the named actors (from the entity ruler and the NER), the actors mentioned so far
(for pronouns and role nouns: "she", "the Prime Minister", "the head of state"), the groups
mentioned so far (for "the two countries", "both sides", "the parties", "all three"), and the
text's voices (:mod:`~diplograph.loaders.speakers`: who "we" and "I" are) and acts
(:mod:`~diplograph.loaders.acts`: who did what a noun names).

All state lives in the object; nothing is global.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections import Counter
from dataclasses import dataclass

from diplograph.loaders.records import Actor
from diplograph.loaders.records import slug as unicode_slug
from diplograph.loaders.speakers import Voice, find_quotes, find_voices, first_person, quote_topic

__all__ = ["Discourse", "Ref", "same_side"]

FIRST_PERSON = {"we", "us", "our", "i", "me", "my", "ours"}
PERSONAL = {"he", "him", "his", "she", "her", "hers"}
NEUTER = {"it", "its"}
PLURAL = {"they", "them", "their"}
RELATIVE = {"who", "which", "that", "whom", "whose"}
NUMBERS = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}
STATE_GROUP = {"country", "countries", "state", "states", "nation", "nations", "neighbour", "neighbours",
               "neighbor", "neighbors", "government", "governments", "capital", "capitals"}
# dependency labels that start a clause or phrase a noun phrase's own text should not include
NP_STOP = {"relcl", "acl", "appos", "punct", "cc", "conj", "advcl", "prep", "det", "case", "nummod", "quantmod"}


def same_side(a: Actor, b: Actor) -> bool:
    """Whether two actors speak for the same party: one actor, or a state and its organ or leader.

    >>> same_side(Actor("ARM", "Armenia", "State", "ARM"), Actor("ARM-army", "Armenian army", "Organization", "ARM"))
    True
    """
    if a.id == b.id:
        return True
    official = ("State", "Organization", "Person")  # an armed group is not its territory's state
    if a.type in official and b.type in official and (a.id == b.parent or b.id == a.parent):
        return True
    if a.type == "Person" and b.type == "Person" and not a.country and a.parent and a.parent == b.parent:
        return True  # two officials of one international organisation
    return bool(a.country) and a.country == b.country and a.type in official and b.type in official


@dataclass(frozen=True)
class Ref:
    """An actor a phrase refers to, and how that was found (for confidence and ``explain``)."""

    actor: Actor
    how: str  # named, organ, pronoun, role, group, event-agent, attacker, speaker, fallback
    confidence: float = 1.0


@dataclass
class _Mention:
    i: int          # token index of the mention's head
    sent: int       # sentence number
    actor: Actor
    subject: bool   # whether the mention is a clause subject


class Discourse:
    """Reference resolution over one parsed document (a ``spacy.tokens.Doc``)."""

    def __init__(self, doc, date: dt.date, gazetteer, lexicon, speaker: tuple[Actor, ...] = ()):
        self.doc = doc
        self.date = date
        self.gaz = gazetteer
        self.lex = lexicon
        self.sent_of: dict[int, int] = {}
        self.sents = list(doc.sents)
        for n, sent in enumerate(self.sents):
            for tok in sent:
                self.sent_of[tok.i] = n
        self.named: dict[int, Actor] = {}     # token index -> actor, for every token of a named mention
        self.population: set[int] = set()     # tokens of a plural demonym ("Palestinians")
        self.surnames: dict[str, Actor] = {}  # last name -> a person named in full in this text
        self.heads: dict[int, Actor] = {}     # mention head token index -> actor
        self._np_cache: dict[int, list[Ref]] = {}
        self.aliases: dict[str, tuple[Actor, ...]] = {}  # a group the text defined ("the Troika (A, B and C)")
        self.mentions: list[_Mention] = []
        self.groups: list[tuple[int, tuple[Actor, ...]]] = []  # (token index, actors)
        from diplograph.loaders.acts import Acts  # acts read the discourse: imported here, not above

        self.acts = Acts(self)
        self.text = doc.text  # Doc.text joins every token on each call: read it once
        self.quotes = find_quotes(self.text)
        self._named_mentions()
        stance_verbs = set(lexicon.verbs) | {k.split()[0] for k in lexicon.phrasal}
        subjects = [(self._np_head(self.doc[m.i]), m.actor) for m in self.mentions if m.subject]
        self.voices = find_voices(doc, date, gazetteer, metadata=speaker, quotes=self.quotes,
                                  subjects=subjects, stance_verbs=stance_verbs, surnames=self.surnames)
        self.quote_topics: dict[tuple[int, int], object] = {}  # quotation span -> the act it is about
        self.quote_voices: dict[tuple[int, int], Ref | None] = {}

    # ------------------------------------------------------------------ set-up
    def _resolve_text(self, text: str, focus: str | None = None) -> Actor | None:
        text = text.strip()
        if not text:
            return None
        return self.gaz.resolve(text, self.date, focus=focus)

    def _named_mentions(self) -> None:
        surnames = self.surnames
        for ent in self.doc.ents:
            actor = None
            if ent.ent_id_:
                actor = self.gaz.get(ent.ent_id_, self.date)
            elif ent.label_ in ("PERSON", "ORG", "GPE", "NORP", "NONSTATE", "LOC", "FAC"):
                actor = self._resolve_text(ent.text)
                if actor is None and ent.label_ == "NORP" and ent.text.endswith("s"):
                    actor = self._resolve_text(ent.text[:-1])  # "Palestinians": the people of a state
                    if actor is not None and actor.type == "State":
                        self.population.update(t.i for t in ent)
                    else:
                        actor = None
                if actor is None and ent.label_ == "PERSON":
                    # a surname alone names the person named in full before ("Eli Cohen" ... "Cohen")
                    actor = surnames.get(ent.text) or self._unknown_person(ent)
            if actor is None:
                continue
            if actor.type == "Person" and len(ent) > 1:
                surnames.setdefault(ent[-1].text, actor)
            for tok in ent:
                self.named[tok.i] = actor
            self.heads[ent.root.i] = actor
        for i, actor in sorted(self.heads.items()):
            tok = self.doc[i]
            head = self._np_head(tok)
            self.mentions.append(_Mention(i, self.sent_of[i], actor, head.dep_ in ("nsubj", "nsubjpass")))
        # coordinated actors form groups ("Armenia and Azerbaijan")
        for i, actor in self.heads.items():
            tok = self.doc[i]
            conj = [self.named[c.i] for c in tok.conjuncts if c.i in self.named]
            if conj and tok.i < min(c.i for c in tok.conjuncts):
                self.note_group(tok.i, [actor, *conj])

    def _unknown_person(self, ent) -> Actor | None:
        """A person the data does not know, kept as a Person actor; the state a title in front of
        the name gives ("Rwandan army spokesman John Doe") is their country."""
        words = [t for t in ent if t.is_alpha]
        if not words or not all(t.is_title or t.is_upper for t in words) or len(ent.text) > 60:
            return None
        title = [t for t in ent.root.children if t.dep_ in ("compound", "amod") and t.i < ent.start]
        if len(words) < 2 and not title:
            return None  # a lone capitalised word the NER calls a person is as often a place
        first = ent.root
        while first.dep_ == "conj" and first.head.i != first.i:  # "deputies A, B and C": C is described as A is
            first = first.head
        described = [*title, *(c for c in first.children if c.dep_ in ("compound", "amod") and c.i < ent.start),
                     *([first.head] if first.dep_ in ("appos", "compound") else [])]
        if any(t.lemma_.lower() in self.lex.private_nouns for t in described):
            return None  # "deputies X and Y", "journalist X": people who speak for no state
        if title:
            span = self.doc[min(t.left_edge.i for t in title): ent.end]
            actor = self._resolve_text(span.text)
            if actor is not None and actor.type == "Person":
                return actor
        country = None
        for t in title:
            for sub in t.subtree:
                if sub.ent_id_:
                    other = self.gaz.get(sub.ent_id_)
                    if other is not None and other.type == "State":
                        country = other.country
        slug = unicode_slug(ent.text)  # a stable id for a name in any script
        if not slug:
            return None
        return Actor(slug, ent.text, "Person", country)

    def _np_head(self, tok):
        """The head of the noun phrase a named token sits in ("Emmanuel" -> "Macron")."""
        while tok.dep_ in ("compound", "flat", "amod") and tok.head.i != tok.i and tok.head.i in self.named:
            tok = tok.head
        return tok

    def in_quote(self, tok) -> tuple[int, int] | None:
        for a, b in self.quotes:
            if a <= tok.idx < b:
                return (a, b)
        return None

    def quote_near(self, tok) -> str | None:
        """The quotation that holds ``tok``, else the first one in its clause."""
        span = self.in_quote(tok)
        if span is None:
            lo, hi = tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge)  # the clause's span
            inner = [(a, b) for a, b in self.quotes if lo <= a < hi]
            span = inner[0] if inner else None
        if span is None:
            return None
        return self.text[span[0] + 1: span[1] - 1].strip() or None

    # ------------------------------------------------------------------ noun phrases
    def np_text(self, tok, with_of: bool = True) -> str:
        """The words of the noun phrase headed by ``tok``: its left modifiers and, optionally, "of" phrases."""
        words = []
        for t in tok.subtree:
            # skip whole sub-phrases that are clauses, appositions, other conjuncts, non-"of" phrases
            anc = t
            skip = False
            while anc.i != tok.i:
                kept_of = with_of and anc.dep_ == "prep" and anc.lower_ == "of"
                nested_det = anc.dep_ == "det" and anc.head.i != tok.i
                if anc.dep_ in NP_STOP and not kept_of and not nested_det:
                    skip = True
                    break
                anc = anc.head
            if not skip and t.dep_ not in ("punct",) and t.tag_ not in ("``", "''"):
                words.append(t)
        return " ".join(w.text for w in sorted(words, key=lambda w: w.i))

    def refs(self, tok, *, allow_event: bool = False, exclude: Actor | None = None) -> list[Ref]:
        """The actors the phrase headed by ``tok`` stands for, each conjunct included."""
        out: list[Ref] = []
        items = [tok, *[c for c in tok.conjuncts if c.i > tok.i]]
        for c in tok.children:  # "Saudi Arabia, the UAE, Bahrain and Egypt" parsed as an apposition
            if c.dep_ == "appos" and c.conjuncts and tok.i in self.named and c.i in self.named:
                items += [c, *[x for x in c.conjuncts if x.i > c.i]]
        for t in items:
            out.extend(self._single(t, allow_event=allow_event, exclude=exclude))
        seen, uniq = set(), []
        for r in out:
            if r.actor.id not in seen:
                seen.add(r.actor.id)
                uniq.append(r)
        if len(uniq) > 1 and tok.conjuncts:
            self.note_group(tok.i, [r.actor for r in uniq])
        return uniq

    def _single(self, tok, *, allow_event: bool, exclude: Actor | None) -> list[Ref]:
        low = tok.lower_
        if tok.i in self.named:
            return [Ref(self.named[tok.i], "population" if tok.i in self.population else "named")]
        for child in tok.children:  # "the Troika (A, B and C)": the members the apposition lists
            if child.dep_ == "appos" and child.i in self.named:
                members = [Ref(a.actor, "named") for a in self.refs(child)]
                if len(members) > 1 and tok.is_title:
                    self.aliases[tok.lower_] = tuple(r.actor for r in members)  # "the Troika" later
                return members
        if tok.is_title and tok.lower_ in self.aliases:
            return [Ref(a, "named", 0.9) for a in self.aliases[tok.lower_]]
        if low in ("it", "this", "that") and allow_event and self.in_quote(tok):
            topic = quote_topic(self, tok)  # "'... I condemn it,' X said of Y's assault": Y
            if topic is not None:
                return self.acts.authors(topic, exclude=exclude)
        if tok.pos_ == "PRON" or low in FIRST_PERSON | PERSONAL | NEUTER | PLURAL:
            return self.pronoun(tok, exclude=exclude)
        if tok.is_title and tok.text in self.surnames:  # a surname the NER did not tag
            return [Ref(self.surnames[tok.text], "named", 0.9)]
        group = self.group(tok, exclude=exclude)
        if group:
            return group
        if tok.pos_ in ("NOUN", "PROPN"):
            lemma = tok.lemma_.lower()
            if lemma in self.lex.role_nouns and any(c.lower_ in ("former", "ex", "ex-", "then") for c in tok.children):
                return []  # "a former British prime minister" speaks for no one now
            own = [c for c in tok.children if c.dep_ == "poss" and c.lower_ in FIRST_PERSON]
            if own and (lemma in STATE_GROUP or lemma in self.lex.role_nouns):
                # "my country", "our government": the speaker's state; "my Foreign Secretary": its office holder
                states = [self.side(r.actor) for r in first_person(self, own[0])]
                if lemma in STATE_GROUP:
                    return [Ref(a, "speaker", 0.8) for a in states[:1]]
                if states and states[0].type == "State":
                    holder = self._resolve_text(self.np_text(tok).split(" ", 1)[-1], focus=states[0].country)
                    if holder is not None:
                        return [Ref(holder, "role", 0.75)]
            text = self.np_text(tok)
            if lemma in self.lex.role_nouns and self._state_modifier(tok) is None:
                person = self.title_holder(tok, text, exclude)
                if person is not None:
                    return [Ref(person, "role", 0.8)]
            if lemma in self.lex.population_nouns:
                # "the people of Armenia", "the Ukrainian people": the state, as a population (A10)
                owner = [c for c in tok.children if c.dep_ in ("poss", "amod", "compound") and c.i in self.named]
                owner += [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                          for p in c.children if p.dep_ == "pobj" and p.i in self.named]
                states = [self.side(self.named[t.i]) for t in owner]
                return [Ref(a, "population", 0.75) for a in states if a.type in ("State", "NonState")][:1]
            shared = self._shared_of(tok) if tok.conjuncts and " of " not in text else None
            if shared:  # "the government and people of X": the "of" phrase belongs to both
                text = f"{text} of {shared}"
            # a bare title or organ ("the Prime Minister", "the government") is the focus state's; a
            # named one ("the Transitional Government") is not
            modified = lemma not in self.lex.role_nouns and any(
                c.dep_ in ("amod", "compound") and c.is_title for c in tok.children)
            actor = self._resolve_text(text, focus=None if modified else self.focus(tok.i)) if text else None
            if actor is None and " of " in text:
                actor = self._resolve_text(self.np_text(tok, with_of=False), focus=self.focus(tok.i))
            if actor is not None:
                how = "role" if lemma in self.lex.role_nouns else "organ"
                self.add_mention(tok, actor)
                return [Ref(actor, how, 0.9)]
            if lemma in self.lex.role_nouns:
                state = self._state_modifier(tok)
                if state is not None and any(c.lower_ == "the" for c in tok.children):
                    # "the Turkish minister" after "Hakan Fidan ...": the person of that state named last
                    person = next((m.actor for m in reversed(self.mentions) if m.i < tok.i
                                   and m.actor.type == "Person" and m.actor.country == state.country), None)
                    if person is not None:
                        return [Ref(person, "role", 0.75)]
                if state is not None:  # "the Egyptian foreign minister" speaks for Egypt
                    return [Ref(state, "role-state", 0.7)]
                named_modifier = any(t.i in self.named for t in tok.subtree if t.i != tok.i)
                person = None if named_modifier else self.recent(tok.i, types=("Person",), exclude=exclude)
                if person:  # "the envoy" is the last person named; "the UN envoy" is not just anyone
                    return [Ref(person, "role", 0.7)]
            group = self._group_member(tok)
            if group is not None:
                self.add_mention(tok, group)
                return [Ref(group, "member", 0.8)]
            if lemma in self.lex.member_nouns or low in self.lex.member_nouns:
                # "Hamas militants", "U.S. and British warplanes"; "Yemen's Houthi rebels": Houthi
                kids = [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod") and c.i in self.named]
                if kids:
                    found = [r.actor for c in kids for r in self.refs(c)]
                    self.add_mention(tok, found[0])
                    return [Ref(a, "member", 0.85) for a in dict.fromkeys(found)]
                for child in tok.children:  # "Maduro's forces", "its jets": the owner's side
                    if child.dep_ == "poss" and (child.i in self.named or child.pos_ == "PRON"):
                        owners = [self.side(r.actor) for r in self._single(child, allow_event=False, exclude=exclude)]
                        if owners:
                            self.add_mention(tok, owners[0])
                            return [Ref(a, "member", 0.8) for a in owners]
                # "the armed forces of X", "the militaries of X and Y"
                members = [r for p in tok.children if p.dep_ == "prep" and p.lower_ == "of"
                           for o in p.children if o.dep_ == "pobj" and o.i in self.named for r in self.refs(o)]
                if members:
                    return [Ref(self.side(r.actor), "member", 0.8) for r in members]
            if lemma in self.lex.government_nouns:  # "the Maduro regime", "the Putin government": the state
                for child in tok.children:
                    if child.dep_ in ("compound", "amod", "nmod", "poss") and child.i in self.named:
                        state = self.side(self.named[child.i])
                        if state.type == "State":
                            self.add_mention(tok, state)
                            return [Ref(state, "organ", 0.85)]
            if lemma in self.lex.organisation_anaphors and any(
                    c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
                kinds = ("NonState", "Organization") if lemma in self.lex.group_anaphors else ("Organization",)
                org = self.recent(tok.i, types=kinds, exclude=exclude)
                if org is not None:  # "the bloc", "the alliance": the organisation last named
                    return [Ref(org, "anaphor", 0.7)]
            org = self._short_name(tok)
            if org is not None:  # "the Council", "Council members" after "the Security Council"
                return [Ref(org, "anaphor", 0.75)]

            if allow_event:
                return self.acts.authors(tok, exclude=exclude)
        elif allow_event and tok.dep_ in ("dobj", "pobj") and tok.pos_ == "VERB":
            return self.acts.authors(tok, exclude=exclude)  # "North Korea's ICBM launch" tagged as a verb
        return []

    def title_holder(self, tok, text: str, exclude: Actor | None) -> Actor | None:
        """The person a bare title points back to: "the Prime Minister", "the head of state", "the
        leader" -> the latest person mentioned who holds that office (any person for a generic title)."""
        title = self.gaz.parse_title(text)
        if title is not None and title[1] is not None:
            return None  # "the President of the European Council" names its own office
        seen = set()
        for m in reversed(self.mentions):
            if m.i >= tok.i or m.actor.type != "Person" or m.actor.id in seen:
                continue
            if exclude is not None and m.actor.id == exclude.id:
                continue
            seen.add(m.actor.id)
            if title is None or title[0] in ("head", "leader"):
                return m.actor
            holder = self.gaz.office_holder(title[0], m.actor.country, self.date) if m.actor.country else None
            if holder is not None and holder.id == m.actor.id:
                return m.actor
        return None

    def _short_name(self, tok) -> Actor | None:
        """An organisation named earlier, called again by the last word of its name ("the Council")."""
        words = [t for t in (tok, *(c for c in tok.children if c.dep_ == "compound")) if t.is_title]
        for word in words:
            for m in reversed(self.mentions):
                if m.i < tok.i and m.actor.type == "Organization" and m.actor.label.split()[-1] == word.text:
                    return m.actor
        return None

    def _group_member(self, tok) -> Actor | None:
        """ "Kurdish separatist gunmen", "Houthi rebel fighters": a noun whose modifier names an
        armed group's kind stands for that group ("Armenian separatists")."""
        left = [t for t in tok.subtree if t.i < tok.i and t.dep_ in ("amod", "compound", "nmod", "det")]
        for n, t in enumerate(left):
            if t.lemma_.lower() in self.lex.group_modifiers or t.lower_ in self.lex.group_modifiers:
                words = [w.text for w in left[:n] if w.dep_ != "det"] + [t.lower_ + "s"]
                actor = self._resolve_text(" ".join(words))
                if actor is not None and actor.type == "NonState":
                    return actor
        return None

    def _shared_of(self, tok) -> str | None:
        """The "of" phrase coordinated nouns share ("the government and people of X" -> "X")."""
        for conj in tok.conjuncts:
            for child in conj.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    objs = [c for c in child.children if c.dep_ == "pobj"]
                    if objs:
                        return self.np_text(objs[0])
        return None

    def _state_modifier(self, tok) -> Actor | None:
        """The state named in front of a noun ("the Polish prime minister" -> Poland)."""
        for t in tok.subtree:
            if t.i >= tok.i:
                break
            actor = self.named.get(t.i)
            if actor is not None and actor.type == "State":
                return actor
        return None

    def side(self, actor: Actor) -> Actor:
        """The party an actor belongs to in a conflict: a leader's or organ's state, else itself."""
        if actor.type in ("Person", "Organization") and actor.country:
            state = self.gaz.get(actor.country)
            if state is not None:
                return state
        return actor

    def add_mention(self, tok, actor: Actor) -> None:
        """Remember a resolved phrase ("the Azerbaijani presidency") for later pronouns and roles."""
        if tok.i in self.heads:
            return
        self.heads[tok.i] = actor
        m = _Mention(tok.i, self.sent_of[tok.i], actor, tok.dep_ in ("nsubj", "nsubjpass"))
        bisect.insort(self.mentions, m, key=lambda x: x.i)

    @staticmethod
    def ref(actor: Actor, how: str, confidence: float = 1.0) -> Ref:
        return Ref(actor, how, confidence)

    def voice(self, tok) -> Voice | None:
        """Who speaks the text at ``tok`` outside quotations (None in a third-person report)."""
        for v in self.voices:
            if v.start <= tok.idx < v.end:
                return v
        return None

    def narrator(self, tok) -> tuple[Actor, ...]:
        """Who holds a stance the text takes in its own voice at ``tok`` ("Rwanda must withdraw"):
        a named speaker (SPEC A3), else the state or organisation the text speaks for."""
        v = self.voice(tok)
        if v is None:
            return ()
        spoken_for = v.how in ("on-behalf-of", "metadata")  # a joint statement is its signatories' (A1, A7)
        return (v.i,) if v.i is not None and v.i.type == "Person" and not spoken_for else v.we

    def focus(self, i: int) -> str | None:
        """The state a bare title refers to ("the Prime Minister"): the state most mentioned before
        token ``i``; at the start of a text, its home state (:meth:`home`)."""
        counts = Counter(m.actor.country for m in self.mentions if m.i < i and m.actor.country)
        return counts.most_common(1)[0][0] if counts else self.home

    @functools.cached_property
    def home(self) -> str | None:
        """The state a text comes from when it never says so (a readout opening "The Prime Minister
        spoke with President X"): the state it names most often whose people it never names, so
        an unnamed office holder is not one of the named interlocutors (SPEC A6)."""
        named_people = {m.actor.country for m in self.mentions if m.actor.type == "Person"}
        counts = Counter(m.actor.country for m in self.mentions
                         if m.actor.country and m.actor.type != "Person" and m.actor.country not in named_people)
        return counts.most_common(1)[0][0] if counts else None

    # ------------------------------------------------------------------ pronouns and roles
    def recent(self, i: int, *, types=None, exclude: Actor | None = None) -> Actor | None:
        """The latest actor mentioned before token ``i`` (of one of ``types``, not ``exclude``)."""
        for m in reversed(self.mentions):
            if m.i >= i or (types and m.actor.type not in types):
                continue
            if exclude is not None and m.actor.id == exclude.id:
                continue
            return m.actor
        return None

    def speaker(self, tok) -> Ref | None:
        """The subject of the nearest speech verb above ``tok`` ("X said ... it/we ...")."""
        head = tok.head
        seen = 0
        while head is not None and seen < 12:
            seen += 1
            if head.lemma_.lower() in self.lex.speech_verbs or head.lemma_.lower() in self.lex.evaluation_verbs:
                # "X rejected ... and said he ...": a coordinated speech verb shares its subject
                holder = head.head if head.dep_ == "conj" and not any(
                    c.dep_ == "nsubj" for c in head.children) else head
                for child in holder.children:
                    if child.dep_ in ("nsubj",) and not child.left_edge.i <= tok.i <= child.right_edge.i \
                            and child.lower_ not in FIRST_PERSON:
                        refs = self._single(child, allow_event=False, exclude=None)
                        if refs:
                            return Ref(refs[0].actor, "speaker", 0.85)
            if head.head.i == head.i:
                break
            head = head.head
        return None

    def pronoun(self, tok, *, exclude: Actor | None = None) -> list[Ref]:
        low = tok.lower_
        if low in RELATIVE and tok.head.dep_ == "relcl":
            return self._single(tok.head.head, allow_event=False, exclude=exclude)
        if low not in FIRST_PERSON | PERSONAL | NEUTER | PLURAL:
            return []  # "you", "this", "someone": no actor the text names
        if low in FIRST_PERSON:
            return first_person(self, tok)
        person = low in PERSONAL
        if tok.dep_ in ("nsubj", "nsubjpass", "poss"):
            # reported speech: "X said it had ...", "X says he supports ..."
            ref = self.speaker(tok if tok.dep_ != "poss" else tok.head)
            if ref is not None and (person or ref.actor.type != "Person"):
                return [Ref(ref.actor, "pronoun", 0.8)]
            prev = self._sentence_subject(tok, person)
            if prev is None and tok.dep_ == "poss" and low in PLURAL | NEUTER:
                # "the capabilities of the X militia to conduct their attacks": the actor named last in the sentence
                prev = self._sentence_mention(tok, exclude)
            prev = prev or self._previous_subject(tok.i, person)
            if prev is not None:
                return [Ref(prev, "pronoun", 0.7)]
        if low in PLURAL:  # "urged them to ...": the group named last
            group = next((members for _, members in self.groups_before(tok.i)
                          if exclude is None or not any(same_side(m, exclude) for m in members)), None)
            if group is not None and self.sent_of.get(tok.i, 0) - self._group_sentence(group, tok.i) <= 1:
                return [Ref(m, "pronoun", 0.65) for m in group]
        types = ("Person",) if low in ("he", "him", "his") else (
            ("State", "Organization", "NonState") if low in NEUTER else None)
        actor = self.recent(tok.i, types=types, exclude=exclude)
        if actor is None and low in ("she", "her"):
            actor = self.recent(tok.i, exclude=exclude)
        return [Ref(actor, "pronoun", 0.65)] if actor else []

    def _sentence_mention(self, tok, exclude: Actor | None) -> Actor | None:
        """The state, organisation or group named last before ``tok`` in its own sentence."""
        sent = self.sent_of.get(tok.i, 0)
        for m in reversed(self.mentions):
            if m.i >= tok.i:
                continue
            if m.sent != sent:
                return None
            if m.actor.type != "Person" and (exclude is None or not same_side(m.actor, exclude)):
                return m.actor
        return None

    def _sentence_subject(self, tok, person: bool) -> Actor | None:
        """The nearest clause subject before ``tok`` in its own sentence ("X fought Y, and their ...")."""
        sent = self.sent_of.get(tok.i, 0)
        for m in reversed(self.mentions):
            if m.i >= tok.i or not m.subject:
                continue
            if m.sent != sent:
                return None
            if (m.actor.type == "Person") == person:
                return m.actor
        return None

    def _previous_subject(self, i: int, person: bool) -> Actor | None:
        """The subject of the nearest earlier sentence that had an actor subject (centering)."""
        sent = self.sent_of.get(i, 0)
        for m in reversed(self.mentions):
            if m.sent >= sent or not m.subject:
                continue
            if sent - m.sent > 2:
                return None
            if person and m.actor.type != "Person" and self._has_person_subject(m.sent):
                continue
            if not person and m.actor.type == "Person":
                continue
            return m.actor
        return None

    def _has_person_subject(self, sent: int) -> bool:
        return any(m.sent == sent and m.subject and m.actor.type == "Person" for m in self.mentions)

    # ------------------------------------------------------------------ groups
    def note_group(self, i: int, actors) -> None:
        members = tuple(dict.fromkeys(actors))
        if len(members) > 1 and (i, members) not in self.groups:
            self.groups.append((i, members))

    def _group_sentence(self, members, before: int) -> int:
        """The sentence where ``members`` were last named as a group before token ``before``."""
        return max((self.sent_of.get(i, 0) for i, m in self.groups if m == members and i < before), default=-99)

    def groups_before(self, i: int) -> list[tuple[int, tuple[Actor, ...]]]:
        """The groups mentioned before token ``i``, nearest first."""
        return sorted((g for g in self.groups if g[0] < i), key=lambda g: g[0], reverse=True)

    def group(self, tok, exclude: Actor | None = None) -> list[Ref]:
        """ "the two countries", "both sides", "the parties (to the conflict)", "all three"."""
        low, lemma = tok.lower_, tok.lemma_.lower()
        number = None
        for child in tok.children:
            if child.dep_ in ("nummod", "det", "predet", "quantmod") and child.lower_ in NUMBERS:
                number = NUMBERS[child.lower_]
        is_number_word = low in NUMBERS and low != "both" and tok.dep_ in ("nsubj", "nummod", "dobj", "pobj")
        if is_number_word:
            number = NUMBERS[low]
        elif low == "both" and tok.dep_ in ("nsubj", "dobj", "pobj"):
            number = 2
        elif lemma not in self.lex.group_nouns or tok.tag_ not in ("NNS", "NNPS"):
            return []
        definite = any(c.dep_ == "det" and c.lower_ in ("the", "both", "these", "those", "all") for c in tok.children)
        if tok.tag_ in ("NNS", "NNPS") and number is None and not definite:
            return []
        states_only = lemma in STATE_GROUP
        local = is_number_word or low == "both"  # "all three", "both" point close by
        for i, members in self.groups_before(tok.i):
            if local and self.sent_of.get(tok.i, 0) - self.sent_of.get(i, 0) > 1:
                break
            if number is not None and len(members) != number:
                continue
            if number is None and len(members) != 2:
                continue
            if states_only and any(m.type not in ("State", "NonState") for m in members):
                continue
            if exclude is not None and any(same_side(m, exclude) for m in members):
                continue  # "X and Y ... urge the parties": the parties are not X and Y
            return [Ref(m, "group", 0.7) for m in members]
        if number in (None, 2) and (low == "both" or lemma in self.lex.group_nouns) and tok.dep_ not in ("nsubj", "nsubjpass"):
            # "urged both sides to ... on the border between X and Y": the pair named later in the sentence
            sent = self.sent_of.get(tok.i, 0)
            for i, members in sorted(self.groups):
                if i > tok.i and self.sent_of.get(i) == sent and len(members) == 2 and not (
                        exclude is not None and any(same_side(m, exclude) for m in members)):
                    return [Ref(m, "group", 0.65) for m in members]
        return []
