"""Who speaks: statements, speeches, readouts, transcripts and metadata (SPEC addendum A1-A8).

Every text here was written for these tests.
"""

import datetime as dt
import json

import pytest

from diplograph.loaders.records import Article, DiplographError
from diplograph.loaders.speakers import resolve_names, voice_of


def triples(extractor, text, date="2023-06-01", speaker=None):
    stances = extractor.extract(Article(text, dt.date.fromisoformat(date), "test", speaker=speaker))
    return {(s.subject.id, s.relation, s.object.id) for s in stances}


MINISTRY = ("Statement by the Ministry of Foreign Affairs of Norway\n"
            "We condemn the detention of aid workers by Chad. We urge Chad to release them at once.")
UN_SPEECH = ("Remarks by the Ambassador of Ireland at the UN Security Council\n"
             "Thank you, Madam President.\n"
             "Mr President, colleagues,\n"
             "We deplore the shelling of Goma by the M23. We call on Rwanda to withdraw its forces.")
JOINT = ("Joint Statement by Finland, Estonia and Latvia\n"
         "We strongly support Moldova. We urge Russia to stop its interference.")
BEHALF = ("Thank you, Chair.\n"
          "I deliver this statement on behalf of Peru, Chile and Uruguay.\n"
          "We welcome the release of the prisoners and we call on Venezuela to hold free elections.")
CRITICISED_MOST = ("Statement by the Ministry of Foreign Affairs of Japan\n"
                   "Chad continues to block aid convoys. Chad has closed the border crossings. Chad has expelled "
                   "relief workers. Chad keeps shelling the camps. We urge Chad to reopen the crossings.")
TITLED_OFFICIAL = ("Remarks by the New Zealand ambassador at the UN General Assembly\n"
                   "We condemn Iran's missile attacks. We urge Iran to stop.")
AGENCY = ("Statement by Foreign Affairs Australia\n"
          "We strongly support the Philippines. We call on China to respect the ruling.")
HEADLINE = ("Norwegian Embassy Condemns Strikes on Odesa (12 March 2023)\n"
            "We condemn the strikes by Russia on Odesa. We stand with Ukraine.")
SELF_NAMING = ("Sweden condemns the missile launch by North Korea this morning. We call on North Korea to return "
               "to dialogue.")


@pytest.mark.parametrize("text,expected", [
    (MINISTRY, {("NOR", "condemns", "TCD"), ("NOR", "appeals", "TCD")}),
    (UN_SPEECH, {("IRL", "condemns", "m23"), ("IRL", "appeals", "RWA")}),
    (TITLED_OFFICIAL, {("NZL", "condemns", "IRN"), ("NZL", "appeals", "IRN")}),
    (AGENCY, {("AUS", "supports", "PHL"), ("AUS", "appeals", "CHN")}),
    (HEADLINE, {("NOR", "condemns", "RUS"), ("NOR", "supports", "UKR")}),
    (JOINT, {(s, r, o) for s in ("FIN", "EST", "LVA") for r, o in (("supports", "MDA"), ("appeals", "RUS"))}),
    (BEHALF, {(s, "appeals", "VEN") for s in ("PER", "CHL", "URY")}),
    (CRITICISED_MOST, {("JPN", "appeals", "TCD")}),
    (SELF_NAMING, {("SWE", "condemns", "PRK"), ("SWE", "appeals", "PRK")}),
], ids=["ministry", "un-speech", "titled-official", "agency", "headline", "joint", "on-behalf-of", "criticised-most",
        "self-naming"])
def test_we_is_who_the_text_speaks_for(extractor, text, expected):
    found = triples(extractor, text)
    assert expected <= found, f"missing {expected - found}; found {found}"
    assert not any(s == o for s, _, o in found)


def test_salutations_hold_no_stance(extractor):
    found = triples(extractor, UN_SPEECH)
    assert not any(r == "supports" for _, r, _ in found), found  # "Thank you, Madam President." is courtesy


