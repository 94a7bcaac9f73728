"""Bytes → the normalised text every offset in claimscope indexes into.

Decoding tries UTF-8 (with or without BOM) and UTF-16/32 with a BOM first; anything else goes
to ``charset-normalizer``. Mojibake is repaired with ``ftfy``; then Unicode NFC and ``\\n`` line
ends. Every change is reported, so the manifest can say what happened to the file.

>>> decode_and_normalise("pezen.\\u00c2\\nVerzwakte".encode("utf-8")).text
'pezen.\\xa0\\nVerzwakte'
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field

import charset_normalizer
import ftfy

from claimscope.errors import DecodeError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# A UTF-8 no-break space (C2 A0) read as cp1252 is "Â\xa0". When the \xa0 has since been turned
# into a line end or dropped (seed 003), ftfy has nothing left to recognise; we put the \xa0 back
# so ftfy can repair the pair. "Â" directly before a line end is never legitimate in nl/en text.
_ORPHAN_A_CIRCUMFLEX = re.compile("\u00c2(?=\r?\n|$)")
_NON_ASCII = re.compile(rb"[\x80-\xff]")
MIN_BYTES_TO_DETECT = 20
_PREFERRED_SINGLE_BYTE = ("cp1252", "latin_1", "iso8859_15")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")



@dataclass(frozen=True)
class NormalisedText:
    """The result of :func:`decode_and_normalise`."""

    text: str
    encoding: str
    repairs: tuple[str, ...] = field(default_factory=tuple)


def looks_binary(data: bytes, sample: int = 8192) -> bool:
    """True when ``data`` is binary (NUL bytes outside a UTF-16/32 BOM, or many control bytes).

    >>> looks_binary(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00\\x00\\rIHDR")
    True
    >>> looks_binary("Neuraaltherapie".encode())
    False
    """
    head = data[:sample]
    if any(head.startswith(bom) for bom, _ in _BOMS if bom != codecs.BOM_UTF8):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return bool(head) and controls / len(head) > 0.05


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data``; return ``(text, encoding)``. Raises :class:`DecodeError`.

    >>> decode_bytes("café".encode("cp1252"))
    ('café', 'cp1252')
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as err:
                raise DecodeError(
                    f"has a {encoding} byte-order mark but is not {encoding}") from err
            return text.lstrip("\ufeff"), encoding.replace("-sig", "") + " (BOM)"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Too few non-ASCII bytes to detect anything: a clean cp1252 decode is the sensible reading
    # (detectors propose Urdu or Cyrillic code pages for a lone "é").
    if len(_NON_ASCII.findall(data)) < MIN_BYTES_TO_DETECT:
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    # UTF-16/32 without a byte-order mark would be full of NUL bytes for Western text, and
    # binary files were rejected before; on short inputs the detector proposes them wrongly.
    matches = [m for m in charset_normalizer.from_bytes(data)
               if not m.encoding.startswith(("utf_16", "utf_32"))]
    if not matches:
        raise DecodeError("could not be decoded in any known encoding")
    best = matches[0]
    if best.coherence == 0 and len(data) >= MIN_BYTES_TO_DETECT * 4:
        # every candidate decodes to characters in no recognisable language: junk, not text
        raise DecodeError(f"no encoding yields readable text (best guess {best.encoding} "
                          f"reads as no known language)")
    # Among equally good candidates prefer the encodings Western web pages actually use.
    tied = [m.encoding for m in matches
            if m.chaos == best.chaos and m.coherence == best.coherence]
    encoding = next((e for e in _PREFERRED_SINGLE_BYTE if e in tied), best.encoding)
    try:
        return data.decode(encoding), encoding.replace("_", "-")
    except (UnicodeDecodeError, LookupError) as err:
        raise DecodeError(f"could not be decoded as {encoding}") from err


def normalise_text(text: str) -> tuple[str, tuple[str, ...]]:
    """Repair mojibake, NFC-normalise and unify line ends; return ``(text, repairs)``.

    >>> normalise_text("Ã©tude\\r\\nok")
    ('étude\\nok', ('mojibake repaired (ftfy)', 'line ends normalised to \\\\n'))
    """
    repairs: list[str] = []
    orphans = len(_ORPHAN_A_CIRCUMFLEX.findall(text))
    if orphans:
        text = _ORPHAN_A_CIRCUMFLEX.sub("\u00c2\u00a0", text)
    fixed = ftfy.fix_text(
        text,
        normalization=None,
        fix_line_breaks=False,
        uncurl_quotes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        remove_control_chars=False,
    )
    if fixed != text or orphans:
        note = "mojibake repaired (ftfy)"
        if orphans:
            note += f"; {orphans} line-final 'Â' restored as no-break space"
        repairs.append(note)
    text = fixed
    nfc = unicodedata.normalize("NFC", text)
    if nfc != text:
        repairs.append("Unicode NFC")
    text = nfc
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        repairs.append("line ends normalised to \\n")
    controls = len(_CONTROL.findall(text))
    if controls:
        text = _CONTROL.sub(" ", text)
        repairs.append(f"{controls} control characters replaced by spaces")
    return text, tuple(repairs)


def decode_and_normalise(data: bytes) -> NormalisedText:
    """Decode and normalise raw file bytes (see module docstring)."""
    text, encoding = decode_bytes(data)
    text, repairs = normalise_text(text)
    return NormalisedText(text=text, encoding=encoding, repairs=repairs)
