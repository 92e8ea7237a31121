"""Tables of query results: what a notebook shows must be the data, escaped, and complete."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from diplograph.graph.store import open_graph
from diplograph.graph.tables import table
from diplograph.loaders.records import DiplographError


def test_html_escapes_cell_text_and_column_names():
    html = table([{"<b>": 'France said "<no>" & left'}])._repr_html_()
    assert "<b>" not in html.replace('<table class="diplograph-table">', "")
    assert "&lt;b&gt;" in html and "&quot;&lt;no&gt;&quot; &amp; left" in html


def test_numbers_align_right_and_text_left():
    html = table([{"actor": "France", "n": Literal(3)}])._repr_html_()
    assert 'text-align:right; vertical-align:top">3</td>' in html
    assert 'text-align:left; vertical-align:top">France</td>' in html


def test_long_tables_say_how_many_rows_are_hidden():
    t = table([{"i": i} for i in range(12)], max_rows=10)
    assert len(t) == 12
    assert str(t).endswith("... 2 more rows")
    assert "… 2 more rows" in t._repr_html_()


def test_select_result_columns_iris_and_unbound_values():
    g = open_graph()
    g.add((URIRef("https://w3id.org/diplograph/resource/actor/FRA"),
           URIRef("https://w3id.org/diplograph/ontology#condemns"),
           URIRef("https://w3id.org/diplograph/resource/actor/AZE")))
    result = g.query("SELECT ?s ?p ?o ?missing WHERE { ?s ?p ?o OPTIONAL { ?s <urn:x> ?missing } }")
    t = table(result)
    assert t.columns == ["s", "p", "o", "missing"]
    assert str(t).splitlines()[2].split() == ["res:actor/FRA", "dg:condemns", "res:actor/AZE"]
    assert table(result, ["o"]).columns == ["o"]
    with pytest.raises(DiplographError, match="no column 'x'"):
        table(result, ["x"])


def test_ask_results_and_unnamed_rows_are_refused_clearly():
    with pytest.raises(DiplographError, match="ASK result is not a table"):
        table(open_graph().query("ASK { ?s ?p ?o }"))
    with pytest.raises(DiplographError, match="need column names"):
        table([("FRA", "AZE")])
    assert table([("FRA", "AZE")], ["subject", "object"]).rows == [("FRA", "AZE")]
