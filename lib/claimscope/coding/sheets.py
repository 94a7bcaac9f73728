"""Coding sheets: every unit of a corpus as a row a human coder labels, and the filled sheets back.

A sheet (CSV or Excel) has one row per unit in document order: claimscope's sentences and the
spans it set aside as boilerplate (so a coder sees every character and can disagree), with
``doc_id``, ``start``/``end`` into ``corpus.text``, the page's ``doc_sha256``, a little context
and one column per label of ``data/CODEBOOK.md``. A coder fills the label columns; a coder who
disagrees with the segmentation edits ``text``: splitting a row into two rows with the two
halves, or merging two rows into one, and :func:`import_sheets` finds each row's text again in
the page (in order) and records the new offsets.

>>> corpus = cs.load_corpus("seeds/002_0005004e530b3f38.txt", concepts=False)
>>> sheet = coding_frame(corpus)
>>> row = sheet.iloc[2]
>>> row.doc_id, int(row.start), int(row.end), row.segment, row.text[:30]
('002_0005004e530b3f38', 76, 277, 'paragraph', 'Patiënten over de hele wereld ')
>>> list(sheet.columns[9:13])
['boilerplate', 'efficacy', 'safety', 'mechanism']
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from claimscope.errors import AnnotationError
from claimscope.resources import data_path
from claimscope.schema import CERTAINTIES, CLAIM_TYPES

#: Columns claimscope writes and checks; the coder fills the label columns.
KEY_COLUMNS = ["doc_id", "sent_id", "start", "end", "doc_sha256"]
CONTEXT_COLUMNS = ["segment", "context_before", "text", "context_after"]
FLAG_COLUMNS = ["boilerplate", *CLAIM_TYPES]
LABEL_COLUMNS = [*FLAG_COLUMNS, "certainty", "has_citation", "has_vague_appeal",
                 "citation_needed", "is_reference", "comment"]
BINARY_COLUMNS = [*FLAG_COLUMNS, "has_citation", "has_vague_appeal", "citation_needed",
                  "is_reference"]
SHEET_COLUMNS = [*KEY_COLUMNS, *CONTEXT_COLUMNS, *LABEL_COLUMNS]
CONTEXT_CHARS = 80
_TRUE = {"1", "1.0", "true", "yes", "ja", "x"}
_FALSE = {"", "0", "0.0", "false", "no", "nee", "nan", "none"}


def _context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> tuple[str, str]:
    before = text[max(0, start - width):start].replace("\n", " ⏎ ")
    after = text[end:end + width].replace("\n", " ⏎ ")
    return before, after


def coding_frame(corpus, doc_ids: Sequence[str] | None = None, prefill: bool = False
                 ) -> pd.DataFrame:
    """The sheet as a frame: units and boilerplate spans in document order, labels empty.

    ``prefill=True`` fills the label columns with claimscope's own decisions (for a coder who
    corrects rather than codes from scratch; agreement with such a coder is not independent).
    """
    docs = corpus.documents.set_index("doc_id")
    wanted = list(doc_ids) if doc_ids is not None else list(docs.index)
    rows = []
    claims = corpus.claims.groupby(["doc_id", "sent_id"]) if prefill else None
    claim_keys = set(claims.groups) if prefill else set()
    cites = corpus.citations
    for doc_id in wanted:
        text = corpus.text[doc_id]
        sents = corpus.sentences[corpus.sentences.doc_id == doc_id]
        boiler = corpus.boilerplate[corpus.boilerplate.doc_id == doc_id]
        units = [(int(s.start), int(s.end), int(s.sent_id), s.unit if not s.is_heading
                  else "heading") for s in sents.itertuples()]
        units += [(int(b.start), int(b.end), -1, f"boilerplate:{b.reason}")
                  for b in boiler.itertuples() if b.reason != "markup"]  # bullets, # marks
        units.sort()
        doc_cites = cites[cites.doc_id == doc_id]
        for start, end, sent_id, segment in units:
            before, after = _context(text, start, end)
            row = {"doc_id": doc_id, "sent_id": sent_id, "start": start, "end": end,
                   "doc_sha256": docs.loc[doc_id, "sha256"], "segment": segment,
                   "context_before": before, "text": text[start:end],
                   "context_after": after, **{c: "" for c in LABEL_COLUMNS}}
            if prefill:
                row["boilerplate"] = 1 if segment.startswith("boilerplate") else 0
                types = set()
                certainty = ""
                if (doc_id, sent_id) in claim_keys:
                    group = claims.get_group((doc_id, sent_id))
                    types = set(group.claim_type)
                    certainty = group.certainty.iloc[0]
                for t in CLAIM_TYPES:
                    row[t] = int(t in types)
                row["certainty"] = certainty
                mine = doc_cites[doc_cites.sent_id == sent_id] if sent_id >= 0 else doc_cites[:0]
                row["has_citation"] = int(mine.kind.isin(("marker", "url", "reference")).any())
                row["has_vague_appeal"] = int((mine.kind == "vague_appeal").any())
                row["citation_needed"] = int((mine.kind == "citation_needed").any())
                row["is_reference"] = int((mine.kind == "reference").any())
            rows.append(row)
    frame = pd.DataFrame(rows, columns=SHEET_COLUMNS)
    # label cells take 1, "1" or "" alike (a str column would refuse a coder's integer)
    return frame.astype({c: object for c in LABEL_COLUMNS})


def _codebook_lines() -> list[str]:
    for candidate in (Path("data/CODEBOOK.md"), data_path("CODEBOOK.md")):
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8").splitlines()
    return ["See data/CODEBOOK.md"]


def _write_xlsx(frame: pd.DataFrame, out: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = "units"
    sheet.append(list(frame.columns))
    for r, values in enumerate(frame.itertuples(index=False), start=2):
        sheet.append(list(values))
        for cell in sheet[r]:
            # a value, never a formula: a page's "=HYPERLINK(…)" stays text in the sheet
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    last = len(frame) + 1
    binary = DataValidation(type="list", formula1='"0,1"', allow_blank=True,
                            error="Enter 1 (yes) or 0 / leave empty (no)")
    certainty = DataValidation(type="list", formula1='"' + ",".join(CERTAINTIES) + '"',
                               allow_blank=True, error="hedged or assertive (claims only)")
    sheet.add_data_validation(binary)
    sheet.add_data_validation(certainty)
    for i, name in enumerate(frame.columns, 1):
        letter = sheet.cell(row=1, column=i).column_letter
        if name in BINARY_COLUMNS:
            binary.add(f"{letter}2:{letter}{last}")
        elif name == "certainty":
            certainty.add(f"{letter}2:{letter}{last}")
        width = {"text": 80, "context_before": 30, "context_after": 30, "comment": 30,
                 "doc_id": 24, "doc_sha256": 12}.get(name, max(6, len(name) + 1))
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2, min_col=frame.columns.get_loc("text") + 1,
                               max_col=frame.columns.get_loc("text") + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    guide = book.create_sheet("codebook")
    for line in _codebook_lines():
        guide.append([line])
    guide.column_dimensions["A"].width = 140
    book.save(out)


def export_sheet(corpus, out: str | Path, doc_ids: Sequence[str] | None = None,
                 prefill: bool = False) -> Path:
    """Write the coding sheet for ``corpus`` to ``out`` (``.xlsx`` or ``.csv``).

    The Excel sheet has a frozen header, drop-downs (0/1, hedged/assertive) and a second sheet
    with the codebook. Returns the path.
    """
    out = Path(out)
    frame = coding_frame(corpus, doc_ids, prefill)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".xlsx":
        _write_xlsx(frame, out)
    elif out.suffix.lower() == ".csv":
        frame.to_csv(out, index=False, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    else:
        raise AnnotationError(f"{out}: a coding sheet is .xlsx or .csv, not {out.suffix!r}")
    return out


def _read_table(path: Path) -> pd.DataFrame:
    try:
        if path.suffix.lower() == ".xlsx":
            frame = pd.read_excel(path, sheet_name="units", dtype=str, keep_default_na=False)
        else:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise AnnotationError(f"{path}: coding sheet not found") from None
    except (ValueError, OSError, csv.Error) as err:
        raise AnnotationError(f"{path}: not a readable coding sheet ({err})") from None
    missing = [c for c in [*KEY_COLUMNS, "text", *LABEL_COLUMNS] if c not in frame.columns]
    if missing:
        raise AnnotationError(f"{path}: missing column(s) {', '.join(missing)}")
    return frame


def _binary(value: str, path: Path, row: int, column: str) -> int:
    v = str(value).strip().lower()
    if v in _TRUE:
        return 1
    if v in _FALSE:
        return 0
    raise AnnotationError(f"{path}: row {row}, column {column}: {value!r} is not 1 or 0 "
                          "(empty means 0)")


def _align(frame: pd.DataFrame, texts: dict[str, str], path: Path) -> list[tuple[int, int, bool]]:
    """Offsets per row: kept when ``text`` still equals the page there, else found again after
    the previous row (a coder split or merged units)."""
    spans = []
    cursor: dict[str, int] = {}
    for i, row in enumerate(frame.itertuples(index=False), start=2):
        text = texts[row.doc_id]
        unit = row.text
        try:
            start, end = int(row.start), int(row.end)
        except ValueError:
            start, end = -1, -1
        if not unit.strip():
            raise AnnotationError(f"{path}: row {i}, column text: empty")
        if 0 <= start <= end <= len(text) and text[start:end] == unit:
            spans.append((start, end, False))
        else:
            found = text.find(unit, cursor.get(row.doc_id, 0))
            if found < 0:
                raise AnnotationError(
                    f"{path}: row {i}, column text: {unit[:60]!r} is not in page {row.doc_id} "
                    f"after the previous row (edit units only by splitting or merging their "
                    f"text, in order)")
            spans.append((found, found + len(unit), True))
        cursor[row.doc_id] = spans[-1][1]
    return spans


def import_sheet(path: str | Path, corpus, coder: str | None = None) -> pd.DataFrame:
    """One filled sheet as a tidy frame, every value validated against the corpus.

    Columns: ``coder, sheet, row, doc_id, start, end, text, resegmented`` and the label columns
    (0/1 integers, ``certainty`` hedged|assertive|"", ``comment``). Raises
    :class:`~claimscope.errors.AnnotationError` naming the file, row and column of the first bad
    value, a page whose sha256 changed, or a unit that is not in its page.
    """
    path = Path(path)
    frame = _read_table(path)
    docs = corpus.documents.set_index("doc_id")
    for i, row in enumerate(frame.itertuples(index=False), start=2):
        if row.doc_id not in docs.index:
            raise AnnotationError(f"{path}: row {i}, column doc_id: {row.doc_id!r} is not a "
                                  "document of this corpus")
        if row.doc_sha256 != docs.loc[row.doc_id, "sha256"]:
            raise AnnotationError(f"{path}: row {i}, column doc_sha256: page {row.doc_id} "
                                  "changed since the sheet was exported (sha256 differs)")
    out = {"coder": coder or path.stem, "sheet": str(path)}
    records = []
    spans = _align(frame, corpus.text, path)
    for i, (row, (start, end, moved)) in enumerate(
            zip(frame.to_dict("records"), spans, strict=True), start=2):
        rec = {**out, "row": i, "doc_id": row["doc_id"], "start": start, "end": end,
               "text": row["text"], "resegmented": moved}
        for col in BINARY_COLUMNS:
            rec[col] = _binary(row[col], path, i, col)
        certainty = str(row["certainty"]).strip().lower()
        is_claim = any(rec[t] for t in CLAIM_TYPES)
        if certainty not in ("", *CERTAINTIES):
            raise AnnotationError(f"{path}: row {i}, column certainty: {row['certainty']!r} is "
                                  "not hedged or assertive")
        if is_claim and not certainty:
            raise AnnotationError(f"{path}: row {i}, column certainty: a claim needs hedged or "
                                  "assertive")
        if certainty and not is_claim:
            raise AnnotationError(f"{path}: row {i}, column certainty: set, but the row has no "
                                  "claim type")
        if rec["boilerplate"] and is_claim:
            raise AnnotationError(f"{path}: row {i}: marked boilerplate and a claim; boilerplate "
                                  "units are not coded")
        rec["certainty"] = certainty
        rec["comment"] = str(row["comment"])
        records.append(rec)
    tidy = pd.DataFrame(records)
    overlap = tidy.sort_values(["doc_id", "start"]).groupby("doc_id").apply(
        lambda g: (g.start.to_numpy()[1:] < g.end.to_numpy()[:-1]).any(), include_groups=False)
    if len(overlap) and overlap.any():
        raise AnnotationError(f"{path}: units of {overlap[overlap].index[0]} overlap")
    return tidy


def import_sheets(paths: Iterable[str | Path], corpus, coders: Sequence[str] | None = None
                  ) -> pd.DataFrame:
    """Several filled sheets (one per coder, or batches of one coder) as one tidy frame."""
    paths = list(paths)
    names = list(coders) if coders is not None else [None] * len(paths)
    if len(names) != len(paths):
        raise AnnotationError("give one coder name per sheet")
    frames = [import_sheet(p, corpus, c) for p, c in zip(paths, names, strict=True)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def claim_types_of(frame: pd.DataFrame) -> pd.Series:
    """The ``;``-joined claim types of each coded row (as in the annotation files)."""
    return frame[list(CLAIM_TYPES)].apply(
        lambda r: ";".join(t for t in CLAIM_TYPES if r[t]), axis=1)


def sheet_sha256(path: str | Path) -> str:
    """The sha256 of a file (to record a split or a sheet's exact version)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
