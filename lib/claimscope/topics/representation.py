"""What a source is made of for overlap: concept counts, stemmed words, character n-grams.

>>> word_tokens("De patiënten kregen injecties", "nl", load_stopwords())
['patient', 'kreeg', 'injectie']
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import snowballstemmer
import yaml
from scipy import sparse
from sklearn.feature_extraction.text import (
    ENGLISH_STOP_WORDS,
    TfidfTransformer,
    TfidfVectorizer,
)

from claimscope.topics.crosslingual import bilingual_tokens, load_translations
from claimscope.topics.matcher import fold

MEASURES = ("concept_jaccard", "concept_cosine", "word_tfidf", "char_tfidf", "word_bilingual",
            "concept_char")
MEASURE_LABELS = {
    "concept_jaccard": "shared concepts (Jaccard)",
    "concept_cosine": "concept TF-IDF (cosine)",
    "word_tfidf": "word TF-IDF, stemmed (cosine)",
    "char_tfidf": "character 3–5-grams (cosine)",
    "word_bilingual": "words, nl→en table + cognates (cosine)",
    "concept_char": "concept TF-IDF + character n-grams (mean cosine)",
}
#: The measure ``neighbours`` results are read by first: the highest same-topic precision@1 on
#: the gold corpus's dev split (``claimscope.evaluation.topics.choose_measure``; a test checks it).
DEFAULT_MEASURE = "concept_cosine"
STEMMERS = {"nl": "dutch", "en": "english", "es": "spanish", "de": "german", "fr": "french"}
_WORD = re.compile(r"[^\W\d_]{2,}")



# inputs


@dataclass(frozen=True)
class Sources:
    """What the overlap measures read: per document its language and analysed text, and the
    concept rows (``doc_id, sent_id, concept, category``) and sentences (for topic units)."""

    docs: tuple[str, ...]
    languages: tuple[str, ...]
    texts: tuple[str, ...]
    concepts: pd.DataFrame
    sentences: pd.DataFrame | None = None

    @classmethod
    def from_corpus(cls, corpus) -> Sources:
        """Documents in ``doc_id`` order; text = the document's sentences (boilerplate left out)."""
        docs = corpus.documents.doc_id.tolist()
        lang = dict(zip(corpus.documents.doc_id, corpus.documents.language, strict=True))
        joined = corpus.sentences.groupby("doc_id", sort=False).text.agg("\n".join)
        return cls(tuple(docs), tuple(lang[d] for d in docs),
                   tuple(joined.get(d, "") for d in docs), corpus.concepts, corpus.sentences)


def as_sources(data) -> Sources:
    """A :class:`Sources` from a Corpus (or a Sources, returned as is)."""
    return data if isinstance(data, Sources) else Sources.from_corpus(data)


def default_stopwords_path() -> Path:
    """The stop-word file that ships with claimscope."""
    return Path(str(resources.files("claimscope") / "data" / "stopwords.yml"))


def load_stopwords(path: str | Path | None = None) -> dict[str, frozenset[str]]:
    """Stop words per language, folded (lower case, no diacritics).

    >>> sw = load_stopwords()
    >>> "het" in sw["nl"], "the" in sw["en"], "pijn" in sw["nl"]
    (True, True, False)
    """
    file = Path(path) if path is not None else default_stopwords_path()
    try:
        spec = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as err:
        raise ValueError(f"{file}: not valid YAML: {err}") from err
    words = {lang: {fold(str(w))[0] for w in items} for lang, items in spec.items()
             if isinstance(items, list)}
    if spec.get("sklearn_english"):
        words.setdefault("en", set()).update(ENGLISH_STOP_WORDS)
    return {lang: frozenset(ws) for lang, ws in words.items()}

# features


@dataclass(frozen=True)
class Features:
    """A sparse documents × features matrix with its row and column names."""

    matrix: sparse.csr_matrix
    docs: tuple[str, ...]
    names: tuple[str, ...]


class Stems:
    """Snowball stems per language, each distinct word stemmed once (the stemmers are pure
    Python; a corpus repeats its words, so the cache makes stemming cost per vocabulary)."""

    def __init__(self) -> None:
        self._stemmers: dict[str, object] = {}
        self._cache: dict[tuple[str, str], str] = {}

    def __call__(self, language: str, words: list[str]) -> list[str]:
        if language not in self._stemmers:
            name = STEMMERS.get(language)
            self._stemmers[language] = snowballstemmer.stemmer(name) if name else None
        stemmer = self._stemmers[language]
        if stemmer is None:
            return list(words)
        out = []
        for w in words:
            key = (language, w)
            stem = self._cache.get(key)
            if stem is None:
                stem = self._cache[key] = stemmer.stemWord(w)
            out.append(stem)
        return out


