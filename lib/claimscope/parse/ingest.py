"""Discovering and reading the files of a corpus; one manifest record per path the walk meets.

A file is ``ok`` (loaded), ``skipped`` (deliberately not loaded: empty, duplicate, unsupported
type, too large, hidden, not a regular file) or ``failed`` (could not be loaded: binary,
undecodable, unreadable, broken link). Folders get a row of their own only when they are not
searched: hidden folders, claimscope output folders (they hold ``corpus.json``), folders that
cannot be listed (no permission, a path longer than the system allows) and symbolic links to
folders that are searched already. The reason is always a sentence a researcher can act on.

Only regular files are ever opened: a FIFO, socket or device (also behind a symbolic link, such
as a link to ``/dev/zero``) is skipped from its ``stat`` alone, so a FIFO never blocks the load.
Symbolic links to folders are followed once (never in a loop); a file read through a link that
leads outside the corpus folder says so in its reason. ``doc_id`` is the relative path without
its extension in Unicode NFC (the reason notes a name that was not NFC); a file name that is
not valid UTF-8 is shown with ``\\xNN`` escapes.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> _ = (root / "a.txt").write_text("Acupunctuur helpt.", encoding="utf-8")
>>> _ = (root / "b.pdf").write_bytes(b"%PDF-1.7")
>>> (root / ".git").mkdir()
>>> [(f.path, f.status) for f in discover(root)]
[('.git', 'skipped'), ('a.txt', 'pending'), ('b.pdf', 'skipped')]
>>> [f.reason for f in discover(root)][::2]
['hidden folder (not searched)', 'unsupported file type .pdf (supported: .htm .html .md .txt)']
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from claimscope.parse.normalise import DecodeError, binary_kind, decode_and_normalise

SUPPORTED_SUFFIXES = (".htm", ".html", ".md", ".txt")
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
OUTPUT_MARKER = "corpus.json"
_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


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
    absolute: str = ""  # empty for paths that must never be opened (folders, FIFOs, devices)


def _shown(relative: str) -> tuple[str, str]:
    """A relative path as text that can be saved, and a note when it had to change."""
    try:
        relative.encode("utf-8")
        return relative, ""
    except UnicodeEncodeError:  # undecodable bytes in the name (surrogate escapes)
        shown = os.fsencode(relative).decode("utf-8", "backslashreplace")
        return shown, "file name is not valid UTF-8 (shown with \\x escapes)"


def _doc_id(relative: str) -> str:
    return unicodedata.normalize("NFC", Path(relative).with_suffix("").as_posix())


def _error_text(err: OSError) -> str:
    if err.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return (err.strerror or str(err)).lower() if err.strerror else str(err)


def _kind_of(mode: int) -> str | None:
    """What a non-regular file is ('a FIFO'), or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    return next((name for test, name in _KINDS if test(mode)), "a special file")


