"""The SPARQL cookbook: every named query's rows on a hand-made graph, parameter checks, the CLI."""

from __future__ import annotations

import datetime as dt

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS, XSD
from stance_fixtures import fixture_graph, triples

from diplograph.graph.cli import main
from diplograph.graph.cookbook import bind_params, list_queries, load_query, run_named
from diplograph.graph.ontology import DG
from diplograph.graph.store import write_graph
from diplograph.loaders.records import DiplographError

A = "https://w3id.org/diplograph/resource/actor/"
NAMES = ["aligned-pairs", "by-cameo", "extracted-vs-imported", "goldstein-totals", "mediators", "stance-profile",
         "stances-between-dates", "who-condemns"]


@pytest.fixture(scope="module")
def graph():
    return fixture_graph()


@pytest.fixture(scope="module")
def ttl(tmp_path_factory):
    path = tmp_path_factory.mktemp("data") / "fixture.ttl"
    write_graph(fixture_graph(), path)
    return str(path)


def rows(result):
    """Result rows as tuples of plain Python values (IRIs and strings as str, numbers as numbers)."""
    def value(term):
        if term is None:
            return None
        if isinstance(term, Literal) and term.datatype not in (None, XSD.string):
            return term.toPython()
        return str(term)

    return [tuple(value(t) for t in row) for row in result]


def columns(result):
    return [str(v) for v in result.vars]


# ------------------------------------------------------------------ the catalogue
def test_list_queries_names_titles_and_params():
    info = {q.name: q for q in list_queries()}
    assert sorted(info) == NAMES
    assert all(q.title for q in info.values())
    assert all(load_query(name).description for name in NAMES)
    assert [(p.name, p.type, p.default) for p in info["aligned-pairs"].params] == [
        ("relation", "relation", "condemns"), ("min_shared", "integer", "1")]
    assert [(p.name, p.type, p.required) for p in info["stances-between-dates"].params] == [
        ("from", "date", True), ("to", "date", True)]
    assert info["goldstein-totals"].params == ()
    name, title, params = info["who-condemns"]  # a plain (name, title, params) tuple
    assert (name, title, [p.name for p in params]) == ("who-condemns", "Who condemns a target", ["target"])


@pytest.mark.parametrize("name", NAMES)
def test_every_parameter_is_projected(name):
    """Oxigraph substitutes only projected variables; a parameter left out would silently stay unbound."""
    query = load_query(name)
    select = query.sparql.split("WHERE", 1)[0]
    for p in query.params:
        assert f"?{p.name}" in select, f"{name}: ?{p.name} must be in the SELECT clause"


# ------------------------------------------------------------------ rows, exactly
def test_who_condemns(graph):
    result = run_named(graph, "who-condemns", target="Azerbaijan")
    assert columns(result) == ["condemner", "condemnerLabel", "date", "evidence", "quote", "source"]
    assert rows(result) == [
        (A + "ARM", "Armenia", dt.date(2023, 9, 19), "Armenia condemned the attack.", None, "day1.txt"),
        (A + "FRA", "France", dt.date(2023, 9, 19), "France condemned the Azerbaijani offensive.", None,
         "day1.txt"),
        (A + "emmanuel-macron", "Emmanuel Macron", dt.date(2023, 9, 20),
         "Macron said the offensive was unacceptable.", "This offensive is unacceptable", "day2.txt"),
    ]


@pytest.mark.parametrize("target", ["Azerbaijan", "azerbaijan", "AZERBAIJAN", "AZE", "aze"])
def test_target_by_label_iso3_or_id_any_case(graph, target):
    assert len(rows(run_named(graph, "who-condemns", target=target))) == 3


def test_target_by_alternative_label():
    graph = fixture_graph()
    graph.add((URIRef(A + "TUR"), SKOS.altLabel, Literal("Türkiye")))
    assert [r[1] for r in rows(run_named(graph, "stance-profile", actor="türkiye"))] == [
        "supports", "condemns"]


