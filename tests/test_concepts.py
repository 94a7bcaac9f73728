"""corpus.concepts: the lexicon as data, the matcher's spans and forms, user lexicons, recall."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
import pytest

import claimscope as cs
from claimscope.evaluation.concepts import concept_recall, load_concept_gold, match_gold
from claimscope.schema import SCHEMAS
from claimscope.topics import (
    CATEGORIES,
    LexiconError,
    find_concepts,
    find_in_text,
    load_lexicon,
)

from .conftest import FIXTURES, ROOT, SEED_IDS

PAGES = FIXTURES / "concepts"
LEXICONS = FIXTURES / "lexicons"
GOLD = ROOT / "data" / "annotations" / "concepts_gold.csv"


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


@pytest.fixture(scope="module")
def pages():
    return cs.load_corpus(PAGES, claims=False)


def hits(text: str, language: str | None, lexicon) -> list[tuple[str, str]]:
    return [(h["surface"], h["concept"]) for h in find_in_text(text, language, lexicon)]


def concepts_of(corpus, doc_id: str) -> set[str]:
    return set(corpus.concepts.loc[corpus.concepts.doc_id == doc_id, "concept"])


# --- the lexicon file ---------------------------------------------------------------------------

def test_shipped_lexicon_is_bilingual_and_categorised(lexicon):
    frame = lexicon.frame()
    assert set(frame.category) == set(CATEGORIES)
    per_concept = frame.groupby("concept").language.agg(set)
    both = per_concept.map(lambda langs: {"nl", "en"} <= langs)
    assert both.mean() > 0.95, per_concept[~both].index.tolist()
    for concept in ["back pain", "sciatica", "fibromyalgia", "multiple sclerosis", "migraine",
                    "neuropathic pain", "nerve pain", "herniated disc", "neural therapy",
                    "acupuncture", "prolotherapy", "glucose injection", "platelet-rich plasma",
                    "ozone therapy", "dry needling", "TENS", "surgery", "physiotherapy",
                    "procaine", "lidocaine", "local anaesthetic", "pregabalin", "nortriptyline",
                    "amitriptyline", "fentanyl", "tramadol", "oxycodone", "diclofenac",
                    "nervous system", "autonomic nervous system", "stellate ganglion",
                    "ligament", "tendon", "nerve", "interference field", "membrane potential"]:
        assert concept in per_concept.index, concept


def test_seed_001_medication_list_is_covered(corpus):
    found = concepts_of(corpus, SEED_IDS["backpain_nl"])
    for drug in ["nortriptyline", "antidepressants", "amitriptyline", "methadone", "diclofenac",
                 "alpha-lipoic acid", "alprazolam", "fentanyl", "ibuprofen", "paracetamol",
                 "pregabalin", "morphine", "corticosteroids", "tramadol", "oxycodone"]:
        assert drug in found, drug


def test_bad_yaml_names_the_file(tmp_path):
    bad = tmp_path / "broken.yml"
    bad.write_text("concepts:\n  - concept: x\n    terms: [unclosed\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="broken.yml: not valid YAML"):
        load_lexicon(bad)


@pytest.mark.parametrize("entry, message", [
    ("  - concept: cupping\n    terms: {nl: [cupping]}\n", "missing field 'category'"),
    ("  - concept: cupping\n    category: treatment\n", "missing field 'terms'"),
    ("  - category: treatment\n    terms: {nl: [cupping]}\n", "missing field 'concept'"),
    ("  - concept: cupping\n    category: therapy\n    terms: {nl: [cupping]}\n",
     "category 'therapy' is not one of"),
])
def test_missing_fields_name_the_file_and_concept(tmp_path, entry, message):
    path = tmp_path / "mine.yml"
    path.write_text("concepts:\n" + entry, encoding="utf-8")
    with pytest.raises(LexiconError, match=message) as err:
        load_lexicon(path)
    assert "mine.yml" in str(err.value)


def test_a_term_under_two_concepts_is_an_error(tmp_path):
    path = tmp_path / "dup.yml"
    path.write_text("concepts:\n"
                    "  - {concept: a, category: condition, terms: {nl: [rugpijn]}}\n"
                    "  - {concept: b, category: condition, terms: {nl: [Rugpijn]}}\n",
                    encoding="utf-8")
    with pytest.raises(LexiconError, match="listed under both 'a' and 'b'"):
        load_lexicon(path)


# --- spans --------------------------------------------------------------------------------------

def test_every_concept_span_cuts_back_to_its_surface(corpus):
    assert len(corpus.concepts) > 1000
    sentences = corpus.sentences.set_index(["doc_id", "sent_id"])
    for row in corpus.concepts.itertuples():
        assert corpus.text[row.doc_id][row.start:row.end] == row.surface
        sent = sentences.loc[(row.doc_id, row.sent_id)]
        assert sent.start <= row.start < row.end <= sent.end


def test_hits_never_overlap(corpus):
    for _, rows in corpus.concepts.groupby("doc_id"):
        starts, ends = rows.start.to_numpy(), rows.end.to_numpy()
        assert (ends[:-1] <= starts[1:]).all()


def test_frame_matches_the_contract_and_the_pure_function(corpus):
    assert list(corpus.concepts.columns) == list(SCHEMAS["concepts"])
    assert set(corpus.concepts.category) <= set(CATEGORIES)
    again = find_concepts(corpus.sentences).astype(SCHEMAS["concepts"])
    pd.testing.assert_frame_equal(corpus.concepts, again)


def test_same_input_same_frame(lexicon, corpus):
    first = find_concepts(corpus.sentences, lexicon)
    second = find_concepts(corpus.sentences, load_lexicon())
    pd.testing.assert_frame_equal(first, second)


# --- forms: diacritics, case, inflection, compounds, multi-word ---------------------------------

def test_diacritics_and_case_fold_but_offsets_stay_on_the_original(lexicon):
    text = "Procaïne, procaine en PROCAÏNE; lidocaïne."
    found = find_in_text(text, "nl", lexicon)
    assert [(h["concept"], text[h["start"]:h["end"]]) for h in found] == [
        ("procaine", "Procaïne"), ("procaine", "procaine"), ("procaine", "PROCAÏNE"),
        ("lidocaine", "lidocaïne")]


def test_acronyms_match_only_in_capitals(lexicon):
    assert hits("Patiënten met MS en MS-patiënten", "nl", lexicon) == [
        ("MS", "multiple sclerosis"), ("MS-patiënten", "multiple sclerosis")]
    assert hits("It has been 20 ms since the injection.", "en", lexicon) == [
        ("injection", "injection")]
    assert ("NSAID’s", "anti-inflammatory drugs") in hits("medicatie (NSAID’s)", "nl", lexicon)


@pytest.mark.parametrize("text, language, expected", [
    ("De injecties en littekens", "nl", [("injecties", "injection"), ("littekens", "scar")]),
    ("interferentievelden in de zenuwen", "nl",
     [("interferentievelden", "interference field"), ("zenuwen", "nerve")]),
    ("hernia’s en stenoses", "nl", [("hernia’s", "herniated disc"),
                                    ("stenoses", "spinal stenosis")]),
    ("nerves, migraines and scars", "en",
     [("nerves", "nerve"), ("migraines", "migraine"), ("scars", "scar")]),
    ("the stressed tissues", "en", [("stressed", "stress"), ("tissues", "tissue")]),
])
def test_inflected_forms(lexicon, text, language, expected):
    assert hits(text, language, lexicon) == expected


@pytest.mark.parametrize("text, expected", [
    ("rugpijnklachten", [("rugpijn", "back pain")]),            # term as modifier
    ("zenuwpijnklachten", [("zenuwpijn", "nerve pain")]),
    ("virusinfecties", [("virusinfecties", "infection")]),      # term as (inflected) head
    ("spierontsteking", [("spier", "muscle"), ("ontsteking", "inflammation")]),
    ("longontsteking", [("longontsteking", "pneumonia")]),      # a listed compound stays whole
    # not_compounds blocks only the listed words (wondermiddel, angstvallig), not their parts
    ("wondinfecties", [("wond", "injury"), ("infecties", "infection")]),
    ("angststoornis", [("angststoornis", "anxiety")]),
    # a profession is not a concept (data/gold/concepts/GUIDE.md): only the therapy is found
    ("acupunctuurprofessionals", [("acupunctuur", "acupuncture")]),
    ("ontstekingsremmende", [("ontstekingsremmende", "anti-inflammatory effect")]),
])
def test_dutch_compounds(lexicon, text, expected):
    assert hits(text, "nl", lexicon) == expected


@pytest.mark.parametrize("text", [
    "Europees onderzoek",           # not "pees" (tendon) as a head
    "Normaal gesproken",            # not "roken" (smoking)
    "de huidige situatie",          # not "huid" (skin)
    "kom terug na enkele weken",    # not "rug" (back), not "enkel" (ankle)
    "door middel van oefeningen op een handige manier",  # no medication, hand, kidney
    "Het is gebleken dat het afhankelijk is",  # no pallor, no dependence
    # settings.not_compounds: lexicalised words whose parts are not what they mean
    "Het is geen wondermiddel en komt angstvallig dicht bij wondermiddelen",  # no wound, anxiety
    "de bouwstenen van een zenuwslopende, zenuwachtige week",  # no toes, no nerve
    "de apotheek kan het morgen leveren",  # 'lever' is exact: to deliver is no liver
    "Het geven van borstvoeding bleef moeizaam",  # breastfeeding: no chest
    "In de middeleeuwen werd het kruid gebruikt",  # 'het kruid': the plant named before
])
def test_short_terms_do_not_fire_inside_other_words(lexicon, text):
    assert [h for h in hits(text, "nl", lexicon) if h[1] != "exercise"] == []


def test_herbs_in_the_plural_are_herbal_medicine(lexicon):
    assert [h[1] for h in hits("Geneeskrachtige kruiden werken niet.", "nl", lexicon)] == [
        "herbal medicine"]
    assert [h[1] for h in hits("These herbs help; the herb is safe.", "en", lexicon)] == [
        "herbal medicine"]


@pytest.mark.parametrize("text, language, expected", [
    # settings.idioms: a body word in a figure of speech is no concept; the literal sense is
    ("On the other hand, hand pain is common.", "en", [("hand", "hand"), ("pain", "pain")]),
    ("A hands-on, first-hand account of knee pain.", "en", [("knee pain", "knee pain")]),
    ("Wat is er aan de hand? Pijn in de hand en rugpijn.", "nl",
     [("Pijn", "pain"), ("hand", "hand"), ("rugpijn", "back pain")]),
    ("Dat hebben we achter de rug; de rug doet nog pijn.", "nl",
     [("rug", "back"), ("pijn", "pain")]),
    ("Ze zweren bij kurkuma tegen zweren in de mond.", "nl",
     [("kurkuma", "turmeric"), ("zweren in de mond", "ulcer")]),

    # an anaphoric head is no concept; the product it stands for is
    ("The HPV vaccine is safe. We give the vaccine early, as other vaccines.", "en",
     [("HPV vaccine", "hpv vaccine")]),
    ("Het HPV-vaccin is veilig; het vaccin wordt vroeg gegeven. Vaccinatie helpt.", "nl",
     [("HPV-vaccin", "hpv vaccine"), ("Vaccinatie", "vaccination")]),
])
def test_figures_of_speech_name_no_concept(lexicon, text, language, expected):
    assert hits(text, language, lexicon) == expected


def test_a_users_idioms_add_to_the_shipped_ones(tmp_path):
    mine = tmp_path / "mine.yml"
    mine.write_text("extends: default\nsettings:\n  idioms:\n    en: [heart of gold]\n"
                    "concepts: []\n", encoding="utf-8")
    lexicon = load_lexicon(mine)
    assert hits("A heart of gold, on the other hand a weak heart.", "en", lexicon) == [
        ("heart", "heart")]
    assert "aan de hand" in lexicon.settings["idioms"]["nl"]


def test_multi_word_terms_and_longest_match(lexicon):
    assert hits("lage rugpijn, pijn in de nek en gastro-enteritis", "nl", lexicon) == [
        ("lage rugpijn", "low back pain"), ("pijn in de nek", "neck pain"),
        ("gastro-enteritis", "gastroenteritis")]
    assert hits("autonomic nervous system dysregulation", "en", lexicon) == [
        ("autonomic nervous system dysregulation", "autonomic dysregulation")]
    assert hits("The stellate ganglion.", "en", lexicon) == [
        ("stellate ganglion", "stellate ganglion")]


def test_language_picks_the_stemmer_and_unknown_tries_all(lexicon):
    # a Dutch word that is also English stays Dutch-only: "been" (leg) is not in "has been"
    assert hits("It has been treated.", "en", lexicon) == []
    assert hits("pijn in het been", "nl", lexicon)[-1] == ("been", "leg")
    # an unknown language (a Spanish reference) tries every language of the lexicon
    assert ("terapia neural", "neural therapy") in hits(
        "Eficacia de la terapia neural en pacientes con dolor cervical", "other", lexicon)


def test_fixture_pages(pages):
    found = set(zip(pages.concepts.surface, pages.concepts.concept, strict=True))
    for pair in [("rugpijn", "back pain"), ("zenuwpijn", "nerve pain"), ("Lyrica", "pregabalin"),
                 ("PROCAÏNE", "procaine"),
                 ("littekens", "scar"), ("pezen", "tendon"), ("lage rugpijn", "low back pain"),
                 ("surgical scars", "scar"), ("stellate ganglion", "stellate ganglion"),
                 ("low back pain", "low back pain")]:
        assert pair in found, pair
    surfaces = set(pages.concepts.surface.str.lower())
    assert not surfaces & {"europees", "gesproken", "huidige", "terug", "enkele", "been", "ms",
                           "neuraaltherapeut"}  # a profession is not a concept (GUIDE.md)


# --- user lexicons --------------------------------------------------------------------------------

def test_a_user_file_adds_terms_without_code_change(pages):
    # the shipped lexicon has had "cupping" since issue 17; the user's extra terms still add
    assert "zenuwscheuten" not in set(pages.concepts.surface)
    mine = cs.load_corpus(PAGES, claims=False, concepts=LEXICONS / "extra_terms.yml")
    added = mine.concepts[mine.concepts.concept == "cupping"]
    assert sorted(added.surface) == ["cupping", "cupping therapy"]
    extra = mine.concepts[mine.concepts.surface == "zenuwscheuten"]
    assert extra.concept.tolist() == ["nerve pain"]
    # everything the shipped lexicon found is still found
    assert set(pages.concepts.concept) <= set(mine.concepts.concept)
    assert mine.settings["concepts"].endswith("extra_terms.yml")


def test_a_user_file_without_extends_replaces_the_lexicon(tmp_path):
    lexicon = load_lexicon(LEXICONS / "only_cupping.yml")
    assert [c.concept for c in lexicon.concepts] == ["cupping"]
    assert hits("procaïne en cupping", "nl", lexicon) == [("cupping", "cupping")]


def test_cli_takes_a_lexicon(tmp_path):
    from claimscope.cli import main
    assert main(["build", str(PAGES), "--out", str(tmp_path / "out"), "--quiet",
                 "--concepts", str(LEXICONS / "extra_terms.yml")]) == 0
    saved = cs.Corpus.load(tmp_path / "out")
    assert "cupping" in set(saved.concepts.concept)
    assert main(["build", str(PAGES), "--out", str(tmp_path / "x"), "--quiet",
                 "--concepts", str(tmp_path / "nope.yml")]) == 2


# --- scale and recall -----------------------------------------------------------------------------

def test_matching_is_linear_and_compiled_once(corpus, lexicon):
    assert lexicon.matcher() is lexicon.matcher()
    small = corpus.sentences
    big = pd.concat([small.assign(doc_id=small.doc_id + f"_{i}") for i in range(10)])
    started = time.perf_counter()
    find_concepts(small, lexicon)
    one = time.perf_counter() - started
    started = time.perf_counter()
    result = find_concepts(big, lexicon)
    ten = time.perf_counter() - started
    assert len(result) == 10 * len(find_concepts(small, lexicon))
    assert ten < 30 * max(one, 0.05), (one, ten)   # loose: linear, not quadratic


def test_junk_tokens_and_huge_sentences_stay_linear(lexicon):
    started = time.perf_counter()
    assert find_in_text("a" * 300_000, "nl", lexicon) == []      # one 300,000-letter "word"
    many = find_in_text("rugpijn en procaïne. " * 20_000, "nl", lexicon)
    assert len(many) == 40_000
    assert time.perf_counter() - started < 20


@pytest.mark.skipif(not GOLD.exists(), reason="no hand gold for concepts")
def test_recall_against_the_hand_gold_is_at_least_0_9_per_document(corpus):
    gold = load_concept_gold(GOLD)
    table = concept_recall(corpus.concepts, gold).set_index("doc_id")
    print(table.to_string())
    assert (table.recall_span >= 0.9).all(), table
    missed = match_gold(corpus.concepts, gold).query("not found_span")
    assert len(missed) <= 0.1 * len(gold), missed[["doc_id", "surface", "concept"]]


def test_gold_paths_are_relative_to_the_repository():
    assert Path(GOLD).is_absolute() and PAGES.is_dir() and LEXICONS.is_dir()


def test_common_health_terms_are_concepts_in_both_languages():
    """A probe of 99 terms per language that health-product pages use (supplements, therapies,
    conditions, body parts; written from no gold page), each in a plain sentence."""
    lexicon = load_lexicon()
    probe = pd.read_csv(FIXTURES / "concept_probe.csv")
    assert len(probe) == 198
    missed = []
    for lang, term in zip(probe.language, probe.term, strict=True):
        sentence = (f"Veel mensen vragen naar {term} bij de huisarts." if lang == "nl"
                    else f"Many people ask about {term} at the clinic.")
        start = sentence.index(term)
        end = start + len(term)
        hits = find_in_text(sentence, lang, lexicon)
        if not any(h["start"] < end and h["end"] > start for h in hits):
            missed.append((lang, term))
    assert missed == []
