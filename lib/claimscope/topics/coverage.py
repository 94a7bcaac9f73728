"""How much of a page the concept lexicon sees: the share of its content words inside concept
mentions.

A content word is a word token (two letters or more, no digits) of a sentence that is not a stop
word of the sentence's language (``claimscope/data/stopwords.yml``, compared folded). It is
covered when its span overlaps a row of ``corpus.concepts``. A low share says the lexicon is thin
for that page: its concept measures then rest on few mentions, and ``claimscope
suggest-concepts`` proposes terms to add.

>>> import pandas as pd
>>> sents = pd.DataFrame({"doc_id": ["d"], "sent_id": [0], "start": [0],
...                       "text": ["De rugpijn en de slaap"], "language": ["nl"]})
>>> spans = content_word_spans(sents)
>>> spans[["word", "start", "end"]].to_dict("list")
{'word': ['rugpijn', 'slaap'], 'start': [3, 17], 'end': [10, 22]}
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from claimscope.schema import TABLE_COLUMNS
from claimscope.topics.lexicon import fold
from claimscope.topics.representation import load_stopwords

_WORD = re.compile(r"[^\W\d_]{2,}")


def content_word_spans(sentences: pd.DataFrame, stopwords: str | Path | None = None
                       ) -> pd.DataFrame:
    """Every content word of ``sentences`` with its absolute span: columns ``doc_id, sent_id,
    word`` (folded), ``start, end`` (into ``corpus.text``), ``language``."""
    sw = load_stopwords(stopwords)
    every = frozenset().union(*sw.values()) if sw else frozenset()
    rows = []
    columns = [sentences[c] for c in ("doc_id", "sent_id", "start", "text", "language")]
    for doc_id, sent_id, start, text, language in zip(*columns, strict=True):
        stop = sw.get(language, every)
        folded, index = fold(text)
        for m in _WORD.finditer(folded):
            if m.group() in stop:
                continue
            s, e = (m.start(), m.end()) if index is None else (index[m.start()],
                                                                 index[m.end() - 1] + 1)
            rows.append((doc_id, int(sent_id), m.group(), int(start) + s, int(start) + e,
                         language))
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "word", "start", "end", "language"])


def overlaps(spans: pd.DataFrame, other: pd.DataFrame) -> np.ndarray:
    """For each row of ``spans`` (``doc_id, start, end``), whether a row of ``other`` in the
    same document overlaps it (shares at least one character). Sorted search, no pairs loop.

    >>> a = pd.DataFrame({"doc_id": ["d", "d", "e"], "start": [0, 10, 0], "end": [4, 12, 3]})
    >>> b = pd.DataFrame({"doc_id": ["d"], "start": [3], "end": [5]})
    >>> overlaps(a, b).tolist()
    [True, False, False]
    """
    words = spans.reset_index(drop=True)
    concepts = other
    out = np.zeros(len(words), dtype=bool)
    by_doc = {d: g for d, g in concepts.groupby("doc_id")}
    for doc, idx in words.groupby("doc_id").indices.items():
        rows = by_doc.get(doc)
        if rows is None:
            continue
        order = np.argsort(rows.start.to_numpy(), kind="stable")
        starts = rows.start.to_numpy()[order]
        ends = np.maximum.accumulate(rows.end.to_numpy()[order])
        w = words.iloc[idx]
        # the last mention starting before the word's end: covered when it ends after its start
        pos = np.searchsorted(starts, w.end.to_numpy(), side="left") - 1
        ok = pos >= 0
        out[idx[ok]] = ends[pos[ok]] > w.start.to_numpy()[ok]
    return out


def concept_coverage(corpus, stopwords: str | Path | None = None) -> pd.DataFrame:
    """Per page: content words, how many lie inside a concept mention, and the share.

    Parameters
    ----------
    corpus
        A :class:`~claimscope.corpus.Corpus` (its ``documents``, ``sentences``, ``concepts``).
    stopwords
        A stop-word file of your own (default: the shipped one).

    Returns
    -------
    pandas.DataFrame
        ``doc_id, language, content_words, covered_words, coverage`` (0–1; NaN for a page
        without content words), ``mentions, distinct_concepts``; one row per document, in
        ``doc_id`` order.

    Examples
    --------
    >>> table = concept_coverage(corpus)
    >>> len(table) == len(corpus.documents), bool(table.coverage.between(0, 1).all())
    (True, True)
    """
    words = content_word_spans(corpus.sentences, stopwords)
    words["covered"] = overlaps(words, corpus.concepts)
    docs = corpus.documents[["doc_id", "language"]].sort_values("doc_id").set_index("doc_id")
    per = words.groupby("doc_id").agg(content_words=("word", "size"),
                                      covered_words=("covered", "sum"))
    mentions = corpus.concepts.groupby("doc_id").agg(mentions=("concept", "size"),
                                                     distinct_concepts=("concept", "nunique"))
    out = docs.join(per).join(mentions).fillna(0)
    counts = ["content_words", "covered_words", "mentions", "distinct_concepts"]
    out[counts] = out[counts].astype("int64")
    with np.errstate(invalid="ignore", divide="ignore"):
        out["coverage"] = np.where(out.content_words > 0,
                                   out.covered_words / out.content_words.where(
                                       out.content_words > 0, 1), np.nan)
    return out.reset_index()[list(TABLE_COLUMNS["coverage"])]


def uncovered_words(corpus, top: int = 20, stopwords: str | Path | None = None
                    ) -> pd.DataFrame:
    """The content words no concept mention covers, per language, by the number of pages that
    use them (then by count): where the lexicon is thin.

    >>> uncovered_words(corpus, top=3).columns.tolist()
    ['language', 'word', 'documents', 'count']
    """
    words = content_word_spans(corpus.sentences, stopwords)
    words = words[~overlaps(words, corpus.concepts)]
    table = words.groupby(["language", "word"]).agg(documents=("doc_id", "nunique"),
                                                    count=("doc_id", "size")).reset_index()
    table = table.sort_values(["language", "documents", "count", "word"],
                              ascending=[True, False, False, True], kind="stable")
    return table.groupby("language", sort=True).head(top).reset_index(drop=True)
