"""Concept recall and precision against hand-marked gold mentions; agreement of two coders.

Gold lists: the seeds (``data/annotations/concepts_gold.csv``) and the new-topic pages of the
gold corpus (``data/gold/concepts/first.csv``, a second coder's ``second.csv``). A gold mention
counts as found when a concept row of the same document overlaps its span (``span``);
``category`` also asks for the same category. Recall counts only the gold mentions inside
claimscope's sentences (the coders mark the whole text; boilerplate is never searched), and
says how many fell outside; a found row is correct when it overlaps any gold mention.

>>> import pandas as pd
>>> gold = pd.DataFrame({"doc_id": ["d", "d"], "start": [0, 10], "end": [7, 14],
...                      "category": ["condition", "anatomy"]})
>>> found = pd.DataFrame({"doc_id": ["d"], "start": [3], "end": [7], "category": ["condition"]})
>>> concept_recall(found, gold)[["gold", "found_span", "recall_span"]].to_dict("records")
[{'gold': 2, 'found_span': 1, 'recall_span': 0.5}]
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from claimscope.errors import AnnotationError
from claimscope.evaluation.bootstrap import REPLICATES, SEED, mean_interval
from claimscope.schema import CONCEPT_CATEGORIES, TABLE_COLUMNS
from claimscope.topics.coverage import overlaps

GOLD_COLUMNS = ["doc_id", "sent_id", "start", "end", "surface", "category", "concept"]


def load_concept_gold(path: str | Path, texts: dict[str, str] | None = None) -> pd.DataFrame:
    """Read a gold mention list (``doc_id, start, end, surface, category, concept``).

    Checks its columns and, with ``texts`` (``corpus.text``), that every row's span cuts its
    ``surface`` out of a known page and its category is one of the five; the error
    (:class:`~claimscope.errors.AnnotationError`, a ``ValueError``) names the file and row.

    >>> gold = load_concept_gold("data/annotations/concepts_gold.csv", corpus.text)
    >>> sorted(gold.category.unique())[:2]
    ['anatomy', 'condition']
    """
    try:
        gold = pd.read_csv(path, dtype={"doc_id": "str", "surface": "str"},
                           keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError) as err:
        raise AnnotationError(f"{path}: not a readable CSV file ({err})") from None
    missing = [c for c in ["doc_id", "start", "end", "category"] if c not in gold.columns]
    if missing:
        raise AnnotationError(f"{path}: missing column(s) {', '.join(missing)}")
    for col in ("start", "end"):
        bad = pd.to_numeric(gold[col], errors="coerce").isna()
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise AnnotationError(f"{path}: row {row + 2}, column {col}: "
                                  f"{gold[col].iloc[row]!r} is not a whole number")
    gold = gold.astype({"start": "int64", "end": "int64"})
    if texts is not None:
        for i, r in enumerate(gold.itertuples(), start=2):
            where = f"{path}: row {i}"
            if r.doc_id not in texts:
                raise AnnotationError(f"{where}: unknown doc_id {r.doc_id!r}")
            if r.category not in CONCEPT_CATEGORIES:
                raise AnnotationError(f"{where}: category {r.category!r} is not one of "
                                      f"{', '.join(CONCEPT_CATEGORIES)}")
            if "surface" in gold and texts[r.doc_id][r.start:r.end] != r.surface:
                raise AnnotationError(f"{where}: text[{r.start}:{r.end}] is "
                                      f"{texts[r.doc_id][r.start:r.end]!r}, not the surface "
                                      f"{r.surface!r}")
    return gold


def match_gold(found: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """The gold rows with ``found_span`` (any overlapping concept row) and ``found_category``
    (an overlapping row of the same category), plus what was found there."""
    out = gold.copy()
    hit_span, hit_cat, labels = [], [], []
    by_doc = {d: g for d, g in found.groupby("doc_id")}
    for row in gold.itertuples():
        rows = by_doc.get(row.doc_id)
        if rows is None:
            hit_span.append(False)
            hit_cat.append(False)
            labels.append("")
            continue
        over = rows[(rows.start.to_numpy() < row.end) & (rows.end.to_numpy() > row.start)]
        hit_span.append(len(over) > 0)
        hit_cat.append(bool((over.category == row.category).any()))
        labels.append("; ".join(over.concept) if "concept" in over else "")
    out["found_span"] = hit_span
    out["found_category"] = hit_cat
    out["found_concepts"] = labels
    return out


def concept_recall(found: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Per document: gold mentions, how many were found (span overlap; same category), recall."""
    matched = match_gold(found, gold)
    table = matched.groupby("doc_id").agg(gold=("start", "size"),
                                          found_span=("found_span", "sum"),
                                          found_category=("found_category", "sum"))
    table["recall_span"] = np.round(table.found_span / table.gold, 3)
    table["recall_category"] = np.round(table.found_category / table.gold, 3)
    return table.reset_index()


def inside_sentences(gold: pd.DataFrame, sentences: pd.DataFrame) -> np.ndarray:
    """For each gold row, whether its span lies within one of claimscope's sentences."""
    out = np.zeros(len(gold), dtype=bool)
    by_doc = {d: g for d, g in sentences.groupby("doc_id")}
    g = gold.reset_index(drop=True)
    for doc, idx in g.groupby("doc_id").indices.items():
        sents = by_doc.get(doc)
        if sents is None:
            continue
        starts, ends = sents.start.to_numpy(), sents.end.to_numpy()
        order = np.argsort(starts, kind="stable")
        starts, ends = starts[order], ends[order]
        pos = np.searchsorted(starts, g.start.to_numpy()[idx], side="right") - 1
        ok = pos >= 0
        out[idx[ok]] = ends[pos[ok]] >= g.end.to_numpy()[idx][ok]
    return out


