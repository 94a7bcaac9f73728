"""The statistical claim classifier: a scikit-learn ``Pipeline`` trained on the hand annotations.

Features are TF-IDF word 1–2-grams, TF-IDF character 3–5-grams (within word boundaries, so
Dutch compounds and English cognates share evidence) and the codebook's cue counts; one-vs-rest
logistic regression gives a probability per claim type. A second, smaller pipeline predicts
certainty (hedged vs assertive) for claims. Sentences are capped at ``MAX_CHARS`` characters
before featurisation, so one pathological "sentence" cannot dominate time or memory.

The fitted model ships as ``claimscope/data/claim_model.joblib``; ``make model`` rebuilds it from
``data/annotations/seed_sentences.csv``. It is small (a few hundred kB) and deterministic
(liblinear with a fixed seed, sorted inputs).

>>> model = load_model()                                            # doctest: +SKIP
>>> p = model.predict_proba(["Prolotherapie is een veilige behandeling."], ["nl"])  # doctest: +SKIP
>>> dict(zip(CLAIM_TYPES, p[0].round(2)))["safety"] > 0.5                          # doctest: +SKIP
True
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
import sklearn
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer

from claimscope.codebook import (
    CLAIM_TYPES,
    Codebook,
    boosters_in,
    certainty_of,
    find_cues,
    is_question,
)

MAX_CHARS = 1000
SEED = 0


class ModelError(RuntimeError):
    """The shipped or given model cannot be used (missing, or built by another scikit-learn)."""


def default_model_path() -> Path:
    """The fitted model that ships with claimscope."""
    return Path(str(resources.files("claimscope") / "data" / "claim_model.joblib"))


def _cap(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["text"] = out["text"].str.slice(0, MAX_CHARS)
    return out


class CueFeatures(BaseEstimator, TransformerMixin):
    """Counts of codebook cues per claim type, plus hedge, booster and question flags."""

    def __init__(self, book: Codebook):
        self.book = book

    def fit(self, X, y=None):  # noqa: N803 - scikit-learn's signature
        return self

    def transform(self, X):  # noqa: N803
        rows = []
        for text, language in zip(X["text"], X["language"], strict=True):
            cues = find_cues(text, language, self.book)
            counts = [sum(c.label == t for c in cues) for t in CLAIM_TYPES]
            hedged = certainty_of(text, language, self.book)[0] == "hedged"
            rows.append([min(n, 3) / 3 for n in counts] + [
                float(hedged), float(bool(boosters_in(text, language, self.book))),
                float(is_question(text, self.book))])
        return np.asarray(rows, dtype=float).reshape(len(rows), len(CLAIM_TYPES) + 3)

    def get_feature_names_out(self, input_features=None):
        return np.array([f"cue_{t}" for t in CLAIM_TYPES] + ["hedge", "booster", "question"])


def _features(book: Codebook, max_char_features: int) -> ColumnTransformer:
    return ColumnTransformer([
        ("words", TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True,
                                  strip_accents="unicode"), "text"),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2,
                                  sublinear_tf=True, max_features=max_char_features,
                                  strip_accents="unicode"), "text"),
        ("cues", CueFeatures(book), ["text", "language"]),
    ])


def make_type_pipeline(book: Codebook, max_char_features: int = 6000) -> Pipeline:
    """Unfitted pipeline: capped text → word + char TF-IDF + cues → one-vs-rest logistic."""
    return Pipeline([
        ("cap", FunctionTransformer(_cap)),
        ("features", _features(book, max_char_features)),
        ("classify", OneVsRestClassifier(LogisticRegression(
            solver="liblinear", class_weight="balanced", C=1.0, random_state=SEED))),
    ])


def make_certainty_pipeline(book: Codebook) -> Pipeline:
    """Unfitted pipeline for hedged (1) vs assertive (0), trained on claim sentences only."""
    return Pipeline([
        ("cap", FunctionTransformer(_cap)),
        ("features", _features(book, 3000)),
        ("classify", LogisticRegression(solver="liblinear", class_weight="balanced",
                                        random_state=SEED)),
    ])


def label_matrix(label_sets: Sequence[Sequence[str]]) -> np.ndarray:
    """Binary matrix (sentences × CLAIM_TYPES) from per-sentence claim-type sets."""
    return np.array([[t in labels for t in CLAIM_TYPES] for labels in label_sets], dtype=int)


@dataclass
class ClaimModel:
    """Fitted type and certainty pipelines with what they were trained on."""

    types: Pipeline
    certainty: Pipeline
    default_method: str = "combined"
    info: dict = field(default_factory=dict)

    def predict_proba(self, texts: Sequence[str], languages: Sequence[str]) -> np.ndarray:
        """Probability per sentence (rows) and claim type (columns, in ``CLAIM_TYPES`` order)."""
        if len(texts) == 0:
            return np.zeros((0, len(CLAIM_TYPES)))
        X = pd.DataFrame({"text": list(texts), "language": list(languages)})  # noqa: N806
        return self.types.predict_proba(X)

    def hedged_proba(self, texts: Sequence[str], languages: Sequence[str]) -> np.ndarray:
        """Probability that each sentence's claim is hedged."""
        if len(texts) == 0:
            return np.zeros(0)
        X = pd.DataFrame({"text": list(texts), "language": list(languages)})  # noqa: N806
        return self.certainty.predict_proba(X)[:, 1]


def fit_model(texts: Sequence[str], languages: Sequence[str],
              label_sets: Sequence[Sequence[str]], certainties: Sequence[str],
              book: Codebook, default_method: str = "combined") -> ClaimModel:
    """Fit both pipelines on annotated sentences (``certainties``: hedged|assertive|"")."""
    X = pd.DataFrame({"text": list(texts), "language": list(languages)})  # noqa: N806
    book = replace(book, source=Path(book.source).name)  # no build path inside the model file
    types = make_type_pipeline(book).fit(X, label_matrix(label_sets))
    is_claim = np.array([bool(labels) for labels in label_sets])
    hedged = np.array([c == "hedged" for c in certainties], dtype=int)
    certainty = make_certainty_pipeline(book).fit(X[is_claim], hedged[is_claim])
    info = {"n_sentences": int(len(X)), "n_claims": int(is_claim.sum()),
            "sklearn": sklearn.__version__, "codebook": book.source,
            "codebook_sha256": book.sha256}
    return ClaimModel(types=types, certainty=certainty, default_method=default_method,
                      info=info)


def save_model(model: ClaimModel, path: str | Path) -> Path:
    """Write the model with joblib (compressed); returns the path."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, out, compress=3)
    return out


def load_model(path: str | Path | None = None) -> ClaimModel:
    """Load a model written by :func:`save_model` (default: the one shipped with claimscope)."""
    file = Path(path) if path else default_model_path()
    if not file.exists():
        raise ModelError(f"{file}: no claim model here; build it with `make model` "
                         "(or pass method='rules')")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            model = joblib.load(file)
        except Exception as err:  # noqa: BLE001 - any unreadable file gets the same advice
            raise ModelError(f"{file}: cannot read the claim model ({type(err).__name__}: "
                             f"{err}); rebuild it with `make model`") from err
    if not isinstance(model, ClaimModel):
        raise ModelError(f"{file}: holds a {type(model).__name__}, not a claim model; "
                         "rebuild it with `make model`")
    if any("version" in str(w.message).lower() for w in caught) or \
            model.info.get("sklearn") != sklearn.__version__:
        raise ModelError(f"{file}: built with scikit-learn {model.info.get('sklearn')}, this is "
                         f"{sklearn.__version__}; rebuild it with `make model`")
    return model
