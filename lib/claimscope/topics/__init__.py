"""Topics: the concept lexicon and its matcher, and topic overlap between sources (concept and
word representations, similarity, what sources share, NMF topics).

Names are imported from their modules on first use (:mod:`claimscope._lazy`): a build that only
matches concepts does not load scikit-learn."""

from __future__ import annotations

from claimscope._lazy import attach

#: Every name this package re-exports, and the module it lives in (imported on first use).
_EXPORTS = {
    "LexiconError": "claimscope.errors",
    "CATEGORIES": "claimscope.topics.lexicon",
    "COLUMNS": "claimscope.topics.matcher",
    "Concept": "claimscope.topics.lexicon",
    "DEFAULT_MEASURE": "claimscope.topics.representation",
    "Features": "claimscope.topics.representation",
    "Lexicon": "claimscope.topics.lexicon",
    "MAX_MATRIX_DOCS": "claimscope.topics.pairs",
    "MEASURES": "claimscope.topics.representation",
    "MEASURE_LABELS": "claimscope.topics.representation",
    "STEMMERS": "claimscope.topics.representation",
    "Sources": "claimscope.topics.representation",
    "Stems": "claimscope.topics.representation",
    "Overlap": "claimscope.topics.pairs",
    "Term": "claimscope.topics.lexicon",
    "Topics": "claimscope.topics.nmf",
    "as_sources": "claimscope.topics.representation",
    "closest_pairs": "claimscope.topics.pairs",
    "concept_counts": "claimscope.topics.representation",
    "concept_coverage": "claimscope.topics.coverage",
    "content_word_spans": "claimscope.topics.coverage",
    "concept_summary": "claimscope.topics.sharing",
    "concept_table": "claimscope.topics.sharing",
    "cross_language_finding": "claimscope.topics.sharing",
    "default_lexicon_path": "claimscope.topics.lexicon",
    "default_stopwords_path": "claimscope.topics.representation",
    "features": "claimscope.topics.representation",
    "find_concepts": "claimscope.topics.matcher",
    "find_in_text": "claimscope.topics.matcher",
    "fold": "claimscope.topics.lexicon",
    "load_lexicon": "claimscope.topics.lexicon",
    "load_stopwords": "claimscope.topics.representation",
    "neighbours": "claimscope.topics.similarity",
    "overlap": "claimscope.topics.pairs",
    "pair_table": "claimscope.topics.similarity",
    "pairs_above": "claimscope.topics.pairs",
    "rank_among_pairs": "claimscope.topics.pairs",
    "score_pairs": "claimscope.topics.pairs",
    "shared_concepts": "claimscope.topics.sharing",
    "similarity_matrix": "claimscope.topics.similarity",
    "top_k_between": "claimscope.topics.similarity",
    "top_k_similar": "claimscope.topics.similarity",
    "topics": "claimscope.topics.nmf",
    "uncovered_words": "claimscope.topics.coverage",
    "unique_concepts": "claimscope.topics.sharing",
    "word_tokens": "claimscope.topics.representation",
}

__getattr__, __dir__ = attach(__name__, _EXPORTS)
__all__ = list(_EXPORTS)
