"""Who speaks: the voice of a statement, a speech, a readout or a transcript.

Much of what states say to each other is in the first person ("We condemn ...", "I call on
...").  A :class:`Voice` says who "we" and "I" are in a stretch of text, and how that was found
(SPEC addendum A1, A2, A7, A8).  :func:`find_voices` reads, in this order of strength:

``metadata``      the speaker given with the text (``--speaker``, a corpus item's ``speaker``)
``on-behalf-of``  "... on behalf of A, B and C" in a title line or in the body
``title``         a title or byline line: "Statement by the Ministry of Foreign Affairs of Japan",
                  "Joint Statement of A, B and C", "Remarks by Ambassador NAME at ...",
                  "Press Statement - NAME, Secretary of State", "As delivered by NAME"
``label``         a transcript label that opens a paragraph ("MR SMITH:", "QUESTION:"), or a line
                  that introduces what follows ("The Foreign Secretary said:")
``self-naming``   the actor a statement names as itself in its own voice: a state or organisation
                  subject of a stance or speech verb in the present tense outside quotations
                  ("The United Kingdom condemns ... We urge ...")

A news report in the third person has no voice: its "we" (outside quotations) names nobody.
"we/our/us" is the state or organisation spoken for (a person's state, or the organisation whose
office they hold); "I/my" is the named person, else that state or organisation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from diplograph.loaders.records import Actor

__all__ = ["Voice", "find_quotes", "find_voices", "first_person", "quote_speaker", "quote_topic", "resolve_names",
           "voice_of"]

QUOTE_PAIRS = {"“": "”", '"': '"', "«": "»", "‘": "’"}

#: Words that open a title or byline line and are followed by who speaks ("Statement by X").
_GENRE = (r"(?:joint\s+|press\s+|closing\s+|opening\s+|national\s+|written\s+)?"
          r"(?:statement|remarks|declaration|speech|address|readout|communiqu[eé]|briefing|"
          r"intervention|explanation\s+of\s+(?:vote|position)|message|note|comments?|letter|"
          r"transcript|press\s+release|keynote)")
_TITLE = re.compile(rf"(?i)^\W*(?:the\s+)?{_GENRE}\b(?P<rest>.*)$")
_BY = re.compile(r"(?i)\bby\s+(?P<who>.+)$")
_OF = re.compile(r"(?i)^\s*(?:of|from)\s+(?P<who>.+)$")
_DELIVERED = re.compile(r"(?i)\b(?:as\s+)?(?:delivered|presented|read|given|made|signed)\s+by\s+(?P<who>.+)$")
_BEHALF = re.compile(r"(?i)\bon\s+behalf\s+of\s+(?P<who>.+?)(?=[.;:]|\s+as\s+|,\s+(?:as|who|which)\b|$)")
# where the "by X" phrase ends: a venue, an occasion, a date
_VENUE = re.compile(r"(?i)\s+(?:at|to|before|during|in|on(?!\s+behalf)|following|after|for|regarding|"
                    r"concerning|about|upon)\s+.*$|\s*[(\[].*$|\s+[-–—|]\s+.*$")
_LABEL = re.compile(r"^\s*(?P<who>(?:[A-Z][A-Z.'’\- ]{0,40}|Q|Question|Moderator|Operator)):\s*(?P<rest>.*)$")
_NOBODY_LABELS = {"QUESTION", "Q", "MODERATOR", "OPERATOR", "QUESTIONER", "PARTICIPANT", "REPORTER",
                  "JOURNALIST", "AUDIENCE", "ANSWER", "A", "NOTE", "EDITOR'S NOTE", "UPDATE"}
_HONORIFIC = re.compile(r"(?i)^(?:mr|ms|mrs|miss|dr|prof|sir|dame|madam|madame|mister|ambassador|minister|"
                        r"secretary|president|prime minister|general)\.?\s+")
_INTRO = re.compile(r"(?i)^(?P<who>.{2,120}?)\s+(?:said|says|stated|states|added|declared|wrote|commented|"
                    r"told\s+\w+)\s*:\s*$")
_HEADLINE = re.compile(r"^(?P<who>[A-Z][^,:;]{1,80}?)\s+(?P<verb>[A-Z][a-z]+(?:s|es))\b")
_SPLIT = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*|;\s*)")
_SELF_VERBS = {"reaffirm", "reiterate", "express", "recognise", "recognize", "remain", "stand", "join",
               "note", "be", "underline", "underscore", "emphasise", "emphasize", "share", "call", "continue",
               "believe", "regret", "deplore", "welcome"}


@dataclass(frozen=True)
class Voice:
    """Who speaks the text from character ``start`` to ``end``: "we" is ``we``, "I" is ``i``."""

    start: int
    end: int
    we: tuple[Actor, ...]
    i: Actor | None
    how: str
    evidence: str = ""

    def describe(self) -> str:
        who = " + ".join(a.label for a in self.we) or "nobody"
        person = f", I = {self.i.label}" if self.i is not None and self.i not in self.we else ""
        return f"we = {who}{person} ({self.how}: {self.evidence[:80]!r})"


def voice_of(actors, gazetteer, date) -> tuple[tuple[Actor, ...], Actor | None]:
    """``(we, I)`` for the speakers ``actors``: a person speaks for their state or organisation,
    an organ for its state; "I" is the one person, else the one actor spoken for."""
    we: list[Actor] = []
    persons = [a for a in actors if a.type == "Person"]
    for a in actors:
        body, hops = a, 0
        # a person speaks for the body whose office they hold; an organ of a state for the state
        while body.type in ("Person", "Organization") and (body.type == "Person" or body.country) and hops < 3:
            up = gazetteer.get(body.parent, date) if body.parent else None
            if up is None and body.type == "Person" and body.country:
                up = gazetteer.get(body.country, date)
            if up is None:
                break
            body, hops = up, hops + 1
        if body not in we:
            we.append(body)
    i = persons[0] if len(persons) == 1 else (we[0] if len(we) == 1 else None)
    return tuple(we), i


def resolve_names(text: str, date, gazetteer, focus: str | None = None, *, sub: bool = False) -> tuple[Actor, ...]:
    """The actors a name or a list of names ("A, B and C") stands for; ``()`` when one of the
    names is unknown.

    >>> import datetime as dt
    >>> from diplograph.loaders.actors import load_gazetteer
    >>> [a.id for a in resolve_names("Saudi Arabia and the United States", dt.date(2023, 6, 20), load_gazetteer())]
    ['SAU', 'USA']
    """
    text = re.sub(r"\s+", " ", text).strip(" .,:;-–—\"“”'")
    if not text:
        return ()
    whole = _resolve_title(text, date, gazetteer, focus)
    if whole is not None:
        return (whole,)
    parts = [p for p in _SPLIT.split(text) if p and p.lower() not in ("the", "and")]
    if len(parts) < 2:
        alone = _resolve_title(text, date, gazetteer, focus, sub=True) if sub else None
        return (alone,) if alone is not None else ()
    found = []
    for part in parts:
        actor = _resolve_title(part, date, gazetteer, focus, sub=sub)
        if actor is None:
            if part.lower() in ("my country", "my government", "our country"):
                continue  # "on behalf of my country and X": the speaker's own state, added by the caller
            return ()
        if actor not in found:
            found.append(actor)
    return tuple(found)


def _resolve_title(text: str, date, gazetteer, focus, sub: bool = False) -> Actor | None:
    """A name, a titled name, or the organisation inside a title phrase ("the Spokesperson of the
    Ministry of Foreign Affairs of Japan" -> the ministry); with ``sub``, else an actor named by a
    run of its words ("the UK ambassador" -> the UK)."""
    text = text.strip(" .,:;\"“”'")
    found = gazetteer.resolve(text, date, focus=focus)
    if found is not None:
        return found
    bare = _HONORIFIC.sub("", text)
    if bare != text:
        found = gazetteer.resolve(bare, date, focus=focus)
        if found is not None:
            return found
    for m in re.finditer(r"(?i)\bof\s+", text):  # the holder of a title: "Spokesperson of X" -> X
        found = gazetteer.resolve(text[m.end():], date, focus=focus)
        if found is not None:
            return found
    if not sub:
        return None
    # the longest run of words inside that names an actor: "the UK ambassador" -> the UK,
    # "Global Affairs Canada" -> Canada (a title line's speaker phrase names its affiliation)
    words = text.split()
    for size in range(min(len(words) - 1, 6), 0, -1):
        for start in range(len(words) - size + 1):
            part = " ".join(words[start:start + size])
            if not any(c.isupper() for c in part):
                continue
            found = gazetteer.resolve(part, date, focus=focus)
            if found is not None and found.type in ("State", "Organization", "Person"):
                return found
    return None


def _lines(text: str):
    """``(start, end, line)`` for every non-empty line of ``text``."""
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            yield pos + lead, pos + len(line.rstrip()), line.strip()
        pos += len(line) + 1


def _is_header(line: str) -> bool:
    """A title or byline line: no sentence end, or a title phrase."""
    if _TITLE.match(line) or _DELIVERED.search(line):
        return True
    words = line.split()
    return len(words) <= 25 and not re.search(r"[.!?:;]['’”\"]?$", line)


def find_voices(doc, date, gazetteer, *, metadata=(), quotes=(), subjects=None,
                stance_verbs=frozenset(), surnames=None) -> list[Voice]:
    """The voices of a parsed document, in text order (see the module docstring).

    ``surnames`` maps the last names of people named in the text to them (for labels such as
    "MR SMITH:"); ``subjects`` is an iterable of ``(token, actor)`` clause subjects the discourse layer resolved
    and ``stance_verbs`` the lemmas of the stance lexicon (both for self-naming); ``quotes`` the
    character spans of quotations.
    """
    text = doc.text
    n = len(text)
    if metadata:
        we, i = voice_of(metadata, gazetteer, date)
        return [Voice(0, n, we, i, "metadata", " + ".join(a.label for a in metadata))]
    lines = list(_lines(text))
    header: list[tuple[tuple[Actor, ...], Actor | None, str, str]] = []  # (we, I, how, evidence)
    body_start = 0
    focus = None
    for k, (a, b, line) in enumerate(lines):
        if k >= 8 or (not _is_header(line) and not _BEHALF.search(line) and not _is_salutation(line)):
            body_start = a
            break
        body_start = b + 1
        found = _header_voice(line, date, gazetteer, focus, stance_verbs)
        if found is not None:
            header.append(found)
            focus = focus or _focus(found)
    voices: list[Voice] = []
    base = _combine(header)
    # "on behalf of" in the first paragraphs of the body, when the header did not say it
    if base is None or base[2] != "on-behalf-of":
        for _, _, line in lines[:12]:
            m = _BEHALF.search(line)
            if m:
                actors = list(resolve_names(m.group("who"), date, gazetteer, focus))
                own = re.search(r"(?i)\bmy\s+(?:country|government)\b", m.group("who"))
                if own and base is not None:
                    actors = [*base[0], *[x for x in actors if x not in base[0]]]
                if actors:
                    we, _ = voice_of(actors, gazetteer, date)
                    person = base[1] if base is not None and base[1] is not None and base[1].type == "Person" else None
                    base = (we, person or (we[0] if len(we) == 1 else None), "on-behalf-of", line)
                    break
    if base is None:
        found = _self_naming(subjects or (), quotes, stance_verbs)
        if found is not None:
            actor, evidence = found
            we, i = voice_of([actor], gazetteer, date)
            base = (we, i, "self-naming", evidence)
    start = 0
    current = base
    for a, _, line in lines:
        if a < body_start:
            continue
        label = _label_voice(line, date, gazetteer, focus or _focus(current), surnames or {})
        if label is None:
            continue
        if a > start:
            voices.append(_voice(start, a, current))
        start, current = a, label
    voices.append(_voice(start, n, current))
    return [v for v in voices if v is not None]


def _voice(start, end, found) -> Voice | None:
    if found is None:
        return None
    we, i, how, evidence = found
    return Voice(start, end, tuple(we), i, how, evidence)


def _focus(found) -> str | None:
    if found is None:
        return None
    return next((a.country for a in found[0] if a.country), None)


def _combine(header):
    """One voice from the title lines: "on behalf of" wins, then the signatories of the title,
    with the person who delivers it as "I"."""
    if not header:
        return None
    behalf = [h for h in header if h[2] == "on-behalf-of"]
    main = behalf[0] if behalf else max(header, key=lambda h: (len(h[0]) > 1, h[2] == "title"))
    person = next((h[1] for h in header if h[1] is not None and h[1].type == "Person"), None)
    we = main[0]
    i = person if person is not None else main[1]
    return (we, i, main[2], main[3])


def _is_salutation(line: str) -> bool:
    """ "Thank you, Mr. President.", "Madam Chair,", "Excellencies, ladies and gentlemen," """
    return bool(re.match(r"(?i)^\W*(?:thank\s+you|thanks|(?:mr|madam|madame|mister)\.?\s+(?:president|chair|"
                         r"chairman|chairperson|vice[- ]president|secretary[- ]general|speaker|moderator)|"
                         r"excellenc|ladies\s+and\s+gentlemen|distinguished|dear\s+colleagues|colleagues)\b",
                         line)) and len(line.split()) <= 12


def _header_voice(line, date, gazetteer, focus, stance_verbs=frozenset()):
    """``(we, I, how, line)`` for the speaker a title or byline line names, or None."""
    for who, how, sub in _header_names(line, stance_verbs):
        actors = resolve_names(who, date, gazetteer, focus, sub=sub)
        if actors:
            we, i = voice_of(actors, gazetteer, date)
            return we, i, how, line
    return None


def _header_names(line, stance_verbs):
    """The phrases of a title line that may name its speaker, most explicit first: ``(phrase,
    how, sub)``, where ``sub`` lets an actor named by a run of the phrase's words do."""
    m = _BEHALF.search(line)
    if m:
        yield m.group("who"), "on-behalf-of", False
    m = _DELIVERED.search(line)
    if m:
        yield _VENUE.sub("", m.group("who")), "title", False
    m = _TITLE.match(line)
    if m:
        rest = m.group("rest").strip()
        who = None
        by = _BY.search(rest) or _OF.match(rest)  # "Statement on Sudan by X", "Statement of X"
        if by:
            who = by.group("who")
        elif re.match(r"^\s*[-–—:|]\s*", rest):  # "Press Statement - NAME, Secretary of State"
            who = re.sub(r"^\s*[-–—:|]\s*", "", rest)
        if who:
            for candidate in (_VENUE.sub("", who), who, who.split(",")[0]):
                yield candidate, "title", False
            yield _VENUE.sub("", who), "title", True
    m = _HEADLINE.match(line)  # "U.S. Embassy Condemns Attacks in Kabul"
    if m and (m.group("verb").lower().rstrip("s") in stance_verbs or m.group("verb").lower()[:-2] in stance_verbs):
        yield m.group("who"), "title", False


def _label_voice(line, date, gazetteer, focus, surnames):
    """A transcript label or an introducing line changes who speaks from here on."""
    m = _LABEL.match(line)
    if m and (m.group("who").isupper() or m.group("who") in ("Q", "Question", "Moderator", "Operator")):
        who = m.group("who").strip()
        if who.upper() in _NOBODY_LABELS:
            return ((), None, "label", line)
        name = _HONORIFIC.sub("", who.title()).strip()
        actor = surnames.get(name.split()[-1]) if name else None
        actor = actor or _resolve_title(who.title(), date, gazetteer, focus) or _resolve_title(name, date, gazetteer, focus)
        if actor is not None:
            we, i = voice_of([actor], gazetteer, date)
            return we, i, "label", line
        return ((), None, "label", line)  # an unknown speaker speaks for no one we know
    m = _INTRO.match(line)
    if m:
        actors = resolve_names(m.group("who"), date, gazetteer, focus)
        if actors:
            we, i = voice_of(actors, gazetteer, date)
            return we, i, "label", line
    return None


def _self_naming(subjects, quotes, stance_verbs):
    """The state or organisation a statement names as itself: the first clause subject of a
    present-tense stance or speech verb in the text's own voice ("The United Kingdom condemns")."""
    def quoted(tok):
        return any(a <= tok.idx < b for a, b in quotes)

    for tok, actor in subjects:
        if actor.type not in ("State", "Organization") or quoted(tok):
            continue
        verb = tok.head
        if verb.dep_ != "ROOT" and not (verb.dep_ == "conj" and verb.head.dep_ == "ROOT"):
            continue  # "France says Russia condemns ...": not the text's own voice
        if verb.tag_ not in ("VBZ", "VBP") and not any(c.tag_ in ("VBZ", "VBP") and c.dep_ in ("aux", "auxpass")
                                                       for c in verb.children):
            continue
        if any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children):
            continue
        if verb.lemma_.lower() in _SELF_VERBS or verb.lemma_.lower() in stance_verbs:
            return actor, verb.sent.text.strip()
    return None


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Character spans of quotations (“…”, "…", «…»), each within one paragraph.

    >>> find_quotes('He said “no” and left.')
    [(8, 12)]
    """
    spans, i = [], 0
    opening = re.compile(r"[“\"«]")
    while True:
        m = opening.search(text, i)
        if not m:
            break
        # the nearest closing mark: the matching one or a straight quote (news copy mixes them);
        # a quotation does not run past the end of its paragraph
        ends = [j for j in (text.find(QUOTE_PAIRS[m.group()], m.end()), text.find('"', m.end())) if j >= 0]
        j = min(ends) if ends else -1
        nl = text.find("\n", m.end())
        if j < 0 or 0 <= nl < j:
            i = m.end()
            continue
        spans.append((m.start(), j + 1))
        i = j + 1
    return spans


# ---------------------------------------------------------------------- first person and quotations
def first_person(disc, tok) -> list:
    """ "we/our/us" is the state or organisation the speaker speaks for; "I/my" the speaker.
    Inside a quotation the speaker is who the quotation is attributed to; outside, the subject
    of a speech verb above ("X said we ..."), else the text's voice (none in a news report)."""
    singular = tok.lower_ in ("i", "me", "my", "mine")
    ref = disc.speaker(tok)
    if ref is None and disc.in_quote(tok):
        ref = quote_speaker(disc, tok)
    if ref is not None:
        we, i = voice_of([ref.actor], disc.gaz, disc.date)
        return [disc.ref(i, "speaker", 0.8)] if singular and i is not None else [disc.ref(a, "speaker", 0.8) for a in we]
    if disc.in_quote(tok):
        return []
    v = disc.voice(tok)
    if v is None:
        return []
    if singular and v.i is not None:
        return [disc.ref(v.i, "voice", 0.8)]
    return [disc.ref(a, "voice", 0.8) for a in v.we]