def test_person_by_actor_id_and_label(graph):
    by_id = rows(run_named(graph, "stance-profile", actor="emmanuel-macron"))
    assert by_id == rows(run_named(graph, "stance-profile", actor="Emmanuel Macron"))
    assert by_id == [("subject", "condemns", A + "AZE", "Azerbaijan", dt.date(2023, 9, 20),
                      "Macron said the offensive was unacceptable.")]


@pytest.mark.parametrize("target", ["Narnia", "", 'Azerbaijan" || true || "', "?target", "<x>"])
def test_unknown_or_hostile_target_gives_no_rows(graph, target):
    """Values are bound as literals, never spliced into the text: quotes and SPARQL stay inert."""
    assert rows(run_named(graph, "who-condemns", target=target)) == []


def test_stance_profile(graph):
    result = run_named(graph, "stance-profile", actor="Russia")
    assert columns(result) == ["role", "relation", "other", "otherLabel", "date", "evidence"]
    assert rows(result) == [
        ("object", "condemns", A + "ARM", "Armenia", dt.date(2023, 9, 21),
         "Armenia criticised the Russian peacekeepers."),
        ("object", "condemns", A + "FRA", "France", dt.date(2023, 9, 21), "Paris criticised Russia's passivity."),
        ("subject", "mediates", A + "ARM", "Armenia", dt.date(2023, 9, 20),
         "Russia brokered talks between Armenia and Azerbaijan."),
        ("subject", "mediates", A + "AZE", "Azerbaijan", dt.date(2023, 9, 20),
         "Russia brokered talks between Armenia and Azerbaijan."),
        ("subject", "appeals", A + "AZE", "Azerbaijan", dt.date(2023, 9, 21), "Moscow urged Baku to stop the fighting."),
    ]


def test_stances_between_dates_is_inclusive(graph):
    result = run_named(graph, "stances-between-dates", from_="2023-09-20", to=dt.date(2023, 9, 20))
    assert columns(result) == ["date", "subject", "subjectLabel", "relation", "object", "objectLabel", "evidence"]
    d20 = dt.date(2023, 9, 20)
    assert rows(result) == [
        (d20, A + "emmanuel-macron", "Emmanuel Macron", "condemns", A + "AZE", "Azerbaijan",
         "Macron said the offensive was unacceptable."),
        (d20, A + "RUS", "Russia", "mediates", A + "ARM", "Armenia", "Russia brokered talks between Armenia and Azerbaijan."),
        (d20, A + "RUS", "Russia", "mediates", A + "AZE", "Azerbaijan",
         "Russia brokered talks between Armenia and Azerbaijan."),
    ]
    everything = rows(run_named(graph, "stances-between-dates", **{"from": "2023-09-19", "to": "2023-09-21"}))
    assert len(everything) == 13
    assert rows(run_named(graph, "stances-between-dates", from_="2023-09-22", to="2023-12-31")) == []


def test_aligned_pairs(graph):
    result = run_named(graph, "aligned-pairs")  # relation=condemns, min_shared=1 by default
    assert columns(result) == ["actorA", "labelA", "actorB", "labelB", "shared", "targets"]
    got = [(a, la, b, lb, n, sorted(t.split("; "))) for a, la, b, lb, n, t in rows(result)]
    assert got == [
        (A + "ARM", "Armenia", A + "FRA", "France", 2, ["Azerbaijan", "Russia"]),
        (A + "ARM", "Armenia", A + "emmanuel-macron", "Emmanuel Macron", 1, ["Azerbaijan"]),
        (A + "FRA", "France", A + "emmanuel-macron", "Emmanuel Macron", 1, ["Azerbaijan"]),
    ]
    assert [r[:4] for r in rows(run_named(graph, "aligned-pairs", min_shared=2))] == [
        (A + "ARM", "Armenia", A + "FRA", "France")]
    assert rows(run_named(graph, "aligned-pairs", relation="supports")) == []  # Turkey->AZE, France->ARM


