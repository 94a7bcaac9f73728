"""Sentence splitting: spaCy's rule-based sentencizer (per language) plus the rules web text needs.

Headings are one sentence each; list items and paragraph blocks are split inside, never across.
On top of spaCy: a sentence glued to the next without a space ("bezoeken.Dit werkt") is split; a
fragment that is only citation markers ("bron), (bron).") or closes a bracket the sentence before
left open ("(Linde et al., | 2016).") joins the sentence before it; a quoted
question that spaCy cut ("… “Wat is dit? heeft …") is rejoined when the next part starts lower-case.

>>> split_sentences("Dit helpt o.a. bij pijn.Dr. Sarno zegt het. Klaar", "nl")
[(0, 24), (24, 43), (44, 49)]
"""

from __future__ import annotations

import re
from functools import lru_cache

import spacy

from claimscope.parse.structure import strip_span

# spaCy needs max_length >= the text; we cut long blocks ourselves first (see _chunks)
CHUNK_CHARS = 50_000
_GLUED = re.compile(r"(?<=[a-zà-ÿ]{2}[.!?])(?=[“‘«]?[A-Z][A-Za-zà-ÿ])")
# Wikipedia-style markers after the full stop end the sentence: "werkt.[3][4] Dat" → cut after
# "[4]" (spaCy would keep the two sentences together or cut inside the brackets)
_AFTER_MARKERS = re.compile(
    r"(?<=[.!?])(?:\[\d{1,3}(?:[,–-]\s?\d{1,3})*\])+(?=\s+[\"“‘'(«„]*[A-ZÀ-Ý])")
# a footnote number glued after the full stop: "disorders.1 It is", "males.2,3 Afflicted"
_AFTER_DIGITS = re.compile(
    r"(?<=[a-zà-ÿ)\]][.!?])\d{1,3}(?:[,–-]\d{1,3})*(?=\s+[\"“‘'(«„]*[A-ZÀ-Ý][a-zà-ÿ])")
# "(1)(2) De kans": parenthesised markers after the full stop
_AFTER_PAREN_MARKERS = re.compile(r"(?<=[.!?])\s?(?:\(\d{1,3}\))+(?=\s+[\"“‘'(«„]*[A-ZÀ-Ý])")
# spaCy's Dutch and English tokenizers treat some plain words as abbreviations ("hand.", "jan.")
# and then never end a sentence there; a full stop after a word of 3+ letters followed by a
# capitalised word ends one unless the word is a real abbreviation
_MISSED_STOP = re.compile(r"(?<=[a-zà-ÿ]{3}[.!?])\s+(?=[\"“‘'(«„]*[A-ZÀ-Ý][a-zà-ÿ])")
_ABBREVIATIONS = frozenset("""bijv bv ca dhr mevr mw drs prof nr blz pag evt resp vgl zgn
    incl excl afb fig approx etc viz resp jan feb mrt apr aug sept okt nov dec""".split())
_NUMBER_WORDS = frozenset("no nr nos nrs vol fig art p pp blz pag hfst ch sec".split())
# markers that open a fragment but end the sentence before: "(1)(2) De kans", "[3] Dat"
_LEADING_MARKERS = re.compile(
    r"^(?:\(\d{1,3}\)|\[\d{1,3}(?:[,–-]\s?\d{1,3})*\])+(?=\s+[\"“‘'(«„]*[A-ZÀ-Ý])")
# a fragment that continues a citation: "2015;65:e1", "(2016, link)" after "Br J Gen Pract."
_CITATION_TAIL = re.compile(r"^\(?(?:1[89]|20)\d{2}[a-z]?\)?\s*[;:(,]")
# titles and names with a full stop that never end a sentence ("Mc. Donalds", "Dr. Sarno")
_TITLE_ABBREVIATION = re.compile(r"\b(?:Mc|Mac|St|Dr|Drs|Mr|Mrs|Ms|Prof|Dhr|Mw|Ir|Ing|Jr|Sr)\.$")
# names with an exclamation mark ("Yahoo! Mail")
_BANG_NAME = re.compile(r"\b(?:Yahoo|Jeopardy|Wham)!$")
_URLISH = re.compile(r"^\W*(https?://|www\.)|\.(com|org|net|nl|be|io|de|txt|md|html?)\b",
                     re.IGNORECASE)
