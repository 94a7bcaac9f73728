"""Citations: references, markers, URLs and vague appeals, each with its exact span.

Kinds follow CODEBOOK.md. Detection runs on sentences only (boilerplate never yields citations);
the cue lists live in ``claimscope/data/citations.yml``.

>>> cues = load_cues()
>>> text = "Dit is bewezen (bron), (bron). Studies hebben aangetoond dat het werkt."
>>> [(c["kind"], c["text"]) for c in find_in_sentence(text, 0, "nl", cues)]
[('marker', '(bron)'), ('marker', '(bron)')]
>>> [(c["kind"], c["text"]) for c in find_in_sentence("Studies hebben aangetoond dat het werkt.",
...                                                    0, "nl", cues)]
[('vague_appeal', 'Studies hebben aangetoond')]
"""

from __future__ import annotations

import functools
import re
from collections.abc import Container
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pandas as pd

from claimscope.citations.links import (  # noqa: F401 - page_names: re-exported
    FRAGMENT_REF,
    HTML_LINK,
    MD_LINK,
    link_is_not_a_source,
    link_is_promotional,
    own_site_names,
    page_names,
    prose_view,
    text_span,
)
from claimscope.citations.references import parse_reference
from claimscope.errors import CuesError
from claimscope.parse.sentences import looks_bibliographic, looks_like_reference
from claimscope.resources import load_spec, read_yaml
from claimscope.safe_regex import Pattern, compile_pattern, strings_in
from claimscope.schema import CITATION_KINDS, SPECIFIC_KINDS

KINDS = CITATION_KINDS
SPECIFIC = SPECIFIC_KINDS
_TRAILING = ".,;:!?'\"”’»"
#: the marker cues that count in a heading (a study named by venue and year)
HEADING_MARKERS = frozenset({"venue_year"})


@dataclass(frozen=True)
class Cues:
    """Compiled citation cues (see ``data/citations.yml``)."""

    reference_headings: Pattern
    markers: tuple[tuple[str, Pattern, str | None], ...]
    bare_word_blockers: frozenset[str]
    not_markers: Pattern
    citation_needed: Pattern
    bare_url: Pattern
    call_to_action: Pattern
    scholarly_domains: tuple[str, ...]
    vague: dict[str, tuple[Pattern, ...]]
    evidence_absent: Pattern
    #: per language, one alternation of all its vague-appeal patterns (None: cannot be joined),
    #: so a sentence none of them matches is passed over in one scan
    vague_any: dict[str, Pattern | None] = field(default_factory=dict)
    #: links that are no source: a video, a social post, a profile page (URL), or a person
    #: introduced by their profession just before the link ("says dietitian [Name](url)")
    not_source_links: Pattern | None = None
    person_link_before: Pattern | None = None


def default_cues_path() -> Path:
    """The cue file that ships with claimscope."""
    return Path(str(resources.files("claimscope") / "data" / "citations.yml"))


_PATTERN_KEYS = ("reference_headings", "not_markers", "citation_needed", "bare_url",
                 "call_to_action_labels", "evidence_absent")
_LIST_KEYS = ("bare_word_blockers", "scholarly_domains")
#: Optional patterns (a file without them, e.g. one written for an older claimscope, loads).
_OPTIONAL_PATTERN_KEYS = ("not_source_links", "person_link_before")
_MARKER_FIELDS = ("name", "pattern", "bare_word", "case_sensitive")


@functools.cache
def _shipped_patterns() -> frozenset[str]:
    return strings_in(read_yaml(default_cues_path(), CuesError, "citation cue file"))


def _cue(spec: dict, key: str, where: str, flags: int) -> Pattern:
    return compile_pattern(spec[key], flags, where=where, error=CuesError,
                           trusted=spec[key] in _shipped_patterns())


def _words(spec: dict, key: str, source: str) -> list[str]:
    items = spec.get(key) or []
    if not isinstance(items, list) or not all(isinstance(w, str) for w in items):
        raise CuesError(f"{source}: '{key}' must be a list of words, not {items!r}")
    return items


