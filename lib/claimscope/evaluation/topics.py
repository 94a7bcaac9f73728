"""Same-topic precision of :func:`~claimscope.topics.similarity.neighbours` on the gold corpus.

Every gold page records its main therapy or product (``topic`` in ``data/gold/sources.csv``).
For a page, precision@k is the share of its ``k`` nearest pages that are about the same topic;
``across`` asks the same of its nearest pages in the other language (a Dutch page's nearest
English pages). Pages with no same-topic page among the candidates are left out (they cannot
score); the baseline is the chance rate, the expected precision of a neighbour drawn at random
from the same candidates, and ``best`` what a perfect measure reaches (precision@5 of a page
whose topic has two other pages is at most 0.4).

Candidates never include a split the set must not see: the dev pages are compared with train
and dev pages only (so the default measure is chosen without the test pages), the test pages
with every page, and ``all`` is every page against every page.

>>> import pandas as pd
>>> topics = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "z"}
>>> near = pd.DataFrame({"doc_a": ["a", "b", "c", "d", "e"], "doc_b": ["b", "c", "d", "c", "a"],
...                      "measure": "m", "rank": 1})
>>> hits = page_hits(near, topics, ["a", "b", "c", "d", "e"], list(topics), k=1)
>>> hits[["doc_id", "hit_1", "chance"]].to_dict("list")
{'doc_id': ['a', 'b', 'c', 'd'], 'hit_1': [1, 0, 1, 1], 'chance': [0.25, 0.25, 0.25, 0.25]}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from claimscope.evaluation.bootstrap import mean_interval
from claimscope.evaluation.concepts import (
    concept_scores,
    inside_sentences,
    load_concept_gold,
    span_agreement,
)
from claimscope.schema import TABLE_COLUMNS
from claimscope.topics.coverage import concept_coverage
from claimscope.topics.representation import MEASURES, Sources, as_sources
from claimscope.topics.similarity import neighbours

#: Which splits' pages are candidates for the pages of each evaluation set.
POOLS = {"dev": ("train", "dev"), "test": ("train", "dev", "test"),
         "all": ("train", "dev", "test")}
SCOPES = ("all", "across")
K = 5


def subset(sources: Sources, docs: Sequence[str]) -> Sources:
    """The documents ``docs`` of ``sources`` (in the order of ``sources``)."""
    keep = set(docs)
    idx = [i for i, d in enumerate(sources.docs) if d in keep]
    sents = sources.sentences
    return replace(sources, docs=tuple(sources.docs[i] for i in idx),
                   languages=tuple(sources.languages[i] for i in idx),
                   texts=tuple(sources.texts[i] for i in idx),
                   concepts=sources.concepts[sources.concepts.doc_id.isin(keep)],
                   sentences=None if sents is None else sents[sents.doc_id.isin(keep)])


def page_hits(near: pd.DataFrame, topics: Mapping[str, str], queries: Sequence[str],
              candidates: Sequence[str], k: int = K,
              languages: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Per (measure, query page): ``hit_1`` (the nearest page shares its topic), ``hits_k``
    (same-topic pages among the ``k`` nearest), ``p_at_k`` (``hits_k / k``; missing neighbours
    count as wrong), ``chance`` (share of same-topic pages among its candidates) and ``best``.

    ``near`` is :func:`neighbours` output; with ``languages`` given, only candidates in another
    language count (the ``across`` scope). Queries with no same-topic candidate are left out.
    """
    rows = []
    measures = sorted(near.measure.unique()) if len(near) else []
    by = {m: g for m, g in near.groupby("measure")}
    for doc in queries:
        pool = [c for c in candidates if c != doc
                and (languages is None or languages[c] != languages[doc])]
        same = sum(topics[c] == topics[doc] for c in pool)
        if not pool or not same:
            continue
        for m in measures:
            g = by[m]
            mine = g[(g.doc_a == doc) & (g["rank"] <= k)].sort_values("rank")
            hit = [topics[b] == topics[doc] for b in mine.doc_b]
            rows.append({"measure": m, "doc_id": doc, "topic": topics[doc],
                         "hit_1": int(bool(hit) and hit[0]), "hits_k": int(sum(hit)),
                         "p_at_k": sum(hit) / k, "chance": same / len(pool),
                         "best": min(same, k) / k})
    columns = ["measure", "doc_id", "topic", "hit_1", "hits_k", "p_at_k", "chance", "best"]
    return pd.DataFrame(rows, columns=columns)


