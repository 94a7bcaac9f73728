"""Evaluating claim classification against the hand annotations, across documents.

Leave-one-document-out (LODO): for each document, the model is fitted on the sentences of all
other documents and predicts the held-out one, so no page is ever in both training and test.
Predictions of all folds are pooled and scored per claim type (precision, recall, F1), as
macro-F1 over types, is-claim F1 (any type vs none) and certainty F1 (macro over hedged and
assertive, on the sentences the annotators marked as claims). The human ceiling is Cohen's kappa
between two independent codings of a random subset.

>>> gold = annotated_sentences(corpus, "data/annotations/seed_sentences.csv")
>>> len(gold), gold.doc_id.nunique()
(806, 5)
>>> preds = lodo_predictions(gold, load_codebook(), methods=("rules",))
>>> round(float(summary_scores(gold, preds).macro_f1.iloc[0]), 3)
0.733
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import cohen_kappa_score, f1_score, precision_recall_fscore_support

from claimscope.claims.classify import METHODS, predict_sentences
from claimscope.claims.codebook import CLAIM_TYPES, Codebook, load_codebook  # noqa: F401
from claimscope.claims.model import ClaimModel, fit_model, previous_texts
from claimscope.evaluation.annotations import align, load_sentence_annotations


def annotated_sentences(corpus, path: str | Path) -> pd.DataFrame:
    """The corpus's sentences joined to their hand labels (``claim_types`` tuple, ``certainty``)."""
    ann = align(load_sentence_annotations(path), corpus)
    cols = ["doc_id", "sent_id", "start", "end", "text", "language", "is_heading", "unit"]
    sents = corpus.sentences.sort_values(["doc_id", "sent_id"])
    sents = sents.assign(previous=previous_texts(sents.doc_id.tolist(), sents.text.tolist()))
    out = sents[[*cols, "previous"]].merge(
        ann[["doc_id", "sent_id", "claim_types", "certainty"]], on=["doc_id", "sent_id"])
    return out.sort_values(["doc_id", "sent_id"]).reset_index(drop=True)


def _context(frame: pd.DataFrame) -> tuple[list[str] | None, list[str] | None]:
    """The unit kinds and previous texts of a labelled frame (``None`` where it has none)."""
    units = frame.unit.tolist() if "unit" in frame else None
    previous = frame.previous.tolist() if "previous" in frame else None
    return units, previous


def fit_on(gold: pd.DataFrame, book: Codebook, default_method: str = "combined") -> ClaimModel:
    """Fit a :class:`ClaimModel` on annotated sentences (sorted, so fitting is deterministic)."""
    gold = gold.sort_values(["doc_id", "sent_id"])
    units, previous = _context(gold)
    return fit_model(gold.text.tolist(), gold.language.tolist(), gold.claim_types.tolist(),
                     gold.certainty.tolist(), book, default_method, units, previous)


def _predict(frame: pd.DataFrame, book: Codebook, model: ClaimModel | None,
             method: str, certainty_method: str) -> pd.DataFrame:
    units, previous = _context(frame)
    preds = predict_sentences(frame.text.tolist(), frame.language.tolist(),
                              frame.is_heading.tolist(), book, model, method, certainty_method,
                              units=units, previous=previous)
    return pd.DataFrame({
        "doc_id": frame.doc_id.to_numpy(), "sent_id": frame.sent_id.to_numpy(),
        "method": method, "certainty_method": certainty_method,
        "pred_types": [tuple(t for t in CLAIM_TYPES if t in p.types) for p in preds],
        "pred_certainty": [p.certainty for p in preds],
    })


def lodo_predictions(gold: pd.DataFrame, book: Codebook,
                     methods: tuple[str, ...] = METHODS) -> pd.DataFrame:
    """Held-out predictions for every sentence under each method (and certainty method)."""
    parts = []
    for doc_id in sorted(gold.doc_id.unique()):
        train, test = gold[gold.doc_id != doc_id], gold[gold.doc_id == doc_id]
        model = fit_on(train, book) if any(m != "rules" for m in methods) else None
        for method in methods:
            for certainty_method in (("rules",) if method == "rules" else ("rules", "model")):
                parts.append(_predict(test, book, model, method, certainty_method))
    return pd.concat(parts, ignore_index=True)


def _binary(sets: pd.Series, claim_type: str) -> np.ndarray:
    return sets.map(lambda s: claim_type in s).to_numpy()


