"""Claim types: codebook as data, the claims frame, the classifier and its evaluation."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

import claimscope as cs
from claimscope.claims.classify import CLAIM_COLUMNS, claims_frame
from claimscope.claims.codebook import (
    CLAIM_TYPES,
    CodebookError,
    certainty_of,
    default_codebook_path,
    find_cues,
    load_codebook,
)
from claimscope.claims.model import ModelError, load_model
from claimscope.evaluation.annotations import load_sentence_annotations
from claimscope.evaluation.claims import (
    annotated_sentences,
    fit_on,
    human_agreement,
    load_labelled_sentences,
    lodo_predictions,
    predictions_with,
    summary_scores,
    type_confusion,
)
from tests.conftest import SEED_IDS

ROOT = Path(__file__).resolve().parents[1]
ANNOTATIONS = ROOT / "data" / "annotations" / "seed_sentences.csv"
SECOND_PASS = ROOT / "data" / "annotations" / "seed_sentences_second_pass.csv"
CLAIM_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "claims"


@pytest.fixture(scope="module")
def book():
    return load_codebook()


@pytest.fixture(scope="module")
def gold(corpus):
    return annotated_sentences(corpus, ANNOTATIONS)


def _claims_of(corpus, key: str, fragment: str) -> pd.DataFrame:
    doc = SEED_IDS[key]
    sents = corpus.sentences[(corpus.sentences.doc_id == doc)
                             & corpus.sentences.text.str.contains(fragment, regex=False)]
    assert len(sents), f"no sentence with {fragment!r} in {doc}"
    keys = set(zip(sents.doc_id, sents.sent_id, strict=True))
    return corpus.claims[[k in keys for k in zip(corpus.claims.doc_id, corpus.claims.sent_id,
                                                  strict=True)]]


# --- the acceptance cases -------------------------------------------------------------

def test_seed_003_safety_claim_is_found(corpus):
    rows = _claims_of(corpus, "prolo_nl", "veilige behandeling en kent nagenoeg geen bijwerkingen")
    assert "safety" in set(rows.claim_type)
    safety = rows[rows.claim_type == "safety"].iloc[0]
    assert safety.certainty == "assertive" and safety.boosted  # "nagenoeg geen" boosts
    assert corpus.text[safety.doc_id][safety.cue_start:safety.cue_end] == safety.cue == "veilige"


def test_seed_001_click_here_is_promotional(corpus):
    rows = _claims_of(corpus, "backpain_nl", "Klik hier om naar de gratis zenuwpijn test te gaan.")
    # the sentence occurs twice on the page; both are promotional
    assert rows.groupby("sent_id").claim_type.apply(set).map(lambda s: "promotional" in s).all()
    assert rows.sent_id.nunique() == 2


# --- the frame contract -----------------------------------------------------------------------

def test_claims_frame_follows_the_contract(corpus):
    claims = corpus.claims
    assert list(claims.columns[:8]) == ["doc_id", "sent_id", "claim_type", "certainty",
                                        "supported", "cue", "score", "method"]
    assert dict(claims.dtypes.astype(str)) == CLAIM_COLUMNS
    assert set(claims.claim_type) <= set(CLAIM_TYPES)
    assert set(claims.certainty) <= {"hedged", "assertive"}
    assert not claims.duplicated(["doc_id", "sent_id", "claim_type"]).any()
    keys = set(zip(corpus.sentences.doc_id, corpus.sentences.sent_id, strict=True))
    assert all(k in keys for k in zip(claims.doc_id, claims.sent_id, strict=True))
    assert claims.score.between(0, 1).all()


def test_every_cue_span_points_at_its_text(corpus):
    with_cue = corpus.claims.dropna(subset=["cue_start"])
    assert len(with_cue) > 500
    for row in with_cue.itertuples():
        assert corpus.text[row.doc_id][row.cue_start:row.cue_end] == row.cue


def test_headings_and_questions_are_never_claims(corpus):
    s = corpus.sentences
    never = s[s.is_heading | s.text.str.strip().str.endswith("?")]
    claimed = set(zip(corpus.claims.doc_id, corpus.claims.sent_id, strict=True))
    assert len(never) > 50
    assert not any(k in claimed for k in zip(never.doc_id, never.sent_id, strict=True))


def test_a_line_that_is_only_a_citation_is_no_claim(tmp_path):
    # a linked study title, a bare URL and a book named by its title in a reference list
    (tmp_path / "p.md").write_text(
        "Acupunctuur helpt echt tegen rugpijn.\n\n"
        "[Acupuncture cures chronic back pain](https://www.ncbi.nlm.nih.gov/pubmed/123)\n\n"
        "https://www.quackwatch.org/acupuncture-cures-nothing.html\n\n"
        "Tyler VE. Herbs of Choice. Binghamton, NY: Pharmaceutical Products Press, 1994.\n"
        "The Review of Natural Products that heal. St. Louis, MO: Wolters Kluwer Co., 1999.\n"
        "Wichtl MW. Herbal Drugs. Stuttgart: Medpharm, 1994.\n", encoding="utf-8")
    corpus = cs.load_corpus(tmp_path)
    assert len(corpus.sentences) == 6
    assert corpus.claims.sent_id.tolist() == [0]


def test_supported_means_a_specific_citation_not_a_vague_appeal(corpus):
    # "Volgens top neurochirurgen is maar in 3% van de gevallen de zenuw echt bekneld (bron)."
    marked = _claims_of(corpus, "backpain_nl", "Volgens top neurochirurgen")
    assert len(marked) and marked.supported.all()
    # "studies hebben aangetoond …" in seed 002: a vague appeal, no source
    vague = _claims_of(corpus, "acupuncture_nl", "studies hebben aangetoond")
    assert "evidence_appeal" in set(vague.claim_type)
    assert not vague.supported.any()


def test_save_and_load_keep_the_claims(corpus, tmp_path):
    back = cs.Corpus.load(corpus.save(tmp_path / "out"))
    pd.testing.assert_frame_equal(back.claims, corpus.claims)
    assert back.settings == corpus.settings


def test_same_input_same_claims(corpus):
    again = cs.load_corpus(ROOT / "seeds")
    pd.testing.assert_frame_equal(again.claims, corpus.claims)


def test_a_long_document_is_scored_in_chunks_with_the_same_claims(corpus, monkeypatch):
    """A document longer than a chunk (here 7 sentences; 4,096 when shipped) gets exactly the
    claims of one pass: scores, cues and certainty, context across chunk borders included."""
    from claimscope.claims import classify

    monkeypatch.setattr(classify, "CHUNK_SENTENCES", 7)
    chunked = claims_frame(corpus.sentences, corpus.citations, load_codebook(),
                           load_model())
    pd.testing.assert_frame_equal(chunked, corpus.claims)


# --- codebook as data -------------------------------------------------------------------------

def _user_codebook(tmp_path, edit) -> Path:
    spec = yaml.safe_load(default_codebook_path().read_text(encoding="utf-8"))
    edit(spec)
    path = tmp_path / "my_codebook.yml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    return path


def test_adding_a_cue_changes_results_without_code(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("Deze kruidenthee is een echt wondermix voor uw darmen.\n", encoding="utf-8")
    before = cs.load_corpus(page, claim_method="rules").claims
    assert "efficacy" not in set(before.claim_type)
    book = _user_codebook(tmp_path, lambda s: s["types"]["efficacy"]["nl"].append("wondermix"))
    after = cs.load_corpus(page, codebook=book, claim_method="rules").claims
    assert list(after.claim_type) == ["efficacy"] and list(after.cue) == ["wondermix"]


def test_removing_cues_changes_results_without_code(corpus, tmp_path):
    def drop_promotional(spec):
        spec["types"]["promotional"] = {"nl": [], "en": []}

    book = _user_codebook(tmp_path, drop_promotional)
    page = tmp_path / "p.md"
    page.write_text("Klik hier om naar de gratis zenuwpijn test te gaan.\n", encoding="utf-8")
    assert "promotional" in set(cs.load_corpus(page, claim_method="rules").claims.claim_type)
    assert cs.load_corpus(page, codebook=book, claim_method="rules").claims.empty


@pytest.mark.parametrize("content, problem", [
    ("types: [efficacy", "not valid YAML"),
    ("nothing: here\n", "needs a 'types' mapping"),
    ("types:\n  cures: {nl: [geneest]}\n", "unknown claim types"),
    ("types:\n  efficacy: {nl: ['(open']}\n", "bad pattern"),
    ("types: [efficacy]\n", "needs a 'types' mapping"),
    ("types:\n", "needs a 'types' mapping"),
    ("types: {efficacy: {NL: [helpt]}}\n", "unknown language key"),
    ("types: {efficacy: {nl: [helpt]}}\ncertainty: [kan]\n", "'certainty' must be a mapping"),
    ("types: {efficacy: {nl: [helpt]}}\nnot_a_claim: {questions: '(['}\n", "bad pattern"),
    ("types: {efficacy: {nl: [helpt]}}\nnot_a_claim: {questions: ['a']}\n", "one regular"),
])
def test_bad_codebook_names_the_file_and_the_problem(tmp_path, content, problem):
    path = tmp_path / "bad.yml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CodebookError, match=problem) as err:
        load_codebook(path)
    assert str(path) in str(err.value)


# --- certainty --------------------------------------------------------------------------------

@pytest.mark.parametrize("text, language, expected", [
    ("Neuraaltherapie kan voor verschillende aandoeningen een nuttige behandeling zijn.", "nl",
     "hedged"),
    ("Het zou de pijn dus kunnen stoppen.", "nl", "hedged"),
    ("In sommige gevallen verdwijnt de pijn.", "nl", "hedged"),
    ("Procaine temporarily stabilizes cell membranes.", "en", "assertive"),
    ("It may help with fibromyalgia.", "en", "hedged"),
    # speculation framing and tentative evidence
    ("Het idee is dat het de doorbloeding verbetert.", "nl", "hedged"),
    ("Er zijn aanwijzingen dat het helpt.", "nl", "hedged"),
    ("The idea is that it improves circulation.", "en", "hedged"),
    ("There are indications that it helps.", "en", "hedged"),
    # CODEBOOK: a modal under negation or in a purpose clause leaves the claim assertive
    ("Medicatie kan de oorzaak niet wegnemen.", "nl", "assertive"),
    ("U neemt magnesium om beter te kunnen slapen.", "nl", "assertive"),
    ("Painkillers cannot cure the cause.", "en", "assertive"),
    # frequency words and attribution are not hedges
    ("Stress is vaak de oorzaak van rugpijn.", "nl", "assertive"),
    ("Volgens de TCM ontstaat pijn door blokkades.", "nl", "assertive"),
    # "suggests + -ing" is advice, also when the -ing word opens a link's label
    ("Dr. Moy suggests [exfoliating once or twice a week](https://hellogiggles.com/beauty/skin/"
     "the-right-way-to-exfoliate-according-to-experts/) at most.", "en", "assertive"),
])
def test_certainty_follows_the_codebook(book, text, language, expected):
    assert certainty_of(text, language, book)[0] == expected


def test_cues_are_matched_on_what_a_reader_sees(book):
    text = ("Acupuncture is safe for most people, a [review](http://www.webmd.com/allergies/"
            "guide/anaphylaxis-cure) says, not <a href=\"https://x.org/cures-pain\">this shop</a> "
            "(www.x.org/proven-remedy).")
    cues = find_cues(text, "en", book)
    # none of "allergies", "cure", "cures", "proven", "remedy" in the URLs
    assert [(c.label, c.text) for c in cues] == [("safety", "safe")]
    assert all(text[c.start:c.end] == c.text for c in cues)


def test_cues_of_another_language_apply_to_unknown_languages(book):
    assert {c.label for c in find_cues("It is proven safe.", "other", book)} >= {
        "safety", "evidence_appeal"}


# --- the model --------------------------------------------------------------------------------

def test_shipped_model_is_reproducible_from_the_annotations(corpus, book):
    """`make model` refits on the gold train split + the seeds and tunes on dev; the shipped
    file must equal a fresh fit: same vocabularies, method and thresholds, probabilities to 1e-9.

    Measured across NumPy SIMD dispatch (AVX-512 on/off, AVX2 off), OpenBLAS core types and
    thread counts: the largest difference seen was 8e-15 (liblinear is solved to tol 1e-10 and
    uses no BLAS). `.ci/run` repeats this test under a second numeric configuration.
    """
    from claimscope.evaluation.claims import build_model_from_gold
    from claimscope.evaluation.gold import load_gold

    shipped = load_model()
    gold = load_gold(ROOT / "data" / "gold", claims=False, concepts=False)
    fresh, _ = build_model_from_gold(gold, corpus, ANNOTATIONS, book)
    assert list(shipped.features.char_vocabulary) == list(fresh.features.char_vocabulary)
    assert list(shipped.features.word_vocabulary) == list(fresh.features.word_vocabulary)
    assert shipped.default_method == fresh.default_method
    assert shipped.info["thresholds"] == fresh.info["thresholds"]
    assert shipped.info["claim_threshold"] == fresh.info["claim_threshold"]
    texts, langs = corpus.sentences.text.tolist(), corpus.sentences.language.tolist()
    np.testing.assert_allclose(shipped.predict_proba(texts, langs),
                               fresh.predict_proba(texts, langs), atol=1e-9, rtol=0)
    np.testing.assert_allclose(shipped.claim_proba(texts, langs),
                               fresh.claim_proba(texts, langs), atol=1e-9, rtol=0)
    assert shipped.info["n_sentences"] == fresh.info["n_sentences"]


def test_vocabulary_cut_breaks_ties_by_the_term():
    """scikit-learn's max_features cut sorts counts unstably (order depends on the CPU)."""
    from scipy import sparse

    from claimscope.claims.model import select_vocabulary

    terms = np.array([f"t{i:04d}" for i in range(3000)])
    counts = sparse.csr_matrix(np.ones((2, 3000)))  # every count tied
    chosen, _ = select_vocabulary(counts, terms[::-1].copy(), 10)
    assert chosen.tolist() == terms[:10].tolist()