def set_hits(sources, gold_sources: pd.DataFrame, name: str, scope: str = "all", k: int = K,
             measures: Sequence[str] = MEASURES) -> pd.DataFrame:
    """:func:`page_hits` for one evaluation set (``dev``, ``test``, ``all``) and scope."""
    src = as_sources(sources)
    table = gold_sources.set_index("page_id")
    pool = [d for d in src.docs if table.split.get(d) in POOLS[name]]
    queries = pool if name == "all" else [d for d in pool if table.split[d] == name]
    sub = subset(src, pool)
    near = neighbours(sub, k=k, measures=measures, across_languages=scope == "across",
                      decimals=None)
    langs = dict(zip(sub.docs, sub.languages, strict=True)) if scope == "across" else None
    return page_hits(near, table.topic.to_dict(), queries, pool, k, langs)


def summarise(hits: pd.DataFrame, k: int = K) -> pd.DataFrame:
    """Per measure: precision@1 and @k with bootstrap 95 % intervals over pages, the chance
    rate and the best reachable value."""
    rows = []
    for m, g in hits.groupby("measure", sort=False):
        for metric, col in (("p_at_1", "hit_1"), (f"p_at_{k}", "p_at_k")):
            value, low, high = mean_interval(g[col].to_numpy(), g.doc_id.to_numpy())
            best = 1.0 if metric == "p_at_1" else float(g.best.mean())
            rows.append({"measure": m, "metric": metric, "value": value, "low": low,
                         "high": high, "chance": float(g.chance.mean()), "best": best,
                         "pages": len(g)})
    return pd.DataFrame(rows)


def topic_table(sources, gold_sources: pd.DataFrame, sets: Sequence[str] = ("dev", "test",
                                                                             "all"),
                k: int = K, measures: Sequence[str] = MEASURES) -> pd.DataFrame:
    """The long table ``make evaluate`` writes to ``data/evaluation/topics.csv``: one row per
    (set, scope, measure, metric)."""
    parts = []
    for name in sets:
        for scope in SCOPES:
            hits = set_hits(sources, gold_sources, name, scope, k, measures)
            parts.append(summarise(hits, k).assign(set=name, scope=scope))
    out = pd.concat(parts, ignore_index=True)
    return out[list(TABLE_COLUMNS["topics"])]


def choose_measure(table: pd.DataFrame, on: str = "dev") -> str:
    """The measure with the highest precision@1 on ``on`` (ties: precision@1 across languages,
    then precision@5, then the order of :data:`MEASURES`)."""
    rows = table[table.set == on]

    def score(m: str) -> tuple:
        def get(scope: str, metric: str) -> float:
            v = rows[(rows.measure == m) & (rows.scope == scope) & (rows.metric == metric)].value
            return float(v.iloc[0]) if len(v) and not np.isnan(v.iloc[0]) else -1.0

        return (get("all", "p_at_1"), get("across", "p_at_1"), get("all", f"p_at_{K}"),
                -MEASURES.index(m) if m in MEASURES else -len(MEASURES))

    return max(rows.measure.unique(), key=score)


def format_topics(table: pd.DataFrame, decimals: int = 3) -> pd.DataFrame:
    """One row per (set, scope, measure): precision@1 and @5 as ``value [low–high]``, the
    chance rate, the best reachable precision@5 and the number of pages."""
    def cell(r) -> str:
        if pd.isna(r.value):
            return "–"
        return f"{r.value:.{decimals}f} [{r.low:.{decimals}f}–{r.high:.{decimals}f}]"

    t = table.assign(cell=table.apply(cell, axis=1))
    wide = t.pivot(index=["set", "scope", "measure"], columns="metric", values="cell")
    first = t.groupby(["set", "scope", "measure"])
    wide["chance"] = first.chance.first().round(decimals)
    wide[f"best p@{K}"] = t[t.metric != "p_at_1"].set_index(
        ["set", "scope", "measure"]).best.round(decimals)
    wide["pages"] = first.pages.first()
    order = [(s, sc, m) for s in dict.fromkeys(t.set) for sc in SCOPES for m in MEASURES]
    wide = wide.reindex([o for o in order if o in wide.index])
    wide.columns.name = None
    return wide


