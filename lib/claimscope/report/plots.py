"""Figures for the notebooks (matplotlib; titles, axis labels and units on every one), made to
read at 5, 50 and 500 sources.

- Sources are named by short labels (``labels``: :func:`claimscope.report.labels.source_labels`,
  from the title or a mapping of your own; without it, short ids), listed in the corpus
  overview's legend table.
- A bar chart shows at most :data:`MAX_BARS` sources; with more, it shows the ones the title
  names (largest, most boilerplate, …) or a distribution instead. Heatmaps write numbers only
  where they fit, cluster their rows when there are many, and an overlap matrix becomes a
  ranked list of the closest pairs above :data:`~claimscope.report.heatmaps.MAX_MATRIX`.
- Figures grow with the data up to a limit; every figure has alt text (``set_alt``).
- Labels from the data are drawn literally: a ``$`` never starts matplotlib's mathtext, so a
  file named ``$\\foo$.txt`` neither breaks the figure nor turns into a formula (:func:`literal`).

>>> print(literal("$20 … $30"), literal(3))
\\$20 … \\$30 3
>>> ax = plot_document_sizes(corpus)
>>> [t.get_text() for t in ax.get_yticklabels()][:2]
['000', '001']
>>> plt.close("all")
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from claimscope.corpus import Corpus
from claimscope.report.heatmaps import MAX_SIZE, cluster_order, draw_heatmap, grow, source_by_type
from claimscope.report.labels import label_of, literal, short_id
from claimscope.report.notebook import set_alt
from claimscope.report.overview import boilerplate_by_reason
from claimscope.report.topic_plots import (
    plot_concept_matrix,
    plot_coverage,
    plot_overlap,
    plot_overlap_heatmaps,
    plot_topic_weights,
)

__all__ = ["MAX_BARS", "cluster_order", "literal", "plot_boilerplate_share",
           "plot_citation_density", "plot_claim_profile", "plot_concept_matrix", "plot_coverage",
           "plot_document_sizes", "plot_evaluation", "plot_hedged_share",
           "plot_overlap", "plot_overlap_heatmaps", "plot_topic_weights", "plot_type_confusion",
           "short_id"]

#: Most sources a bar chart shows one bar each.
MAX_BARS = 40
#: Boilerplate reasons shown by name; the rest are pooled as "other reasons".
TOP_REASONS = 6
Labels = Mapping[str, str] | pd.Series | None


def _names(index, labels: Labels) -> list[str]:
    return [literal(label_of(labels, d)) for d in index]


def _bar_axes(n: int, ax: plt.Axes | None, width: float = 9.5) -> plt.Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=(width, grow(n, 0.3, 1.9, MAX_SIZE[1])))
    return ax


def plot_document_sizes(corpus: Corpus, labels: Labels = None,
                        ax: plt.Axes | None = None) -> plt.Axes:
    """Words per source as horizontal bars (sentences written beside them); above
    :data:`MAX_BARS` sources, the distribution of words per source."""
    docs = corpus.documents.set_index("doc_id")
    n = len(docs)
    if n > MAX_BARS:
        if ax is None:
            _, ax = plt.subplots(figsize=(9, 3.6))
        words = docs.n_words.clip(lower=1)
        bins = np.geomspace(words.min(), max(words.max(), words.min() + 1), 30)
        ax.hist(words, bins=bins, color="#4c72b0")
        ax.set_xscale("log")
        ax.set_title(f"Size of the {n} sources: words of analysed text per source")
        ax.set_xlabel("words per source (log scale)")
        ax.set_ylabel("sources (count)")
    else:
        ax = _bar_axes(n, ax)
        y = np.arange(n)
        ax.barh(y, docs.n_words, color="#4c72b0", height=0.7)
        for i, (w, s) in enumerate(zip(docs.n_words, docs.n_sentences, strict=True)):
            ax.annotate(f" {s:,} sent.", (w, i), va="center", fontsize=8)
        ax.set_yticks(y, _names(docs.index, labels), fontsize=8 if n > 20 else 9)
        ax.invert_yaxis()
        ax.set_xlim(0, docs.n_words.max() * 1.15 if n else 1)
        ax.set_title("Size of each source (analysed text)")
        ax.set_xlabel("words (count)")
        ax.set_ylabel("source")
    ax.figure.tight_layout()
    if n:
        big = docs.n_words.idxmax()
        set_alt(ax.figure, f"Words per source for {n} sources: largest "
                           f"{label_of(labels, big)} ({docs.n_words[big]:,} words), median "
                           f"{docs.n_words.median():,.0f} words.")
    return ax


def _pool_reasons(table: pd.DataFrame, top: int) -> pd.DataFrame:
    reasons = table.drop(columns="analysed_text")
    keep = reasons.sum().sort_values(ascending=False, kind="stable").index[:top]
    rest = reasons.drop(columns=keep).sum(axis=1)
    pooled = pd.concat([table[["analysed_text"]], reasons[sorted(keep)]], axis=1)
    if reasons.shape[1] > len(keep):
        pooled[f"other reasons ({reasons.shape[1] - len(keep)})"] = rest
    return pooled.rename(columns={"analysed_text": "analysed sentences"})


def plot_boilerplate_share(corpus: Corpus, labels: Labels = None,
                           ax: plt.Axes | None = None) -> plt.Axes:
    """Stacked horizontal bars: share (%) of each source's classified characters set aside as
    boilerplate, by reason (the :data:`TOP_REASONS` largest named, the rest pooled); the axis
    ends just past the largest share, so small shares stay visible. Above :data:`MAX_BARS`
    sources, the ones with the most boilerplate."""
    table = _pool_reasons(boilerplate_by_reason(corpus), TOP_REASONS)
    share = 100 * table.div(table.sum(axis=1).where(lambda s: s > 0, 1), axis=0)
    share = share.drop(columns="analysed sentences")
    total = share.sum(axis=1)
    n = len(share)
    title = "How much of each source's text was set aside as boilerplate, and why"
    if n > MAX_BARS:
        keep = total.sort_values(ascending=False, kind="stable").index[:MAX_BARS]
        share = share.loc[[d for d in share.index if d in set(keep)]]
        title = (f"Boilerplate by reason, for the {MAX_BARS} of {n} sources with the most "
                 "(share of the source's text)")
    ax = _bar_axes(len(share), ax, width=10.5)
    colours = ["#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3", "#64b5cd"]
    colour = ["#bbbbbb" if c.startswith("other") else colours[i % len(colours)]
              for i, c in enumerate(share.columns)]
    plotted = share.copy()
    plotted.index = _names(share.index, labels)
    plotted.columns = [literal(c) for c in share.columns]
    if share.shape[1]:
        plotted.plot.barh(stacked=True, ax=ax, color=colour, width=0.7)
        ax.legend(title="reason", bbox_to_anchor=(1.01, 1), loc="upper left", fontsize=8)
    for i, v in enumerate(share.sum(axis=1)):
        ax.annotate(f" {v:.1f} %", (v, i), va="center", fontsize=8)
    ax.set_yticks(range(len(share)), plotted.index)
    ax.invert_yaxis()
    ax.set_title(title)
    ax.set_xlabel("share of the source's classified characters set aside as boilerplate (%)")
    ax.set_ylabel("source")
    ax.set_xlim(0, max(1.0, float(share.sum(axis=1).max() if len(share) else 0) * 1.18))
    ax.figure.tight_layout()
    set_alt(ax.figure, f"Stacked bars for {len(share)} sources: share of each source's text "
                       f"set aside as boilerplate, by reason; {total.mean():.1f} % on average "
                       f"over all {n} sources, at most {total.max() if n else 0:.1f} %.")
    return ax


def plot_citation_density(table: pd.DataFrame, labels: Labels = None,
                          ax: plt.Axes | None = None) -> plt.Axes:
    """Specific citations vs vague appeals per 1,000 words: paired horizontal bars per source
    (a source with none shows a written 0); above :data:`MAX_BARS` sources, one dot each."""
    frame = table[["specific_per_1000_words", "vague_per_1000_words"]].astype(float).fillna(0)
    n = len(frame)
    kinds = ["specific citations (reference, marker, URL)", "vague appeals"]
    none = int(((frame.specific_per_1000_words == 0) & (frame.vague_per_1000_words == 0)).sum())
    if n > MAX_BARS:
        if ax is None:
            _, ax = plt.subplots(figsize=(8, 6))
        ax.scatter(frame.specific_per_1000_words, frame.vague_per_1000_words, s=14,
                   alpha=0.6, color="#4c72b0")
        top = frame.sum(axis=1).sort_values(ascending=False, kind="stable").index[:6]
        for k, doc_id in enumerate(top):  # staggered, so neighbouring labels do not overlap
            ax.annotate(literal(label_of(labels, doc_id)), frame.loc[doc_id], fontsize=7,
                        xytext=(-40, 12 + 13 * (k % 4)), textcoords="offset points",
                        arrowprops={"arrowstyle": "-", "color": "#999999", "lw": 0.6})
        ax.set_title(f"Specific citations vs vague appeals, {n} sources (one dot each; "
                     f"{none} with neither, at 0, 0)")
        ax.set_xlabel(f"{kinds[0]} per 1,000 words")
        ax.set_ylabel(f"{kinds[1]} per 1,000 words")
    else:
        ax = _bar_axes(int(1.3 * n), ax)
        y = np.arange(n)
        for k, (column, colour) in enumerate(zip(frame.columns, ["#4c72b0", "#dd8452"],
                                                 strict=True)):
            pos = y + (k - 0.5) * 0.38
            ax.barh(pos, frame[column], height=0.36, color=colour, label=kinds[k])
            for p, v in zip(pos, frame[column], strict=True):
                if v == 0:
                    ax.annotate(" 0", (0, p), va="center", fontsize=8, color=colour)
        ax.set_yticks(y, _names(frame.index, labels), fontsize=8 if n > 20 else 9)
        ax.invert_yaxis()
        ax.set_title("How pages back up what they say: specific citations vs vague appeals")
        ax.set_xlabel("per 1,000 words of analysed text")
        ax.set_ylabel("source")
        ax.legend(fontsize=8, loc="lower right")
    ax.figure.tight_layout()
    set_alt(ax.figure, f"Specific citations and vague appeals per 1,000 words for {n} sources; "
                       f"{none} give neither.")
    return ax


def plot_claim_profile(profile: pd.DataFrame, labels: Labels = None,
                       ax: plt.Axes | None = None) -> plt.Axes:
    """Heatmap: sentences claiming each type per 100 sentences, per source."""
    return source_by_type(
        profile.drop(columns=["any_claim"], errors="ignore"), labels=labels, ax=ax, fmt=".1f",
        cmap="Blues", unit="sentences per 100 sentences",
        title="Claim-type profile: sentences claiming each type per 100 sentences")


def plot_hedged_share(table: pd.DataFrame, labels: Labels = None,
                      ax: plt.Axes | None = None) -> plt.Axes:
    """Heatmap: share (%) of each source's claims of a type that are hedged (grey: no claim)."""
    return source_by_type(
        table, labels=labels, ax=ax, fmt=".0f", cmap="Oranges", unit="hedged claims (%)",
        title="Hedged vs assertive: share of claims that are hedged (%)")


def plot_type_confusion(table: pd.DataFrame, ax: plt.Axes | None = None) -> plt.Axes:
    """Heatmap of sentences: annotated type (rows) vs predicted type (columns), 'none' = no type."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 6))
    draw_heatmap(ax, table, cmap="Purples", fmt=".0f", unit="sentences (count)",
                 row_labels=list(table.index), col_labels=list(table.columns))
    ax.set_title("Confusion between claim types (leave-one-document-out, sentences)")
    ax.set_xlabel("predicted type")
    ax.set_ylabel("annotated type")
    ax.figure.tight_layout()
    return ax


def plot_evaluation(table: pd.DataFrame, ax: plt.Axes | None = None) -> plt.Axes:
    """Bars: LODO F1 per type for each method; markers: coder-vs-coder F1 on the double-coded
    subset (hollow where that subset holds fewer than 10 positives of the type)."""
    f1 = table[[c for c in table.columns if c.startswith("f1_")]].copy()
    f1.columns = [literal(c.removeprefix("f1_")) for c in f1.columns]
    f1.index = [literal(i) for i in f1.index]
    if ax is None:
        _, ax = plt.subplots(figsize=(10.5, 3.8))
    f1.plot.bar(ax=ax, rot=25, width=0.75)
    solid = table.human_positives >= 10
    x = pd.Series(range(len(table)), index=table.index)
    ax.plot(x[solid], table.human_f1[solid], "k_", markersize=22, mew=2,
            label="coder vs coder F1 (double-coded subset)")
    ax.plot(x[~solid], table.human_f1[~solid], "_", color="grey", markersize=22, mew=2,
            label="coder vs coder F1, < 10 positives (unstable)")
    ax.set_title("Cross-document F1 per claim type by method, beside agreement between coders")
    ax.set_xlabel("claim type")
    ax.set_ylabel("F1 (0–1)")
    ax.set_ylim(0, 1.05)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.figure.tight_layout()
    return ax
