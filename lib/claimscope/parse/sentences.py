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
# a title glued to the sentence after it, where a scrape lost the line break: "My Experience
# with MelatoninLots of people", "scriptie-Marieke-DiemeerHaar begeleider" (the next word opens
# a sentence; brand names such as "PubMed" or "YouTube" are followed by no such word)
_GLUED_OPENER = re.compile(
    r"(?<=[a-zà-ÿ]{3})(?=(?:The|This|These|Those|When|What|Many|Most|Lots|De|Het|Dit|Deze|"
    r"Haar|Veel|Volgens) [a-zà-ÿ])")
# Wikipedia-style markers after the full stop end the sentence: "werkt.[3][4] Dat" → cut after
# "[4]" (spaCy would keep the two sentences together or cut inside the brackets)
_AFTER_MARKERS = re.compile(
    r"(?<=[.!?])(?:\s?(?:\[(?:(?:noot|note|n)\s?)?\d{1,3}(?:[,–-]\s?\d{1,3})*\]|<sup>\[?\d{1,3}"
    r"(?:[,–-]\s?\d{1,3})*\]?</sup>))+(?=\s+[\"“‘'(«„*\[]*[A-ZÀ-Ý])")  # … or "<sup>1</sup>" (HTML)
# a footnote number glued after the full stop: "disorders.1 It is", "males.2,3 Afflicted"
_AFTER_DIGITS = re.compile(
    r"(?<=[a-zà-ÿ)\]][.!?])\d{1,3}(?:[,–-]\d{1,3})*(?=\s+[\"“‘'(«„]*[A-ZÀ-Ý][a-zà-ÿ])")
# "(1)(2) De kans": parenthesised markers after the full stop
# … and "werkt. (2016, link) Dat", "werkt. (bron) Dat"
_AFTER_PAREN_MARKERS = re.compile(
    r"(?<=[.!?])(?:\s?\((?:\d{1,3}|bron|link|source|(?:[\w.&-]+\s){0,4}(?:19|20)\d{2}[a-z]?,?\s?"
    r"(?:link|bron|source))\))+(?=\s+[\"“‘'(«„]*[A-ZÀ-Ý])")
# web text ends units without punctuation where a line break was lost: after a date and time
# ("08/16/2000 12:05 PM Thanks"), an e-mail address or URL followed by a capitalised word, a
# sign-off ("Regards, Debra"; a greeting stays with its sentence, as the codebook's units have
# it: "Hi Bob, This is …"), a source in brackets at the start ("(BBC) The …"), before a date
# and time after a name ("Kay Mann 04/26/2001 07:17 AM"); "[...]" after a stop is a unit
_NEXT_CAPITAL = r"(?=\s+[\"“‘'(«„*\[]*[A-ZÀ-Ý])"
_UNPUNCTUATED_ENDS = re.compile(
    r"\b\d{1,2}[/-]\d{1,2}[/-]\d{2,4},?\s+\d{1,2}:\d{2}(?::\d{2})?"
    r"(?:\s?[AaPp]\.?[Mm]\b\.?|(?!\s?[AaPp]\.?[Mm]\b))" + _NEXT_CAPITAL +
    r"|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+>?" + _NEXT_CAPITAL +
    r"|(?:https?://|www\.)[^\s<>()\[\]\"“”]+(?<![.,;:!?])(?=\s+[A-ZÀ-Ý][a-zà-ÿ])"
    r"|(?:^|(?<=[.!?]\s))(?:(?:Best|Kind|Warm|Warmest|Kindest|Many|Met vriendelijke|Vriendelijke"
    r"|Hartelijke|Lieve)\s)?(?:[Rr]egards|Sincerely|Thanks|Thank you|Cheers|[Gg]roet(?:en|jes)?)"
    r"[,!](?=\s+(?!I\b)[A-ZÀ-Ý])"
    r"|^\([A-Z][^()\n]{1,40}\)" + _NEXT_CAPITAL +
    r"|(?:\b[A-Z][\w'’-]*|>)(?=\s+\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2})"
    r"|(?<=[.!?\"”])(?=\s+\[(?:\.\.\.|…)\])")
