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

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd
import yaml

from claimscope.citations.references import parse_reference
from claimscope.parse.sentences import looks_bibliographic
from claimscope.schema import CITATION_KINDS, SPECIFIC_KINDS

KINDS = CITATION_KINDS
SPECIFIC = SPECIFIC_KINDS
_MD_LINK = re.compile(r"\[([^\[\]\n]{0,300})\]\((https?://[^)\s]{1,2000}|www\.[^)\s]{1,2000})\)")
_HTML_LINK = re.compile(
    r"<a\s[^>]{0,500}?href=[\"']([^\"']{1,2000})[\"'][^>]{0,500}>(.{0,300}?)</a>",
    re.IGNORECASE | re.DOTALL)
_TRAILING = ".,;:!?'\"”’»"


@dataclass(frozen=True)
class Cues:
    """Compiled citation cues (see ``data/citations.yml``)."""

    reference_headings: re.Pattern[str]
    markers: tuple[tuple[str, re.Pattern[str], str | None], ...]
    bare_word_blockers: frozenset[str]
    not_markers: re.Pattern[str]
    citation_needed: re.Pattern[str]
    bare_url: re.Pattern[str]
    call_to_action: re.Pattern[str]
    scholarly_domains: tuple[str, ...]
    vague: dict[str, tuple[re.Pattern[str], ...]]
    evidence_absent: re.Pattern[str]


def default_cues_path() -> Path:
    """The cue file that ships with claimscope."""
    return Path(str(resources.files("claimscope") / "data" / "citations.yml"))


def load_cues(path: str | Path | None = None) -> Cues:
    """Compile the citation cues from ``path`` (default: the shipped file)."""
    spec = yaml.safe_load(Path(path or default_cues_path()).read_text(encoding="utf-8"))
    ci = re.IGNORECASE
    markers = tuple(
        (m["name"], re.compile(m["pattern"], 0 if m.get("case_sensitive") else ci),
         m.get("bare_word"))
        for m in spec["markers"]
    )
    return Cues(
        reference_headings=re.compile(spec["reference_headings"], ci),
        markers=markers,
        bare_word_blockers=frozenset(w.lower() for w in spec.get("bare_word_blockers", [])),
        not_markers=re.compile(spec["not_markers"], ci),
        citation_needed=re.compile(spec["citation_needed"], ci),
        bare_url=re.compile(spec["bare_url"], ci),
        call_to_action=re.compile(spec["call_to_action_labels"], ci),
        scholarly_domains=tuple(spec.get("scholarly_domains", [])),
        vague={lang: tuple(re.compile(p, ci) for p in pats)
               for lang, pats in spec["vague_appeals"].items()},
        evidence_absent=re.compile(spec["evidence_absent"], ci),
    )


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _domain_label(url: str) -> str:
    host = urlparse(url if "://" in url else "http://" + url).netloc.lower()
    parts = [p for p in host.split(".") if p not in ("www", "")]
    return parts[-2] if len(parts) >= 2 else (parts[0] if parts else "")


def page_names(text: str, max_words: int = 4) -> frozenset[str]:
    """Names a page gives itself: squashed runs of 1–4 words starting with a capital letter.

    Linear in the text; a linked site whose domain is one of these names is the publisher's own.

    >>> "learnneuraltherapy" in page_names("Learn Neural Therapy offers courses.")
    True
    """
    words = re.findall(r"[\wÀ-ÿ'’-]+", text)
    names = set()
    for i, word in enumerate(words):
        if not word[:1].isupper():
            continue
        squashed = ""
        for other in words[i:i + max_words]:
            squashed += _squash(other)
            if len(squashed) >= 6:
                names.add(squashed)
    return frozenset(names)


def link_is_promotional(label: str, url: str, own_names: frozenset[str], cues: Cues) -> bool:
    """A call to action, or a link to the publisher's own offering (the site names itself).

    >>> cues = load_cues()
    >>> link_is_promotional("neural therapy courses", "https://www.learnneuraltherapy.com/",
    ...                     page_names("Learn Neural Therapy offers courses."), cues)
    True
    >>> link_is_promotional("Stolberg 2006", "https://doi.org/10.1/x", frozenset(), cues)
    False
    """
    if any(d in url.lower() for d in cues.scholarly_domains):
        return False
    if cues.call_to_action.search(label):
        return True
    domain = _squash(_domain_label(url))
    return len(domain) >= 6 and domain in own_names


def _bare_word_blocked(text: str, start: int, cues: Cues) -> bool:
    before = re.findall(r"[\wÀ-ÿ]+", text[max(0, start - 30):start])
    return bool(before) and before[-1].lower() in cues.bare_word_blockers


