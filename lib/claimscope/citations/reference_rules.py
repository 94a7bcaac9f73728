"""The hand-written regex reference parser, kept as the baseline the CRF parser is scored against.

:func:`claimscope.citations.references.parse_reference` (a CRF) replaced it; the benchmark reports
this parser's figures in the same run. It parses one reference string into authors, year, title
and venue.

Handles the styles found on health pages: APA and Harvard ("Smith, J. (2010). Title. Venue"),
Vancouver ("Smith J, Jones K. Title. Venue. 2010;12:1-9."), MLA and others with a quoted title
("Vinyes, David. “Terapia Neural.” Rev Cubana Ortop Traumatol 9.3 (2005)."). Fields that cannot
be found are None; ``authors`` lists family names joined by "; ".

>>> r = parse_reference_rules("Vinyes, David. “Terapia Neural.” Rev Cubana Ortop Traumatol "
...                           "9.3 (2005).")
>>> (r["authors"], r["year"], r["title"], r["venue"])
('Vinyes', 2005, 'Terapia Neural', 'Rev Cubana Ortop Traumatol')
>>> r = parse_reference_rules("Koes BW, van Tulder MW, Thomas S. Diagnosis and treatment of "
...                           "low back pain. BMJ. 2006;332(7555):1430-4.")
>>> (r["authors"], r["year"], r["title"], r["venue"])
('Koes; van Tulder; Thomas', 2006, 'Diagnosis and treatment of low back pain', 'BMJ')
"""

from __future__ import annotations

import re

_LEAD = re.compile(r"^\s*(?:[-*•·▪●◦]|\[\d{1,3}\]|\(?\d{1,3}[.)])\s+")
_YEAR = r"(?:1[89]|20)\d{2}"
_PAREN_YEAR = re.compile(r"\((" + _YEAR + r")[a-z]?(?:,[^)]{0,30})?\)")
_VANCOUVER_YEAR = re.compile(
    r"(?:^|[.;]\s*)(" + _YEAR + r")(?:\s+[A-Z][a-z]{2,8}(?:\s+\d{1,2})?)?\s*[;:.(]")
_ANY_YEAR = re.compile(r"(?<![\d.])(" + _YEAR + r")(?![\d])")
_QUOTED = re.compile(r"[“\"‘'](.{3,400}?)[”\"’'](?=[\s.,;:]|$)")
_INITIALS = re.compile(r"^(?:[A-Z]{1,4}|(?:[A-Z]\.\s?-?){1,4})$")
_PARTICLES = {"van", "der", "den", "de", "del", "della", "la", "le", "von", "ter", "ten", "da",
              "dos", "du", "el", "van't", "d'", "di", "y", "het"}
_ACCESS = re.compile(
    r"\[?\b(geraadpleegd|retrieved|accessed|disponible en|consultado|citado|cited)\b", re.I)


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip(" .,;:–-")
    return text or None


def _family_from_vancouver(name: str) -> str:
    tokens = name.split()
    while len(tokens) > 1 and _INITIALS.match(tokens[-1]):
        tokens.pop()
    return " ".join(tokens)


def _split_authors(segment: str) -> list[str]:
    """Family names from an author segment in any of the supported styles."""
    seg = re.sub(r",?\s*\bet al\.?", "", segment).strip(" ,")
    seg = re.sub(r"\s*\.$", ".", seg) if re.search(r"\b[A-Z]\.$", seg) else seg.rstrip(". ")
    seg = seg.replace("\u00a0", " ")
    if not seg:
        return []
    # APA / Harvard: "Smith, J., Jones, K. L., & Brown, A." or "Smith, J. and Jones, K."
    apa = re.findall(r"([^,&;]+?),\s*((?:[A-Z][a-z]?\.\s?-?\s?){1,4})(?=,|\s*&|\s+and\b|\s+en\b|$)",
                     seg)
    if apa and sum(len(a[0]) + len(a[1]) for a in apa) >= 0.6 * len(seg):
        return [re.sub(r"^(?:&|and|en)\s+", "", a[0].strip()) for a in apa]
    # Vancouver: "Koes BW, van Tulder MW, Thomas S" (initials without dots)
    parts = [p.strip() for p in re.split(r",|;|\s&\s|\sand\s", seg) if p.strip()]
    if parts and all(_INITIALS.match(p.split()[-1]) and len(p.split()) >= 2 for p in parts):
        return [_family_from_vancouver(p) for p in parts]
    # MLA: "Surname, Given Names, and Given Surname" — first inverted, later names natural order
    first, sep, rest = seg.partition(",")
    if sep and rest.strip() and not re.search(r"\d", seg):
        names = [first.strip()]
        for other in re.split(r",\s*(?:and\s+|&\s+|y\s+)?|\s+and\s+|\s+&\s+|\s+y\s+", rest)[1:]:
            tokens = other.split()
            if not tokens:
                continue
            family = [tokens[-1]]
            for tok in reversed(tokens[:-1]):
                if tok.lower() in _PARTICLES:
                    family.insert(0, tok)
                else:
                    break
            names.append(" ".join(family))
        return names
    return [seg] if seg else []


