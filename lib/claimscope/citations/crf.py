"""A linear-chain CRF over the tokens of one reference string, run from weights shipped as data.

Tokens are the whitespace-separated words of the string, further cut after ``;`` and after a
``:`` that is followed by a digit (so "2009;169(9):858-66." is three tokens), each with its exact
character span. Every token gets string features (word, shape, punctuation, digits, year, initials,
position bin, list memberships from ``data/references.yml``, and the words of its neighbours ±2).
The model is the state weights (attribute, label) and the label-to-label transitions that
python-crfsuite learned (see :mod:`claimscope.citations.train_references`); it is stored as plain
arrays in ``data/reference_model.npz`` and decoded here with Viterbi in NumPy, so parsing needs
no crfsuite and loading a model never runs code.

>>> tokens = tokenize("Koes BW. Sciatica. BMJ. 2007;334:1313-7.")
>>> [t for t, _, _ in tokens][-3:]
['2007;', '334:', '1313-7.']
>>> feats = token_features([t for t, _, _ in tokens])
>>> "year" in feats[4], "initials" in feats[1]
(True, True)
>>> model = load_model()
>>> model.tag(feats)[:2]
['author', 'author']
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from claimscope.errors import ReferenceModelError
from claimscope.resources import data_path, read_arrays, read_yaml

FORMAT = "claimscope-reference-crf/1"
MODEL_FILE = "reference_model.npz"
WORDS_FILE = "references.yml"
_SPLIT = re.compile(r"(?<=;)(?=\S)|(?<=:)(?=\d)")
_PUNCT = "\"'“”‘’«»„‚()[]{}<>.,;:!?¡¿*•·"
_YEAR = re.compile(r"^[(\[]?(1[0-9]\d{2}|20\d{2})[a-z]?[)\]]?[.,;:]*$")
_INITIAL = re.compile(r"^(?:[A-ZÀ-ÞА-Я]\.?-?){1,4}[.,;:]*$|^(?:[A-ZÀ-ÞА-Я][a-z]?\.){1,3}[,;:]*$")
_LISTS = ("venue_words", "particles", "months", "access_words", "editor_words",
          "translator_words", "edition_words", "publisher_words", "org_words", "volume_words",
          "page_words", "in_words")


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """The tokens of ``text`` with their ``start, end`` character offsets in ``text``."""
    out = []
    for m in re.finditer(r"\S+", text):
        pos = m.start()
        for piece in _SPLIT.split(m.group()):
            if piece:
                out.append((piece, pos, pos + len(piece)))
            pos += len(piece)
    return out


@lru_cache(maxsize=4)
def word_lists(path: str | None = None) -> dict[str, frozenset[str]]:
    """The feature word lists (``data/references.yml`` unless ``path``), lower case."""
    spec = read_yaml(path or data_path(WORDS_FILE), ReferenceModelError, "reference word list")
    missing = [k for k in _LISTS if not isinstance(spec.get(k), list)]
    if missing:
        raise ReferenceModelError(f"{path or data_path(WORDS_FILE)}: no list {missing[0]!r}")
    return {k: frozenset(str(w).lower() for w in spec.get(k) or []) for k in
            (*_LISTS, "org_endings")}


def _shape(word: str) -> str:
    s = re.sub(r"[A-ZÀ-ÞА-Я]", "X", word)
    s = re.sub(r"[a-zß-ÿа-я]", "x", s)
    s = re.sub(r"\d", "d", s)
    return re.sub(r"(.)\1+", r"\1\1", s)[:8]


def _core(word: str) -> str:
    return word.strip(_PUNCT + "-–—")


def _own(word: str, lists: dict[str, frozenset[str]]) -> list[str]:
    core = _core(word)
    low = core.lower()
    f = ["w=" + low[:20], "shape=" + _shape(word), "cshape=" + _shape(core)]
    if len(low) > 3:
        f += ["suf3=" + low[-3:], "pre3=" + low[:3]]
    if word and not word[-1].isalnum():
        f.append("last=" + word[-1])
    if word and not word[0].isalnum():
        f.append("first=" + word[0])
    if not core:
        f.append("punct")
        return f
    if _YEAR.match(word):
        f.append("year")
        if word[0] in "([" or word.rstrip(".,;:")[-1:] in ")]":
            f.append("year_paren")
    digits = sum(c.isdigit() for c in core)
    if digits:
        f.append("digits=" + ("all" if digits == len(core) else "some"))
        f.append("ndig=" + str(min(digits, 5)))
    if re.fullmatch(r"[A-Za-z]?\d+[a-z]?[-–—]+[A-Za-z]?\d+[a-z]?", core):
        f.append("range")
    if re.search(r"\d+\s*\(\d", core):
        f.append("vol_issue")
    if core[0].isupper():
        f.append("cap")
        if core.isupper() and len(core) > 1:
            f.append("allcaps")
    elif core[0].islower():
        f.append("lower")
    if _INITIAL.match(word.lstrip("(")) and not digits:
        f.append("initials")
    if "." in core and len(core) <= 6 and not digits:
        f.append("abbrev")
    if re.match(r"(?i)^(https?://|www\.|doi\.org|\w+\.(?:org|com|nl|es|gov|edu|int)\b)", core):
        f.append("url")
    if re.match(r"(?i)^(?:doi:?|10\.\d{4,})", core):
        f.append("doi")
    for name in _LISTS:
        if low in lists[name]:
            f.append("in_" + name)
    return f


def token_features(tokens: list[str], lists: dict[str, frozenset[str]] | None = None
                   ) -> list[list[str]]:
    """Feature strings for every token of one reference (own features, context, position)."""
    lists = lists or word_lists()
    n = len(tokens)
    own = [_own(t, lists) for t in tokens]
    words = [f[0] for f in own]
    shapes = [f[1] for f in own]
    out = []
    seg = 0
    quote = paren = 0
    seen_year = seen_quote = False
    for i, tok in enumerate(tokens):
        f = own[i] + ["bias", "pos=" + str(min(9, 10 * i // max(n, 1))), "seg=" + str(min(seg, 5))]
        if i == 0:
            f.append("BOS")
        if i == n - 1:
            f.append("EOS")
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < n:
                f += [f"{d}:{words[j]}", f"{d}:{shapes[j]}"]
                f += [f"{d}:{x}" for x in own[j][3:] if not x.startswith(("suf3", "pre3"))]
            else:
                f.append(f"{d}:none")
        f.append(f"{words[i]}|-1:{words[i - 1] if i else 'BOS'}")
        if seen_year:
            f.append("after_year")
        if seen_quote:
            f.append("after_quote")
        if quote:
            f.append("in_quote")
        if paren:
            f.append("in_paren")
        out.append(f)
        # state for the next token
        if "year" in own[i]:
            seen_year = True
        # an empty string is "in" every string: a token of punctuation only ("." or ")") has
        # no closing quote, so test the character, not the empty rest
        opening, closing = tok[:1], tok.rstrip(".,;:)")[-1:]
        if opening and opening in "“«„\"‘'" and not quote:
            quote = 1
        if closing and closing in "”»\"’'" and (quote or i):
            quote, seen_quote = 0, True
        paren = max(0, paren + tok.count("(") - tok.count(")"))
        if re.search(r"[.?!:]$", tok) and "initials" not in own[i] and "abbrev" not in own[i]:
            seg += 1
    return out


@dataclass(frozen=True)
class ReferenceModel:
    """CRF weights: ``state[attribute index]`` rows over labels, and ``transitions[from, to]``."""

    labels: tuple[str, ...]
    attributes: dict[str, int]
    state: np.ndarray
    transitions: np.ndarray
    source: str = ""

    def scores(self, features: list[list[str]]) -> np.ndarray:
        """Emission scores, one row per token, one column per label."""
        out = np.zeros((len(features), len(self.labels)))
        for i, feats in enumerate(features):
            idx = [self.attributes[a] for a in feats if a in self.attributes]
            if idx:
                out[i] = self.state[idx].sum(axis=0)
        return out

    def tag(self, features: list[list[str]]) -> list[str]:
        """The most likely label sequence (Viterbi)."""
        if not features:
            return []
        emit = self.scores(features)
        best = emit[0].copy()
        back = np.zeros(emit.shape, dtype=np.int64)
        for t in range(1, len(emit)):
            cand = best[:, None] + self.transitions
            back[t] = cand.argmax(axis=0)
            best = cand[back[t], np.arange(len(self.labels))] + emit[t]
        path = [int(best.argmax())]
        for t in range(len(emit) - 1, 0, -1):
            path.append(int(back[t, path[-1]]))
        return [self.labels[k] for k in reversed(path)]


def model_arrays(labels: list[str], state: dict[tuple[str, str], float],
                 transitions: dict[tuple[str, str], float]) -> dict[str, np.ndarray]:
    """Plain arrays for :func:`save_model` from crfsuite's ``Tagger.info()`` dictionaries."""
    labels = sorted(labels)
    lab = {name: k for k, name in enumerate(labels)}
    attrs = sorted({a for a, _ in state})
    at = {a: k for k, a in enumerate(attrs)}
    items = sorted((at[a], lab[y], w) for (a, y), w in state.items() if w != 0)
    trans = np.zeros((len(labels), len(labels)))
    for (a, b), w in transitions.items():
        trans[lab[a], lab[b]] = w
    return {"format": np.array(FORMAT), "labels": np.array(labels, dtype=str),
            "attributes": np.array(attrs, dtype=str),
            "state_attribute": np.array([i[0] for i in items], dtype=np.int32),
            "state_label": np.array([i[1] for i in items], dtype=np.int16),
            "state_weight": np.array([i[2] for i in items], dtype=np.float64),
            "transitions": trans}


