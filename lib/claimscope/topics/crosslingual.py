"""Dutch ↔ English word links without a lexicon: cognate keys and a small translation table.

Health vocabulary is full of shared Latin and Greek stems that Dutch and English spell a little
differently (*homeopathie / homeopathy*, *acupunctuur / acupuncture*, *vaccin / vaccine*,
*depressie / depression*). :func:`cognate_key` maps a folded word to a spelling-neutral key
(ph → f, th → t, c → k, y → i, doubled letters once, Latin-Greek endings such as -ie, -y, -ic,
-isch, -ie, -ion cut), so both spellings get the same key. Words whose English differs are
looked up in a shipped table (``claimscope/data/translations.yml``: *rugpijn → back pain*).

>>> cognate_key("homeopathie"), cognate_key("homeopathy")
('homeopat', 'homeopat')
>>> cognate_key("acupunctuur"), cognate_key("acupuncture")
('akupunktur', 'akupunktur')
>>> bilingual_tokens("Rugpijn en homeopathie", "nl", load_translations())
['bak', 'pain', 'homeopat']
"""

from __future__ import annotations

import re
from pathlib import Path

from claimscope.errors import ConfigError
from claimscope.resources import data_path, read_yaml
from claimscope.topics.lexicon import fold

_WORD = re.compile(r"[^\W\d_]{2,}")
_SPELLING = (("sch", "sk"), ("ph", "f"), ("th", "t"), ("ch", "k"), ("qu", "kw"), ("ck", "k"),
             ("c", "k"), ("x", "ks"), ("y", "i"), ("z", "s"), ("ae", "e"))
# endings cut once, longest first; Dutch and English forms of the same Latin/Greek ending
_ENDINGS = ("ische", "ical", "isch", "iteit", "ities", "ity", "ions", "ion", "isme", "ism",
            "ies", "ie", "ia", "ik", "is", "en", "es", "e", "s", "i", "a")
_MIN_KEY = 3


def default_translations_path() -> Path:
    """The nl → en table that ships with claimscope."""
    return data_path("translations.yml")


def load_translations(path: str | Path | None = None) -> dict[str, tuple[str, ...]]:
    """The Dutch → English table: folded Dutch word → folded English words.

    A file of your own replaces the shipped one, or adds to it when it says
    ``extends: default``; a :class:`~claimscope.errors.ConfigError` names the file and entry.

    >>> load_translations()["rugpijn"]
    ('back', 'pain')
    """
    file = Path(path) if path is not None else default_translations_path()
    spec = read_yaml(file, ConfigError, "translation table")
    table: dict[str, tuple[str, ...]] = {}
    if spec.get("extends") == "default" and path is not None:
        table.update(load_translations())
    elif spec.get("extends") not in (None, "default"):
        raise ConfigError(f"{file}: 'extends' must be 'default', not {spec['extends']!r}")
    entries = spec.get("nl")
    if not isinstance(entries, dict):
        raise ConfigError(f"{file}: expected a mapping 'nl:' of Dutch word → English word(s)")
    for nl, en in entries.items():
        words = _WORD.findall(fold(str(en))[0]) if isinstance(en, str) else []
        if not isinstance(nl, str) or not nl.strip() or not words:
            raise ConfigError(f"{file}: entry {nl!r}: {en!r} must map a Dutch word to English "
                              "word(s), e.g. rugpijn: back pain")
        table[fold(nl.strip())[0]] = tuple(words)
    return table


def cognate_key(word: str) -> str:
    """A spelling-neutral key of a folded word: Dutch and English cognates share it.

    >>> [cognate_key(w) for w in ("chiropractie", "chiropractic", "vaccin", "vaccine")]
    ['kiroprakt', 'kiroprakt', 'vakin', 'vakin']
    >>> cognate_key("depressie") == cognate_key("depression")
    True
    """
    w = fold(word)[0]
    for old, new in _SPELLING:
        w = w.replace(old, new)
    w = re.sub(r"(.)\1+", r"\1", w)
    for ending in _ENDINGS:
        if w.endswith(ending) and len(w) - len(ending) >= 4:
            w = w[: -len(ending)]
            break
    return w


def bilingual_tokens(text: str, language: str, table: dict[str, tuple[str, ...]],
                     stopwords: dict[str, frozenset[str]] | None = None) -> list[str]:
    """Cognate keys of the content words of ``text``; Dutch words in ``table`` are translated
    first (a compound may give several words). Keys shorter than three letters are dropped.

    >>> bilingual_tokens("The back pain", "en", {})
    ['bak', 'pain']
    """
    stop = (stopwords or {}).get(language, frozenset())
    out = []
    for word in _WORD.findall(fold(text)[0]):
        if word in stop:
            continue
        words = table.get(word, (word,)) if language == "nl" else (word,)
        out.extend(k for k in map(cognate_key, words) if len(k) >= _MIN_KEY)
    return out
