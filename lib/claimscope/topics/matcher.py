"""Matching a concept lexicon in sentences: every hit with its exact span.

Case- and diacritic-insensitive (offsets stay on the original text), inflection by a Snowball
stemmer per language, Dutch compounds, multi-word terms and acronyms (in capitals only); the
longest match wins and hits never overlap. Linear in the text.

>>> hits = find_in_text("Procaïne tegen rugpijnklachten en zenuwpijn.", "nl")
>>> for h in hits:
...     print(h["concept"], "|", h["surface"], h["start"], h["end"], h["match"])
procaine | Procaïne 0 8 exact
back pain | rugpijn 15 22 compound
nerve pain | zenuwpijn 34 43 exact
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import snowballstemmer

from claimscope.schema import SCHEMAS
from claimscope.topics.lexicon import (
    _GAP,
    _MATCH_RANK,
    _TOKEN,
    Concept,
    Lexicon,
    Term,
    _fold_term,
    _is_acronym,
    fold,
    load_lexicon,
)

COLUMNS = tuple(SCHEMAS["concepts"])
# per-token memories (stems, compound parts, candidate terms) are emptied past this many entries,
# so a corpus of millions of distinct tokens cannot grow them without bound
_MAX_REMEMBERED = 500_000


# ---------------------------------------------------------------------------------------------
# matching


@dataclass
class _Token:
    start: int          # folded offsets within the sentence
    end: int
    text: str           # folded
    original: str


def _idiom_pattern(phrases: list[str]) -> re.Pattern:
    """One pattern for a language's idioms: folded, whole words, spaces or hyphens between.

    >>> pattern = _idiom_pattern(["on the other hand", "hands on"])
    >>> pattern.search("on  the other hand, no").group(), pattern.search("hands-on").group()
    ('on  the other hand', 'hands-on')
    """
    words = sorted({tuple(fold(p)[0].replace("-", " ").split()) for p in phrases if p.strip()},
                   key=len, reverse=True)
    body = "|".join(r"[\s\-‐‑–]+".join(re.escape(w) for w in phrase) for phrase in words)
    return re.compile(rf"(?<![^\W_])(?:{body})(?![^\W_])")


class _Matcher:
    """Compiled index: terms by the keys of their first token (folded form and stem)."""

    def __init__(self, lexicon: Lexicon):
        s = lexicon.settings
        self.settings = s
        self.stemmers = {lang: snowballstemmer.stemmer(name)
                         for lang, name in s["stemmers"].items()}
        self.inflections = {lang: tuple(v) for lang, v in s["inflections"].items()}
        self.derivations = {lang: tuple(sorted(v, key=len, reverse=True))
                            for lang, v in s["derivations"].items()}
        self.compound_languages = frozenset(s["compound_languages"])
        self.linking = {lang: tuple(v) for lang, v in s["linking_morphemes"].items()}
        self.not_compounds = {lang: tuple(" ".join(_fold_term(w)) for w in v)
                              for lang, v in s["not_compounds"].items()}
        self.languages = lexicon.languages
        self.idioms = {lang: _idiom_pattern(v) for lang, v in s.get("idioms", {}).items() if v}
        self.index: dict[tuple[str, str], list[Term]] = {}
        self.acronyms: dict[str, list[Term]] = {}
        self._stems: dict[tuple[str, str], str] = {}
        self._compounds: dict[tuple[str, tuple[str, ...]], list[tuple[int, int, Term]]] = {}
        self._starting: dict[tuple[str, tuple[str, ...]], tuple[tuple, tuple]] = {}
        for c in lexicon.concepts:
            for lang, items in c.terms.items():
                for item in items:
                    self._add(c, lang, item)

    def stem(self, lang: str, token: str) -> str | None:
        key = (lang, token)
        if key not in self._stems:
            if len(self._stems) >= _MAX_REMEMBERED:
                self._stems.clear()
            stemmer = self.stemmers.get(lang)
            self._stems[key] = stemmer.stemWord(token) if stemmer else None
        return self._stems[key]

    def _add(self, concept: Concept, lang: str, item: str | dict) -> None:
        s = self.settings
        opts = item if isinstance(item, dict) else {"term": item}
        text = opts["term"]
        tokens = _fold_term(text)
        acronym = _is_acronym(text, s["max_acronym_length"])
        exact = bool(opts.get("exact", False)) or acronym
        compound = opts.get("compound", True)
        single = len(tokens) == 1 and not exact
        n = len(tokens[0])
        modifier = single and (compound in ("modifier", "both")
                               or (compound is True and n >= s["min_compound_modifier"]))
        head = single and (compound in ("head", "both")
                           or (compound is True and n >= s["min_compound_head"]))
        term = Term(concept.concept, concept.category, lang, text, tokens, acronym, exact,
                    modifier, head)
        if acronym:
            self.acronyms.setdefault(text, []).append(term)
            return
        self.index.setdefault(("=", tokens[0]), []).append(term)
        if not exact and len(tokens[0]) >= s["min_stem_length"] and lang in self.stemmers:
            self.index.setdefault((lang, self.stem(lang, tokens[0])), []).append(term)

    # -- single tokens -------------------------------------------------------------------------

    def _token_keys(self, tok: str, langs: tuple[str, ...]) -> list[tuple[str, str]]:
        keys = [("=", tok)]
        if len(tok) > self.settings["max_token_length"]:  # no word: junk, a URL, a base64 blob
            return keys
        for lang in langs:
            for suffix in self.inflections.get(lang, ()):
                if tok.endswith(suffix) and len(tok) - len(suffix) >= 3:
                    keys.append(("=", tok[: -len(suffix)]))
            if len(tok) >= 3 and lang in self.stemmers:
                keys.append((lang, self.stem(lang, tok)))
        return keys

    def terms_starting(self, tok: str, langs: tuple[str, ...]
                       ) -> tuple[tuple[tuple[Term, str], ...], tuple[Term, ...]]:
        """The terms whose first token may be ``tok`` (each once, in index order): one-token
        terms with how ``tok`` matches them, and longer terms (their other tokens are checked
        in the sentence). Remembered per token, since a corpus repeats its words."""
        key = (tok, langs)
        found = self._starting.get(key)
        if found is None:
            seen: dict[int, Term] = {}
            for k in self._token_keys(tok, langs):
                for term in self.index.get(k, ()):
                    seen.setdefault(id(term), term)
            single = tuple((term, kind) for term in seen.values() if len(term.tokens) == 1
                           if (kind := self.match_token(term, 0, tok, langs)) is not None)
            longer = tuple(term for term in seen.values() if len(term.tokens) > 1)
            found = (single, longer)
            if len(self._starting) >= _MAX_REMEMBERED:
                self._starting.clear()
            self._starting[key] = found
        return found

    def match_token(self, term: Term, i: int, tok: str, langs: tuple[str, ...]) -> str | None:
        """How token ``tok`` matches token ``i`` of ``term`` (exact, inflection, stem) or None."""
        tt = term.tokens[i]
        same_language = term.language in langs
        if tok == tt:
            if same_language or term.length >= self.settings["min_cross_language_length"]:
                return "exact"
            return None
        if term.exact or not same_language:
            return None
        for suffix in self.inflections.get(term.language, ()):
            if tok.endswith(suffix) and tok[: -len(suffix)] == tt and len(tt) >= 3:
                return "inflection"
        # a stem match keeps the first letters (the Dutch stemmer strips "ge-": "gebleken",
        # proven, must not match "bleekheid", pallor) and about the length (derivations such
        # as -heid, -igheid: "afhankelijk", depending, is not "afhankelijkheid", dependence)
        # and a derivational ending (settings: derivations) only when the term has the same
        # one: "handige" (handy) is not "handen" (hands)
        if (len(tt) >= self.settings["min_stem_length"] and term.language in self.stemmers
                and tok[:3] == tt[:3] and len(tt) - 2 <= len(tok) <= len(tt) + 4
                and self._derivation(term.language, tok) == self._derivation(term.language, tt)
                and self.stem(term.language, tok) == self.stem(term.language, tt)):
            return "stem"
        return None

    def _derivation(self, lang: str, word: str) -> str:
        return next((d for d in self.derivations.get(lang, ()) if word.endswith(d)), "")

    def _modifier_end(self, term: Term, tok: str, langs: tuple[str, ...]) -> int | None:
        """Length of ``term``'s last token used as the first part of compound ``tok``."""
        lang = term.language
        tt = term.tokens[-1]
        if (lang not in langs or lang not in self.compound_languages or term.exact
                or len(tt) < self.settings["min_compound_modifier"] or not tok.startswith(tt)
                or len(tok) - len(tt) < self.settings["min_rest_after_modifier"]):
            return None
        return len(tt)

    def compound_parts(self, tok: str, langs: tuple[str, ...]) -> list[tuple[int, int, Term]]:
        """Terms found as the first part (modifier) or last part (head) of a compound token."""
        key = (tok, langs)
        if key in self._compounds:
            return self._compounds[key]
        s = self.settings
        found: list[tuple[int, int, Term]] = []
        # a word listed under not_compounds (wondermiddel, miracle cure, is no wound), or an
        # inflected form of it, is not split
        clangs = tuple(lang for lang in langs if lang in self.compound_languages
                       and not tok.startswith(self.not_compounds.get(lang, ())))
        if clangs and len(tok) <= s["max_token_length"]:
            for i in range(1, len(tok)):
                left, right = tok[:i], tok[i:]
                if len(right) >= s["min_rest_after_modifier"]:
                    candidates = [left] + [left[: -len(m)] for lang in clangs
                                           for m in self.linking.get(lang, ())
                                           if left.endswith(m) and len(left) > len(m)]
                    for cand in dict.fromkeys(candidates):
                        for term in self.index.get(("=", cand), ()):
                            if term.modifier and term.language in clangs:
                                found.append((0, len(cand), term))
                if len(left) >= s["min_rest_before_head"]:
                    for k in dict.fromkeys(self._token_keys(right, clangs)):
                        for term in self.index.get(k, ()):
                            # a compound's last part: exact or inflected, never stemmed
                            if (term.head and term.language in clangs
                                    and self.match_token(term, 0, right, clangs)
                                    in ("exact", "inflection")):
                                found.append((i, len(tok), term))
        if len(self._compounds) >= _MAX_REMEMBERED:
            self._compounds.clear()
        self._compounds[key] = found
        return found

    # -- sentences -----------------------------------------------------------------------------

    def languages_for(self, language: str | None) -> tuple[str, ...]:
        if language in self.languages:
            return (language,)
        return self.languages

    def find(self, text: str, language: str | None) -> list[dict]:
        """Non-overlapping concept hits in ``text`` (offsets into ``text``)."""
        langs = self.languages_for(language)
        folded, index = fold(text)
        tokens = []
        for m in _TOKEN.finditer(folded):
            s, e = m.start(), m.end()
            os_, oe = (s, e) if index is None else (index[s], index[e - 1] + 1)
            tokens.append(_Token(s, e, m.group(), text[os_:oe]))
        candidates: list[tuple[int, int, int, int, str, Term]] = []

        def add(s: int, e: int, term: Term, kind: str, whole: bool) -> None:
            penalty = 0 if term.language in langs else 1
            candidates.append((s, e, 0 if whole else 1, _MATCH_RANK[kind] + penalty, kind, term))

        for i, tok in enumerate(tokens):
            original = tok.original
            for key in (original, original[:-1] if original.endswith("s") else None,
                        original[:-2] if original[-2:] in ("'s", "’s") else None):
                for term in self.acronyms.get(key or "", ()):
                    add(tok.start, tok.end, term, "acronym", True)
            single, longer = self.terms_starting(tok.text, langs)
            for term, kind in single:
                add(tok.start, tok.end, term, kind, True)
            for term in longer:
                hit = self._match_at(term, tokens, i, folded, langs)
                if hit:
                    add(tok.start, hit[0], term, hit[1], True)
            for s, e, term in self.compound_parts(tok.text, langs):
                add(tok.start + s, tok.start + e, term, "compound", False)
        if candidates:
            candidates = self._outside_idioms(candidates, folded, langs)
        return self._resolve(candidates, text, index)

    def _outside_idioms(self, candidates: list, folded: str, langs: tuple[str, ...]) -> list:
        """The candidates that do not lie in an idiom of the sentence's language ("on the
        other hand", "aan de hand": no hand)."""
        spans = [m.span() for lang in langs if lang in self.idioms
                 for m in self.idioms[lang].finditer(folded)]
        if not spans:
            return candidates
        return [c for c in candidates if not any(s < c[1] and c[0] < e for s, e in spans)]

    def _match_at(self, term: Term, tokens: list[_Token], i: int, folded: str,
                  langs: tuple[str, ...]) -> tuple[int, str] | None:
        n = len(term.tokens)
        if i + n > len(tokens):
            return None
        kinds = []
        for j in range(n):
            tok = tokens[i + j]
            if j and not _GAP.fullmatch(folded[tokens[i + j - 1].end:tok.start]):
                return None
            kind = self.match_token(term, j, tok.text, langs)
            if kind is None and j == n - 1 and n > 1:
                cut = self._modifier_end(term, tok.text, langs)
                if cut is not None:
                    return tok.start + cut, "compound"
            if kind is None:
                return None
            kinds.append(kind)
        return tokens[i + n - 1].end, max(kinds, key=_MATCH_RANK.__getitem__)

    @staticmethod
    def _resolve(candidates: list, text: str, index: list[int] | None) -> list[dict]:
        """Longest match wins; ties: whole token, then better match, then language, then name."""
        candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[3], c[0], c[5].concept))
        taken = bytearray(max((c[1] for c in candidates), default=0))
        hits = []
        for s, e, _whole, _rank, kind, term in candidates:
            if any(taken[s:e]):
                continue
            taken[s:e] = b"\x01" * (e - s)
            os_, oe = (s, e) if index is None else (index[s], index[e - 1] + 1)
            hits.append({"concept": term.concept, "category": term.category,
                         "surface": text[os_:oe], "start": os_, "end": oe,
                         "term": term.text, "match": kind})
        return sorted(hits, key=lambda h: (h["start"], h["end"], h["concept"]))


