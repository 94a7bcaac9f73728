"""What sources claim: profiles per source, certainty, strongest examples, source-type contrasts.

Tables for ``notebooks/02_claim_types.ipynb``; inputs are a :class:`~claimscope.Corpus` with
``claims``; outputs are plain DataFrames, sorted for stable output.

>>> float(claim_profile(corpus).loc["003_0f5ae677359d74ec", "safety"])
6.9
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from claimscope.schema import CLAIM_TYPES, claim_type_rank


def body_sentences(corpus) -> pd.Series:
    """Non-heading sentences per document (the denominator of every rate here)."""
    s = corpus.sentences
    counts = s[~s.is_heading].groupby("doc_id").size()
    return counts.reindex(corpus.documents.doc_id, fill_value=0)


def claim_profile(corpus) -> pd.DataFrame:
    """Sentences claiming each type per 100 non-heading sentences, per document; plus any claim."""
    per100 = 100 / body_sentences(corpus).replace(0, np.nan)
    counts = pd.crosstab(corpus.claims.doc_id, corpus.claims.claim_type)
    counts = counts.reindex(index=per100.index, columns=list(CLAIM_TYPES), fill_value=0)
    profile = counts.mul(per100, axis=0).astype(float).round(1)
    any_claim = corpus.claims.groupby("doc_id").sent_id.nunique().reindex(per100.index,
                                                                           fill_value=0)
    profile["any_claim"] = (any_claim * per100).astype(float).round(1)
    profile.columns.name = None
    return profile


def certainty_by_source(corpus) -> pd.DataFrame:
    """Per document and type: number of claims and the share (%) that is hedged."""
    c = corpus.claims
    table = c.groupby(["doc_id", "claim_type"]).agg(
        claims=("certainty", "size"),
        hedged_pct=("certainty", lambda s: round(100 * float((s == "hedged").mean()), 1)),
        boosted_pct=("boosted", lambda s: round(100 * float(s.mean()), 1)))
    table = table.reset_index()
    table["_o"] = claim_type_rank(table.claim_type)
    return table.sort_values(["doc_id", "_o"]).drop(columns="_o").reset_index(drop=True)


def hedged_share(corpus) -> pd.DataFrame:
    """Share (%) of hedged claims per document (rows) and type (columns); NaN where no claim."""
    t = certainty_by_source(corpus).pivot(index="doc_id", columns="claim_type",
                                          values="hedged_pct")
    t = t.reindex(index=corpus.documents.doc_id,
                  columns=[c for c in CLAIM_TYPES if c in t.columns])
    t.columns.name = None
    return t


def strongest_claims(corpus, per_cell: int = 1, width: int = 160) -> pd.DataFrame:
    """The strongest claims per type and source, quoted: assertive first, then boosted, then score.

    Each row carries its ``doc_id``, ``sent_id`` and the sentence's ``start``/``end`` so the quote
    can be checked against ``corpus.text``; ``quote`` is cut to ``width`` characters (… = cut).
    """
    c = corpus.claims.merge(corpus.sentences[["doc_id", "sent_id", "start", "end", "text"]],
                            on=["doc_id", "sent_id"])
    c = c.assign(_assertive=c.certainty == "assertive")
    c = c.sort_values(["claim_type", "doc_id", "_assertive", "boosted", "score", "sent_id"],
                      ascending=[True, True, False, False, False, True], kind="stable")
    top = c.groupby(["claim_type", "doc_id"], sort=False).head(per_cell)
    top = top.assign(_o=claim_type_rank(top.claim_type)).sort_values(["_o", "doc_id"],
                                                                      kind="stable")
    quote = top.text.where(top.text.str.len() <= width, top.text.str.slice(0, width - 1) + "…")
    return pd.DataFrame({
        "claim_type": top.claim_type, "doc_id": top.doc_id, "sent_id": top.sent_id,
        "start": top.start, "end": top.end, "certainty": top.certainty,
        "boosted": top.boosted, "score": top.score.round(2), "cue": top.cue, "quote": quote,
    }).reset_index(drop=True)


def profile_by_source_type(corpus, source_types: dict[str, str]) -> pd.DataFrame:
    """Claims per 100 sentences pooled by source type (e.g. clinic, course provider).

    ``source_types`` maps doc_id (or a doc_id prefix such as ``"003"``) to a type; documents
    without a type are pooled as ``"unassigned"``.
    """
    def type_of(doc_id: str) -> str:
        for key, kind in source_types.items():
            if doc_id == key or doc_id.startswith(f"{key}_"):
                return kind
        return "unassigned"

    kinds = corpus.documents.doc_id.map(type_of)
    kinds.index = corpus.documents.doc_id
    sentences = body_sentences(corpus).groupby(kinds).sum()
    counts = pd.crosstab(corpus.claims.doc_id.map(kinds.to_dict()), corpus.claims.claim_type)
    counts = counts.reindex(index=sentences.index, columns=list(CLAIM_TYPES), fill_value=0)
    table = counts.mul(100 / sentences.replace(0, np.nan), axis=0).astype(float).round(1)
    table.insert(0, "documents", kinds.value_counts().reindex(table.index))
    table.insert(1, "sentences", sentences)
    table.index.name = "source_type"
    table.columns.name = None
    return table


def evaluation_table(type_scores: pd.DataFrame, agreement: pd.DataFrame,
                     method: str) -> pd.DataFrame:
    """Per claim type: LODO precision/recall/F1 of ``method``, F1 of every method, and the human
    agreement on the double-coded subset (coder-vs-coder F1, κ, positives in that subset)."""
    own = type_scores[type_scores.method == method].set_index("claim_type")[
        ["support", "precision", "recall", "f1"]]
    others = type_scores.pivot(index="claim_type", columns="method", values="f1")
    others.columns = [f"f1_{m}" for m in others.columns]
    human = agreement.set_index("label")[["coder_f1", "kappa", "positives_first"]].rename(
        columns={"coder_f1": "human_f1", "kappa": "human_kappa",
                 "positives_first": "human_positives"})
    table = own.join(others).join(human).reindex(list(CLAIM_TYPES))
    table.index.name = "claim_type"
    return table.round(3)


def check_against_annotations(examples: pd.DataFrame, gold: pd.DataFrame) -> pd.Series:
    """For quoted claims (``claim_type``, ``doc_id``, ``sent_id``): does the hand annotation of
    the sentence include that type? ``<NA>`` where the sentence is not annotated."""
    labels = {(d, s): set(t) for d, s, t in
              zip(gold.doc_id, gold.sent_id, gold.claim_types, strict=True)}
    return pd.Series([
        (t in labels[(d, s)]) if (d, s) in labels else pd.NA
        for t, d, s in zip(examples.claim_type, examples.doc_id, examples.sent_id, strict=True)
    ], index=examples.index, dtype="boolean")


def load_source_types(path) -> dict[str, str]:
    """A researcher's coding of each source's publisher type: a CSV with ``doc_id`` and
    ``source_type`` columns (the seeds' own coding is ``data/annotations/seed_source_types.csv``).

    >>> len(load_source_types("data/annotations/seed_source_types.csv"))
    5
    """
    from claimscope.errors import AnnotationError

    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError) as err:
        raise AnnotationError(f"{path}: cannot read the source types ({err})") from None
    missing = {"doc_id", "source_type"} - set(table.columns)
    if missing:
        raise AnnotationError(f"{path}: missing column(s) {sorted(missing)}")
    return dict(zip(table.doc_id, table.source_type, strict=True))


def audit_examples(corpus) -> list[tuple[str, int, str]]:
    """Sentences worth auditing with ``corpus.explain``, chosen from the corpus at hand: the
    strongest assertive claim of its most frequent type, and its first call to action
    (promotional), each as ``(doc_id, sent_id, why)``."""
    claims = corpus.claims
    out: list[tuple[str, int, str]] = []
    if claims.empty:
        return out
    top = claims.claim_type.value_counts().sort_index().sort_values(
        ascending=False, kind="stable").index[0]
    pool = claims[(claims.claim_type == top) & (claims.certainty == "assertive")]
    pool = pool if len(pool) else claims[claims.claim_type == top]
    best = pool.sort_values(["score", "doc_id", "sent_id"], ascending=[False, True, True],
                            kind="stable").iloc[0]
    out.append((best.doc_id, int(best.sent_id), f"the strongest {top} claim"))
    promo = claims[claims.claim_type == "promotional"].sort_values(["doc_id", "sent_id"])
    if len(promo) and (promo.doc_id.iloc[0], int(promo.sent_id.iloc[0])) != out[0][:2]:
        out.append((promo.doc_id.iloc[0], int(promo.sent_id.iloc[0]), "the first call to action"))
    return out
