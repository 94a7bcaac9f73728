"""The coding loop: export → fill → import → agreement, on real seed text and messy fixtures."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import claimscope as cs
from claimscope.coding import (
    coding_frame,
    export_sheet,
    import_sheet,
    read_doccano,
    read_label_studio,
    write_doccano,
    write_label_studio,
)
from claimscope.errors import AnnotationError
from claimscope.evaluation.agreement import agreement, classifier_codes

from .conftest import SEEDS

SEED = SEEDS / "003_0f5ae677359d74ec.txt"


@pytest.fixture(scope="module")
def seed():
    return cs.load_corpus(SEED)


@pytest.fixture(scope="module")
def messy(tmp_path_factory):
    """A page with emoji, CRLF line ends and an HTML page (text derived by trafilatura)."""
    root = tmp_path_factory.mktemp("messy")
    (root / "emoji.txt").write_bytes(
        "Onze kuur 🌿💪 helpt echt tegen rugpijn.\r\nBel ons vandaag nog! 😀 Het is veilig."
        "\r\n\r\nStudies tonen aan dat het werkt.\r\n".encode())
    (root / "page.html").write_text(
        "<html><body><nav>Home | Shop</nav><article><h1>Kurkuma</h1><p>Kurkuma remt "
        "ontstekingen [1]. Het kan helpen bij artrose 👍 volgens sommigen.</p><p>Koop nu met "
        "10% korting!</p></article></body></html>", encoding="utf-8")
    return cs.load_corpus(root)


def _fill(frame: pd.DataFrame) -> pd.DataFrame:
    """A coder's work: efficacy + assertive on every unit that says 'helpt' or 'werkt'."""
    out = frame.copy()
    hit = out.text.str.contains("helpt|werkt|helpen", regex=True)
    out.loc[hit, "efficacy"] = 1
    out.loc[hit, "certainty"] = "assertive"
    return out


def test_sheet_rows_cover_units_and_boilerplate_in_order(seed):
    sheet = coding_frame(seed)
    text = seed.text["003_0f5ae677359d74ec"]
    assert len(sheet) == len(seed.sentences) + len(seed.boilerplate)
    assert (sheet.start.diff().dropna() > 0).all()
    for row in sheet.itertuples():
        assert text[row.start:row.end] == row.text
    assert sheet.segment.str.startswith("boilerplate").sum() == len(seed.boilerplate)
    assert (sheet[["efficacy", "certainty", "has_citation"]] == "").all().all()


def test_xlsx_has_dropdowns_frozen_header_and_the_codebook(seed, tmp_path):
    from openpyxl import load_workbook

    out = export_sheet(seed, tmp_path / "sheet.xlsx")
    book = load_workbook(out)
    units = book["units"]
    assert units.freeze_panes == "A2"
    assert [c.value for c in units[1]][:4] == ["doc_id", "sent_id", "start", "end"]
    lists = {dv.formula1 for dv in units.data_validations.dataValidation}
    assert '"0,1"' in lists and '"hedged,assertive"' in lists
    assert any("certainty" in str(row[0].value).lower() for row in book["codebook"].iter_rows())


def test_round_trip_prefilled_sheet_equals_claimscope(seed, tmp_path):
    """Export with claimscope's codes, import, and the codes come back unchanged."""
    for suffix in ("xlsx", "csv"):
        out = export_sheet(seed, tmp_path / f"pre.{suffix}", prefill=True)
        tidy = import_sheet(out, seed, coder="pre")
        mine = classifier_codes(seed, tidy)
        both = pd.concat([tidy, mine])
        table = agreement(both, labels=["is_claim", "safety", "efficacy", "has_citation"])
        assert (table.agreement == 1.0).all(), table


def test_filled_sheet_imports_and_agreement_is_computed(seed, tmp_path):
    sheet = coding_frame(seed)
    a = _fill(sheet)
    b = a.copy()
    first = b.index[b.efficacy == 1][0]
    b.loc[first, ["efficacy", "certainty"]] = ["", ""]  # coder b disagrees once
    a.to_csv(tmp_path / "a.csv", index=False)
    b.to_csv(tmp_path / "b.csv", index=False)
    tidy = pd.concat([import_sheet(tmp_path / "a.csv", seed), import_sheet(tmp_path / "b.csv",
                                                                           seed)])
    table = agreement(tidy).set_index("label")
    n = int((a.efficacy == 1).sum())
    assert table.loc["efficacy", "units"] == len(sheet)
    assert table.loc["efficacy", "agreement"] == pytest.approx((len(sheet) - 1) / len(sheet))
    assert table.loc["efficacy", "f1"] == pytest.approx(2 * (n - 1) / (2 * n - 1))
    assert table.loc["efficacy", "positives_a"] == n
    per_doc = agreement(tidy, by_document=True)
    assert set(per_doc.doc_id) == {"003_0f5ae677359d74ec"}


