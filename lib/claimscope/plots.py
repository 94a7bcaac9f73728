"""Figures for the notebooks (matplotlib; titles, axis labels and units on every one)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from claimscope.corpus import Corpus
from claimscope.overview import boilerplate_by_reason


def short_id(doc_id: str) -> str:
    """'000_aa4e54722d6168bb' → '000'; other ids are cut to 18 characters for axis labels."""
    head = doc_id.split("_", 1)[0]
    return head if head.isdigit() else doc_id[:18]


def plot_boilerplate_share(corpus: Corpus, ax: plt.Axes | None = None) -> plt.Axes:
    """Stacked horizontal bars: share (%) of each document's characters by what became of them."""
    table = boilerplate_by_reason(corpus)
    share = 100 * table.div(table.sum(axis=1).where(lambda s: s > 0, 1), axis=0)
    share.index = [short_id(d) for d in share.index]
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
    frame.index = [short_id(d) for d in frame.index]
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
    frame.index = [short_id(d) for d in frame.index]
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.6))
    frame.plot.bar(ax=ax, color=["#4c72b0", "#dd8452"], rot=0, width=0.75)
    ax.set_title("How pages back up what they say: specific citations vs vague appeals")
    ax.set_xlabel("source (doc_id prefix)")
    ax.set_ylabel("per 1,000 words of analysed text")
    ax.legend(fontsize=8)
    ax.figure.tight_layout()
    return ax