def test_explicit_model_method_without_a_model_fails_clearly(tmp_path):
    page = tmp_path / "p.md"
    page.write_text("Dit helpt.\n", encoding="utf-8")
    with pytest.raises(ModelError, match="make model"):
        cs.load_corpus(page, claim_method="model", claim_model=tmp_path / "missing.npz")


def test_model_caps_very_long_sentences(book):
    from claimscope.claims.features import MAX_CHARS, _cap

    long = "Dit helpt tegen pijn. " * 20_000  # 440,000 characters in one "sentence"
    assert len(_cap([long])[0]) == MAX_CHARS
    model = load_model()
    np.testing.assert_allclose(model.predict_proba([long], ["nl"]),
                               model.predict_proba([long[:MAX_CHARS]], ["nl"]))


def test_methods_give_frames_of_the_same_shape(corpus, book):
    model = load_model()
    for method in ("rules", "model", "combined"):
        frame = claims_frame(corpus.sentences, corpus.citations, book, model, method)
        assert list(frame.columns) == list(CLAIM_COLUMNS)
        assert set(frame.method) == {method}


def test_explain_shows_cues_scores_and_citations(corpus):
    text = repr(corpus.explain(SEED_IDS["prolo_nl"], 49))
    assert "veilige behandeling" in text and "veilige, bijwerkingen" in text
    assert "certainty: assertive" in text
    backed = corpus.claims[corpus.claims.supported].iloc[0]
    assert "citation: marker" in repr(corpus.explain(backed.doc_id, backed.sent_id))
    with pytest.raises(KeyError):
        corpus.explain(SEED_IDS["prolo_nl"], 10_000)


