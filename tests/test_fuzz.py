"""Property tests: arbitrary text never crashes extraction, and every graph produced passes the shapes."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyshacl import validate
from rdflib import Graph

from diplograph.graph.ontology import ONTOLOGY_PATH, SHAPES_PATH
from diplograph.loaders.records import Article
from diplograph.loaders.to_rdf import to_triples

SHAPES = Graph().parse(str(SHAPES_PATH))
ONTOLOGY = Graph().parse(str(ONTOLOGY_PATH))
WORDS = ["France", "Russia", "condemned", "supports", "urged", "the", "attack", "by", "Baku", "and", "Hamas",
         "\"", "“", "”", "not", "may", "said", "it", "they", "both", "sides", "must", ".", ",", "with", "on"]
# text built from stance words (so rules fire) mixed with any Unicode at all
texts = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=60).map(" ".join)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(text=st.text(max_size=400))
def test_any_unicode_text_extracts_without_error(extractor, text):
    stances = extractor.extract(Article(text, dt.date(2024, 1, 1)))
    for s in stances:
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start:s.end] == s.evidence


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts)
def test_every_produced_graph_passes_the_shapes(extractor, text):
    article = Article(text or "empty", dt.date(2024, 1, 1))
    stances = extractor.extract(article)
    g = Graph()
    for t in to_triples(article, stances, extractor.gazetteer):
        g.add(t)
    ok, _, report = validate(g, shacl_graph=SHAPES, ont_graph=ONTOLOGY, inference="rdfs")
    assert ok, report
