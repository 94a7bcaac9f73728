"""Validity figures and sentences for the notebooks: scores with intervals beside the ceiling.

>>> import pandas as pd
>>> long = pd.DataFrame({"set": ["test", "coder ceiling"], "metric": ["is_claim_f1"] * 2,
...                      "value": [0.687, 0.96], "low": [0.62, 0.91], "high": [0.75, 0.99],
...                      "pages": [21, 21], "units": [373, 432]})
>>> print(describe_metric(long, "is_claim_f1", target=0.85))  # doctest: +NORMALIZE_WHITESPACE
is-claim F1 0.687 [0.620–0.750] on 21 test pages (coders agree at 0.960;
target 0.85: missed by 0.163)
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

CLAIM_METRICS = ("is_claim_f1", "macro_f1", "efficacy_f1", "safety_f1", "mechanism_f1",
                 "causation_f1", "evidence_appeal_f1", "recommendation_f1", "promotional_f1",
                 "hedged_f1")
CITATION_METRICS = ("unit_f1", "has_citation_f1", "vague_appeal_f1", "reference_count_exact")
#: The issues' targets on the test split (the figures a change is measured against).
TARGETS = {"is_claim_f1": 0.85, "macro_f1": 0.75, "hedged_f1": 0.85, "has_citation_f1": 0.95,
           "vague_appeal_f1": 0.85, "unit_f1": 0.95, "reference_count_exact": 0.90}


def _name(metric: str) -> str:
    return metric.replace("_f1", " F1").replace("is_claim", "is-claim").replace("_", " ")


def describe_metric(long: pd.DataFrame, metric: str, split: str = "test",
                    target: float | None = None) -> str:
    """One sentence: the metric on ``split`` with its interval, the ceiling, the target."""
    rows = long[long.metric == metric].set_index("set")
    if split not in rows.index or pd.isna(rows.loc[split, "value"]):
        return f"{_name(metric)}: not measured on {split}"
    r = rows.loc[split]
    text = (f"{_name(metric)} {r.value:.3f} [{r.low:.3f}–{r.high:.3f}] on {int(r.pages)} "
            f"{split} pages")
    extra = []
    if "coder ceiling" in rows.index and not pd.isna(rows.loc["coder ceiling", "value"]):
        extra.append(f"coders agree at {rows.loc['coder ceiling', 'value']:.3f}")
    if target is not None:
        gap = target - r.value
        extra.append(f"target {target:.2f}: " + (f"missed by {gap:.3f}" if gap > 0 else "met"))
    return text + (f" ({'; '.join(extra)})" if extra else "")


def plot_validity(long: pd.DataFrame, metrics: Sequence[str], sets: Sequence[str],
                  title: str, ax: plt.Axes | None = None) -> plt.Axes:
    """Horizontal bars per metric and set, with the bootstrap interval as error bars."""
    metrics = [m for m in metrics if m in set(long.metric)]
    sets = [s for s in sets if s in set(long.set)]
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 0.45 * len(metrics) * max(1, len(sets)) / 2 + 2))
    height = 0.8 / max(1, len(sets))
    colours = plt.get_cmap("tab10")
    for k, name in enumerate(sets):
        part = long[long.set == name].set_index("metric").reindex(metrics)
        y = np.arange(len(metrics)) + (k - (len(sets) - 1) / 2) * height
        err = np.vstack([(part.value - part.low).clip(lower=0).fillna(0),
                         (part.high - part.value).clip(lower=0).fillna(0)])
        ax.barh(y, part.value.fillna(0), height=height * 0.9, xerr=err, capsize=2,
                color=colours(k), label=name)
    for i, metric in enumerate(metrics):
        if metric in TARGETS:
            ax.plot([TARGETS[metric]] * 2, [i - 0.45, i + 0.45], color="black", lw=1.2,
                    ls="--", label="target" if i == 0 else None)
    ax.set_yticks(range(len(metrics)), [_name(m) for m in metrics])
    ax.invert_yaxis()
    ax.set_xlim(0, 1.05)
    ax.set_xlabel("score (F1 or share of pages; bars: bootstrap 95 % interval over pages)")
    ax.set_title(title)
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=True))
    ax.legend(unique.values(), unique.keys(), fontsize=8, loc="upper left",
              bbox_to_anchor=(1.01, 1))
    ax.figure.tight_layout()
    return ax
