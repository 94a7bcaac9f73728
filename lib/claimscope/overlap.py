"""Topic overlap between sources: concept sets, word and character TF-IDF, NMF topics.

Everything is sparse: documents × features matrices, and nearest neighbours found block by
block (:func:`top_k_similar`), so tens of thousands of documents never need a dense all-pairs
matrix. :func:`similarity_matrix` gives the full matrix only for a handful of documents (the
heatmaps). Measures:

- ``concept_jaccard``: |shared concepts| / |concepts of either| (language-independent);
- ``concept_cosine``: cosine of TF-IDF-weighted concept counts (language-independent);
- ``word_tfidf``: cosine of word TF-IDF (stop words removed, Snowball stems per document
  language); documents in different languages share almost no words, so it is near zero;
- ``char_tfidf``: cosine of character 3–5-gram TF-IDF, a check that sees shared word forms
  (procaine, fibromyalgi-) across languages.

>>> import claimscope as cs
>>> corpus = cs.load_corpus("seeds")                                       # doctest: +SKIP
>>> neighbours(corpus, k=1, measures=["concept_jaccard"]).iloc[0].tolist()  # doctest: +SKIP
['000_aa4e54722d6168bb', '004_4b71cad2ac6b4f72', 'concept_jaccard', 0.2..., 1, False]
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
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import (
    ENGLISH_STOP_WORDS,
    TfidfTransformer,
    TfidfVectorizer,
)

from claimscope.concepts import fold

MEASURES = ("concept_jaccard", "concept_cosine", "word_tfidf", "char_tfidf")
MEASURE_LABELS = {
    "concept_jaccard": "shared concepts (Jaccard)",
    "concept_cosine": "concept TF-IDF (cosine)",
    "word_tfidf": "word TF-IDF, stemmed (cosine)",
    "char_tfidf": "character 3–5-grams (cosine)",
}
STEMMERS = {"nl": "dutch", "en": "english", "es": "spanish", "de": "german", "fr": "french"}
_WORD = re.compile(r"[^\W\d_]{2,}")


# ---------------------------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------------------------
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
                stems: Stems | None = None) -> list[str]:
    """Folded, stop-word-free, stemmed word tokens of ``text`` in ``language``.

    >>> word_tokens("De zenuwen en het zenuwstelsel", "nl", load_stopwords())
    ['zenuw', 'zenuwstel']
    """
    stop = stopwords.get(language) or frozenset().union(*stopwords.values())
    words = [w for w in _WORD.findall(fold(text)[0]) if w not in stop]
    return (stems or Stems())(language, words)


def concept_counts(sources: Sources) -> Features:
    """Documents × concepts: how often each concept is mentioned."""
    docs = list(sources.docs)
    rows = sources.concepts[sources.concepts.doc_id.isin(set(docs))]
    names = sorted(rows.concept.unique())
    if rows.empty:
        return Features(sparse.csr_matrix((len(docs), 0)), tuple(docs), ())
    counts = rows.groupby(["doc_id", "concept"]).size()
    d_idx = {d: i for i, d in enumerate(docs)}
    c_idx = {c: j for j, c in enumerate(names)}
    matrix = sparse.csr_matrix(
        (counts.to_numpy(dtype=float),
         ([d_idx[d] for d, _ in counts.index], [c_idx[c] for _, c in counts.index])),
        shape=(len(docs), len(names)))
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
        tokens = [word_tokens(t, lang, sw, stems)
                  for t, lang in zip(src.texts, src.languages, strict=True)]
        if not any(tokens):
            return Features(sparse.csr_matrix((len(src.docs), 0)), src.docs, ())
        vec = TfidfVectorizer(analyzer=lambda toks: toks, sublinear_tf=True)
        matrix = vec.fit_transform(tokens)
        return Features(matrix.tocsr(), src.docs, tuple(vec.get_feature_names_out()))
    if measure == "char_tfidf":
        if not any(t.strip() for t in src.texts):
            return Features(sparse.csr_matrix((len(src.docs), 0)), src.docs, ())
        vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True,
                              preprocessor=lambda t: fold(t)[0])
        matrix = vec.fit_transform(list(src.texts))
        return Features(matrix.tocsr(), src.docs, tuple(vec.get_feature_names_out()))
    raise ValueError(f"unknown measure {measure!r}; use one of {', '.join(MEASURES)}")


# ---------------------------------------------------------------------------------------------
# similarity: top-k neighbours (scalable) and small full matrices (heatmaps)


def _scores(block: sparse.csr_matrix, rows: np.ndarray, sizes: np.ndarray | None,
            i: int) -> tuple[np.ndarray, np.ndarray]:
    start, end = block.indptr[i], block.indptr[i + 1]
    cols = block.indices[start:end]
    vals = block.data[start:end]
    if sizes is not None:  # Jaccard from intersection sizes
        vals = vals / (sizes[rows[i]] + sizes[cols] - vals)
    return cols, vals


def top_k_similar(matrix: sparse.spmatrix, k: int, kind: str = "cosine",
                  max_cells: int = 4_000_000) -> pd.DataFrame:
    """Each row's ``k`` most similar other rows: columns ``a, b, score, rank`` (row indices).

    ``kind="cosine"`` expects L2-normalised rows (dot product = cosine); ``kind="jaccard"``
    binary rows. The product is computed block by block (at most ``max_cells`` product cells
    per block) and stays sparse; only pairs with a score above 0 are returned; ties go to the
    lower row index, so the result is deterministic.

    >>> m = sparse.csr_matrix(np.array([[1, 1, 0], [1, 0, 0], [0, 0, 1]], dtype=float))
    >>> top_k_similar(m, 1, kind="jaccard").to_dict("list")
    {'a': [0, 1], 'b': [1, 0], 'score': [0.5, 0.5], 'rank': [1, 1]}
    """
    if kind not in ("cosine", "jaccard"):
        raise ValueError(f"kind must be 'cosine' or 'jaccard', not {kind!r}")
    x = sparse.csr_matrix(matrix, dtype=np.float64)
    if kind == "jaccard":
        x.data[:] = 1.0
    n = x.shape[0]
    sizes = np.asarray(x.sum(axis=1)).ravel() if kind == "jaccard" else None
    xt = x.T.tocsc()
    step = max(1, max_cells // max(n, 1))
    out_a, out_b, out_s, out_r = [], [], [], []
    for first in range(0, n, step):
        rows = np.arange(first, min(first + step, n))
        block = (x[rows] @ xt).tocsr()
        block.sort_indices()
        for i in range(len(rows)):
            cols, vals = _scores(block, rows, sizes, i)
            keep = (cols != rows[i]) & (vals > 1e-12)
            cols, vals = cols[keep], vals[keep]
            if len(cols) > k:  # cheap pre-selection, ties kept, then an exact ordering
                cut = np.partition(vals, len(vals) - k)[len(vals) - k]
                sel = vals >= cut
                cols, vals = cols[sel], vals[sel]
            order = np.lexsort((cols, -vals))[:k]
            out_a.append(np.full(len(order), rows[i]))
            out_b.append(cols[order])
            out_s.append(vals[order])
            out_r.append(np.arange(1, len(order) + 1))
    if not out_a:
        return pd.DataFrame({"a": [], "b": [], "score": [], "rank": []}).astype(
            {"a": "int64", "b": "int64", "score": "float64", "rank": "int64"})
    return pd.DataFrame({"a": np.concatenate(out_a).astype("int64"),
                         "b": np.concatenate(out_b).astype("int64"),
                         "score": np.concatenate(out_s).astype("float64"),
                         "rank": np.concatenate(out_r).astype("int64")})


def _kind(measure: str) -> str:
    return "jaccard" if measure == "concept_jaccard" else "cosine"


def neighbours(sources, k: int = 5, measures: Sequence[str] = MEASURES,
               stopwords: str | Path | None = None, decimals: int | None = 4) -> pd.DataFrame:
    """Long format: for every document its ``k`` nearest other documents under each measure.

    Columns ``doc_a, doc_b, measure, score, rank, same_language``; pairs scoring 0 are left out.
    """
    src = as_sources(sources)
    lang = dict(zip(src.docs, src.languages, strict=True))
    frames = []
    for measure in measures:
        feats = features(src, measure, stopwords)
        pairs = top_k_similar(feats.matrix, k, _kind(measure))
        docs = np.array(feats.docs, dtype=object)
        frame = pd.DataFrame({"doc_a": docs[pairs.a.to_numpy()] if len(pairs) else [],
                              "doc_b": docs[pairs.b.to_numpy()] if len(pairs) else [],
                              "measure": measure, "score": pairs.score, "rank": pairs["rank"]})
        frames.append(frame)
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["doc_a", "doc_b", "measure", "score", "rank"])
    out["same_language"] = [lang[a] == lang[b] for a, b in zip(out.doc_a, out.doc_b,
                                                                  strict=True)]
    if decimals is not None:
        out["score"] = out.score.round(decimals)
    return out.astype({"doc_a": "str", "doc_b": "str", "measure": "str", "score": "float64",
                       "rank": "int64", "same_language": "bool"})


def similarity_matrix(sources, measure: str, docs: Sequence[str] | None = None,
                      stopwords: str | Path | None = None, max_docs: int = 60) -> pd.DataFrame:
    """The full pairwise matrix for a handful of documents (diagonal left empty).

    For many documents use :func:`neighbours`; this refuses more than ``max_docs``.
    """
    src = as_sources(sources)
    feats = features(src, measure, stopwords)
    chosen = list(docs) if docs is not None else list(feats.docs)
    if len(chosen) > max_docs:
        raise ValueError(f"{len(chosen)} documents: a full matrix is for at most {max_docs}; "
                         "use neighbours(...) for top-k pairs on large corpora")
    index = {d: i for i, d in enumerate(feats.docs)}
    x = feats.matrix[[index[d] for d in chosen]]
    dense = (x @ x.T).toarray()
    if measure == "concept_jaccard":
        sizes = np.diag(dense).copy()
        union = sizes[:, None] + sizes[None, :] - dense
        with np.errstate(invalid="ignore", divide="ignore"):
            dense = np.where(union > 0, dense / union, np.nan)
    np.fill_diagonal(dense, np.nan)
    return pd.DataFrame(dense, index=pd.Index(chosen, name="doc_a"),
                        columns=pd.Index(chosen, name="doc_b"))


def pair_table(sources, matrices: dict[str, pd.DataFrame], decimals: int = 3) -> pd.DataFrame:
    """One row per pair of documents (``doc_a`` before ``doc_b``): the score under every
    measure in ``matrices`` (from :func:`similarity_matrix`) and whether the languages match."""
    src = as_sources(sources)
    lang = dict(zip(src.docs, src.languages, strict=True))
    first = next(iter(matrices.values()))
    docs = list(first.index)
    rows = []
    for i, a in enumerate(docs):
        for b in docs[i + 1:]:
            row = {"doc_a": a, "doc_b": b, "languages": f"{lang[a]}–{lang[b]}",
                   "same_language": lang[a] == lang[b]}
            row.update({m: round(float(t.loc[a, b]), decimals) for m, t in matrices.items()})
            rows.append(row)
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------
# what sources share


def concept_table(sources, categories: bool = True) -> pd.DataFrame:
    """Concepts × documents mention counts (0 where absent), most mentioned first; with the
    concept's ``category`` and the number of ``sources`` mentioning it."""
    src = as_sources(sources)
    counts = concept_counts(src)
    table = pd.DataFrame(counts.matrix.toarray().T.astype("int64"),
                         index=pd.Index(counts.names, name="concept"), columns=list(counts.docs))
    table["sources"] = (table[list(counts.docs)] > 0).sum(axis=1)
    table["total"] = table[list(counts.docs)].sum(axis=1)
    if categories:
        cat = src.concepts.drop_duplicates("concept").set_index("concept").category
        table.insert(0, "category", cat.reindex(table.index).astype("str"))
    return table.sort_values(["sources", "total"], ascending=False, kind="stable")


