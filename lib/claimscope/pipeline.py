"""One document from text to records: parsing (:mod:`claimscope.parse`) and citations
(:mod:`claimscope.citations`). Pure: text in, rows out; :mod:`claimscope.corpus` calls it per file.

>>> from claimscope.parse.boilerplate import load_rules
>>> doc = parse_document("demo", "Acupunctuur helpt (bron). Studies hebben aangetoond dat het "
...                      "werkt.\\n", load_rules())
>>> [(c["kind"], c["text"]) for c in doc.citations]
[('marker', '(bron)'), ('vague_appeal', 'Studies hebben aangetoond')]
"""

from __future__ import annotations

from claimscope.citations.detect import Cues, find_citations, load_cues
from claimscope.parse.boilerplate import Rules
from claimscope.parse.document import ParsedDocument, parse_text


def parse_document(doc_id: str, text: str, rules: Rules, cues: Cues | None = None
                   ) -> ParsedDocument:
    """Boilerplate, sections, sentences (with language), citations and facts of one text."""
    doc = parse_text(doc_id, text, rules)
    citations, facts = find_citations(doc_id, text, doc.sentences, doc.sections,
                                      cues or load_cues(), entries=doc.entries,
                                      authorless=doc.authorless)
    doc.document.update(facts)
    doc.citations = citations
    return doc
