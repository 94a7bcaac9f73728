"""Figures of the topic-overlap validity tables (notebook 01): same-topic precision per measure
with intervals and the chance rate, and concept coverage per page.

>>> import pandas as pd
>>> t = pd.DataFrame({"set": "test", "scope": ["all", "across"], "measure": "char_tfidf",
...                   "metric": "p_at_1", "value": [0.9, 0.8], "low": [0.8, 0.5],
...                   "high": [1.0, 1.0], "chance": [0.02, 0.05], "best": 1.0, "pages": [21, 4]})
>>> fig = plot_topic_precision(t, "test")
>>> [ax.get_title() for ax in fig.axes]
['test pages: nearest page (21 pages)', 'test pages: nearest page in the other language (4 pages)']
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from claimscope.topics.representation import MEASURE_LABELS, MEASURES

_SCOPE_TITLES = {"all": "nearest page", "across": "nearest page in the other language"}


def plot_topic_precision(table: pd.DataFrame, split: str = "test", metric: str = "p_at_1",
                         target: dict[str, float] | None = None) -> plt.Figure:
    """Horizontal bars of ``metric`` per measure with bootstrap 95 % intervals, one panel per
    scope; the chance rate as a dotted line and ``target`` (scope → value) as a dashed one."""
    rows = table[(table.set == split) & (table.metric == metric)]
    scopes = [s for s in ("all", "across") if s in set(rows.scope)]
    fig, axes = plt.subplots(1, len(scopes), figsize=(5.2 * len(scopes), 3.4), squeeze=False,
                             layout="constrained")
    for ax, scope in zip(axes.ravel(), scopes, strict=True):
        part = rows[rows.scope == scope].set_index("measure")
        measures = [m for m in MEASURES if m in part.index][::-1]
        part = part.loc[measures]
        y = np.arange(len(measures))
        err = np.vstack([part.value - part.low, part.high - part.value])
        ax.barh(y, part.value, xerr=err, color="#4c78a8", capsize=3)
        for yi, v in zip(y, part.value, strict=True):
            ax.text(0.01, yi, f"{v:.2f}", va="center", ha="left", fontsize=8,
                    color="white" if v > 0.1 else "black")
        ax.axvline(part.chance.mean(), color="black", linestyle=":", label="chance")
        if target and scope in target:
            ax.axvline(target[scope], color="#e45756", linestyle="--", label="target")
        ax.set_yticks(y, [MEASURE_LABELS.get(m, m) for m in measures], fontsize=8)
        ax.set_xlim(0, 1.02)
        ax.set_xlabel(f"same-topic precision@{metric.removeprefix('p_at_')}")
        ax.set_title(f"{split} pages: {_SCOPE_TITLES[scope]} ({int(part.pages.iloc[0])} pages)",
                     fontsize=10)
    handles, names = axes.ravel()[0].get_legend_handles_labels()
    fig.legend(handles, names, loc="outside lower center", ncols=len(names), fontsize=8)
    return fig
