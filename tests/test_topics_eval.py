"""Topic overlap measured on the gold corpus; concept scores; coverage; cross-lingual links;
``suggest-concepts`` (issue 17). Real text throughout: the seeds and the gold pages."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

import claimscope as cs
from claimscope import topics as ov
from claimscope.cli import main
from claimscope.errors import AnnotationError, ConfigError
from claimscope.evaluation import concepts as ce
from claimscope.evaluation import topics as te
from claimscope.topics import crosslingual as xl
from claimscope.topics import suggest

from .conftest import ROOT, SEED_IDS

GOLD = ROOT / "data" / "gold"
NL, EN = SEED_IDS["neural_nl"], SEED_IDS["neural_en"]


@pytest.fixture(scope="module")
def gold_corpus():
    return cs.load_corpus(GOLD / "pages", claims=False)


@pytest.fixture(scope="module")
def gold_sources():
    sources = pd.read_csv(GOLD / "sources.csv")
    return sources.merge(pd.read_csv(GOLD / "splits.csv")[["site", "split"]], on="site")


# --- neighbours across languages ------------------------------------------------------------

@pytest.mark.parametrize("measure", ["concept_cosine", "word_bilingual", "char_tfidf"])
def test_the_dutch_neural_therapy_page_finds_its_english_twin(corpus, measure):
    near = ov.neighbours(corpus, k=1, measures=[measure], across_languages=True)
    assert not near.same_language.any()
    assert near.set_index("doc_a").doc_b[NL] == EN
    assert near.set_index("doc_a").doc_b[EN] == NL


def test_across_languages_equals_brute_force_on_the_gold_pages(gold_corpus):
    src = ov.Sources.from_corpus(gold_corpus)
    feats = ov.features(src, "concept_cosine")
    dense = (feats.matrix @ feats.matrix.T).toarray()
    lang = np.array(src.languages)
    near = ov.neighbours(src, k=1, measures=["concept_cosine"], across_languages=True,
                         decimals=None).set_index("doc_a")
    for i, doc in enumerate(feats.docs):
        other = np.flatnonzero(lang != lang[i])
        best = other[np.argmax(dense[i, other])]
        if dense[i, best] > 0:
            assert near.score[doc] == pytest.approx(dense[i, best])


def test_cognates_and_the_table_link_words_that_stems_do_not():
    assert xl.cognate_key("homeopathie") == xl.cognate_key("homeopathy")
    assert xl.cognate_key("osteopathie") == xl.cognate_key("osteopathic")
    assert xl.cognate_key("fysiotherapie") == xl.cognate_key("physiotherapy")  # f ~ ph, y ~ i
    assert xl.cognate_key("acupunctuur") == xl.cognate_key("acupuncture")
    assert xl.cognate_key("pijn") != xl.cognate_key("pain")          # not cognates: the table
    assert xl.bilingual_tokens("nekpijn", "nl", xl.load_translations()) == \
        xl.bilingual_tokens("neck pain", "en", xl.load_translations())


def test_bilingual_words_see_the_cross_language_pair_word_tfidf_misses(corpus):
    words = ov.similarity_matrix(corpus, "word_tfidf")
    bilingual = ov.similarity_matrix(corpus, "word_bilingual")
    assert bilingual.loc[NL, EN] > 3 * words.loc[NL, EN]


def test_a_bad_translation_table_names_the_file(tmp_path):
    bad = tmp_path / "nl_en.yml"
    bad.write_text("nl:\n  rugpijn: 12\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="nl_en.yml: entry 'rugpijn'"):
        xl.load_translations(bad)
    extra = tmp_path / "more.yml"
    extra.write_text("extends: default\nnl:\n  zalf: ointment\n", encoding="utf-8")
    table = xl.load_translations(extra)
    assert table["zalf"] == ("ointment",) and table["rugpijn"] == ("back", "pain")


# --- same-topic precision -------------------------------------------------------------------

def test_chance_rate_is_the_share_of_same_topic_candidates(gold_corpus, gold_sources):
    hits = te.set_hits(gold_corpus, gold_sources, "all", measures=["char_tfidf"])
    counts = gold_sources.topic.value_counts()
    n = len(gold_sources)
    expected = hits.topic.map(lambda t: (counts[t] - 1) / (n - 1))
    np.testing.assert_allclose(hits.chance, expected)
    # pages whose topic no other page shares cannot score and are left out
    assert set(hits.topic) == set(counts[counts > 1].index)
    assert (hits.best <= 1).all() and (hits.p_at_k <= hits.best + 1e-9).all()


def test_dev_pages_are_never_compared_with_test_pages(gold_corpus, gold_sources):
    src = ov.Sources.from_corpus(gold_corpus)
    test_pages = set(gold_sources.page_id[gold_sources.split == "test"])
    pool = [d for d in src.docs if d not in test_pages]
    near = ov.neighbours(te.subset(src, pool), k=5, measures=["char_tfidf"])
    assert not (set(near.doc_a) | set(near.doc_b)) & test_pages
    hits = te.set_hits(gold_corpus, gold_sources, "dev", measures=["char_tfidf"])
    assert set(hits.doc_id) <= set(gold_sources.page_id[gold_sources.split == "dev"])


def test_the_default_measure_is_the_one_dev_chooses_and_beats_chance(gold_corpus,
                                                                       gold_sources):
    table = te.topic_table(gold_corpus, gold_sources, sets=("dev",))
    assert te.choose_measure(table, "dev") == ov.DEFAULT_MEASURE
    p1 = table[(table.measure == ov.DEFAULT_MEASURE) & (table.metric == "p_at_1")]
    assert (p1.value > 10 * p1.chance).all()
    assert (p1.low <= p1.value).all() and (p1.value <= p1.high).all()
    assert list(table.columns) == list(cs.schema.TABLE_COLUMNS["topics"])


# --- concept gold ---------------------------------------------------------------------------

def test_concept_gold_rows_cut_their_surface_and_bad_rows_are_named(gold_corpus, tmp_path):
    gold = ce.load_concept_gold(GOLD / "concepts" / "first.csv", gold_corpus.text)
    assert len(gold) > 300 and gold.doc_id.nunique() == 33
    bad = gold.head(3).copy()
    bad.loc[bad.index[1], "start"] += 1
    path = tmp_path / "coder.csv"
    bad.to_csv(path, index=False)
    with pytest.raises(AnnotationError, match=r"coder.csv: row 3: text\["):
        ce.load_concept_gold(path, gold_corpus.text)


def test_precision_and_recall_on_the_seed_gold(corpus):
    gold = ce.load_concept_gold(ROOT / "data/annotations/concepts_gold.csv", corpus.text)
    table = ce.concept_scores(corpus.concepts, gold, corpus.sentences, name="seeds")
    scores = table.set_index("metric").value
    recall = ce.concept_recall(corpus.concepts, gold)
    assert scores["recall"] == pytest.approx(recall.found_span.sum() / recall.gold.sum())
    # a generic word the lexicon matches but the coders leave unmarked costs precision
    assert 0.5 < scores["precision"] < scores["recall"]
    # without the matcher nothing is found: recall 0, precision undefined
    none = ce.concept_scores(corpus.concepts.head(0), gold, corpus.sentences)
    assert none.set_index("metric").value["recall"] == 0


def test_gold_mentions_outside_sentences_are_counted_not_scored(corpus):
    gold = ce.load_concept_gold(ROOT / "data/annotations/concepts_gold.csv", corpus.text)
    boiler = corpus.boilerplate[corpus.boilerplate.doc_id == NL].iloc[0]
    outside = pd.DataFrame([{"doc_id": NL, "start": boiler.start, "end": boiler.end,
                             "category": "treatment"}])
    both = pd.concat([gold, outside], ignore_index=True)
    table = ce.concept_scores(corpus.concepts, both, corpus.sentences).set_index("metric")
    assert table.loc["outside_sentences", "mentions"] == 1
    assert table.loc["recall", "mentions"] == len(gold)


def test_agreement_of_a_list_with_itself_and_with_half_of_it(corpus):
    gold = ce.load_concept_gold(ROOT / "data/annotations/concepts_gold.csv", corpus.text)
    same = ce.span_agreement(gold, gold).set_index("metric").value
    assert same["f1"] == 1 and same["category_agreement"] == 1
    half = ce.span_agreement(gold, gold.iloc[::2]).set_index("metric").value
    assert half["precision"] == 1 and 0.45 < half["recall"] < 0.55


# --- coverage -------------------------------------------------------------------------------

def test_coverage_counts_content_words_that_concepts_cover(corpus):
    words = ov.content_word_spans(corpus.sentences)
    for r in words.sample(50, random_state=0).itertuples():
        assert ov.fold(corpus.text[r.doc_id][r.start:r.end])[0] == r.word
    table = ov.concept_coverage(corpus)
    assert table.coverage.between(0.05, 0.8).all()
    empty = cs.load_corpus(ROOT / "seeds", claims=False, concepts=False)
    assert (ov.concept_coverage(empty).coverage == 0).all()


def test_uncovered_words_show_where_the_lexicon_is_thin(gold_corpus):
    thin = ov.uncovered_words(gold_corpus, top=10**6)
    table = ov.concept_coverage(gold_corpus)
    assert thin["count"].sum() == (table.content_words - table.covered_words).sum()
    top = ov.uncovered_words(gold_corpus, top=5)
    assert top.groupby("language").size().max() == 5
    assert top.groupby("language").documents.is_monotonic_decreasing.all()


# --- suggest-concepts -----------------------------------------------------------------------

SMALL_LEXICON = """\
concepts:
  - concept: pain
    category: condition
    terms: {nl: [pijn], en: [pain]}
