"""Decoding and normalisation on small byte strings that reproduce real mess."""

from __future__ import annotations

import codecs

import pytest

from claimscope.parse.normalise import DecodeError, decode_and_normalise, decode_bytes, looks_binary

DUTCH = "Neuraaltherapie met procaïne: “een veilige behandeling” — volgens de kliniek.\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (DUTCH.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + DUTCH.encode("utf-8"), "utf-8 (BOM)"),
        (DUTCH.encode("utf-16"), "utf-16 (BOM)"),
        (DUTCH.encode("cp1252"), "cp1252"),
    ],
)
def test_decoding_recovers_the_text(data, encoding):
    result = decode_and_normalise(data)
    assert result.text == DUTCH
    assert result.encoding == encoding


def test_double_encoded_mojibake_is_repaired():
    clean = "Neuraaltherapie met procaïne is ‘veilig’, zegt de kliniek.\n"
    mangled = clean.encode("utf-8").decode("cp1252").encode("utf-8")  # "procaÃ¯ne", "â€˜"
    result = decode_and_normalise(mangled)
    assert result.text == clean
    assert "mojibake repaired (ftfy)" in result.repairs[0]


def test_crlf_and_lone_cr_become_newlines():
    result = decode_and_normalise(b"regel een\r\nregel twee\rregel drie")
    assert result.text == "regel een\nregel twee\nregel drie"
    assert "line ends normalised to \\n" in result.repairs


def test_nfc_composes_decomposed_accents():
    result = decode_and_normalise("procai\u0308ne".encode())
    assert result.text == "procaïne"
    assert "Unicode NFC" in result.repairs


def test_binary_is_recognised_and_text_is_not():
    assert looks_binary(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    assert not looks_binary(DUTCH.encode("utf-16"))
    assert not looks_binary(DUTCH.encode("cp1252"))


def test_a_bom_that_lies_is_a_decode_error():
    with pytest.raises(DecodeError, match="utf-16"):
        decode_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8")
