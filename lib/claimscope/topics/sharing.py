"""What sources share: concept tables, shared and unique concepts, the cross-language finding."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from claimscope.topics.pairs import Overlap, rank_among_pairs
from claimscope.topics.representation import as_sources, concept_counts
from claimscope.topics.similarity import pair_table

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


def cross_language_finding(sources, overlap: Overlap | dict[str, pd.DataFrame],
                           by: str = "concept_cosine", top: int = 10,
                           stopwords: str | Path | None = None) -> dict | None:
    """The pair of documents in different languages that overlaps most under ``by``: its score
    and rank among all pairs under every measure, and the concepts the two share (most
    mentioned in both first). None when all documents share one language.

    ``overlap`` is :func:`~claimscope.topics.pairs.overlap` (any corpus size; its closest
    pairs include every source's nearest source in another language, so the best pair across
    languages is always among them) or a dict of full matrices; ``stopwords`` must be the file
    the overlap was computed with (ranks in a large corpus are counted from the features).
    """
    src = as_sources(sources)
    if not isinstance(overlap, Overlap):
        overlap = Overlap(pair_table(src, overlap, decimals=6), overlap, len(src.docs))
    pairs = overlap.pairs
    measures = [c for c in pairs.columns if c not in ("doc_a", "doc_b", "languages",
                                                      "same_language")]
    cross = pairs[~pairs.same_language]
    if cross.empty:
        return None
    best = cross.sort_values([by, "doc_a", "doc_b"], ascending=[False, True, True]).iloc[0]
    ranks = {m: rank_among_pairs(src, overlap, m, float(best[m]), stopwords) for m in measures}
    shared = shared_concepts(src, [best.doc_a, best.doc_b])
    return {"doc_a": best.doc_a, "doc_b": best.doc_b, "languages": best.languages,
            "scores": {m: round(float(best[m]), 3) for m in measures}, "ranks": ranks,
            "pairs": overlap.total_pairs, "n_shared": len(shared),
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