def word_tokens(text: str, language: str, stopwords: dict[str, frozenset[str]],
                stems: Stems | None = None, surfaces: dict[str, Counter] | None = None
                ) -> list[str]:
    """Folded, stop-word-free, stemmed word tokens of ``text`` in ``language``.

    ``surfaces``, when given, counts the folded word forms behind each stem (for labels).

    >>> word_tokens("De zenuwen en het zenuwstelsel", "nl", load_stopwords())
    ['zenuw', 'zenuwstel']
    """
    stop = stopwords.get(language) or frozenset().union(*stopwords.values())
    words = [w for w in _WORD.findall(fold(text)[0]) if w not in stop]
    stemmed = (stems or Stems())(language, words)
    if surfaces is not None:
        for word, stem in zip(words, stemmed, strict=True):
            surfaces.setdefault(stem, Counter())[word] += 1
    return stemmed


def bag_matrix(bags: dict, keys: Sequence) -> tuple[sparse.csr_matrix, list[str]]:
    """Rows ``keys`` × sorted terms: the counts of ``bags`` (key → Counter of terms)."""
    names = sorted({t for key in keys for t in bags.get(key, ())})
    index = {t: j for j, t in enumerate(names)}
    data, rows, cols = [], [], []
    for i, key in enumerate(keys):
        for term, n in bags.get(key, {}).items():
            data.append(float(n))
            rows.append(i)
            cols.append(index[term])
    return sparse.csr_matrix((data, (rows, cols)), shape=(len(keys), len(names))), names


def concept_bags(concepts: pd.DataFrame, keys: Sequence) -> dict:
    """key → Counter of concepts, for keys aligned with the rows of ``concepts``."""
    bags: dict = {}
    for key, concept in zip(keys, concepts.concept, strict=True):
        bags.setdefault(key, Counter())[concept] += 1
    return bags


def concept_counts(sources: Sources) -> Features:
    """Documents × concepts: how often each concept is mentioned."""
    docs = list(sources.docs)
    rows = sources.concepts[sources.concepts.doc_id.isin(set(docs))]
    matrix, names = bag_matrix(concept_bags(rows, rows.doc_id), docs)
    return Features(matrix, tuple(docs), tuple(names))


def features(sources, measure: str, stopwords: str | Path | None = None) -> Features:
    """The matrix a measure compares: binary concepts (Jaccard) or L2-normalised TF-IDF rows."""
    src = as_sources(sources)
    if measure == "concept_jaccard":
        counts = concept_counts(src)
        return Features((counts.matrix > 0).astype(float).tocsr(), counts.docs, counts.names)
    if measure == "concept_cosine":
        counts = concept_counts(src)
        if counts.matrix.shape[1] == 0:
            return counts
        tfidf = TfidfTransformer(sublinear_tf=True).fit_transform(counts.matrix)
        return Features(tfidf.tocsr(), counts.docs, counts.names)
    if measure == "word_tfidf":
        sw = load_stopwords(stopwords)
        stems = Stems()
        return _token_tfidf(src, [word_tokens(t, lang, sw, stems)
                                  for t, lang in zip(src.texts, src.languages, strict=True)])
    if measure == "char_tfidf":
        if not any(t.strip() for t in src.texts):
            return Features(sparse.csr_matrix((len(src.docs), 0)), src.docs, ())
        vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True,
                              preprocessor=lambda t: fold(t)[0])
        matrix = vec.fit_transform(list(src.texts))
        return Features(matrix.tocsr(), src.docs, tuple(vec.get_feature_names_out()))
    if measure == "word_bilingual":
        return _bilingual(src, stopwords)
    if measure == "concept_char":
        return _stacked(src, ("concept_cosine", "char_tfidf"), stopwords)
    raise ValueError(f"unknown measure {measure!r}; use one of {', '.join(MEASURES)}")


def _bilingual(src: Sources, stopwords: str | Path | None) -> Features:
    """TF-IDF of cognate keys, Dutch words translated by the shipped table first."""
    sw, table = load_stopwords(stopwords), load_translations()
    return _token_tfidf(src, [bilingual_tokens(t, lang, table, sw)
                              for t, lang in zip(src.texts, src.languages, strict=True)])


def _token_tfidf(src: Sources, tokens: list[list[str]]) -> Features:
    """Sublinear TF-IDF rows of pre-tokenised documents (no columns when every list is empty)."""
    if not any(tokens):
        return Features(sparse.csr_matrix((len(src.docs), 0)), src.docs, ())
    vec = TfidfVectorizer(analyzer=lambda toks: toks, sublinear_tf=True)
    matrix = vec.fit_transform(tokens)
    return Features(matrix.tocsr(), src.docs, tuple(vec.get_feature_names_out()))


def _stacked(src: Sources, parts: Sequence[str], stopwords: str | Path | None) -> Features:
    """Unit rows side by side, scaled so that a dot product is the mean of the parts' cosines
    (a document empty under one part keeps only the other parts' share)."""
    blocks, names = [], []
    for part in parts:
        f = features(src, part, stopwords)
        blocks.append(f.matrix / np.sqrt(len(parts)))
        names.extend(f"{part}:{n}" for n in f.names)
    return Features(sparse.hstack(blocks).tocsr(), src.docs, tuple(names))
