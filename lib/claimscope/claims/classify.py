"""Claims: what each sentence claims (a set of types), how assertively, and whether it is backed.

Three methods (CODEBOOK.md types):

- ``rules``: a type is claimed when one of its codebook cues occurs;
- ``model``: the shipped scikit-learn model's probability ≥ 0.5;
- ``combined``: the model's probability ≥ 0.5, or ≥ 0.25 when a codebook cue for that type occurs
  (the cue lowers the bar; the model vetoes cues out of context).

Under ``model`` and ``combined``, a model with an is-claim threshold (tuned on the gold corpus's
dev split) first asks its is-claim head: a sentence below that bar claims no type.

Headings and questions are never claims. ``supported`` means a specific citation (marker, URL or
reference) in the sentence; a vague appeal alone does not support. ``score`` is the model's
probability for the type under every method (1.0 for a rule hit when no model is available). The
default method is the one that generalised best across documents when the shipped model was built
(``make model``).

>>> from claimscope.claims.codebook import load_codebook
>>> decide_types([{"safety"}], None, "rules")
[{'safety': 1.0}]
>>> import numpy as np
>>> proba = np.array([[0.0, 0.3, 0, 0, 0, 0, 0], [0.6, 0, 0, 0, 0, 0, 0]])
>>> decide_types([{"safety"}, set()], proba, "combined")
[{'safety': 0.3}, {'efficacy': 0.6}]
>>> decide_types([{"safety"}, set()], proba, "combined", claim=(np.array([0.2, 0.9]), 0.5))
[{}, {'efficacy': 0.6}]
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from claimscope.citations.detect import citation_spans, sentences_with
from claimscope.claims.codebook import (
    Codebook,
    Cue,
    boosters_in,
    certainty_of,
    is_question,
)
from claimscope.claims.model import ClaimModel, cue_evidence, load_model, previous_texts
from claimscope.errors import ModelError
from claimscope.schema import CLAIM_TYPES, SCHEMAS, empty_frame, frame

log = logging.getLogger("claimscope")

METHODS = ("rules", "model", "combined")
THRESHOLD = 0.5
CUED_THRESHOLD = 0.25

CLAIM_COLUMNS = SCHEMAS["claims"]


def thresholds_of(model: ClaimModel | None) -> dict[str, tuple[float, float]]:
    """Per claim type, the probability a sentence needs without and with a cue for that type:
    the model's own (tuned on the gold corpus's dev split) or (0.5, 0.25)."""
    tuned = (model.info.get("thresholds") if model is not None else None) or {}
    return {t: tuple(tuned.get(t, (THRESHOLD, CUED_THRESHOLD))) for t in CLAIM_TYPES}


def claim_threshold_of(model: ClaimModel | None) -> float | None:
    """The is-claim head's bar (tuned on dev), or ``None``: no gate."""
    if model is None:
        return None
    value = model.info.get("claim_threshold")
    return float(value) if value is not None else None


def decide_types(cue_labels: Sequence[set[str]], proba: np.ndarray | None,
                 method: str, thresholds: dict[str, tuple[float, float]] | None = None,
                 claim: tuple[np.ndarray, float] | None = None) -> list[dict[str, float]]:
    """Per sentence, the claimed types with their score, from cue hits and model probabilities.

    ``model``: a type is claimed when its probability reaches the plain threshold;
    ``combined``: the cued threshold when a cue of that type occurs (the cue lowers the bar,
    the model can still veto it), the plain one otherwise. ``claim``: the is-claim head's
    probabilities and bar; under ``model`` and ``combined`` a sentence below it claims nothing.
    """
    bars = thresholds or {t: (THRESHOLD, CUED_THRESHOLD) for t in CLAIM_TYPES}
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    if method == "rules":
        return [{t: 1.0 for t in CLAIM_TYPES if t in labels} for labels in cue_labels]
    if proba is None:
        raise ValueError(f"method {method!r} needs model probabilities")
    out = []
    for i, (labels, row) in enumerate(zip(cue_labels, proba, strict=True)):
        chosen: dict[str, float] = {}
        if claim is not None and float(claim[0][i]) < claim[1]:
            out.append(chosen)
            continue
        for j, t in enumerate(CLAIM_TYPES):
            p = float(row[j])
            plain, cued = bars[t]
            bar = cued if (method == "combined" and t in labels) else plain
            if method == "model":
                bar = plain
            if p >= bar:
                chosen[t] = round(p, 4)
        out.append(chosen)
    return out


