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

import re
from dataclasses import dataclass
from pathlib import Path

from claimscope.errors import CodebookError
from claimscope.resources import data_path, load_spec
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
    """Compiled cue patterns: ``types[type][lang]``, ``hedges[lang]``, ``cancels[lang]``, …"""

    types: dict[str, dict[str, re.Pattern[str]]]
    hedges: dict[str, re.Pattern[str]]
    cancels: dict[str, re.Pattern[str]]
    boosters: dict[str, re.Pattern[str]]
    skip_headings: bool
    question: re.Pattern[str]
    source: str
    sha256: str = ""


def default_codebook_path() -> Path:
    """The codebook that ships with claimscope."""
    return data_path("codebook.yml")


def _compile(patterns: list[str], where: str, source: str) -> re.Pattern[str]:
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise CodebookError(f"{source}: {where} must be a list of regular expressions")
    for p in patterns:
        try:
            re.compile(p)
        except re.error as err:
            raise CodebookError(f"{source}: {where}: bad pattern {p!r}: {err}") from err
    if not patterns:
        return re.compile(r"(?!x)x")  # matches nothing
    return re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in patterns) + r")\b", re.IGNORECASE)


def _per_language(block: dict, where: str, source: str) -> dict[str, re.Pattern[str]]:
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
    try:
        question_pattern = re.compile(question)
    except re.error as err:
        raise CodebookError(f"{source}: not_a_claim.questions: bad pattern: {err}") from err
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


def _languages(language: str, patterns: dict[str, re.Pattern[str]]) -> list[re.Pattern[str]]:
    if language in patterns:
        return [patterns[language]]
    return list(patterns.values())


def _matches(label: str, text: str, patterns: list[re.Pattern[str]]) -> list[Cue]:
    found = {(m.start(), m.end()): Cue(label, m.start(), m.end(), m.group())
             for p in patterns for m in p.finditer(text) if m.end() > m.start()}
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