"""


@pytest.fixture(scope="module")
def homeopathy_pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("homeopathy")
    for page in ("g004_skepsis", "g005_vereniginghomeopathie", "g006_kloptdatwel",
                 "g009_naturalhealthmag", "g010_greenleashomeopathy"):
        shutil.copy(GOLD / "pages" / f"{page}.txt", folder)
    return folder


def test_suggestions_link_dutch_and_english_cognates(homeopathy_pages, tmp_path):
    lexicon = tmp_path / "small.yml"
    lexicon.write_text(SMALL_LEXICON, encoding="utf-8")
    corpus = cs.load_corpus(homeopathy_pages, claims=False, concepts=lexicon)
    table = suggest.suggest_terms(corpus, lexicon, top=30)
    row = table[(table.language == "nl") & (table.term == "homeopathie")].iloc[0]
    assert row.link in ("homeopathy", "homeopathic") and row.link_kind == "cognate"
    doc, span = row.examples.split("; ")[0].split(" ")
    start, end = map(int, span.split("-"))
    assert corpus.text[doc][start:end].lower() == "homeopathie"


def test_suggest_concepts_writes_a_lexicon_that_loads(homeopathy_pages, tmp_path):
    out, csv = tmp_path / "mine.yml", tmp_path / "mine.csv"
    assert main(["suggest-concepts", str(homeopathy_pages), "--out", str(out), "--table",
                 str(csv), "--top", "15"]) == 0
    text = out.read_text(encoding="utf-8")
    assert "extends: default" in text.splitlines()[:6] and "examples: g0" in text
    lexicon = ov.load_lexicon(out)
    assert len(lexicon.concepts) >= len(ov.load_lexicon().concepts)
    candidates = pd.read_csv(csv)
    assert list(candidates.columns[:9]) == list(cs.schema.TABLE_COLUMNS["candidates"])


def test_suggest_concepts_names_bad_input(homeopathy_pages, tmp_path, capsys):
    assert main(["suggest-concepts", str(tmp_path / "missing"), "--out",
                 str(tmp_path / "x.yml")]) == 2
    assert "missing" in capsys.readouterr().err
    assert main(["suggest-concepts", str(homeopathy_pages), "--out",
                 str(tmp_path / "x.txt")]) == 2
    assert "x.txt: the suggestions are a lexicon file" in capsys.readouterr().err
    bad = tmp_path / "bad.yml"
    bad.write_text("concepts: [oops]\n", encoding="utf-8")
    assert main(["suggest-concepts", str(homeopathy_pages), "--out", str(tmp_path / "y.yml"),
                 "--concepts", str(bad)]) == 2
    assert "bad.yml" in capsys.readouterr().err
