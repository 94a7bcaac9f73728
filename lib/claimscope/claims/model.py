"""The statistical claim classifier: TF-IDF word and character n-grams plus codebook cue features,
one logistic regression per claim type, and one for certainty (hedged vs assertive).

The fitted model is data, not code: vocabularies, IDF weights and coefficients in one ``.npz``
file read with ``allow_pickle=False`` (loading a model never runs code), plus a JSON header
that names the format, the claim types and the sha256 of the codebook whose cues fed the cue
features. The pipeline is rebuilt on load from scikit-learn's ``CountVectorizer`` (with the stored
vocabulary) and a few lines of sparse algebra, so a model file works with any scikit-learn that
tokenises the same way.

Fitting is deterministic on any machine: the character vocabulary is cut at ``max_char_features``
by total count with ties broken by the n-gram itself (scikit-learn's own cut-off breaks ties with
an unstable sort whose order depends on the CPU's SIMD kernels), and liblinear, which uses no BLAS,
solves each regression to a tight tolerance so that rounding differences in the inputs cannot move
the result by more than ~1e-9.

>>> from claimscope.claims.codebook import load_codebook
>>> book = load_codebook()
>>> texts = ["Dit middel helpt echt tegen pijn.", "Het helpt ook bij stress.",
...          "Bel ons voor een afspraak.", "Wij zijn open op maandag."] * 3
>>> labels = [("efficacy",), ("efficacy",), ("promotional",), ()] * 3
>>> model = fit_model(texts, ["nl"] * 12, labels, ["assertive", "assertive", "assertive", ""] * 3,
...                   book)
>>> p = model.predict_proba(["Dit helpt tegen pijn."], ["nl"])
>>> bool(p[0, CLAIM_TYPES.index("efficacy")] > 0.5)
True
"""

from __future__ import annotations

import json
import logging
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize

from claimscope.claims.codebook import (
    Codebook,
    boosters_in,
    certainty_of,
    find_cues,
    is_question,
    load_codebook,
)
from claimscope.errors import ModelError
from claimscope.resources import data_path
from claimscope.schema import CLAIM_TYPES

log = logging.getLogger("claimscope")

FORMAT = "claimscope-claim-model/1"
MAX_CHARS = 1000
SEED = 0
SOLVER_TOL = 1e-10
REGULARISATION_C = 1.0  # inverse L2 strength of every logistic regression
#: Settings of the text features; stored in every model file.
FEATURE_SETTINGS = {
    "max_chars": MAX_CHARS,
    "words": {"ngram_range": [1, 2], "min_df": 2, "max_features": None},
    "chars": {"ngram_range": [3, 5], "min_df": 2, "max_features": 6000},
}
CUE_FEATURES = tuple(f"cue_{t}" for t in CLAIM_TYPES) + ("hedge", "booster", "question")
_ARRAYS = ("word_vocabulary", "word_idf", "char_vocabulary", "char_idf", "types_coef",
           "types_intercept", "certainty_coef", "certainty_intercept")


def default_model_path() -> Path:
    """The fitted model that ships with claimscope."""
    return data_path("claim_model.npz")


def _cap(texts: Sequence[str]) -> list[str]:
    return [t[:MAX_CHARS] for t in texts]


def _counter(kind: str, vocabulary: Sequence[str] | None = None) -> CountVectorizer:
    spec = FEATURE_SETTINGS[kind]
    common = {"ngram_range": tuple(spec["ngram_range"]), "strip_accents": "unicode",
              "lowercase": True, "dtype": np.float64}
    if vocabulary is not None:
        common["vocabulary"] = list(vocabulary)
    else:
        common["min_df"] = spec["min_df"]
    if kind == "chars":
        common["analyzer"] = "char_wb"
    return CountVectorizer(**common)


def select_vocabulary(counts: sparse.csr_matrix, terms: np.ndarray, limit: int | None
                      ) -> tuple[np.ndarray, np.ndarray]:
    """The ``limit`` most frequent terms (ties broken by the term: the same on every machine),
    in alphabetical order, and their column indices in ``counts``.

    >>> m = sparse.csr_matrix(np.array([[1., 1, 2], [0, 1, 2]]))
    >>> select_vocabulary(m, np.array(["b", "a", "c"]), 2)[0].tolist()
    ['a', 'c']
    """
    if limit is None or limit >= len(terms):
        keep = np.arange(len(terms))
    else:
        totals = np.asarray(counts.sum(axis=0)).ravel()
        keep = np.lexsort((terms, -totals))[:limit]
    keep = keep[np.argsort(terms[keep], kind="stable")]
    return terms[keep], keep


