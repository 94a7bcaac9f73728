"""Annotation tools' formats: doccano JSONL and Label Studio JSON, both ways.

A coded unit becomes one span over the page's normalised text carrying the label ``unit`` and
every label the coder gave it (claim types, ``boilerplate``, ``hedged``/``assertive``,
``has_citation``, …); reading a file back gives the same tidy frame as
:func:`~claimscope.coding.sheets.import_sheet`. Offsets are Unicode code points, as Python,
doccano and Label Studio (since 1.x) count them; a Label Studio span whose text does not match
under code points is tried as UTF-16 code units (older exports), so emoji before a span never
shift it. Texts are the normalised texts (``\\n`` line ends), so CRLF pages round-trip too.

>>> import tempfile, pathlib
>>> corpus = cs.load_corpus("seeds/002_0005004e530b3f38.txt", concepts=False)
>>> sheet = coding_frame(corpus, prefill=True)
>>> out = pathlib.Path(tempfile.mkdtemp()) / "units.jsonl"
>>> _ = write_doccano(corpus, sheet, out)
>>> back = read_doccano(out, corpus)
>>> (back[["start", "end", "efficacy"]].to_numpy() == sheet[["start", "end", "efficacy"]]
...  .astype(int).to_numpy()).all()
np.True_
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from claimscope.coding.sheets import BINARY_COLUMNS, coding_frame  # noqa: F401 - doctest
from claimscope.errors import AnnotationError
from claimscope.schema import CERTAINTIES, CLAIM_TYPES

UNIT = "unit"
LABELS = (UNIT, *BINARY_COLUMNS, *CERTAINTIES)


def _labels_of(row) -> list[str]:
    labels = [UNIT]
    for col in BINARY_COLUMNS:
        value = str(row.get(col, "")).strip()
        if value in ("1", "1.0", "True", "true"):
            labels.append(col)
    certainty = str(row.get("certainty", "")).strip()
    if certainty in CERTAINTIES:
        labels.append(certainty)
    return labels


def _units_by_doc(frame: pd.DataFrame) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for row in frame.to_dict("records"):
        out.setdefault(row["doc_id"], []).append(row)
    return out


def write_doccano(corpus, frame: pd.DataFrame, out: str | Path) -> Path:
    """One JSON line per page: ``{"id", "text", "label": [[start, end, label], …], "meta"}``."""
    out = Path(out)
    docs = corpus.documents.set_index("doc_id")
    with open(out, "w", encoding="utf-8", newline="\n") as handle:
        for doc_id, units in _units_by_doc(frame).items():
            spans = [[int(u["start"]), int(u["end"]), label] for u in units
                     for label in _labels_of(u)]
            handle.write(json.dumps({"id": doc_id, "text": corpus.text[doc_id], "label": spans,
                                     "meta": {"doc_id": doc_id,
                                              "doc_sha256": docs.loc[doc_id, "sha256"]}},
                                    ensure_ascii=False) + "\n")
    return out


def write_label_studio(corpus, frame: pd.DataFrame, out: str | Path) -> Path:
    """A Label Studio task list: ``data.text`` per page, each unit a ``labels`` result."""
    out = Path(out)
    docs = corpus.documents.set_index("doc_id")
    tasks = []
    for doc_id, units in _units_by_doc(frame).items():
        text = corpus.text[doc_id]
        result = [{"id": f"u{i}", "from_name": "label", "to_name": "text", "type": "labels",
                   "value": {"start": int(u["start"]), "end": int(u["end"]),
                             "text": text[int(u["start"]):int(u["end"])],
                             "labels": _labels_of(u)}}
                  for i, u in enumerate(units)]
        tasks.append({"data": {"text": text, "doc_id": doc_id,
                               "doc_sha256": docs.loc[doc_id, "sha256"]},
                      "annotations": [{"result": result}]})
    out.write_text(json.dumps(tasks, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return out


def _utf16_to_codepoints(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets counted in UTF-16 code units (JavaScript) → Python code points."""
    units = 0
    out = []
    targets = [start, end]
    for i, ch in enumerate(text + "\0"):
        while targets and units == targets[0]:
            out.append(i)
            targets.pop(0)
        units += 2 if ord(ch) > 0xFFFF else 1
    if len(out) != 2:
        raise ValueError("offsets outside the text")
    return out[0], out[1]


