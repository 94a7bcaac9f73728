"""Parse one bibliographic reference string into authors, year, title and venue, with a CRF.

A linear-chain CRF (:mod:`claimscope.citations.crf`, trained by ``make references`` on AnyStyle's
labelled references and the project's own) labels every token with AnyStyle's labels (author,
date, title, journal, container-title, volume, pages, publisher, location, editor, note, url,
doi, ...). The fields are read from the labelled tokens: ``authors`` are the family names of the
first author segment joined by "; " (an organisation is one name), ``year`` the first four-digit
year of the first date segment (None when there is none, e.g. "n.d."), ``title`` the first title
segment without its quotes, ``venue`` the first journal or container-title segment, else the
publisher (a book's or report's venue). Fields that cannot be found are None.

>>> r = parse_reference("Vinyes, David. “Terapia Neural.” Rev Cubana Ortop Traumatol 9.3 "
...                     "(2005).")
>>> (r["authors"], r["year"], r["title"], r["venue"])
('Vinyes', 2005, 'Terapia Neural', 'Rev Cubana Ortop Traumatol')
>>> r = parse_reference("Koes BW, van Tulder MW, Thomas S. Diagnosis and treatment of low back "
...                     "pain. BMJ. 2006;332(7555):1430-4.")
>>> (r["authors"], r["year"], r["title"], r["venue"])
('Koes; van Tulder; Thomas', 2006, 'Diagnosis and treatment of low back pain', 'BMJ')
>>> r = parse_reference("Gezondheidsraad. Beweegrichtlijnen. Den Haag: Gezondheidsraad; 2017.")
>>> (r["authors"], r["year"], r["title"], r["venue"])
('Gezondheidsraad', 2017, 'Beweegrichtlijnen', 'Gezondheidsraad')
"""

from __future__ import annotations

import re

from claimscope.citations.crf import (
    ReferenceModel,
    load_model,
    token_features,
    tokenize,
    word_lists,
)

_LEAD = re.compile(r"^\s*(?:[-*•·▪●◦]|\[\d{1,3}\]|\(?\d{1,3}[.)])\s+")
_YEAR = re.compile(r"(?<!\d)(1[0-9]\d\d|20\d\d)(?!\d)")
_YEAR_TOKEN = re.compile(r"^[(\[]?(?:1[5-9]\d\d|20\d\d)[a-z]?[)\]]?[.,;:]*$")
_NOT_DATES = {"title", "journal", "container-title", "collection-title", "author", "editor"}
_INITIALS = re.compile(r"^(?:[A-ZÀ-ÞА-Я](?:[a-z]?\.|\.?)-?){1,4}$")
_ETAL = re.compile(r",?\s*(?:\bet\s*al\b\.?|\be\.\s?a\.|\by\s+col(?:s|aboradores)?\b\.?|"
                   r"\band\s+others\b|\[…\]|…)", re.I)
_ROLE = re.compile(r"[,.]?\s*\(?\b(?:editors?|eds?|red|hrsg|coords?|comps?|dirs?)\b\.?\)?\s*$",
                   re.I)
_SEP = re.compile(r"\s*;\s*|\s*,\s*(?:(?:and|&|y|en|und|et|e)\s+)?|\s+(?:and|y|en|und|et)\s+|"
                  r"\s*&\s*")
_ACCESS = re.compile(r"(?i)(?:^|\b)(?:geraadpleegd|bezocht|retrieved|accessed|consultado|"
                     r"consulta|citado|cited|recuperado|abgerufen|zugegriffen|visited)\b"
                     r"[^.;\]]{0,24}$")
_HELD_YEAR = re.compile(r"[;,]\s*((?:1[5-9]|20)\d\d)\b.*$")
_SUFFIX = {"jr", "sr", "ii", "iii", "iv"}


def _segments(text: str, spans: list[tuple[str, int, int]], labels: list[str]
              ) -> list[tuple[str, str, int]]:
    """Runs of equally-labelled tokens: (label, the text they cover, its start)."""
    out: list[tuple[str, str, int]] = []
    start = 0
    for i in range(1, len(labels) + 1):
        if i == len(labels) or labels[i] != labels[start]:
            out.append((labels[start], text[spans[start][1]:spans[i - 1][2]], spans[start][1]))
            start = i
    return out


def _accessed(text: str, start: int, value: str) -> bool:
    """Whether the date at ``start`` is when a page was accessed ("Geraadpleegd op …")."""
    return bool(_ACCESS.search(text[max(0, start - 40):start]) or _ACCESS.match(value.lstrip("([")))


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip(" .,;:–-/")
    return text or None


def _is_org(tokens: list[str]) -> bool:
    words = [t.strip(".,;:()").lower() for t in tokens]
    lists = word_lists()
    org = lists["org_words"]
    if any(len(w) > 8 and w.endswith(tuple(lists["org_endings"])) for w in words):
        return True
    if len(tokens) == 1:
        core = tokens[0].strip(".,;:()")
        return (core.isupper() and len(core) >= 3 and core.isalpha()) or words[0] in org
    if not any(w in org or set(w.split("-")) & org for w in words):
        return False
    # "Grupo PINS", "NIH Consensus Conference": an acronym is not a person's initials there
    return words[0] in org or not any(_INITIALS.match(t.strip(",;:")) and w not in org
                                      for t, w in zip(tokens, words, strict=True))


