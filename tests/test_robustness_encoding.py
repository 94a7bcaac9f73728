"""Bad bytes: UTF-8 with a few invalid bytes stays UTF-8; NUL and control bytes follow one rule.

The rule for NUL bytes (normalise.py's docstring): a file is binary only when its first 8 KB
begin with a known signature followed by control bytes, or more than 10 % of them are control
bytes; isolated NULs elsewhere are replaced by spaces and counted.
"""

from __future__ import annotations

import random

import pytest

import claimscope as cs
from claimscope.parse.normalise import (
    binary_kind,
    decode_and_normalise,
    normalise_text,
)

from .conftest import SEEDS

SEED_FILES = sorted(p for p in SEEDS.iterdir() if p.is_file())


def _variants(n: int = 20) -> list[tuple[str, int]]:
    rng = random.Random(20)
    out = []
    for k in range(n):
        path = SEED_FILES[k % len(SEED_FILES)]
        data = path.read_bytes()
        i = rng.randrange(1, len(data))
        while 0x80 <= data[i] < 0xC0:  # insert between characters, not inside one
            i += 1
        out.append((path.name, i))
    return out


@pytest.mark.parametrize("name, at", _variants())
def test_one_invalid_byte_keeps_a_page_utf8_with_the_right_text(tmp_path, name, at):
    data = (SEEDS / name).read_bytes()
    bad = data[:at] + rng_byte(at) + data[at:]
    clean = decode_and_normalise(data)
    damaged = decode_and_normalise(bad)
    assert damaged.encoding == "utf-8"
    assert damaged.text.count("\ufffd") == 1
    assert damaged.text.replace("\ufffd", "") == clean.text
    assert damaged.repairs[0] == "1 invalid UTF-8 byte sequence replaced by U+FFFD"
    page = tmp_path / name
    page.write_bytes(bad)
    row = cs.load_corpus(page, claims=False, concepts=False).manifest.iloc[0]
    assert (row.status, row.encoding) == ("ok", "utf-8")
    assert "1 invalid UTF-8 byte sequence replaced by U+FFFD" in row.repairs


def rng_byte(at: int) -> bytes:
    return bytes([(0xFF, 0xFE, 0xC0, 0x80, 0xF8)[at % 5]])


def test_a_few_bad_bytes_and_a_cut_off_last_character_stay_utf8():
    sentence = "Neuraaltherapie met procaïne: één behandeling, zegt de patiënt. "
    data = sentence.encode() * 5
    step = len(sentence.encode())
    three = (data[:step] + b"\xff" + data[step:2 * step] + b"\xfe" + data[2 * step:3 * step]
             + b"\x80" + data[3 * step:])
    result = decode_and_normalise(three)
    assert result.encoding == "utf-8" and result.text.count("\ufffd") == 3
    assert result.repairs[0] == "3 invalid UTF-8 byte sequences replaced by U+FFFD"
    cut = decode_and_normalise(data + "ë".encode()[:1])
    assert cut.encoding == "utf-8" and cut.text == sentence * 5 + "\ufffd"


def test_cp1252_pages_are_still_cp1252():
    for text in ("café in de wachtkamer", "Procaïne is “veilig”, zegt de kliniek. " * 10):
        result = decode_and_normalise(text.encode("cp1252"))
        assert result.encoding in ("cp1252", "latin-1", "iso8859-15"), result
        assert result.text == text
        assert "\ufffd" not in result.text


def test_mojibake_note_only_when_ftfy_changed_the_text():
    assert normalise_text("Gewone tekst over procaïne.\n") == ("Gewone tekst over procaïne.\n",
                                                                 ())
    # a line-final "Â" that ftfy will not take as mojibake (Greek context): left alone, no note
    assert normalise_text("Ω Â\nω") == ("Ω Â\nω", ())
    text, repairs = normalise_text("pezen.Â\nVerzwakte")
    assert text == "pezen.\xa0\nVerzwakte" and repairs[0].startswith("mojibake repaired")
    page = "Één patiënt krijgt procaïne; de kliniek noemt het ‘veilig’. ".encode() * 4
    valid_with_bad_byte = decode_and_normalise(page + b"\xff" + page)
    assert valid_with_bad_byte.encoding == "utf-8"
    assert not any("mojibake" in r for r in valid_with_bad_byte.repairs)


@pytest.mark.parametrize("data, kind", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 50, "a PNG image"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x01", "a PDF document"),
    (b"PK\x03\x04\x14\x00\x06\x00", "a ZIP archive (or Office document)"),
    ("Neuraaltherapie helpt bij pijn.".encode("utf-16-le"), "binary data"),
    (bytes(range(256)) * 4, "binary data"),
    (b"Acupunctuur\x00 helpt bij rugpijn, zegt de kliniek.", None),
    (b"%PDF is a file format, described below in plain words.", None),
    (b"GIF8 is not a GIF header; text can start like this.", None),
    ("Acupunctuur helpt.".encode("utf-16"), None),  # with a BOM: text
])
def test_binary_rule(data, kind):
    assert binary_kind(data) == kind


def test_isolated_nul_bytes_are_replaced_and_counted(tmp_path):
    page = tmp_path / "nul.txt"
    page.write_bytes(b"Acupunctuur helpt\x00 volgens de kliniek\x00\x00 bij rugpijn.\n" * 20)
    corpus = cs.load_corpus(page, claims=False, concepts=False)
    row = corpus.manifest.iloc[0]
    assert row.status == "ok"
    assert "60 control characters replaced by spaces (60 of them NUL)" in row.repairs
    assert "\x00" not in corpus.text["nul"]
    assert len(corpus.text["nul"]) == len(page.read_bytes())  # offsets do not move


def test_nul_heavy_file_fails_as_binary(tmp_path):
    page = tmp_path / "utf16_without_bom.txt"
    page.write_bytes("Neuraaltherapie helpt bij hoofdpijn, zegt de kliniek.".encode("utf-16-le"))
    row = cs.load_corpus(page, claims=False, concepts=False).manifest.iloc[0]
    assert (row.status, row.reason) == ("failed", "binary content (binary data) under a .txt name")
