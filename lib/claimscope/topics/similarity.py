"""How alike two sources are: top-k neighbours found block by block (scalable) and small full
matrices for heatmaps; never a dense all-pairs matrix for a large corpus."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from claimscope.topics.representation import MEASURES, as_sources, features

# similarity: top-k neighbours (scalable) and small full matrices (heatmaps)


def _scores(block: sparse.csr_matrix, rows: np.ndarray, sizes: np.ndarray | None,
            i: int) -> tuple[np.ndarray, np.ndarray]:
    start, end = block.indptr[i], block.indptr[i + 1]
    cols = block.indices[start:end]
    vals = block.data[start:end]
    if sizes is not None:  # Jaccard from intersection sizes
        vals = vals / (sizes[rows[i]] + sizes[cols] - vals)
    return cols, vals


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
    if kind not in ("cosine", "jaccard"):
        raise ValueError(f"kind must be 'cosine' or 'jaccard', not {kind!r}")
    x = sparse.csr_matrix(matrix, dtype=np.float64)
    if kind == "jaccard":
        x.data[:] = 1.0
    n = x.shape[0]
    sizes = np.asarray(x.sum(axis=1)).ravel() if kind == "jaccard" else None
    xt = x.T.tocsc()
    step = max(1, max_cells // max(n, 1))
    out_a, out_b, out_s, out_r = [], [], [], []
    for first in range(0, n, step):
        rows = np.arange(first, min(first + step, n))
        block = (x[rows] @ xt).tocsr()
        block.sort_indices()
        for i in range(len(rows)):
            cols, vals = _scores(block, rows, sizes, i)
            keep = (cols != rows[i]) & (vals > 1e-12)
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
        return pd.DataFrame({"a": [], "b": [], "score": [], "rank": []}).astype(
            {"a": "int64", "b": "int64", "score": "float64", "rank": "int64"})
    return pd.DataFrame({"a": np.concatenate(out_a).astype("int64"),
                         "b": np.concatenate(out_b).astype("int64"),
                         "score": np.concatenate(out_s).astype("float64"),
                         "rank": np.concatenate(out_r).astype("int64")})


def _kind(measure: str) -> str:
    return "jaccard" if measure == "concept_jaccard" else "cosine"


def neighbours(sources, k: int = 5, measures: Sequence[str] = MEASURES,
               stopwords: str | Path | None = None, decimals: int | None = 4) -> pd.DataFrame:
    """Long format: for every document its ``k`` nearest other documents under each measure.

    Columns ``doc_a, doc_b, measure, score, rank, same_language``; pairs scoring 0 are left out.
    """
    src = as_sources(sources)
    lang = dict(zip(src.docs, src.languages, strict=True))
    frames = []
    for measure in measures:
        feats = features(src, measure, stopwords)
        pairs = top_k_similar(feats.matrix, k, _kind(measure))
        docs = np.array(feats.docs, dtype=object)
        frame = pd.DataFrame({"doc_a": docs[pairs.a.to_numpy()] if len(pairs) else [],
                              "doc_b": docs[pairs.b.to_numpy()] if len(pairs) else [],
                              "measure": measure, "score": pairs.score, "rank": pairs["rank"]})
        frames.append(frame)
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["doc_a", "doc_b", "measure", "score", "rank"])
    out["same_language"] = [lang[a] == lang[b] for a, b in zip(out.doc_a, out.doc_b,
                                                                  strict=True)]
    if decimals is not None:
        out["score"] = out.score.round(decimals)
    return out.astype({"doc_a": "str", "doc_b": "str", "measure": "str", "score": "float64",
                       "rank": "int64", "same_language": "bool"})


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