# --- evaluation -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def lodo(gold, book):
    return lodo_predictions(gold, book)


def test_lodo_never_sees_the_held_out_document(gold, book):
    """Relabelling a document's sentences must not change that document's LODO predictions."""
    doc = SEED_IDS["acupuncture_nl"]
    flipped = gold.copy()
    mask = flipped.doc_id == doc
    flipped.loc[mask, "claim_types"] = [("promotional",)] * int(mask.sum())
    a = lodo_predictions(gold, book, methods=("model",))
    b = lodo_predictions(flipped, book, methods=("model",))
    a, b = a[a.doc_id == doc], b[b.doc_id == doc]
    assert a.pred_types.tolist() == b.pred_types.tolist()


def test_lodo_meets_the_aims_for_the_default_method(gold, lodo):
    """The issue's aims, on LODO over the seeds. Optimistic for the rules (their cues were written
    with the seeds in view); the unseen-wording estimate is test_held_out_sentences_generalise."""
    summary = summary_scores(gold, lodo)
    rules = summary[(summary.method == "rules") & (summary.certainty_method == "rules")].iloc[0]
    assert rules.macro_f1 >= 0.70 and rules.is_claim_f1 >= 0.85 and rules.certainty_f1 >= 0.90
    # the default is chosen on the gold corpus's dev split, not on the seeds: the best there
    dev = pd.DataFrame(load_model().info["dev"])
    assert load_model().default_method == dev.sort_values("macro_f1").iloc[-1].method


