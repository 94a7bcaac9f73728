"""Document structure: lines → boilerplate spans, headings, list items, paragraph blocks, sections.

Everything works on offsets into the normalised text, so every unit and span can be cut back out of
it exactly. The output feeds sentence splitting (:mod:`claimscope.sentences`).

>>> from claimscope.parse.boilerplate import load_rules
>>> s = parse_structure("Skip to main content\\n\\n# Title\\n\\nSome text here.\\n", load_rules())
>>> [(b.reason, b.start, b.end) for b in s.boilerplate]
[('navigation', 0, 20), ('markup', 22, 23)]
>>> [(u.kind, u.start, u.end) for u in s.units]
[('heading', 24, 29), ('paragraph', 31, 46)]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from claimscope.parse.boilerplate import Rules
from claimscope.parse.spans import Span, Unit, leftovers, merge_spans, strip_span  # noqa: F401

MAX_HEADING_WORDS = 12
MAX_HEADING_CHARS = 120
MAX_COLON_HEADING_WORDS = 6

_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
_BOLD_LINE = re.compile(r"^\*\*(.+?)\*\*:?$")
_NUMBERED_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?[ \t]+(\S.*)$")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+•·▪●◦‣–]|\(?\d{1,3}[.)]|\[\d{1,3}\])[ \t]+(?=\S)")
_FENCE = re.compile(r"^[ \t]*(```|~~~)")
_BLOCKQUOTE = re.compile(r"^[ \t]*>[ \t]?")
_TOC_TITLE = re.compile(
    r"^(inhoudsopgave|inhoud|table of contents|contents|in dit artikel|in this article)\s*:?$",
    re.IGNORECASE,
)
_TERMINAL = ".!?;:…\"”’)»"
# a citation marker after the final full stop ("weken.1", "months.¹", "pijn.[2]"); one flat
# character class, so no backtracking however many digits follow
_TRAILING_MARKER = re.compile(r"(?<=[.!?])[\d¹²³⁴⁵⁶⁷⁸⁹⁰,–\-\[\]]{1,12}$")
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the text: ``text == full_text[start:end]`` (no newline)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Section:
    """A flat section: from its heading to the next heading (or the end of the text)."""

    section_id: int
    heading: str | None
    level: int
    start: int
    end: int
    parent_id: int  # -1 for top-level sections


@dataclass(frozen=True)
class Structure:
    """The structure of one document."""

    boilerplate: list[Span]
    units: list[Unit]
    sections: list[Section]


def split_lines(text: str) -> list[Line]:
    """Split ``text`` into lines with offsets (newline excluded).

    >>> split_lines("a\\nbc")
    [Line(start=0, end=1, text='a'), Line(start=2, end=4, text='bc')]
    """
    lines = []
    pos = 0
    for raw in text.split("\n"):
        lines.append(Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return lines


def normalise_heading(text: str) -> str:
    """Lower-case, accent-free, numbering- and punctuation-free form used to compare headings.

    >>> normalise_heading("- 6.1 Zenuwbeknelling?")
    'zenuwbeknelling'
    """
    text = _LIST_ITEM.sub("", text.strip())
    text = re.sub(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+", "", text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_WORD.findall(text.lower()))


def _word_count(text: str) -> int:
    return len(text.split())


def _is_label_value(text: str) -> bool:
    """'Nadelen: geen' — a label followed by a value, not a heading."""
    head, sep, tail = text.partition(":")
    return bool(sep) and bool(tail.strip())


def _short_heading(text: str) -> bool:
    """A short title-like line: few words, no sentence-final punctuation, capitalised."""
    words = _word_count(text)
    if not 1 <= words <= MAX_HEADING_WORDS or len(text) > MAX_HEADING_CHARS:
        return False
    core = _TRAILING_MARKER.sub("", text) or text  # "… weken.1", "… months.¹"
    if core[-1] in ".;,!…" or text.startswith(("(", "[", "\"", "“", "'")):
        return False
    if re.search(r"[.!?]\s+[A-Z]", text):  # two sentences are no heading
        return False
    if not (text[0].isupper() or text[0].isdigit()):
        return False
    if _is_label_value(text):
        return False
    if text.endswith(":") and words > MAX_COLON_HEADING_WORDS:
        return False
    if text.count(",") >= 2 or "http" in text.lower():
        return False
    return True


def _numbered_heading(text: str) -> int | None:
    """Level of a numbered heading ('6.1 Vitamine B12 …' → 3), else None."""
    m = _NUMBERED_HEADING.match(text)
    if not m:
        return None
    rest, number = m.group(2), m.group(1).rstrip(".")
    capitalised = rest[0].isupper() or rest[0] in "\"“'"
    if not (capitalised or "." in number) or _word_count(rest) > 15:
        return None
    if rest[-1] in ".;,!" or _is_label_value(rest):
        return None
    return 2 + number.count(".")


def _classify(lines: list[Line], is_boiler: list[bool]) -> list[tuple[str, int, int, int]]:
    """Classify non-boilerplate lines: (kind, content_start, content_end, level) per line.

    kind: blank | heading | list_item | paragraph | boiler
    """
    out: list[tuple[str, int, int, int]] = []
    in_colon_list = False
    md_level_seen = 0
    for i, line in enumerate(lines):
        if is_boiler[i]:
            out.append(("boiler", line.start, line.end, 0))
            in_colon_list = False
            continue
        stripped = line.text.strip()
        if not stripped:
            out.append(("blank", line.start, line.end, 0))
            in_colon_list = False
            continue
        lead = len(line.text) - len(line.text.lstrip())
        cstart, cend = line.start + lead, line.start + lead + len(stripped)
        quote = _BLOCKQUOTE.match(line.text)
        if quote:
            inner = line.text[quote.end():].strip()
            if not inner:
                out.append(("blank", line.start, line.end, 0))
                continue
            cstart = line.start + quote.end() + (len(line.text[quote.end():]) -
                                                  len(line.text[quote.end():].lstrip()))
            cend = cstart + len(inner)
            stripped = inner
        m = _MD_HEADING.match(stripped)
        if m:
            level = len(m.group(1))
            md_level_seen = level
            hs = cstart + m.start(2)
            out.append(("heading", hs, hs + len(m.group(2)), level))
            in_colon_list = False
            continue
        m = _BOLD_LINE.match(stripped)
        if m and _word_count(m.group(1)) <= 25:
            hs = cstart + m.start(1)
            out.append(("heading", hs, hs + len(m.group(1)), min(6, md_level_seen + 1) or 3))
            in_colon_list = False
            continue
        prev_kind = next((c[0] for c in reversed(out) if c[0] != "blank"), "")
        level = _numbered_heading(stripped)
        list_like = bool(re.match(r"^\d{1,3}[.)]\s", stripped))  # "1. …" may be a list item
        if level is not None and not (list_like and (in_colon_list or prev_kind == "list_item")):
            out.append(("heading", cstart, cend, level))
            in_colon_list = stripped.endswith(":")
            continue
        m = _LIST_ITEM.match(line.text)
        if m and stripped.startswith("[") and out and out[-1][0] == "paragraph" and \
                lines[i - 1].text.rstrip()[-1:] in ".!?" and \
                not _bracket_list_follows(lines, i, line.text[m.end():]):
            m = None  # "werkt.\n[3] Dat": a marker opening the next sentence, not a list
        if m:
            out.append(("list_item", line.start + m.end(), cend, 0))
            continue
        short = _word_count(stripped) <= MAX_HEADING_WORDS
        if in_colon_list and short and stripped[-1] not in ".!?":
            out.append(("list_item", cstart, cend, 0))
            continue
        in_colon_list = False
        next_text = lines[i + 1].text.strip() if i + 1 < len(lines) else ""
        continues = bool(next_text) and (next_text[0].islower() or (  # a hard-wrapped sentence
            next_text[:1] == "[" and next_text[1:2].islower()))  # "develop\n [food allergies](…)"
        if _short_heading(stripped) and not continues:
            out.append(("heading", cstart, cend, 0))
            in_colon_list = stripped.endswith(":")
            continue
        out.append(("paragraph", cstart, cend, 0))
        in_colon_list = stripped.endswith(":")
    return out


def _apply_line_rules(lines: list[Line], rules: Rules, prefixes: list[tuple[int, int, str]]
                      ) -> list[str | None]:
    """The boilerplate reason of each line; a ``prefix`` rule's match goes to ``prefixes`` and
    is cut off its line (in place) instead."""
    reasons: list[str | None] = [None] * len(lines)
    in_fence = False
    i = 0
    while i < len(lines):
        text = lines[i].text
        if rules.enabled("code_block") and (_FENCE.match(text) or in_fence):
            if _FENCE.match(text):
                in_fence = not in_fence
            reasons[i] = "code_block"
            i += 1
            continue
        rule = rules.match_line(text)
        if rule is None:
            i += 1
            continue
        if rule.extent == "prefix":  # only the matched start of the line: "date 2021-06 Tekst"
            line = lines[i]
            lead = len(line.text) - len(line.text.lstrip())
            cut = lead + rule.pattern.match(line.text.strip()).end()
            prefixes.append((line.start + lead, line.start + cut, rule.reason))
            lines[i] = Line(line.start + cut, line.end, line.text[cut:])
            i += 1
            continue
        if rule.extent == "suffix":  # only the matched end: "… 1999;5:42-51. View abstract."
            line = lines[i]
            lead = len(line.text) - len(line.text.lstrip())
            cut = lead + rules.suffix_start(rule, line.text.strip())
            if cut > lead:
                prefixes.append((line.start + cut, line.start + len(line.text.rstrip()),
                                 rule.reason))
                lines[i] = Line(line.start, line.start + cut, line.text[:cut])
                i += 1
                continue
        reasons[i] = rule.reason
        if rule.extent == "to_end":
            for j in range(i + 1, len(lines)):
                reasons[j] = rule.reason
            break
        if rule.extent == "next_lines":
            taken, j = 0, i + 1
            while j < len(lines) and taken < rule.lines:
                if lines[j].text.strip():
                    reasons[j] = rule.reason
                    taken += 1
                j += 1
            i = j
            continue
        i += 1
    return reasons


def _assign_levels(units: list[Unit]) -> list[Unit]:
    """Give unnumbered plain-text headings a level: the title 1, others below the current one."""
    out = []
    numbered_level = 1
    seen_heading = False
    for u in units:
        if u.kind != "heading":
            out.append(u)
            continue
        level = u.level
        if level == 0:
            level = 1 if not seen_heading else min(6, numbered_level + 1)
        elif level > 0:
            numbered_level = level
        seen_heading = True
        out.append(Unit(u.kind, u.start, u.end, level))
    return out


def _blocks(text: str, classes: list[tuple[str, int, int, int]]) -> list[Unit]:
    """Units: headings and list items alone; paragraph lines joined while a sentence continues."""
    units: list[Unit] = []
    prev_para: Unit | None = None
    for kind, start, end, level in classes:
        if kind == "paragraph":
            if (
                prev_para is not None
                and text[prev_para.end - 1] not in _TERMINAL
                and (text[start].islower() or text[start] == "["
                     or (text[prev_para.end - 1] == "," and prev_para.end - prev_para.start > 60))
            ):  # a hard-wrapped sentence: "… Academy of Allergy,\n Asthma", "develop\n [link]"
                prev_para = Unit("paragraph", prev_para.start, end)
                units[-1] = prev_para
                continue
            prev_para = Unit("paragraph", start, end)
            units.append(prev_para)
            continue
        prev_para = None
        if kind in ("heading", "list_item") and start < end:
            units.append(Unit(kind, start, end, level))
    return units


def _sections(text: str, units: list[Unit]) -> list[Section]:
    """Flat sections covering the whole text; text before the first heading is a preamble."""
    headings = [u for u in units if u.kind == "heading"]
    sections: list[Section] = []
    starts_with_heading = bool(headings) and units[0].kind == "heading"
    if not starts_with_heading:
        end = headings[0].start if headings else len(text)
        sections.append(Section(0, None, 0, 0, end, -1))
    stack: list[Section] = []
    for k, h in enumerate(headings):
        start = 0 if (k == 0 and starts_with_heading) else h.start
        end = headings[k + 1].start if k + 1 < len(headings) else len(text)
        while stack and stack[-1].level >= h.level:
            stack.pop()
        parent = stack[-1].section_id if stack else -1
        section = Section(len(sections), text[h.start:h.end], h.level, start, end, parent)
        sections.append(section)
        stack.append(section)
    return sections


def section_of(sections: list[Section], position: int) -> int:
    """The id of the section containing ``position`` (sections are contiguous and ordered)."""
    lo, hi = 0, len(sections) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if sections[mid].start <= position:
            lo = mid
        else:
            hi = mid - 1
    return sections[lo].section_id


def parse_structure(text: str, rules: Rules) -> Structure:
    """Find boilerplate, headings, list items, paragraph blocks and sections in ``text``."""
    lines = split_lines(text)
    prefixes: list[tuple[int, int, str]] = []
    reasons = _apply_line_rules(lines, rules, prefixes)
    classes = _classify(lines, [r is not None for r in reasons])
    if rules.enabled("table_of_contents"):
        from claimscope.parse.toc import toc_runs

        for i in toc_runs(classes, text):
            reasons[i] = "table_of_contents"
            classes[i] = ("boiler", lines[i].start, lines[i].end, 0)
    if rules.enabled("navigation_menu"):
        from claimscope.parse.menu import menu_runs

        for i in menu_runs(classes, text):
            reasons[i] = "navigation_menu"
            classes[i] = ("boiler", lines[i].start, lines[i].end, 0)
    if rules.enabled("repeated_title"):
        first = next((c for c in classes if c[0] == "heading"), None)
        if first is not None:
            title = normalise_heading(text[first[1]:first[2]])
            seen_first = False
            for i, c in enumerate(classes[:40]):
                if c[0] == "heading" and normalise_heading(text[c[1]:c[2]]) == title:
                    if seen_first:
                        reasons[i] = "repeated_title"
                        classes[i] = ("boiler", lines[i].start, lines[i].end, 0)
                    seen_first = True
    marks = [(lines[i].start, lines[i].end, r) for i, r in enumerate(reasons) if r is not None]
    marks = sorted(marks + prefixes)
    boilerplate = merge_spans(text, marks)
    units = _assign_levels(_blocks(text, classes))
    boilerplate = sorted(boilerplate + leftovers(text, units, boilerplate),
                         key=lambda b: (b.start, b.end))
    return Structure(boilerplate=boilerplate, units=units, sections=_sections(text, units))


def _bracket_list_follows(lines, i: int, rest: str) -> bool:
    """Whether line ``i`` ("[1] …") starts a bracket-numbered list: its text is a reference
    entry, or the next non-blank line opens with a bracket number too."""
    from claimscope.parse.sentences import looks_bibliographic, looks_like_reference

    if looks_like_reference(rest) or looks_bibliographic(rest):
        return True
    after = next((ln.text.strip() for ln in lines[i + 1:] if ln.text.strip()), "")
    return bool(re.match(r"\[\d{1,3}\]\s", after))
