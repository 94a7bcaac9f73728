"""Pairs of sources at any corpus size: full matrices for few sources, closest pairs for many."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from claimscope import topics as ov
from claimscope.report import plots

from .test_overlap import brute_force, synthetic


@pytest.fixture(scope="module")
def mixed():
    """150 synthetic documents, every third one Dutch: more than full matrices are made for."""
    src = synthetic(150, seed=5)
    langs = tuple("nl" if i % 3 == 0 else "en" for i in range(len(src.docs)))
    return ov.Sources(src.docs, langs, src.texts, src.concepts)


@pytest.fixture(scope="module")
def large(mixed):
    return ov.overlap(mixed, k=3)


def test_a_large_corpus_gets_closest_pairs_not_matrices(mixed, large):
    assert not large.complete and large.matrices is None
    assert large.n_docs == 150 and large.total_pairs == 150 * 149 // 2
    assert len(large.pairs) < large.total_pairs / 5
    assert list(large.pairs.columns) == ["doc_a", "doc_b", "languages", "same_language",
                                         *ov.MEASURES]
    order = {d: i for i, d in enumerate(mixed.docs)}
    assert all(order[a] < order[b] for a, b in zip(large.pairs.doc_a, large.pairs.doc_b,
                                                   strict=True))
    assert not large.pairs.duplicated(["doc_a", "doc_b"]).any()


def test_closest_pairs_hold_every_nearest_neighbour_and_its_exact_score(mixed, large):
    listed = {(a, b): row for (a, b), row in
              zip(zip(large.pairs.doc_a, large.pairs.doc_b, strict=True),
                  large.pairs.itertuples(), strict=True)}
    for across in (False, True):
        near = ov.neighbours(mixed, k=3, across_languages=across, decimals=3)
        for r in near.itertuples():
            key = (r.doc_a, r.doc_b) if (r.doc_a, r.doc_b) in listed else (r.doc_b, r.doc_a)
            assert getattr(listed[key], r.measure) == pytest.approx(r.score, abs=1e-9)
    for measure in ("concept_jaccard", "word_tfidf"):
        kind = "jaccard" if measure == "concept_jaccard" else "cosine"
        full = brute_force(ov.features(mixed, measure).matrix, kind)
        index = {d: i for i, d in enumerate(mixed.docs)}
        expected = [round(float(full[index[a], index[b]]), 3)
                    for a, b in zip(large.pairs.doc_a, large.pairs.doc_b, strict=True)]
        assert large.pairs[measure].tolist() == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("measure", ["concept_jaccard", "concept_cosine", "char_tfidf"])
def test_pairs_above_counts_like_the_full_matrix(mixed, measure):
    kind = "jaccard" if measure == "concept_jaccard" else "cosine"
    feats = ov.features(mixed, measure)
    full = brute_force(feats.matrix, kind)
    upper = full[np.triu_indices(len(full), k=1)]
    for threshold in np.quantile(upper, [0.5, 0.9, 0.999]):
        assert ov.pairs_above(feats, kind, threshold, max_cells=5_000) == int(
            (upper > threshold).sum())


def test_the_cross_language_finding_is_the_same_from_closest_pairs(mixed, large):
    small = ov.overlap(mixed, k=3, max_matrix=200)
    assert small.complete and len(small.pairs) == small.total_pairs
    found, reference = (ov.cross_language_finding(mixed, large),
                        ov.cross_language_finding(mixed, small))
    assert found["doc_a"] == reference["doc_a"] and found["doc_b"] == reference["doc_b"]
    assert found["scores"] == reference["scores"] and found["pairs"] == reference["pairs"]
    for measure, rank in found["ranks"].items():
        assert abs(rank - reference["ranks"][measure]) <= 2, measure  # ties at 3 decimals


def test_the_overlap_figure_lists_the_closest_pairs_at_scale(large):
    fig = plots.plot_overlap(large, ov.MEASURE_LABELS, pairs=20)
    try:
        shown = [ax for ax in fig.axes if ax.get_visible()]
        assert len(shown) == len(ov.MEASURES)
        assert all(len(ax.patches) == 20 for ax in shown)
        assert "of 11,175 pairs of 150 sources" in fig._suptitle.get_text()
        best = large.pairs.concept_cosine.max()
        panel = shown[list(ov.MEASURES).index("concept_cosine")]
        assert panel.patches[0].get_width() == pytest.approx(best)
    finally:
        plt.close(fig)


def test_a_small_corpus_still_gets_heatmaps(corpus):
    small = ov.overlap(corpus)
    assert small.complete and len(small.pairs) == small.total_pairs == 10
    fig = plots.plot_overlap(small, ov.MEASURE_LABELS)
    try:
        assert "Pairwise topic overlap between 5 sources" in fig._suptitle.get_text()
    finally:
        plt.close(fig)


@pytest.mark.parametrize("measure", ["concept_jaccard", "char_tfidf"])
def test_the_top_k_pairs_of_the_corpus_are_exact(mixed, measure):
    kind = "jaccard" if measure == "concept_jaccard" else "cosine"
    full = brute_force(ov.features(mixed, measure).matrix, kind)
    i, j = np.triu_indices(len(full), k=1)
    best = np.sort(np.round(full[i, j], 3))[::-1][:5]
    listed = ov.closest_pairs(mixed, k=5, measures=[measure])
    assert np.sort(listed[measure].to_numpy())[::-1][:5].tolist() == pytest.approx(best.tolist())


def test_sources_without_concepts_have_no_jaccard_score_in_either_path():
    src = ov.Sources(("a", "b"), ("nl", "en"), ("een tekst zonder begrippen", "a text"),
                     synthetic(2).concepts.iloc[:0])
    small = ov.cross_language_finding(src, ov.overlap(src, max_matrix=10))
    large = ov.cross_language_finding(src, ov.overlap(src, max_matrix=1))
    assert np.isnan(small["scores"]["concept_jaccard"])
    assert np.isnan(large["scores"]["concept_jaccard"])
