"""Agreement between coders, and between claimscope and each coder, on coded units.

Input is the tidy frame of :func:`claimscope.coding.import_sheets` (one row per coder and unit).
Units are matched on ``(doc_id, start, end)``; a unit that not every coder coded is left out
(the table says how many units were compared). Per label: Cohen's κ (two coders), Krippendorff's
α (nominal, any number of coders; the ``krippendorff`` package), raw agreement, and the F1 of
each later coder against the first. ``hedged`` is compared on the units every coder calls a
claim. :func:`classifier_codes` turns claimscope's frames into one more coder.

>>> import pandas as pd
>>> a = pd.DataFrame({"coder": "a", "doc_id": "d", "start": [0, 10, 20, 30], "end": [9, 19, 29, 39],
...                   "efficacy": [1, 0, 1, 0], "certainty": ["hedged", "", "assertive", ""]})
>>> b = a.assign(coder="b", efficacy=[1, 0, 0, 0], certainty=["hedged", "", "", ""])
>>> table = agreement(pd.concat([a, b]), labels=["efficacy"])
>>> table[["label", "units", "kappa", "alpha", "agreement", "f1"]].round(3).to_dict("records")
[{'label': 'efficacy', 'units': 4, 'kappa': 0.5, 'alpha': 0.533, 'agreement': 0.75, 'f1': 0.667}]
"""

from __future__ import annotations

from collections.abc import Sequence

import krippendorff
import numpy as np
import pandas as pd
from sklearn.metrics import cohen_kappa_score, f1_score

from claimscope.schema import CLAIM_TYPES, SPECIFIC_KINDS

KEY = ["doc_id", "start", "end"]
#: Labels compared by default (``is_claim`` and ``hedged`` are derived).
LABELS = ("is_claim", *CLAIM_TYPES, "hedged", "boilerplate", "has_citation", "has_vague_appeal",
          "is_reference")