# what a citation-only fragment ("bron), (bron).", "[2] [3]") is made of; a fragment is
# marker-only when nothing else is left after removing these (flat pattern: linear time)
_MARKER_PARTS = re.compile(r"\b(?:bron|source|ref)\b|\d{1,3}(?!\d)|[\s,.;:()\[\]]",
                           re.IGNORECASE)
# "Olarte, Diana … “Eficacia …” Revista … 27.1 (2017): 25-37." — one unit, never split
_BIBLIOGRAPHIC = re.compile(
    r"^[A-Z][\w'’-]+(?: [A-Z][\w'’-]*)*,\s.*\b(1[89]|20)\d{2}\b", re.DOTALL
)
_OPENERS = "\"“‘'([«"
_OPENERS_END = "“‘«„"

SPACY_LANGS = {"nl": "nl", "en": "en"}


@lru_cache(maxsize=8)
def _pipeline(lang: str) -> spacy.language.Language:
    nlp = spacy.blank(SPACY_LANGS.get(lang, "xx"))
    nlp.add_pipe("sentencizer")
    nlp.max_length = CHUNK_CHARS * 4
    return nlp


def _chunks(text: str) -> list[tuple[int, int]]:
    """Cut very long text at sentence-like boundaries so spaCy never sees more than a chunk."""
    if len(text) <= CHUNK_CHARS:
        return [(0, len(text))]
    out, start = [], 0
    while len(text) - start > CHUNK_CHARS:
        window_end = start + CHUNK_CHARS
        cut = max(text.rfind(". ", start, window_end), text.rfind("\n", start, window_end))
        if cut <= start:
            cut = text.rfind(" ", start, window_end)
        cut = window_end if cut <= start else cut + 1
        out.append((start, cut))
        start = cut
    out.append((start, len(text)))
    return out


