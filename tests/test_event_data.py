"""Event codes everywhere (RDF, jsonl, CSV, GraphML, GEXF), the GDELT/ICEWS/POLECAT importers,
DataFrames and JSON numbers: what an event-data researcher reaches for."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import networkx as nx
import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS, XSD

from diplograph.graph.cli import main
from diplograph.graph.cookbook import run_named
from diplograph.graph.events import (
    GDELT_COLUMNS,
    BadRow,
    EventRow,
    import_events,
    read_events,
    relation_for,
)
from diplograph.graph.export import export
from diplograph.graph.frames import STANCE_COLUMNS, stances_frame, to_dataframe
from diplograph.graph.ontology import (
    CAMEO,
    CAMEO_SCHEME,
    DG,
    ONTOLOGY_PATH,
    PLOVER,
    PLOVER_SCHEME,
    RELATIONS,
    SHAPES_PATH,
    relation_info,
)
from diplograph.graph.store import open_graph
from diplograph.loaders.records import Actor, Article, DiplographError, StanceMention
from diplograph.loaders.to_rdf import stance_iri, to_triples

ROOT = Path(__file__).resolve().parents[1]
GDELT = ROOT / "examples" / "gdelt-karabakh-2023-09-19.export.CSV"
ICEWS = ROOT / "tests" / "data" / "events" / "icews-sample.tab"
POLECAT = ROOT / "tests" / "data" / "events" / "polecat-sample.tsv"
DAY = dt.date(2023, 9, 19)

FRA = Actor("FRA", "France", "State", "FRA", qid="Q142")
AZE = Actor("AZE", "Azerbaijan", "State", "AZE", qid="Q227")
MACRON = Actor("emmanuel-macron", "Emmanuel Macron", "Person", "FRA", qid="Q3052772")


def coded_graph():
    """France consults Azerbaijan (CAMEO 040, a leading zero) and Macron condemns it."""
    art = Article("France consults Azerbaijan. Macron condemns Azerbaijan.", DAY)
    stances = [StanceMention(FRA, "consults", AZE, "France consults Azerbaijan.", 0, 27, DAY, 0.9, "t",
                             article=art.hash),
               StanceMention(MACRON, "condemns", AZE, "Macron condemns Azerbaijan.", 28, 55, DAY, 0.8, "t",
                             article=art.hash)]
    g = open_graph()
    g += to_triples(art, stances)
    return g, stances


# ------------------------------------------------------------------ the one table of codes
@pytest.fixture(scope="module")
def onto():
    return Graph().parse(str(ONTOLOGY_PATH), format="turtle")


@pytest.mark.parametrize("name", RELATIONS)
def test_each_relation_names_skos_concepts_for_its_codes(onto, name):
    info = relation_info(name)
    concept = onto.value(DG[name], DG.cameo)
    assert (concept, RDF.type, SKOS.Concept) in onto and (concept, SKOS.inScheme, CAMEO_SCHEME) in onto
    assert str(onto.value(concept, SKOS.notation)) == info["cameo"]
    root = onto.value(concept, SKOS.broader)
    assert str(onto.value(root, SKOS.notation)) == info["cameo_root"] == info["cameo"][:2]
    assert int(onto.value(root, DG.quadClass)) == info["quad_class"] in (1, 2, 3, 4)
    plover = onto.value(DG[name], DG.ploverType)
    assert (plover, SKOS.inScheme, PLOVER_SCHEME) in onto and str(onto.value(plover, SKOS.notation)) == info["plover_type"]
    # cooperation is quad 1-2 and weighs positive, conflict 3-4 and negative
    assert (info["quad_class"] <= 2) == (info["goldstein"] > 0)


def test_cameo_has_twenty_roots_and_plover_sixteen_types(onto):
    assert len(set(onto.subjects(SKOS.topConceptOf, CAMEO_SCHEME))) == 20
    assert len(set(onto.subjects(SKOS.topConceptOf, PLOVER_SCHEME))) == 16


def test_relation_codes_as_researchers_know_them():
    got = {r: (relation_info(r)["cameo"], relation_info(r)["quad_class"], relation_info(r)["plover_type"])
           for r in ("condemns", "consults", "attacks", "appeals")}
    assert got == {"condemns": ("111", 3, "ACCUSE"), "consults": ("040", 1, "CONSULT"),
                   "attacks": ("190", 4, "ASSAULT"), "appeals": ("020", 1, "REQUEST")}
    assert relation_info("condemns")["plover_mode"] == "disapprove"


# ------------------------------------------------------------------ RDF, jsonl, CSV, GraphML, GEXF
def test_rdf_stance_carries_concepts_quad_and_plover():
    g, stances = coded_graph()
    node = stance_iri(stances[0])
    assert g.value(node, DG.cameoCode) == Literal("040", datatype=XSD.string)
    assert g.value(node, DG.cameo) == CAMEO["040"]
    assert g.value(node, DG.quadClass).toPython() == 1
    assert g.value(node, DG.ploverType) == PLOVER.CONSULT
    assert g.value(node, DG.ploverMode) is None
    assert g.value(stance_iri(stances[1]), DG.ploverMode) == PLOVER["ACCUSE-disapprove"]


def test_jsonl_record_carries_codes():
    _, stances = coded_graph()
    row = json.loads(json.dumps(stances[0].to_json()))
    assert {k: row[k] for k in ("cameo", "cameo_root", "goldstein", "quad_class", "plover_type", "plover_mode")} \
        == {"cameo": "040", "cameo_root": "04", "goldstein": 1.0, "quad_class": 1, "plover_type": "CONSULT",
            "plover_mode": None}


def test_csv_quotes_codes_and_has_actor_columns(tmp_path):
    pd = pytest.importorskip("pandas")
    g, _ = coded_graph()
    out = export(g, tmp_path / "s.csv")
    text = out.read_text(encoding="utf-8")
    assert '"040"' in text and '"04"' in text
    with open(out, newline="", encoding="utf-8") as fh:
        rows = {r["relation"]: r for r in csv.DictReader(fh)}
    c = rows["condemns"]
    assert (c["source_type"], c["source_country"], c["source_wikidata"]) == ("Person", "FRA", "Q3052772")
    assert (c["target_type"], c["target_country"], c["target_wikidata"]) == ("State", "AZE", "Q227")
    assert (c["cameo"], c["quad_class"], c["plover_type"], c["plover_mode"]) == ("111", "3", "ACCUSE", "disapprove")
    df = pd.read_csv(out, dtype={"cameo": str, "cameo_root": str})
    assert set(df["cameo"]) == {"040", "111"} and set(df["cameo_root"]) == {"04", "11"}
    assert pd.read_csv(out, dtype=str).set_index("relation").loc["consults", "cameo"] == "040"


@pytest.mark.parametrize("suffix, read", [(".graphml", nx.read_graphml), (".gexf", nx.read_gexf)])
def test_graphml_and_gexf_carry_codes_as_text_and_wikidata(tmp_path, suffix, read):
    g, _ = coded_graph()
    H = read(export(g, tmp_path / f"s{suffix}"))
    edges = {d["relation"]: d for _, _, d in H.edges(data=True)}
    assert edges["consults"]["cameo"] == "040" and edges["consults"]["cameo_root"] == "04"
    assert int(edges["consults"]["quad_class"]) == 1 and edges["consults"]["plover_type"] == "CONSULT"
    assert edges["condemns"]["plover_mode"] == "disapprove"
    assert H.nodes["FRA"]["wikidata"] == "Q142"


# ------------------------------------------------------------------ importers
def test_gdelt_layout_has_61_columns_and_reads_the_example():
    assert len(GDELT_COLUMNS) == 61 and GDELT_COLUMNS[26] == "EventCode" and GDELT_COLUMNS[-1] == "SOURCEURL"
    rows = list(read_events(GDELT, "gdelt"))
    assert len(rows) == 10 and not any(isinstance(r, BadRow) for r in rows)
    assert (rows[0].event_id, rows[0].date, rows[0].cameo, rows[0].goldstein, rows[0].quad) == (
        "1129000001", DAY, "190", -10.0, 4)


@pytest.mark.parametrize("cameo, plover, mode, relation", [
    ("111", None, None, "condemns"), ("1124", None, None, "accuses"), ("045", None, None, "mediates"),
    ("043", None, None, "consults"), ("195", None, None, "attacks"), ("1384", None, None, "threatens"),
    ("057", None, None, None), ("110", None, None, None),
    (None, "ACCUSE", "disapprove", "condemns"), (None, "ASSAULT", None, "attacks"),
    (None, "REJECT", "assist", "rejects"), (None, "AID", None, None),
])
def test_codes_map_to_the_ten_relations_where_they_fit(cameo, plover, mode, relation):
    assert relation_for(cameo, plover, mode) == relation


def stance_rows(store, where=""):
    g = open_graph(store, read_only=True)
    return g, {(str(r.s).rsplit("/", 1)[-1], None if r.rel is None else str(r.rel).rsplit("#", 1)[-1],
                str(r.o).rsplit("/", 1)[-1], str(r.code) if r.code else None, str(r.ds))
               for r in g.query("""
        PREFIX dg: <https://w3id.org/diplograph/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?s ?rel ?o ?code ?ds WHERE { ?st a dg:ImportedEvent ; dg:subject ?s ; dg:object ?o ;
          prov:wasDerivedFrom/dg:dataset ?ds . OPTIONAL { ?st dg:relation ?rel } OPTIONAL { ?st dg:cameoCode ?code } }""")}


def test_import_gdelt_maps_actors_and_codes(tmp_path):
    report = import_events(GDELT, "gdelt", tmp_path / "store")
    assert (report.rows, report.related, report.coded, report.skipped, report.bad) == (10, 8, 1, 1, 0)
    g, rows = stance_rows(tmp_path / "store")
    assert ("FRA", "condemns", "AZE", "111", "gdelt") in rows
    assert ("emmanuel-macron", "accuses", "AZE", "112", "gdelt") in rows  # "EMMANUEL MACRON" with FRA
    assert ("nikol-pashinyan", "consults", "emmanuel-macron", "041", "gdelt") in rows
    assert ("AZE", None, "ARM", "036", "gdelt") in rows  # kept with its code, no relation
    A = "https://w3id.org/diplograph/resource/actor/"
    assert (URIRef(A + "FRA"), DG.condemns, URIRef(A + "AZE")) in g
    assert (URIRef(A + "AZE"), DG.consults, URIRef(A + "ARM")) not in g  # the coded-only event has no edge
    assert not list(g.objects(None, DG.evidence))
    rec = next(g.subjects(DG.eventId, Literal("1129000002", datatype=XSD.string)))
    assert (rec, RDF.type, DG.EventRecord) in g and g.value(rec, DG.line).toPython() == 2
    st = next(g.subjects(PROV.wasDerivedFrom, rec))
    assert g.value(st, DG.goldstein).toPython() == pytest.approx(-2.0)
    # the stance edges are counted as ingest counts them
    (count,), = g.query("PREFIX dg: <https://w3id.org/diplograph/ontology#> SELECT (SUM(?c) AS ?n) "
                        "WHERE { ?e a dg:StanceEdge ; dg:count ?c }")
    assert count.toPython() == 8


def test_import_icews_and_polecat(tmp_path):
    icews = import_events(ICEWS, "icews", tmp_path / "s")
    # citizens of Azerbaijan against its police: the state towards itself
    assert (icews.related, icews.coded, icews.skipped, icews.same, icews.bad) == (3, 1, 0, 1, 1)
    assert "Intensity 'not-a-number'" in icews.reasons[0] and ":7:" in icews.reasons[0]
    polecat = import_events(POLECAT, "polecat", tmp_path / "s")
    assert (polecat.related, polecat.coded, polecat.skipped, polecat.bad) == (4, 1, 0, 1)
    _, rows = stance_rows(tmp_path / "s")
    assert ("recep-tayyip-erdogan", "supports", "AZE", "051", "icews") in rows
    assert ("RUS", "appeals", "ARM", "020", "icews") in rows  # "20": the lost zero put back
    assert ("emmanuel-macron", "condemns", "AZE", "111", "polecat") in rows  # ACCUSE, disapprove
    assert ("nikol-pashinyan", "consults", "antony-blinken", "040", "polecat") in rows
    assert ("FRA", None, "ARM", None, "polecat") in rows  # AID: kept with its PLOVER type


def test_imported_events_pass_the_shapes_and_evidence_is_refused(tmp_path):
    import_events(GDELT, "gdelt", tmp_path / "s")
    import_events(POLECAT, "polecat", tmp_path / "s")
    data = Graph()
    for t in open_graph(tmp_path / "s", read_only=True):
        data.add(t)
    shapes = Graph().parse(str(SHAPES_PATH))
    onto = Graph().parse(str(ONTOLOGY_PATH))
    ok, _, text = validate(data, shacl_graph=shapes, ont_graph=onto, inference="rdfs")
    assert ok, text
    st = next(data.subjects(RDF.type, DG.ImportedEvent))
    data.add((st, DG.evidence, Literal("no sentence stands behind an imported event")))
    assert not validate(data, shacl_graph=shapes, ont_graph=onto, inference="rdfs")[0]


def test_an_extracted_stance_without_evidence_still_fails_the_shapes():
    g, stances = coded_graph()
    data = Graph()
    for t in g:
        data.add(t)
    data.remove((stance_iri(stances[0]), DG.evidence, None))
    shapes = Graph().parse(str(SHAPES_PATH))
    assert not validate(data, shacl_graph=shapes, ont_graph=Graph().parse(str(ONTOLOGY_PATH)), inference="rdfs")[0]


def test_small_batches_write_the_same_graph(tmp_path):
    import_events(GDELT, "gdelt", tmp_path / "one")
    import_events(GDELT, "gdelt", tmp_path / "many", batch=3)
    one, many = (set(open_graph(tmp_path / d, read_only=True)) for d in ("one", "many"))
    assert one == many and len(one) > 100


def test_importing_twice_adds_nothing(tmp_path):
    import_events(GDELT, "gdelt", tmp_path / "s")
    n = len(open_graph(tmp_path / "s", read_only=True))
    import_events(GDELT, "gdelt", tmp_path / "s")
    assert len(open_graph(tmp_path / "s", read_only=True)) == n


def test_cli_import_events_exit_codes_and_messages(tmp_path, capsys):
    store = str(tmp_path / "s")
    assert main(["import-events", str(GDELT), "--format", "gdelt", "--store", store]) == 0
    out, err = capsys.readouterr()
    assert out == "" and "10 rows, 9 imported (8 on the ten relations" in err
    assert main(["import-events", str(ICEWS), "--format", "icews", "--store", store]) == 1
    err = capsys.readouterr().err
    assert "bad row" in err and "1 bad" in err and "Traceback" not in err


@pytest.mark.parametrize("fmt, content, message", [
    ("gdelt", "Event ID\tEvent Date\n1\t2023-09-19\n", "not GDELT event data: no row could be read (2 tab"),
    ("icews", "id,date\n1,2\n", "names no column 'Event ID'"),
    ("polecat", "", "names no column 'Event ID'"),
    ("gdelt", "\n\n", "no events in the file"),
])
def test_cli_bad_file_is_one_line_and_leaves_the_store_as_it_was(tmp_path, capsys, fmt, content, message):
    store = tmp_path / "s"
    assert main(["import-events", str(GDELT), "--format", "gdelt", "--store", str(store)]) == 0
    before = len(open_graph(store, read_only=True))
    bad = tmp_path / "bad.tsv"
    bad.write_text(content, encoding="utf-8")
    capsys.readouterr()
    assert main(["import-events", str(bad), "--format", fmt, "--store", str(store)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("diplograph: error: ") and message in err, err
    assert len(open_graph(store, read_only=True)) == before


def test_not_utf8_and_missing_file_are_one_line(tmp_path, capsys):
    bad = tmp_path / "latin.tsv"
    row = "{}\t2023-09-19\tFrance\tFrance\t111\tAzerbaijan\tAzerbaijan\n"
    # the bad byte far past the decoder's first chunk: the message names its line in the file
    bad.write_bytes((ICEWS_HEAD + "".join(row.format(i) for i in range(300))
                     + row.format("x").replace("France", "Franc\xe9")).encode("latin-1"))
    assert main(["import-events", str(bad), "--format", "icews", "--store", str(tmp_path / "s")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not UTF-8 text (line 302, byte 19 of the line)" in err, err
    assert not (tmp_path / "s").exists()
    assert main(["import-events", str(tmp_path / "none.tsv"), "--format", "icews", "--store", str(tmp_path / "s")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_too_many_rows_is_an_error(tmp_path):
    with pytest.raises(DiplographError, match="more than 3 rows"):
        list(read_events(GDELT, "gdelt", max_rows=3))


# ------------------------------------------------------------------ DataFrames, JSON numbers, the cookbook
@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """The GDELT example beside hand-made extracted stances on the same day."""
    store = tmp_path_factory.mktemp("mixed") / "s"
    import_events(GDELT, "gdelt", store)
    g = open_graph(store)
    g += to_triples(*[Article("France consults Azerbaijan. Macron condemns Azerbaijan.", DAY)],
                    coded_graph()[1])
    return g


def test_stances_frame_one_row_per_stance_with_typed_columns(mixed):
    df = stances_frame(mixed)
    assert list(df.columns) == STANCE_COLUMNS
    assert len(df) == 8 + 2
    assert set(df["origin"]) == {"extracted", "gdelt"}
    assert str(df["date"].dtype).startswith("datetime64") and str(df["quad_class"].dtype) == "Int64"
    assert df["goldstein"].dtype == "float64"
    fra = df[(df["subject"] == "FRA") & (df["origin"] == "gdelt")].iloc[0]
    assert (fra["relation"], fra["cameo"], fra["plover_type"], fra["plover_mode"], fra["subject_wikidata"]) == (
        "condemns", "111", "ACCUSE", "disapprove", "Q142")
    assert fra["evidence"] != fra["evidence"] or fra["evidence"] is None  # missing: no sentence behind an event
    assert stances_frame(mixed, relations="condemns", start="2023-09-19", end="2023-09-19")["relation"].unique().tolist() \
        == ["condemns"]
    assert stances_frame(mixed, start="2023-09-21").empty


def test_to_dataframe_types_dates_and_numbers(mixed):
    df = to_dataframe(run_named(mixed, "goldstein-totals"))
    assert df["given"].dtype == "float64" and str(df["taken"].dtype) == "Int64"
    when = to_dataframe(mixed.query("PREFIX dg: <https://w3id.org/diplograph/ontology#> "
                                    "SELECT DISTINCT ?d WHERE { ?s a dg:ImportedEvent ; dg:date ?d } ORDER BY ?d"))
    assert str(when["d"].dtype).startswith("datetime64")
    assert [d.date() for d in when["d"]] == [DAY, dt.date(2023, 9, 20)]
    with pytest.raises(DiplographError, match="SELECT"):
        to_dataframe(mixed.query("ASK { ?s ?p ?o }"))


def test_cookbook_query_puts_extraction_beside_imports(mixed):
    rows = {(str(r.subjectLabel), str(r.objectLabel)): (str(r.extracted), str(r.imported))
            for r in run_named(mixed, "extracted-vs-imported")}
    # Macron's condemnation counts as France's, beside GDELT's France and Macron rows
    assert set(rows[("France", "Azerbaijan")][0].split(", ")) == {"consults", "condemns"}
    assert set(rows[("France", "Azerbaijan")][1].split(", ")) == {"gdelt condemns", "gdelt accuses"}


def test_query_json_keeps_numbers(tmp_path, capsys, mixed):
    ttl = tmp_path / "m.ttl"
    ttl.write_text(mixed.serialize(format="turtle"), encoding="utf-8")
    q = ("PREFIX dg: <https://w3id.org/diplograph/ontology#> SELECT ?code ?g ?quad ?none WHERE { "
         "?s a dg:ImportedEvent ; dg:cameoCode ?code ; dg:goldstein ?g ; dg:quadClass ?quad } ORDER BY ?g LIMIT 1")
    assert main(["query", q, "--data", str(ttl), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"code": "190", "g": -10.0, "quad": 4, "none": None}]
    assert main(["query", "--name", "goldstein-totals", "--data", str(ttl), "--format", "json"]) == 0
    first = json.loads(capsys.readouterr().out)[0]
    assert isinstance(first["given"], float) and isinstance(first["taken"], int)


ICEWS_HEAD = ("Event ID\tEvent Date\tSource Name\tSource Country\tCAMEO Code\tTarget Name\tTarget Country\n")


def icews_file(tmp_path, *rows: str) -> Path:
    p = tmp_path / "e.tsv"
    p.write_text(ICEWS_HEAD + "".join(r + "\n" for r in rows), encoding="utf-8")
    return p


def test_an_empty_or_repeated_event_id_is_a_bad_row(tmp_path):
    p = icews_file(tmp_path, "7\t2023-09-19\tFrance\tFrance\t111\tAzerbaijan\tAzerbaijan",
                   "\t2023-09-20\tTurkey\tTurkey\t051\tAzerbaijan\tAzerbaijan",
                   "7\t2023-09-21\tTurkey\tTurkey\t051\tAzerbaijan\tAzerbaijan")
    rows = list(read_events(p, "icews"))
    assert isinstance(rows[0], EventRow) and rows[0].event_id == "7"
    assert isinstance(rows[1], BadRow) and rows[1].reason == "no event id"
    assert isinstance(rows[2], BadRow) and rows[2].reason == "event id '7' repeats line 2"
    store = tmp_path / "s"
    import_events(p, "icews", store)
    g = open_graph(store, read_only=True)
    nodes = list(g.subjects(RDF.type, DG.Stance))
    assert len(nodes) == 1 and len(list(g.objects(nodes[0], DG.subject))) == 1


def test_import_events_refuses_an_endpoint_url_and_makes_no_folder(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["import-events", str(GDELT), "--format", "gdelt", "--store", "http://127.0.0.1:9/store"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "import-events writes to a store folder" in err, err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("code, read", [("111", "111"), ("20", "020"), ("231", "0231"), ("1123", "1123"),
                                        ("00", None), ("0000", None), ("2100", None), ("000", None)])
def test_cameo_codes_get_their_lost_zero_and_need_a_root_01_to_20(tmp_path, code, read):
    p = icews_file(tmp_path, f"7\t2023-09-19\tFrance\tFrance\t{code}\tAzerbaijan\tAzerbaijan")
    (row,) = read_events(p, "icews")
    if read is None:
        assert isinstance(row, BadRow) and "has no root 01 to 20" in row.reason
    else:
        assert isinstance(row, EventRow) and row.cameo == read


def test_an_actor_towards_itself_is_counted_apart_from_unknown_actors(tmp_path):
    p = icews_file(tmp_path, "1\t2023-09-19\tFrance\tFrance\t111\tAzerbaijan\tAzerbaijan",
                   "2\t2023-09-19\tFrance\tFrance\t111\tFrance\tFrance",
                   "3\t2023-09-19\tNobody Known\tNarnia\t111\tAzerbaijan\tAzerbaijan")
    report = import_events(p, "icews", tmp_path / "s")
    assert (report.related, report.same, report.skipped) == (1, 1, 1)
    assert "1 skipped (an actor the actor data does not know), 1 skipped (an actor towards itself)" in report.line()


def test_an_over_long_line_is_a_bad_row_read_in_bounded_memory(tmp_path, monkeypatch):
    import diplograph.graph.events as events

    monkeypatch.setattr(events, "MAX_LINE", 200)
    p = icews_file(tmp_path, "1\t2023-09-19\tFrance\tFrance\t111\tAzerbaijan\tAzerbaijan",
                   "2\t2023-09-19\tFrance\tFrance\t111\tAzerbaijan\t" + "A" * 5000,
                   "3\t2023-09-19\tTurkey\tTurkey\t051\tAzerbaijan\tAzerbaijan")
    rows = list(read_events(p, "icews"))
    assert [r.event_id for r in rows if isinstance(r, EventRow)] == ["1", "3"]
    (bad,) = [r for r in rows if isinstance(r, BadRow)]
    assert bad.line == 3 and bad.reason == "a line longer than 200 bytes; skipped"
    gdelt = tmp_path / "one-line.csv"
    gdelt.write_bytes(b"x" * 100_000)  # no newline at all
    (only,) = read_events(gdelt, "gdelt")
    assert isinstance(only, BadRow) and "longer than 200 bytes" in only.reason


def test_import_events_quiet_silences_the_summary_not_the_bad_rows(tmp_path, capsys):
    assert main(["-q", "import-events", str(GDELT), "--format", "gdelt", "--store", str(tmp_path / "s")]) == 0
    assert capsys.readouterr() == ("", "")
    assert main(["import-events", str(ICEWS), "--format", "icews", "--store", str(tmp_path / "s"), "-q"]) == 1
    err = capsys.readouterr().err
    assert "bad row" in err and "imported" not in err


def test_batch_zero_writes_and_max_reasons_zero_still_names_the_reason(tmp_path):
    store = tmp_path / "s"
    report = import_events(GDELT, "gdelt", store, batch=0)
    assert report.stances == 9
    assert len(set(open_graph(store, read_only=True).subjects(RDF.type, DG.ImportedEvent))) == 9
    bad = tmp_path / "bad.tsv"
    bad.write_text("1\t2\n", encoding="utf-8")
    with pytest.raises(DiplographError, match=r"no row could be read \(2 tab-separated columns"):
        import_events(bad, "gdelt", tmp_path / "s2", max_reasons=0)


def test_stances_frame_refuses_a_bad_date_with_a_clear_error(mixed):
    with pytest.raises(DiplographError, match="start 'bad' is not a date"):
        stances_frame(mixed, start="bad")
    assert len(stances_frame(mixed, start=dt.datetime(2023, 9, 19, 12), end="2023-09-19")) > 0