def test_a_news_report_has_no_narrator(extractor):
    text = ("Kenya criticised Somalia on Monday. Kenya later met Ethiopia. \"We will keep talking,\" an aide said. "
            "Analysts say we should expect more friction, and we urge caution.")
    found = triples(extractor, text)
    assert ("KEN", "condemns", "SOM") in found
    assert not any(r == "appeals" for _, r, _ in found), found


def test_quoted_official_we_is_their_state_and_i_is_the_person(extractor):
    text = ("\"We condemn the attack by Belarus on Lithuania,\" Annalena Baerbock said. "
            "\"I urge Belarus to stop,\" she added.")
    found = triples(extractor, text)
    assert ("DEU", "condemns", "BLR") in found
    assert ("annalena-baerbock", "appeals", "BLR") in found


def test_quotation_attributed_in_the_next_sentence(extractor):
    text = ("\"We back Kosovo fully. We urge Serbia to talk.\" Annalena Baerbock said this on Monday.")
    found = triples(extractor, text)
    assert ("DEU", "appeals", "SRB") in found and ("DEU", "supports", "XKX") in found


def test_a_readout_keeps_its_official(extractor):
    text = ("Foreign Secretary James Cleverly spoke with Kenyan Foreign Minister Alfred Mutua today. "
            "The Foreign Secretary condemned the attacks by al-Shabaab on Kenyan forces.")
    found = triples(extractor, text, "2022-12-01")
    assert ("james-cleverly", "consults", "alfred-mutua") in found
    assert ("james-cleverly", "condemns", "al-shabaab") in found


def test_transcript_labels_change_the_speaker(extractor):
    text = ("Department Press Briefing - Ned Price, Department Spokesperson\n"
            "MR PRICE: We condemn the strikes by Russia on Odesa.\n"
            "QUESTION: Do you support Kyiv's plan?\n"
            "MR PRICE: We support Ukraine.\n")
    found = triples(extractor, text, "2022-07-25")
    assert ("USA", "condemns", "RUS") in found
    assert ("USA", "supports", "UKR") in found
    assert all(s == "USA" for s, _, _ in found), found  # the journalist's question holds nothing


def test_metadata_speaker_wins_over_the_text(extractor):
    text = "We urge Serbia and Kosovo to resume the dialogue."
    assert not triples(extractor, text)  # no title, no metadata: "we" is nobody
    found = triples(extractor, text, speaker="Austria")
    assert {("AUT", "appeals", "SRB"), ("AUT", "appeals", "XKX")} <= found
    found = triples(extractor, MINISTRY, speaker="Denmark")
    assert ("DNK", "condemns", "TCD") in found and ("NOR", "condemns", "TCD") not in found


def test_an_unknown_speaker_is_a_clear_error(extractor):
    with pytest.raises(DiplographError, match="speaker 'Nobody Atall'"):
        triples(extractor, "We urge Serbia to talk.", speaker="Nobody Atall")


def test_resolve_names_lists_and_titles(gazetteer):
    date = dt.date(2023, 6, 1)
    assert [a.id for a in resolve_names("Finland, Estonia and Latvia", date, gazetteer)] == ["FIN", "EST", "LVA"]
    assert [a.id for a in resolve_names("the Spokesperson of the Ministry of Foreign Affairs of Japan",
                                        date, gazetteer)] == ["JPN-foreign-ministry"]
    assert resolve_names("Finland and Nowhereland", date, gazetteer) == ()


def test_voice_of_a_person_is_their_state(gazetteer):
    date = dt.date(2023, 6, 1)
    minister = gazetteer.resolve("Annalena Baerbock", date)
    we, i = voice_of([minister], gazetteer, date)
    assert [a.id for a in we] == ["DEU"] and i == minister
    ministry = gazetteer.resolve("Ministry of Foreign Affairs of Japan", date)
    we, i = voice_of([ministry], gazetteer, date)
    assert [a.id for a in we] == ["JPN"]


def test_newline_ends_a_sentence(extractor):
    doc = extractor.nlp("Statement by the Government of Chile\nWe condemn the attack.")
    assert [s.text.strip() for s in doc.sents] == ["Statement by the Government of Chile", "We condemn the attack."]


