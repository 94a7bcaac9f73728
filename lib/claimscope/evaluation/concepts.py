"""Concept recall against a hand-marked gold list (``data/annotations/concepts_gold.csv``).

A gold mention counts as found when a concept row of the same document overlaps its span
(``span``); ``category`` also asks for the same category.

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

GOLD_COLUMNS = ["doc_id", "sent_id", "start", "end", "surface", "category", "concept"]


def load_concept_gold(path: str | Path) -> pd.DataFrame:
    """Read the gold mention list; checks its columns and names the file when they are wrong."""
    gold = pd.read_csv(path, dtype={"doc_id": "str"})
    missing = [c for c in ["doc_id", "start", "end", "category"] if c not in gold.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
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
