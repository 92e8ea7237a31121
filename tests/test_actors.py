"""The actor knowledge base: data-driven checks over every state and office holder, plus
hand-picked resolutions. No spaCy model needed."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
from pathlib import Path

import pytest
import yaml
from rdflib import Graph
from rdflib.namespace import RDF

from diplograph.graph.ontology import DG, ONTOLOGY_PATH, SHAPES_PATH
from diplograph.loaders.actors import DATA_FILES, Gazetteer, load_gazetteer
from diplograph.loaders.records import DiplographError

DATA = Path(__file__).resolve().parents[1] / "loaders" / "data"
D = dt.date


def _rows(name: str, key: str) -> list[dict]:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))[key]


STATES = _rows("states.yaml", "states")
MEMBERS = [r for r in STATES if r.get("status") == "member"]
PEOPLE = _rows("people.yaml", "people")


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(scope="module")
def folded() -> Gazetteer:
    return load_gazetteer(fold_organs=True)


# ----------------------------------------------------------------------------- states
def test_every_un_member_is_listed():
    assert len(MEMBERS) == 193
    assert len({r["iso3"] for r in MEMBERS}) == 193
    observers = {r["iso3"] for r in STATES if r.get("status") == "observer"}
    assert observers == {"VAT", "PSE"}
    assert {"XKX", "TWN", "ESH"} <= {r["iso3"] for r in STATES}


@pytest.mark.parametrize("row", STATES, ids=lambda r: r["iso3"])
def test_state_resolves_by_name_iso3_demonym_capital(gaz, row):
    iso = row["iso3"]
    state = gaz.get(iso)
    assert state is not None and state.type == "State" and state.country == iso
    forms = [state.label, iso, f"the {state.label}", *row.get("names", []), *row.get("demonyms", [])[:1]]
    seats = {seat: org["id"] for org in _rows("organizations.yaml", "organizations") for seat in org.get("seats", [])}
    if row.get("capital") and row["capital"] not in seats:
        forms.append(row["capital"])
    elif row.get("capital"):  # a capital that an organisation declares as its seat names the organisation
        assert gaz.resolve(row["capital"]).id == seats[row["capital"]]
    for form in forms:
        got = gaz.resolve(form)
        assert got is not None and got.id == iso, f"{form!r} -> {got and got.id}, expected {iso}"


@pytest.mark.parametrize("mention, iso", [
    ("Türkiye", "TUR"), ("Turkiye", "TUR"), ("the US", "USA"), ("the United States", "USA"),
    ("America", "USA"), ("U.S.", "USA"), ("UK", "GBR"), ("Britain", "GBR"), ("Russia", "RUS"),
    ("Russian Federation", "RUS"), ("Iran", "IRN"), ("Syria", "SYR"), ("South Korea", "KOR"),
    ("North Korea", "PRK"), ("DR Congo", "COD"), ("DRC", "COD"), ("Congo-Kinshasa", "COD"),
    ("Azerbaijan's", "AZE"), ("Azerbaijani", "AZE"), ("Armenian", "ARM"), ("French", "FRA"),
    ("American", "USA"), ("Turkish", "TUR"), ("British", "GBR"), ("Rwandan", "RWA"),
    ("Congolese", "COD"), ("Israeli", "ISR"), ("Palestinian", "PSE"), ("Qatari", "QAT"),
    ("Egyptian", "EGY"), ("Saudi", "SAU"), ("Sudanese", "SDN"),
    ("the Kremlin", "RUS"), ("the White House", "USA"), ("Downing Street", "GBR"),
    ("the Élysée", "FRA"), ("the Elysee", "FRA"), ("Zhongnanhai", "CHN"), ("Baku", "AZE"),
    ("Moscow", "RUS"), ("Washington", "USA"), ("Paris", "FRA"), ("Kosovo", "XKX"), ("Taiwan", "TWN"),
    ("State of Palestine", "PSE"), ("Côte d'Ivoire", "CIV"), ("Ivory Coast", "CIV"),
])
def test_state_variants(gaz, mention, iso):
    assert gaz.resolve(mention).id == iso


def test_lowercase_words_are_not_acronyms(gaz):
    assert gaz.resolve("us") is None
    assert gaz.resolve("AND").id == "AND"  # ISO3 codes match in their exact case only
    assert gaz.resolve("and") is None


# ----------------------------------------------------------------------------- organs
@pytest.mark.parametrize("mention, organ", [
    ("the Azerbaijani presidency", "AZE-presidency"),
    ("Russian Foreign Ministry", "RUS-foreign-ministry"),
    ("Armenia's foreign ministry", "ARM-foreign-ministry"),
    ("the Ministry of Foreign Affairs of Qatar", "QAT-foreign-ministry"),
    ("the Azerbaijani army", "AZE-armed-forces"),
    ("Sudanese Armed Forces", "SDN-armed-forces"),
    ("Armenian diplomacy", "ARM-foreign-ministry"),
    ("Azerbaijani security services", "AZE-security-services"),
    ("the Israeli government", "ISR-government"),
    ("the US defense department", "USA-defence-ministry"),
    ("the Pentagon", "USA-defence-ministry"),
    ("the State Department", "USA-foreign-ministry"),
    ("the Quai d'Orsay", "FRA-foreign-ministry"),
])
def test_organs_unfolded_and_folded(gaz, folded, mention, organ):
    got = gaz.resolve(mention)
    assert got.id == organ and got.type == "Organization" and got.country == organ[:3]
    assert got.parent == organ[:3]
    assert gaz.get(organ) == got
    assert folded.resolve(mention).id == organ[:3]


def test_organ_label(gaz):
    assert gaz.get("RUS-foreign-ministry").label == "Russian Foreign Ministry"
    assert gaz.resolve("the foreign ministry", focus="ARM").id == "ARM-foreign-ministry"
    assert gaz.resolve("the foreign ministry") is None


# ----------------------------------------------------------------------------- organisations
@pytest.mark.parametrize("mention, org", [
    ("UN Security Council", "unsc"), ("the Security Council", "unsc"), ("UNSC", "unsc"),
    ("the United Nations Security Council", "unsc"), ("NATO", "nato"), ("Nato", "nato"),
    ("the EU", "eu"), ("European Union", "eu"), ("the UN", "un"), ("U.N.", "un"),
    ("the General Assembly", "unga"), ("MONUSCO", "monusco"), ("the OSCE Minsk Group", "osce-minsk-group"),
    ("the African Union", "au"), ("ECOWAS", "ecowas"), ("the Arab League", "arab-league"), ("GCC", "gcc"),
    ("ASEAN", "asean"), ("SCO", "sco"), ("CSTO", "csto"), ("BRICS", "brics"), ("G7", "g7"), ("G20", "g20"),
    ("ICC", "icc"), ("International Court of Justice", "icj"), ("IAEA", "iaea"), ("WHO", "who"),
    ("UNHCR", "unhcr"), ("UNRWA", "unrwa"), ("ICRC", "icrc"), ("Human Rights Council", "unhrc"),
    ("European Commission", "european-commission"), ("European Parliament", "european-parliament"),
    ("European Council", "european-council"),
])
def test_organisations(gaz, mention, org):
    got = gaz.resolve(mention)
    assert got.id == org and got.type == "Organization" and got.country is None


def test_organ_of_organisation(gaz):
    assert gaz.get("unsc").parent == "un"
    assert "FRA" in gaz.members("unsc") and "FIN" in gaz.members("nato")
    assert gaz.resolve("who") is None  # the pronoun is not the organisation


# ----------------------------------------------------------------------------- non-state
@pytest.mark.parametrize("mention", [
    "Armenian separatists", "Karabakh separatists", "the Nagorno-Karabakh authorities",
    "Armenian separatist forces", "Armenian separatist authorities", "the separatist authorities of Nagorno-Karabakh",
    "Nagorno-Karabakh", "Artsakh", "the Karabakh authorities",
])
def test_karabakh_separatists(gaz, mention):
    got = gaz.resolve(mention, D(2023, 9, 19))
    assert got.id == "nagorno-karabakh-separatists"
    assert got.label == "Nagorno-Karabakh separatists" and got.type == "NonState" and got.country == "AZE"


@pytest.mark.parametrize("mention, group, country", [
    ("Hamas", "hamas", "PSE"), ("Hamas militants", "hamas", "PSE"), ("Hezbollah", "hezbollah", "LBN"),
    ("the Houthis", "houthis", "YEM"), ("Ansar Allah", "houthis", "YEM"), ("Houthi rebels", "houthis", "YEM"),
    ("Rapid Support Forces", "rsf", "SDN"), ("the RSF", "rsf", "SDN"), ("Wagner", "wagner-group", "RUS"),
    ("the Taliban", "taliban", "AFG"), ("M23", "m23", "COD"), ("March 23 Movement", "m23", "COD"),
    ("M23 rebels", "m23", "COD"), ("Islamic State", "islamic-state", None), ("ISIS", "islamic-state", None),
    ("ISIL", "islamic-state", None), ("al-Shabaab", "al-shabaab", "SOM"), ("Boko Haram", "boko-haram", "NGA"),
    ("PKK", "pkk", "TUR"), ("Islamic Jihad", "palestinian-islamic-jihad", "PSE"),
    ("pro-Russian separatists", "donbas-separatists", "UKR"), ("Abkhaz separatists", "abkhazia-separatists", "GEO"),
    ("the Gaza authorities", "hamas", "PSE"),
])
def test_nonstate_groups(gaz, mention, group, country):
    got = gaz.resolve(mention, D(2023, 10, 7))
    assert (got.id, got.type, got.country) == (group, "NonState", country)


def test_generic_rebels_of_a_state(gaz):
    got = gaz.resolve("Syrian rebels")
    assert (got.id, got.label, got.type, got.country) == ("SYR-rebels", "Syrian rebels", "NonState", "SYR")
    assert gaz.resolve("the rebels", focus="COL").id == "COL-rebels"
    assert gaz.resolve("the rebels") is None


def test_territory_demonym_expires(gaz):
    # Artsakh dissolved on 2024-01-01: later "Armenian separatists" is no longer that actor
    assert gaz.resolve("Armenian separatists", D(2023, 12, 31)).id == "nagorno-karabakh-separatists"
    assert gaz.resolve("Armenian separatists", D(2025, 1, 1)).id == "ARM-separatists"


# ----------------------------------------------------------------------------- people
@pytest.mark.parametrize("mention", ["Pashinian", "Pashinyan", "Nikol Pashinyan", "Nikol Pashinian",
                                     "Armenian Prime Minister Nikol Pashinian", "Prime Minister Nikol Pashinyan"])
def test_pashinyan_variants(gaz, mention):
    got = gaz.resolve(mention, D(2023, 9, 19))
    assert got.id == "nikol-pashinyan"
    assert got.office == "Prime Minister of Armenia" and got.country == "ARM"


@pytest.mark.parametrize("mention, person", [
    ("Erdogan", "recep-tayyip-erdogan"), ("Erdoğan", "recep-tayyip-erdogan"),
    ("Turkish President Recep Tayyip Erdogan", "recep-tayyip-erdogan"),
    ("Zelensky", "volodymyr-zelenskyy"), ("Zelenskyy", "volodymyr-zelenskyy"), ("Zelenskiy", "volodymyr-zelenskyy"),
    ("Volodymyr Zelensky", "volodymyr-zelenskyy"), ("French President Emmanuel Macron", "emmanuel-macron"),
    ("Macron", "emmanuel-macron"), ("Vladimir Putin", "vladimir-putin"), ("Putin", "vladimir-putin"),
    ("Kremlin spokesman Dmitry Peskov", "dmitry-peskov"), ("Dmitri Peskov", "dmitry-peskov"),
    ("Jake Sullivan", "jake-sullivan"), ("Adrienne Watson", "adrienne-watson"),
    ("the head of American diplomacy, Antony Blinken", "antony-blinken"),
    ("The President of the European Council, Charles Michel", "charles-michel"),
    ("Secretary of State Antony Blinken", "antony-blinken"), ("Blinken", "antony-blinken"),
])
def test_people_by_name(gaz, mention, person):
    assert gaz.resolve(mention, D(2023, 9, 19)).id == person


@pytest.mark.parametrize("mention, date, focus, person", [
    ("the French president", D(2016, 5, 1), None, "francois-hollande"),
    ("the French president", D(2018, 5, 1), None, "emmanuel-macron"),
    ("the Prime Minister", D(2023, 9, 19), "ARM", "nikol-pashinyan"),
    ("the Prime Minister", D(2016, 5, 1), "GBR", "david-cameron"),
    ("the head of state", D(2023, 9, 19), "FRA", "emmanuel-macron"),
    ("the President of the Republic", D(2023, 9, 19), "FRA", "emmanuel-macron"),
    ("the head of American diplomacy", D(2023, 9, 19), None, "antony-blinken"),
    ("the head of American diplomacy", D(2016, 1, 1), None, "john-kerry"),
    ("the President of the European Council", D(2023, 9, 19), None, "charles-michel"),
    ("the President of the European Council", D(2025, 1, 1), None, "antonio-costa"),
    ("the UN Secretary-General", D(2015, 1, 1), None, "ban-ki-moon"),
    ("UN chief", D(2023, 1, 1), None, "antonio-guterres"),
    ("NATO Secretary General", D(2020, 1, 1), None, "jens-stoltenberg"),
    ("the EU foreign policy chief", D(2023, 1, 1), None, "josep-borrell"),
    ("the Iranian president", D(2023, 1, 1), None, "ebrahim-raisi"),  # President heads government, not state
    ("Iran's supreme leader", D(2023, 1, 1), None, "ali-khamenei"),
    ("the German chancellor", D(2020, 1, 1), None, "angela-merkel"),
    ("the Kremlin spokesman", D(2023, 1, 1), None, "dmitry-peskov"),
    ("the US national security adviser", D(2023, 10, 7), None, "jake-sullivan"),
    ("the Qatari prime minister", D(2025, 1, 15), None, "mohammed-bin-abdulrahman-al-thani"),
    ("the Emir of Qatar", D(2025, 1, 15), None, "tamim-bin-hamad-al-thani"),
    ("the Egyptian foreign minister", D(2023, 1, 1), None, "sameh-shoukry"),
    ("the Russian Foreign Ministry spokeswoman", D(2023, 1, 1), None, "maria-zakharova"),
])
def test_titles_by_date(gaz, mention, date, focus, person):
    assert gaz.resolve(mention, date, focus=focus).id == person


def test_bare_title_without_focus_or_former_holder_is_nobody(gaz):
    assert gaz.resolve("the Prime Minister", D(2023, 9, 19)) is None
    assert gaz.resolve("the former French president", D(2023, 9, 19)) is None
    assert gaz.resolve("former President Donald Trump", D(2023, 9, 19)).id == "donald-trump"


@pytest.mark.parametrize("text, expected", [
    ("French President", ("head_of_state", "FRA")), ("Prime Minister", ("head_of_government", None)),
    ("the head of American diplomacy", ("foreign_minister", "USA")),
    ("President of the European Council", ("president", "european-council")),
    ("Armenian Prime Minister", ("head_of_government", "ARM")), ("Armenia's prime minister", ("head_of_government", "ARM")),
    ("UN Secretary-General", ("secretary_general", "un")), ("Kremlin spokesman", ("spokesperson", "RUS")),
    ("US Secretary of State", ("foreign_minister", "USA")), ("British Foreign Secretary", ("foreign_minister", "GBR")),
    ("the Chinese premier", ("head_of_government", "CHN")), ("Rwandan army spokesman", ("spokesperson", "RWA-armed-forces")),
    ("Foreign Minister of Qatar", ("foreign_minister", "QAT")), ("Azerbaijan", None), ("spokesman John", None),
])
def test_parse_title(gaz, text, expected):
    assert gaz.parse_title(text) == expected


def test_unknown_person_with_title(gaz):
    got = gaz.resolve("Rwandan army spokesman John Doe", D(2025, 2, 19))
    assert (got.id, got.label, got.type, got.country) == ("john-doe", "John Doe", "Person", "RWA")
    assert got.office == "Rwandan army spokesman"
    got = gaz.resolve("Congolese Foreign Minister Jane Roe", D(2025, 2, 19))
    assert (got.id, got.type, got.country) == ("jane-roe", "Person", "COD")
    got = gaz.resolve("Jane Roe, the Sudanese foreign minister")
    assert (got.id, got.country) == ("jane-roe", "SDN")
    assert gaz.resolve("John Doe") is None  # a bare unknown name is nobody
    assert gaz.resolve("French President the") is None


def test_person_office_at_date(gaz):
    cameron = gaz.resolve("David Cameron", D(2024, 1, 1))
    assert cameron.office == "Foreign Secretary of the United Kingdom"
    assert gaz.resolve("David Cameron", D(2012, 1, 1)).office == "Prime Minister of the United Kingdom"
    assert gaz.resolve("David Cameron", D(2020, 1, 1)).office is None
    michel = gaz.resolve("Charles Michel", D(2023, 9, 19))
    assert michel.country is None and michel.parent == "european-council"
    assert gaz.resolve("Charles Michel", D(2016, 1, 1)).country == "BEL"


def test_office_holder_handover_day(gaz):
    assert gaz.office_holder("head_of_state", "FRA", D(2017, 5, 13)).id == "francois-hollande"
    assert gaz.office_holder("head_of_state", "FRA", D(2017, 5, 14)).id == "emmanuel-macron"
    assert gaz.office_holder("head_of_government", "ARM", D(2018, 5, 7)).id == "karen-karapetyan"
    assert gaz.office_holder("head_of_government", "USA", D(2023, 1, 1)).id == "joe-biden"
    assert gaz.office_holder("head_of_state", "ATA", D(2023, 1, 1)) is None


def _tenure_cases():
    for row in PEOPLE:
        for t in row["offices"]:
            yield pytest.param(row["id"], t, id=f"{row['id']}-{t['title']}-{t['start']}")


@pytest.mark.parametrize("pid, tenure", list(_tenure_cases()))
def test_every_term_resolves_at_both_ends_and_not_after(gaz, pid, tenure):
    """Every term of the data: the person holds the office on its first and last day,
    and is no longer its holder the day after (unless a next term follows at once)."""
    offices = [tenure["office"]] if isinstance(tenure["office"], str) else tenure["office"]
    start, end = tenure["start"], tenure["end"]
    for day in [d for d in (start, end) if d]:
        person = gaz.resolve(gaz.get(pid).label, day)
        assert person.id == pid and person.office, f"{pid} has no office on {day}"
        holders = {t.person for t in gaz._holders(tenure["of"], day) if set(offices) & set(t.offices)}
        assert pid in holders
    if end:
        after = end + dt.timedelta(days=1)
        still = [t for t in gaz.tenures(pid) if t.of == tenure["of"] and set(offices) & set(t.offices)
                 and t.covers(after)]
        if not still:
            holder = gaz.office_holder(offices[0], tenure["of"], after)
            assert holder is None or holder.id != pid


def test_terms_of_one_office_do_not_overlap(gaz):
    """Two holders of one office overlap by the handover day at most."""
    bad = []
    for of, tenures in gaz._tenures.items():
        for office in {o for t in tenures for o in t.offices}:
            if office in ("spokesperson", "ambassador", "leader", "negotiator", "vice_president",
                          "foreign_policy_adviser", "chief_of_staff", "special_envoy", "crown_prince", "gaza_leader"):
                continue
            ts = sorted((t for t in tenures if office in t.offices and t.start), key=lambda t: t.start)
            for a, b in itertools.pairwise(ts):
                if a.person != b.person and (a.end is None or a.end > b.start):
                    bad.append(f"{of} {office}: {a.person} ({a.start}..{a.end}) / {b.person} ({b.start}..)")
    assert not bad, "\n".join(bad)


def test_people_data_covers_the_brief():
    ids = {r["id"] for r in PEOPLE}
    for pid in ("dmitry-peskov", "jake-sullivan", "adrienne-watson", "antonio-guterres", "charles-michel",
                "ursula-von-der-leyen", "josep-borrell", "jens-stoltenberg", "moussa-faki-mahamat"):
        assert pid in ids
    leaders = {(t["of"], o) for r in PEOPLE for t in r["offices"]
               for o in ([t["office"]] if isinstance(t["office"], str) else t["office"])}
    g20 = ["ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "KOR", "MEX", "RUS",
           "SAU", "ZAF", "TUR", "GBR", "USA"]
    conflicts = ["ARM", "AZE", "ISR", "PSE", "UKR", "SDN", "COD", "RWA", "QAT", "EGY", "IRN", "SYR", "YEM"]
    for iso in g20 + conflicts:
        assert (iso, "foreign_minister") in leaders, iso
        assert (iso, "head_of_state") in leaders or (iso, "head_of_government") in leaders, iso


# ----------------------------------------------------------------------------- patterns
def test_patterns(gaz):
    pats = gaz.patterns()
    labels = {p["label"] for p in pats}
    assert labels <= {"GPE", "NORP", "PERSON", "ORG", "NONSTATE", "LOC"}
    assert {"label": "GPE", "pattern": "Baku", "id": "AZE"} in pats
    assert {"label": "NORP", "pattern": "Azerbaijani", "id": "AZE"} in pats
    assert {"label": "PERSON", "pattern": "Pashinian", "id": "nikol-pashinyan"} in pats
    assert {"label": "ORG", "pattern": "Russian Foreign Ministry", "id": "RUS-foreign-ministry"} in pats
    assert {"label": "ORG", "pattern": "Security Council", "id": "unsc"} in pats
    assert {"label": "NONSTATE", "pattern": "Hamas", "id": "hamas"} in pats
    assert {"label": "LOC", "pattern": "Nagorno-Karabakh", "id": "nagorno-karabakh-separatists"} in pats
    # an ambiguous surname is no pattern; no ISO3 code is a pattern ("AND", "CAN")
    assert not [p for p in pats if p["pattern"] in ("Sharif", "Li", "Wang", "AND", "CAN")]
    for p in pats:
        assert p["pattern"].strip() == p["pattern"] and p["pattern"]
        assert gaz.get(p["id"]) is not None, p


def test_patterns_fold_organs(folded):
    assert {"label": "ORG", "pattern": "Russian Foreign Ministry", "id": "RUS"} in folded.patterns()


def test_patterns_build_an_entity_ruler(gaz):
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(gaz.patterns())
    doc = nlp("The Azerbaijani presidency and Baku rejected what Nikol Pashinian told the Security Council.")
    found = {(e.text, e.label_, e.ent_id_) for e in doc.ents}
    assert ("Baku", "GPE", "AZE") in found
    assert ("Nikol Pashinian", "PERSON", "nikol-pashinyan") in found
    assert ("Security Council", "ORG", "unsc") in found
    assert ("Azerbaijani presidency", "ORG", "AZE-presidency") in found


# ----------------------------------------------------------------------------- RDF
def test_actor_triples_pass_shacl(gaz):
    pyshacl = pytest.importorskip("pyshacl")
    graph = Graph()
    sample = [a for a in gaz.actors() if a.type != "State"] + [gaz.get(i) for i in ("AZE", "FRA", "PSE", "XKX")]
    sample += [gaz.get("RUS-foreign-ministry"), gaz.resolve("Rwandan army spokesman John Doe"),
               gaz.resolve("Syrian rebels")]
    for actor in sample:
        for t in gaz.actor_triples(actor):
            graph.add(t)
    ok, _, report = pyshacl.validate(graph, shacl_graph=Graph().parse(str(SHAPES_PATH)),
                                     ont_graph=Graph().parse(str(ONTOLOGY_PATH)))
    assert ok, report


def test_actor_triples_content(gaz):
    from rdflib import Literal, URIRef
    from rdflib.namespace import OWL, SKOS, XSD

    from diplograph.loaders.to_rdf import actor_iri

    pash = actor_iri("nikol-pashinyan")
    g = Graph()
    for t in gaz.actor_triples(gaz.get("nikol-pashinyan")):
        g.add(t)
    assert (pash, RDF.type, DG.Person) in g
    assert (pash, DG.country, actor_iri("ARM")) in g
    assert (pash, SKOS.altLabel, Literal("Nikol Pashinian")) in g
    tenures = list(g.objects(pash, DG.holds))
    assert len(tenures) == 1
    tenure = tenures[0]
    assert (tenure, DG.office, Literal("head_of_government", datatype=XSD.string)) in g
    assert (tenure, DG.officeOf, actor_iri("ARM")) in g
    assert (tenure, DG.startDate, Literal(D(2018, 5, 8), datatype=XSD.date)) in g
    assert (actor_iri("ARM"), RDF.type, DG.State) in g
    # deterministic IRIs
    assert set(gaz.actor_triples(gaz.get("nikol-pashinyan"))) == set(Gazetteer().actor_triples(gaz.get("nikol-pashinyan")))
    fra = Graph()
    for t in gaz.actor_triples(gaz.get("FRA")):
        fra.add(t)
    assert (actor_iri("FRA"), OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q142")) in fra
    assert (actor_iri("FRA"), DG.memberOf, actor_iri("nato")) in fra
    assert (actor_iri("FRA"), DG.iso3, Literal("FRA", datatype=XSD.string)) in fra
    organ = Graph()
    for t in gaz.actor_triples(gaz.get("RUS-foreign-ministry")):
        organ.add(t)
    assert (actor_iri("RUS-foreign-ministry"), DG.organOf, actor_iri("RUS")) in organ
    unsc = Graph()
    for t in gaz.actor_triples(gaz.get("unsc")):
        unsc.add(t)
    assert (actor_iri("unsc"), DG.organOf, actor_iri("un")) in unsc


# ----------------------------------------------------------------------------- loading
@pytest.fixture
def data_copy(tmp_path):
    for name in DATA_FILES:
        shutil.copy(DATA / name, tmp_path / name)
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("name, old, new, message", [
    ("people.yaml", "start: 2018-05-08", "start: 8 May 2018", r"people\.yaml, people entry \d+ \(nikol-pashinyan\), field offices/0/start"),
    ("people.yaml", "of: ARM, title: Prime Minister, start: 2018-05-08", "of: ARMX, title: Prime Minister, start: 2018-05-08",
     r"people\.yaml, people entry \d+ \(nikol-pashinyan\): office of unknown actor 'ARMX'"),
    ("states.yaml", "{iso3: AZE,", "{iso3: Aze,", r"states\.yaml, states entry \d+ \(Aze\), field iso3"),
    ("organizations.yaml", "- {id: nato, label: NATO,", "- {id: nato, labl: NATO,", r"organizations\.yaml, organizations entry \d+ \(nato\)"),
    ("nonstate.yaml", "\ngroups:\n", "\ngroups: [\n", r"nonstate\.yaml: not valid YAML at line"),
    ("people.yaml", "- {id: jake-sullivan,", "- {id: nikol-pashinyan,", r"people\.yaml: duplicate actor id 'nikol-pashinyan'"),
    ("organs.yaml", "\ntitles:", "\ntitels:", r"organs\.yaml"),
    ("states.yaml", "{iso3: AZE, status: member,", "{iso3: AZE, status: member, iso3: AZE,",
     r"states\.yaml: not valid YAML at line \d+: duplicate key 'iso3'"),
])
def test_malformed_data_is_a_clear_error(data_copy, name, old, new, message):
    _edit(data_copy / name, old, new)
    with pytest.raises(DiplographError, match=message):
        Gazetteer(data_copy)


def test_missing_file_is_a_clear_error(data_copy):
    (data_copy / "organs.yaml").unlink()
    with pytest.raises(DiplographError, match=r"organs\.yaml: cannot read"):
        Gazetteer(data_copy)


def test_load_is_cached():
    """Loading is timed in benchmarks/bench_actors.py, never here: a loaded machine is slower."""
    assert load_gazetteer() is load_gazetteer()
    assert load_gazetteer(fold_organs=True) is not load_gazetteer()


# ----------------------------------------------------------------------------- named organs, plurals, missions
@pytest.mark.parametrize("mention, organ", [
    ("the IDF", "ISR-armed-forces"), ("Israel Defense Forces", "ISR-armed-forces"), ("the Israeli army", "ISR-armed-forces"),
    ("RDF", "RWA-armed-forces"), ("the Rwandan army", "RWA-armed-forces"), ("SAF", "SDN-armed-forces"),
    ("the Sudanese army", "SDN-armed-forces"), ("FARDC", "COD-armed-forces"), ("IRGC", "IRN-irgc"),
    ("Majlis", "IRN-parliament"), ("Iran's parliament members", "IRN-parliament"),
])
def test_named_state_organs(gaz, folded, mention, organ):
    got = gaz.resolve(mention)
    assert got.id == organ and got.type == "Organization" and got.country == organ[:3]
    assert got.label == gaz.get(organ).label
    assert folded.resolve(mention).id == organ[:3]


@pytest.mark.parametrize("mention, iso", [("Palestinians", "PSE"), ("Israelis", "ISR"), ("Americans", "USA"),
                                         ("the Azerbaijani side", "AZE"), ("the Armenian delegation", "ARM")])
def test_state_by_people_or_side(gaz, mention, iso):
    assert gaz.resolve(mention).id == iso


def test_un_mission_of_the_state_in_focus(gaz):
    assert gaz.resolve("UN peacekeepers", focus="COD").id == "monusco"
    assert gaz.resolve("UN peacekeepers", focus="LBN").id == "unifil"
    assert gaz.resolve("UN peacekeepers").id == "un"


def test_bare_separatists_of_the_state_in_focus(gaz):
    assert gaz.resolve("the separatists", D(2023, 9, 19), focus="AZE").id == "nagorno-karabakh-separatists"
    assert gaz.resolve("the separatists", D(2023, 9, 19), focus="ARM").id == "nagorno-karabakh-separatists"
    assert gaz.resolve("the separatists", D(2023, 9, 19)) is None


@pytest.mark.parametrize("mention, person", [
    ("President Biden", "joe-biden"), ("Prime Minister Netanyahu", "benjamin-netanyahu"),
    ("Mr Netanyahu", "benjamin-netanyahu"), ("Secretary Blinken", "antony-blinken"),
    ("Chancellor Scholz", "olaf-scholz"), ("Sheikh Tamim", "tamim-bin-hamad-al-thani"),
    ("Crown Prince Mohammed bin Salman", "mohammed-bin-salman"),
])
def test_title_or_honorific_before_a_known_surname(gaz, mention, person):
    assert gaz.resolve(mention, D(2023, 10, 7)).id == person


def test_ambiguous_surname_needs_a_date(gaz):
    assert gaz.resolve("Carney", D(2013, 1, 1)).id == "jay-carney"
    assert gaz.resolve("Carney", D(2025, 6, 1)).id == "mark-carney"
    assert gaz.resolve("Carney", D(2019, 1, 1)) is None
    assert not [p for p in gaz.patterns() if p["pattern"] == "Carney"]


def test_get_with_a_date_gives_the_office_then(gaz):
    assert gaz.get("charles-michel").office is None
    michel = gaz.get("charles-michel", D(2023, 9, 19))
    assert (michel.country, michel.office) == (None, "President of the European Council")
    assert gaz.get("charles-michel", D(2016, 1, 1)).country == "BEL"
    assert gaz.get("AZE", D(2023, 9, 19)) == gaz.get("AZE")


@pytest.mark.parametrize("mention, actor", [
    ("Gaza's health ministry", "hamas"), ("the Hamas-run health ministry", "hamas"),
    ("the Iran-backed Houthi rebels", "houthis"), ("the Rwanda-backed M23", "m23"),
    ("Russian-backed separatists", "donbas-separatists"),
])
def test_run_by_and_backed_by(gaz, mention, actor):
    assert gaz.resolve(mention, D(2024, 1, 15)).id == actor


@pytest.mark.parametrize("mention, person", [
    ("the Armenian leader", "nikol-pashinyan"), ("the Azerbaijani leader", "ilham-aliyev"),
    ("the British leader", "rishi-sunak"), ("the Russian leader", "vladimir-putin"),
    ("the German leader", "olaf-scholz"), ("the Hamas leader", "ismail-haniyeh"),
])
def test_leader_is_who_leads(gaz, mention, person):
    assert gaz.resolve(mention, D(2023, 9, 19)).id == person
