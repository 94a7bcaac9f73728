"""Public benchmarks that fit claimscope's outputs, read from a folder the user gives.

Nothing is downloaded: point ``CLAIMSCOPE_BENCHMARKS`` (or ``--benchmarks``) at a folder with

- ``checkthat/CT22_dutch_1B_claim_{train,dev_test}.tsv`` — CheckThat! 2022 task 1B Dutch
  (github:ebekort/Tweet-Classification, ``CT22_dutch_1B_claim/``);
- ``ud/nl_alpino-ud-test.conllu``, ``ud/en_ewt-ud-test.conllu`` — Universal Dependencies
  (github:UniversalDependencies/UD_Dutch-Alpino, UD_English-EWT; CC BY-SA 4.0);
- ``anystyle/gold.xml`` (and ``core.xml`` to develop on) — AnyStyle's labelled references
  (github:inukshuk/anystyle, ``res/parser/``; BSD-2-Clause).

Each scorer reports its figure with a bootstrap 95 % interval and the baseline it must beat,
computed in the same run; a missing file gives a row that says so instead of a number.

>>> paragraphs = ud_paragraphs(["# newpar", "# text = Het werkt.", "1\\tHet", "",
...                             "# text = Echt waar.", "1\\tEcht", ""])
>>> paragraphs
[('Het werkt. Echt waar.', [(0, 10), (11, 21)])]
>>> round(reference_field_match("Smith", "J. Smith"), 1)
1.0
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from claimscope.evaluation.bootstrap import f1_interval, mean_interval

ENV = "CLAIMSCOPE_BENCHMARKS"


def benchmark_folder(path: str | Path | None = None) -> Path | None:
    """The benchmark folder: ``path``, else ``$CLAIMSCOPE_BENCHMARKS``, else None."""
    chosen = path or os.environ.get(ENV)
    return Path(chosen) if chosen else None


def _missing(name: str, file: Path) -> dict:
    return {"benchmark": name, "metric": "—", "value": np.nan, "low": np.nan, "high": np.nan,
            "n": 0, "baseline": "", "note": f"skipped: {file} not found"}


# --- CheckThat! 2022 1B Dutch -----------------------------------------------------------------

def read_checkthat(path: Path) -> pd.DataFrame:
    """A CheckThat! 1B TSV (``tweet_id, tweet_text, class_label``)."""
    frame = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, quoting=3)
    return frame.assign(label=frame.class_label.astype(int))


def checkthat(folder: Path, corpus_kwargs: dict | None = None) -> list[dict]:
    """Accuracy of "any claim type" on dev_test; majority and n-gram baselines on train."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    from claimscope.claims.classify import claims_frame
    from claimscope.claims.codebook import load_codebook
    from claimscope.corpus import resolve_settings
    from claimscope.pipeline import parse_document
    from claimscope.schema import frame

    train_file = folder / "checkthat" / "CT22_dutch_1B_claim_train.tsv"
    test_file = folder / "checkthat" / "CT22_dutch_1B_claim_dev_test.tsv"
    for f in (train_file, test_file):
        if not f.is_file():
            return [_missing("CheckThat! 2022 1B nl", f)]
    train, test = read_checkthat(train_file), read_checkthat(test_file)
    settings = resolve_settings(**(corpus_kwargs or {}), concepts=False)
    rows = []
    for i, text in enumerate(test.tweet_text):
        doc = parse_document(f"t{i}", text, settings.rules, settings.cues)
        rows.extend(doc.sentences)
    sentences = frame("sentences", rows)
    sentences["language"] = "nl"  # the task's tweets are Dutch; short ones inherit nothing
    claims = claims_frame(sentences, frame("citations", []), settings.book or load_codebook(),
                          settings.model, settings.claim_method)
    claimed = {int(d[1:]) for d in claims.doc_id.unique()}
    predicted = np.array([i in claimed for i in range(len(test))], dtype=int)
    correct = (predicted == test.label.to_numpy()).astype(float)
    majority = int(train.label.mode().iloc[0])
    base_major = (test.label.to_numpy() == majority).astype(float)
    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
    model = LogisticRegression(max_iter=2000, solver="liblinear").fit(
        vec.fit_transform(train.tweet_text), train.label)
    base_ngram = (model.predict(vec.transform(test.tweet_text)) == test.label).astype(float)
    acc = mean_interval(correct)
    return [{"benchmark": "CheckThat! 2022 1B nl (dev_test)", "metric": "accuracy",
             "value": acc[0], "low": acc[1], "high": acc[2], "n": len(test),
             "baseline": f"majority {base_major.mean():.3f}; n-gram LR on train "
                         f"{base_ngram.mean():.3f}",
             "note": "a tweet is a claim when any of its sentences has a claim type"}]


# --- Universal Dependencies: sentence units per paragraph --------------------------------------

