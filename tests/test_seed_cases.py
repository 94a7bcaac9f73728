"""Each real-mess case of the seed corpus named in DESIGN.md / issue 2, on the real text."""

from __future__ import annotations

from .conftest import SEED_IDS


def _sentence_containing(sentences: list[str], fragment: str) -> str:
    hits = [s for s in sentences if fragment in s]
    assert len(hits) == 1, (fragment, hits)
    return hits[0]


# --- normalisation -------------------------------------------------------------------------

def test_seed_003_stray_A_circumflex_never_reaches_a_sentence(corpus, sentences_of):
    assert not any("Â" in s for s in sentences_of("prolo_nl"))
    assert "Â" not in corpus.text[SEED_IDS["prolo_nl"]]
    repairs = corpus.manifest.set_index("doc_id").repairs[SEED_IDS["prolo_nl"]]
    assert "line-final 'Â'" in repairs


def test_seeds_are_recorded_as_utf8_without_other_repairs(corpus):
    manifest = corpus.manifest.set_index("doc_id")
    assert set(manifest.encoding) == {"utf-8"}
    untouched = [SEED_IDS[k] for k in ("neural_nl", "backpain_nl", "acupuncture_nl", "neural_en")]
    assert (manifest.loc[untouched, "repairs"] == "").all()


# --- sentences -----------------------------------------------------------------------------

def test_seed_002_glued_sentences_are_split(sentences_of):
    sents = sentences_of("acupuncture_nl")
    assert any(s.endswith("ervaren bij herhaalde bezoeken.") for s in sents)
    assert any(s.startswith("Dit werkt over het algemeen het beste") for s in sents)
    assert any(s.endswith("zodat ze effectiever kunnen communiceren.") for s in sents)
    assert any(s.startswith("MS beïnvloedt deze paden") for s in sents)
    assert not any(".Dit" in s or ".MS" in s or ".In veel" in s for s in sents)


def test_abbreviations_and_decimals_do_not_end_sentences(sentences_of):
    backpain = sentences_of("backpain_nl")
    _sentence_containing(backpain, "De pijn in o.a. de benen kan dan ook vervolgens")
    sarno = _sentence_containing(backpain, "op basis van het werk van dr. Sarno")
    assert sarno.startswith("BreinMedicijn heeft o.a.") and sarno.endswith("rug.")
    mv = _sentence_containing(sentences_of("neural_en"), "-70 and -90 millivolts")
    assert mv == "In healthy tissue, this charge sits between -70 and -90 millivolts."
    ref = _sentence_containing(sentences_of("neural_nl"), "27.1 (2017)")
    assert ref.startswith("Olarte, Diana Marcela") and ref.endswith("25-37.")


def test_reference_entries_are_one_unit_each(sentences_of):
    refs = [s for s in sentences_of("neural_nl") if "(20" in s and "Rev" in s]
    assert [r.split(",")[0] for r in refs] == ["Olarte", "De La Torre", "Vinyes"]


def test_citation_only_fragments_stay_with_their_sentence(sentences_of):
    sents = sentences_of("backpain_nl")
    assert not any(s.startswith(("bron", "(bron")) for s in sents)
    hernia = _sentence_containing(sents, "ze zien milde hernia’s")
    assert hernia.endswith("(bron), (bron), (bron).")


def test_quoted_question_does_not_cut_a_sentence(sentences_of):
    s = _sentence_containing(sentences_of("backpain_nl"), "heeft BreinMedicijn een gratis")
    assert s.startswith("Om u antwoord te geven op de vraag “Wat voor soort")


def test_list_items_are_their_own_units(corpus):
    s = corpus.sentences[corpus.sentences.doc_id == SEED_IDS["backpain_nl"]]
    bullets = s[s.text.str.startswith("De Nervus Ischiadicus is het langste")]
    assert list(bullets.unit) == ["list_item"]
    assert bullets.text.iloc[0].endswith("zenuwpijn in de rug en het been.")
    symptoms = s[s.text.isin(["Doof gevoel", "Jeuk", "Uitstralende pijn"])]
    assert list(symptoms.unit) == ["list_item"] * 3


def test_headings_are_their_own_sentences(corpus):
    s = corpus.sentences[corpus.sentences.doc_id == SEED_IDS["acupuncture_nl"]]
    assert s.text.iloc[0] == "Hoe effectief is acupunctuur voor multiple sclerose?"
    assert bool(s.is_heading.iloc[0]) and not s.is_heading.iloc[1:].any()


# --- sections ------------------------------------------------------------------------------

def _sections(corpus, key):
    secs = corpus.sections[corpus.sections.doc_id == SEED_IDS[key]]
    return dict(zip(secs.heading, secs.level, strict=True))


def test_numbered_headings_and_levels(corpus):
    levels = _sections(corpus, "backpain_nl")
    assert levels["10 Wat zijn de behandelingen voor zenuwpijn in de rug"] == 2
    assert levels["6.2 Vitamine B12 tekort en zenuwpijn in de rug"] == 3
    assert levels["6. Wat is de oorzaak van zenuwpijn in de rug"] == 2
    assert levels["6.10. De nummer 1 oorzaak van zenuwpijn in de rug"] == 3
    assert levels["10.5 homeopathische middelen tegen zenuwpijn in de rug"] == 3
    assert levels["Alles over zenuwpijn in de rug- oorzaak en behandeling"] == 1