# a unit that is only a sign-off ends at its comma ("Regards," | "Debra")
_SALUTATION = re.compile(
    r"(?:(?:(?:Best|Kind|Warm|Warmest|Kindest|Many|Met vriendelijke|Vriendelijke"
    r"|Hartelijke|Lieve)\s)?(?:[Rr]egards|Sincerely|Thanks|Thank you|Cheers|[Gg]roet(?:en|jes)?))"
    r"[,:!]")
# spaCy's Dutch and English tokenizers treat some plain words as abbreviations ("hand.", "jan.")
# and then never end a sentence there; a full stop after a word of 3+ letters followed by a
# capitalised word ends one unless the word is a real abbreviation
_MISSED_STOP = re.compile(r"(?:(?<=[a-zà-ÿ]{3}[.!?…])|(?<=[\w,)]\.\.)|(?<=\.\.\.))\s+"
                          r"(?=[\"“‘'(«„*\[]*[A-ZÀ-Ý][a-zà-ÿ])")
_ABBREVIATIONS = frozenset("""bijv bv ca dhr mevr mw drs prof nr blz pag evt resp vgl zgn
    incl excl afb fig approx viz resp jan feb mrt apr aug sept okt nov dec""".split())
_NUMBER_WORDS = frozenset("no nr nos nrs vol fig art p pp blz pag hfst ch sec".split())
# markers that open a fragment but end the sentence before: "(1)(2) De kans", "[3] Dat"
_LEADING_MARKERS = re.compile(
    r"^(?:\(\d{1,3}\)|\[\d{1,3}(?:[,–-]\s?\d{1,3})*\]|\((?:[\w.&-]+\s){0,4}(?:19|20)\d{2}[a-z]?,?\s?"
    r"(?:link|bron|source)\))+(?=\s+[\"“‘'(«„]*[A-ZÀ-Ý])")
# a fragment that continues a citation: "2015;65:e1", "(2016, link)" after "Br J Gen Pract."
_CITATION_TAIL = re.compile(
    r"^\(?(?:1[89]|20)\d{2}[a-z]?(?:\s[A-Z][a-z]{2,8}\.?(?:\s\d{1,2})?)?\)?\s*[;:(,]")
# a source or page pointer in brackets after the full stop ends the sentence before it, even
# glued to the next: "… verlagen. (Bron: American Heart Association)Bloeddruk…", "… (p. 43)"
_LEADING_SOURCE = re.compile(
    r"^\((?:p|pp|blz|pag|bron|bronnen|source|sources|ref)\b\.?[^()\n]{0,80}\)"
    r"(?=\s*[\"“‘'(«„*\[]*[A-ZÀ-Ý]|\s*$)", re.IGNORECASE)
# a single capital after a word that names a series ("vitamine D.", "hepatitis B.", "type A.")
# and a degree after a name ("MD, PhD.") end a sentence when a capitalised word follows
_LETTER_STOP = re.compile(
    r"\b(?:(?i:vitamine?s?|hepatitis|type|groep|group|fase|phase|stadium|stage|klasse|class)"
    r"\s[A-Z]|MD|PhD|MSc|BSc|MPH|RN|FRCP|PharmD|DNP)\.(?=\s+[\"“‘'(«„*\[]*[A-ZÀ-Ý][a-zà-ÿ'’])")
# titles and names with a full stop that never end a sentence ("Mc. Donalds", "Dr. Sarno")
_TITLE_ABBREVIATION = re.compile(r"\b(?:Mc|Mac|St|Dr|Drs|Mr|Mrs|Ms|Prof|Dhr|Mw|Ir|Ing|Jr|Sr|Capt"
                                 r"|Col|Gen|Lt|Sgt|Rev|Gov|Sen|Rep|Hon|Fr|Mt|Ft|Pvt|PVT)\.$|^P\.?S\.$")
