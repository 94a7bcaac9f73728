"""Topics: the concept lexicon and its matcher, and topic overlap between sources (concept and
word representations, similarity, what sources share, NMF topics)."""

from __future__ import annotations

from claimscope.errors import LexiconError  # noqa: F401
from claimscope.topics.coverage import (  # noqa: F401
    concept_coverage,
    content_word_spans,
    uncovered_words,
)
from claimscope.topics.lexicon import (  # noqa: F401
    CATEGORIES,
    Concept,
    Lexicon,
    Term,
    default_lexicon_path,
    fold,
    load_lexicon,
)
from claimscope.topics.matcher import (  # noqa: F401
    COLUMNS,
    find_concepts,
    find_in_text,
)
from claimscope.topics.nmf import (  # noqa: F401
    Topics,
    topics,
)
from claimscope.topics.pairs import (  # noqa: F401
    MAX_MATRIX_DOCS,
    Overlap,
    closest_pairs,
    overlap,
    pairs_above,
    rank_among_pairs,
    score_pairs,
)
from claimscope.topics.representation import (  # noqa: F401
    DEFAULT_MEASURE,
    MEASURE_LABELS,
    MEASURES,
    STEMMERS,
    Features,
    Sources,
    Stems,
    as_sources,
    concept_counts,
    default_stopwords_path,
    features,
    load_stopwords,
    word_tokens,
)
from claimscope.topics.sharing import (  # noqa: F401
    concept_summary,
    concept_table,
    cross_language_finding,
    shared_concepts,
    unique_concepts,
)
from claimscope.topics.similarity import (  # noqa: F401
    neighbours,
    pair_table,
    similarity_matrix,
    top_k_between,
    top_k_similar,
)

__all__ = [
    "LexiconError",
    "CATEGORIES",
    "COLUMNS",
    "Concept",
    "DEFAULT_MEASURE",
    "Features",
    "Lexicon",
    "MAX_MATRIX_DOCS",
    "MEASURES",
    "MEASURE_LABELS",
    "STEMMERS",
    "Sources",
    "Stems",
    "Overlap",
    "Term",
    "Topics",
    "as_sources",
    "closest_pairs",
    "concept_counts",
    "concept_coverage",
    "content_word_spans",
    "concept_summary",
    "concept_table",
    "cross_language_finding",
    "default_lexicon_path",
    "default_stopwords_path",
    "features",
    "find_concepts",
    "find_in_text",
    "fold",
    "load_lexicon",
    "load_stopwords",
    "neighbours",
    "overlap",
    "pair_table",
    "pairs_above",
    "rank_among_pairs",
    "score_pairs",
    "shared_concepts",
    "similarity_matrix",
    "top_k_between",
    "top_k_similar",
    "topics",
    "uncovered_words",
    "unique_concepts",
    "word_tokens",
]
