"""Validity on the real-page gold corpus (``data/gold``): units, claims, certainty, citations.

The gold corpus is 112 real pages from 109 sites, coded unit by unit with the coding sheets
(first pass: the gold; an independent second pass on 23 pages: the agreement ceiling), split by
site into train / dev / test. :func:`score_pages` compares claimscope's frames with a coder's
units on a set of pages; every figure carries a bootstrap 95 % interval over pages.

- ``unit_f1``: claimscope's sentences against the gold units (boilerplate excluded), exact spans;
- ``is_claim_f1``, ``<type>_f1`` and ``macro_f1``: claims on the gold units (claimscope's
  sentences mapped onto them, :func:`~claimscope.evaluation.agreement.classifier_codes`);
- ``hedged_f1``: hedged vs assertive on the units both call claims (positive class: hedged);
- ``has_citation_f1``, ``vague_appeal_f1``: per unit;
- ``reference_count_exact``: share of pages whose number of reference entries is right.

>>> gold = load_gold("data/gold", claims=False, concepts=False)
>>> len(gold.sources), gold.sources.site.nunique(), sorted(gold.sources.split.unique())
(112, 109, ['dev', 'test', 'train'])
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from claimscope.coding.sheets import import_sheets
from claimscope.evaluation.agreement import agreement, classifier_codes, with_derived
from claimscope.evaluation.bootstrap import (
    binary_counts,
    f1_interval,
    macro_f1_interval,
    mean_interval,
)
from claimscope.schema import CLAIM_TYPES

KEY = ["doc_id", "start", "end"]
SPLITS = ("train", "dev", "test")


@dataclass
class GoldCorpus:
    """claimscope's corpus of the gold pages, the coders' units and the page table."""

    corpus: object
    first: pd.DataFrame
    second: pd.DataFrame
    sources: pd.DataFrame
    folder: Path

    def pages(self, split: str | None = None) -> list[str]:
        """Page ids of one split (``None``: all)."""
        s = self.sources if split is None else self.sources[self.sources.split == split]
        return sorted(s.page_id)


def held_out_digest(folder: str | Path = "data/gold") -> str:
    """sha256 over the test split's page ids and the sha256 of each page file, in order.

    Written to ``data/gold/SPLITS.md`` when the split was made; a test checks it never changes.
    """
    folder = Path(folder)
    sources = pd.read_csv(folder / "sources.csv")
    splits = pd.read_csv(folder / "splits.csv")
    pages = sources.merge(splits[["site", "split"]], on="site")
    lines = []
    for row in pages[pages.split == "test"].sort_values("page_id").itertuples():
        digest = hashlib.sha256((folder / "pages" / row.file).read_bytes()).hexdigest()
        lines.append(f"{row.page_id} {digest}")
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def load_gold(folder: str | Path = "data/gold", corpus=None, **load_kwargs) -> GoldCorpus:
    """Parse the gold pages (or use ``corpus``) and import both coding passes."""
    import claimscope as cs

    folder = Path(folder)
    sources = pd.read_csv(folder / "sources.csv").merge(
        pd.read_csv(folder / "splits.csv")[["site", "split"]], on="site", how="left")
    if corpus is None:
        corpus = cs.load_corpus(folder / "pages", **load_kwargs)
    first = import_sheets(sorted((folder / "coding" / "first").glob("*.csv")), corpus)
    second = import_sheets(sorted((folder / "coding" / "second").glob("*.csv")), corpus)
    first = first.assign(coder="first") if len(first) else first
    second = second.assign(coder="second") if len(second) else second
    return GoldCorpus(corpus, first, second, sources, folder)


def _content(units: pd.DataFrame) -> pd.DataFrame:
    return with_derived(units[units.boilerplate == 0])


def unit_counts(gold_units: pd.DataFrame, predicted: pd.DataFrame, pages: list[str]
                ) -> pd.DataFrame:
    """Per page: exact-span matches of predicted units (``doc_id, start, end``) and gold units."""
    rows = []
    for page in pages:
        g = set(map(tuple, gold_units.loc[gold_units.doc_id == page, ["start", "end"]]
                    .to_numpy().tolist()))
        p = set(map(tuple, predicted.loc[predicted.doc_id == page, ["start", "end"]]
                    .to_numpy().tolist()))
        rows.append({"page": page, "tp": len(g & p), "fp": len(p - g), "fn": len(g - p)})
    return pd.DataFrame(rows).set_index("page")


def _row(metric: str, interval: tuple[float, float, float], pages: int, units: int) -> dict:
    value, low, high = interval
    return {"metric": metric, "value": value, "low": low, "high": high, "pages": pages,
            "units": units}


def score_units(gold: pd.DataFrame, pred: pd.DataFrame, pages: list[str],
                predicted_units: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every metric of the module docstring for ``pred`` (codes on the gold's units, same
    ``doc_id, start, end``) against ``gold`` on ``pages``."""
    gold = _content(gold[gold.doc_id.isin(pages)])
    pred = with_derived(pred)
    m = gold.merge(pred, on=KEY, suffixes=("", "_pred"))
    rows = []
    n_pages = m.doc_id.nunique()
    if predicted_units is not None:
        counts = unit_counts(gold, predicted_units, pages)
        rows.append(_row("unit_f1", f1_interval(counts), len(pages), len(gold)))
    counts = binary_counts(m.is_claim, m.is_claim_pred, m.doc_id)
    rows.append(_row("is_claim_f1", f1_interval(counts), n_pages, len(m)))
    per_type = {t: binary_counts(m[t], m[f"{t}_pred"], m.doc_id) for t in CLAIM_TYPES}
    rows.append(_row("macro_f1", macro_f1_interval(per_type), n_pages, len(m)))
    for t, counts in per_type.items():
        rows.append(_row(f"{t}_f1", f1_interval(counts), n_pages, len(m)))
    both = m[(m.is_claim == 1) & (m.is_claim_pred == 1)]
    rows.append(_row("hedged_f1", f1_interval(binary_counts(both.hedged, both.hedged_pred,
                                                            both.doc_id)),
                     both.doc_id.nunique(), len(both)))
    for label, name in (("has_citation", "has_citation_f1"),
                        ("has_vague_appeal", "vague_appeal_f1")):
        counts = binary_counts(m[label], m[f"{label}_pred"], m.doc_id)
        rows.append(_row(name, f1_interval(counts), n_pages, len(m)))
    return pd.DataFrame(rows)