# an emoticon after a stop closes that sentence ("great! :P you get" → "great! :P" | "you get")
_EMOTICON = re.compile(r"(?:[:;=]['-]?[()\[\]PpDdOo/\\|*]+|<3|\^\^|xD)(?=\s|$)")
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
_ENDS_IN_NUMBER = re.compile(r"\d\)?\.?$")
# "Hensing, T., Chawla, A." (APA) or "Tyler VE." / "Schulz V, Hansel R" (Vancouver)
# (after "Schulz V," comes another author or "et al": "Vitamine D, calcium en …" is prose)
_AUTHOR_INITIALS = re.compile(
    r"[A-Z][\w'’-]+(?:,\s(?:[A-Z]\.\s?){1,3}"
    r"|\s[A-Z]{1,3}(?:\.|,\s?(?=[A-Z][\w'’-]*\s[A-Z]|et al)))")
_YEAR = re.compile(r"\b(?:1[89]|20)\d{2}\b")
_OPENERS = "\"“‘'([«*_"
# spans no sentence boundary may fall inside: a markdown link "[label](url)", a short bracket
# ("[3]", "[noot 1]"), an e-mail address, a URL (one flat alternation: linear time)
_PROTECTED = re.compile(
    r"\[[^\[\]\n]{0,300}\]\((?:https?://|www\.|/)[^)\s]{0,2000}\)|\[[^\[\]\n]{1,40}\]"
    r"|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://|www\.)[^\s<>()\[\]\"“”]+")
# what a sentence may end with that opens the next one: Dutch ,, and curly quotes and brackets
# after a space or a stop, a straight quote, * or _ or an attribution dash ("-- ", "—") after a
# space (scanned back from the end by :func:`_opener_start`, no regex: runs of dashes are common)
_OPENERS_AFTER_STOP = "“‘«„(["
_OPENERS_AFTER_SPACE = "\"*_—–-"
# what a sentence may start with that closes the one before: curly closers, or a straight quote,
# '' or emphasis mark followed by a space ('" --Ben Goldacre' after 'terminology.')
_LEADING_CLOSERS = re.compile(r"(?:[”’»]+|(?:''|[\"*_])+(?=\s))")  # .match(text, pos)
# "No. 1 cause": a number word's full stop before a number
_NUMBER_STOP = re.compile(r"\b(?:No|Nos|Nr|Nrs|Vol|Fig|Art|p|pp|blz|nr|no)\.$")
# an abbreviation's stop before lower case or a number ("et al. found", "approx. 10", "m.i. een")
_ABBREVIATION_STOP = re.compile(r"\b(?:et al|e\.g|i\.e|m\.i|o\.a|d\.w\.z|yrs?|vs|max|min|ong|"
                                + "|".join(sorted(_ABBREVIATIONS)) + r")\.$", re.IGNORECASE)