def cross_language_finding(sources, matrices: dict[str, pd.DataFrame],
                           by: str = "concept_cosine", top: int = 10) -> dict | None:
    """The pair of documents in different languages that overlaps most under ``by``: its score
    and rank among all pairs under every measure, and the concepts the two share (most
    mentioned in both first). None when all documents share one language."""
    src = as_sources(sources)
    pairs = pair_table(src, matrices, decimals=6)
    cross = pairs[~pairs.same_language]
    if cross.empty:
        return None
    best = cross.sort_values([by, "doc_a", "doc_b"], ascending=[False, True, True]).iloc[0]
    ranks = {m: int((pairs[m] > best[m]).sum()) + 1 for m in matrices}
    shared = shared_concepts(src, [best.doc_a, best.doc_b])
    return {"doc_a": best.doc_a, "doc_b": best.doc_b, "languages": best.languages,
            "scores": {m: round(float(best[m]), 3) for m in matrices}, "ranks": ranks,
            "pairs": len(pairs), "n_shared": len(shared),
            "shared": shared.index[:top].tolist()}


def concept_summary(sources) -> pd.DataFrame:
    """Per document: language, concept mentions, distinct concepts, mentions per category."""
    src = as_sources(sources)
    rows = src.concepts[src.concepts.doc_id.isin(set(src.docs))]
    per_cat = pd.crosstab(rows.doc_id, rows.category).reindex(list(src.docs)).fillna(0)
    out = pd.DataFrame({"language": list(src.languages),
                        "mentions": rows.groupby("doc_id").size().reindex(list(src.docs)),
                        "distinct_concepts": rows.groupby("doc_id").concept.nunique()
                        .reindex(list(src.docs))}, index=pd.Index(list(src.docs), name="doc_id"))
    out = out.fillna(0).astype({"mentions": "int64", "distinct_concepts": "int64"})
    return out.join(per_cat.astype("int64"))