def reference_exact(gold: pd.DataFrame, corpus, pages: list[str]) -> dict:
    """Share of pages whose count of reference entries equals the gold count."""
    g = gold[gold.doc_id.isin(pages)].groupby("doc_id").is_reference.sum()
    g = g.reindex(pages, fill_value=0)
    refs = corpus.citations[corpus.citations.kind == "reference"].groupby("doc_id").size()
    p = refs.reindex(pages, fill_value=0)
    exact = (g.to_numpy() == p.to_numpy()).astype(float)
    return _row("reference_count_exact", mean_interval(exact), len(pages), int(g.sum()))


def score_pages(gold: GoldCorpus, pages: list[str]) -> pd.DataFrame:
    """claimscope against the first-pass gold on ``pages``."""
    units = gold.first[gold.first.doc_id.isin(pages)]
    pred = classifier_codes(gold.corpus, units)
    sents = gold.corpus.sentences
    table = score_units(units, pred, pages, sents[sents.doc_id.isin(pages)][KEY])
    return pd.concat([table, pd.DataFrame([reference_exact(gold.first, gold.corpus, pages)])],
                     ignore_index=True)


def ceiling(gold: GoldCorpus) -> pd.DataFrame:
    """The second coder scored like claimscope against the first, on the double-coded pages:
    the agreement a classifier can be expected to reach. Labels are compared on the units
    both coders cut alike (exact spans)."""
    pages = sorted(gold.second.doc_id.unique())
    first = gold.first[gold.first.doc_id.isin(pages)]
    second = gold.second
    shared = first.merge(second[KEY], on=KEY)
    table = score_units(shared, second.merge(shared[KEY], on=KEY), pages,
                        _content(second)[KEY])
    table.loc[table.metric == "unit_f1", "units"] = len(_content(first))
    unit_counts_ = unit_counts(_content(first), _content(second)[KEY], pages)
    table.loc[table.metric == "unit_f1", ["value", "low", "high"]] = f1_interval(unit_counts_)
    g = first.groupby("doc_id").is_reference.sum().reindex(pages, fill_value=0)
    s = second.groupby("doc_id").is_reference.sum().reindex(pages, fill_value=0)
    exact = _row("reference_count_exact", mean_interval((g == s).to_numpy(float)), len(pages),
                 int(g.sum()))
    return pd.concat([table, pd.DataFrame([exact])], ignore_index=True)


