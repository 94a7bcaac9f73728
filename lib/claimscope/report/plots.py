"""Figures for the notebooks (matplotlib; titles, axis labels and units on every one).

Labels that come from the data (file names, page titles, rule reasons, concept names) are drawn
literally: a ``$`` never starts matplotlib's mathtext, so a file named ``$\\foo$.txt`` neither
breaks the figure nor turns into a formula (:func:`literal`).

>>> print(literal("$20 … $30"), literal(3))
\\$20 … \\$30 3
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import PowerNorm

from claimscope.corpus import Corpus
from claimscope.report.overview import boilerplate_by_reason


def literal(text: object) -> str:
    """``text`` as a label matplotlib draws as it is (every ``$`` escaped: no mathtext)."""
    return str(text).replace("$", r"\$")


def _id_label(doc_id: str) -> str:
    return literal(short_id(doc_id))


def short_id(doc_id: str) -> str:
    """'000_aa4e54722d6168bb' → '000'; other ids are cut to 18 characters for axis labels."""
    head = doc_id.split("_", 1)[0]
    return head if head.isdigit() else doc_id[:18]


def plot_boilerplate_share(corpus: Corpus, ax: plt.Axes | None = None) -> plt.Axes:
    """Stacked horizontal bars: share (%) of each document's characters by what became of them."""
    table = boilerplate_by_reason(corpus)
    share = 100 * table.div(table.sum(axis=1).where(lambda s: s > 0, 1), axis=0)
    share.index = [_id_label(d) for d in share.index]
    share.columns = [literal(c) for c in share.columns]
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 0.6 * len(share) + 1.8))
    palette = [c for i, c in enumerate(plt.cm.tab20.colors) if i not in (0, 1)]
    colors = ["#4c72b0"] + [palette[i % len(palette)] for i in range(len(share.columns) - 1)]
    share.iloc[::-1].plot.barh(stacked=True, ax=ax, color=colors, width=0.7)
    ax.set_title("What each source's text became: analysed sentences vs boilerplate by reason")
    ax.set_xlabel("share of the document's classified characters: sentences + boilerplate (%)")
    ax.set_ylabel("source (doc_id prefix)")
    ax.set_xlim(0, 100)
    ax.legend(title="text", bbox_to_anchor=(1.01, 1), loc="upper left", fontsize=8)
    ax.figure.tight_layout()
    return ax


def plot_document_sizes(corpus: Corpus, ax: plt.Axes | None = None) -> plt.Axes:
    """Bars of words and sentences per source."""
    docs = corpus.documents.set_index("doc_id")
    frame = pd.DataFrame({"words": docs.n_words, "sentences": docs.n_sentences})
    frame.index = [_id_label(d) for d in frame.index]
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.2))
    frame.words.plot.bar(ax=ax, color="#4c72b0", rot=0)
    ax.set_title("Size of each source (analysed text)")
    ax.set_xlabel("source (doc_id prefix)")
    ax.set_ylabel("words (count)")
    for i, (w, s) in enumerate(zip(frame.words, frame.sentences, strict=True)):
        ax.annotate(f"{s} sent.", (i, w), ha="center", va="bottom", fontsize=8)
    ax.figure.tight_layout()
    return ax


def plot_citation_density(table: pd.DataFrame, ax: plt.Axes | None = None) -> plt.Axes:
    """Grouped bars: specific citations vs vague appeals per 1,000 words, per source."""
    frame = table[["specific_per_1000_words", "vague_per_1000_words"]].copy()
    frame.columns = ["specific citations (reference, marker, URL)", "vague appeals"]
    frame.index = [_id_label(d) for d in frame.index]
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.6))
    frame.plot.bar(ax=ax, color=["#4c72b0", "#dd8452"], rot=0, width=0.75)
    ax.set_title("How pages back up what they say: specific citations vs vague appeals")
    ax.set_xlabel("source (doc_id prefix)")
    ax.set_ylabel("per 1,000 words of analysed text")
    ax.legend(fontsize=8)
    ax.figure.tight_layout()
    return ax


def _annotated_heatmap(table: pd.DataFrame, ax: plt.Axes, fmt: str, cmap: str,
                       unit: str) -> None:
    values = table.astype(float).to_numpy()
    image = ax.imshow(values, cmap=cmap, aspect="auto")
    ax.set_xticks(range(table.shape[1]), [literal(c) for c in table.columns], rotation=30,
                  ha="right")
    ax.set_yticks(range(table.shape[0]), [literal(i) for i in table.index])
    top = float(pd.Series(values.ravel()).max(skipna=True) or 1)
    _value_grid(ax, values, fmt, values / top)
    ax.figure.colorbar(image, ax=ax, fraction=0.04, pad=0.02, label=unit)


def _source_by_type_heatmap(table: pd.DataFrame, ax: plt.Axes | None, *, fmt: str, cmap: str,
                            unit: str, title: str) -> plt.Axes:
    """Heatmap with sources (doc_id prefixes) as rows and claim types as columns."""
    table = table.copy()
    table.index = [short_id(d) for d in table.index]
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 0.5 * len(table) + 2.2))
    _annotated_heatmap(table, ax, fmt, cmap, unit)
    ax.set_title(title)
    ax.set_xlabel("claim type (CODEBOOK.md)")
    ax.set_ylabel("source (doc_id prefix)")
    ax.figure.tight_layout()
    return ax


