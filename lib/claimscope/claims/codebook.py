"""The claim-type codebook as data: cue patterns per type and language, hedges and boosters.

The patterns live in ``claimscope/data/codebook.yml``; a user file replaces it
(``cs.load_corpus(..., codebook="my.yml")``), so adding or removing a cue changes results
without a code change.

>>> book = load_codebook()
>>> [(c.label, c.text) for c in find_cues(
...     "Prolotherapie is een veilige behandeling en kent nagenoeg geen bijwerkingen.", "nl", book)]
[('safety', 'veilige'), ('safety', 'bijwerkingen')]
>>> certainty_of("Het zou de pijn dus kunnen stoppen.", "nl", book)[0]
'hedged'
>>> certainty_of("Je kunt niet zonder.", "nl", book)[0]
'assertive'
"""

from __future__ import annotations

import functools
import heapq
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimscope.citations.links import prose_view, text_span
from claimscope.errors import CodebookError, ConfigError
from claimscope.resources import data_path, load_spec, read_yaml
from claimscope.safe_regex import Pattern, compile_pattern, engine, strings_in
from claimscope.schema import CLAIM_TYPES

LANGUAGES = ("nl", "en")



@dataclass(frozen=True)
class Cue:
    """One matched cue: ``label`` is a claim type, ``hedge`` or ``booster``; span in the text."""

    label: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Codebook:
    """Compiled cue patterns: ``types[type][lang]``, ``hedges[lang]``, ``cancels[lang]``, …
    (each a tuple of patterns, tried like one alternation in the listed order)."""

    types: dict[str, dict[str, tuple[Pattern, ...]]]
    hedges: dict[str, tuple[Pattern, ...]]
    cancels: dict[str, tuple[Pattern, ...]]
    boosters: dict[str, tuple[Pattern, ...]]
    skip_headings: bool
    question: Pattern
    source: str
    sha256: str = ""


def default_codebook_path() -> Path:
    """The codebook that ships with claimscope."""
    return data_path("codebook.yml")


_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")


def _wrap(pattern: str) -> str:
    """``\\b(?:pattern)\\b``, with inline global flags (``(?i)``) kept at the front."""
    flags = ""
    while match := _GLOBAL_FLAGS.match(pattern):
        flags += match.group()
        pattern = pattern[match.end():]
    return flags + r"\b(?:" + pattern + r")\b"


@functools.cache
def _shipped_patterns() -> frozenset[str]:
    return strings_in(read_yaml(default_codebook_path(), CodebookError, "codebook"))