def _markers(spec: dict, source: str) -> tuple[tuple[str, Pattern, str | None], ...]:
    items = spec.get("markers")
    if not isinstance(items, list):
        raise CuesError(f"{source}: 'markers' must be a list of {{name, pattern}} entries")
    out = []
    for i, m in enumerate(items, 1):
        where = f"{source}: markers #{i}"
        if not isinstance(m, dict) or not isinstance(m.get("name"), str) or "pattern" not in m:
            raise CuesError(f"{where}: needs a 'name' (text) and a 'pattern'")
        where = f"{source}: markers #{i} ({m['name']!r})"
        unknown = sorted(str(k) for k in set(m) - set(_MARKER_FIELDS))
        if unknown:
            raise CuesError(f"{where}: unknown field(s) {unknown}; a marker has "
                            f"{', '.join(_MARKER_FIELDS)}")
        if not isinstance(m.get("case_sensitive", False), bool):
            raise CuesError(f"{where}: case_sensitive must be true or false, "
                            f"not {m['case_sensitive']!r}")
        if not isinstance(m.get("bare_word"), str | None):
            raise CuesError(f"{where}: bare_word must be one word, not {m['bare_word']!r}")
        flags = 0 if m.get("case_sensitive") else re.IGNORECASE
        out.append((m["name"], _cue(m, "pattern", where, flags), m.get("bare_word")))
    return tuple(out)


def _vague(spec: dict, source: str) -> dict[str, tuple[Pattern, ...]]:
    block = spec.get("vague_appeals")
    if not isinstance(block, dict) or not all(
            isinstance(v, list) and all(isinstance(p, str) for p in v) for v in block.values()):
        raise CuesError(f"{source}: 'vague_appeals' must map languages (nl, en) to lists of "
                        "patterns")
    shipped = _shipped_patterns()
    return {str(lang): tuple(
        compile_pattern(p, re.IGNORECASE, where=f"{source}: vague_appeals.{lang} #{i}",
                        error=CuesError, trusted=p in shipped) for i, p in enumerate(pats, 1))
        for lang, pats in block.items()}


_NOT_JOINABLE = re.compile(r"\\[1-9]|\(\?P[=<]|\(\?\(|\(\?[aiLmsux]+\)")


def _any_of(patterns: tuple[Pattern, ...], where: str) -> Pattern | None:
    """One alternation ``(?:p1)|(?:p2)|…`` that matches somewhere exactly when one of the
    patterns does, or None when they cannot be joined (group names or references, global
    inline flags) or a user's join is not safe to run."""
    sources = [p.pattern for p in patterns]
    if not sources or any(_NOT_JOINABLE.search(src) for src in sources):
        return None
    joined = "|".join(f"(?:{src})" for src in sources)
    try:
        return compile_pattern(joined, re.IGNORECASE, where=where, error=CuesError)
    except CuesError:  # shipped patterns, trusted one by one, stay trusted when joined
        if all(src in _shipped_patterns() for src in sources):
            return re.compile(joined, re.IGNORECASE)
        return None


def load_cues(path: str | Path | None = None) -> Cues:
    """Compile the citation cues from ``path`` (default: the shipped file).

    A file that starts with ``extends: default`` adds to the shipped cues. Every problem is a
    :class:`~claimscope.errors.CuesError` naming the file and the entry; a user's new pattern is
    compiled so that it cannot hang (:mod:`claimscope.safe_regex`).
    """
    loaded = load_spec(path, "citations.yml", CuesError, "citation cue file")
    spec, source = loaded.content, loaded.source
    known = {*_PATTERN_KEYS, *_OPTIONAL_PATTERN_KEYS, *_LIST_KEYS, "markers", "vague_appeals"}
    unknown = sorted(str(k) for k in set(spec) - known)
    if unknown:
        raise CuesError(f"{source}: unknown key(s) {unknown}; a cue file has "
                        f"{', '.join(sorted(known))}")
    for key in (*_PATTERN_KEYS, *(k for k in _OPTIONAL_PATTERN_KEYS if k in spec)):
        if not isinstance(spec.get(key), str):
            raise CuesError(f"{source}: '{key}' must be one regular expression, "
                            f"not {spec.get(key)!r}")
    ci = re.IGNORECASE

    def cue(key: str) -> Pattern:
        return _cue(spec, key, f"{source}: {key}", ci)

    return Cues(
        reference_headings=cue("reference_headings"),
        markers=_markers(spec, source),
        bare_word_blockers=frozenset(w.lower() for w in _words(spec, "bare_word_blockers",
                                                                source)),
        not_markers=cue("not_markers"),
        citation_needed=cue("citation_needed"),
        bare_url=cue("bare_url"),
        call_to_action=cue("call_to_action_labels"),
        scholarly_domains=tuple(_words(spec, "scholarly_domains", source)),
        vague=(vague := _vague(spec, source)),
        evidence_absent=cue("evidence_absent"),
        vague_any={lang: _any_of(pats, f"{source}: vague_appeals.{lang} (all, joined)")
                   for lang, pats in vague.items()},
        **{key: cue(key) for key in _OPTIONAL_PATTERN_KEYS if key in spec},
    )


