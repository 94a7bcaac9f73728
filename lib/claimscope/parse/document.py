"""Parse one document's normalised text into records (pure: text in, rows out).

>>> from claimscope.parse.boilerplate import load_rules
>>> doc = parse_text("demo", "# Acupunctuur\\n\\nAcupunctuur helpt bij rugpijn. Dat zeggen "
...                  "veel patiënten.\\n", load_rules())
>>> [s["text"] for s in doc.sentences]
['Acupunctuur', 'Acupunctuur helpt bij rugpijn.', 'Dat zeggen veel patiënten.']
>>> [s["is_heading"] for s in doc.sentences]
[True, False, False]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from claimscope.parse.boilerplate import Rules
from claimscope.parse.dates import page_date
from claimscope.parse.language import identify
from claimscope.parse.sentences import (
    _AUTHOR_INITIALS,
    _YEAR,
    looks_bibliographic,
    looks_like_reference,
    split_sentences_many,
)
from claimscope.parse.structure import Structure, parse_structure, section_of

_WORD = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)
LANGUAGE_SAMPLE_CHARS = 20_000


def count_words(text: str) -> int:
    """Number of words (letters/digits, hyphenated compounds as one).

    >>> count_words("Neuraaltherapie is een sterk-groeiende vorm van therapie.")
    7
    """
    return len(_WORD.findall(text))


#: Longest line kept whole as a reference-list entry because of its neighbours.
MAX_ENTRY_CHARS = 600


@dataclass
class ParsedDocument:
    """All rows one document contributes to the corpus frames."""

    document: dict
    sections: list[dict]
    sentences: list[dict]
    boilerplate: list[dict]
    citations: list[dict]
    #: sent_ids of the lines a reference list holds (kept whole as entries, headings aside)
    entries: frozenset[int] = frozenset()
    #: … and those of them that name no person as author (a web page, a regulation, a book
    #: by title: a citation, but no reference entry, as the codebook says)
    authorless: frozenset[int] = frozenset()


_EDITOR = re.compile(r"[A-Z][\w'’-]+ [A-Z]{1,3}, eds?\.")


def _entry_like(line: str) -> bool:
    """A line that may be a reference entry the entry tests miss: it holds a year, opens with
    an author and initials, or does not end as a sentence does ("… Available at:", cut off)."""
    core = line.strip()
    return bool(_YEAR.search(core) or _AUTHOR_INITIALS.match(core)) or core[-1:] not in ".!?\"'”’)"


def _kept_whole(units: list, blocks: list[str], text: str) -> list[bool]:
    r"""Which units stay one sentence: headings, reference entries, and the one-line entries of
    a reference list that the entry tests miss (:func:`_entry_like`: no author, a cut-off last
    entry) when they sit between two entries, or with two entries before or after them, and a
    paragraph in a reference format (:func:`looks_bibliographic`) next to another entry.
    Neighbours count only on the next or previous line (a paragraph after a blank line that
    follows the last entry of a list is prose).

    >>> from claimscope.parse.structure import Unit
    >>> lines = ["Tyler VE. Herbs of Choice. NY: Pharma Press, 1994.",
    ...          "The Review of Natural Products. St. Louis: Wolters Kluwer, 1999.",
    ...          "Buckle J. Aromatherapy for pain. Altern Ther 1999;5:42-51.", "It helps. Really."]
    >>> text = "\n".join(lines)
    >>> starts = [text.index(line) for line in lines]
    >>> units = [Unit("paragraph", s, s + len(line), 0) for s, line in zip(starts, lines)]
    >>> _kept_whole(units, lines, text)
    [True, True, True, False]
    """
    entry = [u.kind in ("paragraph", "list_item") and (looks_like_reference(b)
                                                       or looks_bibliographic(b))
             for u, b in zip(units, blocks, strict=True)]
    keep = [u.kind == "heading" or (u.kind == "list_item" and looks_bibliographic(b))
            or (u.kind == "paragraph" and looks_like_reference(b))
            for u, b in zip(units, blocks, strict=True)]
    n = len(units)

    def joined(i: int, j: int) -> bool:  # units i < j on consecutive lines
        return text.count("\n", units[i].end, units[j].start) <= 1

    def is_entry(i: int, j: int) -> bool:  # unit j is an entry reached from i across entries
        lo, hi = min(i, j), max(i, j)
        return 0 <= j < n and entry[j] and all(joined(k, k + 1) for k in range(lo, hi))

    # two passes: in the second, a line the first kept counts as an entry for its neighbours
    # (a cut-off last entry after an entry and an "Available at:" line)
    for _ in range(2):
        for i, (unit, block) in enumerate(zip(units, blocks, strict=True)):
            if keep[i] or unit.kind not in ("paragraph", "list_item") \
                    or "\n" in block.strip() or len(block) > MAX_ENTRY_CHARS:
                continue
            keep[i] = (entry[i] and (is_entry(i, i - 1) or is_entry(i, i + 1))) or (
                _entry_like(block) and ((is_entry(i, i - 1) and is_entry(i, i + 1))
                                        or (is_entry(i, i + 1) and is_entry(i, i + 2))
                                        or (is_entry(i, i - 1) and is_entry(i, i - 2))))
        entry = [e or (k and u.kind != "heading") for e, k, u in zip(entry, keep, units,
                                                                      strict=True)]
    return keep


def _names_an_author(entry: str) -> bool:
    """Whether a reference-list line opens with a person ("Tyler VE.", "Kim, H.,",
    "Blumenthal M, ed.")."""
    core = entry.strip().lstrip("*_[( ")
    return bool(_AUTHOR_INITIALS.match(core) or _EDITOR.match(core))


#: A long document is split into sentences this many units at a time (paragraphs, list items,
#: headings), so its records never all exist at once; the rows do not depend on it.
WINDOW_UNITS = 2000
# Units on either side of a window that decide which of its lines stay whole (two passes of
# neighbours two lines away, see _kept_whole: four; eight to spare).
_WINDOW_MARGIN = 8


def _sentence_rows(doc_id: str, text: str, structure: Structure, doc_lang: str,
                   lo: int = 0, hi: int | None = None, first_id: int = 0
                   ) -> tuple[list[dict], frozenset[int], frozenset[int]]:
    """Split units ``lo:hi`` into sentences (headings and reference entries stay whole),
    numbered from ``first_id``; also the sent_ids of the reference entries, and of those that
    name no author."""
    hi = len(structure.units) if hi is None else hi
    a, b = max(0, lo - _WINDOW_MARGIN), min(len(structure.units), hi + _WINDOW_MARGIN)
    around = structure.units[a:b]
    whole = _kept_whole(around, [text[u.start:u.end] for u in around], text)[lo - a:hi - a]
    units = structure.units[lo:hi]
    blocks = [text[u.start:u.end] for u in units]
    split = split_sentences_many(
        [b if u.kind != "heading" else "" for b, u in zip(blocks, units, strict=True)], doc_lang
    )
    sentences: list[dict] = []
    entries: list[int] = []
    authorless: list[int] = []
    for unit, block, spans, keep in zip(units, blocks, split, whole, strict=True):
        if keep:
            spans = [(0, unit.end - unit.start)]
            if unit.kind != "heading":
                entries.append(first_id + len(sentences))
                if not _names_an_author(block):
                    authorless.append(first_id + len(sentences))
        for s, e in spans:
            start, end = unit.start + s, unit.start + e
            sent_text = text[start:end]
            lang, conf = identify(sent_text, fallback=doc_lang)
            sentences.append({
                "doc_id": doc_id, "sent_id": first_id + len(sentences),
                "section_id": section_of(structure.sections, start), "start": start,
                "end": end, "text": sent_text, "language": lang, "language_confidence": conf,
                "is_heading": unit.kind == "heading", "unit": unit.kind,
            })
    return sentences, frozenset(entries), frozenset(authorless)


@dataclass
class SentenceWindow:
    """The sentences of one window of units, with the reference-list entries among them."""

    sentences: list[dict]
    entries: frozenset[int]
    authorless: frozenset[int]


class TextParse:
    """One text's structure (boilerplate, sections, units) and language, and its sentences a
    window of :data:`WINDOW_UNITS` units at a time (:meth:`windows`); :attr:`document` is the
    document row, complete once every window has been read.

    >>> from claimscope.parse.boilerplate import load_rules
    >>> parse = TextParse("d", "# Kop\\n\\nEen zin. Nog een zin.\\n\\nDerde zin hier.\\n",
    ...                   load_rules(), window_units=2)
    >>> [[s["text"] for s in w.sentences] for w in parse.windows()]
    [['Kop', 'Een zin.', 'Nog een zin.'], ['Derde zin hier.']]
    >>> parse.document["n_sentences"], parse.document["title"]
    (4, 'Kop')
    """

    def __init__(self, doc_id: str, text: str, rules: Rules, window_units: int | None = None):
        self.doc_id, self.text = doc_id, text
        self.window_units = window_units or WINDOW_UNITS
        self.structure = parse_structure(text, rules)
        self.language, confidence = _document_language(text, self.structure)
        self.sections = [
            {"doc_id": doc_id, "section_id": s.section_id, "heading": s.heading,
             "level": s.level, "start": s.start, "end": s.end, "parent_id": s.parent_id}
            for s in self.structure.sections]
        self.boilerplate = [
            {"doc_id": doc_id, "start": b.start, "end": b.end, "text": text[b.start:b.end],
             "reason": b.reason}
            for b in self.structure.boilerplate]
        boiler_chars = sum(b.end - b.start for b in self.structure.boilerplate)
        self.document = {
            "doc_id": doc_id, "title": first_line(text)[:200], "language": self.language,
            "language_confidence": confidence, "n_chars": len(text), "n_words": 0,
            "n_sentences": 0, "n_headings": 0, "n_sections": len(self.sections),
            "boilerplate_chars": boiler_chars,
            "boilerplate_share": round(boiler_chars / len(text), 4) if text else 0.0,
            "date": page_date(text), "has_reference_section": False, "n_references": 0,
        }

    def windows(self) -> Iterator[SentenceWindow]:
        """The sentence rows, window by window, in reading order (sent_ids run on)."""
        doc, titled = self.document, False
        for lo in range(0, max(1, len(self.structure.units)), self.window_units):
            sentences, entries, authorless = _sentence_rows(
                self.doc_id, self.text, self.structure, self.language, lo,
                lo + self.window_units, doc["n_sentences"])
            heading = next((s["text"] for s in sentences if s["is_heading"]), None)
            if heading is not None and not titled:
                doc["title"], titled = heading, True
            doc["n_words"] += sum(count_words(s["text"]) for s in sentences)
            doc["n_sentences"] += len(sentences)
            doc["n_headings"] += sum(s["is_heading"] for s in sentences)
            yield SentenceWindow(sentences, entries, authorless)


def _language_sample(text: str, units: list, headings: bool) -> tuple[str, int]:
    """The first ``LANGUAGE_SAMPLE_CHARS`` characters of the units' texts joined by spaces
    (headings left out unless ``headings``), read only as far as needed, and the number of
    words in it (at least 4 once the sample is full, when the units have 4)."""
    parts: list[str] = []
    size = words = 0
    for unit in units:
        if unit.kind == "heading" and not headings:
            continue
        block = text[unit.start:unit.end]
        parts.append(block)
        size += len(block) + 1
        words += len(block.split())
        if size > LANGUAGE_SAMPLE_CHARS and words >= 4:
            break
    return " ".join(parts)[:LANGUAGE_SAMPLE_CHARS], words


def _document_language(text: str, structure: Structure) -> tuple[str, float]:
    """The language of the page's running text (of all its units when that has < 4 words)."""
    sample, words = _language_sample(text, structure.units, headings=False)
    if words < 4:
        sample, _ = _language_sample(text, structure.units, headings=True)
    return identify(sample)