def quote_speaker(disc, tok):
    """Who a quotation is attributed to: the subject of a speech verb outside quotation marks in
    the sentences the quotation spans or in the sentence right after it ("..., he said."), else
    the speaker a line introduced ("X said:"). What the speech verb says the quotation is about
    ("X said of Y's assault") is kept as the quotation's topic (:func:`quote_topic`)."""
    span = disc.in_quote(tok)
    if span is None:
        return None
    if span in disc.quote_voices:
        return disc.quote_voices[span]
    first, last = disc.sent_of[tok.i], disc.sent_of[tok.i]
    while first > 0 and disc.sents[first - 1].end_char > span[0]:
        first -= 1
    while last + 1 < len(disc.sents) and disc.sents[last + 1].start_char < span[1]:
        last += 1
    found = None
    for n in range(first, min(last + 2, len(disc.sents))):
        sent = disc.sents[n]
        if n == last + 1 and "\n" in disc.text[span[1]:sent.start_char]:
            break  # the next paragraph is not the quotation's attribution
        for t in sent:
            if t.lemma_.lower() in disc.lex.speech_verbs and not disc.in_quote(t):
                holder = t if any(c.dep_ == "nsubj" for c in t.children) or t.dep_ != "conj" else t.head
                for child in holder.children:
                    if child.dep_ == "nsubj" and not disc.in_quote(child):
                        refs = disc._single(child, allow_event=False, exclude=None)
                        if refs:
                            found = disc.ref(refs[0].actor, "speaker", 0.8)
                            # "..., X said of Y's assault": what the quotation speaks about
                            disc.quote_topics[span] = next(
                                (p for c in t.children if c.dep_ == "prep" and c.lower_ in ("of", "about")
                                 for p in c.children if p.dep_ == "pobj"), None)
                            break
            if found:
                break
        if found:
            break
    if found is None:
        v = disc.voice(tok)
        if v is not None and v.how == "label" and (v.i or v.we):
            found = disc.ref(v.i or v.we[0], "speaker", 0.75)
    disc.quote_voices[span] = found
    return found


def quote_topic(disc, tok):
    """The act a quotation speaks about, when its attribution names one ("said of X's assault"):
    "this" and "it" inside the quotation stand for it."""
    span = disc.in_quote(tok)
    if span is None:
        return None
    quote_speaker(disc, tok)
    return disc.quote_topics.get(span)