def _kind(tokens: list[str]) -> str:
    ini = [bool(_INITIALS.match(t.strip(",;:"))) for t in tokens]
    if all(ini):
        return "initials"
    if len(tokens) >= 2 and ini[-1] and not ini[0]:
        return "family-initials"  # Vancouver "Koes BW", "Heidegger M."
    if ini[0]:
        return "initials-family"  # "S. E. Han", "H. C. W. de Vet"
    return "words"


def _natural_family(tokens: list[str]) -> str:
    words = [t for t in tokens if t.strip(".,").lower() not in _SUFFIX]
    words = words or tokens
    family = [words[-1]]
    for tok in reversed(words[:-1]):
        if tok.lower() in word_lists()["particles"]:
            family.insert(0, tok)
        else:
            break
    return " ".join(family)


def family_names(segment: str) -> list[str]:
    """Family names in an author segment, in any of the common styles; an organisation is one
    name.

    >>> family_names("Lee, L. L., W. E. Howard, and R. E. Marsh.")
    ['Lee', 'Howard', 'Marsh']
    >>> family_names("Lars Andersson and Pieter Blue")
    ['Andersson', 'Blue']
    >>> family_names("Ministerio de Sanidad.")
    ['Ministerio de Sanidad']
    """
    seg = _ROLE.sub("", _ETAL.sub("", segment.replace("\u00a0", " "))).strip(" .,;:")
    if not seg:
        return []
    pieces = [p.strip(" .,") for p in re.split(r"\s*;\s*", seg)]
    if len(pieces) == 1 and _is_org(seg.split()):
        return [_clean(seg) or seg]
    parts: list[tuple[str, str]] = []  # (part, the separator after it)
    for piece in pieces:
        bits = _SEP.split(piece)
        seps = [m.group() for m in _SEP.finditer(piece)] + [";"]
        parts += [(b.strip(" ."), s.strip()) for b, s in zip(bits, seps, strict=False)
                  if b.strip(" .")]
    names: list[str] = []
    i = 0
    while i < len(parts):
        part, sep = parts[i]
        tokens = part.split()
        kind = _kind(tokens)
        nxt = _kind(parts[i + 1][0].split()) if i + 1 < len(parts) else None
        particles = all(t.lower() in word_lists()["particles"] for t in tokens[:-1])
        if _is_org(tokens) and len(tokens) > 1:
            names.append(part)
        elif kind == "words" and sep == "," and (nxt == "initials" or (
                i == 0 and particles and nxt in ("words", "family-initials", "initials-family"))):
            names.append(part)  # inverted "Family, Given" / "Family, J. K."
            i += 1
        elif kind == "family-initials":
            while len(tokens) > 1 and _INITIALS.match(tokens[-1].strip(",;:")):
                tokens.pop()
            names.append(" ".join(tokens))
        elif kind == "initials-family":
            names.append(" ".join(t for t in tokens if not _INITIALS.match(t.strip(",;:"))))
        elif kind == "words":
            names.append(_natural_family(tokens))
        i += 1
    return [n.strip(" .,;:") for n in names if n.strip(" .,;:")]


def _title(text: str | None) -> str | None:
    if text is None:
        return None
    text = re.sub(r"\s*\[[^\]]{1,40}\]\s*[.,]?$", "", text.strip())
    text = text.strip(" .,;:")
    text = re.sub(r"^[“\"‘'«„‚]\s*|\s*[”\"’'»]$", "", text).strip(" .,;:")
    return _clean(text)


def _venue(text: str | None) -> str | None:
    if text is None:
        return None
    text = re.sub(r"^\s*(?:In|En|Dans|Im)\s*:?\s+", "", text)
    text = re.sub(r"\s*\[[^\]]{1,40}\]", "", text)
    text = re.sub(r"[,.]?\s*\b(?:Vol|Vols|No|Nr|Núm|Num|Bd|Jg|T)\.?$", "", text.strip(" .,;:"))
    return _clean(text.strip("“”\"«»‘’"))


def parse_reference(text: str, model: ReferenceModel | None = None) -> dict:
    """Authors (family names, '; '-joined), year (int), title and venue of one reference.

    ``model`` is the CRF to use (default: the shipped one)."""
    s = _LEAD.sub("", text.replace("\u00a0", " ")).strip()
    spans = tokenize(s)
    if not spans:
        return {"authors": None, "year": None, "title": None, "venue": None}
    labels = (model or load_model()).tag(token_features([t for t, _, _ in spans]))
    first: dict[str, str] = {}
    year = None
    for label, value, start in _segments(s, spans, labels):
        first.setdefault(label, value)
        if label == "date" and year is None and not _accessed(s, start, value):
            m = _YEAR.search(value)
            year = int(m.group(1)) if m else None
    if "date" not in first:  # no date segment: a token that is a year alone, outside titles
        found = [_YEAR.search(t).group(1) for (t, x, _), label in zip(spans, labels, strict=True)
                 if label not in _NOT_DATES and _YEAR_TOKEN.match(t) and not _accessed(s, x, t)]
        year = int(found[-1]) if found else None
    venue = first.get("journal") or first.get("container-title")
    held = _HELD_YEAR.search(venue or "")
    if held:  # "In: Proceedings of …; 2019 Feb 22-24; Prague"
        venue = venue[: held.start()]
        year = year or int(held.group(1))
    title = first.get("title")
    if title and not venue and " // " in title:  # GOST: "Title // Journal"
        title, venue = title.split(" // ", 1)
    authors = family_names(first["author"]) if "author" in first else []
    return {"authors": "; ".join(authors) if authors else None, "year": year,
            "title": _title(title),
            "venue": _venue(venue) if venue else _clean(first.get("publisher"))}