@dataclass
class _Walk:
    """Every path under ``root``: files to consider and rows for folders not searched."""

    root: Path

    def __post_init__(self) -> None:
        self.files: list[tuple[str, str, str]] = []  # (relative, absolute, note)
        self.rows: list[FileRecord] = []
        self.seen: set[tuple[int, int]] = set()
        self.real_root = os.path.realpath(self.root)

    def _folder_row(self, relative: str, status: str, reason: str) -> None:
        shown, note = _shown(relative)
        self.rows.append(FileRecord(path=shown, doc_id=shown, status=status,
                                    reason="; ".join(r for r in (reason, note) if r)))

    def _relative(self, path: str) -> str:
        return Path(os.path.relpath(path, self.root)).as_posix()

    def _walk_one(self, top: str, links: list[tuple[str, str]]) -> None:
        def failed(err: OSError) -> None:
            where = err.filename if isinstance(err.filename, str) else top
            self._folder_row(self._relative(where), "failed",
                             f"unreadable folder: {_error_text(err)}")

        for dirpath, dirnames, filenames in os.walk(top, onerror=failed, followlinks=False):
            try:
                info = os.stat(dirpath)
                self.seen.add((info.st_dev, info.st_ino))
            except OSError:
                pass
            keep = []
            for name in sorted(dirnames):
                full = os.path.join(dirpath, name)
                relative = self._relative(full)
                if name.startswith("."):
                    self._folder_row(relative, "skipped", "hidden folder (not searched)")
                elif os.path.islink(full):
                    links.append((full, relative))
                elif os.path.isfile(os.path.join(full, OUTPUT_MARKER)):
                    self._folder_row(relative, "skipped", f"a claimscope output folder (holds "
                                     f"{OUTPUT_MARKER}; not searched)")
                else:
                    keep.append(name)
            dirnames[:] = keep
            for name in filenames:
                full = os.path.join(dirpath, name)
                self.files.append((self._relative(full), full, self._link_note(full)))

    def _link_note(self, full: str) -> str:
        target = os.path.realpath(full)
        if os.path.commonpath([target, self.real_root]) == self.real_root:
            return ""
        shown, _ = _shown(target)
        return f"via a symbolic link to {shown} (outside the corpus folder)"

    def run(self) -> _Walk:
        """Walk the real folders first, then each linked folder not searched already."""
        links: list[tuple[str, str]] = []
        self._walk_one(str(self.root), links)
        while links:
            full, relative = links.pop(0)
            target = os.path.realpath(full)
            try:
                info = os.stat(full)
            except OSError as err:
                self._folder_row(relative, "failed", f"unreadable folder: {_error_text(err)}")
                continue
            if (info.st_dev, info.st_ino) in self.seen:
                self._folder_row(relative, "skipped", f"symbolic link to a folder that is "
                                 f"searched already ({target}; not searched twice)")
            elif os.path.isfile(os.path.join(full, OUTPUT_MARKER)):
                self._folder_row(relative, "skipped", f"a claimscope output folder (holds "
                                 f"{OUTPUT_MARKER}; not searched)")
            else:
                self._walk_one(full, links)
        return self


def _classify(base: FileRecord, path: str) -> FileRecord:
    """Skip by name, type or ``stat`` alone (nothing is opened here)."""
    name = os.path.basename(path)
    suffix = Path(name).suffix.lower()
    if name.startswith("."):
        return replace(base, status="skipped", reason="hidden file", absolute="")
    if os.path.islink(path) and not os.path.exists(path):
        return replace(base, status="failed",
                       reason=f"broken symbolic link (points to {os.readlink(path)})")
    try:
        mode = os.stat(path).st_mode
    except OSError as err:
        return replace(base, status="failed", reason=f"unreadable: {_error_text(err)}",
                       absolute="")
    kind = _kind_of(mode)
    if kind is not None and kind != "a folder":
        return replace(base, status="skipped", reason=f"not a regular file ({kind})",
                       absolute="")
    if suffix not in SUPPORTED_SUFFIXES:
        return replace(base, status="skipped",
                       reason=f"unsupported file type {suffix or '(no extension)'} "
                              f"(supported: {' '.join(SUPPORTED_SUFFIXES)})")
    return base


def _records(found: list[tuple[str, str, str]]) -> list[FileRecord]:
    """Records in path order; files that will be read take their doc_ids first, so a skipped
    ``page.pdf`` never takes the doc_id of ``page.txt``."""
    drafts = []
    for relative, path, link_note in found:
        shown, name_note = _shown(relative)
        nfc = unicodedata.normalize("NFC", shown)
        notes = [link_note, name_note]
        if nfc != shown:
            notes.append(f"doc_id uses the NFC form of the file name ({nfc!r})")
        base = FileRecord(path=shown, doc_id=_doc_id(shown), status="pending",
                          reason="; ".join(n for n in notes if n),
                          format=Path(shown).suffix.lower().lstrip("."), absolute=path)
        record = _classify(base, path)
        if record is not base and base.reason:
            record = replace(record, reason=f"{record.reason}; {base.reason}")
        drafts.append(record)
    taken: dict[str, str] = {}
    order = sorted(range(len(drafts)), key=lambda i: drafts[i].status != "pending")
    for i in order:
        record = drafts[i]
        doc_id = record.doc_id
        if doc_id in taken:
            nfc = unicodedata.normalize("NFC", record.path)
            doc_id = next(c for c in (nfc, record.path,
                                      *(f"{record.path}#{n}" for n in range(2, 10**6)))
                          if c not in taken)
            if record.status == "pending":
                note = (f"doc_id {record.doc_id!r} is taken by {taken[record.doc_id]}; this "
                        f"file is {record.path!r}")
                record = replace(record, reason="; ".join(r for r in (record.reason, note) if r))
        taken[doc_id] = record.path
        drafts[i] = replace(record, doc_id=doc_id)
    return drafts