def _split_glued(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split 'bezoeken.Dit' inside [start, end), but never inside a URL or file name."""
    piece = text[start:end]
    cuts = [m.start() for m in _GLUED.finditer(piece)]
    cuts += [m.end() for m in _AFTER_MARKERS.finditer(piece)]
    for m in _AFTER_DIGITS.finditer(piece):  # not "No.1 Product", "Vol.2 Issue"
        word = re.search(r"(\w+)[.!?]$", piece[max(0, m.start() - 40):m.start()])
        if not (word and word.group(1).lower() in _NUMBER_WORDS):
            cuts.append(m.end())
    cuts += [m.end() for m in _AFTER_PAREN_MARKERS.finditer(piece)]
    for m in _MISSED_STOP.finditer(piece):
        word = re.search(r"(\w+)[.!?]$", piece[max(0, m.start() - 40):m.start()])
        if word and word.group(1).lower() not in _ABBREVIATIONS:
            cuts.append(m.start())
    cuts = sorted(set(cuts))
    if cuts:  # protect tokens that look like URLs or file names (checked token by token: linear)
        protected = [(t.start(), t.end()) for t in re.finditer(r"\S+", piece)
                     if _URLISH.search(t.group())]
        cuts = [c for c in cuts if not any(a < c < b for a, b in protected)]
    bounds = [0, *cuts, len(piece)]
    return [(start + a, start + b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def _starts_lower(text: str) -> bool:
    stripped = text.lstrip(_OPENERS + " ")
    return bool(stripped) and stripped[0].islower()


def _postprocess(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    # an opening quote left at the end of a sentence belongs to the next one
    moved: list[tuple[int, int]] = []
    for start, end in spans:
        if moved and moved[-1][1] - moved[-1][0] > 2:
            ps, pe = moved[-1]
            last = text[pe - 1]
            opens = last in _OPENERS_END or last == "(" or (
                last == '"' and text[ps:pe].count('"') % 2 == 1)
            width = 2 if text[pe - 2:pe] == ",," else (1 if opens else 0)
            if width and text[ps:pe - width].strip():  # Dutch ,, and curly openers move on
                moved[-1] = strip_span(text, ps, pe - width)
                start = pe - width
        moved.append((start, end))
    out: list[tuple[int, int]] = []
    for start, end in moved:
        piece = text[start:end]
        lead = _LEADING_MARKERS.match(piece)
        if out and lead:  # "(1)(2) De kans …": the markers end the sentence before
            out[-1] = (out[-1][0], start + lead.end())
            start = start + lead.end() + (len(piece[lead.end():]) - len(piece[lead.end():]
                                                                       .lstrip()))
            piece = text[start:end]
        if out:
            prev = text[out[-1][0]:out[-1][1]]
            unclosed = prev.count("(") > prev.count(")") and ")" in piece[:80]
            quoted_question = prev.rstrip()[-1:] in "?!" and _starts_lower(piece) and \
                _open_quote(prev)
            if (_marker_only(piece) or unclosed or quoted_question
                    or _CITATION_TAIL.match(piece)
                    or _TITLE_ABBREVIATION.search(prev) or _BANG_NAME.search(prev)):
                out[-1] = (out[-1][0], end)
                continue
        out.append((start, end))
    return out


def _open_quote(text: str) -> bool:
    """Whether ``text`` opens a quotation it does not close (“…, „…, or an odd number of ")."""
    curly = text.count("“") + text.count("„") + text.count("«") > text.count("”") + \
        text.count("»")
    return curly or text.count('"') % 2 == 1


def _marker_only(piece: str) -> bool:
    """'bron), (bron).' or '[2] [3].' — only citation markers and punctuation.

    >>> _marker_only("bron), (bron), (bron)."), _marker_only("Dit werkt.")
    (True, False)
    """
    return bool(re.search(r"[a-z0-9]", piece, re.IGNORECASE)) and not _MARKER_PARTS.sub(
        "", piece)


def looks_bibliographic(text: str) -> bool:
    """A reference-list entry ("Surname, Given. Title. Venue (year)"), kept as one unit.

    >>> looks_bibliographic("Vinyes, David. “Terapia Neural.” Rev Cubana Ortop 9.3 (2005).")
    True
    >>> looks_bibliographic("Procaine, the local anesthetic, works fast.")
    False
    """
    return len(text) < 1000 and bool(_BIBLIOGRAPHIC.match(text))


def split_sentences_many(blocks: list[str], lang: str) -> list[list[tuple[int, int]]]:
    """Split each block of ``blocks``; offsets are relative to each block."""
    nlp = _pipeline(lang)
    pieces: list[tuple[int, int, int]] = []  # (block index, chunk start, chunk end)
    for b, block in enumerate(blocks):
        for cs, ce in _chunks(block):
            pieces.append((b, cs, ce))
    raw: list[list[tuple[int, int]]] = [[] for _ in blocks]
    docs = nlp.pipe((blocks[b][cs:ce] for b, cs, ce in pieces), batch_size=256)
    for (b, cs, _), doc in zip(pieces, docs, strict=True):
        for sent in doc.sents:
            s, e = strip_span(blocks[b], cs + sent.start_char, cs + sent.end_char)
            if e > s:
                raw[b].extend(_split_glued(blocks[b], s, e))
    out = []
    for b, spans in enumerate(raw):
        spans = [strip_span(blocks[b], s, e) for s, e in spans]
        out.append(_postprocess(blocks[b], [(s, e) for s, e in spans if e > s]))
    return out


def split_sentences(text: str, lang: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of one block of ``text`` in language ``lang``."""
    return split_sentences_many([text], lang)[0]
