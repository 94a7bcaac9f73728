"""Structure and sentence rules on small fixtures; boilerplate rules are data, not code."""

from __future__ import annotations

import claimscope as cs
from claimscope.parse.boilerplate import load_rules
from claimscope.parse.sentences import split_sentences

PAGE = """Home
Acupunctuur bij rugpijn

Acupunctuur wordt vaak gebruikt bij rugpijn.Patiënten melden minder pijn, bijv. bij ischias.
Volgens de kliniek helpt het o.a. bij hoofdpijn.

Dit artikel is gesponsord door Kliniek Zonnestraal.
"""


def _texts(text, lang="nl"):
    return [text[s:e] for s, e in split_sentences(text, lang)]


def test_dutch_abbreviations_and_glued_sentences():
    assert _texts("Dit helpt bijv. bij pijn.Dr. Sarno zegt het o.a. ook. Klaar") == [
        "Dit helpt bijv. bij pijn.", "Dr. Sarno zegt het o.a. ook.", "Klaar"]


def test_english_abbreviations_and_urls():
    text = "It helps, e.g. with pain. See www.example.com/page.Html for more. Done."
    assert _texts(text, "en") == [
        "It helps, e.g. with pain.", "See www.example.com/page.Html for more.", "Done."]


def test_a_users_rule_file_adds_boilerplate_without_code(tmp_path):
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    rules = tmp_path / "site.yml"
    rules.write_text(
        "rules:\n  - reason: sponsor_notice\n    pattern: 'dit artikel is gesponsord door'\n",
        encoding="utf-8")
    before = cs.load_corpus(tmp_path / "page.txt")
    after = cs.load_corpus(tmp_path / "page.txt", boilerplate_rules=rules)
    assert "sponsor_notice" not in set(before.boilerplate.reason)
    sponsor = after.boilerplate[after.boilerplate.reason == "sponsor_notice"]
    assert sponsor.text.tolist() == ["Dit artikel is gesponsord door Kliniek Zonnestraal."]
    assert len(after.sentences) == len(before.sentences) - 1
    assert after.boilerplate.reason.tolist()[0] == "navigation"  # defaults still apply


def test_a_structural_rule_can_be_switched_off(tmp_path):
    off = tmp_path / "off.yml"
    off.write_text("structural:\n  table_of_contents: false\n", encoding="utf-8")
    rules = load_rules(off)
    assert not rules.enabled("table_of_contents") and rules.enabled("code_block")


def test_bad_rule_file_names_file_and_rule(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("rules:\n  - reason: x\n    pattern: '(unclosed'\n", encoding="utf-8")
    try:
        load_rules(bad)
    except cs.errors.RulesError as err:
        assert "bad.yml: rule 1: bad pattern" in str(err)
    else:
        raise AssertionError("RulesError not raised")


def test_hard_wrapped_paragraph_lines_join_into_one_sentence(tmp_path):
    (tmp_path / "wrapped.md").write_text(
        "# Titel\n\nProlotherapie is een injectietherapie waarbij\nglucose wordt gebruikt.\n",
        encoding="utf-8")
    corpus = cs.load_corpus(tmp_path)
    assert corpus.sentences.text.tolist()[-1] == (
        "Prolotherapie is een injectietherapie waarbij\nglucose wordt gebruikt.")


def test_a_site_menu_left_as_text_is_boilerplate_but_sections_and_lists_are_not():
    from claimscope.parse.document import parse_text

    menu = ("Patient Centered Treatment\n\nWat is vitamine B12\n\nOorzaken\n\nDiagnose\n\n"
            "Symptomen\n\nBehandeladvies\n\nVitamine B12 tekort komt vaak voor.\n")
    doc = parse_text("d", menu, load_rules())
    assert [s["text"] for s in doc.sentences] == ["Vitamine B12 tekort komt vaak voor."]
    assert {b["reason"] for b in doc.boilerplate} == {"navigation_menu"}
    sections = ("Oorzaken\n\nEen tekort ontstaat langzaam.\n\nDiagnose\n\nBloed wordt getest.\n\n"
                "Symptomen\n\nMoeheid.\n\nBehandeling\n\nInjecties.\n\nPreventie\n\nVlees.\n")
    assert not parse_text("d", sections, load_rules()).boilerplate
    symptoms = "Klachten zijn onder meer:\n\n- Moeheid\n- Tintelingen\n- Duizeligheid\n" \
               "- Geheugenproblemen\n- Hoofdpijn\n- Bleekheid\n"
    assert len(parse_text("d", symptoms, load_rules()).sentences) == 7
