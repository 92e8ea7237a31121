"""The Oxigraph store through rdflib: persistence, idempotent ingest, file formats, atomic writes."""

import datetime as dt
import gc

import pytest

from diplograph.graph.store import add_triples, atomic_write, has_article, open_graph, read_graph, write_graph
from diplograph.loaders.records import Actor, Article, DiplographError, StanceMention
from diplograph.loaders.to_rdf import to_triples

ARTICLE = Article("Turkey supports Azerbaijan.", dt.date(2023, 9, 19), "t.txt")
STANCE = StanceMention(Actor("TUR", "Turkey", "State", "TUR"), "supports", Actor("AZE", "Azerbaijan", "State", "AZE"),
                       "Turkey supports Azerbaijan.", 0, 27, dt.date(2023, 9, 19), 0.9, "verb", article=ARTICLE.hash)
TRIPLES = to_triples(ARTICLE, [STANCE])


def test_disk_store_keeps_its_data_after_reopening(tmp_path):
    g = open_graph(tmp_path / "store")
    add_triples(g, TRIPLES)
    n = len(g)
    assert n == len(TRIPLES)
    del g
    gc.collect()  # the writer's handle must be gone before a read-only open
    again = open_graph(tmp_path / "store", read_only=True)
    assert len(again) == n
    assert has_article(again, ARTICLE.hash)


def test_has_article_is_false_for_a_new_text():
    g = open_graph()
    add_triples(g, TRIPLES)
    assert not has_article(g, Article("Other.", ARTICLE.date).hash)


def test_adding_the_same_triples_twice_changes_nothing():
    g = open_graph()
    add_triples(g, TRIPLES)
    n = len(g)
    add_triples(g, TRIPLES)
    assert len(g) == n


@pytest.mark.parametrize("fmt,suffix", [("ttl", ".ttl"), ("nt", ".nt"), ("jsonld", ".jsonld")])
def test_each_format_round_trips(tmp_path, fmt, suffix):
    g = open_graph()
    add_triples(g, TRIPLES)
    path = tmp_path / f"out{suffix}"
    write_graph(g, path, fmt)
    back = read_graph(path)
    assert len(back) == len(g)


def test_broken_turtle_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n")
    with pytest.raises(DiplographError, match="not valid RDF"):
        read_graph(bad)


def test_unknown_suffix_and_missing_file_are_clear_errors(tmp_path):
    with pytest.raises(DiplographError, match="unknown RDF file type"):
        read_graph(tmp_path / "x.csv")
    with pytest.raises(DiplographError, match="no such file"):
        read_graph(tmp_path / "x.ttl")


def test_read_only_store_must_exist(tmp_path):
    with pytest.raises(DiplographError, match="no store"):
        open_graph(tmp_path / "nothing", read_only=True)


def test_atomic_write_to_an_impossible_place_is_a_clear_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(DiplographError, match="cannot write"), atomic_write(blocker / "sub" / "out.ttl") as fh:
        fh.write("never")
    assert blocker.read_text() == "x"


def test_atomic_write_leaves_no_file_when_writing_fails(tmp_path):
    target = tmp_path / "out.ttl"
    with pytest.raises(RuntimeError), atomic_write(target) as fh:
        fh.write("partial")
        raise RuntimeError("boom")
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []
