"""Figures for topic overlap (notebook 01): concept × source matrix, pairwise overlap, topic mix.

Each reads at 5, 50 and 500 sources: the concept matrix shows at most :data:`MAX_SOURCES`
sources (those with the most mentions), overlap heatmaps put similar sources together and turn
into a ranked list of the closest pairs above :data:`~claimscope.report.heatmaps.MAX_MATRIX`
sources, and the topic mix groups many sources by their main topic.

>>> m = pd.DataFrame([[1, .2, .9], [.2, 1, .1], [.9, .1, 1]], index=list("abc"),
...                  columns=list("abc"))
>>> fig = plot_overlap_heatmaps({"cosine": m}, pairs=2, max_matrix=2)
>>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
['a — c', 'a — b']
>>> plt.close("all")

With many sources, :func:`plot_overlap` draws the same bars from the closest pairs alone:

>>> from claimscope.topics import overlap
>>> fig = plot_overlap(overlap(corpus, measures=["char_tfidf"], max_matrix=3), pairs=3)
>>> len(fig.axes[0].patches)
3
>>> plt.close("all")
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import PowerNorm

from claimscope.report.heatmaps import (
    MAX_MATRIX,
    MAX_SIZE,
    cluster_order,
    draw_heatmap,
    grow,
    ranked_pairs,
)
from claimscope.report.labels import label_of, literal, shorten
from claimscope.report.notebook import set_alt

#: Most sources (columns) the concept matrix shows.
MAX_SOURCES = 30
Labels = Mapping[str, str] | pd.Series | None


def plot_concept_matrix(table: pd.DataFrame, top: int = 30, labels: Labels = None,
                        ax: plt.Axes | None = None) -> plt.Axes:
    """Heatmap of concept mentions (rows: the ``top`` concepts by number of sources, then
    mentions; columns: sources, at most :data:`MAX_SOURCES`, those with most mentions of them);
    counts written where they fit. ``table`` is :func:`claimscope.overlap.concept_table`."""
    docs = [c for c in table.columns if c not in ("category", "sources", "total")]
    shown = table.head(top)
    n_docs = len(docs)
    if n_docs > MAX_SOURCES:
        docs = list(shown[docs].sum().sort_values(ascending=False, kind="stable")
                    .index[:MAX_SOURCES])
    if ax is None:
        _, ax = plt.subplots(figsize=(grow(len(docs), 0.42, 5.5, MAX_SIZE[0]),
                                      grow(len(shown), 0.28, 2.2, MAX_SIZE[1])))
    counts = shown[docs].astype(float)
    norm = PowerNorm(gamma=0.5, vmin=0, vmax=max(float(np.nanmax(counts.to_numpy()))
                                                 if counts.size else 1, 1))
    draw_heatmap(ax, counts, cmap="Blues", fmt=".0f", norm=norm,
                 unit="mentions (count; square-root colour scale)",
                 row_labels=[f"{shorten(c, 34)} ({cat})" for c, cat in
                             zip(shown.index, shown.category, strict=True)],
                 col_labels=[label_of(labels, d) for d in docs])
    which = "" if n_docs <= MAX_SOURCES else f"; the {len(docs)} of {n_docs} sources that " \
                                              "mention them most"
    ax.set_title(f"Concept mentions per source (top {len(shown)} concepts, shared ones "
                 f"first{which})")
    ax.set_xlabel("source")
    ax.set_ylabel("concept (category)")
    ax.figure.tight_layout()
    first = f"; most shared: {shown.index[0]} ({int(shown.sources.iloc[0])} sources)" if len(
        shown) else ""
    set_alt(ax.figure, f"Heatmap of mentions of {len(shown)} concepts in {len(docs)} "
                       f"sources{first}.")
    return ax


def _pair_lists(best: dict[str, pd.Series], titles: dict, labels: Labels, n: int,
                ncols: int, note: str = "") -> plt.Figure:
    """Ranked bars per measure; ``best`` maps a measure to its top pairs ((a, b) → score)."""
    names = list(best)
    pairs = max((len(v) for v in best.values()), default=0)
    nrows = -(-len(names) // ncols)
    fig, axes = plt.subplots(nrows, ncols, squeeze=False, layout="constrained",
                             figsize=(7.5 * ncols, grow(pairs, 0.22, 1.4, 9) * nrows))
    for ax, name in zip(axes.ravel(), names, strict=False):
        top = best[name]
        ax.barh(np.arange(len(top)), top.to_numpy(), color="#4c72b0")
        ax.set_yticks(np.arange(len(top)), [literal(f"{label_of(labels, a)} — "
                                                    f"{label_of(labels, b)}")
                                            for a, b in top.index], fontsize=7)
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.set_xlabel("similarity (0 = nothing shared, 1 = identical)")
        ax.set_title(literal(titles.get(name, name)), fontsize=10)
    for ax in axes.ravel()[len(names):]:
        ax.set_visible(False)
    fig.suptitle(f"The {pairs} closest of {n * (n - 1) // 2:,} pairs of {n:,} sources, by "
                 f"measure{note}")
    set_alt(fig, f"Ranked bars: the {pairs} most similar pairs among {n} sources under each "
                 f"of {len(names)} overlap measures.")
    return fig


def plot_overlap(overlap, titles: dict[str, str] | None = None, labels: Labels = None,
                 pairs: int = 25) -> plt.Figure:
    """Heatmaps when ``overlap`` (:func:`claimscope.topics.overlap`) holds full matrices, else
    the ``pairs`` closest pairs per measure as ranked bars, from its list of closest pairs
    (exact when ``pairs`` is at most the ``k`` the overlap was computed with)."""
    if overlap.matrices is not None:
        return plot_overlap_heatmaps(overlap.matrices, titles, labels=labels, pairs=pairs)
    table = overlap.pairs
    measures = [c for c in table.columns if c not in ("doc_a", "doc_b", "languages",
                                                      "same_language")]
    best = {}
    for m in measures:
        top = table.sort_values([m, "doc_a", "doc_b"], ascending=[False, True, True],
                                kind="stable").head(pairs)
        best[m] = pd.Series(top[m].to_numpy(), index=pd.MultiIndex.from_frame(
            top[["doc_a", "doc_b"]]))
    return _pair_lists(best, titles or {}, labels, overlap.n_docs, 2)


def plot_overlap_heatmaps(matrices: dict[str, pd.DataFrame], titles: dict[str, str] | None = None,
                          ncols: int = 2, labels: Labels = None, pairs: int = 25,
                          max_matrix: int = MAX_MATRIX) -> plt.Figure:
    """One heatmap per overlap measure (pairwise scores 0–1, written where they fit; with many
    sources in clustered order, the same in every panel); above ``max_matrix`` sources the
    ``pairs`` closest pairs per measure as ranked bars instead.

    ``matrices`` maps a measure name to :func:`claimscope.overlap.similarity_matrix`.
    """
    titles = titles or {}
    names = list(matrices)
    n = len(next(iter(matrices.values()))) if names else 0
    if n > max_matrix:
        top = min(pairs, n * (n - 1) // 2)
        return _pair_lists({m: ranked_pairs(t, top) for m, t in matrices.items()}, titles,
                           labels, n, ncols)
    nrows = -(-len(names) // ncols)
    side = grow(n, 0.28, 4.2, 8.0)
    fig, axes = plt.subplots(nrows, ncols, figsize=(side * ncols * 1.15, side * nrows),
                             squeeze=False, layout="constrained")
    order = np.arange(n)
    if n > 12 and names:
        order = cluster_order(matrices[names[0]].fillna(0).to_numpy(dtype=float))
    for ax, name in zip(axes.ravel(), names, strict=False):
        table = matrices[name].iloc[order, order]
        ids = [label_of(labels, d) for d in table.index]
        draw_heatmap(ax, table, cmap="YlGnBu", fmt=".2f", vmin=0, vmax=1,
                     unit="similarity (0–1)", row_labels=ids,
                     col_labels=[label_of(labels, d) for d in table.columns])
        ax.set_title(literal(titles.get(name, name)), fontsize=10)
        ax.set_xlabel("source")
        ax.set_ylabel("source")
    for ax in axes.ravel()[len(names):]:
        ax.set_visible(False)
    ordered = ", sources in clustered order" if n > 12 else ""
    fig.suptitle(f"Pairwise topic overlap between {n} sources, by measure (diagonal left "
                 f"out{ordered})")
    set_alt(fig, f"{len(names)} heatmaps of pairwise similarity (0–1) between {n} sources, "
                 "one per overlap measure.")
    return fig


def plot_topic_weights(weights: pd.DataFrame, labels: Labels = None,
                       ax: plt.Axes | None = None, max_bars: int = 40) -> plt.Axes:
    """Stacked horizontal bars: each source's share of every topic (NMF weights summing to 1);
    with more than ``max_bars`` sources, grouped by main topic and unlabelled."""
    n = len(weights)
    frame = 100 * weights.fillna(0)
    if n > max_bars:
        main = frame.to_numpy().argmax(axis=1)
        order = np.lexsort((-frame.to_numpy().max(axis=1), main))
        frame = frame.iloc[order]
    if ax is None:
        _, ax = plt.subplots(figsize=(10, grow(n, 0.3, 2.0, 10.0)))
    plotted = frame.copy()
    plotted.columns = [literal(shorten(c, 40)) for c in frame.columns]
    colours = plt.cm.tab10.colors + plt.cm.Dark2.colors
    plotted.index = [literal(label_of(labels, d)) for d in frame.index]
    plotted.plot.barh(stacked=True, ax=ax, width=0.7 if n <= max_bars else 1.0,
                      color=colours[: frame.shape[1]], legend=True)
    ax.invert_yaxis()
    if n > max_bars:
        ax.set_yticks([])
        ax.set_ylabel(f"{n} sources, grouped by main topic")
    else:
        ax.set_ylabel("source")
    ax.set_title("Topic mix of each source (NMF over sections)")
    ax.set_xlabel("share of the source's topic weight (%)")
    ax.set_xlim(0, 100)
    ax.legend(title="topic", bbox_to_anchor=(1.01, 1), loc="upper left", fontsize=8)
    ax.figure.tight_layout()
    set_alt(ax.figure, f"Stacked bars: the topic mix of {n} sources over {weights.shape[1]} "
                       "topics.")
    return ax


def plot_coverage(coverage: pd.DataFrame, labels: Labels = None, max_rows: int = 40
                  ) -> plt.Figure:
    """Each page's share of content words inside concept mentions, lowest first; at most
    ``max_rows`` pages (the thinnest), the others counted in the title.
    ``coverage`` is :func:`claimscope.topics.concept_coverage`."""
    shown = coverage.sort_values(["coverage", "doc_id"], kind="stable").head(max_rows)
    fig, ax = plt.subplots(figsize=(7.5, grow(len(shown), 0.26, 1.6, MAX_SIZE[1])),
                           layout="constrained")
    ax.barh(np.arange(len(shown)), shown.coverage.to_numpy(), color="#72b7b2")
    ax.set_yticks(np.arange(len(shown)), [literal(label_of(labels, d)) for d in shown.doc_id],
                  fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of content words inside concept mentions (0–1)")
    ax.set_ylabel("source")
    which = (f"the {len(shown)} lowest of {len(coverage)} pages" if len(coverage) > len(shown)
             else "lowest first")
    ax.set_title(f"Concept coverage per page ({which})", fontsize=10)
    median = float(coverage.coverage.median()) if len(coverage) else float("nan")
    set_alt(fig, f"Bars: the share of content words covered by concepts for {len(shown)} "
                 f"pages; median over all {len(coverage)} pages {median:.2f}.")
    return fig