def test_mediators(graph):
    result = run_named(graph, "mediators")
    assert columns(result) == ["mediator", "mediatorLabel", "party", "partyLabel", "stances", "first", "last"]
    d20 = dt.date(2023, 9, 20)
    assert rows(result) == [(A + "RUS", "Russia", A + "ARM", "Armenia", 1, d20, d20),
                            (A + "RUS", "Russia", A + "AZE", "Azerbaijan", 1, d20, d20)]


def test_by_cameo_prefix(graph):
    result = run_named(graph, "by-cameo", code="11")
    assert columns(result) == ["cameo", "subjectLabel", "relation", "objectLabel", "date", "evidence",
                               "subject", "object"]
    assert [(r[0], r[1], r[2], r[3]) for r in rows(result)] == [
        ("111", "Armenia", "condemns", "Azerbaijan"),
        ("111", "France", "condemns", "Azerbaijan"),
        ("111", "Emmanuel Macron", "condemns", "Azerbaijan"),
        ("111", "Armenia", "condemns", "Russia"),
        ("111", "France", "condemns", "Russia"),
        ("111", "Turkey", "condemns", "Armenia"),
        ("112", "Armenia", "accuses", "Azerbaijan"),
    ]
    assert [r[:4] for r in rows(run_named(graph, "by-cameo", code="190"))] == [
        ("190", "Azerbaijan", "attacks", "Armenia")]


def test_goldstein_totals(graph):
    result = run_named(graph, "goldstein-totals")
    assert columns(result) == ["actor", "label", "given", "received", "taken", "targeted"]
    got = [(label, float(given), float(received), taken, targeted)
           for _, label, given, received, taken, targeted in rows(result)]
    assert got == [
        # AZE receives 3 condemns (-6), accuses (-2), supports (+3.4), mediates (+5), appeals (+3)
        ("Azerbaijan", -10.0, 3.4, 1, 7),
        ("Armenia", -6.0, -3.6, 3, 4),
        ("Emmanuel Macron", -2.0, 0.0, 1, 0),
        ("France", -0.6, 0.0, 3, 0),
        ("Turkey", 1.4, 0.0, 2, 0),
        ("Russia", 13.0, -4.0, 3, 2),
    ]


@pytest.mark.parametrize("name,params", [
    ("who-condemns", {"target": "AZE"}), ("stance-profile", {"actor": "ARM"}),
    ("stances-between-dates", {"from_": "2023-09-19", "to": "2023-09-20"}), ("aligned-pairs", {}),
    ("mediators", {}), ("by-cameo", {"code": "1"}), ("goldstein-totals", {})])
def test_same_rows_on_rdflibs_own_engine(graph, name, params):
    """The queries are plain SPARQL 1.1: rdflib's engine (no Oxigraph) gives the same rows."""
    plain = Graph()
    for t in triples():
        plain.add(t)
    ox_rows, rdflib_rows = rows(run_named(graph, name, **params)), rows(run_named(plain, name, **params))
    if name == "aligned-pairs":  # GROUP_CONCAT order is not defined
        ox_rows = [(*r[:-1], sorted(r[-1].split("; "))) for r in ox_rows]
        rdflib_rows = [(*r[:-1], sorted(r[-1].split("; "))) for r in rdflib_rows]
    assert ox_rows == rdflib_rows