def with_derived(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``is_claim`` (any claim type) and ``hedged`` (certainty == hedged) columns."""
    out = frame.copy()
    types = [t for t in CLAIM_TYPES if t in out]
    out["is_claim"] = out[types].astype(int).max(axis=1) if types else 0
    if "certainty" in out:
        out["hedged"] = (out["certainty"] == "hedged").astype(int)
    return out


def _wide(frame: pd.DataFrame, label: str, coders: list[str]) -> pd.DataFrame:
    return frame.pivot_table(index=KEY, columns="coder", values=label, aggfunc="max")[coders]


def _scores(matrix: pd.DataFrame) -> dict:
    values = matrix.to_numpy(dtype=float)
    first = values[:, 0]
    row = {"units": len(values), "positives": {c: int(np.nansum(values[:, j]))
                                                for j, c in enumerate(matrix.columns)}}
    pairs = [(0, j) for j in range(1, values.shape[1])]
    row["agreement"] = float(np.mean([np.mean(values[:, i] == values[:, j]) for i, j in pairs]))
    if values.shape[1] == 2:
        same = len(np.unique(values)) == 1
        row["kappa"] = 1.0 if same else float(cohen_kappa_score(values[:, 0], values[:, 1]))
    else:
        row["kappa"] = np.nan
    if len(np.unique(values)) > 1:
        row["alpha"] = float(krippendorff.alpha(reliability_data=values.T,
                                                level_of_measurement="nominal"))
    else:
        row["alpha"] = 1.0 if len(values) else np.nan
    row["f1"] = float(np.mean([f1_score(first, values[:, j], zero_division=np.nan)
                               for _, j in pairs]))
    return row


def agreement(frame: pd.DataFrame, labels: Sequence[str] | None = None,
              coders: Sequence[str] | None = None, by_document: bool = False) -> pd.DataFrame:
    """Agreement per label (and per document with ``by_document=True``).

    Columns: ``label`` (and ``doc_id``), ``units`` compared, ``kappa`` (two coders only),
    ``alpha`` (Krippendorff, nominal), ``agreement`` (share of units coded alike, averaged over
    pairs with the first coder), ``f1`` (later coders against the first), ``positives_<coder>``.
    """
    frame = with_derived(frame)
    coders = list(coders) if coders is not None else sorted(frame.coder.unique())
    if len(coders) < 2:
        raise ValueError("agreement needs at least two coders")
    labels = [lab for lab in (labels or LABELS) if lab in frame]
    frame = frame[frame.coder.isin(coders)]
    counts = frame.groupby(KEY).coder.nunique()
    shared = counts[counts == len(coders)].index
    rows = []
    for label in labels:
        wide = _wide(frame, label, coders).reindex(shared)
        if label == "hedged":
            claims = _wide(frame, "is_claim", coders).reindex(shared)
            wide = wide[(claims == 1).all(axis=1)]
        groups = wide.groupby(level="doc_id") if by_document else [(None, wide)]
        for doc_id, part in groups:
            if part.empty:
                continue
            scores = _scores(part)
            positives = scores.pop("positives")
            row = {"label": label, **({"doc_id": doc_id} if by_document else {}), **scores}
            row.update({f"positives_{c}": n for c, n in positives.items()})
            rows.append(row)
    columns = ["label", *(["doc_id"] if by_document else []), "units", "kappa", "alpha",
               "agreement", "f1", *[f"positives_{c}" for c in coders]]
    return pd.DataFrame(rows, columns=columns)


def classifier_codes(corpus, units: pd.DataFrame, coder: str = "claimscope") -> pd.DataFrame:
    """claimscope's frames as codes on the given units (``doc_id, start, end``).

    A unit gets the claim types of the claimscope sentences that overlap it by at least half of
    the shorter span (and ``hedged`` when any of them is hedged); ``boilerplate`` when at least
    half of it lies in boilerplate spans; ``has_citation`` / ``has_vague_appeal`` /
    ``is_reference`` when a citation of that kind lies in it (a vague appeal only counts in a
    unit without a specific citation, as the codebook says).
    """
    sents = corpus.sentences
    claims = corpus.claims
    cites = corpus.citations
    boiler = corpus.boilerplate
    rows = []
    claim_by = {k: g for k, g in claims.groupby(["doc_id", "sent_id"])}
    for doc_id, doc_units in units[KEY].drop_duplicates().groupby("doc_id"):
        s = sents[sents.doc_id == doc_id]
        c = cites[cites.doc_id == doc_id]
        b = boiler[boiler.doc_id == doc_id]
        s_start, s_end = s.start.to_numpy(), s.end.to_numpy()
        for start, end in zip(doc_units.start, doc_units.end, strict=True):
            length = max(1, end - start)
            overlap = np.minimum(s_end, end) - np.maximum(s_start, start)
            shorter = np.minimum(s_end - s_start, length)
            hit = s.sent_id.to_numpy()[overlap >= np.maximum(1, shorter / 2)]
            types, hedged = set(), False
            for sid in hit:
                group = claim_by.get((doc_id, int(sid)))
                if group is not None:
                    types |= set(group.claim_type)
                    hedged |= bool((group.certainty == "hedged").any())
            in_unit = c[(c.start < end) & (c.end > start)]
            boiler_chars = int((np.minimum(b.end, end) - np.maximum(b.start, start)).clip(0).sum())
            specific = bool(in_unit.kind.isin(SPECIFIC_KINDS).any())
            row = {"coder": coder, "doc_id": doc_id, "start": int(start), "end": int(end),
                   "boilerplate": int(boiler_chars * 2 >= length and not types),
                   **{t: int(t in types) for t in CLAIM_TYPES},
                   "certainty": ("hedged" if hedged else "assertive") if types else "",
                   "has_citation": int(specific),
                   "has_vague_appeal": int(not specific
                                           and (in_unit.kind == "vague_appeal").any()),
                   "citation_needed": int((in_unit.kind == "citation_needed").any()),
                   "is_reference": int((in_unit.kind == "reference").any())}
            rows.append(row)
    return pd.DataFrame(rows)