def test_coder_can_split_and_merge_units(seed, tmp_path):
    sheet = coding_frame(seed)
    long = sheet.index[sheet.text.str.contains(r"\. [A-Z]", regex=True)]
    # merge the first two rows into one, exactly as the page has them
    text = seed.text["003_0f5ae677359d74ec"]
    merged = sheet.iloc[[0]].copy()
    merged["text"] = text[sheet.start.iloc[0]:sheet.end.iloc[1]]
    rows = [merged, sheet.iloc[2:]]
    edited = pd.concat(rows, ignore_index=True)
    if len(long):  # split a row holding two sentences
        i = edited.index[edited.text == sheet.text[long[0]]][0]
        first, second = edited.text[i].split(". ", 1)
        top = edited.loc[[i]].assign(text=first + ".")
        bottom = edited.loc[[i]].assign(text=second)
        edited = pd.concat([edited.loc[:i - 1], top, bottom, edited.loc[i + 1:]],
                           ignore_index=True)
    edited.to_csv(tmp_path / "edited.csv", index=False)
    tidy = import_sheet(tmp_path / "edited.csv", seed)
    assert tidy.resegmented.sum() >= 1
    for row in tidy.itertuples():
        assert text[row.start:row.end] == row.text
    assert tidy.start.iloc[0] == sheet.start.iloc[0] and tidy.end.iloc[0] == sheet.end.iloc[1]


@pytest.mark.parametrize("column, value, message", [
    ("efficacy", "maybe", "row 3, column efficacy: 'maybe' is not 1 or 0"),
    ("certainty", "sure", "row 3, column certainty: 'sure' is not hedged or assertive"),
    ("doc_sha256", "0" * 64, "row 3, column doc_sha256: page 003_0f5ae677359d74ec changed"),
    ("text", "Dit staat niet op de pagina.", "row 3, column text: 'Dit staat niet op de"),
    ("doc_id", "elders", "row 3, column doc_id: 'elders' is not a document"),
])
def test_bad_values_are_named_by_file_row_and_column(seed, tmp_path, column, value, message):
    sheet = coding_frame(seed)
    sheet.loc[1, column] = value
    path = tmp_path / "bad.csv"
    sheet.to_csv(path, index=False)
    with pytest.raises(AnnotationError, match=message.replace("(", r"\(")) as caught:
        import_sheet(path, seed)
    assert str(path) in str(caught.value)


def test_a_claim_needs_a_certainty_and_a_non_claim_none(seed, tmp_path):
    sheet = coding_frame(seed)
    sheet.loc[1, "safety"] = 1
    sheet.to_csv(tmp_path / "c.csv", index=False)
    with pytest.raises(AnnotationError, match="a claim needs hedged or assertive"):
        import_sheet(tmp_path / "c.csv", seed)


def test_missing_columns_and_unknown_formats_are_clear(seed, tmp_path):
    coding_frame(seed).drop(columns=["certainty"]).to_csv(tmp_path / "m.csv", index=False)
    with pytest.raises(AnnotationError, match="missing column.*certainty"):
        import_sheet(tmp_path / "m.csv", seed)
    with pytest.raises(AnnotationError, match="is .xlsx or .csv"):
        export_sheet(seed, tmp_path / "x.ods")


@pytest.mark.parametrize("fmt", ["doccano", "label_studio"])
def test_annotation_tool_formats_round_trip_with_emoji_crlf_and_html(messy, tmp_path, fmt):
    filled = _fill(coding_frame(messy))
    assert filled.efficacy.eq(1).sum() >= 2
    if fmt == "doccano":
        back = read_doccano(write_doccano(messy, filled, tmp_path / "u.jsonl"), messy)
    else:
        back = read_label_studio(write_label_studio(messy, filled, tmp_path / "t.json"), messy)
    assert len(back) == len(filled)
    for row in back.itertuples():
        assert messy.text[row.doc_id][row.start:row.end] == row.text
    merged = filled.astype({"start": int, "end": int}).merge(back, on=["doc_id", "start", "end"],
                                                             suffixes=("", "_back"))
    assert len(merged) == len(filled)
    assert (merged.efficacy.replace("", 0).astype(int) == merged.efficacy_back).all()
    assert "\r" not in "".join(messy.text.values())


def test_label_studio_utf16_offsets_are_read_as_code_points(messy, tmp_path):
    """Older Label Studio exports count UTF-16 units: an emoji before a span counts twice."""
    filled = _fill(coding_frame(messy))
    path = write_label_studio(messy, filled, tmp_path / "t.json")
    tasks = json.loads(path.read_text(encoding="utf-8"))
    for task in tasks:
        text = task["data"]["text"]
        for result in task["annotations"][0]["result"]:
            v = result["value"]
            v["start"] = len(text[:v["start"]].encode("utf-16-le")) // 2
            v["end"] = len(text[:v["end"]].encode("utf-16-le")) // 2
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    back = read_label_studio(path, messy)
    for row in back.itertuples():
        assert messy.text[row.doc_id][row.start:row.end] == row.text


def test_cli_export_import_and_agreement(seed, tmp_path, capsys):
    from claimscope.cli import main

    out = tmp_path / "s.csv"
    assert main(["export-coding", str(SEED), "--out", str(out), "--prefill"]) == 0
    assert main(["import-coding", str(SEED), str(out), "--out", str(tmp_path / "t.csv")]) == 0
    assert main(["agreement", str(SEED), str(out), str(out), "--coder", "a", "--coder", "b"]) == 0
    printed = capsys.readouterr().out
    assert "is_claim" in printed and "alpha" in printed
    bad = tmp_path / "bad.csv"
    bad.write_text("doc_id\nx\n", encoding="utf-8")
    assert main(["import-coding", str(SEED), str(bad), "--out", str(tmp_path / "u.csv")]) == 2
    assert "missing column" in capsys.readouterr().err
