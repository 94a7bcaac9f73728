"""Train the reference parser's CRF and write it as data: ``make references``.

The training set is AnyStyle's ``core.xml`` (BSD-2-Clause; from the benchmark folder, never
downloaded) plus claimscope's own labelled references in ``data/annotations/references.xml``
(the 82 strings of the reference fixture and Dutch and Spanish references written for it), all in
AnyStyle's XML format. python-crfsuite fits a linear-chain CRF with L-BFGS and fixed parameters
(single-threaded, no random state), so the same files give the same weights; the weights are
written by :func:`claimscope.citations.crf.save_model` with fixed zip dates, so the same weights
give the same bytes. ``--folds K`` also reports K-fold cross-validated field accuracy on
``core.xml`` (folds by position; each fold's model is trained on the other folds plus the
project's own references) with the same scoring as the gold benchmark.

Run ``python -m claimscope.citations.train_references --benchmarks DIR [--folds 5]``.

>>> seqs = read_labelled_text('<dataset><sequence><author>Koes BW.</author>'
...                           '<title>Sciatica.</title></sequence></dataset>')
>>> seqs[0]
(['Koes', 'BW.', 'Sciatica.'], ['author', 'author', 'title'])
"""

from __future__ import annotations

import argparse
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import numpy as np
import pandas as pd

from claimscope.citations.crf import (
    MODEL_FILE,
    ReferenceModel,
    model_arrays,
    model_from_arrays,
    save_model,
    token_features,
    tokenize,
)
from claimscope.errors import ReferenceModelError
from claimscope.resources import data_path

PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 300, "feature.possible_transitions": True}
OWN = Path("data/annotations/references.xml")
# AnyStyle's rarer labels folded into the ones the parser maps to fields
MERGE = {"director": "author", "producer": "author", "medium": "note", "dataset": "note",
         "source": "note", "isbn": "note"}

Sequence = tuple[list[str], list[str]]


def read_labelled_text(xml: str) -> list[Sequence]:
    """Tokens and labels of every ``<sequence>`` in AnyStyle's XML format."""
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as err:
        raise ReferenceModelError(f"labelled references: not valid XML: {err}") from None
    out = []
    for seq in root.iter("sequence"):
        tokens, labels = [], []
        for el in seq:
            label = MERGE.get(el.tag, el.tag)
            for tok, _, _ in tokenize(" ".join((el.text or "").split())):
                tokens.append(tok)
                labels.append(label)
        if tokens:
            out.append((tokens, labels))
    return out


def read_labelled(path: str | Path) -> list[Sequence]:
    """:func:`read_labelled_text` of a file."""
    file = Path(path)
    if not file.is_file():
        raise ReferenceModelError(f"{file}: labelled references not found")
    return read_labelled_text(file.read_text(encoding="utf-8"))


def train_arrays(seqs: list[Sequence], params: dict | None = None) -> dict[str, np.ndarray]:
    """The arrays of a CRF fitted on ``seqs`` (crfsuite, L-BFGS, :data:`PARAMS`)."""
    import tempfile

    import pycrfsuite

    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    for tokens, labels in seqs:
        trainer.append(pycrfsuite.ItemSequence(token_features(tokens)), labels)
    trainer.set_params(params or PARAMS)
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "model.crfsuite")
        trainer.train(path)
        tagger = pycrfsuite.Tagger()
        tagger.open(path)
        info = tagger.info()
        tagger.close()
    return model_arrays(list(info.labels), info.state_features, info.transitions)


def train(seqs: list[Sequence], params: dict | None = None) -> ReferenceModel:
    """A :class:`~claimscope.citations.crf.ReferenceModel` fitted on ``seqs``."""
    return model_from_arrays(train_arrays(seqs, params), "trained")


def cross_validate(core: list[Sequence], gold: pd.DataFrame, own: list[Sequence],
                   folds: int = 5) -> pd.DataFrame:
    """Field accuracy on ``core.xml`` by ``folds``-fold cross-validation (scored like gold)."""
    from claimscope.citations.references import parse_reference
    from claimscope.evaluation.benchmarks import reference_scores

    fold = np.arange(len(core)) % folds
    parsed: list[dict] = [{}] * len(core)
    for k in range(folds):
        model = train([s for s, f in zip(core, fold, strict=True) if f != k] + own)
        for i in np.flatnonzero(fold == k):
            parsed[i] = parse_reference(gold.string[i], model=model)
    return pd.DataFrame(reference_scores(gold, parsed, f"AnyStyle core.xml ({folds}-fold CV)"))


def main(argv: list[str] | None = None) -> int:
    """Train on core.xml + the project's references; write ``data/reference_model.npz``."""
    from claimscope.evaluation.benchmarks import read_anystyle

    parser = argparse.ArgumentParser(prog="python -m claimscope.citations.train_references")
    parser.add_argument("--benchmarks", required=True, help="folder with anystyle/core.xml")
    parser.add_argument("--own", default=str(OWN), help="the project's labelled references")
    parser.add_argument("--out", default=str(data_path(MODEL_FILE)))
    parser.add_argument("--folds", type=int, default=0, help="also cross-validate on core.xml")
    args = parser.parse_args(argv)
    core_file = Path(args.benchmarks) / "anystyle" / "core.xml"
    try:
        core, own = read_labelled(core_file), read_labelled(args.own)
        if args.folds:
            scores = cross_validate(core, read_anystyle(core_file), own, args.folds)
            print(scores[["benchmark", "metric", "value", "low", "high", "n"]].to_string(
                index=False))
        out = save_model(train_arrays(core + own), args.out)
    except (ReferenceModelError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"wrote {out} ({len(core)} core.xml + {len(own)} own references)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
