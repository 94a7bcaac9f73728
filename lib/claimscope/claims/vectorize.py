"""Counting a fixed vocabulary's n-grams without scikit-learn: what the claim model needs to
predict.

:class:`NgramCounter` gives the same matrix as scikit-learn's ``CountVectorizer(vocabulary=...,
lowercase=True, strip_accents="unicode", dtype=float64).transform`` for the two analyzers the
claim model uses (``word`` with the default token pattern, ``char_wb``), bit for bit
(``tests/test_vectorize.py`` checks it on every seed and gold sentence). Fitting still uses
scikit-learn (:meth:`~claimscope.claims.features.TextFeatures.fit`); predicting does not, so a
build (and each of its workers) no longer imports it (~0.5 s per process), and the text is
lower-cased and accent-stripped once for both analyzers instead of twice.

>>> counter = NgramCounter(["ab", "ab cd", "cd"], "word", (1, 2))
>>> counter.transform(["Ab cd CD", "x"]).toarray().tolist()
[[1.0, 1.0, 2.0], [0.0, 0.0, 0.0]]
>>> NgramCounter([" e ", "e", "é"], "char_wb", (1, 3)).transform(["e É"]).toarray().tolist()
[[2.0, 2.0, 0.0]]
>>> l2_normalize(sparse.csr_matrix(np.array([[3.0, 4.0], [0.0, 0.0]]))).toarray().tolist()
[[0.6, 0.8], [0.0, 0.0]]
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

import numpy as np
from scipy import sparse

#: scikit-learn's default ``token_pattern``.
TOKEN_PATTERN = re.compile(r"(?u)\b\w\w+\b")


def strip_accents(text: str) -> str:
    """scikit-learn's ``strip_accents_unicode``: NFKD, then drop combining marks (ASCII text
    is returned as it is).

    >>> strip_accents("Eén café")
    'Een cafe'
    """
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))


def preprocess(text: str) -> str:
    """Lower-case, then strip accents (scikit-learn's order)."""
    return strip_accents(text.lower())


def word_ngrams(text: str, ngram_range: tuple[int, int]) -> list[str]:
    """The word n-grams of preprocessed ``text``, as scikit-learn's ``word`` analyzer yields
    them (tokens of two or more word characters, joined by one space).

    >>> word_ngrams("dit helpt echt", (1, 2))
    ['dit', 'helpt', 'echt', 'dit helpt', 'helpt echt']
    """
    tokens = TOKEN_PATTERN.findall(text)
    low, high = ngram_range
    grams = list(tokens) if low == 1 else []
    for n in range(max(low, 2), min(high, len(tokens)) + 1):
        grams.extend(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
    return grams


def char_wb_ngrams(text: str, ngram_range: tuple[int, int]) -> list[str]:
    """The character n-grams inside word boundaries of preprocessed ``text``, as
    scikit-learn's ``char_wb`` analyzer yields them: each word padded with one space on either
    side; a padded word no longer than ``n`` gives itself once and no longer n-grams.

    >>> char_wb_ngrams("ab", (3, 5))
    [' ab', 'ab ', ' ab ']
    """
    low, high = ngram_range
    return [g for word in text.split() for g in _padded_ngrams(word, (low, high))]


def _padded_ngrams(word: str, ngram_range: tuple[int, int]) -> list[str]:
    padded = f" {word} "
    size = len(padded)
    grams: list[str] = []
    for n in range(ngram_range[0], ngram_range[1] + 1):
        if size <= n:
            grams.append(padded)
            break
        grams.extend([padded[i:i + n] for i in range(size - n + 1)])
    return grams


_ANALYZERS = {"word": word_ngrams, "char_wb": char_wb_ngrams}
#: Words whose char_wb columns a counter remembers (words repeat: most are looked up, not cut).
WORD_CACHE_SIZE = 200_000


class NgramCounter:
    """Counts of a fixed vocabulary's n-grams per text (a sparse float64 matrix, columns in
    vocabulary order, indices sorted within each row).

    Parameters
    ----------
    vocabulary : sequence of str
        The n-grams, one column each, in column order.
    analyzer : {"word", "char_wb"}
        How a text is cut into n-grams (scikit-learn's analyzers of that name).
    ngram_range : (int, int)
        The smallest and largest n.
    """

    def __init__(self, vocabulary: Sequence[str], analyzer: str,
                 ngram_range: tuple[int, int]) -> None:
        if analyzer not in _ANALYZERS:
            raise ValueError(f"analyzer {analyzer!r} is not one of {sorted(_ANALYZERS)}")
        self.columns = {str(term): i for i, term in enumerate(vocabulary)}
        if len(self.columns) != len(vocabulary):
            raise ValueError("the vocabulary has duplicate terms")
        # column + 1, so that filter(None, ...) drops the n-grams not in the vocabulary in C
        # (a term with two spaces in a row is no char_wb n-gram: it must count 0, not match a
        # candidate that spans two words)
        self._shifted = {term: i + 1 for term, i in self.columns.items()
                         if analyzer != "char_wb" or "  " not in term}
        self._words: dict[str, list[int]] = {}  # char_wb: word → its shifted columns
        self.analyzer = analyzer
        self.ngram_range = (int(ngram_range[0]), int(ngram_range[1]))

    def transform(self, texts: Iterable[str], preprocessed: bool = False) -> sparse.csr_matrix:
        """The count matrix of ``texts`` (``preprocessed``: already through
        :func:`preprocess`)."""
        shifted = self._shifted.get
        found: list[int] = []
        per_text: list[int] = []
        for text in texts:
            text = text if preprocessed else preprocess(text)
            before = len(found)
            if self.analyzer == "word":
                found.extend(filter(None, map(shifted, word_ngrams(text, self.ngram_range))))
            else:
                for word in text.split():
                    ids = self._words.get(word)
                    if ids is None:
                        if len(self._words) >= WORD_CACHE_SIZE:
                            self._words.clear()
                        ids = self._words[word] = list(filter(None, map(
                            shifted, _padded_ngrams(word, self.ngram_range))))
                    found.extend(ids)
            per_text.append(len(found) - before)
        columns = np.asarray(found, dtype=np.int64) - 1
        rows = np.repeat(np.arange(len(per_text)), per_text)
        counts = sparse.csr_matrix((np.ones(len(columns)), (rows, columns)),
                                   shape=(len(per_text), len(self.columns)))
        counts.sum_duplicates()  # sorted indices, one entry per n-gram: the counts
        return counts


def l2_normalize(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    """Each row divided by its Euclidean norm (rows of zeros stay zero): scikit-learn's
    ``normalize(matrix, norm="l2")`` for CSR input, summing each row's squares in index order
    as it does."""
    matrix = matrix.tocsr(copy=True)
    squares = matrix.copy()
    squares.data = squares.data * squares.data
    norms = np.sqrt(squares @ np.ones(matrix.shape[1]))
    norms[norms == 0.0] = 1.0
    matrix.data = matrix.data / np.repeat(norms, np.diff(matrix.indptr))
    return matrix