def ud_paragraphs(lines: Iterable[str]) -> list[tuple[str, list[tuple[int, int]]]]:
    """Paragraphs rebuilt from CoNLL-U: their text (sentences joined by one space) and the gold
    sentence spans. A paragraph starts at ``# newpar``/``# newdoc`` or, where a treebank has
    none (Alpino), when the ``.p.N`` part of ``sent_id`` changes."""
    paragraphs: list[tuple[str, list[tuple[int, int]]]] = []
    current: list[str] = []
    last_par = None
    new = False

    def flush():
        if current:
            spans, pos = [], 0
            for s in current:
                spans.append((pos, pos + len(s)))
                pos += len(s) + 1
            paragraphs.append((" ".join(current), spans))
            current.clear()

    for line in lines:
        if line.startswith(("# newpar", "# newdoc")):
            new = True
        elif line.startswith("# sent_id"):
            m = re.search(r"(.*\.p\.\d+)\.s\.\d+", line)
            par = m.group(1) if m else None
            if par is not None and par != last_par:
                new = True
            last_par = par
        elif line.startswith("# text = "):
            if new:
                flush()
                new = False
            current.append(line[len("# text = "):].strip())
    flush()
    return paragraphs


def _span_counts(gold: list[list[tuple[int, int]]], pred: list[list[tuple[int, int]]]
                 ) -> pd.DataFrame:
    rows = []
    for g, p in zip(gold, pred, strict=True):
        gs, ps = set(g), set(p)
        rows.append({"tp": len(gs & ps), "fp": len(ps - gs), "fn": len(gs - ps)})
    return pd.DataFrame(rows)


def ud(folder: Path) -> list[dict]:
    """Sentence-unit F1 per treebank: claimscope's units vs spaCy's bare sentencizer."""
    import spacy

    from claimscope.parse.boilerplate import load_rules
    from claimscope.pipeline import parse_document

    rules = load_rules()
    rows = []
    for name, file, lang in (("UD Dutch-Alpino test", "nl_alpino-ud-test.conllu", "nl"),
                             ("UD English-EWT test", "en_ewt-ud-test.conllu", "en")):
        path = folder / "ud" / file
        if not path.is_file():
            rows.append(_missing(name, path))
            continue
        paragraphs = ud_paragraphs(path.read_text(encoding="utf-8").splitlines())
        gold = [spans for _, spans in paragraphs]
        ours = []
        for i, (text, _) in enumerate(paragraphs):
            doc = parse_document(f"p{i}", text, rules)
            ours.append([(s["start"], s["end"]) for s in doc.sentences])
        nlp = spacy.blank(lang)
        nlp.add_pipe("sentencizer")
        base = []
        for doc in nlp.pipe(t for t, _ in paragraphs):
            spans = []
            for s in doc.sents:
                a, b = s.start_char, s.end_char
                while b > a and doc.text[b - 1].isspace():
                    b -= 1
                spans.append((a, b))
            base.append(spans)
        f1 = f1_interval(_span_counts(gold, ours))
        b = f1_interval(_span_counts(gold, base))
        rows.append({"benchmark": name, "metric": "unit F1 (exact spans, per paragraph)",
                     "value": f1[0], "low": f1[1], "high": f1[2],
                     "n": sum(len(g) for g in gold),
                     "baseline": f"spaCy sentencizer {b[0]:.3f} [{b[1]:.3f}–{b[2]:.3f}]",
                     "note": f"{len(paragraphs)} paragraphs"})
    return rows


# --- AnyStyle labelled references ---------------------------------------------------------------