def coder_agreement(gold: GoldCorpus, by_document: bool = False) -> pd.DataFrame:
    """Cohen's κ, Krippendorff's α, agreement and F1 of the two passes (shared units)."""
    pages = set(gold.second.doc_id)
    both = pd.concat([gold.first[gold.first.doc_id.isin(pages)], gold.second])
    return agreement(both, coders=["first", "second"], by_document=by_document)


def evaluation_table(gold: GoldCorpus, splits: tuple[str, ...] = ("dev", "test")
                     ) -> pd.DataFrame:
    """Long table: one row per (set, metric) with value and interval; sets = splits + ceiling."""
    parts = []
    for split in splits:
        parts.append(score_pages(gold, gold.pages(split)).assign(set=split))
    parts.append(ceiling(gold).assign(set="coder ceiling"))
    out = pd.concat(parts, ignore_index=True)
    return out[["set", "metric", "value", "low", "high", "pages", "units"]]


def format_table(long: pd.DataFrame, decimals: int = 3) -> pd.DataFrame:
    """Metrics as rows, sets as columns, each cell ``value [low–high]``."""
    def cell(r) -> str:
        if pd.isna(r.value):
            return "–"
        if pd.isna(r.low):
            return f"{r.value:.{decimals}f}"
        return f"{r.value:.{decimals}f} [{r.low:.{decimals}f}–{r.high:.{decimals}f}]"

    long = long.assign(cell=long.apply(cell, axis=1))
    order = list(dict.fromkeys(long.metric))
    table = long.pivot(index="metric", columns="set", values="cell").reindex(order).fillna("–")
    table = table[list(dict.fromkeys(long.set))]
    table.columns.name = None
    return table


def sizes(gold: GoldCorpus) -> pd.DataFrame:
    """Pages, sites, languages and coded units per split (for the notebook and README)."""
    units = _content(gold.first).merge(gold.sources[["page_id", "split"]], left_on="doc_id",
                                       right_on="page_id")
    per = gold.sources.groupby("split").agg(pages=("page_id", "size"), sites=("site", "nunique"),
                                            nl=("language", lambda s: int((s == "nl").sum())),
                                            en=("language", lambda s: int((s == "en").sum())))
    per["units"] = units.groupby("split").size()
    per["claims"] = units.groupby("split").is_claim.sum()
    return per.reindex([s for s in SPLITS if s in per.index]).astype("int64")


