"""Parsing: files → decoded, normalised text → boilerplate, structure, sentences, language, date.

Each module is a pure function of its input; :func:`parse_text` ties them together for one
text; :func:`claimscope.pipeline.parse_document` adds citations."""

from __future__ import annotations

from claimscope.errors import CorpusError, DecodeError, RulesError  # noqa: F401
from claimscope.parse.boilerplate import (  # noqa: F401
    EXTENTS,
    STRUCTURAL,
    Rule,
    Rules,
    default_rules_path,
    load_rules,
)
from claimscope.parse.dates import (  # noqa: F401
    MONTHS,
    SEARCH_CHARS,
    page_date,
)
from claimscope.parse.document import (  # noqa: F401
    LANGUAGE_SAMPLE_CHARS,
    ParsedDocument,
    count_words,
    parse_text,
)
from claimscope.parse.html import (  # noqa: F401
    extract_html,
)
from claimscope.parse.ingest import (  # noqa: F401
    DEFAULT_MAX_BYTES,
    SUPPORTED_SUFFIXES,
    FileRecord,
    discover,
    mark_duplicate,
    read_file,
)
from claimscope.parse.language import (  # noqa: F401
    CITED_LANGUAGES,
    MAX_CHARS,
    MIN_SUPPORTED_MASS,
    MIN_WORDS,
    OTHER_MIN_P,
    SUPPORTED,
    identify,
    identify_code,
)
from claimscope.parse.normalise import (  # noqa: F401
    MIN_BYTES_TO_DETECT,
    NormalisedText,
    decode_and_normalise,
    decode_bytes,
    looks_binary,
    normalise_text,
)
from claimscope.parse.sentences import (  # noqa: F401
    CHUNK_CHARS,
    SPACY_LANGS,
    looks_bibliographic,
    split_sentences,
    split_sentences_many,
)
from claimscope.parse.structure import (  # noqa: F401
    MAX_COLON_HEADING_WORDS,
    MAX_HEADING_CHARS,
    MAX_HEADING_WORDS,
    Line,
    Section,
    Span,
    Structure,
    Unit,
    normalise_heading,
    parse_structure,
    section_of,
    split_lines,
    strip_span,
)
from claimscope.parse.toc import toc_runs  # noqa: F401

__all__ = [
    "strip_span",
    "toc_runs",
    "CorpusError",
    "DecodeError",
    "RulesError",
    "CHUNK_CHARS",
    "CITED_LANGUAGES",
    "DEFAULT_MAX_BYTES",
    "EXTENTS",
    "FileRecord",
    "LANGUAGE_SAMPLE_CHARS",
    "Line",
    "MAX_CHARS",
    "MAX_COLON_HEADING_WORDS",
    "MAX_HEADING_CHARS",
    "MAX_HEADING_WORDS",
    "MIN_BYTES_TO_DETECT",
    "MIN_SUPPORTED_MASS",
    "MIN_WORDS",
    "MONTHS",
    "NormalisedText",
    "OTHER_MIN_P",
    "ParsedDocument",
    "Rule",
    "Rules",
    "SEARCH_CHARS",
    "SPACY_LANGS",
    "STRUCTURAL",
    "SUPPORTED",
    "SUPPORTED_SUFFIXES",
    "Section",
    "Span",
    "Structure",
    "Unit",
    "count_words",
    "decode_and_normalise",
    "decode_bytes",
    "default_rules_path",
    "discover",
    "extract_html",
    "identify",
    "identify_code",
    "load_rules",
    "looks_bibliographic",
    "looks_binary",
    "mark_duplicate",
    "normalise_heading",
    "normalise_text",
    "page_date",
    "parse_text",
    "parse_structure",
    "read_file",
    "section_of",
    "split_lines",
    "split_sentences",
    "split_sentences_many",
]
