"""The concept lexicon: concepts (conditions, treatments, substances, anatomy, mechanisms) with
their terms per language, and the matching settings, loaded from YAML.

The lexicon is data (``claimscope/data/concepts.yml``); a user file replaces it, or adds to it
when it starts with ``extends: default`` (new concepts, more terms for existing ones, changed
settings). Matching itself is :mod:`claimscope.topics.matcher`.

>>> lexicon = load_lexicon()
>>> lexicon.categories()["procaine"], fold("Procaïne")[0]
('substance', 'procaine')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import snowballstemmer

from claimscope.errors import LexiconError
from claimscope.resources import data_path, read_yaml
from claimscope.schema import CONCEPT_CATEGORIES

CATEGORIES = CONCEPT_CATEGORIES
_COMPOUND_VALUES = (True, False, "modifier", "head", "both")
_MATCH_RANK = {"acronym": 0, "exact": 0, "inflection": 1, "stem": 2, "compound": 3}
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_GAP = re.compile(r"[\s\-‐‑–]{1,3}")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_DEFAULT_SETTINGS = {
    "stemmers": {"nl": "dutch", "en": "english"},
    "inflections": {"nl": ["'s", "s", "en", "n", "e", "es"], "en": ["'s", "s", "es"]},
    "compound_languages": ["nl"],
    "linking_morphemes": {"nl": ["s", "e", "en"]},
    "derivations": {},
    "not_compounds": {},
    "idioms": {},
    "min_stem_length": 5,
    "min_cross_language_length": 5,
    "min_compound_modifier": 4,
    "min_compound_head": 5,
    "min_rest_after_modifier": 4,
    "min_rest_before_head": 3,
    "max_acronym_length": 6,
    "max_token_length": 64,
}



@dataclass(frozen=True)
class Term:
    """One lexicon term, folded and tokenised once."""

    concept: str
    category: str
    language: str
    text: str
    tokens: tuple[str, ...]
    acronym: bool = False
    exact: bool = False
    modifier: bool = False
    head: bool = False

    @property
    def length(self) -> int:
        return len(" ".join(self.tokens))


@dataclass(frozen=True)
class Concept:
    """A concept: canonical English name, category, terms per language."""

    concept: str
    category: str
    terms: dict[str, tuple]
    note: str = ""


@dataclass
class Lexicon:
    """Concepts and matching settings, as loaded from one (or two, merged) YAML files."""

    concepts: tuple[Concept, ...]
    settings: dict
    source: str = ""
    _matcher: _Matcher | None = field(default=None, repr=False, compare=False)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(sorted({lang for c in self.concepts for lang in c.terms}))

    def frame(self) -> pd.DataFrame:
        """One row per (concept, language, term): the lexicon as a table."""
        rows = [{"concept": c.concept, "category": c.category, "language": lang,
                 "term": t if isinstance(t, str) else t["term"]}
                for c in self.concepts for lang, terms in c.terms.items() for t in terms]
        return pd.DataFrame(rows, columns=["concept", "category", "language", "term"])

    def categories(self) -> dict[str, str]:
        """concept → category."""
        return {c.concept: c.category for c in self.concepts}

    def matcher(self) -> _Matcher:
        """The compiled matcher (built once per lexicon)."""
        if self._matcher is None:
            from claimscope.topics.matcher import _Matcher

            self._matcher = _Matcher(self)
        return self._matcher


# ---------------------------------------------------------------------------------------------
# folding: lower case, no diacritics, with a map back to the original offsets


def fold(text: str) -> tuple[str, list[int] | None]:
    """Lower-case ``text`` and strip diacritics; also the original index of every folded char.

    >>> fold("Procaïne")
    ('procaine', [0, 1, 2, 3, 4, 5, 6, 7])
    >>> fold("Straße")
    ('strasse', [0, 1, 2, 3, 4, 4, 5])
    >>> fold("plain ascii")
    ('plain ascii', None)
    """
    text_a = text.translate(_APOSTROPHES)
    if text_a.isascii():
        return text_a.lower(), None
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text_a):
        if ch.isascii():
            out.append(ch.lower())
            index.append(i)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch)
                       if not unicodedata.combining(c)).casefold()
        for c in base or ch.lower():
            out.append(c)
            index.append(i)
    return "".join(out), index


def _fold_term(term: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(fold(term)[0]))


# ---------------------------------------------------------------------------------------------
# loading


def default_lexicon_path() -> Path:
    """The lexicon that ships with claimscope."""
    return data_path("concepts.yml")


def _read_yaml(path: Path) -> dict:
    spec = read_yaml(path, LexiconError, "lexicon")
    if not isinstance(spec.get("concepts"), list):
        raise LexiconError(f"{path}: expected a mapping with a 'concepts:' list")
    return spec


#: Settings whose per-language word lists a file with ``extends: default`` adds to.
_ADDITIVE = ("not_compounds", "idioms")
_LANGUAGE_LISTS = ("inflections", "derivations", "linking_morphemes", "not_compounds", "idioms")


def _settings(spec: dict, path: Path) -> dict:
    """The ``settings`` block of a lexicon file, checked: every key known, every value of its
    type (a :class:`~claimscope.errors.LexiconError` names the file, the key and the value)."""
    block = spec.get("settings")
    if block is None:
        return {}
    if not isinstance(block, dict):
        raise LexiconError(f"{path}: 'settings' must be a mapping (e.g. min_stem_length: 5), "
                           f"not {block!r}")
    out = {}
    for key, value in block.items():
        where = f"{path}: settings.{key}"
        if key not in _DEFAULT_SETTINGS:
            raise LexiconError(f"{path}: unknown setting {key!r}; known: "
                               f"{', '.join(_DEFAULT_SETTINGS)}")
        if key in _LANGUAGE_LISTS or key == "stemmers":
            value = {} if value is None else value
            if not isinstance(value, dict):
                raise LexiconError(f"{where} must map languages (nl, en, …) to values, "
                                   f"not {value!r}")
            wanted = {"stemmers": "a stemmer name", "not_compounds": "a list of words",
                      "idioms": "a list of phrases"}.get(
                key, "a list of endings")
            for lang, item in value.items():
                ok = isinstance(item, str) if key == "stemmers" else (
                    isinstance(item, list) and all(isinstance(x, str) for x in item))
                if not ok:
                    raise LexiconError(f"{where}.{lang} must be {wanted}, not {item!r}")
        elif key == "compound_languages":
            if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
                raise LexiconError(f"{where} must be a list of language codes, not {value!r}")
        elif isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise LexiconError(f"{where} must be a whole number of 0 or more, not {value!r}")
        out[key] = value
    return out


def _parse_concepts(spec: dict, path: Path, require_category: bool = True) -> list[Concept]:
    concepts = []
    for i, entry in enumerate(spec["concepts"], 1):
        where = f"{path}: concept #{i}"
        if not isinstance(entry, dict):
            raise LexiconError(f"{where}: expected a mapping, got {entry!r}")
        name = entry.get("concept")
        if not isinstance(name, str) or not name.strip():
            raise LexiconError(f"{where}: missing field 'concept' (the canonical English name)")
        where = f"{path}: concept #{i} ({name!r})"
        category = entry.get("category")
        if category is None and require_category:
            raise LexiconError(f"{where}: missing field 'category' "
                               f"(one of {', '.join(CATEGORIES)})")
        if category is not None and category not in CATEGORIES:
            raise LexiconError(f"{where}: category {category!r} is not one of "
                               f"{', '.join(CATEGORIES)}")
        terms = entry.get("terms")
        if not isinstance(terms, dict) or not terms:
            raise LexiconError(f"{where}: missing field 'terms' (a mapping language → list of "
                               "terms, e.g. {nl: [rugpijn], en: [back pain]})")
        clean: dict[str, tuple] = {}
        for lang, items in terms.items():
            if not isinstance(items, list) or not items:
                raise LexiconError(f"{where}: terms for {lang!r} must be a non-empty list")
            for t in items:
                text = t.get("term") if isinstance(t, dict) else t
                if not isinstance(text, str) or not _fold_term(text):
                    raise LexiconError(f"{where}: bad term {t!r} for {lang!r}")
                if isinstance(t, dict) and t.get("compound", True) not in _COMPOUND_VALUES:
                    raise LexiconError(f"{where}: term {text!r}: compound must be one of "
                                       "true, false, modifier, head, both")
            clean[str(lang)] = tuple(items)
        concepts.append(Concept(name.strip(), category or "", clean, str(entry.get("note", ""))))
    return concepts


def _merge(base: list[Concept], extra: list[Concept]) -> list[Concept]:
    merged = {c.concept: c for c in base}
    for c in extra:
        old = merged.get(c.concept)
        if old is None:
            merged[c.concept] = c
            continue
        terms = {lang: tuple(t) for lang, t in old.terms.items()}
        for lang, items in c.terms.items():
            old_items = terms.get(lang, ())
            terms[lang] = old_items + tuple(t for t in items if t not in old_items)
        merged[c.concept] = Concept(c.concept, c.category or old.category, terms,
                                    c.note or old.note)
    return list(merged.values())


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Load the concept lexicon: the shipped one, or the file at ``path`` instead.

    A user file with ``extends: default`` at the top adds to the shipped lexicon (new concepts,
    more terms for existing ones, changed settings) instead of replacing it; its
    ``not_compounds`` and ``idioms`` add to the shipped lists.

    >>> lex = load_lexicon()
    >>> lex.categories()["procaine"], "procaïne" in lex.frame().term.tolist()
    ('substance', True)
    """
    own = Path(path) if path is not None else default_lexicon_path()
    spec = _read_yaml(own)
    settings = {**_DEFAULT_SETTINGS}
    concepts: list[Concept] = []
    source = str(own)
    if spec.get("extends") not in (None, "default"):
        raise LexiconError(f"{own}: 'extends' must be 'default' (the shipped lexicon), "
                           f"not {spec['extends']!r}")
    if spec.get("extends") == "default":
        base = _read_yaml(default_lexicon_path())
        settings.update(_settings(base, default_lexicon_path()))
        concepts = _parse_concepts(base, default_lexicon_path())
        source = f"{default_lexicon_path()} + {own}"
    mine = _settings(spec, own)
    if spec.get("extends") == "default":  # word lists add to the shipped ones, per language
        for key in (k for k in _ADDITIVE if k in mine):
            merged = {lang: list(words) for lang, words in settings[key].items()}
            for lang, words in mine[key].items():
                merged[lang] = [*merged.get(lang, []), *words]
            mine[key] = merged
    settings.update(mine)
    own_concepts = _parse_concepts(spec, own, require_category=not concepts)
    concepts = _merge(concepts, own_concepts) if concepts else own_concepts
    known = {c.concept for c in concepts}
    for c in own_concepts:
        if not c.category and c.concept not in known:
            raise LexiconError(f"{own}: concept {c.concept!r}: missing field 'category'")
    missing = [c.concept for c in concepts if not c.category]
    if missing:
        raise LexiconError(f"{own}: concept {missing[0]!r}: missing field 'category'")
    for lang in {lang for c in concepts for lang in c.terms}:
        name = settings["stemmers"].get(lang)
        if name is not None and name not in snowballstemmer.algorithms():
            raise LexiconError(f"{own}: no Snowball stemmer {name!r} for language {lang!r}")
    _check_duplicates(concepts, own)
    return Lexicon(tuple(concepts), settings, source)


def _check_duplicates(concepts: Iterable[Concept], path: Path) -> None:
    seen: dict[tuple[str, tuple[str, ...]], str] = {}
    for c in concepts:
        for lang, items in c.terms.items():
            for t in items:
                text = t["term"] if isinstance(t, dict) else t
                key = (lang, _fold_term(text)) if not _is_acronym(text, 99) else (lang, (text,))
                other = seen.setdefault(key, c.concept)
                if other != c.concept:
                    raise LexiconError(f"{path}: term {text!r} ({lang}) is listed under both "
                                       f"{other!r} and {c.concept!r}")


def _is_acronym(text: str, max_len: int) -> bool:
    return (len(_TOKEN.findall(text)) == 1 and text.isupper() and len(text) <= max_len
            and any(ch.isalpha() for ch in text))


if TYPE_CHECKING:  # pragma: no cover
    from claimscope.topics.matcher import _Matcher
