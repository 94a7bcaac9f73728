"""Candidate lexicon terms mined from a corpus: what its pages name that the lexicon misses.

A candidate is a run of one to three content words inside a sentence (no stop word, no
punctuation between them; a Dutch compound is one word), that no concept mention overlaps,
that is not made of generic words (``claimscope/data/suggest.yml``) and that at least
``min_documents`` pages use. Candidates are ranked per language by the number of pages that
use them times a domain signal: how often they share a sentence with a known concept, and
whether they contain a health word part (*-itis*, *therap*, *vaccin*, *pijn*, …). A Dutch and an
English candidate are proposed as one concept when their cognate keys match (after the shipped
nl → en table: :mod:`claimscope.topics.crosslingual`), and a candidate whose key matches a
lexicon term of the other language is proposed as a new term of that concept.

:func:`write_suggestions` writes them as a lexicon file that starts with ``extends: default``
(so :func:`~claimscope.topics.lexicon.load_lexicon` reads it as additions), every entry with its
counts and example spans (``doc_id start-end``) as comments.

>>> table = suggest_terms(corpus, min_documents=2, top=5)
>>> table.columns.tolist()[:4]
['language', 'term', 'documents', 'count']
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pandas as pd

from claimscope.errors import ConfigError
from claimscope.resources import data_path, read_yaml
from claimscope.schema import TABLE_COLUMNS
from claimscope.topics.coverage import overlaps
from claimscope.topics.crosslingual import cognate_key, load_translations
from claimscope.topics.lexicon import Lexicon, fold, load_lexicon
from claimscope.topics.representation import load_stopwords

_WORD = re.compile(r"[^\W\d_]{2,}")
_GAP = re.compile(r"[ \t\-‐‑]{1,2}")
_CATEGORY_ORDER = ("condition", "substance", "anatomy", "treatment")


def load_config(path: str | Path | None = None) -> dict:
    """Generic words, domain word parts and category word parts (``suggest.yml``), folded.

    >>> "therapy" in load_config()["generic"]["en"]
    True
    """
    file = Path(path) if path is not None else data_path("suggest.yml")
    spec = read_yaml(file, ConfigError, "suggest-concepts settings file")
    generic, affixes, cats = (spec.get(k) for k in ("generic", "domain_affixes",
                                                    "category_affixes"))
    if not isinstance(generic, dict) or not isinstance(affixes, list) or \
            not isinstance(cats, dict):
        raise ConfigError(f"{file}: expected 'generic' (language → words), 'domain_affixes' "
                          "(a list) and 'category_affixes' (category → list)")
    return {"generic": {lang: frozenset(fold(str(w))[0] for w in words)
                        for lang, words in generic.items()},
            "affixes": tuple(fold(str(a))[0] for a in affixes),
            "categories": {c: tuple(fold(str(a))[0] for a in cats.get(c, ()))
                           for c in _CATEGORY_ORDER}}


def _occurrences(corpus, stop: dict, generic: dict, max_words: int, min_length: int
                 ) -> pd.DataFrame:
    """Every candidate n-gram occurrence: language, key (folded words), surface, span."""
    rows = []
    mentioned = set(corpus.concepts[["doc_id", "sent_id"]].itertuples(index=False, name=None))
    s = corpus.sentences
    for doc, sid, start, text, lang in zip(s.doc_id, s.sent_id, s.start, s.text, s.language,
                                           strict=True):
        if lang not in stop:
            continue
        folded, index = fold(text)
        toks = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(folded)]
        run: list[tuple[int, int, str]] = []
        runs = []
        for tok in toks:
            if tok[2] in stop[lang]:
                runs.append(run)
                run = []
                continue
            if run and not _GAP.fullmatch(folded[run[-1][1]:tok[0]]):
                runs.append(run)
                run = []
            run.append(tok)
        runs.append(run)
        with_concept = (doc, int(sid)) in mentioned
        for run in runs:
            for i in range(len(run)):
                for n in range(1, max_words + 1):
                    gram = run[i:i + n]
                    if len(gram) < n:
                        break
                    words = [t[2] for t in gram]
                    if words[0] in generic.get(lang, ()) or words[-1] in generic.get(lang, ()):
                        continue
                    if n == 1 and len(words[0]) < min_length:
                        continue
                    fs, fe = gram[0][0], gram[-1][1]
                    os_, oe = (fs, fe) if index is None else (index[fs], index[fe - 1] + 1)
                    rows.append((lang, " ".join(words), text[os_:oe], doc, int(start) + os_,
                                 int(start) + oe, with_concept, n))
    return pd.DataFrame(rows, columns=["language", "key", "surface", "doc_id", "start", "end",
                                       "with_concept", "n"])


def _keys(term: str, language: str, table: dict) -> tuple[str, ...]:
    words = []
    for w in fold(term)[0].split():
        words.extend(table.get(w, (w,)) if language == "nl" else (w,))
    return tuple(cognate_key(w) for w in words)


def suggest_terms(corpus, lexicon: Lexicon | str | Path | None = None, min_documents: int = 2,
                  top: int = 40, max_words: int = 3, min_length: int = 5,
                  config: str | Path | None = None, domain_only: bool = True,
                  also_new_to: Lexicon | None = None) -> pd.DataFrame:
    """Ranked candidate terms per language, with their links and example spans.

    Parameters
    ----------
    corpus
        A parsed :class:`~claimscope.corpus.Corpus` (its concepts found with ``lexicon``).
    lexicon
        The lexicon the candidates must be new to (default: the shipped one).
    min_documents, top
        Keep candidates used by at least this many pages; at most ``top`` per language.
    max_words, min_length
        Longest candidate in words; shortest single-word candidate in letters.
    config
        Generic words and word parts of your own (see ``claimscope/data/suggest.yml``).
    domain_only
        Keep only candidates with a health word part or a cross-lingual link (default).
    also_new_to
        A second lexicon whose terms are not candidates either (the one a written file
        extends).

    Returns
    -------
    pandas.DataFrame
        ``language, term, documents, count, domain, score, link`` (the linked term: the other
        language's candidate, or ``concept: NAME`` of the lexicon), ``link_kind`` (cognate,
        table, lexicon or empty), ``examples`` (``doc_id start-end; …``), plus ``category``.

    Examples
    --------
    >>> t = suggest_terms(corpus, top=3)
    >>> bool((t.documents >= 2).all()), bool(t.groupby("language").size().max() <= 3)
    (True, True)
    """
    lex = lexicon if isinstance(lexicon, Lexicon) else load_lexicon(lexicon)
    cfg = load_config(config)
    stop = load_stopwords()
    table = load_translations()
    occ = _occurrences(corpus, stop, cfg["generic"], max_words, min_length)
    occ = occ[~overlaps(occ, corpus.concepts)] if len(occ) else occ
    columns = [*TABLE_COLUMNS["candidates"], "category"]
    if occ.empty:
        return pd.DataFrame(columns=columns)
    frames = [lex.frame(), *([] if also_new_to is None else [also_new_to.frame()])]
    known = {(r.language, " ".join(_WORD.findall(fold(r.term)[0])))
             for f in frames for r in f.itertuples()}
    agg = occ.groupby(["language", "key"]).agg(
        documents=("doc_id", "nunique"), count=("doc_id", "size"),
        cooccur=("with_concept", "mean"), n=("n", "first")).reset_index()
    agg = agg[(agg.documents >= min_documents) & ((agg.n == 1) | (agg["count"] >= 2))]
    agg = agg[[(lang, key) not in known for lang, key in zip(agg.language, agg.key,
                                                             strict=True)]]
    # a shorter candidate that only ever occurs inside a longer one gives way to it
    counts = dict(zip(zip(agg.language, agg.key, strict=True), agg["count"], strict=True))
    drop = set()
    for (lang, key), n in counts.items():
        words = key.split()
        for size in range(1, len(words)):
            for i in range(len(words) - size + 1):
                sub = (lang, " ".join(words[i:i + size]))
                if counts.get(sub, 0) <= n:
                    drop.add(sub)
    agg = agg[[(lang, key) not in drop for lang, key in zip(agg.language, agg.key,
                                                            strict=True)]].copy()
    agg["affix"] = [_has_affix(key, cfg["affixes"]) for key in agg.key]
    agg["domain"] = (0.5 * agg.cooccur + 0.5 * agg.affix).round(3)
    agg["score"] = (agg.documents * (0.5 + agg.domain)).round(3)
    surfaces = occ.groupby(["language", "key"]).surface.agg(
        lambda s: Counter(s).most_common(1)[0][0])
    agg["term"] = [surfaces[(lang, key)] if surfaces[(lang, key)].isupper()
                   else surfaces[(lang, key)].lower() for lang, key in zip(agg.language, agg.key,
                                                                          strict=True)]
    examples = occ.drop_duplicates(["language", "key", "doc_id"]).groupby(
        ["language", "key"]).apply(lambda g: "; ".join(
            f"{r.doc_id} {r.start}-{r.end}" for r in g.head(3).itertuples()),
            include_groups=False)
    agg["examples"] = [examples[(lang, key)] for lang, key in zip(agg.language, agg.key,
                                                                  strict=True)]
    agg = agg.reset_index(drop=True)
    agg["category"] = [_category(key, cfg["categories"]) for key in agg.key]
    _link(agg, lex, table)
    if domain_only:
        agg = agg[agg.affix | (agg.link_kind != "")]
    agg = agg.sort_values(["language", "score", "count", "key"],
                          ascending=[True, False, False, True], kind="stable")
    return agg.groupby("language").head(top).reset_index(drop=True)[columns]


def _has_affix(key: str, affixes: tuple[str, ...]) -> bool:
    words = key.split()
    return any(a in w if len(a) > 3 else w.endswith(a) and len(w) > len(a) + 3
               for a in affixes for w in words)


def _category(key: str, cats: dict[str, tuple[str, ...]]) -> str:
    for cat in _CATEGORY_ORDER:
        if _has_affix(key, cats[cat]):
            return cat
    return ""


def _link(agg: pd.DataFrame, lex: Lexicon, table: dict) -> None:
    """Fill ``link`` and ``link_kind``: nl ↔ en candidates with one cognate key, else a lexicon
    concept whose term in the other language has the candidate's key."""
    keys = [_keys(key, lang, table) for key, lang in zip(agg.key, agg.language, strict=True)]
    plain = [tuple(map(cognate_key, key.split())) for key in agg.key]
    by_key: dict[tuple[str, tuple], int] = {}
    for i, (lang, k) in enumerate(zip(agg.language, keys, strict=True)):
        by_key.setdefault((lang, k), i)
    lexicon_keys: dict[tuple[str, tuple], str] = {}
    for r in lex.frame().itertuples():
        lexicon_keys.setdefault((r.language, _keys(r.term, r.language, table)), r.concept)
    links, kinds = [""] * len(agg), [""] * len(agg)
    for i, (lang, k) in enumerate(zip(agg.language, keys, strict=True)):
        other = "en" if lang == "nl" else "nl" if lang == "en" else None
        if other is None:
            continue
        j = by_key.get((other, k))
        if j is not None:
            links[i] = agg.term.iloc[j]
            nl_i = i if lang == "nl" else j
            kinds[i] = "cognate" if keys[nl_i] == plain[nl_i] else "table"
        elif (other, k) in lexicon_keys:
            links[i] = f"concept: {lexicon_keys[(other, k)]}"
            kinds[i] = "lexicon"
    agg["link"] = links
    agg["link_kind"] = kinds