def test_confusion_counts_every_pair_of_labels(gold, lodo):
    table = type_confusion(gold, lodo, "rules")
    preds = lodo[(lodo.method == "rules") & (lodo.certainty_method == "rules")]
    m = gold.merge(preds, on=["doc_id", "sent_id"])
    width = m.pred_types.map(lambda p: max(len(p), 1))
    for t in CLAIM_TYPES:  # a sentence annotated t adds one count per predicted label (or none)
        assert table.loc[t].sum() == width[m.claim_types.map(lambda g, t=t: t in g)].sum()
    assert table.loc["none"].sum() == width[m.claim_types.map(len) == 0].sum()
    assert table.loc["safety", "safety"] > table.loc["safety"].drop("safety").max()


def test_human_agreement_is_kappa_per_type():
    table = human_agreement(ANNOTATIONS, SECOND_PASS)
    assert list(table.label) == [*CLAIM_TYPES, "is_claim", "hedged"]
    assert (table.n.iloc[:8] == 161).all()
    assert table.kappa.between(-1, 1).all()
    assert table.set_index("label").loc["is_claim", "kappa"] > 0.8


def test_held_out_sentences_generalise(book):
    """Sentences written from CODEBOOK.md by a coder who never saw the cue lists (see README)."""
    test = load_labelled_sentences(CLAIM_FIXTURES / "test_sentences.csv")
    summary = summary_scores(test, predictions_with(test, book, None, methods=("rules",)))
    rules = summary.iloc[0]
    assert rules.is_claim_f1 >= 0.70 and rules.macro_f1 >= 0.50


