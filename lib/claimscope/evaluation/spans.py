"""Detector vs hand-made gold: precision and recall per kind, span-overlap matching.

>>> import pandas as pd
>>> gold = pd.DataFrame({"doc_id": ["d"], "kind": ["marker"], "start": [10], "end": [16]})
>>> found = pd.DataFrame({"doc_id": ["d", "d"], "kind": ["marker", "marker"],
...                       "start": [10, 30], "end": [16, 36]})
>>> span_scores(found, gold).loc["marker", ["precision", "recall"]].tolist()
[0.5, 1.0]
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def _match(found: pd.DataFrame, gold: pd.DataFrame) -> tuple[int, int, int]:
    """One-to-one matching of overlapping spans (in document order)."""
    tp = 0
    used: set[int] = set()
    gold_rows = list(gold.itertuples())
    for f in found.sort_values("start").itertuples():
        for g in gold_rows:
            if g.Index not in used and g.start < f.end and f.start < g.end:
                used.add(g.Index)
                tp += 1
                break
    return tp, len(found) - tp, len(gold) - tp


def span_scores(found: pd.DataFrame, gold: pd.DataFrame, kinds: list[str] | None = None
                ) -> pd.DataFrame:
    """Per kind: true/false positives, false negatives, precision, recall, F1.

    A detected span counts when it overlaps a gold span of the same document and kind.
    Precision is NaN where nothing was detected, recall where the gold has nothing.
    """
    kinds = kinds or sorted(set(gold.kind) | set(found.kind))
    rows = []
    for kind in kinds:
        tp = fp = fn = 0
        docs = set(found.doc_id[found.kind == kind]) | set(gold.doc_id[gold.kind == kind])
        for doc in sorted(docs):
            t, p, n = _match(found[(found.kind == kind) & (found.doc_id == doc)],
                             gold[(gold.kind == kind) & (gold.doc_id == doc)])
            tp, fp, fn = tp + t, fp + p, fn + n
        precision = tp / (tp + fp) if tp + fp else float("nan")
        recall = tp / (tp + fn) if tp + fn else float("nan")
        f1 = (2 * precision * recall / (precision + recall)
              if tp and precision + recall else (0.0 if tp + fp and tp + fn else float("nan")))
        rows.append({"kind": kind, "tp": tp, "fp": fp, "fn": fn, "gold": tp + fn,
                     "found": tp + fp, "precision": round(precision, 3),
                     "recall": round(recall, 3), "f1": round(f1, 3)})
    return pd.DataFrame(rows).set_index("kind")


def load_citation_gold(path: str | Path) -> pd.DataFrame:
    """The hand-counted citation gold (``data/annotations/citations_gold.csv``), citations only."""
    gold = pd.read_csv(path, keep_default_na=False, dtype={"doc_id": "str", "kind": "str"})
    gold = gold[gold.kind != "not_citation"].astype({"start": "int64", "end": "int64"})
    return gold.reset_index(drop=True)


def citation_scores(corpus, gold: pd.DataFrame) -> pd.DataFrame:
    """Precision/recall per citation kind of ``corpus.citations`` against ``gold``."""
    kinds = ["reference", "marker", "url", "vague_appeal", "citation_needed"]
    docs = set(gold.doc_id) | set(corpus.documents.doc_id)
    found = corpus.citations[corpus.citations.doc_id.isin(docs)]
    return span_scores(found, gold, kinds)