def _idf(counts: sparse.csr_matrix) -> np.ndarray:
    n = counts.shape[0]
    df = np.bincount(counts.indices, minlength=counts.shape[1]).astype(np.float64)
    return np.log((1.0 + n) / (1.0 + df)) + 1.0


def _tfidf(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    counts = counts.tocsr(copy=True)
    counts.data = 1.0 + np.log(counts.data)  # sublinear term frequency
    return normalize(counts @ sparse.diags(idf), norm="l2", copy=False).tocsr()


def cue_evidence(text: str, language: str, book: Codebook) -> tuple[list, tuple, list]:
    """What the cue rules find in one sentence: its claim-type cues, its certainty
    (:func:`~claimscope.claims.codebook.certainty_of`) and its boosters. The classifier computes
    this once per sentence and passes it to :meth:`ClaimModel.featurise` (``evidence``), so the
    cue rules run once, not twice.

    >>> cues, (certainty, _), boosters = cue_evidence("Dit kan helpen.", "nl", load_codebook())
    >>> [c.label for c in cues], certainty, boosters
    (['efficacy'], 'hedged', [])
    """
    return (find_cues(text, language, book), certainty_of(text, language, book),
            boosters_in(text, language, book))


def cue_features(texts: Sequence[str], languages: Sequence[str], book: Codebook,
                 evidence: Sequence[tuple[list, bool, bool] | None] | None = None) -> np.ndarray:
    """Per sentence: codebook cue counts per type (capped at 3, scaled to 0–1), hedge, booster
    and question flags (``CUE_FEATURES``); ``evidence`` (from :func:`cue_evidence` on the same
    text) is used where given."""
    rows = np.zeros((len(texts), len(CUE_FEATURES)))
    for i, (text, language) in enumerate(zip(texts, languages, strict=True)):
        given = evidence[i] if evidence is not None else None
        cues, certainty, boosters = given if given is not None else \
            cue_evidence(text, language, book)
        for j, t in enumerate(CLAIM_TYPES):
            rows[i, j] = min(sum(c.label == t for c in cues), 3) / 3
        rows[i, -3] = float(certainty[0] == "hedged")
        rows[i, -2] = float(bool(boosters))
        rows[i, -1] = float(is_question(text, book))
    return rows


@dataclass(frozen=True)
class TextFeatures:
    """Fitted text features: word and character vocabularies with their IDF weights."""

    word_vocabulary: np.ndarray
    word_idf: np.ndarray
    char_vocabulary: np.ndarray
    char_idf: np.ndarray

    @property
    def n_features(self) -> int:
        return len(self.word_vocabulary) + len(self.char_vocabulary) + len(CUE_FEATURES)

    @classmethod
    def fit(cls, texts: Sequence[str]) -> TextFeatures:
        """Learn vocabularies and IDF from training sentences."""
        capped = _cap(texts)
        parts = {}
        for kind in ("words", "chars"):
            counter = _counter(kind)
            counts = counter.fit_transform(capped).tocsr()
            terms = counter.get_feature_names_out().astype(str)
            vocab, keep = select_vocabulary(counts, terms, FEATURE_SETTINGS[kind]["max_features"])
            parts[kind] = (vocab, _idf(counts[:, keep]))
        return cls(parts["words"][0], parts["words"][1], parts["chars"][0], parts["chars"][1])

    def transform(self, texts: Sequence[str], languages: Sequence[str], book: Codebook,
                  evidence: Sequence | None = None) -> sparse.csr_matrix:
        """Sentences → [word TF-IDF | character TF-IDF | cue features] (sparse rows).

        ``evidence``: :func:`cue_evidence` of each full text, used where capping left the text
        whole (a capped text's cues are computed on the capped text, as in training)."""
        capped = _cap(texts)
        if evidence is not None:
            evidence = [e if len(t) <= MAX_CHARS else None
                        for t, e in zip(texts, evidence, strict=True)]
        blocks = []
        for kind, vocab, idf in (("words", self.word_vocabulary, self.word_idf),
                                 ("chars", self.char_vocabulary, self.char_idf)):
            if len(vocab) == 0:
                blocks.append(sparse.csr_matrix((len(capped), 0)))
                continue
            blocks.append(_tfidf(_counter(kind, vocab).transform(capped), idf))
        blocks.append(sparse.csr_matrix(cue_features(capped, languages, book, evidence)))
        return sparse.hstack(blocks, format="csr")


@dataclass(frozen=True)
class LinearHead:
    """Logistic regressions sharing one feature matrix: one row of ``coef`` per output."""

    coef: np.ndarray
    intercept: np.ndarray

    def proba(self, features: sparse.csr_matrix) -> np.ndarray:
        """Probability of each output (columns) for each row of ``features``."""
        z = np.asarray(features @ self.coef.T) + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    @classmethod
    def fit(cls, features: sparse.csr_matrix, targets: np.ndarray) -> LinearHead:
        """One class-balanced liblinear logistic regression per column of ``targets``."""
        targets = np.asarray(targets).reshape(features.shape[0], -1)
        coef = np.zeros((targets.shape[1], features.shape[1]))
        intercept = np.zeros(targets.shape[1])
        for j in range(targets.shape[1]):
            y = targets[:, j].astype(int)
            if y.min() == y.max():  # one class only: a constant (probability ~0 or ~1)
                intercept[j] = 30.0 if y[0] else -30.0
                continue
            reg = LogisticRegression(solver="liblinear", class_weight="balanced",
                                     C=REGULARISATION_C,
                                     tol=SOLVER_TOL, max_iter=1000, random_state=SEED)
            reg.fit(features, y)
            coef[j] = reg.coef_[0]
            intercept[j] = reg.intercept_[0]
        return cls(coef, intercept)


def label_matrix(label_sets: Sequence[Sequence[str]]) -> np.ndarray:
    """Binary matrix (sentences × CLAIM_TYPES) from per-sentence claim-type sets."""
    return np.array([[t in labels for t in CLAIM_TYPES] for labels in label_sets],
                    dtype=int).reshape(len(label_sets), len(CLAIM_TYPES))


@dataclass
class ClaimModel:
    """Fitted features, a type head (one output per claim type) and a certainty head."""

    features: TextFeatures
    types: LinearHead
    certainty: LinearHead
    book: Codebook
    default_method: str = "combined"
    info: dict = field(default_factory=dict)

    def featurise(self, texts: Sequence[str], languages: Sequence[str],
                  evidence: Sequence | None = None) -> sparse.csr_matrix:
        """The feature rows of ``texts`` (compute once, use for both heads); ``evidence`` as in
        :meth:`TextFeatures.transform`."""
        return self.features.transform(list(texts), list(languages), self.book, evidence)

    def predict_proba(self, texts: Sequence[str], languages: Sequence[str],
                      features: sparse.csr_matrix | None = None) -> np.ndarray:
        """Probability per sentence (rows) and claim type (columns, in ``CLAIM_TYPES`` order)."""
        if len(texts) == 0:
            return np.zeros((0, len(CLAIM_TYPES)))
        x = self.featurise(texts, languages) if features is None else features
        return self.types.proba(x)

    def hedged_proba(self, texts: Sequence[str], languages: Sequence[str],
                     features: sparse.csr_matrix | None = None) -> np.ndarray:
        """Probability that each sentence's claim is hedged."""
        if len(texts) == 0:
            return np.zeros(0)
        x = self.featurise(texts, languages) if features is None else features
        return self.certainty.proba(x)[:, 0]


def fit_model(texts: Sequence[str], languages: Sequence[str],
              label_sets: Sequence[Sequence[str]], certainties: Sequence[str],
              book: Codebook, default_method: str = "combined") -> ClaimModel:
    """Fit features and both heads on annotated sentences (``certainties``: hedged|assertive|"").

    The result depends only on the inputs and their order (callers sort them).
    """
    texts, languages = list(texts), list(languages)
    features = TextFeatures.fit(texts)
    x = features.transform(texts, languages, book)
    types = LinearHead.fit(x, label_matrix(label_sets))
    is_claim = np.array([bool(labels) for labels in label_sets], dtype=bool)
    hedged = np.array([c == "hedged" for c in certainties], dtype=int)
    if is_claim.any():
        certainty = LinearHead.fit(x[is_claim], hedged[is_claim])
    else:
        certainty = LinearHead(np.zeros((1, x.shape[1])), np.array([-30.0]))
    info = {"n_sentences": len(texts), "n_claims": int(is_claim.sum()),
            "codebook": Path(book.source).name, "codebook_sha256": book.sha256,
            "features": FEATURE_SETTINGS, "certainty_method": "rules"}
    return ClaimModel(features, types, certainty, book, default_method, info)


def save_model(model: ClaimModel, path: str | Path) -> Path:
    """Write the model as plain arrays and a JSON header (``.npz``); returns the path."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    header = {"format": FORMAT, "claim_types": list(CLAIM_TYPES),
              "cue_features": list(CUE_FEATURES), "default_method": model.default_method,
              "info": model.info}
    f = model.features
    arrays = {
        "header": np.array(json.dumps(header, sort_keys=True)),
        "word_vocabulary": np.asarray(f.word_vocabulary, dtype=str),
        "word_idf": f.word_idf, "char_vocabulary": np.asarray(f.char_vocabulary, dtype=str),
        "char_idf": f.char_idf, "types_coef": model.types.coef,
        "types_intercept": model.types.intercept, "certainty_coef": model.certainty.coef,
        "certainty_intercept": model.certainty.intercept,
    }
    tmp = out.with_name(out.name + ".tmp")
    with open(tmp, "wb") as handle:
        np.savez_compressed(handle, **arrays)
    tmp.replace(out)
    return out


def _read_arrays(file: Path) -> tuple[dict, dict[str, np.ndarray]]:
    try:
        with np.load(file, allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
    except (OSError, ValueError, zipfile.BadZipFile, EOFError, KeyError) as err:
        raise ModelError(f"{file}: not a claimscope claim model ({type(err).__name__}: {err}); "
                         "rebuild it with `make model`") from None
    if "header" not in arrays:
        raise ModelError(f"{file}: not a claimscope claim model (no header)")
    try:
        header = json.loads(str(arrays.pop("header")))
    except (json.JSONDecodeError, TypeError) as err:
        raise ModelError(f"{file}: the model header is not valid JSON: {err}") from None
    return header, arrays


def _check(file: Path, header: dict, arrays: dict[str, np.ndarray]) -> None:
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        found = header.get("format") if isinstance(header, dict) else header
        raise ModelError(f"{file}: model format {found!r} is not {FORMAT!r}; rebuild it with "
                         "`make model`")
    if header.get("claim_types") != list(CLAIM_TYPES):
        raise ModelError(f"{file}: the model predicts {header.get('claim_types')}, not the "
                         f"codebook's types {list(CLAIM_TYPES)}")
    if header.get("cue_features") != list(CUE_FEATURES):
        raise ModelError(f"{file}: the model's cue features do not match this claimscope")
    missing = [k for k in _ARRAYS if k not in arrays]
    if missing:
        raise ModelError(f"{file}: the model lacks {', '.join(missing)}")
    width = len(arrays["word_vocabulary"]) + len(arrays["char_vocabulary"]) + len(CUE_FEATURES)
    shapes = {"types_coef": (len(CLAIM_TYPES), width), "types_intercept": (len(CLAIM_TYPES),),
              "certainty_coef": (1, width), "certainty_intercept": (1,),
              "word_idf": (len(arrays["word_vocabulary"]),),
              "char_idf": (len(arrays["char_vocabulary"]),)}
    for name, shape in shapes.items():
        a = arrays[name]
        if a.shape != shape or a.dtype.kind != "f" or not np.isfinite(a).all():
            raise ModelError(f"{file}: array {name} has shape {a.shape} ({a.dtype}); expected "
                             f"finite floats of shape {shape}")
    for name in ("word_vocabulary", "char_vocabulary"):
        if arrays[name].dtype.kind != "U":
            raise ModelError(f"{file}: {name} must be strings")
    if header.get("default_method") not in ("rules", "model", "combined"):
        raise ModelError(f"{file}: unknown default method {header.get('default_method')!r}")


def load_model(path: str | Path | None = None, book: Codebook | None = None) -> ClaimModel:
    """Load a model written by :func:`save_model` (default: the one shipped with claimscope).

    ``book`` is the codebook whose cues feed the cue features (default: the shipped one); a
    warning says when it differs from the codebook the model was fitted with. Raises
    :class:`~claimscope.errors.ModelError` naming the file for a missing, damaged or foreign file.
    """
    file = Path(path) if path else default_model_path()
    if not file.is_file():
        raise ModelError(f"{file}: no claim model here; build it with `make model` "
                         "(or pass method='rules')")
    header, arrays = _read_arrays(file)
    _check(file, header, arrays)
    book = book or load_codebook()
    info = dict(header.get("info") or {})
    if info.get("codebook_sha256") not in (None, book.sha256):
        log.warning("the claim model %s was fitted with another codebook than %s; its cue "
                    "features use the old cues (refit: claimscope train-claims)", file.name,
                    book.source)
    features = TextFeatures(arrays["word_vocabulary"], arrays["word_idf"],
                            arrays["char_vocabulary"], arrays["char_idf"])
    return ClaimModel(
        features=features,
        types=LinearHead(arrays["types_coef"], arrays["types_intercept"]),
        certainty=LinearHead(arrays["certainty_coef"], arrays["certainty_intercept"]),
        book=book, default_method=header["default_method"], info=info)
