"""Topic overlap: measures on the seeds, the cross-language finding, sparse top-k, topics."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from claimscope import topics as ov

from .conftest import SEED_IDS

NL, EN = SEED_IDS["neural_nl"], SEED_IDS["neural_en"]


@pytest.fixture(scope="module")
def sources(corpus):
    return ov.Sources.from_corpus(corpus)


@pytest.fixture(scope="module")
def matrices(sources):
    return {m: ov.similarity_matrix(sources, m) for m in ov.MEASURES}


def brute_force(x: sparse.csr_matrix, kind: str) -> np.ndarray:
    dense = x.toarray()
    if kind == "jaccard":
        b = (dense > 0).astype(float)
        inter = b @ b.T
        size = b.sum(axis=1)
        union = size[:, None] + size[None, :] - inter
        return np.where(union > 0, inter / np.where(union > 0, union, 1), 0.0)
    return dense @ dense.T


def synthetic(n_docs: int, seed: int = 0) -> ov.Sources:
    """Documents drawing Zipf-distributed concepts and words, as a large web corpus would."""
    rng = np.random.default_rng(seed)
    concepts = [f"concept {i}" for i in range(400)]
    p = 1 / np.arange(1, 401)
    p /= p.sum()
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    vocab = ["".join(rng.choice(letters, size=rng.integers(3, 10))) for _ in range(4000)]
    pw = 1 / np.arange(1, 4001)
    pw /= pw.sum()
    docs = [f"doc{i:05d}" for i in range(n_docs)]
    rows = [(d, 0, concepts[c], "condition")
            for d in docs for c in rng.choice(400, size=int(rng.integers(3, 30)), p=p)]
    texts = [" ".join(np.array(vocab)[rng.choice(4000, size=150, p=pw)]) for _ in docs]
    frame = pd.DataFrame(rows, columns=["doc_id", "sent_id", "concept", "category"])
    return ov.Sources(tuple(docs), ("en",) * n_docs, tuple(texts), frame)


# --- the seeds ----------------------------------------------------------------------------------

def test_matrices_are_symmetric_bounded_with_an_empty_diagonal(matrices):
    for measure, table in matrices.items():
        values = table.to_numpy()
        assert np.isnan(np.diag(values)).all(), measure
        off = values[~np.eye(len(values), dtype=bool)]
        assert ((off >= 0) & (off <= 1 + 1e-9)).all(), measure
        np.testing.assert_allclose(values, values.T, equal_nan=True)


def test_cross_language_overlap_is_seen_by_concepts_not_by_words(matrices):
    """000 (nl) and 004 (en) are both about neural therapy: the concept measures see it,
    monolingual word TF-IDF (different words, different stems) cannot."""
    jac, cos = matrices["concept_jaccard"], matrices["concept_cosine"]
    words, chars = matrices["word_tfidf"], matrices["char_tfidf"]
    assert words.loc[NL, EN] < 0.05
    assert jac.loc[NL, EN] > words.loc[NL, EN]
    assert cos.loc[NL, EN] > words.loc[NL, EN]
    # by concepts, each of the two is the other's nearest source; by words it is not
    assert jac.loc[NL].idxmax() == EN and jac.loc[EN].idxmax() == NL
    assert cos.loc[NL].idxmax() == EN and cos.loc[EN].idxmax() == NL
    assert words.loc[NL].idxmax() != EN
    # the character n-gram check sees a little of it (shared forms: procaine, fibromyalgi-)
    assert chars.loc[NL, EN] > words.loc[NL, EN]


def test_shared_concepts_of_the_two_neural_therapy_pages(sources):
    shared = ov.shared_concepts(sources, [NL, EN])
    for concept in ["neural therapy", "procaine", "local anaesthetic", "nervous system",
                    "interference field", "injection", "fibromyalgia"]:
        assert concept in shared.index, concept
    assert shared.index[0] == "neural therapy"


def test_what_all_share_and_what_is_unique(sources):
    everyone = ov.shared_concepts(sources)
    assert "pain" in everyone.index
    unique = ov.unique_concepts(sources).set_index("doc_id")
    assert "prolotherapy" in unique.loc[SEED_IDS["prolo_nl"], "top_unique"]
    assert unique.n_unique.gt(0).all()


def test_neighbours_long_format_and_deterministic(sources):
    first = ov.neighbours(sources, k=2)
    second = ov.neighbours(sources, k=2)
    pd.testing.assert_frame_equal(first, second)
    assert list(first.columns) == ["doc_a", "doc_b", "measure", "score", "rank",
                                   "same_language"]
    assert (first.doc_a != first.doc_b).all()
    top = first[(first["rank"] == 1) & (first.doc_a == NL)].set_index("measure").doc_b
    assert top["concept_jaccard"] == EN and top["concept_cosine"] == EN
    assert top["word_tfidf"] != EN


def test_full_matrix_refuses_large_corpora():
    with pytest.raises(ValueError, match="use neighbours"):
        ov.similarity_matrix(synthetic(80), "concept_jaccard")


def test_unknown_measure_is_named(sources):
    with pytest.raises(ValueError, match="unknown measure 'bm25'"):
        ov.features(sources, "bm25")


def test_stop_words_are_data(tmp_path):
    assert ov.word_tokens("De pijn in de rug", "nl", ov.load_stopwords()) == ["pijn", "rug"]
    mine = tmp_path / "stop.yml"
    mine.write_text("nl: [de, in, pijn]\n", encoding="utf-8")
    assert ov.word_tokens("De pijn in de rug", "nl", ov.load_stopwords(mine)) == ["rug"]


# --- top-k at scale -------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["cosine", "jaccard"])
def test_top_k_equals_brute_force_whatever_the_block_size(kind):
    rng = np.random.default_rng(1)
    x = sparse.random(120, 60, density=0.08, random_state=2, format="csr")
    x.data = rng.integers(1, 4, size=x.nnz).astype(float)
    if kind == "cosine":
        norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
        x = sparse.csr_matrix(sparse.diags(1 / np.where(norms > 0, norms, 1)) @ x)
    full = brute_force(x, kind)
    np.fill_diagonal(full, -1)
    results = [ov.top_k_similar(x, 3, kind, max_cells=cells) for cells in (1, 500, 10**7)]
    for other in results[1:]:
        pd.testing.assert_frame_equal(results[0], other)
    for row in results[0].itertuples():
        assert row.score == pytest.approx(full[row.a, row.b])
        better = full[row.a] > row.score + 1e-12
        assert better.sum() < row.rank   # nothing outside the list beats a listed neighbour


def test_thousands_of_documents_stay_sparse_and_fast():
    n, k = 3000, 5
    src = synthetic(n)
    feats = ov.features(src, "concept_cosine")
    assert sparse.issparse(feats.matrix)
    assert feats.matrix.nnz < 0.1 * n * feats.matrix.shape[1]     # sparse input
    timings = {}
    for measure in ["concept_jaccard", "concept_cosine", "word_tfidf"]:
        started = time.perf_counter()
        pairs = ov.neighbours(src, k=k, measures=[measure])
        timings[measure] = time.perf_counter() - started
        assert len(pairs) == n * k                                # k per document, long format
        assert pairs.groupby("doc_a").size().max() == k
    print({m: round(t, 2) for m, t in timings.items()})
    assert sum(timings.values()) < 120                              # loose: seconds, not hours


def test_block_size_bounds_memory_not_the_result():
    src = synthetic(400, seed=3)
    feats = ov.features(src, "concept_jaccard")
    small = ov.top_k_similar(feats.matrix, 4, "jaccard", max_cells=400)   # one row per block
    large = ov.top_k_similar(feats.matrix, 4, "jaccard")
    pd.testing.assert_frame_equal(small, large)


# --- topics ---------------------------------------------------------------------------------------

def test_topics_are_deterministic_and_cross_lingual(sources):
    first = ov.topics(sources, n_topics=4)
    second = ov.topics(sources, n_topics=4)
    pd.testing.assert_frame_equal(first.terms, second.terms)
    pd.testing.assert_frame_equal(first.source_weights, second.source_weights)
    shares = first.source_weights
    assert np.allclose(shares.sum(axis=1), 1, atol=0.01)
    # concept topics are language-independent: the two neural-therapy pages share their main one
    assert shares.loc[NL].idxmax() == shares.loc[EN].idxmax()
    assert "neural therapy" in first.terms.set_index("label").loc[shares.loc[NL].idxmax(),
                                                                  "top_terms"]


def test_word_topics_split_by_language(sources):
    words = ov.topics(sources, n_topics=4, feature="words")
    shares = words.source_weights
    assert shares.loc[NL].idxmax() != shares.loc[EN].idxmax()
    assert len(words.terms) == 4 and words.units > 5