def type_scores(gold: pd.DataFrame, preds: pd.DataFrame) -> pd.DataFrame:
    """Per method and claim type: precision, recall, F1 and the number of gold sentences."""
    rows = []
    for (method, cm), p in preds.groupby(["method", "certainty_method"], sort=False):
        if cm != "rules":
            continue
        m = gold.merge(p, on=["doc_id", "sent_id"])
        for t in CLAIM_TYPES:
            y, yhat = _binary(m.claim_types, t), _binary(m.pred_types, t)
            prec, rec, f1, _ = precision_recall_fscore_support(
                y, yhat, average="binary", zero_division=0)
            rows.append({"method": method, "claim_type": t, "precision": prec, "recall": rec,
                         "f1": f1, "support": int(y.sum())})
    return pd.DataFrame(rows)


def summary_scores(gold: pd.DataFrame, preds: pd.DataFrame) -> pd.DataFrame:
    """Per method: macro-F1 over types, is-claim F1, certainty F1 (rules and model certainty)."""
    per_type = type_scores(gold, preds)
    rows = []
    for (method, cm), p in preds.groupby(["method", "certainty_method"], sort=False):
        m = gold.merge(p, on=["doc_id", "sent_id"])
        claims = m[m.claim_types.map(bool)]
        rows.append({
            "method": method, "certainty_method": cm,
            "macro_f1": per_type.loc[per_type.method == method, "f1"].mean(),
            "is_claim_f1": f1_score(m.claim_types.map(bool), m.pred_types.map(bool)),
            "certainty_f1": f1_score(claims.certainty, claims.pred_certainty, average="macro"),
        })
    return pd.DataFrame(rows)


def per_document_scores(gold: pd.DataFrame, preds: pd.DataFrame) -> pd.DataFrame:
    """Macro-F1 and is-claim F1 on each held-out document (how much the folds vary)."""
    rows = []
    for (method, cm, doc_id), p in preds.groupby(["method", "certainty_method", "doc_id"]):
        if cm != "rules":
            continue
        m = gold.merge(p, on=["doc_id", "sent_id"])
        f1s = [f1_score(_binary(m.claim_types, t), _binary(m.pred_types, t), zero_division=0)
               for t in CLAIM_TYPES if _binary(m.claim_types, t).any()]
        rows.append({"method": method, "doc_id": doc_id, "n_sentences": len(m),
                     "macro_f1_present_types": float(np.mean(f1s)) if f1s else np.nan,
                     "is_claim_f1": f1_score(m.claim_types.map(bool), m.pred_types.map(bool),
                                             zero_division=0)})
    return pd.DataFrame(rows)


def best_method(summary: pd.DataFrame) -> tuple[str, str]:
    """The (method, certainty method) with the highest LODO macro-F1, then certainty F1."""
    ranked = summary.sort_values(["macro_f1", "is_claim_f1", "certainty_f1"], ascending=False,
                                 kind="stable")
    method = ranked.iloc[0].method
    cert = summary[summary.method == method].sort_values(
        "certainty_f1", ascending=False, kind="stable").iloc[0].certainty_method
    return str(method), str(cert)


def type_confusion(gold: pd.DataFrame, preds: pd.DataFrame, method: str) -> pd.DataFrame:
    """Sentences with gold type (rows) that got predicted type (columns); ``none`` = no type."""
    p = preds[(preds.method == method) & (preds.certainty_method == "rules")]
    m = gold.merge(p, on=["doc_id", "sent_id"])
    labels = [*CLAIM_TYPES, "none"]
    table = pd.DataFrame(0, index=pd.Index(labels, name="annotated"),
                         columns=pd.Index(labels, name="predicted"))
    for g, q in zip(m.claim_types, m.pred_types, strict=True):
        for a in (g or ("none",)):
            for b in (q or ("none",)):
                table.loc[a, b] += 1
    return table


def human_agreement(first: str | Path, second: str | Path) -> pd.DataFrame:
    """Cohen's kappa, raw agreement and coder-vs-coder F1 per claim type, is-claim and certainty.

    Sentences are matched on (doc_id, start, end, text); certainty is compared on sentences both
    passes call claims. ``coder_f1`` treats the first pass as gold and the second as a prediction:
    the figure to set beside a classifier's F1 (κ is on another scale). Read it with the number
    of positives: a type that is rare in the subset gives an unstable estimate.
    """
    key = ["doc_id", "start", "end", "text"]
    a = load_sentence_annotations(first)
    b = load_sentence_annotations(second)
    m = a.merge(b, on=key, suffixes=("_1", "_2"))
    rows = []

    def add(name, y1, y2):
        y1, y2 = np.asarray(y1), np.asarray(y2)
        rows.append({"label": name, "n": len(y1), "kappa": cohen_kappa_score(y1, y2),
                     "agreement": float(np.mean(y1 == y2)),
                     "coder_f1": f1_score(y1, y2, zero_division=np.nan),
                     "positives_first": int(np.sum(y1 == 1)),
                     "positives_second": int(np.sum(y2 == 1))})

    for t in CLAIM_TYPES:
        add(t, _binary(m.claim_types_1, t).astype(int), _binary(m.claim_types_2, t).astype(int))
    add("is_claim", m.claim_types_1.map(bool).astype(int), m.claim_types_2.map(bool).astype(int))
    both = m[m.claim_types_1.map(bool) & m.claim_types_2.map(bool)]
    add("hedged", (both.certainty_1 == "hedged").astype(int),
        (both.certainty_2 == "hedged").astype(int))
    return pd.DataFrame(rows)