def plot_claim_profile(profile: pd.DataFrame, ax: plt.Axes | None = None) -> plt.Axes:
    """Heatmap: sentences claiming each type per 100 sentences, per source (values printed)."""
    return _source_by_type_heatmap(
        profile.drop(columns=["any_claim"], errors="ignore"), ax, fmt=".1f", cmap="Blues",
        unit="sentences per 100 sentences",
        title="Claim-type profile: sentences claiming each type per 100 sentences")


def plot_hedged_share(table: pd.DataFrame, ax: plt.Axes | None = None) -> plt.Axes:
    """Heatmap: share (%) of each source's claims of a type that are hedged (– = no claim)."""
    return _source_by_type_heatmap(
        table, ax, fmt=".0f", cmap="Oranges", unit="hedged claims (%)",
        title="Hedged vs assertive: share of claims that are hedged (%)")


def plot_type_confusion(table: pd.DataFrame, ax: plt.Axes | None = None) -> plt.Axes:
    """Heatmap of sentences: annotated type (rows) vs predicted type (columns), 'none' = no type."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 6))
    _annotated_heatmap(table, ax, ".0f", "Purples", "sentences (count)")
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


def _value_grid(ax: plt.Axes, values: np.ndarray, fmt: str, shade: np.ndarray,
                empty: str = "–") -> None:
    """Write every cell's value on a heatmap; white where the colour ``shade`` (0–1) is dark."""
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            v = values[i, j]
            text = empty if pd.isna(v) else format(v, fmt)
            dark = not pd.isna(shade[i, j]) and shade[i, j] > 0.6
            ax.text(j, i, text, ha="center", va="center", fontsize=8,
                    color="white" if dark else "black")


def plot_concept_matrix(table: pd.DataFrame, top: int = 30,
                        ax: plt.Axes | None = None) -> plt.Axes:
    """Heatmap of concept mentions (rows: the ``top`` concepts by number of sources, then
    mentions; columns: sources), counts written in the cells.

    ``table`` is :func:`claimscope.overlap.concept_table`.
    """
    docs = [c for c in table.columns if c not in ("category", "sources", "total")]
    shown = table.head(top)
    counts = shown[docs].to_numpy(dtype=float)
    if ax is None:
        _, ax = plt.subplots(figsize=(1.3 * len(docs) + 4.5, 0.28 * len(shown) + 1.8))
    norm = PowerNorm(gamma=0.5, vmin=0, vmax=max(float(counts.max()) if counts.size else 1, 1))
    image = ax.imshow(counts, cmap="Blues", aspect="auto", norm=norm)
    _value_grid(ax, counts, ".0f", np.asarray(norm(counts)))
    ax.set_xticks(range(len(docs)), [_id_label(d) for d in docs])
    ax.set_yticks(range(len(shown)), [literal(f"{c} ({cat})") for c, cat in
                                      zip(shown.index, shown.category, strict=True)], fontsize=8)
    ax.set_title(f"Concept mentions per source (top {len(shown)} concepts, shared ones first)")
    ax.set_xlabel("source (doc_id prefix)")
    ax.set_ylabel("concept (category)")
    ax.figure.colorbar(image, ax=ax, fraction=0.04, pad=0.02,
                       label="mentions (count; square-root colour scale)")
    ax.figure.tight_layout()
    return ax


def plot_overlap_heatmaps(matrices: dict[str, pd.DataFrame], titles: dict[str, str] | None = None,
                          ncols: int = 2) -> plt.Figure:
    """One heatmap per overlap measure, pairwise scores (0–1) written in the cells.

    ``matrices`` maps a measure name to :func:`claimscope.overlap.similarity_matrix`.
    """
    names = list(matrices)
    nrows = -(-len(names) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(5.2 * ncols, 4.6 * nrows), squeeze=False,
                             layout="constrained")
    image = None
    for ax, name in zip(axes.ravel(), names, strict=False):
        table = matrices[name]
        values = table.to_numpy(dtype=float)
        image = ax.imshow(values, cmap="YlGnBu", vmin=0, vmax=1)
        _value_grid(ax, values, ".2f", values)
        ax.set_xticks(range(table.shape[1]), [_id_label(d) for d in table.columns])
        ax.set_yticks(range(table.shape[0]), [_id_label(d) for d in table.index])
        ax.set_title(literal((titles or {}).get(name, name)), fontsize=10)
        ax.set_xlabel("source (doc_id prefix)")
        ax.set_ylabel("source (doc_id prefix)")
    for ax in axes.ravel()[len(names):]:
        ax.set_visible(False)
    if image is not None:
        fig.colorbar(image, ax=axes.ravel().tolist(), fraction=0.03, pad=0.02,
                     label="similarity (0 = nothing shared, 1 = identical)")
    fig.suptitle("Pairwise topic overlap between sources, by measure (diagonal left out)")
    return fig


def plot_topic_weights(weights: pd.DataFrame, ax: plt.Axes | None = None) -> plt.Axes:
    """Stacked bars: each source's share of every topic (NMF weights, summing to 1)."""
    frame = weights.copy()
    frame.index = [_id_label(d) for d in frame.index]
    frame.columns = [literal(c) for c in frame.columns]
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.6))
    (100 * frame).plot.bar(stacked=True, ax=ax, rot=0, width=0.7,
                           color=plt.cm.tab10.colors[: frame.shape[1]])
    ax.set_title("Topic mix of each source (NMF over sections)")
    ax.set_xlabel("source (doc_id prefix)")
    ax.set_ylabel("share of the source's topic weight (%)")
    ax.set_ylim(0, 100)
    ax.legend(title="topic", bbox_to_anchor=(1.01, 1), loc="upper left", fontsize=8)
    ax.figure.tight_layout()
    return ax
