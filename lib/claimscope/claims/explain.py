"""Why a sentence got its claim types: the cues, the model's probability per type, certainty,
boosters and the sentence's citations (``Corpus.explain``).

>>> import claimscope as cs
>>> corpus = cs.load_corpus("seeds/003_0f5ae677359d74ec.txt")
>>> explanation = corpus.explain("003_0f5ae677359d74ec", 49)
>>> explanation.method, explanation.certainty, explanation.certainty_cue
('combined', 'assertive', 'nagenoeg geen')
>>> row = explanation.table.set_index("claim_type").loc["safety"]
>>> row.cues, bool(row.claimed), row.why
('veilige, bijwerkingen', True, 'cue, and the model agrees')
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from claimscope.claims.classify import predict_sentences, thresholds_of
from claimscope.claims.codebook import Codebook
from claimscope.claims.model import ClaimModel
from claimscope.schema import CLAIM_TYPES


@dataclass
class Explanation:
    """Why a sentence got its claim types: cues, model probabilities, certainty, citations."""

    doc_id: str
    sent_id: int
    text: str
    language: str
    method: str
    table: pd.DataFrame
    certainty: str
    certainty_cue: str
    boosters: list[str]
    citations: pd.DataFrame
    #: the is-claim head's probability and its dev-tuned bar (None: no gate)
    claim_p: float | None = None
    claim_bar: float | None = None

    def __repr__(self) -> str:
        lines = [f"{self.doc_id} sentence {self.sent_id} ({self.language}, method {self.method}):",
                 f"  {self.text}", ""]
        shown = self.table.to_string(index=False)
        lines += ["  " + line for line in shown.splitlines()]
        if self.claim_p is not None:
            verdict = "a claim" if self.claim_p >= self.claim_bar else "no claim: no type is given"
            lines += ["", f"  is-claim model: p {self.claim_p:.3f}, bar {self.claim_bar:.3f} "
                          f"({verdict})"]
        cue = f" (cue: {self.certainty_cue!r})" if self.certainty_cue else ""
        lines += ["", f"  certainty: {self.certainty}{cue}",
                  f"  boosters: {', '.join(self.boosters) if self.boosters else 'none'}"]
        if self.citations.empty:
            lines.append("  citations: none")
        else:
            lines += [f"  citation: {k} {t!r}" for k, t in
                      zip(self.citations.kind, self.citations.text, strict=True)]
        return "\n".join(lines)


def _why(method: str, cued: bool, p: float, bar: float, claimed: bool,
         gated: bool = False) -> str:
    """The reason for one type's decision, in words (``gated``: the is-claim head said no)."""
    if method == "rules":
        return "cue" if cued else ""
    if claimed:
        return "cue, and the model agrees" if cued else "the model, without a cue"
    if gated and (cued or p >= bar):
        return "the is-claim model says no claim"
    if cued:
        return "cue overruled by the model"
    return ""


def explain_sentence(sentence: pd.Series, citations: pd.DataFrame, book: Codebook,
                     model: ClaimModel | None, method: str, previous: str = "") -> Explanation:
    """Cues, probabilities and the decision per type for one sentence row (``previous``: the
    text of the sentence before it on its page, a context feature of the model)."""
    certainty_method = model.info.get("certainty_method", "rules") if model else "rules"
    if method == "rules":
        certainty_method = "rules"
    unit = str(sentence.get("unit", "paragraph"))
    pred = predict_sentences([sentence.text], [sentence.language], [bool(sentence.is_heading)],
                             book, model, method, certainty_method, units=[unit],
                             previous=[previous])[0]
    bars = thresholds_of(model)
    gated = pred.claim_p is not None and pred.claim_p < pred.claim_bar
    rows = []
    for j, t in enumerate(CLAIM_TYPES):
        cues = [c.text for c in pred.cues if c.label == t]
        p = float(pred.proba[j]) if pred.proba is not None else np.nan
        plain, cued = bars[t]
        bar = cued if (method == "combined" and cues) else plain
        rows.append({"claim_type": t, "cues": ", ".join(cues),
                     "model_p": round(p, 3) if not np.isnan(p) else np.nan,
                     "bar": np.nan if method == "rules" else bar,
                     "claimed": t in pred.types,
                     "why": _why(method, bool(cues), p, bar, t in pred.types, gated)})
    own = citations[(citations.doc_id == sentence.doc_id)
                    & (citations.sent_id == sentence.sent_id)]
    return Explanation(
        doc_id=sentence.doc_id, sent_id=int(sentence.sent_id), text=sentence.text,
        language=sentence.language, method=method, table=pd.DataFrame(rows),
        certainty=pred.certainty if pred.types else "(not a claim)",
        certainty_cue=pred.certainty_cue.text if pred.certainty_cue else "",
        boosters=[b.text for b in pred.boosters],
        citations=own[["kind", "text"]].reset_index(drop=True),
        claim_p=pred.claim_p,
        claim_bar=pred.claim_bar)
