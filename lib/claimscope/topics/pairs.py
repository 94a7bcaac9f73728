"""Pairs of sources to compare: every pair of a small corpus, the closest pairs of a large one.

A corpus of up to :data:`MAX_MATRIX_DOCS` sources gets full pairwise matrices (for heatmaps)
and a table of every pair; above that, the pairs are the union of each source's ``k`` nearest
sources under every measure and its ``k`` nearest in another language, scored under every
measure, so no dense all-pairs matrix is ever built and the table grows linearly with the corpus.

>>> o = overlap(corpus, measures=["concept_cosine"], k=1, max_matrix=2)
>>> o.complete, len(o.pairs) < o.total_pairs, list(o.pairs.columns[:4])
(False, True, ['doc_a', 'doc_b', 'languages', 'same_language'])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from claimscope.topics.representation import MEASURES, Features, as_sources, features
from claimscope.topics.similarity import nearest_rows, pair_table, similarity_matrix

#: Most sources that get full pairwise matrices (and heatmaps); above, the closest pairs.
MAX_MATRIX_DOCS = 120


@dataclass(frozen=True)
class Overlap:
    """The pairs of sources compared under every measure.

    Attributes
    ----------
    pairs
        One row per pair (``doc_a`` before ``doc_b`` in corpus order): ``languages``,
        ``same_language`` and the score under every measure.
    matrices
        measure → full pairwise matrix, for corpora of at most ``MAX_MATRIX_DOCS`` sources
        (None above).
    n_docs
        Sources in the corpus.
    """

    pairs: pd.DataFrame
    matrices: dict[str, pd.DataFrame] | None
    n_docs: int

    @property
    def total_pairs(self) -> int:
        """Every pair of sources, n (n − 1) / 2."""
        return self.n_docs * (self.n_docs - 1) // 2

    @property
    def complete(self) -> bool:
        """True when ``pairs`` lists every pair (full matrices)."""
        return self.matrices is not None


def score_pairs(feats: Features, a: Sequence[str], b: Sequence[str], kind: str) -> np.ndarray:
    """The similarity of rows ``a[i]`` and ``b[i]`` of ``feats`` (cosine of L2-normalised rows,
    or Jaccard of binary rows): one sparse row product per pair, linear in the pairs.

    >>> f = Features(sparse.csr_matrix(np.array([[1., 1, 0], [1, 0, 0], [0, 0, 1]])),
    ...              ("x", "y", "z"), ("p", "q", "r"))
    >>> score_pairs(f, ["x", "x"], ["y", "z"], "jaccard").tolist()
    [0.5, 0.0]

    Two rows with no features at all have no Jaccard score (NaN), as in
    :func:`~claimscope.topics.similarity.similarity_matrix`.
    """
    index = {d: i for i, d in enumerate(feats.docs)}
    x = sparse.csr_matrix(feats.matrix, dtype=np.float64)
    if kind == "jaccard":
        x.data[:] = 1.0
    left, right = x[[index[d] for d in a]], x[[index[d] for d in b]]
    inter = np.asarray(left.multiply(right).sum(axis=1), dtype=np.float64).ravel()
    if kind != "jaccard":
        return inter
    union = (np.asarray(left.sum(axis=1)).ravel() + np.asarray(right.sum(axis=1)).ravel()
             - inter)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(union > 0, inter / np.where(union > 0, union, 1), np.nan)


def pairs_above(feats: Features, kind: str, threshold: float,
                max_cells: int = 4_000_000) -> int:
    """How many pairs of distinct rows score above ``threshold``, counted block by block
    (sparse products, never an all-pairs matrix in memory).

    >>> f = Features(sparse.csr_matrix(np.array([[1., 1, 0], [1, 0, 0], [0, 0, 1]])),
    ...              ("x", "y", "z"), ("p", "q", "r"))
    >>> pairs_above(f, "jaccard", 0.4), pairs_above(f, "jaccard", 0.5)
    (1, 0)
    """
    x = sparse.csr_matrix(feats.matrix, dtype=np.float64)
    if kind == "jaccard":
        x.data[:] = 1.0
    sizes = np.asarray(x.sum(axis=1)).ravel()
    n, xt = x.shape[0], x.T.tocsc()
    step = max(1, max_cells // max(n, 1))
    count = 0
    for first in range(0, n, step):
        block = sparse.triu((x[first:first + step] @ xt).tocsr(), k=first + 1).tocoo()
        vals = block.data
        if kind == "jaccard":
            vals = vals / (sizes[block.row + first] + sizes[block.col] - vals)
        count += int((vals > threshold).sum())
    return count


def _kind(measure: str) -> str:
    return "jaccard" if measure == "concept_jaccard" else "cosine"


def closest_pairs(sources, k: int = 25, measures: Sequence[str] = MEASURES,
                  stopwords: str | Path | None = None, decimals: int = 3) -> pd.DataFrame:
    """Each source's ``k`` nearest sources under every measure and its ``k`` nearest in another
    language, as one table of pairs scored under every measure (same columns as
    :func:`~claimscope.topics.similarity.pair_table`).

    The ``k`` highest-scoring pairs of the whole corpus under each measure are always among
    them (a pair among the top ``k`` overall is among the top ``k`` of both its sources), so
    a ranked list of up to ``k`` pairs per measure is exact."""
    src = as_sources(sources)
    lang = dict(zip(src.docs, src.languages, strict=True))
    order = {d: i for i, d in enumerate(src.docs)}
    feats = {m: features(src, m, stopwords) for m in measures}
    near = pd.concat([nearest_rows(feats[m], m, lang, k, across) for m in measures
                      for across in (False, True)], ignore_index=True)
    ends = sorted({tuple(sorted((a, b), key=order.__getitem__))
                   for a, b in zip(near.doc_a, near.doc_b, strict=True)}, key=lambda p:
                  (order[p[0]], order[p[1]]))
    a = [p[0] for p in ends]
    b = [p[1] for p in ends]
    table = pd.DataFrame({"doc_a": pd.Series(a, dtype="str"), "doc_b": pd.Series(b, dtype="str"),
                          "languages": [f"{lang[x]}–{lang[y]}" for x, y in ends],
                          "same_language": [lang[x] == lang[y] for x, y in ends]})
    for measure in measures:
        table[measure] = score_pairs(feats[measure], a, b, _kind(measure)).round(decimals)
    return table


def overlap(sources, measures: Sequence[str] = MEASURES, k: int = 25,
            max_matrix: int = MAX_MATRIX_DOCS, stopwords: str | Path | None = None) -> Overlap:
    """Every pair of sources with full matrices when there are at most ``max_matrix`` sources,
    else the closest pairs (:func:`closest_pairs`; the top ``k`` per measure are exact); see
    :class:`Overlap`."""
    src = as_sources(sources)
    n = len(src.docs)
    if n <= max_matrix:
        matrices = {m: similarity_matrix(src, m, stopwords=stopwords, max_docs=max_matrix)
                    for m in measures}
        pairs = pair_table(src, matrices) if n > 1 else closest_pairs(src, k, measures, stopwords)
        return Overlap(pairs, matrices, n)
    return Overlap(closest_pairs(src, k, measures, stopwords), None, n)


def rank_among_pairs(sources, overlap_: Overlap, measure: str, score: float,
                     stopwords: str | Path | None = None) -> int:
    """1 + the number of pairs of the whole corpus that score above ``score`` under
    ``measure`` (exact; counted from the listed pairs when they are complete)."""
    if np.isnan(score):  # no score (two sources without concepts): after every scored pair
        return (int(overlap_.pairs[measure].notna().sum()) if overlap_.complete
                else overlap_.total_pairs)
    if overlap_.complete:
        return int((overlap_.pairs[measure] > score).sum()) + 1
    feats = features(as_sources(sources), measure, stopwords)
    return pairs_above(feats, _kind(measure), score + 5e-4) + 1
