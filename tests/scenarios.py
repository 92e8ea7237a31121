"""Hand-made stance scenarios for the network, analysis, drawing and export tests.

The RDF is produced by the real mapping (``loaders/to_rdf.py``) from hand-written
:class:`Actor` and :class:`StanceMention` records, so no spaCy model is needed.
"""

from __future__ import annotations

import datetime as dt

from diplograph.graph.store import open_graph
from diplograph.loaders.records import Actor, Article, StanceMention
from diplograph.loaders.to_rdf import to_triples

DAY = dt.date(2023, 9, 19)

ACTORS = {a.id: a for a in [
    Actor("FRA", "France", "State", "FRA", qid="Q142"),
    Actor("USA", "United States", "State", "USA"),
    Actor("ARM", "Armenia", "State", "ARM"),
    Actor("AZE", "Azerbaijan", "State", "AZE"),
    Actor("TUR", "Turkey", "State", "TUR"),
    Actor("RUS", "Russia", "State", "RUS"),
    Actor("emmanuel-macron", "Emmanuel Macron", "Person", "FRA", office="head of state"),
    Actor("antony-blinken", "Antony Blinken", "Person", "USA", office="foreign minister"),
    Actor("nikol-pashinyan", "Nikol Pashinyan", "Person", "ARM", office="head of government"),
    Actor("recep-tayyip-erdogan", "Recep Tayyip Erdoğan", "Person", "TUR", office="head of state"),
    Actor("charles-michel", "Charles Michel", "Person", None, office="President of the European Council"),
    Actor("RUS-foreign-ministry", "Russian Foreign Ministry", "Organization", "RUS", parent="RUS"),
    Actor("NKS", "Nagorno-Karabakh separatists", "NonState", None),
]}

#: (subject, relation, object, evidence) of a scenario shaped like the bundled example; the evidence
#: strings are placeholders written for the tests, not sentences of any article.
KARABAKH = [
    ("AZE", "attacks", "NKS", "Hand-made: Azerbaijan attacks the separatists."),
    ("AZE", "demands", "NKS", "Hand-made: Azerbaijan demands the separatists."),
    ("FRA", "condemns", "AZE", "Hand-made: France condemns Azerbaijan."),
    ("ARM", "condemns", "AZE", "Hand-made: Armenia condemns Azerbaijan."),
    ("ARM", "demands", "RUS", "Hand-made: Armenia demands Russia."),
    ("nikol-pashinyan", "accuses", "AZE", "Hand-made: Pashinyan accuses Azerbaijan."),
    ("AZE", "consults", "RUS", "Hand-made: Azerbaijan consults Russia."),
    ("AZE", "consults", "TUR", "Hand-made: Azerbaijan consults Turkey."),
    ("RUS", "appeals", "ARM", "Hand-made: Russia appeals Armenia."),
    ("RUS", "appeals", "AZE", "Hand-made: Russia appeals Azerbaijan."),
    ("RUS-foreign-ministry", "appeals", "AZE", "Hand-made: The Russian foreign ministry appeals Azerbaijan."),
    ("nikol-pashinyan", "consults", "emmanuel-macron", "Hand-made: Pashinyan consults Macron."),
    ("nikol-pashinyan", "consults", "antony-blinken", "Hand-made: Pashinyan consults Blinken."),
    ("emmanuel-macron", "condemns", "AZE", "Hand-made: Macron condemns Azerbaijan."),
    ("antony-blinken", "condemns", "AZE", "Hand-made: Blinken condemns Azerbaijan."),
    ("charles-michel", "mediates", "ARM", "Hand-made: Michel mediates Armenia."),
    ("charles-michel", "mediates", "AZE", "Hand-made: Michel mediates Azerbaijan."),
    ("charles-michel", "demands", "AZE", "Hand-made: Michel demands Azerbaijan."),
    ("recep-tayyip-erdogan", "supports", "AZE", "Hand-made: Erdogan supports Azerbaijan."),
    ("emmanuel-macron", "condemns", "AZE", "Hand-made: Macron condemns Azerbaijan."),
    ("emmanuel-macron", "demands", "AZE", "Hand-made: Macron demands Azerbaijan."),
    ("emmanuel-macron", "appeals", "nikol-pashinyan", "Hand-made: Macron appeals Pashinyan."),
]


def stances(rows=KARABAKH, date=DAY, actors=ACTORS):
    """The article and its StanceMention records for ``rows``."""
    text = " ".join(ev for *_, ev in rows)
    article = Article(text, date, source="scenario")
    out, offset = [], 0
    for _i, (s, rel, o, ev) in enumerate(rows):
        out.append(StanceMention(actors[s], rel, actors[o], ev, offset, offset + len(ev), date,
                                 0.9, "hand-made", article=article.hash))
        offset += len(ev) + 1
    return article, out


def rdf(rows=KARABAKH, date=DAY, graph=None):
    """An in-memory Oxigraph-backed rdflib graph holding ``rows`` as one article."""
    graph = open_graph() if graph is None else graph
    article, sts = stances(rows, date)
    graph += to_triples(article, sts)
    return graph