def shared_concepts(sources, docs: Sequence[str] | None = None) -> pd.DataFrame:
    """Concepts mentioned by every one of ``docs`` (default: all), with the counts per source."""
    src = as_sources(sources)
    chosen = list(docs) if docs is not None else list(src.docs)
    table = concept_table(src)
    mask = (table[chosen] > 0).all(axis=1)
    out = table.loc[mask, ["category", *chosen]].copy()
    out["least"] = out[chosen].min(axis=1)
    return out.sort_values(["least", *chosen], ascending=False, kind="stable")


def unique_concepts(sources, top: int = 5) -> pd.DataFrame:
    """Per document, the concepts no other document mentions (most mentioned first)."""
    src = as_sources(sources)
    table = concept_table(src)
    only = table[table.sources == 1]
    rows = []
    for doc in src.docs:
        mine = only[only[doc] > 0].sort_values(doc, ascending=False, kind="stable")
        rows.append({"doc_id": doc, "n_unique": len(mine),
                     "top_unique": ", ".join(f"{c} ({n})" for c, n in mine[doc].head(top).items())})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------
# topics


@dataclass
class Topics:
    """An NMF topic model: top terms per topic and each source's topic weights (shares)."""

    terms: pd.DataFrame        # topic, label, terms (top terms with weights)
    source_weights: pd.DataFrame  # doc × topic label, shares summing to 1 per document
    units: int
    features: str