def _bare_word_blocked(text: str, start: int, cues: Cues) -> bool:
    before = re.findall(r"[\wÀ-ÿ]+", text[max(0, start - 30):start])
    return bool(before) and before[-1].lower() in cues.bare_word_blockers


def find_in_sentence(text: str, base: int, lang: str, cues: Cues,
                     own_names: Container[str] = frozenset()) -> list[dict]:
    """Citations in one sentence ``text`` starting at offset ``base`` of the document."""
    found: list[dict] = []
    masked = list(text)
    flat = [text]  # "".join(masked), redone only after a mask

    def mask(s: int, e: int) -> None:
        masked[s:e] = " " * (e - s)
        flat[0] = None

    def current() -> str:
        if flat[0] is None:
            flat[0] = "".join(masked)
        return flat[0]

    def add(kind: str, s: int, e: int, **extra) -> None:
        found.append({"kind": kind, "start": base + s, "end": base + e, "text": text[s:e],
                      **extra})

    links = [(m.start(), m.end(), m.group(1), m.group(2)) for m in MD_LINK.finditer(text)]
    links += [(m.start(), m.end(), m.group(2), m.group(1)) for m in HTML_LINK.finditer(text)]
    for s, e, label, url in sorted(links):
        mask(s, e)
        if link_is_promotional(label, url, own_names, cues) or link_is_not_a_source(
                text[:s], url, cues):
            continue
        add("marker", s, e, link_url=url)
        us = text.find(url, s)
        add("url", us, us + len(url), link_url=url)
    for m in FRAGMENT_REF.finditer(current()):  # a pointer to the page's own notes
        add("marker", m.start(), m.end())
        mask(m.start(), m.end())
    for m in cues.citation_needed.finditer(current()):
        add("citation_needed", m.start(), m.end())
        mask(m.start(), m.end())
    for m in cues.bare_url.finditer(current()):
        s, e = m.start(), m.end()
        while e > s and text[e - 1] in _TRAILING:
            e -= 1
        mask(s, e)
        before = text[max(0, s - 40):s]
        if link_is_promotional(before, text[s:e], own_names, cues):
            continue
        add("url", s, e, link_url=text[s:e])
    for _name, pattern, bare_word in cues.markers:
        for m in pattern.finditer(current()):
            s, e = m.start(), m.end()
            if cues.not_markers.match(text[s:e]):
                continue
            if bare_word and text[s:e].lower() == bare_word and _bare_word_blocked(text, s, cues):
                continue
            add("marker", s, e)
            mask(s, e)
    if not any(c["kind"] in ("marker", "url") for c in found):
        # vague appeals as a reader sees them: no words of a URL ("…/according-to-experts/")
        view, index = prose_view(text)
        if not cues.evidence_absent.search(view):
            langs = [lang] if lang in cues.vague else list(cues.vague)
            spans: list[tuple[int, int]] = []
            for lg in langs:
                joined = cues.vague_any.get(lg)
                if joined is not None and joined.search(view) is None:
                    continue
                for pattern in cues.vague[lg]:
                    for m in pattern.finditer(view):
                        if not any(m.start() < pe and ps < m.end() for ps, pe in spans):
                            spans.append((m.start(), m.end()))
            for s, e in sorted(spans):
                add("vague_appeal", *text_span(index, s, e))
    return sorted(found, key=lambda c: (c["start"], c["end"], c["kind"]))


def reference_sections(sections: list[dict], cues: Cues) -> list[dict]:
    """The sections whose heading opens a reference list."""
    return [s for s in sections
            if s.get("heading") and cues.reference_headings.search(str(s["heading"]))]


