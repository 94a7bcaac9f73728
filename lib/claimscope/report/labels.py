"""Short, unique labels for sources in figures, and the legend that maps them back.

A figure cannot show ``004_4b71cad2ac6b4f72`` or a 70-character title on an axis. A source's
label is the user's own (a mapping or a CSV of ``doc_id,label``), else its title shortened at
a word boundary with an ellipsis, else its file name; labels that would repeat get ``(2)``,
``(3)``, … . :func:`source_legend` is the table that maps each label to the doc_id and the full
title, shown once in the corpus overview.

>>> docs = pd.DataFrame({"doc_id": ["a_1", "b_2", "c_3"],
...                      "title": ["Wat is neuraaltherapie precies en hoe werkt het?",
...                                "Kurkuma", "Kurkuma"]})
>>> source_labels(docs, width=22).tolist()
['Wat is neuraaltherapie…', 'Kurkuma', 'Kurkuma (2)']
>>> source_labels(docs, mapping={"b_2": "shop B"}).tolist()
['Wat is neuraaltherapie precies…', 'shop B', 'Kurkuma']
>>> shorten("$20 voor een sessie van een uur", 12)
'$20 voor een…'
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

#: Longest label, in characters (a title is cut at a word boundary before it, with "…").
WIDTH = 30


def shorten(text: str, width: int = WIDTH) -> str:
    """``text`` on one line, cut to at most ``width`` characters plus "…" when it is longer."""
    text = " ".join(str(text).split())
    if len(text) <= width:
        return text
    cut = text[:width + 1].rsplit(" ", 1)[0] if " " in text[:width + 1] else text[:width]
    if len(cut) < width // 2:  # one long word: cut inside it
        cut = text[:width]
    return cut.rstrip(" ,;:-–") + "…"


def read_label_file(path: str | Path) -> dict[str, str]:
    """A CSV with columns ``doc_id`` and ``label`` as a mapping (a clear error otherwise)."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"doc_id", "label"} - set(frame.columns)
    if missing:
        raise ValueError(f"{path}: needs the columns doc_id and label (missing: "
                         f"{', '.join(sorted(missing))})")
    return dict(zip(frame.doc_id, frame.label, strict=True))


def source_labels(documents: pd.DataFrame, mapping: Mapping[str, str] | str | Path | None = None,
                  width: int = WIDTH) -> pd.Series:
    """One unique short label per document (index: ``doc_id``), in the frame's order.

    ``documents`` is ``corpus.documents`` (``doc_id`` and ``title``); ``mapping`` a dict or a
    CSV path of ``doc_id,label`` whose labels win (shortened to ``width`` too).
    """
    if isinstance(mapping, str | Path):
        mapping = read_label_file(mapping)
    mapping = mapping or {}
    raw = []
    for doc_id, title in zip(documents.doc_id, documents.get("title", documents.doc_id),
                             strict=True):
        text = mapping.get(doc_id) or (title if isinstance(title, str) and title.strip()
                                       else doc_id)
        raw.append(shorten(text, width))
    seen: dict[str, int] = {}
    labels = []
    for label in raw:
        seen[label] = seen.get(label, 0) + 1
        labels.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return pd.Series(labels, index=pd.Index(documents.doc_id, name="doc_id"), name="label")


def source_legend(documents: pd.DataFrame, labels: pd.Series) -> pd.DataFrame:
    """The label → doc_id and full title table that goes with :func:`source_labels`.

    >>> docs = pd.DataFrame({"doc_id": ["a_1"], "title": ["Kurkuma tegen pijn"]})
    >>> source_legend(docs, source_labels(docs)).to_dict("records")
    [{'label': 'Kurkuma tegen pijn', 'doc_id': 'a_1', 'title': 'Kurkuma tegen pijn'}]
    """
    return pd.DataFrame({"label": labels.reindex(documents.doc_id).to_numpy(),
                         "doc_id": documents.doc_id.to_numpy(),
                         "title": documents.title.fillna("").to_numpy()})


def label_of(labels: Mapping[str, str] | pd.Series | None, doc_id: str) -> str:
    """The label of ``doc_id`` (its short id when ``labels`` has none)."""
    if labels is not None and doc_id in labels:
        return str(labels[doc_id])
    return short_id(doc_id)


def literal(text: object) -> str:
    """``text`` as a label matplotlib draws as it is (every ``$`` escaped: no mathtext).

    >>> print(literal("$20 … $30"), literal(3))
    \\$20 … \\$30 3
    """
    return str(text).replace("$", r"\$")


def short_id(doc_id: str) -> str:
    """'000_aa4e54722d6168bb' → '000'; other ids are cut to 18 characters with "…".

    >>> short_id("000_aa4e54722d6168bb"), short_id("g001_natuurlijkpresteren")
    ('000', 'g001_natuurlijkpre…')
    """
    head = doc_id.split("_", 1)[0]
    if head.isdigit():
        return head
    return doc_id if len(doc_id) <= 18 else doc_id[:18] + "…"
