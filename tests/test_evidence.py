"""The strongest evidence wins: per article, per edge, in the page's tooltip."""

import datetime as dt

import networkx as nx

from diplograph.graph.aggregate import aggregate_edges
from diplograph.graph.network import aggregate, stance_graph
from diplograph.graph.store import open_graph
from diplograph.loaders.records import Actor, Article, StanceMention
from diplograph.loaders.to_rdf import to_triples

WEAK = ("Turkey, for its part, condemned, via an official press release published in the evening, "
        "\u201cwith the greatest firmness the use of force by Israel\u201d.")
STRONG = "Turkey condemned Israel on Wednesday."


def test_an_article_keeps_its_most_confident_sentence_not_its_first(extractor):
    weak = extractor.extract(Article(WEAK, dt.date(2023, 9, 19), "t"))
    assert [(s.subject.id, s.relation, s.object.id) for s in weak] == [("TUR", "condemns", "ISR")]
    both = extractor.extract(Article(WEAK + " " + STRONG, dt.date(2023, 9, 19), "t"))
    [st] = [s for s in both if (s.subject.id, s.relation, s.object.id) == ("TUR", "condemns", "ISR")]
    assert st.evidence == STRONG and st.confidence > weak[0].confidence
    # equally confident: the first in the text stays
    twice = extractor.extract(Article(STRONG + " Turkey condemned Israel again.", dt.date(2023, 9, 19), "t"))
    assert [s.evidence for s in twice] == [STRONG]


def _rdf(confidences):
    fra, aze = Actor("FRA", "France", "State", "FRA"), Actor("AZE", "Azerbaijan", "State", "AZE")
    g = open_graph()
    for n, conf in enumerate(confidences):
        art = Article(f"Outlet {n}: France condemns Azerbaijan.", dt.date(2023, 9, 19 + n))
        st = StanceMention(fra, "condemns", aze, f"Sentence {n}.", 10, 20, dt.date(2023, 9, 19), conf,
                           "test", article=art.hash)
        g += to_triples(art, [st])
    return g


def test_the_aggregated_edges_list_every_sentence_strongest_first():
    g = _rdf([0.4, 0.9, 0.6])
    [edge] = aggregate_edges(g)
    assert [(e["text"], e["confidence"]) for e in edge["evidence"]] == [
        ("Sentence 1.", 0.9), ("Sentence 2.", 0.6), ("Sentence 0.", 0.4)]
    D = aggregate(stance_graph(g))
    ev = D["FRA"]["AZE"]["evidence"]
    assert [(e["text"], e["confidence"]) for e in ev] == [("Sentence 1.", 0.9), ("Sentence 2.", 0.6),
                                                           ("Sentence 0.", 0.4)]
    assert D["FRA"]["AZE"]["articles"] == 3 and D["FRA"]["AZE"]["count"] == 3


def test_the_page_tooltip_shows_the_strongest_sentence_first():
    from diplograph.graph.export import _page_data

    G = stance_graph(_rdf([0.4, 0.9, 0.6]))
    [edge] = _page_data(G, seed=0)["edges"]
    assert [s["evidence"] for s in edge["stances"]] == ["Sentence 1.", "Sentence 2.", "Sentence 0."]


def test_evidence_without_confidence_comes_last():
    G = nx.MultiDiGraph()
    G.add_edge("a", "b", relation="condemns", family="disapprove", evidence="none")
    G.add_edge("a", "b", relation="condemns", family="disapprove", evidence="some", confidence=0.2)
    assert [e["text"] for e in aggregate(G)["a"]["b"]["evidence"]] == ["some", "none"]