def build_model(corpus, annotations: str | Path, book: Codebook) -> tuple[ClaimModel, pd.DataFrame]:
    """Fit the shipped model on every annotated sentence; its default method is the LODO winner.

    Returns the model and the LODO summary that chose the default.
    """
    gold = annotated_sentences(corpus, annotations)
    if gold.empty or gold.doc_id.nunique() < 2:
        raise ValueError(f"{annotations}: {len(gold)} annotated sentences match the corpus's "
                         f"sentences (by doc_id, start, end, text) in {gold.doc_id.nunique()} "
                         "documents; leave-one-document-out needs at least two documents")
    summary = summary_scores(gold, lodo_predictions(gold, book))
    method, certainty_method = best_method(summary)
    model = fit_on(gold, book, default_method=method)
    model.info["certainty_method"] = certainty_method
    model.info["lodo"] = summary.round(4).to_dict(orient="records")
    return model, summary


def load_labelled_sentences(path: str | Path) -> pd.DataFrame:
    """A stand-alone labelled sentence file (columns text, language, claim_types, certainty).

    Used for held-out sets: sentences not taken from a parsed corpus, so each is its own
    document (``doc_id`` = ``source`` when given) and none is a heading.
    """
    frame = pd.read_csv(path, keep_default_na=False, dtype=str)
    frame["claim_types"] = frame.claim_types.map(lambda s: tuple(t for t in s.split(";") if t))
    frame["doc_id"] = frame["source"] if "source" in frame else "heldout"
    frame["sent_id"] = range(len(frame))
    frame["is_heading"] = False
    return frame


def predictions_with(gold: pd.DataFrame, book: Codebook, model: ClaimModel | None,
                     methods: tuple[str, ...] = METHODS) -> pd.DataFrame:
    """Predictions of an already fitted model (e.g. the shipped one on a held-out set)."""
    parts = []
    for method in methods:
        if method != "rules" and model is None:
            continue
        for certainty_method in (("rules",) if method == "rules" else ("rules", "model")):
            parts.append(_predict(gold, book, model, method, certainty_method))
    return pd.concat(parts, ignore_index=True)


# --- learning from the real-page gold corpus -----------------------------------------------------

THRESHOLD_GRID = tuple(round(x, 2) for x in np.arange(0.15, 0.86, 0.05))


def gold_sentences(gold, split: str | None) -> pd.DataFrame:
    """The content units of the gold corpus's ``split`` as labelled sentences (the frame
    :func:`fit_on` and :func:`predictions_with` take)."""
    from claimscope.parse.language import identify

    pages = set(gold.pages(split))
    every = gold.first[gold.first.doc_id.isin(pages)].sort_values(["doc_id", "start"])
    # the previous unit is the previous content unit, as at prediction time, where the parser's
    # sentences never include the boilerplate it removed
    units = every[every.boilerplate == 0]
    units = units.assign(previous=previous_texts(units.doc_id.tolist(), units.text.tolist()),
                         unit=unit_kinds(gold.corpus.sentences, units))
    doc_lang = gold.corpus.documents.set_index("doc_id").language
    langs = [identify(t, fallback=doc_lang.get(d, "other"))[0]
             for t, d in zip(units.text, units.doc_id, strict=True)]
    return pd.DataFrame({
        "doc_id": units.doc_id.to_numpy(), "sent_id": np.arange(len(units)),
        "start": units.start.to_numpy(), "end": units.end.to_numpy(),
        "text": units.text.to_numpy(), "language": langs, "is_heading": False,
        "claim_types": [tuple(t for t in CLAIM_TYPES if row[t]) for row in
                        units[list(CLAIM_TYPES)].to_dict("records")],
        "certainty": units.certainty.to_numpy(), "unit": units.unit.to_numpy(),
        "previous": units.previous.to_numpy(),
    })