# ---------------------------------------------------------------------------------------------
# public functions


def _as_lexicon(lexicon: Lexicon | str | Path | None) -> Lexicon:
    if isinstance(lexicon, Lexicon):
        return lexicon
    return _shipped_lexicon() if lexicon is None else load_lexicon(lexicon)


@functools.lru_cache(maxsize=1)
def _shipped_lexicon() -> Lexicon:
    """The shipped lexicon, loaded and compiled once per process (``find_in_text`` in a loop
    would otherwise read it for every text)."""
    return load_lexicon()


def find_in_text(text: str, language: str | None = None,
                 lexicon: Lexicon | str | Path | None = None) -> list[dict]:
    """Concept hits in one text; ``language`` picks the stemmer (unknown: try every language).

    >>> [h["concept"] for h in find_in_text("Injections of procaine into scars.", "en")]
    ['injection', 'procaine', 'scar']
    """
    return _as_lexicon(lexicon).matcher().find(text, language)


def find_concepts(sentences: pd.DataFrame,
                  lexicon: Lexicon | str | Path | None = None) -> pd.DataFrame:
    """Concept rows for every sentence: doc_id, sent_id, concept, category, surface, start, end
    (absolute offsets, as the sentence's ``start`` is), plus the lexicon ``term`` and the kind of
    ``match`` (acronym, exact, inflection, stem, compound). Pure: the same input gives the same
    frame; linear in the number of sentences (the lexicon is compiled once).

    >>> find_concepts(corpus.sentences).concept.value_counts().head(2).to_dict()
    {'nerve pain': 208, 'back': 203}
    """
    rows = concept_rows(sentences, lexicon)
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    return frame.sort_values(["doc_id", "start", "end"], kind="stable").reset_index(drop=True)