def find_in_sentence(text: str, base: int, lang: str, cues: Cues,
                     own_names: frozenset[str] = frozenset()) -> list[dict]:
    """Citations in one sentence ``text`` starting at offset ``base`` of the document."""
    found: list[dict] = []
    masked = list(text)

    def mask(s: int, e: int) -> None:
        masked[s:e] = " " * (e - s)

    def add(kind: str, s: int, e: int, **extra) -> None:
        found.append({"kind": kind, "start": base + s, "end": base + e, "text": text[s:e],
                      **extra})

    links = [(m.start(), m.end(), m.group(1), m.group(2)) for m in _MD_LINK.finditer(text)]
    links += [(m.start(), m.end(), m.group(2), m.group(1)) for m in _HTML_LINK.finditer(text)]
    for s, e, label, url in sorted(links):
        mask(s, e)
        if link_is_promotional(label, url, own_names, cues):
            continue
        add("marker", s, e, link_url=url)
        us = text.find(url, s)
        add("url", us, us + len(url), link_url=url)
    for m in cues.citation_needed.finditer("".join(masked)):
        add("citation_needed", m.start(), m.end())
        mask(m.start(), m.end())
    for m in cues.bare_url.finditer("".join(masked)):
        s, e = m.start(), m.end()
        while e > s and text[e - 1] in _TRAILING:
            e -= 1
        mask(s, e)
        before = text[max(0, s - 40):s]
        if link_is_promotional(before, text[s:e], own_names, cues):
            continue
        add("url", s, e, link_url=text[s:e])
    for _name, pattern, bare_word in cues.markers:
        current = "".join(masked)
        for m in pattern.finditer(current):
            s, e = m.start(), m.end()
            if cues.not_markers.match(text[s:e]):
                continue
            if bare_word and text[s:e].lower() == bare_word and _bare_word_blocked(text, s, cues):
                continue
            add("marker", s, e)
            mask(s, e)
    if not any(c["kind"] in ("marker", "url") for c in found):
        if not cues.evidence_absent.search(text):
            langs = [lang] if lang in cues.vague else list(cues.vague)
            spans: list[tuple[int, int]] = []
            for lg in langs:
                for pattern in cues.vague[lg]:
                    for m in pattern.finditer(text):
                        if not any(m.start() < pe and ps < m.end() for ps, pe in spans):
                            spans.append((m.start(), m.end()))
            for s, e in sorted(spans):
                add("vague_appeal", s, e)
    return sorted(found, key=lambda c: (c["start"], c["end"], c["kind"]))


def reference_sections(sections: list[dict], cues: Cues) -> list[dict]:
    """The sections whose heading opens a reference list."""
    return [s for s in sections
            if s.get("heading") and cues.reference_headings.search(str(s["heading"]))]


def find_citations(doc_id: str, text: str, sentences: list[dict], sections: list[dict],
                   cues: Cues) -> tuple[list[dict], dict]:
    """All citation rows of one document, and document-level facts about its references."""
    ref_sections = reference_sections(sections, cues)
    ref_section_ids = {s["section_id"] for s in ref_sections}
    # the page's own words, without any URL: a site that names itself there is the publisher
    own_names = page_names(cues.bare_url.sub(" ", _MD_LINK.sub(r"\1", text)))
    rows: list[dict] = []
    for sent in sentences:
        if sent["is_heading"]:
            continue
        in_ref_section = sent["section_id"] in ref_section_ids
        if (sent["unit"] == "list_item" or in_ref_section) and looks_bibliographic(sent["text"]):
            parsed = parse_reference(sent["text"])
            rows.append({"kind": "reference", "start": sent["start"], "end": sent["end"],
                         "text": sent["text"], "sent_id": sent["sent_id"], **parsed})
            continue
        for c in find_in_sentence(sent["text"], sent["start"], sent["language"], cues, own_names):
            rows.append({**c, "sent_id": sent["sent_id"]})
    rows.sort(key=lambda r: (r["start"], r["end"], r["kind"]))
    out = []
    for i, r in enumerate(rows):
        out.append({"doc_id": doc_id, "cit_id": i, "kind": r["kind"], "start": r["start"],
                    "end": r["end"], "text": r["text"], "sent_id": r["sent_id"],
                    "authors": r.get("authors"), "year": r.get("year"), "title": r.get("title"),
                    "venue": r.get("venue"), "link_url": r.get("link_url")})
    n_refs = sum(r["kind"] == "reference" for r in out)
    facts = {"has_reference_section": bool(ref_sections) or n_refs >= 2,
             "n_references": n_refs}
    return out, facts


def sentences_with(citations: pd.DataFrame, kinds: tuple[str, ...] = SPECIFIC_KINDS
                   ) -> set[tuple[str, int]]:
    """(doc_id, sent_id) of the sentences that carry a citation of one of ``kinds``.

    With the default kinds these are the *supported* sentences: a marker, a URL or a reference
    entry; a vague appeal alone never supports (CODEBOOK.md). Every "supported" in claimscope
    (``corpus.claims.supported``, citation density) is computed here.
    """
    rows = citations[citations.kind.isin(kinds)]
    return set(zip(rows.doc_id, rows.sent_id.astype(int), strict=True))