def seed_lodo_table(corpus, annotations: str | Path = "data/annotations/seed_sentences.csv",
                    method: str | None = None) -> pd.DataFrame:
    """The seeds scored like the gold splits: claims by leave-one-document-out (the model never
    sees the held-out page; the rules' cues were written from these pages, so this is
    optimistic), citations against the seed annotations."""
    from claimscope.citations.density import sentence_support
    from claimscope.claims.codebook import load_codebook
    from claimscope.claims.model import load_model
    from claimscope.evaluation.claims import annotated_sentences, lodo_predictions

    gold = annotated_sentences(corpus, annotations)
    if method is None:
        try:
            method = load_model().default_method
        except Exception:  # noqa: BLE001 - no usable model: the rules
            method = "rules"
    preds = lodo_predictions(gold, load_codebook(), methods=(method,))
    preds = preds[preds.certainty_method == "rules"]
    units = gold[["doc_id", "start", "end"]].copy()
    units["sent_id"] = gold.sent_id
    flags = pd.read_csv(annotations, dtype=str, keep_default_na=False)
    flags = flags.astype({"start": "int64", "end": "int64"})
    g = gold.merge(flags[["doc_id", "start", "end", "has_citation", "has_vague_appeal"]],
                   on=KEY, how="left")
    gold_units = pd.DataFrame({
        "doc_id": g.doc_id, "start": g.start, "end": g.end, "boilerplate": 0,
        **{t: g.claim_types.map(lambda s, t=t: int(t in s)) for t in CLAIM_TYPES},
        "certainty": g.certainty, "has_citation": (g.has_citation == "1").astype(int),
        "has_vague_appeal": (g.has_vague_appeal == "1").astype(int)})
    support = sentence_support(corpus)
    p = gold[["doc_id", "sent_id", "start", "end"]].merge(preds, on=["doc_id", "sent_id"])
    p = p.merge(support, on=["doc_id", "sent_id"], how="left")
    pred_units = pd.DataFrame({
        "doc_id": p.doc_id, "start": p.start, "end": p.end,
        **{t: p.pred_types.map(lambda s, t=t: int(t in s)) for t in CLAIM_TYPES},
        "certainty": [c if types else "" for c, types in zip(p.pred_certainty, p.pred_types,
                                                             strict=True)],
        "has_citation": p.supported.fillna(False).astype(int),
        "has_vague_appeal": (p.vague_appeal.fillna(False) & ~p.supported.fillna(False))
        .astype(int)})
    return score_units(gold_units, pred_units, sorted(gold.doc_id.unique()))


def full_table(gold: GoldCorpus, seed_corpus=None, splits: tuple[str, ...] = ("dev", "test"),
               annotations: str | Path = "data/annotations/seed_sentences.csv") -> pd.DataFrame:
    """Seed LODO (when ``seed_corpus`` is given), the gold splits and the coder ceiling in one
    long table."""
    parts = []
    if seed_corpus is not None:
        parts.append(seed_lodo_table(seed_corpus, annotations).assign(
            set="seeds (LODO, optimistic)"))
    parts.append(evaluation_table(gold, splits))
    out = pd.concat(parts, ignore_index=True)
    return out[["set", "metric", "value", "low", "high", "pages", "units"]]


def pairwise_agreement(gold: GoldCorpus, labels: tuple[str, ...] = (
        "is_claim", *CLAIM_TYPES, "hedged", "has_citation", "has_vague_appeal")
                       ) -> pd.DataFrame:
    """κ and α per label for each pair among the two coders and claimscope, on the units of the
    double-coded pages that both coders cut alike: how close claimscope comes to a coder."""
    pages = sorted(gold.second.doc_id.unique())
    first = gold.first[gold.first.doc_id.isin(pages)]
    shared = first.merge(gold.second[KEY], on=KEY)[KEY]
    coded = {"first": first.merge(shared, on=KEY), "second": gold.second.merge(shared, on=KEY),
             "claimscope": classifier_codes(gold.corpus, shared)}
    rows = []
    for a, b in (("first", "second"), ("claimscope", "first"), ("claimscope", "second")):
        table = agreement(pd.concat([coded[a], coded[b]]), labels=list(labels), coders=[a, b])
        rows.append(table[["label", "units", "kappa", "alpha", "agreement"]]
                    .assign(pair=f"{a} – {b}"))
    out = pd.concat(rows, ignore_index=True)
    return out.pivot(index="label", columns="pair", values="kappa").reindex(list(labels))