def concept_evaluation(gold, seeds=None, folder: str | Path | None = None,
                       seed_gold: str | Path = "data/annotations/concepts_gold.csv"
                       ) -> pd.DataFrame:
    """The table ``make evaluate`` writes to ``data/evaluation/concepts.csv``.

    Concept recall and precision of the gold corpus's concept rows against the new-topic
    concept gold (``<gold>/concepts/first.csv``) per split, on the seeds' gold list when
    ``seeds`` (the seed corpus) is given, and, when a second coder's ``second.csv`` exists, the
    two coders' span agreement on the double-coded pages (the ceiling) beside claimscope
    against the first coder on the same pages.
    """
    folder = Path(folder if folder is not None else gold.folder) / "concepts"
    corpus = gold.corpus
    parts = []
    first_path = folder / "first.csv"
    if first_path.exists():
        first = load_concept_gold(first_path, corpus.text)
        split = gold.sources.set_index("page_id").split
        for name in ("dev", "test"):
            pages = sorted(d for d in first.doc_id.unique() if split.get(d) == name)
            if pages:
                parts.append(concept_scores(corpus.concepts, first, corpus.sentences, pages,
                                            name))
        second_path = folder / "second.csv"
        if second_path.exists():
            second = load_concept_gold(second_path, corpus.text)
            pages = sorted(second.doc_id.unique())
            parts.append(span_agreement(first, second, pages, "coder agreement"))
            inside = first[inside_sentences(first, corpus.sentences)]
            parts.append(span_agreement(inside, corpus.concepts, pages,
                                        "claimscope vs first coder (double-coded pages)"))
    if seeds is not None:
        seed_path = Path(seed_gold)
        if seed_path.exists():
            seed_gold = load_concept_gold(seed_path, seeds.text)
            parts.append(concept_scores(seeds.concepts, seed_gold, seeds.sentences,
                                        name="seeds (lexicon written from them)"))
    if not parts:
        return pd.DataFrame(columns=list(TABLE_COLUMNS["concept_scores"]))
    return pd.concat(parts, ignore_index=True)[list(TABLE_COLUMNS["concept_scores"])]


def write_tables(gold, seeds, out: str | Path) -> dict[str, pd.DataFrame]:
    """Write ``topics.csv``, ``concepts.csv`` and ``coverage.csv`` (per gold page) into
    ``out``; return them with the measure chosen on dev (``default_measure``)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    topics = topic_table(gold.corpus, gold.sources)
    concepts = concept_evaluation(gold, seeds)
    coverage = concept_coverage(gold.corpus).merge(
        gold.sources[["page_id", "split", "topic"]].rename(columns={"page_id": "doc_id"}),
        on="doc_id", how="left")
    topics.round(4).to_csv(out / "topics.csv", index=False)
    concepts.round(4).to_csv(out / "concepts.csv", index=False)
    coverage.round(4).to_csv(out / "coverage.csv", index=False)
    return {"topics": topics, "concepts": concepts, "coverage": coverage,
            "default_measure": choose_measure(topics)}


def print_tables(tables: dict) -> None:
    """What ``claimscope evaluate`` prints about topics and concepts."""
    with pd.option_context("display.width", 250, "display.max_columns", 40):
        print("\nSame-topic precision of neighbours() (value [bootstrap 95 % interval over "
              "pages]; chance = a random neighbour)")
        t = tables["topics"]
        for (name, scope), part in t.groupby(["set", "scope"], sort=False):
            where = "nearest pages in the other language" if scope == "across" else \
                "nearest pages"
            print(f"\n{name} pages, {where} ({int(part.pages.iloc[0])} pages with a same-topic "
                  "candidate)")
            shown = part.assign(cell=part.apply(
                lambda r: f"{r.value:.3f} [{r.low:.3f}–{r.high:.3f}]", axis=1))
            wide = shown.pivot(index="measure", columns="metric", values="cell")
            wide["chance"] = part.groupby("measure").chance.first().round(3)
            wide["best p@5"] = part[part.metric != "p_at_1"].set_index("measure").best.round(3)
            print(wide.reindex([m for m in MEASURES if m in wide.index]).to_string())
        print(f"\nDefault measure (highest precision@1 on dev): {tables['default_measure']}")
        print("\nConcept recall and precision (span overlap) on the concept gold")
        print(tables["concepts"].round(3).to_string(index=False))
        cov = tables["coverage"].groupby("split").coverage.median().round(3)
        print("\nMedian share of content words inside concept mentions, per split: "
              + ", ".join(f"{k} {v}" for k, v in cov.items()))
