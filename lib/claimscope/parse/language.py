"""Language identification (nl / en / other) with py3langid and a confidence threshold.

py3langid ranks 97 languages. A text is Dutch or English when those two together hold most of the
probability mass; it is ``other`` when another language clearly wins (a Spanish reference on a
Dutch page). Texts under ``MIN_WORDS`` words are too short to tell and inherit a fallback.

>>> identify("Neuraaltherapie helpt om de normale werking van het zenuwstelsel te herstellen.")
('nl', 1.0)
>>> identify("Eficacia de la terapia neural en pacientes con dolor cervical o lumbar")[0]
'other'
"""

from __future__ import annotations

from functools import lru_cache

from py3langid.langid import LanguageIdentifier

from claimscope.parse.langid_model import model_tables

SUPPORTED = ("nl", "en")
# Longer texts are identified from their first MAX_CHARS characters only (cost stays flat for a
# 2.5 MB "sentence"); the text itself is never cut.
MAX_CHARS = 2000
MIN_WORDS = 4
# Probability a third language needs to make a text "other" (Spanish titles score 0.85-0.95).
OTHER_MIN_P = 0.5
# Share of py3langid's probability on nl+en below which a text is left to the fallback.
MIN_SUPPORTED_MASS = 0.05


def _new_identifier() -> LanguageIdentifier:
    """A py3langid identifier over all its languages (the model is read once per process)."""
    ptc, pc, classes, nextmove, row, output = _tables()
    return LanguageIdentifier(ptc, pc, classes, nextmove, output, norm_probs=True, tk_row=row)


@lru_cache(maxsize=1)
def _tables() -> tuple:
    return model_tables()


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    return _new_identifier()


@lru_cache(maxsize=1)
def _columns() -> tuple[list[str], dict[str, int]]:
    """py3langid's labels and, per supported language, the column holding its score (the
    first column of a label; aliased columns are folded into it)."""
    classes = list(_identifier().nb_classes)
    return classes, {lang: classes.index(lang) for lang in SUPPORTED if lang in classes}


def _scores(text: str) -> tuple[dict[str, float], str]:
    """The nl/en probabilities and the top label of ``text``: what ``rank(text)`` gives for
    them (same scores, ties to the first label), without sorting all 97 languages."""
    scores = _identifier()._decide(text)  # the scores rank() sorts (py3langid is pinned)
    classes, columns = _columns()
    top = int(scores.argmax())
    ranked = {lang: float(scores[i]) for lang, i in columns.items()}
    ranked[classes[top]] = float(scores[top])
    return ranked, classes[top]


def identify(text: str, fallback: str = "other") -> tuple[str, float]:
    """Return ``(language, confidence)``; language is one of ``nl``, ``en``, ``other``.

    - fewer than ``MIN_WORDS`` words: too short to tell → ``(fallback, 0.0)``;
    - nl or en ranked first → that language, confidence = its share of the nl+en mass;
    - another language ranked first with probability ≥ ``OTHER_MIN_P`` → ``other``;
    - otherwise the likelier of nl/en when they hold at least ``MIN_SUPPORTED_MASS``, else
      ``fallback`` (names, numbers and jargon carry no language of their own).
    """
    text = text[:MAX_CHARS]
    if len(text.split()) < MIN_WORDS:
        return fallback, 0.0
    ranked, top_lang = _scores(text)
    mass = sum(ranked.get(lang, 0.0) for lang in SUPPORTED)
    best = max(SUPPORTED, key=lambda lang: ranked.get(lang, 0.0))
    if top_lang in SUPPORTED:
        return top_lang, round(float(ranked[top_lang] / mass), 4)
    if ranked[top_lang] >= OTHER_MIN_P:
        return "other", round(float(ranked[top_lang]), 4)
    if mass >= MIN_SUPPORTED_MASS:
        return best, round(float(ranked[best] / mass), 4)
    return fallback, 0.0


# Languages a cited work is plausibly written in; a short title is otherwise too easily read as
# a minor neighbouring language (py3langid calls "Terapia Neural" Extremaduran).
CITED_LANGUAGES = ("nl", "en", "es", "de", "fr", "it", "pt", "da", "sv", "no", "pl", "ca")


@lru_cache(maxsize=1)
def _cited_identifier() -> LanguageIdentifier:
    ident = _new_identifier()
    ident.set_languages(list(CITED_LANGUAGES))
    return ident


def identify_code(text: str, min_probability: float = 0.5) -> str:
    """The ISO 639-1 code of a cited work's title/venue among ``CITED_LANGUAGES``, or ``"und"``.

    Below ``min_probability`` the text is too short to tell (``"Terapia Neural"`` could be
    Spanish, Portuguese, Italian or Catalan) and the answer is ``"und"`` (undetermined).

    >>> identify_code("Los principios de la terapia neural desde los fundamentos del nervismo")
    'es'
    >>> identify_code("Terapia Neural. Rev Cubana Ortop Traumatol")
    'und'
    """
    lang, p = _cited_identifier().classify(text[:MAX_CHARS])
    return str(lang) if p >= min_probability else "und"