def find_citations(doc_id: str, text: str, sentences: list[dict], sections: list[dict],
                   cues: Cues, entries: frozenset[int] = frozenset(),
                   authorless: frozenset[int] = frozenset(),
                   own_names: Container[str] | None = None, first_id: int = 0
                   ) -> tuple[list[dict], dict]:
    """All citation rows of one document (or of a window of its ``sentences``: cit_ids then
    start at ``first_id``; ``own_names``: :func:`own_site_names` of the whole ``text``,
    computed when not given), and document-level facts about its references.

    ``entries``: sent_ids the parser kept whole as lines of a reference list (also the lines
    between entries that no entry test recognises: no author, a cut-off last entry); each is
    a ``reference``, except the ``authorless`` ones that no entry test recognises: a work named
    by its title ("Monographs on … Exeter: ESCOP, 1997.") is a ``marker`` (CODEBOOK: a citation,
    no reference entry).
    """
    ref_sections = reference_sections(sections, cues)
    ref_section_ids = {s["section_id"] for s in ref_sections}
    own_names = own_site_names(text, cues) if own_names is None else own_names
    rows: list[dict] = []
    for sent in sentences:
        if sent["is_heading"]:  # a heading cites only a study it names ("Cochrane review 2019")
            rows.extend({"kind": "marker", "start": sent["start"] + m.start(),
                         "end": sent["start"] + m.end(), "text": m.group(),
                         "sent_id": sent["sent_id"]}
                        for name, pattern, _ in cues.markers if name in HEADING_MARKERS
                        for m in pattern.finditer(sent["text"]))
            continue
        in_ref_section = sent["section_id"] in ref_section_ids
        recognised = ((sent["unit"] == "list_item" or in_ref_section)
                      and looks_bibliographic(sent["text"])
                      or sent["unit"] == "paragraph" and looks_like_reference(sent["text"]))
        if not recognised and sent["sent_id"] in authorless:
            rows.append({"kind": "marker", "start": sent["start"], "end": sent["end"],
                         "text": sent["text"], "sent_id": sent["sent_id"]})
            continue
        if recognised or sent["sent_id"] in entries:
            parsed = parse_reference(sent["text"])
            rows.append({"kind": "reference", "start": sent["start"], "end": sent["end"],
                         "text": sent["text"], "sent_id": sent["sent_id"], **parsed})
            continue
        for c in find_in_sentence(sent["text"], sent["start"], sent["language"], cues, own_names):
            rows.append({**c, "sent_id": sent["sent_id"]})
    rows.sort(key=lambda r: (r["start"], r["end"], r["kind"]))
    out = []
    for i, r in enumerate(rows):
        out.append({"doc_id": doc_id, "cit_id": first_id + i, "kind": r["kind"],
                    "start": r["start"], "end": r["end"], "text": r["text"],
                    "sent_id": r["sent_id"],
                    "authors": r.get("authors"), "year": r.get("year"), "title": r.get("title"),
                    "venue": r.get("venue"), "link_url": r.get("link_url")})
    n_refs = sum(r["kind"] == "reference" for r in out)
    facts = {"has_reference_section": bool(ref_sections) or n_refs >= 2,
             "n_references": n_refs}
    return out, facts


def sentences_with(citations: pd.DataFrame | list[dict], kinds: tuple[str, ...] = SPECIFIC_KINDS
                   ) -> set[tuple[str, int]]:
    """(doc_id, sent_id) of the sentences that carry a citation of one of ``kinds``.

    With the default kinds these are the *supported* sentences: a marker, a URL or a reference
    entry; a vague appeal alone never supports (CODEBOOK.md). Every "supported" in claimscope
    (``corpus.claims.supported``, citation density) is computed here.
    """
    if isinstance(citations, list):  # one document's citation rows, before they are a frame
        return {(r["doc_id"], int(r["sent_id"])) for r in citations if r["kind"] in kinds}
    rows = citations[citations.kind.isin(kinds)]
    return set(zip(rows.doc_id, rows.sent_id.astype(int), strict=True))


def citation_spans(citations: pd.DataFrame | list[dict], kinds: tuple[str, ...] = SPECIFIC_KINDS
                   ) -> set[tuple[str, int, int]]:
    """(doc_id, start, end) of the citations of ``kinds``: a sentence whose span is one of these
    is nothing but a citation (a work named by its title in a reference list) and no claim.

    >>> sorted(citation_spans([{"doc_id": "d", "kind": "marker", "start": 0, "end": 9},
    ...                        {"doc_id": "d", "kind": "vague_appeal", "start": 10, "end": 20}]))
    [('d', 0, 9)]
    """
    if isinstance(citations, list):
        return {(r["doc_id"], int(r["start"]), int(r["end"])) for r in citations
                if r["kind"] in kinds}
    rows = citations[citations.kind.isin(kinds)]
    return set(zip(rows.doc_id, rows.start.astype(int), rows.end.astype(int), strict=True))