# a question or exclamation closed by a quote or emphasis mark ("a silent *“I’m sorry!”* to")
_CLOSED_EXCLAMATION = re.compile(r"[?!][”\"'’»*_)\]]+$")
# "?" standing in for lost quotes ("een soort ?kramp? gevoel")
_QUESTION_QUOTES = re.compile(r"(?:^|\s)\?[^\s?][^?]{0,40}\?$")

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
    cuts += [m.start() for m in _GLUED_OPENER.finditer(piece)]
    cuts += [m.end() for m in _AFTER_MARKERS.finditer(piece)]
    for m in _AFTER_DIGITS.finditer(piece):  # not "No.1 Product", "Vol.2 Issue"
        word = re.search(r"(\w+)[.!?]$", piece[max(0, m.start() - 40):m.start()])
        if not (word and word.group(1).lower() in _NUMBER_WORDS):
            cuts.append(m.end())
    cuts += [m.end() for m in _AFTER_PAREN_MARKERS.finditer(piece)]
    cuts += [m.end() for m in _UNPUNCTUATED_ENDS.finditer(piece)]
    cuts += [m.end() for m in _LETTER_STOP.finditer(piece)]
    for m in _MISSED_STOP.finditer(piece):
        before = piece[max(0, m.start() - 40):m.start()]
        word = re.search(r"(\w+)[.!?…]$", before)
        if (word and word.group(1).lower() not in _ABBREVIATIONS) or before.endswith(".."):
            cuts.append(m.start())  # "agreement.. The", "years,... Great"
    cuts = sorted(set(cuts))
    if cuts:  # protect tokens that look like URLs or file names (checked token by token: linear)
        protected = [(t.start(), t.end()) for t in re.finditer(r"\S+", piece)
                     if _URLISH.search(t.group())]
        protected += [(m.start(), m.end()) for m in _PROTECTED.finditer(piece)]
        cuts = [c for c in cuts if not any(a < c < b for a, b in protected)]
    bounds = [0, *cuts, len(piece)]
    return [(start + a, start + b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def _starts_lower(text: str) -> bool:
    stripped = text.lstrip(_OPENERS + " ")
    return bool(stripped) and stripped[0].islower()


def _merge_protected(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join sentences whose boundary falls inside a link, a short bracket, an e-mail address or
    a URL (sorted intervals and sorted boundaries: one linear walk)."""
    if len(spans) < 2:
        return spans
    intervals = [(m.start(), m.end()) for m in _PROTECTED.finditer(text)]
    out: list[tuple[int, int]] = [spans[0]]
    k = 0
    for start, end in spans[1:]:
        cut = out[-1][1]
        while k < len(intervals) and intervals[k][1] <= cut:
            k += 1
        if k < len(intervals) and intervals[k][0] < cut < intervals[k][1] or (
                k < len(intervals) and intervals[k][0] < start < intervals[k][1]):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _shift_quotes(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Openers left at the end of a sentence move to the next; closers at the start of the next
    move back ("ever available. --" + "Frances M. Berg", "terminology." + '" --Ben')."""
    moved: list[tuple[int, int]] = []
    for start, end in spans:
        if moved:
            ps, pe = moved[-1]
            closer = _LEADING_CLOSERS.match(text, start, end)
            if closer and closer.end() < end and text[pe:start].strip() == "":
                moved[-1] = (ps, closer.end())
                start, end = strip_span(text, closer.end(), end)
                ps, pe = moved[-1]
            cut = _opener_start(text, ps, pe)
            if cut < pe and text[ps:cut].strip():
                moved[-1] = strip_span(text, ps, cut)
                start = cut
        if end > start:
            moved.append((start, end))
    return moved


def _opener_start(text: str, start: int, end: int) -> int:
    """Where the run of openers that ends ``text[start:end]`` begins (``end``: none).

    >>> text = "ever available. -- Frances"
    >>> text[_opener_start(text, 0, 18):18]
    '--'
    """
    i = end
    while i > start:
        before = text[i - 2] if i - 2 >= start else " "
        if text[i - 2:i] == ",," and i - 2 > start and text[i - 3] in " \t\n.!?":
            i -= 2
        elif text[i - 1] in _OPENERS_AFTER_STOP and (before.isspace() or before in ".!?"):
            i -= 1
        elif text[i - 1] in _OPENERS_AFTER_SPACE and before.isspace():
            i -= 1
        elif (text[i - 1] == "'" and i == end and before.isspace() and end < len(text)
              and text[end].isalnum()):  # "relax. '" + "Electric' blanket": an opener
            i -= 1
        elif text[i - 1] == "-" and before == "-":
            j = i - 1
            while j > start and text[j - 1] == "-":
                j -= 1
            if j == start or not text[j - 1].isspace():
                break
            i = j
        else:
            break
    return i


def _continues(prev: str, piece: str, glued: bool) -> bool:
    """Whether ``piece`` continues the sentence ``prev`` (see the module docstring)."""
    lower = _starts_lower(piece)
    if glued and piece[:1].islower():  # "?kramp": no space, lower case: not a boundary
        return True
    if prev.endswith((",", ";")) and not _SALUTATION.fullmatch(prev) or (
            _NUMBER_STOP.search(prev) and piece[:1].isdigit()) or (
            (lower or piece[:1].isdigit()) and _ABBREVIATION_STOP.search(prev)):
        return True
    if lower and (_CLOSED_EXCLAMATION.search(prev) or _QUESTION_QUOTES.search(prev)):
        return True
    unclosed = prev.count("(") > prev.count(")") and ")" in piece[:80]
    quoted_question = prev.rstrip()[-1:] in "?!" and lower and _open_quote(prev)
    return bool(_marker_only(piece) or unclosed or quoted_question
                or _CITATION_TAIL.match(piece)
                or _TITLE_ABBREVIATION.search(prev) or _BANG_NAME.search(prev))


def _postprocess(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in _shift_quotes(text, spans):
        piece = text[start:end]
        source = _LEADING_SOURCE.match(piece)
        lead = _LEADING_MARKERS.match(piece) or source
        if lead and (out or source and piece[source.end():].strip()):
            # "(1)(2) De kans …": the markers end the sentence before (a source pointer that
            # opens a block glued to its text is a sentence of its own)
            if out:
                out[-1] = (out[-1][0], start + lead.end())
            else:
                out.append((start, start + lead.end()))
            start = start + lead.end() + (len(piece[lead.end():]) - len(piece[lead.end():]
                                                                       .lstrip()))
            if start >= end:  # the pointer was all there was: "… prikkel. (p. 43)"
                continue
            piece = text[start:end]
        emoticon = _EMOTICON.match(piece)
        if out and emoticon and out[-1][1] < start:  # "great!" + ":P you get …"
            out[-1] = (out[-1][0], start + emoticon.end())
            start, end = strip_span(text, start + emoticon.end(), end)
            if end <= start:
                continue
            piece = text[start:end]
        if out and _continues(text[out[-1][0]:out[-1][1]], piece, out[-1][1] == start):
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


def looks_like_reference(text: str) -> bool:
    """A paragraph that is one reference entry: it opens with an author and initials ("Kim, H.,",
    "Tyler VE."; inline tags such as ``<sub>`` or emphasis around it ignored), holds a year and
    ends in a number (pages, volume, year), as reference entries do and prose rarely does.

    >>> looks_like_reference("<sub>Kim, H., and B. Cho. [Therapy](http://x.org/1). *Lung "
    ...                      "Cancer*. 2013. 80(3):249-55.</sub>")
    True
    >>> looks_like_reference("Tyler VE. Herbs of Choice. Binghamton, NY: Pharma Press, 1994.")
    True
    >>> looks_like_reference("Chiropractors, in America, treat too much. A 2010 study said so.[4]")
    False
    """
    core = text.strip()
    for _ in range(3):  # "<sub>…</sub>", "*…*" around the entry
        core = core.strip("*_ ")
        for tag in ("sub", "sup", "small", "i", "em", "b"):
            core = core.removeprefix(f"<{tag}>").removesuffix(f"</{tag}>")
    return len(core) < 1000 and bool(_AUTHOR_INITIALS.match(core) and _YEAR.search(core)
                                     and _ENDS_IN_NUMBER.search(core))


def split_sentences_many(blocks: list[str], lang: str) -> list[list[tuple[int, int]]]:
    """Split each block of ``blocks``; offsets are relative to each block."""
    nlp = _pipeline(lang)
    pieces: list[tuple[int, int, int]] = []  # (block index, chunk start, chunk end)
    for b, block in enumerate(blocks):
        for cs, ce in _chunks(block):
            pieces.append((b, cs, ce))
    raw: list[list[tuple[int, int]]] = [[] for _ in blocks]
    docs = nlp.pipe((blocks[b][cs:ce] for b, cs, ce in pieces), batch_size=256)
    spacy_spans: list[list[tuple[int, int]]] = [[] for _ in blocks]
    for (b, cs, _), doc in zip(pieces, docs, strict=True):
        for sent in doc.sents:
            s, e = strip_span(blocks[b], cs + sent.start_char, cs + sent.end_char)
            if e > s:
                spacy_spans[b].append((s, e))
    for b, spans in enumerate(spacy_spans):
        for s, e in _merge_protected(blocks[b], spans):
            raw[b].extend(_split_glued(blocks[b], s, e))
    out = []
    for b, spans in enumerate(raw):
        spans = [strip_span(blocks[b], s, e) for s, e in spans]
        out.append(_postprocess(blocks[b], [(s, e) for s, e in spans if e > s]))
    return out


def split_sentences(text: str, lang: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of one block of ``text`` in language ``lang``."""
    return split_sentences_many([text], lang)[0]
