"""Citations: references, markers, URLs and vague appeals with exact spans; reference parsing;
citation density per page."""

from __future__ import annotations

from claimscope.citations.density import (  # noqa: F401
    citation_density,
    claim_support_by_type,
    reference_table,
    sentence_support,
    vague_appeal_table,
)
from claimscope.citations.detect import (  # noqa: F401
    KINDS,
    SPECIFIC,
    Cues,
    default_cues_path,
    find_citations,
    find_in_sentence,
    link_is_promotional,
    load_cues,
    page_names,
    reference_sections,
    sentences_with,
)
from claimscope.citations.references import (  # noqa: F401
    parse_reference,
)
from claimscope.errors import CuesError  # noqa: F401

__all__ = [
    "sentences_with",
    "CuesError",
    "Cues",
    "KINDS",
    "SPECIFIC",
    "citation_density",
    "claim_support_by_type",
    "default_cues_path",
    "find_citations",
    "find_in_sentence",
    "link_is_promotional",
    "load_cues",
    "page_names",
    "parse_reference",
    "reference_sections",
    "reference_table",
    "sentence_support",
    "vague_appeal_table",
]
