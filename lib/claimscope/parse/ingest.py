"""Discovering and reading the files of a corpus; one manifest record per file discovered.

A file is ``ok`` (loaded), ``skipped`` (deliberately not loaded: empty, duplicate, unsupported
type, too large) or ``failed`` (could not be loaded: binary, undecodable, unreadable, broken link).
The reason is always a sentence a researcher can act on.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> _ = (root / "a.txt").write_text("Acupunctuur helpt.", encoding="utf-8")
>>> _ = (root / "b.pdf").write_bytes(b"%PDF-1.7")
>>> [(f.doc_id, f.status) for f in discover(root)]
[('a', 'pending'), ('b', 'skipped')]
>>> discover(root)[1].reason
'unsupported file type .pdf (supported: .htm .html .md .txt)'
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from claimscope.parse.html import extract_html
from claimscope.parse.normalise import DecodeError, decode_and_normalise, looks_binary

SUPPORTED_SUFFIXES = (".htm", ".html", ".md", ".txt")
DEFAULT_MAX_BYTES = 50 * 1024 * 1024

_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or Office document)",
    b"\x1f\x8b": "a gzip archive",
    b"RIFF": "a RIFF media file",
    b"\x7fELF": "an executable",
}



@dataclass(frozen=True)
class FileRecord:
    """One manifest row (plus, for loaded files, the normalised text)."""

    path: str  # relative to the corpus root, POSIX separators
    doc_id: str
    status: str  # pending | ok | skipped | failed
    reason: str = ""
    bytes: int = 0
    sha256: str = ""
    encoding: str = ""
    repairs: str = ""
    format: str = ""
    text: str | None = None
    absolute: str = ""


def _doc_id(relative: Path) -> str:
    return relative.with_suffix("").as_posix()


def _walk(root: Path) -> list[Path]:
    found = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            found.append(Path(dirpath) / name)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def discover(path_or_paths: str | Path | Sequence[str | Path]) -> list[FileRecord]:
    """List every file under a folder (recursively; hidden folders are not entered) or a list.

    Supported files are ``pending``; others are already ``skipped`` with the reason.
    """
    if isinstance(path_or_paths, str | Path):
        root = Path(path_or_paths)
        if not root.exists():
            raise FileNotFoundError(f"corpus path does not exist: {root}")
        files = [root] if root.is_file() else _walk(root)
        if root.is_file():
            root = root.parent
    else:
        files = sorted({Path(p) for p in path_or_paths}, key=lambda p: str(p))
        if not files:
            return []
        root = Path(os.path.commonpath([str(p.absolute().parent) for p in files]))
        files = [p.absolute() for p in files]
    records: list[FileRecord] = []
    taken: dict[str, str] = {}
    for path in files:
        rel = path.relative_to(root) if path.is_absolute() == root.is_absolute() else path
        rel_posix = rel.as_posix()
        doc_id = _doc_id(rel)
        note = ""
        if doc_id in taken:
            note = f"doc_id {doc_id!r} is taken by {taken[doc_id]}; this file is {rel_posix!r}"
            doc_id = rel_posix
        taken[doc_id] = rel_posix
        suffix = path.suffix.lower()
        base = FileRecord(path=rel_posix, doc_id=doc_id, status="pending", reason=note,
                          format=suffix.lstrip("."), absolute=str(path))
        if path.name.startswith("."):
            base = replace(base, status="skipped", reason="hidden file")
        elif suffix not in SUPPORTED_SUFFIXES:
            base = replace(
                base, status="skipped",
                reason=f"unsupported file type {suffix or '(no extension)'} "
                       f"(supported: {' '.join(SUPPORTED_SUFFIXES)})",
            )
        records.append(base)
    return records


def _binary_kind(data: bytes) -> str:
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            return kind
    return "binary data"


def read_file(record: FileRecord, max_bytes: int = DEFAULT_MAX_BYTES) -> FileRecord:
    """Read, decode and normalise one pending file; return its completed manifest record."""
    path = Path(record.absolute)
    if path.is_symlink() and not path.exists():
        return replace(record, status="failed",
                       reason=f"broken symbolic link (points to {os.readlink(path)})")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return replace(record, status="skipped", bytes=size,
                           reason=f"file is {size:,} bytes, over the size limit of "
                                  f"{max_bytes:,} bytes (raise max_bytes to load it)")
        data = path.read_bytes()
    except PermissionError:
        return replace(record, status="failed", reason="unreadable: permission denied")
    except IsADirectoryError:
        return replace(record, status="failed", reason="is a directory")
    except OSError as err:
        return replace(record, status="failed", reason=f"unreadable: {err.strerror or err}")
    record = replace(record, bytes=len(data), sha256=hashlib.sha256(data).hexdigest())
    if not data:
        return replace(record, status="skipped", reason="empty file (0 bytes)")
    if looks_binary(data):
        return replace(record, status="failed",
                       reason=f"binary content ({_binary_kind(data)}) under a "
                              f".{record.format} name")
    try:
        decoded = decode_and_normalise(data)
    except DecodeError as err:
        return replace(record, status="failed", reason=f"undecodable: {err}")
    repairs = list(decoded.repairs)
    text = decoded.text
    if record.format in ("html", "htm"):
        text, notes = extract_html(text)
        repairs.extend(notes)
    if not text.strip():
        what = "no main text in the HTML" if record.format in ("html", "htm") else \
            "whitespace only"
        return replace(record, status="skipped", reason=f"{what} (nothing to analyse)",
                       encoding=decoded.encoding, repairs="; ".join(repairs))
    return replace(record, status="ok", encoding=decoded.encoding, repairs="; ".join(repairs),
                   text=text)


def mark_duplicate(record: FileRecord, first_by_hash: dict[str, str]) -> FileRecord:
    """Skip ``record`` when an earlier loaded file had the same bytes (SHA-256); else remember it.

    ``first_by_hash`` maps content hashes to the doc_id that first had them (updated in place).
    """
    if record.status != "ok":
        return record
    if record.sha256 in first_by_hash:
        return replace(record, status="skipped", text=None,
                       reason=f"duplicate of {first_by_hash[record.sha256]} (identical content)")
    first_by_hash[record.sha256] = record.doc_id
    return record
