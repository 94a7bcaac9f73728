"""The date a page states for itself ("Laatste update: 31 augustus, 2020" → "2020-08-31").

Only dates introduced by a publication or update cue count; a year in running text is not the
page's date.

>>> page_date("Wat is neuraaltherapie?\\n\\nLaatste update: 31 augustus, 2020\\n")
'2020-08-31'
>>> page_date("Updated on March 3, 2021")
'2021-03-03'
>>> page_date("In 1975 hebben wetenschappers bewezen …") is None
True
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    # Dutch
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
    # English
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8,
    "october": 10,
    # abbreviations (both)
    "jan": 1, "feb": 2, "mrt": 3, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "okt": 10, "oct": 10, "nov": 11, "dec": 12,
}
_CUE = (r"(?:laatste update|laatst bijgewerkt|bijgewerkt op|gepubliceerd op|geplaatst op|"
        r"datum|last updated|last update|updated on|updated|published on|published|"
        r"date published|posted on)")
_MONTH = "(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_PATTERNS = [
    re.compile(_CUE + r"\s*:?\s*(?P<day>\d{1,2})\s+" + _MONTH + r",?\s+(?P<year>\d{4})", re.I),
    re.compile(_CUE + r"\s*:?\s*" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+"
               r"(?P<year>\d{4})", re.I),
    re.compile(_CUE + r"\s*:?\s*(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})", re.I),
    re.compile(_CUE + r"\s*:?\s*(?P<day>\d{1,2})[-/.](?P<month>\d{1,2})[-/.](?P<year>\d{4})",
               re.I),
]
SEARCH_CHARS = 5000


def _to_iso(day: str, month: str, year: str) -> str | None:
    m = int(month) if month.isdigit() else MONTHS.get(month.lower().rstrip("."))
    if m is None:
        return None
    try:
        return dt.date(int(year), m, int(day)).isoformat()
    except ValueError:
        return None


def page_date(text: str) -> str | None:
    """The first cued date in the opening ``SEARCH_CHARS`` characters, as ISO ``YYYY-MM-DD``."""
    head = text[:SEARCH_CHARS]
    found: list[tuple[int, str]] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(head):
            iso = _to_iso(m.group("day"), m.group("month"), m.group("year"))
            if iso:
                found.append((m.start(), iso))
                break
    return min(found)[1] if found else None