def _venue_until_numbers(text: str) -> str | None:
    text = re.sub(r"^\s*(?:In:?\s+)", "", text)
    text = re.split(r"\b(?:editors?|eds?)\.\s+", text)[-1]  # "In: Smith J, editors. Book"
    text = re.sub(r"^[A-Z][\w ]{1,30}:\s+(?=[A-Z])", "", text)  # "Geneva: World Health …"
    text = re.sub(r"\s*\[[^\]]{1,40}\]", "", text)  # "[Internet]"
    m = re.search(r"(?:,\s*|\s+)(?:\d|\(\d|vol\.|pp\.|p\.|" + _YEAR + r")|[;(]", text)
    return _clean(text[: m.start()] if m else text)


def parse_reference_rules(text: str) -> dict:
    """Authors (family names, '; '-joined), year (int), title and venue of one reference, by
    regular expressions (the baseline)."""
    s = _LEAD.sub("", text.replace("\u00a0", " ")).strip()
    year = None
    access = _ACCESS.search(s)
    body = s[: access.start()] if access else s
    quoted = _QUOTED.search(body)
    paren = _PAREN_YEAR.search(body)
    if paren and (not quoted or paren.start() < quoted.start() or paren.start() > quoted.end()):
        year = int(paren.group(1))
    authors_seg = title = venue = None
    if quoted and (not paren or paren.start() > quoted.start() or paren.end() <= quoted.start()):
        authors_seg = body[: quoted.start()]
        if paren and paren.end() <= quoted.start():
            authors_seg = body[: paren.start()]
        title = quoted.group(1)
        venue = _venue_until_numbers(body[quoted.end():].lstrip(" .,:"))
    elif paren:  # APA / Harvard: authors (year). Title. Venue, 12(3), 1-10.
        authors_seg = body[: paren.start()]
        rest = body[paren.end():].lstrip(" .,:")
        m = re.search(r"(?<=[a-z0-9)\]?!])[.?!]\s+(?=[A-Z(])", rest)
        title = rest[: m.start() + 1] if m else rest
        if m:
            venue = _venue_until_numbers(rest[m.end():])
    else:  # Vancouver: Authors. Title. Venue. 2006;332(7555):1430-4.
        segments = re.split(
            r"(?<=[a-z0-9)\]?!])\.\s+(?=[A-Z0-9(\[“\"'])|(?<=[A-Z])\.\s+(?=[A-Z][a-z])", body)
        if len(segments) >= 3:
            # the venue is the segment just before the one that opens with the year, or the one
            # that holds "Venue 2006;…"; everything between authors and venue is the title
            year_at = next((i for i, seg in enumerate(segments[2:], 2)
                            if re.match(r"\s*" + _YEAR + r"\b", seg)), None)
            held = next((i for i, seg in enumerate(segments[2:], 2)
                         if re.search(r"\s" + _YEAR + r"\s*[;:(]", seg)), None)
            venue_at = year_at - 1 if year_at and year_at > 2 else (held or 2)
            authors_seg, title = segments[0], ". ".join(segments[1:venue_at])
            venue = _venue_until_numbers(segments[venue_at])
        elif len(segments) == 2:
            authors_seg, title = segments
    if year is None:
        vy = _VANCOUVER_YEAR.search(body)
        any_year = _ANY_YEAR.findall(body)
        if vy:
            year = int(vy.group(1))
        elif any_year:
            year = int(any_year[-1])
    if title is not None:
        title = re.sub(r"[.,]\s*$", "", title.strip()).strip("“”\"'‘’ ")
        title = re.sub(r"[.,]$", "", re.sub(r"\s*\[[^\]]{1,40}\]$", "", title))
    authors = _split_authors(authors_seg) if authors_seg else []
    return {"authors": "; ".join(authors) if authors else None, "year": year,
            "title": _clean(title) if title else None, "venue": venue}