_NOT_JOINABLE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(|^\(\?[aiLmsux]+\)")


def _joined(patterns: list[str]) -> Pattern:
    """One alternation of shipped patterns: on RE2 where the translation expresses it (the same
    matches as Python's engine, in linear time and about twice as fast on these word lists;
    ``tests/test_codebook_engines.py`` compares both), else on Python's engine."""
    source = r"\b(?:" + "|".join(f"(?:{p})" for p in patterns) + r")\b"
    try:
        fast = compile_pattern(source, re.IGNORECASE, where="the shipped codebook")
    except ConfigError:
        fast = None
    return fast if engine(fast) == "re2" else re.compile(source, re.IGNORECASE)


def _compile(patterns: list[str], where: str, source: str) -> tuple[Pattern, ...]:
    """Each pattern compiled on its own, wrapped in word boundaries (a user's new pattern can
    never hang: :mod:`claimscope.safe_regex`); they are tried like one alternation in the listed
    order (:func:`_alternation`).

    Only for speed, neighbouring shipped patterns without inline flags or group references are
    also joined into one alternation, which matches exactly as the separate ones would (an
    alternation of alternations is the same alternation).
    """
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise CodebookError(f"{source}: {where} must be a list of regular expressions")
    shipped = _shipped_patterns()
    blocks: list[Pattern] = []
    run: list[str] = []
    for i, p in enumerate(patterns, 1):
        if p in shipped and not _NOT_JOINABLE.search(p):
            run.append(p)  # compiled once, inside its block's alternation (_joined)
            continue
        try:
            re.compile(p)  # syntax only (compiling never matches), so the message shows p
        except (re.error, OverflowError, RecursionError) as err:
            raise CodebookError(f"{source}: {where} #{i}: bad pattern {p!r}: {err}") from None
        compiled = compile_pattern(_wrap(p), re.IGNORECASE, where=f"{source}: {where} #{i}",
                                   error=CodebookError, trusted=p in shipped)
        if run:
            blocks.append(_joined(run))
            run = []
        blocks.append(compiled)
    if run:
        blocks.append(_joined(run))
    return tuple(blocks)


def _per_language(block: dict, where: str, source: str) -> dict[str, tuple[Pattern, ...]]:
    if not isinstance(block, dict):
        raise CodebookError(f"{source}: {where} must map languages (nl, en) to pattern lists")
    unknown = sorted(set(block) - set(LANGUAGES))
    if unknown:
        raise CodebookError(f"{source}: {where}: unknown language key(s) {unknown}; sentences "
                            f"are identified as {list(LANGUAGES)} (others use every list)")
    return {lang: _compile(block.get(lang) or [], f"{where}.{lang}", source)
            for lang in sorted(set(block) | set(LANGUAGES))}


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Read and compile a codebook file (default: the shipped ``data/codebook.yml``).

    A file that starts with ``extends: default`` adds its cues to the shipped codebook's.
    """
    loaded = load_spec(path, "codebook.yml", CodebookError, "codebook")
    spec, source = loaded.content, loaded.source
    if not isinstance(spec, dict) or not isinstance(spec.get("types"), dict):
        raise CodebookError(f"{source}: a codebook needs a 'types' mapping")
    unknown = set(spec["types"]) - set(CLAIM_TYPES)
    if unknown:
        raise CodebookError(f"{source}: unknown claim types {sorted(unknown)}; "
                            f"the codebook defines {list(CLAIM_TYPES)}")
    certainty = spec.get("certainty") or {}
    not_a_claim = spec.get("not_a_claim") or {}
    for name, block in (("certainty", certainty), ("not_a_claim", not_a_claim)):
        if not isinstance(block, dict):
            raise CodebookError(f"{source}: '{name}' must be a mapping")
    question = not_a_claim.get("questions") or r"(?!x)x"
    if not isinstance(question, str):
        raise CodebookError(f"{source}: not_a_claim.questions must be one regular expression")
    question_pattern = compile_pattern(question, where=f"{source}: not_a_claim.questions",
                                       error=CodebookError,
                                       trusted=question in _shipped_patterns()
                                       or not not_a_claim.get("questions"))
    return Codebook(
        types={t: _per_language(spec["types"].get(t) or {}, f"types.{t}", source)
               for t in CLAIM_TYPES},
        hedges=_per_language(certainty.get("hedges") or {}, "certainty.hedges", source),
        cancels=_per_language(certainty.get("cancels") or {}, "certainty.cancels", source),
        boosters=_per_language(certainty.get("boosters") or {}, "certainty.boosters", source),
        skip_headings=bool(not_a_claim.get("headings", True)),
        question=question_pattern,
        source=source,
        sha256=loaded.sha256,
    )


def _languages(language: str, patterns: dict[str, tuple[Pattern, ...]]
               ) -> list[tuple[Pattern, ...]]:
    if language in patterns:
        return [patterns[language]]
    return list(patterns.values())


def _alternation(patterns: tuple[Pattern, ...], text: str) -> Iterator[Any]:
    """The matches one alternation ``p1|p2|…`` of the patterns would give, left to right: at
    the leftmost position where any pattern matches, the first pattern listed wins, and the
    search goes on after its match. Each pattern keeps its own flags and groups.

    Every pattern's next match waits in a heap; one that an earlier match overlapped is searched
    again from the end of that match when it comes up, so the work grows with the matches, not
    with matches times patterns.
    """
    pos = 0
    heap = [(m.start(), i, m) for i, p in enumerate(patterns) if (m := p.search(text))]
    heapq.heapify(heap)
    while heap:
        start, i, match = heapq.heappop(heap)
        if start < pos:
            again = patterns[i].search(text, pos)
            if again is not None:
                heapq.heappush(heap, (again.start(), i, again))
            continue
        yield match
        pos = match.end() if match.end() > start else match.end() + 1
        if pos <= len(text) and (again := patterns[i].search(text, pos)) is not None:
            heapq.heappush(heap, (again.start(), i, again))


def _matches(label: str, text: str, groups: list[tuple[Pattern, ...]]) -> list[Cue]:
    """Cues of one family, matched on what a reader sees (:func:`prose_view`: no URL or link
    syntax); offsets and cue text are the sentence's own (``text[start:end]``)."""
    view, index = prose_view(text)
    found = {}
    for patterns in groups:
        for m in (patterns[0].finditer(view) if len(patterns) == 1 else
                  _alternation(patterns, view)):
            if m.end() > m.start():
                s, e = text_span(index, m.start(), m.end())
                found.setdefault((s, e), Cue(label, s, e, text[s:e]))
    return [found[k] for k in sorted(found)]


def find_cues(text: str, language: str, book: Codebook) -> list[Cue]:
    """Claim-type cues in ``text`` (sorted by type order, then position)."""
    return [cue for t in CLAIM_TYPES
            for cue in _matches(t, text, _languages(language, book.types[t]))]


def is_question(text: str, book: Codebook) -> bool:
    """Questions are not claims (CODEBOOK)."""
    return bool(book.question.search(text.strip()))


def certainty_of(text: str, language: str, book: Codebook) -> tuple[str, Cue | None]:
    """``("hedged", hedge cue)`` if a hedge is not cancelled, else ``("assertive", booster)``."""
    cancelled = [(c.start, c.end) for c in
                 _matches("cancel", text, _languages(language, book.cancels))]
    for cue in _matches("hedge", text, _languages(language, book.hedges)):
        if not any(s <= cue.start and cue.end <= e for s, e in cancelled):
            return "hedged", cue
    boosters = _matches("booster", text, _languages(language, book.boosters))
    return "assertive", (boosters[0] if boosters else None)


def boosters_in(text: str, language: str, book: Codebook) -> list[Cue]:
    """Booster cues ("bewezen", "completely", …) in ``text``."""
    return _matches("booster", text, _languages(language, book.boosters))
