"""One document from text to records: parsing (:mod:`claimscope.parse`) and citations
(:mod:`claimscope.citations`). Pure: text in, rows out; :mod:`claimscope.corpus` calls it per file.

>>> from claimscope.parse.boilerplate import load_rules
>>> doc = parse_document("demo", "Acupunctuur helpt (bron). Studies hebben aangetoond dat het "
...                      "werkt.\\n", load_rules())
>>> [(c["kind"], c["text"]) for c in doc.citations]
[('marker', '(bron)'), ('vague_appeal', 'Studies hebben aangetoond')]
"""

from __future__ import annotations

from collections.abc import Iterator

from claimscope.citations.detect import (
    Cues,
    find_citations,
    load_cues,
    own_site_names,
    reference_sections,
)
from claimscope.parse.boilerplate import Rules
from claimscope.parse.document import ParsedDocument, TextParse


def parse_document(doc_id: str, text: str, rules: Rules, cues: Cues | None = None
                   ) -> ParsedDocument:
    """Boilerplate, sections, sentences (with language), citations and facts of one text."""
    parse = TextParse(doc_id, text, rules)
    windows = list(windows_with_citations(parse, cues or load_cues()))
    return ParsedDocument(parse.document, parse.sections,
                          [s for sentences, _ in windows for s in sentences], parse.boilerplate,
                          [c for _, citations in windows for c in citations])


def windows_with_citations(parse: TextParse, cues: Cues
                           ) -> Iterator[tuple[list[dict], list[dict]]]:
    """The sentence and citation rows of a parsed text, a window of units at a time
    (:meth:`~claimscope.parse.document.TextParse.windows`); the document row's reference facts
    are complete once every window has been read. Rows are those of one pass over the whole
    text, ids included."""
    own_names = own_site_names(parse.text, cues)
    has_section = bool(reference_sections(parse.sections, cues))
    n_citations = n_references = 0
    for window in parse.windows():
        citations, facts = find_citations(
            parse.doc_id, parse.text, window.sentences, parse.sections, cues,
            entries=window.entries, authorless=window.authorless, own_names=own_names,
            first_id=n_citations)
        n_citations += len(citations)
        n_references += facts["n_references"]
        parse.document.update(has_reference_section=has_section or n_references >= 2,
                              n_references=n_references)
        yield window.sentences, citations
