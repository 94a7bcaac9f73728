"""How alike two sources are: top-k neighbours found block by block (scalable) and small full
matrices for heatmaps; never a dense all-pairs matrix for a large corpus."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from claimscope.topics.representation import MEASURES, Features, as_sources, features

# similarity: top-k neighbours (scalable) and small full matrices (heatmaps)


def _scores(block: sparse.csr_matrix, left: np.ndarray | None, right: np.ndarray | None,
            i: int) -> tuple[np.ndarray, np.ndarray]:
    start, end = block.indptr[i], block.indptr[i + 1]
    cols = block.indices[start:end]
    vals = block.data[start:end]
    if left is not None:  # Jaccard from intersection sizes
        vals = vals / (left[i] + right[cols] - vals)
    return cols, vals


def _empty_pairs() -> pd.DataFrame:
    return pd.DataFrame({"a": [], "b": [], "score": [], "rank": []}).astype(
        {"a": "int64", "b": "int64", "score": "float64", "rank": "int64"})


def top_k_between(queries: sparse.spmatrix, candidates: sparse.spmatrix, k: int,
                  kind: str = "cosine", max_cells: int = 4_000_000,
                  same: bool = False) -> pd.DataFrame:
    """Each query row's ``k`` most similar candidate rows: columns ``a`` (query row), ``b``
    (candidate row), ``score``, ``rank``.

    The product is computed block by block (at most ``max_cells`` cells per block) and stays
    sparse; only scores above 0 are kept; ties go to the lower candidate index. ``same=True``
    says the two matrices are one (a row is never its own neighbour).

    >>> q = sparse.csr_matrix(np.array([[1, 1, 0]], dtype=float))
    >>> c = sparse.csr_matrix(np.array([[0, 1, 0], [1, 1, 1]], dtype=float))
    >>> top_k_between(q, c, 1, kind="jaccard").to_dict("list")
    {'a': [0], 'b': [1], 'score': [0.6666666666666666], 'rank': [1]}
    """
    if kind not in ("cosine", "jaccard"):
        raise ValueError(f"kind must be 'cosine' or 'jaccard', not {kind!r}")
    q = sparse.csr_matrix(queries, dtype=np.float64)
    c = sparse.csr_matrix(candidates, dtype=np.float64)
    if kind == "jaccard":
        q.data[:] = 1.0
        c.data[:] = 1.0
    n = q.shape[0]
    q_sizes = np.asarray(q.sum(axis=1)).ravel() if kind == "jaccard" else None
    c_sizes = np.asarray(c.sum(axis=1)).ravel() if kind == "jaccard" else None
    ct = c.T.tocsc()
    step = max(1, max_cells // max(c.shape[0], 1))
    out_a, out_b, out_s, out_r = [], [], [], []
    for first in range(0, n, step):
        rows = np.arange(first, min(first + step, n))
        block = (q[rows] @ ct).tocsr()
        block.sort_indices()
        left = q_sizes[rows] if q_sizes is not None else None
        for i in range(len(rows)):
            cols, vals = _scores(block, left, c_sizes, i)
            keep = vals > 1e-12
            if same:
                keep &= cols != rows[i]
            cols, vals = cols[keep], vals[keep]
            if len(cols) > k:  # cheap pre-selection, ties kept, then an exact ordering
                cut = np.partition(vals, len(vals) - k)[len(vals) - k]
                sel = vals >= cut
                cols, vals = cols[sel], vals[sel]
            order = np.lexsort((cols, -vals))[:k]
            out_a.append(np.full(len(order), rows[i]))
            out_b.append(cols[order])
            out_s.append(vals[order])
            out_r.append(np.arange(1, len(order) + 1))
    if not out_a:
        return _empty_pairs()
    return pd.DataFrame({"a": np.concatenate(out_a).astype("int64"),
                         "b": np.concatenate(out_b).astype("int64"),
                         "score": np.concatenate(out_s).astype("float64"),
                         "rank": np.concatenate(out_r).astype("int64")})


def top_k_similar(matrix: sparse.spmatrix, k: int, kind: str = "cosine",
                  max_cells: int = 4_000_000) -> pd.DataFrame:
    """Each row's ``k`` most similar other rows: columns ``a, b, score, rank`` (row indices).

    ``kind="cosine"`` expects L2-normalised rows (dot product = cosine); ``kind="jaccard"``
    binary rows. The product is computed block by block (at most ``max_cells`` product cells
    per block) and stays sparse; only pairs with a score above 0 are returned; ties go to the
    lower row index, so the result is deterministic.

    >>> m = sparse.csr_matrix(np.array([[1, 1, 0], [1, 0, 0], [0, 0, 1]], dtype=float))
    >>> top_k_similar(m, 1, kind="jaccard").to_dict("list")
    {'a': [0, 1], 'b': [1, 0], 'score': [0.5, 0.5], 'rank': [1, 1]}
    """
    return top_k_between(matrix, matrix, k, kind, max_cells, same=True)


def _across(matrix: sparse.csr_matrix, languages: np.ndarray, k: int, kind: str
            ) -> pd.DataFrame:
    """Top-k pairs whose two rows are in different languages (row indices of ``matrix``)."""
    parts = []
    for lang in sorted(set(languages)):
        rows = np.flatnonzero(languages == lang)
        cands = np.flatnonzero(languages != lang)
        if not len(rows) or not len(cands):
            continue
        pairs = top_k_between(matrix[rows], matrix[cands], k, kind)
        parts.append(pairs.assign(a=rows[pairs.a.to_numpy()], b=cands[pairs.b.to_numpy()]))
    if not parts:
        return _empty_pairs()
    return pd.concat(parts, ignore_index=True).sort_values(["a", "rank"], kind="stable")


def _kind(measure: str) -> str:
    return "jaccard" if measure == "concept_jaccard" else "cosine"


def neighbours(sources, k: int = 5, measures: Sequence[str] = MEASURES,
               stopwords: str | Path | None = None, decimals: int | None = 4,
               across_languages: bool = False) -> pd.DataFrame:
    """Long format: for every document its ``k`` nearest other documents under each measure.

    Parameters
    ----------
    sources
        A Corpus or :class:`~claimscope.topics.representation.Sources`.
    k
        Neighbours per document.
    measures
        Any of :data:`~claimscope.topics.representation.MEASURES`.
    stopwords
        A stop-word file of your own for the word measures.
    decimals
        Round the scores (None: keep them exact).
    across_languages
        Only neighbours in another language than the document's (a Dutch page's nearest
        English pages); the features are still fitted on every document.

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_a, doc_b, measure, score, rank, same_language``; pairs scoring 0 are
        left out. Never builds an all-pairs matrix (blocks of rows, sparse products).

    Examples
    --------
    >>> near = neighbours(corpus, k=1, measures=["concept_cosine"], across_languages=True)
    >>> bool(near.same_language.any()), len(near) == len(corpus.documents)
    (False, True)
    """
    src = as_sources(sources)
    lang = dict(zip(src.docs, src.languages, strict=True))
    frames = [nearest_rows(features(src, m, stopwords), m, lang, k, across_languages)
              for m in measures]
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["doc_a", "doc_b", "measure", "score", "rank"])
    out["same_language"] = [lang[a] == lang[b] for a, b in zip(out.doc_a, out.doc_b,
                                                                  strict=True)]
    if decimals is not None:
        out["score"] = out.score.round(decimals)
    return out.astype({"doc_a": "str", "doc_b": "str", "measure": "str", "score": "float64",
                       "rank": "int64", "same_language": "bool"})


def nearest_rows(feats: Features, measure: str, languages: dict[str, str], k: int,
                 across_languages: bool = False) -> pd.DataFrame:
    """:func:`neighbours` for one measure whose features are already computed: columns
    ``doc_a, doc_b, measure, score, rank`` (exact scores)."""
    if across_languages:
        pairs = _across(feats.matrix, np.array([languages[d] for d in feats.docs]), k,
                        _kind(measure))
    else:
        pairs = top_k_similar(feats.matrix, k, _kind(measure))
    docs = np.array(feats.docs, dtype=object)
    return pd.DataFrame({"doc_a": docs[pairs.a.to_numpy()] if len(pairs) else [],
                         "doc_b": docs[pairs.b.to_numpy()] if len(pairs) else [],
                         "measure": measure, "score": pairs.score, "rank": pairs["rank"]})


def similarity_matrix(sources, measure: str, docs: Sequence[str] | None = None,
                      stopwords: str | Path | None = None, max_docs: int = 60) -> pd.DataFrame:
    """The full pairwise matrix for a handful of documents (diagonal left empty).

    For many documents use :func:`neighbours`; this refuses more than ``max_docs``.
    """
    src = as_sources(sources)
    feats = features(src, measure, stopwords)
    chosen = list(docs) if docs is not None else list(feats.docs)
    if len(chosen) > max_docs:
        raise ValueError(f"{len(chosen)} documents: a full matrix is for at most {max_docs}; "
                         "use neighbours(...) for top-k pairs on large corpora")
    index = {d: i for i, d in enumerate(feats.docs)}
    x = feats.matrix[[index[d] for d in chosen]]
    dense = (x @ x.T).toarray()
    if measure == "concept_jaccard":
        sizes = np.diag(dense).copy()
        union = sizes[:, None] + sizes[None, :] - dense
        with np.errstate(invalid="ignore", divide="ignore"):
            dense = np.where(union > 0, dense / union, np.nan)
    np.fill_diagonal(dense, np.nan)
    return pd.DataFrame(dense, index=pd.Index(chosen, name="doc_a"),
                        columns=pd.Index(chosen, name="doc_b"))


def pair_table(sources, matrices: dict[str, pd.DataFrame], decimals: int = 3) -> pd.DataFrame:
    """One row per pair of documents (``doc_a`` before ``doc_b``): the score under every
    measure in ``matrices`` (from :func:`similarity_matrix`) and whether the languages match."""
    src = as_sources(sources)
    lang = dict(zip(src.docs, src.languages, strict=True))
    first = next(iter(matrices.values()))
    docs = list(first.index)
    rows = []
    for i, a in enumerate(docs):
        for b in docs[i + 1:]:
            row = {"doc_a": a, "doc_b": b, "languages": f"{lang[a]}–{lang[b]}",
                   "same_language": lang[a] == lang[b]}
            row.update({m: round(float(t.loc[a, b]), decimals) for m, t in matrices.items()})
            rows.append(row)
    return pd.DataFrame(rows)
