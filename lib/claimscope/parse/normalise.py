"""Bytes → the normalised text every offset in claimscope indexes into.

Decoding tries UTF-8 (with or without BOM) and UTF-16/32 with a BOM first; anything else goes
to ``charset-normalizer``. Mojibake is repaired with ``ftfy``; then Unicode NFC and ``\\n`` line
ends. Every change is reported, so the manifest can say what happened to the file.

UTF-8 with a few bad bytes stays UTF-8: when the valid multi-byte characters outnumber the
invalid sequences at least four to one (or the only bad sequence is a character cut off at the
end of the file), each invalid sequence becomes U+FFFD and the manifest counts them. Such a file
is never re-read in another code page, where every valid character would turn into mojibake.

NUL and other control bytes: a file is *binary* (and fails) only when its first 8 KB begin with
a known file signature (PNG, JPEG, GIF, PDF, ZIP, gzip, RIFF, ELF) followed by control bytes,
or when more than 10 % of those 8 KB are control bytes (NUL, and the C0 controls other than tab,
line feed, vertical tab, form feed, carriage return and escape), as in UTF-16 without a
byte-order mark. Anything else is text: isolated NUL bytes and other control characters are
replaced by spaces (offsets do not move) and counted in the manifest.

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
NEAR_TIE = 0.025
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_BYTES = frozenset(set(range(9)) | set(range(14, 27)) | set(range(28, 32)))
BINARY_SAMPLE = 8192
BINARY_CONTROL_SHARE = 0.10
#: Valid multi-byte UTF-8 characters needed per invalid sequence to keep a file UTF-8.
UTF8_GOOD_PER_BAD = 4
MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF87a": "a GIF image",
    b"GIF89a": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or Office document)",
    b"\x1f\x8b": "a gzip archive",
    b"RIFF": "a RIFF media file",
    b"\x7fELF": "an executable",
}



@dataclass(frozen=True)
class NormalisedText:
    """The result of :func:`decode_and_normalise`."""

    text: str
    encoding: str
    repairs: tuple[str, ...] = field(default_factory=tuple)


def _control_share(head: bytes) -> float:
    return sum(1 for b in head if b in _CONTROL_BYTES) / len(head) if head else 0.0


def binary_kind(data: bytes, sample: int = BINARY_SAMPLE) -> str | None:
    """What binary content ``data`` is (``'a PNG image'``, ``'binary data'``), or None for text.

    See the module docstring for the rule.

    >>> binary_kind(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00\\x00\\rIHDR")
    'a PNG image'
    >>> binary_kind(b"Neuraaltherapie\\x00 helpt.") is None   # one NUL: text, replaced later
    True
    >>> binary_kind("Neuraaltherapie".encode("utf-16-le"))  # UTF-16 without a BOM
    'binary data'
    """
    head = data[:sample]
    if any(head.startswith(bom) for bom, _ in _BOMS if bom != codecs.BOM_UTF8):
        return None
    share = _control_share(head)
    for magic, kind in MAGIC.items():
        if head.startswith(magic) and share > 0:
            return kind
    return "binary data" if share > BINARY_CONTROL_SHARE else None


def looks_binary(data: bytes, sample: int = BINARY_SAMPLE) -> bool:
    """True when ``data`` is binary by :func:`binary_kind`'s rule.

    >>> looks_binary(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00\\x00\\rIHDR")
    True
    >>> looks_binary("Neuraaltherapie".encode())
    False
    """
    return binary_kind(data, sample) is not None


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """``(text, invalid sequences)`` when ``data`` is UTF-8 with a few bad bytes, else None."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    if bad <= 0:
        return None
    good = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        cut_at_end = bad == 1 and good > 0 and err.reason == "unexpected end of data"
    else:  # pragma: no cover - strict decoding failed before this is called
        cut_at_end = False
    if good >= UTF8_GOOD_PER_BAD * bad or cut_at_end:
        return text, bad
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data``; return ``(text, encoding)``. Raises :class:`DecodeError`.

    >>> decode_bytes("café".encode("cp1252"))
    ('café', 'cp1252')
    """
    text, encoding, _ = decode_counting(data)
    return text, encoding


def decode_counting(data: bytes) -> tuple[str, str, int]:
    """Like :func:`decode_bytes`, plus how many invalid UTF-8 sequences became U+FFFD.

    >>> page = "Neuraaltherapie met procaïne: één behandeling. ".encode() * 3
    >>> decode_counting(page[:20] + b"\\xff" + page[20:])[1:]
    ('utf-8', 1)
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as err:
                mostly = _mostly_utf8(data[len(bom):]) if bom == codecs.BOM_UTF8 else None
                if mostly is not None:
                    return mostly[0].lstrip("\ufeff"), "utf-8 (BOM)", mostly[1]
                raise DecodeError(
                    f"has a {encoding} byte-order mark but is not {encoding}") from err
            return text.lstrip("\ufeff"), encoding.replace("-sig", "") + " (BOM)", 0
    try:
        return data.decode("utf-8"), "utf-8", 0
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly[0], "utf-8", mostly[1]
    text, encoding = _decode_other(data)
    return text, encoding, 0


def _decode_other(data: bytes) -> tuple[str, str]:
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
    # Among (nearly) equally good candidates prefer the encodings Western web pages actually
    # use: the detector's coherence differs by a few hundredths between code pages that decode
    # the same Dutch text (cp775 "Finnish" 0.50 against cp1252 0.47 for "procaïne “veilig”").
    tied = [m.encoding for m in matches
            if m.chaos <= best.chaos + NEAR_TIE and m.coherence >= best.coherence - 2 * NEAR_TIE]
    encoding = next((e for e in _PREFERRED_SINGLE_BYTE if e in tied), best.encoding)
    try:
        return data.decode(encoding), encoding.replace("_", "-")
    except (UnicodeDecodeError, LookupError) as err:
        raise DecodeError(f"could not be decoded as {encoding}") from err


def _ftfy(text: str) -> str:
    return ftfy.fix_text(text, normalization=None, fix_line_breaks=False, uncurl_quotes=False,
                         fix_latin_ligatures=False, fix_character_width=False,
                         remove_control_chars=False)


def normalise_text(text: str) -> tuple[str, tuple[str, ...]]:
    """Repair mojibake, NFC-normalise and unify line ends; return ``(text, repairs)``.

    >>> normalise_text("Ã©tude\\r\\nok")
    ('étude\\nok', ('mojibake repaired (ftfy)', 'line ends normalised to \\\\n'))
    """
    repairs: list[str] = []
    orphans = len(_ORPHAN_A_CIRCUMFLEX.findall(text))
    fixed = _ftfy(_ORPHAN_A_CIRCUMFLEX.sub("\u00c2\u00a0", text) if orphans else text)
    if orphans and fixed.count("\u00c2\u00a0") > text.count("\u00c2\u00a0"):
        orphans, fixed = 0, _ftfy(text)  # ftfy did not take the restored pairs: undo them
    if fixed != text:  # a note only when ftfy actually changed the text
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
        nul = text.count("\x00")
        text = _CONTROL.sub(" ", text)
        repairs.append(f"{controls} control characters replaced by spaces"
                       + (f" ({nul} of them NUL)" if nul else ""))
    return text, tuple(repairs)


def decode_and_normalise(data: bytes) -> NormalisedText:
    """Decode and normalise raw file bytes (see module docstring).

    >>> decode_and_normalise("één keer\\x00 per week".encode()).repairs
    ('1 control characters replaced by spaces (1 of them NUL)',)
    """
    text, encoding, invalid = decode_counting(data)
    text, repairs = normalise_text(text)
    if invalid:
        repairs = (f"{invalid} invalid UTF-8 byte sequence{'s' if invalid > 1 else ''} "
                   "replaced by U+FFFD", *repairs)
    return NormalisedText(text=text, encoding=encoding, repairs=repairs)