def _tidy(records: list[dict], path: Path, coder: str) -> pd.DataFrame:
    rows = []
    for rec in records:
        labels = set(rec["labels"])
        unknown = labels - set(LABELS)
        if unknown:
            raise AnnotationError(f"{path}: page {rec['doc_id']}, span {rec['start']}–"
                                  f"{rec['end']}: unknown label(s) {sorted(unknown)}")
        certainty = next((c for c in CERTAINTIES if c in labels), "")
        row = {"coder": coder, "sheet": str(path), "row": len(rows), "doc_id": rec["doc_id"],
               "start": rec["start"], "end": rec["end"], "text": rec["text"],
               "resegmented": False, **{c: int(c in labels) for c in BINARY_COLUMNS},
               "certainty": certainty, "comment": ""}
        if any(row[t] for t in CLAIM_TYPES) != bool(certainty):
            raise AnnotationError(f"{path}: page {rec['doc_id']}, span {rec['start']}–"
                                  f"{rec['end']}: a claim needs hedged or assertive, and only "
                                  "a claim has one")
        rows.append(row)
    return pd.DataFrame(rows)


def _check_page(path: Path, corpus, doc_id: str, sha: str | None, text: str) -> None:
    docs = corpus.documents.set_index("doc_id")
    if doc_id not in docs.index:
        raise AnnotationError(f"{path}: page {doc_id!r} is not a document of this corpus")
    if (sha and sha != docs.loc[doc_id, "sha256"]) or text != corpus.text[doc_id]:
        raise AnnotationError(f"{path}: page {doc_id} changed since it was exported")


def read_doccano(path: str | Path, corpus, coder: str | None = None) -> pd.DataFrame:
    """A doccano JSONL export (as :func:`write_doccano` writes it) as a tidy coded frame."""
    path = Path(path)
    spans: dict[tuple[str, int, int], dict] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise AnnotationError(f"{path}: cannot read ({err})") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            doc_id = str(item.get("meta", {}).get("doc_id") or item["id"])
            text = item["text"]
            labels = item.get("label") or item.get("labels") or []
        except (json.JSONDecodeError, KeyError, AttributeError) as err:
            raise AnnotationError(f"{path}: line {n}: not a doccano record ({err})") from None
        _check_page(path, corpus, doc_id, item.get("meta", {}).get("doc_sha256"), text)
        for start, end, label in labels:
            key = (doc_id, int(start), int(end))
            rec = spans.setdefault(key, {"doc_id": doc_id, "start": int(start),
                                         "end": int(end), "text": text[start:end],
                                         "labels": []})
            rec["labels"].append(label)
    return _tidy(sorted(spans.values(), key=lambda r: (r["doc_id"], r["start"])), path,
                 coder or path.stem)


def read_label_studio(path: str | Path, corpus, coder: str | None = None) -> pd.DataFrame:
    """A Label Studio JSON export as a tidy coded frame (the first annotation of each task)."""
    path = Path(path)
    try:
        tasks = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise AnnotationError(f"{path}: not a Label Studio export ({err})") from None
    records = []
    for n, task in enumerate(tasks):
        data = task.get("data", {})
        doc_id, text = data.get("doc_id"), data.get("text", "")
        _check_page(path, corpus, str(doc_id), data.get("doc_sha256"), text)
        annotations = task.get("annotations") or task.get("completions") or []
        if not annotations:
            continue
        for result in annotations[0].get("result", []):
            value = result.get("value", {})
            start, end = int(value["start"]), int(value["end"])
            if "text" in value and text[start:end] != value["text"]:
                try:
                    start, end = _utf16_to_codepoints(text, start, end)
                except ValueError:
                    pass
                if text[start:end] != value["text"]:
                    raise AnnotationError(f"{path}: task {n}, result {result.get('id')}: span "
                                          f"{value['start']}–{value['end']} does not hold "
                                          f"{value['text'][:40]!r}")
            records.append({"doc_id": str(doc_id), "start": start, "end": end,
                            "text": text[start:end], "labels": value.get("labels", [])})
    return _tidy(sorted(records, key=lambda r: (r["doc_id"], r["start"])), path,
                 coder or path.stem)