def concept_scores(found: pd.DataFrame, gold: pd.DataFrame, sentences: pd.DataFrame,
                   pages: list[str] | None = None, name: str = "") -> pd.DataFrame:
    """Recall and precision of ``found`` (concept rows) against ``gold`` on ``pages``, with
    bootstrap 95 % intervals over pages; also how many gold mentions lie outside sentences.

    Returns rows ``set, metric, value, low, high, pages, mentions`` for ``recall``,
    ``recall_category`` (also the same category), ``precision`` and ``outside_sentences``
    (value: the share of gold mentions outside; ``mentions``: how many).

    >>> gold = load_concept_gold("data/annotations/concepts_gold.csv", corpus.text)
    >>> t = concept_scores(corpus.concepts, gold, corpus.sentences, name="seeds")
    >>> t.set_index("metric").value.round(3).to_dict()
    {'recall': 0.984, 'recall_category': 0.935, 'precision': 0.831, 'outside_sentences': 0.0}
    """
    pages = sorted(gold.doc_id.unique()) if pages is None else list(pages)
    gold = gold[gold.doc_id.isin(pages)].reset_index(drop=True)
    found = found[found.doc_id.isin(pages)].reset_index(drop=True)
    inside = inside_sentences(gold, sentences)
    kept = gold[inside].reset_index(drop=True)
    matched = match_gold(found, kept)
    correct = overlaps(found, gold)
    n_pages = len(pages)
    rows = []
    for metric, values, groups in (
            ("recall", matched.found_span.to_numpy(), kept.doc_id.to_numpy()),
            ("recall_category", matched.found_category.to_numpy(), kept.doc_id.to_numpy()),
            ("precision", correct, found.doc_id.to_numpy())):
        value, low, high = mean_interval(values, groups)
        rows.append({"set": name, "metric": metric, "value": value, "low": low, "high": high,
                     "pages": n_pages, "mentions": len(values)})
    rows.append({"set": name, "metric": "outside_sentences",
                 "value": float((~inside).mean()) if len(gold) else np.nan, "low": np.nan,
                 "high": np.nan, "pages": n_pages, "mentions": int((~inside).sum())})
    return pd.DataFrame(rows, columns=list(TABLE_COLUMNS["concept_scores"]))


def _f1(a_hit: np.ndarray, a_n: np.ndarray, b_hit: np.ndarray, b_n: np.ndarray) -> np.ndarray:
    recall = a_hit / np.where(a_n > 0, a_n, 1)
    precision = b_hit / np.where(b_n > 0, b_n, 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(recall + precision > 0, 2 * recall * precision / (recall + precision), 0)


def span_agreement(first: pd.DataFrame, second: pd.DataFrame, pages: list[str] | None = None,
                   name: str = "coder agreement", replicates: int = REPLICATES,
                   seed: int = SEED) -> pd.DataFrame:
    """Span-overlap agreement of two mention lists on ``pages`` (default: the pages of
    ``second``): the share of each list's mentions the other overlaps (``recall`` for
    ``first``'s, ``precision`` for ``second``'s), their harmonic mean ``f1`` with a bootstrap
    interval over pages, and ``category_agreement``, the share of ``first``'s overlapped
    mentions whose category an overlapping ``second`` mention shares.

    >>> a = pd.DataFrame({"doc_id": ["d", "d"], "start": [0, 9], "end": [4, 12],
    ...                   "category": ["anatomy", "condition"]})
    >>> b = pd.DataFrame({"doc_id": ["d"], "start": [1], "end": [4], "category": ["anatomy"]})
    >>> span_agreement(a, b).set_index("metric").value.round(3).to_dict()
    {'recall': 0.5, 'precision': 1.0, 'f1': 0.667, 'category_agreement': 1.0}
    """
    pages = sorted(second.doc_id.unique()) if pages is None else list(pages)
    a = first[first.doc_id.isin(pages)].reset_index(drop=True)
    b = second[second.doc_id.isin(pages)].reset_index(drop=True)
    a_hit, b_hit = overlaps(a, b), overlaps(b, a)
    same_cat = match_gold(b, a).found_category.to_numpy()
    per = pd.DataFrame(index=pd.Index(pages, name="doc_id"))
    per["a_hit"] = pd.Series(a_hit, index=a.doc_id).groupby(level=0).sum()
    per["a_n"] = a.groupby("doc_id").size()
    per["b_hit"] = pd.Series(b_hit, index=b.doc_id).groupby(level=0).sum()
    per["b_n"] = b.groupby("doc_id").size()
    per = per.fillna(0).astype(float)
    cols = [per[c].to_numpy() for c in ("a_hit", "a_n", "b_hit", "b_n")]
    point = float(_f1(*(c.sum() for c in cols)))
    idx = np.random.default_rng(seed).integers(0, len(per), size=(replicates, len(per)))
    boot = _f1(*(c[idx].sum(axis=1) for c in cols)) if len(per) else np.array([np.nan])
    rows = [{"metric": "recall", "value": a_hit.mean() if len(a) else np.nan,
             "mentions": len(a)},
            {"metric": "precision", "value": b_hit.mean() if len(b) else np.nan,
             "mentions": len(b)},
            {"metric": "f1", "value": point, "low": float(np.percentile(boot, 2.5)),
             "high": float(np.percentile(boot, 97.5)), "mentions": len(a) + len(b)},
            {"metric": "category_agreement",
             "value": same_cat[a_hit].mean() if a_hit.any() else np.nan,
             "mentions": int(a_hit.sum())}]
    out = pd.DataFrame(rows).assign(set=name, pages=len(pages))
    return out.reindex(columns=list(TABLE_COLUMNS["concept_scores"]))