# ------------------------------------------------------------------ bad parameters
@pytest.mark.parametrize("name,params,message", [
    ("who-condems", {}, "unknown query 'who-condems'; the named queries are: aligned-pairs, by-cameo"),
    ("who-condemns", {}, "query who-condemns: missing parameter target (parameters: target)"),
    ("who-condemns", {"target": "AZE", "since": "2023"}, "unknown parameter since (parameters: target)"),
    ("mediators", {"party": "ARM"}, "unknown parameter party (parameters: none)"),
    ("stances-between-dates", {"from": "19/09/2023", "to": "2023-09-21"},
     "parameter from: invalid date '19/09/2023': expected YYYY-MM-DD"),
    ("stances-between-dates", {"from": "2023-09-19"}, "missing parameter to (parameters: from, to)"),
    ("aligned-pairs", {"min_shared": "two"}, "parameter min_shared: 'two' is not an integer"),
    ("aligned-pairs", {"relation": "hugs"}, "unknown relation 'hugs'; choose one of condemns, accuses"),
])
def test_bad_parameters_name_the_valid_ones(graph, name, params, message):
    with pytest.raises(DiplographError) as err:
        run_named(graph, name, **params)
    assert message in str(err.value)


def test_parameters_are_typed():
    b = bind_params("aligned-pairs", relation="supports", min_shared="3")
    assert b == {"relation": DG.supports, "min_shared": Literal(3)}
    assert bind_params("who-condemns", target="AZE") == {"target": Literal("AZE")}
    assert bind_params("stances-between-dates", from_=dt.date(2023, 9, 19), to="2023-09-21") == {
        "from": Literal("2023-09-19", datatype=XSD.date), "to": Literal("2023-09-21", datatype=XSD.date)}
    assert isinstance(bind_params("aligned-pairs")["relation"], URIRef)


# ------------------------------------------------------------------ the command line
def test_cli_list(capsys):
    assert main(["query", "--list"]) == 0
    out = capsys.readouterr().out
    for name in NAMES:
        assert name in out
    assert "stances-between-dates  Stances between two dates  [from:date, to:date]" in out
    assert "[relation:relation=condemns, min_shared:integer=1]" in out


def test_cli_named_query(ttl, capsys):
    assert main(["query", "--data", ttl, "--name", "who-condemns", "--param", "target=Azerbaijan",
                 "--format", "csv"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "condemner,condemnerLabel,date,evidence,quote,source"
    assert out[1:] == [
        f"{A}ARM,Armenia,2023-09-19,Armenia condemned the attack.,,day1.txt",
        f"{A}FRA,France,2023-09-19,France condemned the Azerbaijani offensive.,,day1.txt",
        (f"{A}emmanuel-macron,Emmanuel Macron,2023-09-20,Macron said the offensive was unacceptable.,"
         "This offensive is unacceptable,day2.txt"),
    ]
    assert main(["query", "--data", ttl, "--name", "stances-between-dates", "--param", "from=2023-09-21",
                 "--param", "to=2023-09-21"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("(5 rows)")


@pytest.mark.parametrize("argv,message", [
    (["--name", "who-condemns", "--param", "target"], "--param 'target': expected KEY=VALUE"),
    (["--name", "who-condemns", "--param", "tgt=AZE"], "unknown parameter tgt (parameters: target)"),
    (["--name", "nope"], "unknown query 'nope'"),
    (["--param", "target=AZE"], "--param needs --name NAME"),
    (["--name", "mediators", "SELECT * {}"], "not both"),
])
def test_cli_named_query_errors(ttl, capsys, argv, message):
    assert main(["query", "--data", ttl, *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("diplograph: error: ") and message in err
    assert "Traceback" not in err


def test_cli_free_text_and_file_still_work(ttl, tmp_path, capsys):
    q = "PREFIX dg: <https://w3id.org/diplograph/ontology#> SELECT (COUNT(*) AS ?n) { ?s dg:condemns ?o }"
    assert main(["query", "--data", ttl, q, "--format", "json"]) == 0
    assert '"n": 6' in capsys.readouterr().out
    rq = tmp_path / "q.rq"
    rq.write_text(q, encoding="utf-8")
    assert main(["query", "--data", ttl, "--file", str(rq), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["n", "6"]