# ------------------------------------------------------------------ the command line
def run(capsys, *argv):
    from diplograph.graph.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_batch_extract_prints_a_source_per_stance(tmp_path, capsys):
    items = tmp_path / "items.jsonl"
    items.write_text("\n".join(json.dumps(r) for r in [
        {"id": "a1", "text": "France condemned Russia.", "date": "2022-03-01"},
        {"id": "a2", "text": "We urge Serbia to talk.", "speaker": "Austria"},
        {"url": "http://example.org/3", "text": "Chile backed Peru.", "date": "2022-03-03"},
    ]) + "\n")
    code, out, err = run(capsys, "extract", str(items), "--date", "2022-03-02", "--format", "jsonl")
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    got = {(r["source"], r["subject"]["id"], r["relation"], r["object"]["id"], r["date"]) for r in rows}
    assert got == {("a1", "FRA", "condemns", "RUS", "2022-03-01"), ("a2", "AUT", "appeals", "SRB", "2022-03-02"),
                   ("http://example.org/3", "CHL", "supports", "PER", "2022-03-03")}


def test_batch_extract_skips_bad_items_with_one_line_each(tmp_path, capsys):
    items = tmp_path / "items.jsonl"
    items.write_text("\n".join([
        json.dumps({"id": "ok", "text": "France condemned Russia.", "date": "2022-03-01"}),
        json.dumps({"id": "notext", "date": "2022-03-01"}),
        json.dumps({"id": "baddate", "text": "Chile backed Peru.", "date": "2022-13-45"}),
        json.dumps({"id": "badspeaker", "text": "We back Peru.", "date": "2022-03-01", "speaker": "Zzyzx Qq"}),
    ]) + "\n")
    code, out, err = run(capsys, "extract", str(items), "--format", "jsonl")
    assert code == 1
    assert [json.loads(line)["source"] for line in out.splitlines()] == ["ok"]
    lines = err.strip().splitlines()
    assert len(lines) == 3 and all(line.startswith("diplograph: skipped ") for line in lines)
    assert "Traceback" not in err


def test_several_text_files_with_one_model_load(tmp_path, capsys):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("France condemned Russia.")
    b.write_text("Chile backed Peru.")
    code, out, _ = run(capsys, "extract", str(a), str(b), "--date", "2022-03-01", "--format", "jsonl")
    assert code == 0
    assert {json.loads(line)["source"] for line in out.splitlines()} == {str(a), str(b)}


def test_speaker_flag_and_bad_speaker(tmp_path, capsys):
    path = tmp_path / "s.txt"
    path.write_text("We urge Serbia to talk.")
    code, out, _ = run(capsys, "extract", str(path), "--date", "2022-03-01", "--speaker", "Austria",
                       "--format", "jsonl")
    assert code == 0 and json.loads(out.splitlines()[0])["subject"]["id"] == "AUT"
    code, out, err = run(capsys, "extract", str(path), "--date", "2022-03-01", "--speaker", "Zzyzx Qq")
    assert code == 2 and out == "" and err.count("\n") == 1 and "speaker 'Zzyzx Qq'" in err


def test_explain_names_the_speaker(tmp_path, capsys):
    path = tmp_path / "s.txt"
    path.write_text(MINISTRY)
    code, out, _ = run(capsys, "explain", str(path), "--date", "2023-06-01")
    assert code == 0
    assert "speaker we = Norway (title: 'Statement by the Ministry of Foreign Affairs of Norway')" in out
    path.write_text(JOINT)
    code, out, _ = run(capsys, "explain", str(path), "--date", "2023-06-01")
    assert all(block.count("speaker we =") == 1 for block in out.split("--> ")[1:]), out  # once per stance


def test_extract_help_documents_speaker_and_batch(capsys):
    with pytest.raises(SystemExit):
        run(capsys, "extract", "--help")
    out = capsys.readouterr().out
    assert "--speaker" in out and "JSON Lines" in out and "source" in out