def _norm(text: str | None) -> str:
    text = unicodedata.normalize("NFKD", text if isinstance(text, str) else "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


def reference_field_match(found: str | None, gold: str | None) -> float:
    """1.0 when two field values agree after normalisation (case, accents, punctuation) or are
    nearly equal (difflib ratio ≥ 0.9), or when a one-word value (a family name) is a word of
    the other; else 0.0."""
    a, b = _norm(found), _norm(gold)
    if not a or not b:
        return 0.0
    if a == b or difflib.SequenceMatcher(None, a, b).ratio() >= 0.9:
        return 1.0
    if " " not in a and a in b.split():
        return 1.0
    return 0.0


def gold_first_author(authors: str) -> str:
    """The first author's family name in an AnyStyle ``<author>`` string."""
    text = re.sub(r"\s+", " ", authors).strip(" .,;")
    first = re.split(r";|&| and | et al|, (?=[A-Z][a-z]+,)", text)[0].strip(" .,")
    if "," in first:
        head = first.split(",")[0].strip()
        # Vancouver "Koes BW": the family name before the initials
        return re.sub(r"\s+(?:[A-Z]{1,3}|(?:[A-Z]\.)+)$", "", head)
    words = [w for w in first.split() if not re.fullmatch(r"(?:[A-Z]\.?-?)+", w)]
    return words[-1] if words else first


def read_anystyle(path: Path) -> pd.DataFrame:
    """One row per ``<sequence>``: the reference string and the gold fields."""
    root = ElementTree.parse(path).getroot()
    rows = []
    for seq in root.iter("sequence"):
        parts, fields = [], {}
        for el in seq:
            text = " ".join((el.text or "").split())
            if not text:
                continue
            parts.append(text)
            fields.setdefault(el.tag, text)
        date = re.search(r"(1[5-9]|20)\d{2}", fields.get("date", ""))
        venue = fields.get("journal") or fields.get("container-title")
        rows.append({"string": " ".join(parts),
                     "first_author": gold_first_author(fields["author"])
                     if "author" in fields else None,
                     "year": int(date.group()) if date else None,
                     "title": fields.get("title", "").strip(" .,“”\"") or None,
                     "venue": re.sub(r"^In:?\s+", "", venue).strip(" .,") if venue else None})
    return pd.DataFrame(rows)


def reference_scores(gold: pd.DataFrame, parsed: list[dict], name: str,
                     baseline: dict[str, str] | None = None) -> list[dict]:
    """Field accuracy rows of ``parsed`` (one dict per gold row) against ``gold``
    (:func:`read_anystyle`): first author, year (exact), title and venue."""
    found = pd.DataFrame(parsed, columns=["authors", "year", "title", "venue"])
    first = found.authors.fillna("").str.split("; ").str[0]
    rows = []
    for field, ours in (("first_author", first), ("year", found.year),
                        ("title", found.title), ("venue", found.venue)):
        has = gold[field].notna().to_numpy()
        if field == "year":
            hits = [float(o == g) for o, g in zip(ours[has], gold[field][has], strict=True)]
        else:
            hits = [reference_field_match(o, g)
                    for o, g in zip(ours[has], gold[field][has], strict=True)]
        acc = mean_interval(np.array(hits))
        target = {"first_author": "target 0.90", "year": "target 0.99",
                  "title": "target 0.85", "venue": "target 0.80"}[field]
        rows.append({"benchmark": name, "metric": f"{field} accuracy",
                     "value": acc[0], "low": acc[1], "high": acc[2], "n": int(has.sum()),
                     "baseline": target + (f"; {baseline[field]}" if baseline else ""),
                     "note": "references with that field in the gold"})
    return rows


def anystyle(folder: Path, part: str = "gold") -> list[dict]:
    """Field accuracy of :func:`~claimscope.citations.references.parse_reference` (the CRF),
    with the regex parser's (:mod:`~claimscope.citations.reference_rules`) as the baseline; when
    ``core.xml`` (the CRF's training data) is present, also on the gold strings not in it."""
    from claimscope.citations.reference_rules import parse_reference_rules
    from claimscope.citations.references import parse_reference

    path = folder / "anystyle" / f"{part}.xml"
    if not path.is_file():
        return [_missing(f"AnyStyle {part}.xml", path)]
    gold = read_anystyle(path)
    rules_parsed = [parse_reference_rules(s) for s in gold.string]
    rules = reference_scores(gold, rules_parsed, "rules")
    base = {r["metric"].split()[0]: f"regex parser {r['value']:.3f} [{r['low']:.3f}–"
            f"{r['high']:.3f}]" for r in rules}
    parsed = [parse_reference(s) for s in gold.string]
    rows = reference_scores(gold, parsed, f"AnyStyle {part}.xml", base)
    core = folder / "anystyle" / "core.xml"
    if part != "core" and core.is_file():  # the parser trains on core.xml: score the rest too
        seen = {_norm(s) for s in read_anystyle(core).string}
        new = np.array([_norm(s) not in seen for s in gold.string])
        kept = gold[new].reset_index(drop=True)
        base = {r["metric"].split()[0]: f"regex parser {r['value']:.3f} [{r['low']:.3f}–"
                f"{r['high']:.3f}]" for r in reference_scores(
                    kept, [p for p, k in zip(rules_parsed, new, strict=True) if k], "rules")}
        rows += reference_scores(kept, [p for p, k in zip(parsed, new, strict=True) if k],
                                 f"AnyStyle {part}.xml, strings not in core.xml", base)
    return rows


def run_benchmarks(folder: str | Path | None = None) -> pd.DataFrame:
    """Every benchmark whose files are present (rows saying 'skipped' for the others)."""
    root = benchmark_folder(folder)
    if root is None:
        return pd.DataFrame([{"benchmark": "public benchmarks", "metric": "—", "value": np.nan,
                              "low": np.nan, "high": np.nan, "n": 0, "baseline": "",
                              "note": f"skipped: set {ENV} or pass --benchmarks DIR"}])
    rows = checkthat(root) + ud(root) + anystyle(root)
    return pd.DataFrame(rows)
