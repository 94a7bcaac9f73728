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

from claimscope.topics.matcher import fold
from claimscope.topics.representation import _WORD, Sources, Stems, as_sources, load_stopwords

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
