"""Evaluation: hand annotations, span matching, claim and concept scores against gold data."""

from __future__ import annotations

from claimscope.evaluation.agreement import (  # noqa: F401
    LABELS,
    agreement,
    classifier_codes,
    with_derived,
)
from claimscope.evaluation.annotations import (  # noqa: F401
    CLAIM_TYPES,
    align,
    annotated_claims,
    load_sentence_annotations,
)
from claimscope.evaluation.claims import (  # noqa: F401
    annotated_sentences,
    best_method,
    build_model,
    fit_on,
    human_agreement,
    load_labelled_sentences,
    lodo_predictions,
    per_document_scores,
    predictions_with,
    summary_scores,
    type_confusion,
    type_scores,
)
from claimscope.evaluation.concepts import (  # noqa: F401
    GOLD_COLUMNS,
    concept_recall,
    concept_scores,
    inside_sentences,
    load_concept_gold,
    match_gold,
    span_agreement,
)
from claimscope.evaluation.spans import (  # noqa: F401
    citation_scores,
    load_citation_gold,
    span_scores,
)

__all__ = [
    "LABELS",
    "agreement",
    "classifier_codes",
    "with_derived",
    "CLAIM_TYPES",
    "GOLD_COLUMNS",
    "align",
    "annotated_claims",
    "annotated_sentences",
    "best_method",
    "build_model",
    "citation_scores",
    "concept_recall",
    "concept_scores",
    "inside_sentences",
    "span_agreement",
    "fit_on",
    "human_agreement",
    "load_citation_gold",
    "load_concept_gold",
    "load_labelled_sentences",
    "load_sentence_annotations",
    "lodo_predictions",
    "match_gold",
    "per_document_scores",
    "predictions_with",
    "span_scores",
    "summary_scores",
    "type_confusion",
    "type_scores",
]