def concept_rows(sentences, lexicon: Lexicon | str | Path | None = None) -> list[dict]:
    """The rows of :func:`find_concepts` (unsorted), from a sentences frame or a mapping of its
    columns ``doc_id, sent_id, start, text, language``."""
    return [row for chunk in concept_row_chunks(sentences, lexicon) for row in chunk]


def concept_row_chunks(sentences, lexicon: Lexicon | str | Path | None = None,
                       chunk_sentences: int = 4096) -> Iterator[list[dict]]:
    """:func:`concept_rows` for ``chunk_sentences`` sentences at a time."""
    matcher = _as_lexicon(lexicon).matcher()
    columns = [sentences[c] for c in ("doc_id", "sent_id", "start", "text", "language")]
    rows: list[dict] = []
    for i, (doc_id, sent_id, start, text, language) in enumerate(zip(*columns, strict=True)):
        if i and not i % chunk_sentences:
            yield rows
            rows = []
        for hit in matcher.find(text, language):
            rows.append({"doc_id": doc_id, "sent_id": int(sent_id), "concept": hit["concept"],
                         "category": hit["category"], "surface": hit["surface"],
                         "start": int(start) + hit["start"], "end": int(start) + hit["end"],
                         "term": hit["term"], "match": hit["match"]})
    yield rows
