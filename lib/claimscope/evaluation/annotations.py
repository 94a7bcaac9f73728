"""Hand annotations (``data/annotations/``) aligned to a parsed corpus by span and text.

>>> claims = annotated_claims("data/annotations/seed_sentences.csv", corpus)
>>> sorted(claims.claim_type.unique())[:3]
['causation', 'efficacy', 'evidence_appeal']
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from claimscope.schema import CLAIM_TYPES  # noqa: F401 - re-exported for old imports


def load_sentence_annotations(path: str | Path) -> pd.DataFrame:
    """The sentence annotation file with typed columns and ``claim_types`` as a tuple."""
    ann = pd.read_csv(path, keep_default_na=False, dtype=str)
    missing = {"doc_id", "start", "end", "text", "claim_types", "certainty"} - set(ann.columns)
    if missing:
        raise ValueError(f"{path}: missing column(s) {sorted(missing)}; an annotation file needs "
                         "doc_id, start, end, text, claim_types, certainty")
    if "sent_id" not in ann:
        ann["sent_id"] = "-1"
    ann = ann.astype({"start": "int64", "end": "int64", "sent_id": "int64"})
    ann["claim_types"] = ann.claim_types.map(lambda s: tuple(t for t in s.split(";") if t))
    for flag in ("has_citation", "has_vague_appeal", "citation_needed"):
        if flag in ann:
            ann[flag] = ann[flag].map(lambda v: v == "1")
    return ann


def align(annotations: pd.DataFrame, corpus) -> pd.DataFrame:
    """Annotations whose (doc_id, start, end, text) equal a sentence of ``corpus``, with sent_id.

    Rows that no longer match (the segmentation changed) are dropped; compare lengths to see.
    """
    sents = corpus.sentences[["doc_id", "start", "end", "text", "sent_id"]]
    merged = annotations.drop(columns=["sent_id"]).merge(
        sents, on=["doc_id", "start", "end", "text"], how="inner")
    return merged


def annotated_claims(path: str | Path, corpus) -> pd.DataFrame:
    """One row per (sentence, claim type) from the annotation file, aligned to ``corpus``."""
    ann = align(load_sentence_annotations(path), corpus)
    rows = ann[["doc_id", "sent_id", "claim_types", "certainty"]].explode("claim_types")
    rows = rows.dropna(subset=["claim_types"]).rename(columns={"claim_types": "claim_type"})
    return rows.sort_values(["doc_id", "sent_id", "claim_type"]).reset_index(drop=True)