def lexicon_text(candidates: pd.DataFrame, lexicon: Lexicon | None = None,
                 source: str = "") -> str:
    """The candidates as a lexicon file (``extends: default``), one commented entry each.

    >>> text = lexicon_text(suggest_terms(corpus, top=2))
    >>> text.splitlines()[4]
    'extends: default'
    """
    lex = lexicon or load_lexicon()
    names = {c.concept for c in lex.concepts}
    lines = ["# Candidate concepts mined by `claimscope suggest-concepts`"
             + (f" from {source}" if source else "") + ".",
             "# Terms the pages use that the lexicon does not cover, best first per language.",
             "# Review every entry: rename the concept, fix the category, delete what is not a",
             "# health concept. Load it with load_corpus(..., concepts='this file').",
             "extends: default", "concepts:"]
    done: set[int] = set()
    by_term = {(r.language, r.term): i for i, r in enumerate(candidates.itertuples())}
    taken: set[tuple[str, str]] = set()
    for i, r in enumerate(candidates.itertuples()):
        if i in done:
            continue
        done.add(i)
        terms = {r.language: [r.term]}
        note = (f"  # {r.language} {r.term!r}: {r.documents} pages, {r.count} mentions, "
                f"domain {r.domain:.2f}, score {r.score:.2f}")
        name, category = r.term.lower(), r.category
        if r.link_kind == "lexicon":
            name, category = r.link.removeprefix("concept: "), ""
            note += f"; a new {r.language} term for the lexicon's concept"
        elif r.link:
            other = "en" if r.language == "nl" else "nl"
            j = by_term.get((other, r.link))
            if j is not None and j not in done:
                done.add(j)
                terms[other] = [r.link]
                note += f"; linked ({r.link_kind}) to {other} {r.link!r}"
                c = candidates.iloc[j]
                category = category or c.category
                if other == "en":
                    name = r.link.lower()
        if any((lang, t.lower()) in taken for lang, ts in terms.items() for t in ts):
            continue
        taken.update((lang, t.lower()) for lang, ts in terms.items() for t in ts)
        lines.append(note)
        lines.append(f"  #   examples: {r.examples}")
        lines.append(f"  - concept: {json.dumps(name, ensure_ascii=False)}")
        if name not in names:
            guess = "" if category else "   # a guess: check it"
            lines.append(f"    category: {category or 'treatment'}{guess}")
        lines.append("    terms:")
        for lang, ts in terms.items():
            quoted = ", ".join(json.dumps(t, ensure_ascii=False) for t in ts)
            lines.append(f"      {lang}: [{quoted}]")
        names.add(name)
    if len(lines) == 6:
        lines[-1] = "concepts: []"
    return "\n".join(lines) + "\n"


