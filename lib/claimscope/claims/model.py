"""The statistical claim classifier: TF-IDF word and character n-grams plus codebook cue and
context features (:mod:`claimscope.claims.features`), one logistic regression per claim type, one
for certainty (hedged vs assertive) and one for is-claim (any type vs none), whose bar, tuned on
dev, gates the type decisions.

The fitted model is data, not code: vocabularies, IDF weights and coefficients in one ``.npz``
file read with ``allow_pickle=False`` (loading a model never runs code), plus a JSON header
that names the format, the claim types and the sha256 of the codebook whose cues fed the cue
features. Predicting needs no scikit-learn: the stored vocabularies are counted by
:class:`~claimscope.claims.vectorize.NgramCounter` (scikit-learn's ``CountVectorizer`` analyzers,
reproduced and checked bit for bit in the tests) and the heads are a few lines of sparse algebra.

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

from claimscope.claims.codebook import Codebook, load_codebook
from claimscope.claims.features import (  # noqa: F401 - re-exported: the model's features
    CONTEXT_FEATURES,
    CUE_FEATURES,
    FEATURE_SETTINGS,
    MAX_CHARS,
    TextFeatures,
    context_features,
    cue_evidence,
    cue_features,
    previous_texts,
    select_vocabulary,
)
from claimscope.errors import ModelError
from claimscope.resources import data_path
from claimscope.schema import CLAIM_TYPES

log = logging.getLogger("claimscope")

#: 2: context features and an is-claim head (``claim_coef``) that gates the type decisions.
FORMAT = "claimscope-claim-model/2"
SEED = 0
SOLVER_TOL = 1e-10
REGULARISATION_C = 1.0  # inverse L2 strength of every logistic regression
_ARRAYS = ("word_vocabulary", "word_idf", "char_vocabulary", "char_idf", "types_coef",
           "types_intercept", "certainty_coef", "certainty_intercept", "claim_coef",
           "claim_intercept")


def default_model_path() -> Path:
    """The fitted model that ships with claimscope."""
    return data_path("claim_model.npz")


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
        from sklearn.linear_model import LogisticRegression  # fitting only

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
    """Fitted features, a type head (one output per claim type), a certainty head and an
    is-claim head (any type vs none)."""

    features: TextFeatures
    types: LinearHead
    certainty: LinearHead
    claim: LinearHead
    book: Codebook
    default_method: str = "combined"
    info: dict = field(default_factory=dict)

    def featurise(self, texts: Sequence[str], languages: Sequence[str],
                  evidence: Sequence | None = None, units: Sequence[str] | None = None,
                  previous: Sequence[str] | None = None) -> sparse.csr_matrix:
        """The feature rows of ``texts`` (compute once, use for every head); ``evidence``,
        ``units`` and ``previous`` as in :meth:`TextFeatures.transform`."""
        return self.features.transform(list(texts), list(languages), self.book, evidence,
                                       units, previous)

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

    def claim_proba(self, texts: Sequence[str], languages: Sequence[str],
                    features: sparse.csr_matrix | None = None) -> np.ndarray:
        """Probability that each sentence is a claim of any type (the is-claim head)."""
        if len(texts) == 0:
            return np.zeros(0)
        x = self.featurise(texts, languages) if features is None else features
        return self.claim.proba(x)[:, 0]


def fit_model(texts: Sequence[str], languages: Sequence[str],
              label_sets: Sequence[Sequence[str]], certainties: Sequence[str],
              book: Codebook, default_method: str = "combined",
              units: Sequence[str] | None = None, previous: Sequence[str] | None = None
              ) -> ClaimModel:
    """Fit features and the three heads on annotated sentences (``certainties``:
    hedged|assertive|""; ``units``, ``previous``: as in
    :func:`~claimscope.claims.features.context_features`).

    The result depends only on the inputs and their order (callers sort them).
    """
    texts, languages = list(texts), list(languages)
    features = TextFeatures.fit(texts)
    x = features.transform(texts, languages, book, units=units, previous=previous)
    labels = label_matrix(label_sets)
    types = LinearHead.fit(x, labels)
    claim = LinearHead.fit(x, labels.any(axis=1).astype(int))
    is_claim = np.array([bool(labels) for labels in label_sets], dtype=bool)
    hedged = np.array([c == "hedged" for c in certainties], dtype=int)
    if is_claim.any():
        certainty = LinearHead.fit(x[is_claim], hedged[is_claim])
    else:
        certainty = LinearHead(np.zeros((1, x.shape[1])), np.array([-30.0]))
    info = {"n_sentences": len(texts), "n_claims": int(is_claim.sum()),
            "codebook": Path(book.source).name, "codebook_sha256": book.sha256,
            "features": FEATURE_SETTINGS, "certainty_method": "rules"}
    return ClaimModel(features, types, certainty, claim, book, default_method, info)


def save_model(model: ClaimModel, path: str | Path) -> Path:
    """Write the model as plain arrays and a JSON header (``.npz``); returns the path."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    header = {"format": FORMAT, "claim_types": list(CLAIM_TYPES),
              "cue_features": list(CUE_FEATURES), "context_features": list(CONTEXT_FEATURES),
              "default_method": model.default_method,
              "info": model.info}
    f = model.features
    arrays = {
        "header": np.array(json.dumps(header, sort_keys=True)),
        "word_vocabulary": np.asarray(f.word_vocabulary, dtype=str),
        "word_idf": f.word_idf, "char_vocabulary": np.asarray(f.char_vocabulary, dtype=str),
        "char_idf": f.char_idf, "types_coef": model.types.coef,
        "types_intercept": model.types.intercept, "certainty_coef": model.certainty.coef,
        "certainty_intercept": model.certainty.intercept, "claim_coef": model.claim.coef,
        "claim_intercept": model.claim.intercept,
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
    if header.get("cue_features") != list(CUE_FEATURES) or \
            header.get("context_features") != list(CONTEXT_FEATURES):
        raise ModelError(f"{file}: the model's cue features do not match this claimscope")
    missing = [k for k in _ARRAYS if k not in arrays]
    if missing:
        raise ModelError(f"{file}: the model lacks {', '.join(missing)}")
    width = len(arrays["word_vocabulary"]) + len(arrays["char_vocabulary"]) + \
        len(CUE_FEATURES) + len(CONTEXT_FEATURES)
    shapes = {"types_coef": (len(CLAIM_TYPES), width), "types_intercept": (len(CLAIM_TYPES),),
              "certainty_coef": (1, width), "certainty_intercept": (1,),
              "claim_coef": (1, width), "claim_intercept": (1,),
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
        claim=LinearHead(arrays["claim_coef"], arrays["claim_intercept"]),
        book=book, default_method=header["default_method"], info=info)