def eligible(text: str, is_heading: bool, book: Codebook) -> bool:
    """Headings and questions are never claims (CODEBOOK: not a claim)."""
    return not ((is_heading and book.skip_headings) or is_question(text, book))


@dataclass(frozen=True)
class SentencePrediction:
    """Everything the classifier decided about one sentence (see :func:`predict_sentences`)."""

    types: dict[str, float]
    cues: list[Cue]
    certainty: str
    certainty_cue: Cue | None
    boosters: list[Cue]
    proba: np.ndarray | None
    #: the is-claim head's probability and bar (None without a gate)
    claim_p: float | None = None
    claim_bar: float | None = None


def predict_sentences(texts: Sequence[str], languages: Sequence[str],
                      is_heading: Sequence[bool], book: Codebook,
                      model: ClaimModel | None, method: str,
                      certainty_method: str = "rules",
                      never: Sequence[bool] | None = None,
                      units: Sequence[str] | None = None,
                      previous: Sequence[str] | None = None) -> list[SentencePrediction]:
    """Classify sentences: a pure function from text (and language, unit kind and previous
    sentence: :func:`~claimscope.claims.features.context_features`) to predictions.

    ``never`` marks units that are never claims whatever they say (reference-list entries).
    Linear in the number of sentences; the model scores all eligible sentences in one batch.
    """
    never = never if never is not None else [False] * len(texts)
    ok = [eligible(t, h, book) and not n for t, h, n in zip(texts, is_heading, never,
                                                            strict=True)]
    # the cue rules run once per sentence: for the decision, the certainty and the features
    evidence = [cue_evidence(t, lang, book) if keep else None
                for t, lang, keep in zip(texts, languages, ok, strict=True)]
    cues = [e[0] if e is not None else [] for e in evidence]
    proba = None
    hedged_p = None
    gate = None
    idx = [i for i, keep in enumerate(ok) if keep]
    if (method != "rules" or certainty_method == "model") and model is None:
        raise ValueError(f"method {method!r} needs a fitted ClaimModel")
    if model is not None:  # probabilities are scores and audit evidence under every method
        sub_t = [texts[i] for i in idx]
        sub_l = [languages[i] for i in idx]
        sub_u = [units[i] for i in idx] if units is not None else None
        sub_p = [previous[i] for i in idx] if previous is not None else None
        features = model.featurise(sub_t, sub_l, [evidence[i] for i in idx], sub_u,
                                   sub_p) if idx else None
        proba = np.zeros((len(texts), len(CLAIM_TYPES)))
        bar = claim_threshold_of(model)
        if bar is not None:
            gate = (np.zeros(len(texts)), bar)
        if idx:
            proba[idx] = model.predict_proba(sub_t, sub_l, features)
            if gate is not None:
                gate[0][idx] = model.claim_proba(sub_t, sub_l, features)
        if certainty_method == "model":
            hedged_p = np.zeros(len(texts))
            if idx:
                hedged_p[idx] = model.hedged_proba(sub_t, sub_l, features)
    decided = decide_types([{c.label for c in cs} for cs in cues], proba, method,
                           thresholds_of(model), gate)
    if method == "rules" and proba is not None:  # the score of a rule hit is the model's view
        decided = [{t: round(float(proba[i][CLAIM_TYPES.index(t)]), 4) for t in d}
                   for i, d in enumerate(decided)]
    out = []
    for i, (text, lang) in enumerate(zip(texts, languages, strict=True)):
        types = decided[i] if ok[i] else {}
        label, cue = evidence[i][1] if evidence[i] is not None else certainty_of(text, lang, book)
        if certainty_method == "model" and hedged_p is not None:
            label = "hedged" if hedged_p[i] >= 0.5 else "assertive"
            cue = cue if (cue is not None and (cue.label == "hedge") == (label == "hedged")) \
                else None
        out.append(SentencePrediction(
            types=types, cues=cues[i], certainty=label, certainty_cue=cue,
            boosters=evidence[i][2] if evidence[i] is not None else boosters_in(text, lang, book),
            proba=None if proba is None else proba[i],
            claim_p=None if gate is None else float(gate[0][i]),
            claim_bar=None if gate is None else float(gate[1])))
    return out