def save_model(arrays: dict[str, np.ndarray], path: str | Path) -> Path:
    """Write the arrays as an ``.npz`` whose bytes depend only on the arrays (fixed zip dates)."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(arrays):
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            with zf.open(info, "w") as handle:
                np.lib.format.write_array(handle, np.asarray(arrays[name]), allow_pickle=False)
    tmp.replace(out)
    return out


def model_from_arrays(arrays: dict[str, np.ndarray], source: str = "") -> ReferenceModel:
    """A :class:`ReferenceModel` from the arrays of :func:`model_arrays`."""
    missing = [k for k in ("format", "labels", "attributes", "state_attribute", "state_label",
                           "state_weight", "transitions") if k not in arrays]
    if missing:
        raise ReferenceModelError(f"{source}: not a reference model (no {missing[0]})")
    if str(arrays["format"]) != FORMAT:
        raise ReferenceModelError(f"{source}: format {str(arrays['format'])!r} is not "
                                  f"{FORMAT!r}; retrain with `make references`")
    labels = tuple(str(x) for x in arrays["labels"])
    attrs = [str(x) for x in arrays["attributes"]]
    state = np.zeros((len(attrs), len(labels)))
    np.add.at(state, (arrays["state_attribute"].astype(np.int64),
                      arrays["state_label"].astype(np.int64)), arrays["state_weight"])
    trans = np.asarray(arrays["transitions"], dtype=np.float64)
    if trans.shape != (len(labels), len(labels)):
        raise ReferenceModelError(f"{source}: transitions have shape {trans.shape}")
    return ReferenceModel(labels, {a: k for k, a in enumerate(attrs)}, state, trans, source)


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> ReferenceModel:
    """The shipped reference model (``data/reference_model.npz``) or the one at ``path``."""
    file = path or str(data_path(MODEL_FILE))
    return model_from_arrays(read_arrays(file, ReferenceModelError, "reference model"), file)
