"""The claim model predicts without scikit-learn: NgramCounter and l2_normalize must give the
matrices scikit-learn's CountVectorizer and normalize give, bit for bit, on real text."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.preprocessing import normalize

from claimscope.claims.features import _ANALYZER, FEATURE_SETTINGS, MAX_CHARS
from claimscope.claims.model import load_model
from claimscope.claims.vectorize import NgramCounter, l2_normalize

ROOT = Path(__file__).resolve().parents[1]
# Real mess: ligatures, Turkish dotted capitals (lower() adds a combining dot), non-breaking and
# zero-width spaces, tabs, digits glued to words, one-letter words, emoji, Greek, CJK, RTL.
MESS = ["ﬁbromyalgie ﬂuoride Œdeem", "İstanbul ışık DİYET", "a\u00a0b\u2009c\u200bd e",
        "tab\there\n\nnew  line", "B12-tekort 5mg/dag x", "😀 helpt 👍👍", "Ωμέγα-3 λιπαρά",
        "漢方薬 kampo", "العلاج بالإبر", "", "   ", "Eén café naïef coöperatie", "x y z"]


def _real_texts() -> list[str]:
    texts = []
    for folder in (ROOT / "seeds", ROOT / "data" / "gold" / "pages"):
        for path in sorted(folder.glob("*.txt")) + sorted(folder.glob("*.md")):
            text = path.read_text(encoding="utf-8", errors="replace")
            texts.extend(s for s in re.split(r"(?<=[.!?])\s+|\n", text) if s.strip())
    return [t[:MAX_CHARS] for t in texts] + MESS


@pytest.fixture(scope="module")
def texts() -> list[str]:
    found = _real_texts()
    assert len(found) > 2000  # the seeds and the gold pages are all there
    return found


def _same(a: sparse.csr_matrix, b: sparse.csr_matrix) -> None:
    a, b = a.tocsr(), b.tocsr()
    a.sort_indices()
    b.sort_indices()
    assert a.shape == b.shape
    assert np.array_equal(a.indptr, b.indptr)
    assert np.array_equal(a.indices, b.indices)
    assert np.array_equal(a.data, b.data)  # exact, not approximately


@pytest.mark.parametrize("kind", ["words", "chars"])
def test_counts_match_scikit_learn(texts, kind):
    spec = FEATURE_SETTINGS[kind]
    reference = CountVectorizer(ngram_range=tuple(spec["ngram_range"]), strip_accents="unicode",
                                lowercase=True, dtype=np.float64, analyzer=_ANALYZER[kind])
    reference.fit(texts)
    vocabulary = reference.get_feature_names_out()[::3]  # a vocabulary that misses n-grams
    expected = CountVectorizer(ngram_range=tuple(spec["ngram_range"]), strip_accents="unicode",
                               lowercase=True, dtype=np.float64, analyzer=_ANALYZER[kind],
                               vocabulary=list(vocabulary)).transform(texts)
    ours = NgramCounter(vocabulary, _ANALYZER[kind], tuple(spec["ngram_range"]))
    _same(ours.transform(texts), expected)


def test_shipped_model_features_match_scikit_learn(texts):
    """The shipped model's TF-IDF blocks as the scikit-learn pipeline computed them before."""
    features = load_model().features
    ours = features.transform(texts, ["nl"] * len(texts), load_model().book)
    blocks = []
    for kind, vocab, idf in (("words", features.word_vocabulary, features.word_idf),
                             ("chars", features.char_vocabulary, features.char_idf)):
        spec = FEATURE_SETTINGS[kind]
        counts = CountVectorizer(ngram_range=tuple(spec["ngram_range"]), strip_accents="unicode",
                                 lowercase=True, dtype=np.float64, analyzer=_ANALYZER[kind],
                                 vocabulary=list(vocab)).transform(texts).tocsr()
        counts.data = 1.0 + np.log(counts.data)
        blocks.append(normalize(counts @ sparse.diags(idf), norm="l2", copy=False).tocsr())
    width = len(features.word_vocabulary) + len(features.char_vocabulary)
    _same(ours[:, :width], sparse.hstack(blocks, format="csr"))


def test_l2_normalize_matches_scikit_learn():
    rng = np.random.default_rng(0)
    matrix = sparse.vstack([sparse.random(300, 500, density=0.05, random_state=rng),
                            sparse.csr_matrix((1, 500))], format="csr")  # zeros stay zero
    _same(l2_normalize(matrix), normalize(matrix, norm="l2"))


def test_duplicate_vocabulary_and_unknown_analyzer_are_refused():
    with pytest.raises(ValueError, match="duplicate"):
        NgramCounter(["a", "a"], "word", (1, 1))
    with pytest.raises(ValueError, match="analyzer"):
        NgramCounter(["a"], "char", (1, 1))


def test_prediction_does_not_import_scikit_learn():
    import subprocess
    import sys

    code = ("import sys; from claimscope.claims.classify import predict_sentences; "
            "from claimscope.topics.matcher import concept_rows; import claimscope.build; "
            "from claimscope.claims.model import load_model; m = load_model(); "
            "m.claim_proba(['Dit helpt echt.'], ['nl']); "
            "print(sorted(n for n in sys.modules if n.startswith('sklearn')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