def unit_kinds(sentences: pd.DataFrame, units: pd.DataFrame) -> list[str]:
    """The unit kind (``sentences.unit``) of the parsed sentence that overlaps each coded unit
    most (``paragraph`` when none does)."""
    out = []
    by_doc = {d: g for d, g in sentences.groupby("doc_id")}
    for doc_id, start, end in zip(units.doc_id, units.start, units.end, strict=True):
        s = by_doc.get(doc_id)
        if s is None or s.empty:
            out.append("paragraph")
            continue
        overlap = np.minimum(s.end.to_numpy(), end) - np.maximum(s.start.to_numpy(), start)
        k = int(np.argmax(overlap))
        out.append(str(s.unit.iloc[k]) if overlap[k] > 0 else "paragraph")
    return out


def _best_threshold(y: np.ndarray, p: np.ndarray, cued: np.ndarray | None = None
                    ) -> tuple[float, float, float]:
    """(plain, cued, F1): the thresholds that maximise F1 on one type (ties: the higher bar)."""
    best = (0.5, 0.25, -1.0)
    cued_grid = THRESHOLD_GRID if cued is not None else (0.25,)
    for plain in THRESHOLD_GRID:
        for low in cued_grid:
            if low > plain:
                continue
            bar = np.where(cued, low, plain) if cued is not None else plain
            f1 = f1_score(y, p >= bar, zero_division=0)
            if f1 > best[2] + 1e-12 or (abs(f1 - best[2]) <= 1e-12 and plain > best[0]):
                best = (plain, low, f1)
    return best


def tune_on_dev(model: ClaimModel, dev: pd.DataFrame, book: Codebook) -> pd.DataFrame:
    """The is-claim head's bar that maximises dev is-claim F1 (ties: the higher bar), then per
    method the per-type thresholds that maximise dev F1 on the sentences past that bar, stored
    in ``model.info``; the method with the best dev macro-F1 becomes ``model.default_method``.
    Returns the dev table."""
    from claimscope.claims.codebook import find_cues

    texts, langs = dev.text.tolist(), dev.language.tolist()
    units, previous = _context(dev)
    x = model.featurise(texts, langs, units=units, previous=previous)
    is_claim = dev.claim_types.map(bool).to_numpy()
    p_claim = model.claim_proba(texts, langs, x)
    claim_bar = max(THRESHOLD_GRID, key=lambda b: (round(f1_score(is_claim, p_claim >= b), 12), b))
    gated = model.predict_proba(texts, langs, x) * (p_claim >= claim_bar)[:, None]
    cue_sets = [{c.label for c in find_cues(t, lang, book)} for t, lang in zip(texts, langs,
                                                                               strict=True)]
    rows, tuned = [], {}
    for method in METHODS:
        per_type = {}
        for j, t in enumerate(CLAIM_TYPES):
            y = _binary(dev.claim_types, t)
            cued = np.array([t in s for s in cue_sets])
            if method == "rules":
                per_type[t] = (0.5, 0.25, f1_score(y, cued, zero_division=0))
            elif method == "model":
                per_type[t] = _best_threshold(y, gated[:, j])
            else:
                per_type[t] = _best_threshold(y, gated[:, j], cued)
        tuned[method] = {t: [float(v[0]), float(v[1])] for t, v in per_type.items()}
        rows.append({"method": method, "macro_f1": float(np.mean([v[2] for v in
                                                                  per_type.values()])),
                     **{f"{t}_f1": float(v[2]) for t, v in per_type.items()}})
    table = pd.DataFrame(rows)
    best = table.sort_values(["macro_f1"], ascending=False, kind="stable").iloc[0].method
    model.default_method = str(best)
    model.info["thresholds"] = tuned.get(best) if best != "rules" else None
    model.info["claim_threshold"] = float(claim_bar) if best != "rules" else None
    model.info["dev"] = table.round(4).to_dict(orient="records")
    return table


def build_model_from_gold(gold, seed_corpus, annotations: str | Path, book: Codebook
                          ) -> tuple[ClaimModel, pd.DataFrame]:
    """Fit on the gold corpus's train split plus the seeds; thresholds and the default method
    chosen on the dev split (the test split is never seen)."""
    train = pd.concat([gold_sentences(gold, "train"),
                       annotated_sentences(seed_corpus, annotations)], ignore_index=True)
    model = fit_on(train, book)
    model.info["training"] = {"gold_train_units": int((train.doc_id.str.startswith("g")).sum()),
                              "seed_sentences": int((~train.doc_id.str.startswith("g")).sum())}
    table = tune_on_dev(model, gold_sentences(gold, "dev"), book)
    return model, table
