"""What is in a corpus: per-source facts, boilerplate by reason, section outlines.

Tables for ``notebooks/00_corpus_overview.ipynb``; all are plain DataFrames, sorted for stable
output.

>>> int(source_table(corpus).loc["002_0005004e530b3f38", "sentences"])
21
"""

from __future__ import annotations

import pandas as pd

from claimscope.corpus import Corpus
from claimscope.report.labels import shorten


def source_table(corpus: Corpus, labels: pd.Series | None = None) -> pd.DataFrame:
    """One row per loaded document: the figures' label (when ``labels`` is given), title (cut
    at 60 characters with "…"), language, date, size, structure, boilerplate share."""
    docs = corpus.documents.set_index("doc_id")
    table = pd.DataFrame({
        "title": docs.title.fillna("").map(lambda t: shorten(t, 60)),
        "language": docs.language,
        "date": docs.date.fillna("—"),
        "characters": docs.n_chars,
        "words": docs.n_words,
        "sentences": docs.n_sentences,
        "headings": docs.n_headings,
        "sections": docs.n_sections,
        "boilerplate_%": (100 * docs.boilerplate_share).round(1),
    })
    table.index.name = "doc_id"
    if labels is not None:
        table.insert(0, "label", labels.reindex(table.index))
    return table


def boilerplate_by_reason(corpus: Corpus) -> pd.DataFrame:
    """Characters of boilerplate per document (rows) and reason (columns), plus analysed text."""
    spans = corpus.boilerplate.assign(chars=corpus.boilerplate.end - corpus.boilerplate.start)
    table = spans.pivot_table(index="doc_id", columns="reason", values="chars", aggfunc="sum",
                              fill_value=0)
    table = table.reindex(corpus.documents.doc_id, fill_value=0)
    table = table.reindex(sorted(table.columns), axis=1)
    sentence_chars = (corpus.sentences.end - corpus.sentences.start).groupby(
        corpus.sentences.doc_id).sum()
    table.insert(0, "analysed_text", sentence_chars.reindex(table.index, fill_value=0))
    table.columns.name = None
    return table.astype("int64")


def boilerplate_sample(corpus: Corpus, per_reason: int = 1, width: int = 90) -> pd.DataFrame:
    """The first ``per_reason`` spans of each reason (corpus order), text cut to ``width``."""
    b = corpus.boilerplate.sort_values(["reason", "doc_id", "start"], kind="stable")
    sample = b.groupby("reason", sort=True).head(per_reason)
    text = sample.text.str.replace(r"\s+", " ", regex=True)
    short = text.where(text.str.len() <= width, text.str.slice(0, width - 1) + "…")
    return pd.DataFrame({"reason": sample.reason, "doc_id": sample.doc_id,
                         "start": sample.start, "end": sample.end,
                         "text": short}).reset_index(drop=True)


def outline(corpus: Corpus, doc_id: str, max_level: int = 6) -> list[str]:
    """The section outline of one document, indented by level (the preamble is skipped)."""
    secs = corpus.sections[(corpus.sections.doc_id == doc_id) & corpus.sections.heading.notna()]
    return ["  " * (int(r.level) - 1) + str(r.heading) for r in secs.itertuples()
            if r.level <= max_level]


def outlines(corpus: Corpus, max_docs: int = 5, max_level: int = 3) -> str:
    """The outlines of the first ``max_docs`` documents as text (and how many are left out).

    >>> print(outlines(corpus, max_docs=1, max_level=1))  # doctest: +ELLIPSIS
    000_aa4e54722d6168bb
        Wat is neuraaltherapie precies?
    <BLANKLINE>
    (the outlines of 4 more sources: overview.outline(corpus, doc_id))
    """
    lines = []
    ids = list(corpus.documents.doc_id)
    for doc_id in ids[:max_docs]:
        lines.append(doc_id)
        heads = outline(corpus, doc_id, max_level=max_level)
        lines += ["    " + h for h in heads] or ["    (no headings)"]
        lines.append("")
    if len(ids) > max_docs:
        lines.append(f"(the outlines of {len(ids) - max_docs} more sources: "
                     "overview.outline(corpus, doc_id))")
    return "\n".join(lines).rstrip()