def discover(path_or_paths: str | Path | Sequence[str | Path]) -> list[FileRecord]:
    """One record per path under a folder (recursively) or per path of a list.

    Supported regular files are ``pending``; everything else already has its status and reason
    (see the module docstring).
    """
    if isinstance(path_or_paths, str | Path):
        root = Path(path_or_paths)
        if not root.exists():
            raise FileNotFoundError(f"corpus path does not exist: {root}")
        if not root.is_dir():
            return _records([(root.name, str(root), "")])
        walk = _Walk(root).run()
        return sorted(_records(sorted(walk.files)) + walk.rows, key=lambda r: r.path)
    files = sorted({Path(p) for p in path_or_paths}, key=lambda p: str(p))
    if not files:
        return []
    root = Path(os.path.commonpath([str(p.absolute().parent) for p in files]))
    return _records([(Path(os.path.relpath(p.absolute(), root)).as_posix(), str(p.absolute()),
                      "") for p in files])


def read_file(record: FileRecord, max_bytes: int = DEFAULT_MAX_BYTES) -> FileRecord:
    """Read, decode and normalise one pending file; return its completed manifest record."""
    path = Path(record.absolute)
    if path.is_symlink() and not path.exists():
        return replace(record, status="failed",
                       reason=f"broken symbolic link (points to {os.readlink(path)})")
    try:
        info = path.stat()
        kind = _kind_of(info.st_mode)
        if kind == "a folder":
            return replace(record, status="failed", reason="is a directory")
        if kind is not None:  # never opened: a FIFO would block, a device never ends
            return replace(record, status="skipped", reason=f"not a regular file ({kind})")
        if info.st_size > max_bytes:
            return replace(record, status="skipped", bytes=info.st_size,
                           reason=f"file is {info.st_size:,} bytes, over the size limit of "
                                  f"{max_bytes:,} bytes (raise max_bytes to load it)")
        data = path.read_bytes()
    except PermissionError:
        return replace(record, status="failed", reason="unreadable: permission denied")
    except IsADirectoryError:
        return replace(record, status="failed", reason="is a directory")
    except OSError as err:
        return replace(record, status="failed", reason=f"unreadable: {_error_text(err)}")
    record = replace(record, bytes=len(data), sha256=hashlib.sha256(data).hexdigest())
    note = f"; {record.reason}" if record.reason else ""
    if not data:
        return replace(record, status="skipped", reason="empty file (0 bytes)" + note)
    kind = binary_kind(data)
    if kind is not None:
        return replace(record, status="failed",
                       reason=f"binary content ({kind}) under a .{record.format} name" + note)
    try:
        decoded = decode_and_normalise(data)
    except DecodeError as err:
        return replace(record, status="failed", reason=f"undecodable: {err}" + note)
    repairs = list(decoded.repairs)
    text = decoded.text
    if record.format in ("html", "htm"):
        from claimscope.parse.html import extract_html  # trafilatura loads for HTML only

        text, notes = extract_html(text)
        repairs.extend(notes)
    if not text.strip():
        what = "no main text in the HTML" if record.format in ("html", "htm") else \
            "whitespace only"
        return replace(record, status="skipped", reason=f"{what} (nothing to analyse)" + note,
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
