"""Issue #12: context features, the is-claim gate and vague appeals on real page text."""

from __future__ import annotations

import numpy as np
import pytest

from claimscope.claims.classify import claims_frame, decide_types, predict_sentences
from claimscope.claims.codebook import load_codebook
from claimscope.claims.features import CONTEXT_FEATURES, context_features, previous_texts
from claimscope.claims.model import FORMAT, ModelError, load_model, save_model
from claimscope.corpus import resolve_settings
from claimscope.pipeline import parse_document
from claimscope.schema import CLAIM_TYPES, frame

from .conftest import SEED_IDS


@pytest.fixture(scope="module")
def book():
    return load_codebook()


@pytest.fixture(scope="module")
def model(book):
    return load_model(book=book)


def _kinds(text: str) -> list[str]:
    settings = resolve_settings(concepts=False)
    return [c["kind"] for c in parse_document("d", text, settings.rules, settings.cues).citations]


@pytest.mark.parametrize("text", [
    # the forms, and sentences of the gold corpus's train pages
    "Experts agree that vitamin D helps.",
    "Scientists agree that sugar is harmful.",
    "Deskundigen zijn het erover eens dat dit helpt.",
    "Wetenschappers zijn het eens dat suiker schadelijk is.",
    "Wetenschappers zijn het er inmiddels over eens dat suiker schadelijk is.",
    "Er is consensus onder wetenschappers dat dit werkt.",
    "Artsen raden aan om dagelijks te bewegen.",
    "There is scientific consensus that it works.",
    "Public health experts have emphasised risks are negligible.",
    "De wetenschap is daar eigenlijk al lang over uit, maar homeopaten houden vol dat dat niet "
    "het geval is.",
    "Na alle informatie in kaart te hebben gebracht stelden de onderzoekers dat homeopathie niet "
    "veel effectiever werkt dan een placebo.",
    "Omega-3 vetzuren behoren tot de meest bestudeerde voedingsstoffen ter wereld.",
    "Two smaller RCTs, in 2012 and 2013, concluded that osteopathic manipulative treatment was "
    "effective in reducing the symptoms of low back pain.",
])
def test_vague_appeals_to_unnamed_experts_and_studies(text):
    assert _kinds(text) == ["vague_appeal"]


@pytest.mark.parametrize("text", [
    "De werking van osteopathie is echter niet wetenschappelijk aangetoond.",  # absent evidence
    "Volgens het RIVM is het vaccin veilig.",  # a named authority is not vague
    "Wij zijn het er allemaal over eens dat het mooi weer is.",
])
def test_not_vague_appeals(text):
    assert "vague_appeal" not in _kinds(text)


def test_context_features_read_the_lead_in_and_the_language():
    rows = context_features(["Muscle strains", "Muscle strains", "Spierpijn"], ["en", "en", "nl"],
                            ["list_item", "paragraph", "list_item"],
                            ["There are a couple of causes for neck pain:", "Hello:", "Tekst."])
    assert rows.shape == (3, len(CONTEXT_FEATURES))
    assert rows.tolist() == [[1.0, 1.0, 1.0], [1.0, 0.0, 1.0], [0.0, 0.0, 0.0]]
    assert previous_texts(["a", "a", "a", "b"], ["x:", "y", "z", "w"]) == ["", "x:", "y", ""]


def test_a_list_item_after_a_lead_in_is_likelier_a_claim(model):
    """Real text (gold train page g057): the item completes "Melatonin benefits include:"."""
    item = "Improving insomnia since it helps readjust sleeping cycles and optimize sleep hygiene."
    lead = "Melatonin benefits include:"
    after = model.featurise([item], ["en"], units=["list_item"], previous=[lead])
    alone = model.featurise([item], ["en"], units=["paragraph"], previous=[""])
    assert model.claim_proba([item], ["en"], after)[0] > model.claim_proba([item], ["en"], alone)[0]


def test_the_frame_passes_unit_and_previous_sentence_to_the_model(book, model):
    """claims_frame and predict_sentences with the same context give the same decisions."""
    settings = resolve_settings(concepts=False)
    text = ("Side effects can include:\n\n- nausea\n- headache\n\nMelatonin benefits include:\n\n"
            "- Improving insomnia since it helps readjust sleeping cycles.\n")
    doc = parse_document("d", text, settings.rules, settings.cues)
    sents = frame("sentences", doc.sentences)
    claims = claims_frame(sents, frame("citations", []), book, model)
    preds = predict_sentences(sents.text.tolist(), sents.language.tolist(),
                              sents.is_heading.tolist(), book, model, model.default_method,
                              units=sents.unit.tolist(),
                              previous=previous_texts(sents.doc_id.tolist(), sents.text.tolist()))
    expected = {(i, t) for i, p in enumerate(preds) for t in p.types}
    assert set(zip(claims.sent_id, claims.claim_type, strict=True)) == expected


def test_the_is_claim_gate_silences_every_type(book, model):
    proba = np.full((2, len(CLAIM_TYPES)), 0.9)
    gated = decide_types([set(), set()], proba, "model", claim=(np.array([0.1, 0.95]), 0.5))
    assert gated[0] == {} and set(gated[1]) == set(CLAIM_TYPES)
    # the rules never ask the model's gate
    assert decide_types([{"safety"}], None, "rules", claim=(np.array([0.0]), 0.5)) == \
        [{"safety": 1.0}]
    assert 0.0 < model.info["claim_threshold"] < 1.0


def test_an_old_format_model_file_is_refused(tmp_path, model):
    path = save_model(model, tmp_path / "m.npz")
    arrays = dict(np.load(path, allow_pickle=False))
    arrays["header"] = np.array(str(arrays["header"]).replace(FORMAT, "claimscope-claim-model/1"))
    np.savez(tmp_path / "old.npz", **arrays)
    with pytest.raises(ModelError, match="format"):
        load_model(tmp_path / "old.npz")


def test_explain_says_when_the_is_claim_model_silenced_a_cue(corpus):
    # seed 001, sentence 19: "De diagnose ... wordt meestal gesteld door een neuroloog met
    # behulp van MRI- of ..." has evidence cues ("onderzoek") and a type probability above its
    # bar, but the is-claim head keeps it below the claim bar: no type, and the table says why
    explanation = corpus.explain(SEED_IDS["backpain_nl"], 19)
    assert explanation.claim_p is not None and explanation.claim_p < explanation.claim_bar
    row = explanation.table.set_index("claim_type").loc["evidence_appeal"]
    assert row.cues and not row.claimed
    assert row.why == "the is-claim model says no claim"
    assert "is-claim model: p" in repr(explanation) and "no claim" in repr(explanation)