def test_train_claims_refuses_annotations_that_match_nothing(tmp_path, capsys):
    from claimscope.cli import main

    labels = tmp_path / "labels.csv"
    labels.write_text("doc_id,start,end,text,claim_types,certainty\n"
                      "elsewhere,0,9,Dit helpt,efficacy,assertive\n", encoding="utf-8")
    code = main(["train-claims", str(ROOT / "seeds"), "--annotations", str(labels),
                 "--out", str(tmp_path / "m.npz")])
    assert code == 2
    assert f"{labels}: 0 annotated sentences match" in capsys.readouterr().err
    assert not (tmp_path / "m.npz").exists()


def test_annotation_file_without_required_columns_is_named(tmp_path):
    labels = tmp_path / "labels.csv"
    labels.write_text("doc_id,text\nx,Dit helpt\n", encoding="utf-8")
    with pytest.raises(ValueError, match="missing column"):
        load_sentence_annotations(labels)


def _tampered(path, shipped, **changes):
    with np.load(shipped, allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    arrays.update(changes)
    with open(path, "wb") as handle:
        np.savez(handle, **arrays)


@pytest.mark.parametrize("content, problem", [
    ("garbage", "not a claimscope claim model"),
    ("pickle", "not a claimscope claim model"),
    ("foreign", "no header"),
    ("format", "model format"),
    ("shape", "types_coef has shape"),
    ("nan", "finite floats"),
])
def test_unreadable_model_file_is_a_model_error(tmp_path, content, problem):
    """A damaged, foreign or pickle-bearing file is refused with the file's name; never run."""
    from claimscope.claims.model import default_model_path

    path = tmp_path / "model.npz"
    shipped = default_model_path()
    ran = tmp_path / "ran"
    if content == "garbage":
        path.write_bytes(b"\x00\x01 not a model at all")
    elif content == "pickle":  # an object array inside the npz needs pickle to load
        class Boom:
            def __reduce__(self):
                return (open, (str(ran), "w"))
        with open(path, "wb") as handle:
            np.savez(handle, header=np.array([Boom()], dtype=object))
    elif content == "foreign":
        with open(path, "wb") as handle:
            np.savez(handle, weights=np.zeros(3))
    elif content == "format":
        _tampered(path, shipped, header=np.array('{"format": "other/9"}'))
    elif content == "shape":
        _tampered(path, shipped, types_coef=np.zeros((3, 3)))
    else:
        with np.load(shipped) as npz:
            bad = npz["types_intercept"].copy()
        bad[0] = np.nan
        _tampered(path, shipped, types_intercept=bad)
    with pytest.raises(ModelError, match=problem) as caught:
        load_model(path)
    assert str(path) in str(caught.value)
    assert not ran.exists()
    page = tmp_path / "p.md"
    page.write_text("Dit helpt tegen pijn.\n", encoding="utf-8")
    # the default method falls back to the rules, with score 1.0
    claims = cs.load_corpus(page, claim_model=path).claims
    assert list(claims.method) == ["rules"] and list(claims.score) == [1.0]
    assert not ran.exists()


def test_model_file_round_trips(tmp_path, gold, book):
    from claimscope.claims.model import save_model

    model = fit_on(gold.head(300), book)
    loaded = load_model(save_model(model, tmp_path / "m.npz"), book)
    texts = gold.text.head(50).tolist()
    langs = gold.language.head(50).tolist()
    np.testing.assert_array_equal(model.predict_proba(texts, langs),
                                  loaded.predict_proba(texts, langs))
    assert loaded.info["codebook_sha256"] == book.sha256


def test_explicit_rules_still_get_model_scores(tmp_path):
    page = tmp_path / "p.md"
    page.write_text("Prolotherapie is een veilige behandeling.\n", encoding="utf-8")
    rules = cs.load_corpus(page, claim_method="rules").claims
    assert list(rules.method) == ["rules"] and list(rules.claim_type) == ["safety"]
    assert 0 < rules.score.iloc[0] < 1


def test_profiles_survive_a_page_with_only_a_heading(tmp_path):
    from claimscope.claims.profile import claim_profile, hedged_share

    (tmp_path / "a.md").write_text("Acupunctuur helpt tegen pijn. Het is veilig.\n",
                                   encoding="utf-8")
    (tmp_path / "b.md").write_text("# Alleen een kop\n", encoding="utf-8")
    corpus = cs.load_corpus(tmp_path)
    profile = claim_profile(corpus)
    assert profile.loc["a", "efficacy"] == 50.0 and profile.loc["b"].isna().all()
    assert hedged_share(corpus).loc["a", "efficacy"] == 0.0


def test_a_model_fitted_with_another_codebook_is_flagged(tmp_path, caplog):
    book = _user_codebook(tmp_path, lambda s: s["types"]["efficacy"]["nl"].append("wondermix"))
    page = tmp_path / "p.md"
    page.write_text("Dit helpt.\n", encoding="utf-8")
    with caplog.at_level("WARNING", logger="claimscope"):
        cs.load_corpus(page, codebook=book)
    assert "fitted with another codebook" in caplog.text
