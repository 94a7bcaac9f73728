"""Citation density per document: how well each page backs up what it says.

>>> table = citation_density(corpus)
>>> int(table.loc["001_6427226043fdf274", "marker"])
21
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from claimscope.citations.detect import KINDS, SPECIFIC, sentences_with


def _sentences_with(corpus, kinds: tuple[str, ...]) -> pd.Series:
    """Per document, how many sentences carry a citation of one of ``kinds``."""
    keys = sentences_with(corpus.citations, kinds)
    return pd.Series([d for d, _ in keys], dtype="str").value_counts()


def sentence_support(corpus) -> pd.DataFrame:
    """Per sentence: whether it carries a specific citation (``supported``) or a vague appeal.

    A sentence is supported when it holds a marker, a URL or is itself a reference entry; a vague
    appeal alone does not support (CODEBOOK.md).
    """
    s = corpus.sentences[["doc_id", "sent_id"]].copy()
    keys = list(zip(s.doc_id, s.sent_id.astype(int), strict=True))
    supported = sentences_with(corpus.citations)
    vague = sentences_with(corpus.citations, ("vague_appeal",))
    s["supported"] = [k in supported for k in keys]
    s["vague_appeal"] = [k in vague for k in keys]
    return s


def citation_density(corpus) -> pd.DataFrame:
    """One row per document: counts per kind, densities, reference list facts and ages.

    Columns: counts of each kind; ``specific`` (reference + marker + url);
    ``specific_per_1000_words``, ``vague_per_1000_words``, ``specific_per_100_sentences``;
    ``share_sentences_cited`` (% of non-heading sentences with a specific citation);
    ``vague_per_specific`` (NaN when a page has no specific citation); ``has_reference_section``,
    ``n_references``; reference years ``ref_year_min/median/max`` and ``ref_age_median`` (page
    year − reference year; NaN when the page states no date). When ``corpus.claims`` exists,
    ``share_claims_supported`` too.
    """
    docs = corpus.documents.set_index("doc_id")
    counts = pd.crosstab(corpus.citations.doc_id, corpus.citations.kind)
    counts = counts.reindex(index=docs.index, columns=list(KINDS), fill_value=0)
    out = counts.copy()
    out["specific"] = counts[list(SPECIFIC)].sum(axis=1)
    words = docs.n_words.replace(0, np.nan)
    body = corpus.sentences[~corpus.sentences.is_heading].groupby("doc_id").size()
    body = body.reindex(docs.index).replace(0, np.nan)
    out["specific_per_1000_words"] = (1000 * out.specific / words).round(2)
    out["vague_per_1000_words"] = (1000 * counts.vague_appeal / words).round(2)
    out["specific_per_100_sentences"] = (100 * out.specific / body).round(2)
    cited = _sentences_with(corpus, SPECIFIC).reindex(docs.index, fill_value=0)
    out["share_sentences_cited"] = (100 * cited / body).round(1)
    out["vague_per_specific"] = (counts.vague_appeal / out.specific.replace(0, np.nan)).round(2)
    out["has_reference_section"] = docs.has_reference_section
    out["n_references"] = docs.n_references
    refs = corpus.citations[corpus.citations.kind == "reference"].dropna(subset=["year"])
    years = refs.groupby("doc_id").year
    out["ref_year_min"] = years.min().reindex(docs.index).astype("Int64")
    out["ref_year_median"] = years.median().reindex(docs.index).round(1)
    out["ref_year_max"] = years.max().reindex(docs.index).astype("Int64")
    page_year = pd.to_numeric(docs.date.str.slice(0, 4), errors="coerce")
    out["page_year"] = page_year.astype("Int64")
    out["ref_age_median"] = (page_year - out.ref_year_median).round(1)
    claims = getattr(corpus, "claims", None)
    if claims is not None and len(claims):
        support = sentence_support(corpus).set_index(["doc_id", "sent_id"]).supported
        claim_sents = claims[["doc_id", "sent_id"]].drop_duplicates()
        flags = support.reindex(pd.MultiIndex.from_frame(claim_sents)).fillna(False)
        out["share_claims_supported"] = (100 * flags.groupby(level=0).mean()).reindex(
            docs.index).round(1)
    out.columns.name = None
    return out


def reference_table(corpus) -> pd.DataFrame:
    """Every reference entry: first author, year, title, venue, language, age at the page date.

    A corpus without reference entries gives the same columns and no rows.
    """
    from claimscope.parse.language import identify_code

    refs = corpus.citations[corpus.citations.kind == "reference"]
    docs = corpus.documents.set_index("doc_id")
    authors = refs.authors.fillna("")
    names = authors.str.split("; ")
    first = names.str[0]
    n_authors = names.str.len()
    page_year = pd.to_numeric(docs.date.str.slice(0, 4), errors="coerce")
    table = pd.DataFrame({
        "doc_id": refs.doc_id,
        "authors": first.where(n_authors == 1, first.where(
            n_authors > 2, first + " & " + names.str[-1]).where(n_authors <= 2, first + " et al.")),
        "year": refs.year,
        "title": refs.title,
        "venue": refs.venue,
        "language": pd.Series([identify_code(f"{t or ''} {v or ''}") for t, v in
                               zip(refs.title, refs.venue, strict=True)], index=refs.index,
                              dtype="str"),
        "page_language": refs.doc_id.map(docs.language),
        "age_at_page_date": (refs.doc_id.map(page_year).astype("float64")
                             - refs.year.astype("float64")).round().astype("Int64"),
    })
    return table.reset_index(drop=True)


def vague_appeal_table(corpus) -> pd.DataFrame:
    """Every vague appeal with its span and the sentence it stands in."""
    v = corpus.citations[corpus.citations.kind == "vague_appeal"]
    sents = corpus.sentences.set_index(["doc_id", "sent_id"]).text
    return pd.DataFrame({
        "doc_id": v.doc_id, "start": v.start, "end": v.end, "appeal": v.text,
        "sentence": [sents[(d, s)] for d, s in zip(v.doc_id, v.sent_id, strict=True)],
    }).reset_index(drop=True)


def claim_support_by_type(corpus, claims: pd.DataFrame) -> pd.DataFrame:
    """Per claim type: claims, how many carry a specific citation, and the share (%).

    ``claims`` has one row per (doc_id, sent_id, claim_type), like ``corpus.claims``.
    """
    support = sentence_support(corpus).set_index(["doc_id", "sent_id"])
    keyed = claims.set_index(["doc_id", "sent_id"])
    flags = support.reindex(keyed.index)
    frame = pd.DataFrame({"claim_type": keyed.claim_type.to_numpy(),
                          "supported": flags.supported.fillna(False).to_numpy(dtype=bool),
                          "vague_only": (flags.vague_appeal.fillna(False)
                                         & ~flags.supported.fillna(False)).to_numpy(dtype=bool)})
    out = frame.groupby("claim_type").agg(claims=("supported", "size"),
                                          supported=("supported", "sum"),
                                          vague_appeal_only=("vague_only", "sum"))
    out["supported_%"] = (100 * out.supported / out.claims).round(1)
    return out.sort_values("claims", ascending=False)