def test_numbered_sections_nest_under_their_parent(corpus):
    secs = corpus.sections[corpus.sections.doc_id == SEED_IDS["backpain_nl"]].set_index("heading")
    parent = secs.loc["6.2 Vitamine B12 tekort en zenuwpijn in de rug", "parent_id"]
    assert secs.reset_index().set_index("section_id").heading[parent] == (
        "6. Wat is de oorzaak van zenuwpijn in de rug")


def test_markdown_and_question_headings(corpus):
    en = _sections(corpus, "neural_en")
    assert en["Resetting the Nervous System: The Clinical Science Behind Neural Therapy"] == 1
    assert en["The Electrochemical Basis of Neural Therapy"] == 4
    assert en["1. What is neural therapy and how does it work?"] == 5
    nl = _sections(corpus, "neural_nl")
    assert nl["Wat is neuraaltherapie?"] == 2
    assert nl["Hoe wordt neuraaltherapie uitgevoerd?"] == 2
    assert "Prolotherapie Referenties:" in _sections(corpus, "prolo_nl")


# --- boilerplate ---------------------------------------------------------------------------

def _reasons(boilerplate_of, key):
    return boilerplate_of(key).reason.tolist()


def test_seed_002_navigation(boilerplate_of, sentences_of):
    b = boilerplate_of("acupuncture_nl")
    assert b.text.tolist() == ["Skip to main content"]
    assert b.reason.tolist() == ["navigation"]
    assert "Skip to main content" not in sentences_of("acupuncture_nl")


def test_seed_001_tables_of_contents(boilerplate_of, sentences_of):
    toc = boilerplate_of("backpain_nl")
    toc = toc[toc.reason == "table_of_contents"]
    assert len(toc) == 2
    assert toc.text.iloc[0].startswith("- In het kort\n- 1 Wat is zenuwpijn in de rug")
    assert toc.text.iloc[1].startswith("Inhoudsopgave\n- Wat is zenuwpijn in de rug?")
    assert toc.text.iloc[1].endswith("- Wat is de beste behandeling voor zenuwpijn in de rug?")
    sents = sentences_of("backpain_nl")
    assert "Inhoudsopgave" not in sents
    assert "10.10 Epiduraal blokkade en Ganglion stellatum blokkade" in sents  # the heading stays


def test_seed_000_related_links_and_disclaimers(boilerplate_of, sentences_of):
    b = boilerplate_of("neural_nl")
    related = b[b.reason == "related_links"].text.tolist()
    assert related == [
        "Misschien ook interessant om te lezen:\n6 trucs om je zenuwstelsel te versterken",
        "Misschien ook interessant om te lezen:\nEen gezonder zenuwstelsel met deze drankjes",
    ]
    assert b[b.reason == "source_check_disclaimer"].text.iloc[0].startswith(
        "Alle aangehaalde bronnen zijn grondig gecontroleerd")
    assert b[b.reason == "informational_disclaimer"].text.iloc[0].endswith(
        "Bij twijfel, raadpleeg uw specialist.")
    sents = " ".join(sentences_of("neural_nl"))
    for gone in ("Misschien ook interessant", "drankjes", "grondig gecontroleerd",
                 "informatieve doeleinden", "Laatste update"):
        assert gone not in sents


def test_seed_004_platform_header_and_agent_instructions(boilerplate_of, sentences_of, corpus):
    b = boilerplate_of("neural_en")
    assert b.reason.iloc[0] == "platform_header"
    assert b.text.iloc[0].startswith("> For the complete documentation index")
    agent = b[b.reason == "platform_agent_instructions"]
    assert len(agent) == 1 and agent.text.iloc[0].startswith("# Agent Instructions")
    assert agent.end.iloc[0] == len(corpus.text[SEED_IDS["neural_en"]].rstrip())
    sents = " ".join(sentences_of("neural_en"))
    for gone in ("GitBook", "llms.txt", "query parameter", "Agent Instructions"):
        assert gone not in sents


def test_every_seed_keeps_most_of_its_text(corpus):
    assert (corpus.documents.boilerplate_share < 0.2).all()


# --- language, titles, dates ---------------------------------------------------------------

def test_document_languages(corpus):
    lang = corpus.documents.set_index("doc_id").language
    assert lang[SEED_IDS["neural_en"]] == "en"
    assert (lang.drop(SEED_IDS["neural_en"]) == "nl").all()


def test_spanish_references_are_other_language(corpus):
    s = corpus.sentences[corpus.sentences.doc_id == SEED_IDS["neural_nl"]]
    spanish = s[s.text.str.contains("terapia neural en pacientes|principios de la terapia")]
    assert list(spanish.language) == ["other", "other"]


def test_sentence_languages_follow_the_page(corpus):
    s = corpus.sentences.merge(corpus.documents[["doc_id", "language"]], on="doc_id",
                               suffixes=("", "_doc"))
    agree = (s.language == s.language_doc).mean()
    assert agree > 0.98, agree


def test_titles_and_dates(corpus):
    docs = corpus.documents.set_index("doc_id")
    assert docs.title[SEED_IDS["neural_nl"]] == "Wat is neuraaltherapie precies?"
    assert docs.title[SEED_IDS["backpain_nl"]] == (
        "Alles over zenuwpijn in de rug- oorzaak en behandeling")
    assert docs.date[SEED_IDS["neural_nl"]] == "2020-08-31"
    assert docs.date.drop(SEED_IDS["neural_nl"]).isna().all()