def _unit_of(src: Sources, unit: str) -> pd.Series:
    """(doc_id, sent_id) → the id of the unit (section or sentence) the sentence belongs to."""
    if src.sentences is None:
        raise ValueError("topics need the sentences (build Sources.from_corpus)")
    if unit not in ("section", "sentence"):
        raise ValueError(f"unit must be 'section' or 'sentence', not {unit!r}")
    key = "section_id" if unit == "section" else "sent_id"
    sents = src.sentences
    return pd.Series(sents[key].to_numpy(),
                     index=pd.MultiIndex.from_arrays([sents.doc_id, sents.sent_id]))


def topics(sources, n_topics: int = 4, unit: str = "section", feature: str = "concepts",
           top_n: int = 6, stopwords: str | Path | None = None,
           random_state: int = 0) -> Topics:
    """NMF topics over sections (or sentences) of every source, deterministic.

    ``feature="concepts"`` models concept counts (language-independent, so a Dutch and an
    English page can share a topic); ``"words"`` models stemmed word TF-IDF.
    """
    src = as_sources(sources)
    unit_of = _unit_of(src, unit)
    if feature == "concepts":
        rows = src.concepts[src.concepts.doc_id.isin(set(src.docs))]
        unit_ids = unit_of.reindex(pd.MultiIndex.from_arrays([rows.doc_id, rows.sent_id]))
        ids = list(zip(rows.doc_id, unit_ids.astype("int64").tolist(), strict=True))
        bags: dict[tuple[str, int], Counter] = {}
        for uid, concept in zip(ids, rows.concept, strict=True):
            bags.setdefault(uid, Counter())[concept] += 1
        keys = sorted(bags)
        names = sorted({c for b in bags.values() for c in b})
        c_idx = {c: j for j, c in enumerate(names)}
        data, ri, ci = [], [], []
        for i, uid in enumerate(keys):
            for c, n in bags[uid].items():
                data.append(n)
                ri.append(i)
                ci.append(c_idx[c])
        counts = sparse.csr_matrix((data, (ri, ci)), shape=(len(keys), len(names)))
        x = TfidfTransformer(sublinear_tf=True).fit_transform(counts)
        display = names
    elif feature == "words":
        sw = load_stopwords(stopwords)
        stem = Stems()
        sents = src.sentences[src.sentences.doc_id.isin(set(src.docs))]
        surface: dict[str, Counter] = {}
        bags_w: dict[tuple[str, int], list[str]] = {}
        for doc, sid, text, lang in sents[["doc_id", "sent_id", "text", "language"]].itertuples(
                index=False):
            uid = (doc, int(unit_of[(doc, sid)]))
            raw = [w for w in _WORD.findall(fold(text)[0])
                   if w not in (sw.get(lang) or frozenset().union(*sw.values()))]
            stems = stem(lang, raw)
            for r, s in zip(raw, stems, strict=True):
                surface.setdefault(s, Counter())[r] += 1
            bags_w.setdefault(uid, []).extend(stems)
        keys = sorted(bags_w)
        vec = TfidfVectorizer(analyzer=lambda toks: toks, sublinear_tf=True, min_df=2)
        x = vec.fit_transform([bags_w[k] for k in keys])
        names = list(vec.get_feature_names_out())
        display = [surface[s].most_common(1)[0][0] for s in names]
    else:
        raise ValueError(f"feature must be 'concepts' or 'words', not {feature!r}")
    n = max(1, min(n_topics, x.shape[0], x.shape[1]))
    model = NMF(n_components=n, init="nndsvda", random_state=random_state, max_iter=2000)
    w = model.fit_transform(x)
    h = model.components_
    term_rows = []
    labels = []
    for t in range(n):
        order = np.lexsort((np.arange(h.shape[1]), -h[t]))[:top_n]
        order = [j for j in order if h[t, j] > 0]
        label = f"T{t + 1}: " + ", ".join(display[j] for j in order[:2])
        labels.append(label)
        term_rows.append({"topic": t + 1, "label": label,
                          "top_terms": ", ".join(f"{display[j]} ({h[t, j]:.2f})" for j in order)})
    weights = pd.DataFrame(w, index=pd.MultiIndex.from_tuples(keys, names=["doc_id", unit]),
                           columns=labels).groupby(level="doc_id").sum()
    weights = weights.reindex(list(src.docs)).fillna(0.0)
    totals = weights.sum(axis=1).replace(0, np.nan)
    shares = weights.div(totals, axis=0).fillna(0.0).round(3)
    return Topics(pd.DataFrame(term_rows), shares, len(keys), feature)