def supported_sentences(citations: pd.DataFrame) -> set[tuple[str, int]]:
    """(doc_id, sent_id) of sentences with a specific citation (see ``sentences_with``)."""
    return sentences_with(citations)


def claims_frame(sentences: pd.DataFrame, citations: pd.DataFrame, book: Codebook,
                 model: ClaimModel | None = None, method: str | None = None) -> pd.DataFrame:
    """One row per (sentence, claim type): the ``claims`` frame of the data contract.

    Headings, questions and reference-list entries are never claims.

    ``method=None`` uses the model's default (chosen on the gold corpus's dev split); without
    a usable model, ``rules``.
    """
    if sentences.empty:
        return empty_frame("claims")
    return frame("claims", claim_rows(sentences, citations, book, model, method))


#: Sentences scored together: the model's feature matrix (character n-grams) of a chunk is what
#: a long document holds in memory at once; predictions do not depend on the chunking.
CHUNK_SENTENCES = 4096


def claim_rows(sentences, citations, book: Codebook, model: ClaimModel | None = None,
               method: str | None = None) -> list[dict]:
    """The rows of :func:`claims_frame`, from a sentences frame or a mapping of its columns
    (``doc_id, sent_id, start, text, language, is_heading`` and, when present, ``unit``; rows in
    reading order) and citation rows or a frame."""
    return [row for chunk in claim_row_chunks(sentences, citations, book, model, method)
            for row in chunk]


def claim_row_chunks(sentences, citations, book: Codebook, model: ClaimModel | None = None,
                     method: str | None = None, before: str = "") -> Iterator[list[dict]]:
    """:func:`claim_rows` a chunk of :data:`CHUNK_SENTENCES` sentences at a time (so a caller
    can keep a long document's rows compact, :class:`claimscope.schema.RowGatherer`);
    ``before``: the text of the sentence before the first (``sentences`` is a window of a
    longer document)."""
    if method is None:
        method = model.default_method if model is not None else "rules"
    certainty_method = model.info.get("certainty_method", "rules") if model else "rules"
    if method == "rules":
        certainty_method = "rules"
    doc_ids, sent_ids, starts = (list(sentences[c]) for c in ("doc_id", "sent_id", "start"))
    if not doc_ids:
        return
    references = sentences_with(citations, ("reference",))
    texts = list(sentences["text"])
    whole = citation_spans(citations)  # a sentence that is one citation and nothing else
    never = [(d, int(s)) in references or (d, int(a), int(a) + len(t)) in whole
             for d, s, a, t in zip(doc_ids, sent_ids, starts, texts, strict=True)]
    units = list(sentences["unit"]) if "unit" in sentences else None
    languages, headings = list(sentences["language"]), list(sentences["is_heading"])
    previous = previous_texts(doc_ids, texts)
    previous[0] = previous[0] or before
    backed = sentences_with(citations)
    for a in range(0, len(texts), CHUNK_SENTENCES):  # a chunk at a time: bounded features
        b = a + CHUNK_SENTENCES  # (and a chunk's predictions are rows before the next chunk)
        rows = []
        preds = predict_sentences(texts[a:b], languages[a:b], headings[a:b], book, model,
                                  method, certainty_method, never[a:b],
                                  units[a:b] if units is not None else None, previous[a:b])
        for doc_id, sent_id, start, pred in zip(doc_ids[a:b], sent_ids[a:b], starts[a:b], preds,
                                                strict=True):
            for claim_type, score in pred.types.items():
                cue = next((c for c in pred.cues if c.label == claim_type), None)
                rows.append({
                    "doc_id": doc_id, "sent_id": int(sent_id), "claim_type": claim_type,
                    "certainty": pred.certainty, "supported": (doc_id, int(sent_id)) in backed,
                    "cue": cue.text if cue else "", "score": score, "method": method,
                    "cue_start": start + cue.start if cue else pd.NA,
                    "cue_end": start + cue.end if cue else pd.NA,
                    "certainty_cue": pred.certainty_cue.text if pred.certainty_cue else "",
                    "boosted": bool(pred.boosters),
                })
        yield rows


def load_model_or_none(path=None, book: Codebook | None = None) -> ClaimModel | None:
    """The claim model, or ``None`` with a logged warning when it cannot be used."""
    try:
        return load_model(path, book)
    except ModelError as err:
        log.warning("%s; claims use the codebook rules only", err)
        return None
