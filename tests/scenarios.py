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

#: (subject, relation, object, evidence) of the Karabakh-like scenario.
KARABAKH = [
    ("AZE", "attacks", "NKS", "Azerbaijan launched a military operation in Nagorno-Karabakh."),
    ("AZE", "demands", "NKS", "Baku called on the separatists to lay down their arms."),
    ("FRA", "condemns", "AZE", "France denounced an illegal and unjustifiable offensive."),
    ("ARM", "condemns", "AZE", "Armenian diplomacy denounced a large-scale aggression."),
    ("ARM", "demands", "RUS", "Armenia judged that Russia must stop Azerbaijani aggression."),
    ("nikol-pashinyan", "accuses", "AZE", "Pashinyan accused Baku of wanting to drag Armenia into hostilities."),
    ("AZE", "consults", "RUS", "Baku said it had informed Russia and Turkey of its operations."),
    ("AZE", "consults", "TUR", "Baku said it had informed Russia and Turkey of its operations."),
    ("RUS", "appeals", "ARM", "The Kremlin was trying to convince Armenia and Azerbaijan to negotiate."),
    ("RUS", "appeals", "AZE", "The Kremlin was trying to convince Armenia and Azerbaijan to negotiate."),
    ("RUS-foreign-ministry", "appeals", "AZE", "We urge the parties to stop the bloodshed."),
    ("nikol-pashinyan", "consults", "emmanuel-macron", "Pashinyan had a telephone conversation with Macron."),
    ("nikol-pashinyan", "consults", "antony-blinken", "Pashinyan had a telephone conversation with Blinken."),
    ("emmanuel-macron", "condemns", "AZE", "All three deemed the use of force inadmissible."),
    ("antony-blinken", "condemns", "AZE", "All three deemed the use of force inadmissible."),
    ("charles-michel", "mediates", "ARM", "Michel has led mediation between the two countries."),
    ("charles-michel", "mediates", "AZE", "Michel has led mediation between the two countries."),
    ("charles-michel", "demands", "AZE", "Michel ruled that Azerbaijan must immediately cease its operation."),
    ("recep-tayyip-erdogan", "supports", "AZE", "Erdogan says he supports Azerbaijan's operation."),
    ("emmanuel-macron", "condemns", "AZE", "Macron condemned the use of force by Azerbaijan."),
    ("emmanuel-macron", "demands", "AZE", "Macron called on Baku for an immediate cessation."),
    ("emmanuel-macron", "appeals", "nikol-pashinyan", "Macron urged Pashinyan to resume discussions."),
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