def page_to_show(corpus: Corpus, max_words: int = 1500) -> str | None:
    """The document a notebook shows as a page view: of the documents up to ``max_words`` words
    (all, when none is that short), the one that shows most: claims, citations and concepts all
    present first, then the most of them per word (ties: corpus order); None for an empty corpus.

    >>> page_to_show(corpus)
    '000_aa4e54722d6168bb'
    """
    docs = corpus.documents.set_index("doc_id")
    if not len(docs):
        return None
    short = docs[docs.n_words <= max_words]
    pool = short if len(short) else docs
    frames = (corpus.claims, corpus.citations, corpus.concepts)
    counts = pd.DataFrame({i: f.doc_id.value_counts().reindex(pool.index, fill_value=0)
                           for i, f in enumerate(frames)}).fillna(0)
    rank = pd.DataFrame({"layers": (counts > 0).sum(axis=1),
                         "rate": counts.sum(axis=1) / pool.n_words.clip(lower=1)})
    rank = rank.sort_values(["layers", "rate"], ascending=False, kind="stable")
    return str(rank.index[0])


def language_mix(corpus: Corpus) -> pd.DataFrame:
    """Share (%) of each document's sentences per detected language."""
    mix = pd.crosstab(corpus.sentences.doc_id, corpus.sentences.language, normalize="index")
    return (100 * mix).round(1)


def describe(corpus: Corpus) -> str:
    """A few computed sentences about the corpus, for a notebook's narrative."""
    docs = corpus.documents
    langs = docs.language.value_counts().sort_index()
    lang_text = ", ".join(f"{n} in {lang}" for lang, n in langs.items())
    share = boilerplate_by_reason(corpus)
    total = int(share.to_numpy().sum())
    removed = total - int(share.analysed_text.sum())
    top = corpus.boilerplate.reason.value_counts()
    top_reason = f"; the most frequent reason is {top.index[0]} ({top.iloc[0]} spans)" if len(
        top) else ""
    dated = docs.date.notna().sum()
    biggest = docs.loc[docs.n_words.idxmax()] if len(docs) else None
    lines = [
        f"The corpus holds {len(docs)} documents ({lang_text}) with "
        f"{int(docs.n_words.sum()):,} words in {int(docs.n_sentences.sum()):,} sentences.",
        f"{100 * removed / total:.1f} % of the classified characters were set aside as "
        f"boilerplate in {len(corpus.boilerplate)} spans{top_reason}." if total else
        "No text was classified.",
        f"{dated} of {len(docs)} documents {'states' if dated == 1 else 'state'} a date of "
        "their own.",
    ]
    if biggest is not None:
        lines.append(f"The largest source, {biggest.doc_id}, holds "
                     f"{100 * biggest.n_words / docs.n_words.sum():.0f} % of all words.")
    problems = corpus.problems
    lines.append(f"{len(problems)} files could not be used." if len(problems) else
                 "Every file discovered was loaded.")
    return " ".join(lines)


def opening_sentences(corpus: Corpus, n: int = 2, width: int = 110) -> pd.DataFrame:
    """The first ``n`` non-heading sentences of each document (text cut to ``width``)."""
    body = corpus.sentences[~corpus.sentences.is_heading]
    first = body.groupby("doc_id", sort=True).head(n)
    text = first.text.str.replace(r"\s+", " ", regex=True)
    short = text.where(text.str.len() <= width, text.str.slice(0, width - 1) + "…")
    return pd.DataFrame({"doc_id": first.doc_id, "sent_id": first.sent_id,
                         "language": first.language, "text": short}).reset_index(drop=True)
