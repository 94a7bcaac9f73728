"""Topics: NMF over sections (or documents), on concepts or stemmed words, with a fixed seed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import (
    TfidfTransformer,
    TfidfVectorizer,
)

from claimscope.topics.representation import (
    Sources,
    Stems,
    as_sources,
    bag_matrix,
    concept_bags,
    load_stopwords,
    word_tokens,
)


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


def _concept_units(src: Sources, unit_of: pd.Series) -> tuple[sparse.csr_matrix, list, list]:
    rows = src.concepts[src.concepts.doc_id.isin(set(src.docs))]
    unit_ids = unit_of.reindex(pd.MultiIndex.from_arrays([rows.doc_id, rows.sent_id]))
    ids = list(zip(rows.doc_id, unit_ids.astype("int64").tolist(), strict=True))
    bags = concept_bags(rows, ids)
    keys = sorted(bags)
    counts, names = bag_matrix(bags, keys)
    return TfidfTransformer(sublinear_tf=True).fit_transform(counts), keys, names


def _word_units(src: Sources, unit_of: pd.Series, stopwords) -> tuple[sparse.csr_matrix, list,
                                                                       list]:
    sw = load_stopwords(stopwords)
    stems = Stems()
    surfaces: dict[str, Counter] = {}
    bags: dict[tuple[str, int], list[str]] = {}
    sents = src.sentences[src.sentences.doc_id.isin(set(src.docs))]
    for doc, sid, text, lang in sents[["doc_id", "sent_id", "text", "language"]].itertuples(
            index=False):
        uid = (doc, int(unit_of[(doc, sid)]))
        bags.setdefault(uid, []).extend(word_tokens(text, lang, sw, stems, surfaces))
    keys = sorted(bags)
    vec = TfidfVectorizer(analyzer=lambda toks: toks, sublinear_tf=True, min_df=2)
    x = vec.fit_transform([bags[k] for k in keys])
    names = [surfaces[s].most_common(1)[0][0] for s in vec.get_feature_names_out()]
    return x, keys, names


def _topic_terms(h: np.ndarray, display: list[str], top_n: int) -> tuple[list[str], list[dict]]:
    labels, rows = [], []
    for t in range(h.shape[0]):
        order = np.lexsort((np.arange(h.shape[1]), -h[t]))[:top_n]
        order = [j for j in order if h[t, j] > 0]
        label = f"T{t + 1}: " + ", ".join(display[j] for j in order[:2])
        labels.append(label)
        rows.append({"topic": t + 1, "label": label,
                     "top_terms": ", ".join(f"{display[j]} ({h[t, j]:.2f})" for j in order)})
    return labels, rows


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
        x, keys, display = _concept_units(src, unit_of)
    elif feature == "words":
        x, keys, display = _word_units(src, unit_of, stopwords)
    else:
        raise ValueError(f"feature must be 'concepts' or 'words', not {feature!r}")
    n = max(1, min(n_topics, x.shape[0], x.shape[1]))
    model = NMF(n_components=n, init="nndsvda", random_state=random_state, max_iter=2000)
    w = model.fit_transform(x)
    labels, term_rows = _topic_terms(model.components_, display, top_n)
    weights = pd.DataFrame(w, index=pd.MultiIndex.from_tuples(keys, names=["doc_id", unit]),
                           columns=labels).groupby(level="doc_id").sum()
    weights = weights.reindex(list(src.docs)).fillna(0.0)
    totals = weights.sum(axis=1).replace(0, np.nan)
    shares = weights.div(totals, axis=0).fillna(0.0).round(3)
    return Topics(pd.DataFrame(term_rows), shares, len(keys), feature)
