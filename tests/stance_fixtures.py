"""A small, hand-made stance graph shared by the query and server tests.

Six actors (France, Emmanuel Macron, Turkey, Azerbaijan, Armenia, Russia) and thirteen dated
stances in two articles, mapped to RDF with :mod:`diplograph.loaders.to_rdf`.
"""

from __future__ import annotations

import datetime as dt

from diplograph.loaders.records import Actor, Article, StanceMention
from diplograph.loaders.to_rdf import to_triples

FRA = Actor("FRA", "France", "State", "FRA", qid="Q142")
MACRON = Actor("emmanuel-macron", "Emmanuel Macron", "Person", "FRA", qid="Q3052772")
TUR = Actor("TUR", "Turkey", "State", "TUR")
AZE = Actor("AZE", "Azerbaijan", "State", "AZE")
ARM = Actor("ARM", "Armenia", "State", "ARM")
RUS = Actor("RUS", "Russia", "State", "RUS")

D19, D20, D21 = dt.date(2023, 9, 19), dt.date(2023, 9, 20), dt.date(2023, 9, 21)

ARTICLE_1 = Article("Day one of the Karabakh offensive.", D19, source="day1.txt", title="day1")
ARTICLE_2 = Article("Day two and three of the Karabakh offensive.", D20, source="day2.txt", title="day2")

# (subject, relation, object, evidence, date, quote, article)
_STANCES = [
    (FRA, "condemns", AZE, "France condemned the Azerbaijani offensive.", D19, None, ARTICLE_1),
    (ARM, "condemns", AZE, "Armenia condemned the attack.", D19, None, ARTICLE_1),
    (ARM, "accuses", AZE, "Yerevan accused Baku of ethnic cleansing.", D19, None, ARTICLE_1),
    (TUR, "supports", AZE, "Ankara backed Baku's operation.", D19, None, ARTICLE_1),
    (AZE, "attacks", ARM, "Azerbaijan launched strikes on Armenian positions.", D19, None, ARTICLE_1),
    (MACRON, "condemns", AZE, "Macron said the offensive was unacceptable.", D20,
     "This offensive is unacceptable", ARTICLE_2),
    (RUS, "mediates", ARM, "Russia brokered talks between Armenia and Azerbaijan.", D20, None, ARTICLE_2),
    (RUS, "mediates", AZE, "Russia brokered talks between Armenia and Azerbaijan.", D20, None, ARTICLE_2),
    (RUS, "appeals", AZE, "Moscow urged Baku to stop the fighting.", D21, None, ARTICLE_2),
    (FRA, "supports", ARM, "France pledged support to Armenia.", D21, None, ARTICLE_2),
    (FRA, "condemns", RUS, "Paris criticised Russia's passivity.", D21, None, ARTICLE_2),
    (ARM, "condemns", RUS, "Armenia criticised the Russian peacekeepers.", D21, None, ARTICLE_2),
    (TUR, "condemns", ARM, "Turkey denounced Armenian provocations.", D21, None, ARTICLE_2),
]


def stances() -> list[tuple[Article, StanceMention]]:
    out = []
    offset = 0
    for subject, relation, obj, evidence, date, quote, article in _STANCES:
        out.append((article, StanceMention(subject, relation, obj, evidence, offset, offset + len(evidence),
                                           date, 0.9, "test.v1", quote=quote, article=article.hash)))
        offset += len(evidence) + 1
    return out


def triples() -> list[tuple]:
    """Every triple of the fixture graph (both articles), without duplicates."""
    out: dict[tuple, None] = {}
    for article in (ARTICLE_1, ARTICLE_2):
        mine = [st for art, st in stances() if art is article]
        for t in to_triples(article, mine):
            out[t] = None
    return list(out)


def fixture_graph():
    """The fixture as an rdflib graph on an in-memory Oxigraph store."""
    from diplograph.graph.store import open_graph

    graph = open_graph()
    graph.addN((s, p, o, graph) for s, p, o in triples())
    return graph
