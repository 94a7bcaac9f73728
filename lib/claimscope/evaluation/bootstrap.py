"""Scores with bootstrap intervals over pages (or items): F1, accuracy, exact-count shares.

Units within a page are not independent, so the unit of resampling is the page: each replicate
draws pages with replacement and pools their confusion counts. 1,000 replicates and a fixed seed
make intervals reproducible; the interval is the 2.5th–97.5th percentile.

>>> import pandas as pd
>>> counts = pd.DataFrame({"tp": [8, 5, 0], "fp": [1, 0, 2], "fn": [1, 2, 0]},
...                       index=["a", "b", "c"])
>>> point, low, high = f1_interval(counts)
>>> round(point, 3), low <= point <= high
(0.812, True)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

REPLICATES = 1000
SEED = 20261202


def _f1(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> np.ndarray:
    denom = 2 * tp + fp + fn
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(denom > 0, 2 * tp / np.where(denom > 0, denom, 1), np.nan)


def _draws(n: int, replicates: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, n, size=(replicates, n))


def f1_interval(counts: pd.DataFrame, replicates: int = REPLICATES, seed: int = SEED
                ) -> tuple[float, float, float]:
    """F1 of pooled ``tp, fp, fn`` (one row per page) and its bootstrap 95 % interval."""
    tp, fp, fn = (counts[c].to_numpy(dtype=float) for c in ("tp", "fp", "fn"))
    point = float(_f1(tp.sum(), fp.sum(), fn.sum()))
    if len(counts) == 0:
        return np.nan, np.nan, np.nan
    idx = _draws(len(counts), replicates, seed)
    boot = _f1(tp[idx].sum(axis=1), fp[idx].sum(axis=1), fn[idx].sum(axis=1))
    boot = boot[~np.isnan(boot)]
    if not len(boot):
        return point, np.nan, np.nan
    return point, float(np.percentile(boot, 2.5)), float(np.percentile(boot, 97.5))


def mean_interval(values: np.ndarray, groups: np.ndarray | None = None,
                  replicates: int = REPLICATES, seed: int = SEED) -> tuple[float, float, float]:
    """Mean of ``values`` (e.g. 0/1 correct) with a bootstrap interval over ``groups``
    (pages; default: every value is its own group)."""
    values = np.asarray(values, dtype=float)
    if groups is None:
        groups = np.arange(len(values))
    frame = pd.DataFrame({"v": values, "g": groups}).groupby("g").v.agg(["sum", "size"])
    if frame.empty:
        return np.nan, np.nan, np.nan
    s, n = frame["sum"].to_numpy(), frame["size"].to_numpy()
    idx = _draws(len(frame), replicates, seed)
    boot = s[idx].sum(axis=1) / n[idx].sum(axis=1)
    return float(s.sum() / n.sum()), float(np.percentile(boot, 2.5)), \
        float(np.percentile(boot, 97.5))


def macro_f1_interval(per_label: dict[str, pd.DataFrame], replicates: int = REPLICATES,
                      seed: int = SEED) -> tuple[float, float, float]:
    """Macro-F1 over labels whose per-page counts share one index; resampled jointly."""
    labels = list(per_label)
    pages = per_label[labels[0]].index
    arrays = {lab: [per_label[lab].reindex(pages, fill_value=0)[c].to_numpy(dtype=float)
                    for c in ("tp", "fp", "fn")] for lab in labels}
    point = float(np.nanmean([_f1(*(a.sum() for a in arrays[lab])) for lab in labels]))
    idx = _draws(len(pages), replicates, seed)
    boot = np.nanmean(np.vstack([_f1(*(a[idx].sum(axis=1) for a in arrays[lab]))
                                 for lab in labels]), axis=0)
    return point, float(np.nanpercentile(boot, 2.5)), float(np.nanpercentile(boot, 97.5))


def binary_counts(gold: pd.Series, pred: pd.Series, pages: pd.Series) -> pd.DataFrame:
    """Per page: true positives, false positives and false negatives of two 0/1 series."""
    g, p = gold.astype(bool).to_numpy(), pred.astype(bool).to_numpy()
    frame = pd.DataFrame({"page": pages.to_numpy(), "tp": g & p, "fp": ~g & p, "fn": g & ~p})
    return frame.groupby("page")[["tp", "fp", "fn"]].sum()