def corpus_source(corpus) -> str:
    """The folder a corpus was read from (its files' common parent), for the file header."""
    paths = [Path(p) for p in corpus.documents.path]
    if not paths:
        return ""
    parents = {p.parent for p in paths}
    return str(parents.pop()) if len(parents) == 1 else f"{len(paths)} files"


def write_suggestions(corpus, out: str | Path, lexicon: str | Path | None = None,
                      table: str | Path | None = None, source: str = "", **kwargs
                      ) -> pd.DataFrame:
    """Mine candidates (:func:`suggest_terms`) and write them to ``out`` as a lexicon file (and
    to ``table`` as CSV when given); the file is checked by loading it. Returns the candidates.

    Candidates are new to ``lexicon`` (default: the shipped one) and to the shipped lexicon,
    which the written file extends (``extends: default``).
    """
    out = Path(out)
    if out.suffix.lower() not in (".yml", ".yaml"):
        raise ConfigError(f"{out}: the suggestions are a lexicon file; name it .yml or .yaml")
    if not out.parent.is_dir():
        raise ConfigError(f"{out}: the folder {out.parent} does not exist")
    lex, shipped = load_lexicon(lexicon), load_lexicon()
    candidates = suggest_terms(corpus, lex, also_new_to=shipped, **kwargs)
    out.write_text(lexicon_text(candidates, shipped, source=source or corpus_source(corpus)),
                   encoding="utf-8")
    load_lexicon(out)
    if table is not None:
        candidates.to_csv(table, index=False)
    return candidates
