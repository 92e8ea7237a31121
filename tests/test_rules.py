"""Each rule on a hand-built parse: no statistical model, so the test checks the rule alone.

Heads are absolute token indices (a root points at itself), as spaCy's ``Doc`` takes them.
"""

import datetime as dt

import pytest
import spacy
from spacy.tokens import Doc, Span

from diplograph.loaders.lexicon import load_lexicon
from diplograph.loaders.records import Article
from diplograph.loaders.stances import extract_stances

DATE = dt.date(2023, 9, 19)
VOCAB = spacy.blank("en").vocab  # English lexical attributes (lower case, shape), no model


def parse(rows, ents):
    """rows: (word, head, dep, pos, tag, lemma); ents: (start, end, label, actor id)."""
    words, heads, deps, pos, tags, lemmas = map(list, zip(*rows))
    doc = Doc(VOCAB, words=words, heads=heads, deps=deps, pos=pos, tags=tags, lemmas=lemmas)
    doc.ents = [Span(doc, s, e, label=label, span_id=aid) for s, e, label, aid in ents]
    return doc


def run(doc, gazetteer):
    article = Article(doc.text, DATE)
    return {(s.subject.id, s.relation, s.object.id): s for s in
            extract_stances(doc, article, gazetteer, load_lexicon())}


def test_passive_voice_takes_the_agent_as_subject(gazetteer):
    # Armenia was condemned by France .
    doc = parse([("Armenia", 2, "nsubjpass", "PROPN", "NNP", "Armenia"), ("was", 2, "auxpass", "AUX", "VBD", "be"),
                 ("condemned", 2, "ROOT", "VERB", "VBN", "condemn"), ("by", 2, "agent", "ADP", "IN", "by"),
                 ("France", 3, "pobj", "PROPN", "NNP", "France"), (".", 2, "punct", "PUNCT", ".", ".")],
                [(0, 1, "GPE", "ARM"), (4, 5, "GPE", "FRA")])
    found = run(doc, gazetteer)
    assert set(found) == {("FRA", "condemns", "ARM")}
    assert found[("FRA", "condemns", "ARM")].rule == "verb"


def test_negation_drops_the_stance(gazetteer):
    # France did not condemn Armenia .
    doc = parse([("France", 3, "nsubj", "PROPN", "NNP", "France"), ("did", 3, "aux", "AUX", "VBD", "do"),
                 ("not", 3, "neg", "PART", "RB", "not"), ("condemn", 3, "ROOT", "VERB", "VB", "condemn"),
                 ("Armenia", 3, "dobj", "PROPN", "NNP", "Armenia"), (".", 3, "punct", "PUNCT", ".", ".")],
                [(0, 1, "GPE", "FRA"), (4, 5, "GPE", "ARM")])
    assert run(doc, gazetteer) == {}


def test_obligation_in_reported_speech_is_a_demand(gazetteer):
    # Turkey said that Greece must stop .
    doc = parse([("Turkey", 1, "nsubj", "PROPN", "NNP", "Turkey"), ("said", 1, "ROOT", "VERB", "VBD", "say"),
                 ("that", 5, "mark", "SCONJ", "IN", "that"), ("Greece", 5, "nsubj", "PROPN", "NNP", "Greece"),
                 ("must", 5, "aux", "AUX", "MD", "must"), ("stop", 1, "ccomp", "VERB", "VB", "stop"),
                 (".", 1, "punct", "PUNCT", ".", ".")],
                [(0, 1, "GPE", "TUR"), (3, 4, "GPE", "GRC")])
    found = run(doc, gazetteer)
    assert set(found) == {("TUR", "demands", "GRC")}
    assert found[("TUR", "demands", "GRC")].rule == "obligation"


def test_event_noun_stands_for_its_author(gazetteer):
    # Chile condemned Peru 's offensive .
    doc = parse([("Chile", 1, "nsubj", "PROPN", "NNP", "Chile"), ("condemned", 1, "ROOT", "VERB", "VBD", "condemn"),
                 ("Peru", 4, "poss", "PROPN", "NNP", "Peru"), ("'s", 2, "case", "PART", "POS", "'s"),
                 ("offensive", 1, "dobj", "NOUN", "NN", "offensive"), (".", 1, "punct", "PUNCT", ".", ".")],
                [(0, 1, "GPE", "CHL"), (2, 3, "GPE", "PER")])
    assert set(run(doc, gazetteer)) == {("CHL", "condemns", "PER")}


def test_group_noun_resolves_to_the_last_pair(gazetteer):
    # Israel and Jordan argued . Qatar urged both sides to talk .
    rows = [("Israel", 3, "nsubj", "PROPN", "NNP", "Israel"), ("and", 0, "cc", "CCONJ", "CC", "and"),
            ("Jordan", 0, "conj", "PROPN", "NNP", "Jordan"), ("argued", 3, "ROOT", "VERB", "VBD", "argue"),
            (".", 3, "punct", "PUNCT", ".", "."),
            ("Qatar", 6, "nsubj", "PROPN", "NNP", "Qatar"), ("urged", 6, "ROOT", "VERB", "VBD", "urge"),
            ("both", 8, "det", "DET", "DT", "both"), ("sides", 6, "dobj", "NOUN", "NNS", "side"),
            ("to", 10, "aux", "PART", "TO", "to"), ("talk", 6, "xcomp", "VERB", "VB", "talk"),
            (".", 6, "punct", "PUNCT", ".", ".")]
    doc = parse(rows, [(0, 1, "GPE", "ISR"), (2, 3, "GPE", "JOR"), (5, 6, "GPE", "QAT")])
    found = run(doc, gazetteer)
    assert {("QAT", "appeals", "ISR"), ("QAT", "appeals", "JOR")} <= set(found)


@pytest.mark.parametrize("modal", ["may", "could", "might"])
def test_hypothetical_modal_drops_the_stance(gazetteer, modal):
    doc = parse([("Spain", 2, "nsubj", "PROPN", "NNP", "Spain"), (modal, 2, "aux", "AUX", "MD", modal),
                 ("support", 2, "ROOT", "VERB", "VB", "support"), ("Morocco", 2, "dobj", "PROPN", "NNP", "Morocco"),
                 (".", 2, "punct", "PUNCT", ".", ".")],
                [(0, 1, "GPE", "ESP"), (3, 4, "GPE", "MAR")])
    assert run(doc, gazetteer) == {}


def test_lexicon_lists_have_no_duplicates_and_every_list_is_read():
    """Every word list of the lexicon is read by some module, and lists no word twice."""
    import pathlib

    import yaml

    root = pathlib.Path(__file__).resolve().parent.parent / "loaders"
    data = yaml.safe_load((root / "data" / "lexicon.yaml").read_text(encoding="utf-8"))
    code = "\n".join(p.read_text(encoding="utf-8") for p in root.glob("*.py"))
    for key, value in data.items():
        assert f"lex.{key}" in code or f"lexicon.{key}" in code or f'"{key}"' in code, f"{key} is read nowhere"
        if isinstance(value, list):
            assert len(value) == len(set(value)), f"{key} lists {sorted(w for w in set(value) if value.count(w) > 1)} twice"
