"""Boilerplate spans: per-line marks merged into spans, and the leftovers between units.

>>> strip_span("  ab ", 0, 5)
(2, 4)
>>> [(b.start, b.end, b.reason) for b in leftovers("- Rust\\n", [Unit("list_item", 2, 6)], [])]
[(0, 1, 'markup')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    """A boilerplate span with its reason."""

    start: int
    end: int
    reason: str


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit that sentence splitting works on: a heading, a list item or a paragraph block."""

    kind: str  # heading | list_item | paragraph
    start: int
    end: int
    level: int = 0  # headings only


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` narrowed to exclude leading and trailing whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def merge_spans(text: str, marks: list[tuple[int, int, str]]) -> list[Span]:
    """Merge per-line boilerplate marks into spans: adjacent lines with one reason become one."""
    spans: list[Span] = []
    for start, end, reason in sorted(marks):
        start, end = strip_span(text, start, end)
        if start >= end:
            continue
        if spans and spans[-1].reason == reason and not text[spans[-1].end:start].strip():
            spans[-1] = Span(spans[-1].start, end, reason)
        else:
            spans.append(Span(start, end, reason))
    return spans


_MARKUP = re.compile(r"^(?:[-*+•·▪●◦‣–#>|=_~`]+|\(?\d{1,3}[.)]|\[\d{1,3}\])$")


def leftovers(text: str, units: list[Unit], boilerplate: list[Span]) -> list[Span]:
    """Text in no unit and no boilerplate span — list bullets and numbers, heading and emphasis
    marks — as boilerplate (reason ``markup``; anything else ``dropped``), so that nothing the
    parser sets aside is lost. Linear: one sweep over the gaps between spans."""
    spans = sorted([(u.start, u.end) for u in units] + [(b.start, b.end) for b in boilerplate])
    out: list[Span] = []
    pos = 0
    for start, end in [*spans, (len(text), len(text))]:
        if start > pos:
            for m in re.finditer(r"\S+", text[pos:start]):
                reason = "markup" if _MARKUP.match(m.group()) else "dropped"
                a, b = pos + m.start(), pos + m.end()
                if out and out[-1].reason == reason and not text[out[-1].end:a].strip(" \t"):
                    out[-1] = Span(out[-1].start, b, reason)
                else:
                    out.append(Span(a, b, reason))
        pos = max(pos, end)
    return out