# what str.splitlines() breaks lines at
_LINE = re.compile("[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")


def first_line(text: str) -> str:
    """The first line of ``text`` that is not blank, stripped (found without splitting the
    whole text).

    >>> first_line("\\n  \\r\\n  Titel van de pagina  \\nTekst")
    'Titel van de pagina'
    """
    return next((m.group().strip() for m in _LINE.finditer(text) if m.group().strip()), "")


def parse_text(doc_id: str, text: str, rules: Rules) -> ParsedDocument:
    """Boilerplate, sections, sentences (with language) and facts of one text; no citations
    (:func:`claimscope.pipeline.parse_document` adds them)."""
    parse = TextParse(doc_id, text, rules)
    windows = list(parse.windows())
    return ParsedDocument(parse.document, parse.sections,
                          [s for w in windows for s in w.sentences], parse.boilerplate, [],
                          frozenset().union(*(w.entries for w in windows)),
                          frozenset().union(*(w.authorless for w in windows)))


def __getattr__(name: str):
    """``parse_document`` moved to :mod:`claimscope.pipeline` (it adds citations to parsing)."""
    if name == "parse_document":
        import warnings

        from claimscope.pipeline import parse_document

        warnings.warn("claimscope.parse.document.parse_document moved to "
                      "claimscope.pipeline.parse_document", DeprecationWarning, stacklevel=2)
        return parse_document
    raise AttributeError(name)
