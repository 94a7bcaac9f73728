"""The claim model's features: word and character TF-IDF n-grams with a deterministic vocabulary,
codebook cue features and context features (where the sentence sits on its page).

Context features (``CONTEXT_FEATURES``) carry what the words of a sentence alone cannot: a list
item after a lead-in that ends with a colon takes the claim type of the lead-in (CODEBOOK: "List
items that complete a lead-in ..."), and the page's language shifts how much the cue words
count. They cost one look at the previous sentence of the same document.

>>> context_features(["Pijn", "Helpt."], ["nl", "en"], ["list_item", "paragraph"],
...                  ["Bijwerkingen zijn onder meer:", "Dit is een zin."]).tolist()
[[1.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
>>> previous_texts(["a", "a", "b"], ["Eén:", "Twee.", "Drie."])
['', 'Eén:', '']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy import sparse

from claimscope.claims.codebook import (
    Codebook,
    boosters_in,
    certainty_of,
    find_cues,
    is_question,
    load_codebook,  # noqa: F401 - used by the doctests
)
from claimscope.claims.vectorize import NgramCounter, l2_normalize, preprocess
from claimscope.schema import CLAIM_TYPES

MAX_CHARS = 1000
#: Settings of the text features; stored in every model file.
FEATURE_SETTINGS = {
    "max_chars": MAX_CHARS,
    "words": {"ngram_range": [1, 2], "min_df": 2, "max_features": None},
    "chars": {"ngram_range": [3, 5], "min_df": 2, "max_features": 6000},
}
CUE_FEATURES = tuple(f"cue_{t}" for t in CLAIM_TYPES) + ("hedge", "booster", "question")
#: Where the sentence sits: after a lead-in ending in ":", a list item after such a lead-in,
#: an English page (chosen on the gold corpus's dev split; unit kind alone, position, length
#: and the previous sentence's cues did not help there).
CONTEXT_FEATURES = ("after_colon", "list_item_after_colon", "language_en")


def previous_texts(doc_ids: Sequence[str], texts: Sequence[str]) -> list[str]:
    """The text of the previous sentence of the same document ("" for a document's first);
    rows must be in reading order within each document."""
    docs = list(doc_ids)
    if len(docs) != len(texts):
        raise ValueError(f"{len(docs)} doc_ids for {len(texts)} texts")
    return [texts[i - 1] if i and docs[i - 1] == docs[i] else "" for i in range(len(docs))]


def context_features(texts: Sequence[str], languages: Sequence[str],
                     units: Sequence[str] | None = None,
                     previous: Sequence[str] | None = None) -> np.ndarray:
    """Per sentence, the ``CONTEXT_FEATURES`` (0/1); ``units`` are the sentences' unit kinds
    (``sentences.unit``: paragraph, list_item, heading ...; default paragraph), ``previous`` the
    previous sentences' texts (default none)."""
    n = len(texts)
    units = list(units) if units is not None else ["paragraph"] * n
    previous = list(previous) if previous is not None else [""] * n
    rows = np.zeros((n, len(CONTEXT_FEATURES)))
    for i in range(n):
        after = previous[i].rstrip().endswith(":")
        rows[i, 0] = float(after)
        rows[i, 1] = float(after and units[i] == "list_item")
        rows[i, 2] = float(languages[i] == "en")
    return rows


def _cap(texts: Sequence[str]) -> list[str]:
    return [t[:MAX_CHARS] for t in texts]


_ANALYZER = {"words": "word", "chars": "char_wb"}


def _fitting_counter(kind: str):
    """scikit-learn's ``CountVectorizer`` that learns a vocabulary (fitting only; predicting
    counts with :class:`~claimscope.claims.vectorize.NgramCounter`, which gives the same
    counts)."""
    from sklearn.feature_extraction.text import CountVectorizer

    spec = FEATURE_SETTINGS[kind]
    return CountVectorizer(ngram_range=tuple(spec["ngram_range"]), strip_accents="unicode",
                           lowercase=True, dtype=np.float64, min_df=spec["min_df"],
                           analyzer=_ANALYZER[kind])


def select_vocabulary(counts: sparse.csr_matrix, terms: np.ndarray, limit: int | None
                      ) -> tuple[np.ndarray, np.ndarray]:
    """The ``limit`` most frequent terms (ties broken by the term: the same on every machine),
    in alphabetical order, and their column indices in ``counts``.

    >>> m = sparse.csr_matrix(np.array([[1., 1, 2], [0, 1, 2]]))
    >>> select_vocabulary(m, np.array(["b", "a", "c"]), 2)[0].tolist()
    ['a', 'c']
    """
    if limit is None or limit >= len(terms):
        keep = np.arange(len(terms))
    else:
        totals = np.asarray(counts.sum(axis=0)).ravel()
        keep = np.lexsort((terms, -totals))[:limit]
    keep = keep[np.argsort(terms[keep], kind="stable")]
    return terms[keep], keep


def _idf(counts: sparse.csr_matrix) -> np.ndarray:
    n = counts.shape[0]
    df = np.bincount(counts.indices, minlength=counts.shape[1]).astype(np.float64)
    return np.log((1.0 + n) / (1.0 + df)) + 1.0


def _tfidf(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    counts = counts.tocsr(copy=True)
    counts.data = 1.0 + np.log(counts.data)  # sublinear term frequency
    return l2_normalize(counts @ sparse.diags(idf))


def cue_evidence(text: str, language: str, book: Codebook) -> tuple[list, tuple, list]:
    """What the cue rules find in one sentence: its claim-type cues, its certainty
    (:func:`~claimscope.claims.codebook.certainty_of`) and its boosters. The classifier computes
    this once per sentence and passes it to :meth:`ClaimModel.featurise` (``evidence``), so the
    cue rules run once, not twice.

    >>> cues, (certainty, _), boosters = cue_evidence("Dit kan helpen.", "nl", load_codebook())
    >>> [c.label for c in cues], certainty, boosters
    (['efficacy'], 'hedged', [])
    """
    return (find_cues(text, language, book), certainty_of(text, language, book),
            boosters_in(text, language, book))


def cue_features(texts: Sequence[str], languages: Sequence[str], book: Codebook,
                 evidence: Sequence[tuple[list, bool, bool] | None] | None = None) -> np.ndarray:
    """Per sentence: codebook cue counts per type (capped at 3, scaled to 0–1), hedge, booster
    and question flags (``CUE_FEATURES``); ``evidence`` (from :func:`cue_evidence` on the same
    text) is used where given."""
    rows = np.zeros((len(texts), len(CUE_FEATURES)))
    for i, (text, language) in enumerate(zip(texts, languages, strict=True)):
        given = evidence[i] if evidence is not None else None
        cues, certainty, boosters = given if given is not None else \
            cue_evidence(text, language, book)
        for j, t in enumerate(CLAIM_TYPES):
            rows[i, j] = min(sum(c.label == t for c in cues), 3) / 3
        rows[i, -3] = float(certainty[0] == "hedged")
        rows[i, -2] = float(bool(boosters))
        rows[i, -1] = float(is_question(text, book))
    return rows


@dataclass(frozen=True)
class TextFeatures:
    """Fitted text features: word and character vocabularies with their IDF weights."""

    word_vocabulary: np.ndarray
    word_idf: np.ndarray
    char_vocabulary: np.ndarray
    char_idf: np.ndarray

    @cached_property
    def counters(self) -> dict[str, NgramCounter]:
        """One counter per kind with a non-empty vocabulary, built once: indexing a vocabulary
        of tens of thousands of n-grams on every document would cost more than counting a short
        page's sentences."""
        return {kind: NgramCounter(vocab, _ANALYZER[kind],
                                   tuple(FEATURE_SETTINGS[kind]["ngram_range"]))
                for kind, vocab in (("words", self.word_vocabulary),
                                    ("chars", self.char_vocabulary)) if len(vocab)}

    @property
    def n_features(self) -> int:
        return (len(self.word_vocabulary) + len(self.char_vocabulary) + len(CUE_FEATURES)
                + len(CONTEXT_FEATURES))

    @classmethod
    def fit(cls, texts: Sequence[str]) -> TextFeatures:
        """Learn vocabularies and IDF from training sentences."""
        capped = _cap(texts)
        parts = {}
        for kind in ("words", "chars"):
            counter = _fitting_counter(kind)
            counts = counter.fit_transform(capped).tocsr()
            terms = counter.get_feature_names_out().astype(str)
            vocab, keep = select_vocabulary(counts, terms, FEATURE_SETTINGS[kind]["max_features"])
            parts[kind] = (vocab, _idf(counts[:, keep]))
        return cls(parts["words"][0], parts["words"][1], parts["chars"][0], parts["chars"][1])

    def transform(self, texts: Sequence[str], languages: Sequence[str], book: Codebook,
                  evidence: Sequence | None = None, units: Sequence[str] | None = None,
                  previous: Sequence[str] | None = None) -> sparse.csr_matrix:
        """Sentences → [word TF-IDF | character TF-IDF | cue features | context] (sparse rows).

        ``evidence``: :func:`cue_evidence` of each full text, used where capping left the text
        whole (a capped text's cues are computed on the capped text, as in training);
        ``units``, ``previous``: as in :func:`context_features`."""
        capped = _cap(texts)
        folded = [preprocess(t) for t in capped]  # once for both kinds of n-gram
        if evidence is not None:
            evidence = [e if len(t) <= MAX_CHARS else None
                        for t, e in zip(texts, evidence, strict=True)]
        blocks = []
        for kind, vocab, idf in (("words", self.word_vocabulary, self.word_idf),
                                 ("chars", self.char_vocabulary, self.char_idf)):
            if len(vocab) == 0:
                blocks.append(sparse.csr_matrix((len(capped), 0)))
                continue
            blocks.append(_tfidf(self.counters[kind].transform(folded, preprocessed=True),
                                 idf))
        blocks.append(sparse.csr_matrix(cue_features(capped, languages, book, evidence)))
        blocks.append(sparse.csr_matrix(context_features(capped, languages, units, previous)))
        return sparse.hstack(blocks, format="csr")
