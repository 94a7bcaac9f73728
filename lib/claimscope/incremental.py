"""Rebuilding a saved corpus folder from what the previous build already wrote.

A file's rows depend only on its relative path, its bytes, the settings, the size limit and
which earlier files had the same bytes (a later copy is a duplicate). :func:`record_signatures`
hashes exactly that per file, and a build records the signatures of every batch it wrote in
``build.json`` beside ``corpus.json``. The next build with the cache on
(:class:`PreviousBuild`) takes every file whose signature is unchanged from the previous
output instead of reading, parsing or even decoding its cached result: a batch whose files all
match is linked into the new folder as it is, and a batch with an edited page is rewritten from
the previous part's rows plus the new page's rows. So the cost of a rebuild is the edited pages
and the part they sit in, not the corpus. Anything unexpected (no or another ``build.json``, a
part whose sha256 differs from ``corpus.json``) means no reuse, never a wrong frame.

>>> from claimscope.parse.ingest import discover
>>> records = discover("seeds")
>>> signatures = record_signatures(records, [content_hash(r, 10**8) for r in records],
...                                "settings", 10**8)
>>> len(signatures), len(signatures[0])
(5, 32)
>>> signatures == record_signatures(records, [content_hash(r, 10**8) for r in records],
...                                 "other settings", 10**8)
False
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from claimscope.errors import CorpusLoadError
from claimscope.parse.ingest import FileRecord
from claimscope.schema import SCHEMAS, sort_frame

log = logging.getLogger("claimscope")

#: The file a build writes beside ``corpus.json`` (signatures and parts of every batch).
BUILD_FILE = "build.json"
#: Bumped when what a signature covers changes.
BUILD_FORMAT = 1


def content_hash(record: FileRecord, max_bytes: int) -> str | None:
    """SHA-256 of a pending regular file's bytes (None when it is not one a build reads whole).

    >>> from claimscope.parse.ingest import discover
    >>> len(content_hash(discover("seeds")[0], 10**8))
    64
    """
    if record.status != "pending":
        return None
    try:
        info = os.stat(record.absolute)
        if info.st_size > max_bytes or not os.path.isfile(record.absolute):
            return None
        digest = hashlib.sha256()
        with open(record.absolute, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    except OSError:
        return None


def _marker(record: FileRecord, digest: str | None, max_bytes: int) -> str | None:
    """What a file's result depends on besides its path (None: unknown, never reused)."""
    if digest is not None:
        return f"sha256:{digest}"
    if record.status != "pending":  # a folder, FIFO or unsupported name: settled at discovery
        return f"{record.status}:{record.reason}"
    try:
        info = os.stat(record.absolute)
    except OSError:
        return None
    if info.st_size > max_bytes and os.path.isfile(record.absolute):
        return f"too-large:{info.st_size}"
    return None


def record_signatures(records: Sequence[FileRecord], digests: Sequence[str | None],
                      fingerprint: str, max_bytes: int) -> list[str | None]:
    """One signature per discovered file: equal signatures mean equal manifest row and rows.

    A signature covers the settings ``fingerprint``, ``max_bytes``, the file's path and bytes,
    and the paths of every earlier file with the same bytes (what makes it a duplicate). None
    for a file whose result cannot be known without reading it (e.g. unreadable just now).
    """
    earlier: dict[str, hashlib._Hash] = {}
    out: list[str | None] = []
    for record, digest in zip(records, digests, strict=True):
        marker = _marker(record, digest, max_bytes)
        if marker is None:
            out.append(None)
            continue
        seen = ""
        if digest is not None:
            running = earlier.setdefault(digest, hashlib.sha256())
            seen = running.hexdigest()
            running.update(record.path.encode("utf-8", "surrogateescape") + b"\0")
        text = f"{BUILD_FORMAT}\0{fingerprint}\0{max_bytes}\0{record.path}\0{marker}\0{seen}"
        out.append(hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:32])
    return out


@dataclass
class Batch:
    """One batch a build wrote: its files' paths and signatures, and its part of each frame."""

    paths: list[str]
    signatures: list[str]
    parts: dict[str, dict]  # frame name → corpus.json part entry (file, sha256, rows)


class PreviousBuild:
    """What the last build wrote to ``out``, indexed by file signature (see module docstring).

    Use :meth:`open`, which returns None when nothing can be reused.
    """

    def __init__(self, out: Path, batches: list[Batch], manifest: pd.DataFrame):
        self.out = out
        self.batches = batches
        self._by_signature: dict[str, tuple[int, str]] = {}
        for index, batch in enumerate(batches):
            for path, signature in zip(batch.paths, batch.signatures, strict=True):
                self._by_signature[signature] = (index, path)
        rows = manifest.set_index("path", drop=False)
        self._manifest = {path: rows.loc[path] for path in rows.index}

    @classmethod
    def open(cls, out: Path, fingerprint: str) -> PreviousBuild | None:
        """The previous build in ``out`` when it was made with the same settings; else None."""
        from claimscope.storage import _part_path, _read_meta, _sha256, read_frame

        build_file = out / BUILD_FILE
        if not build_file.is_file():
            return None
        try:
            meta = _read_meta(out)
            info = json.loads(build_file.read_text(encoding="utf-8"))
            if info.get("format") != BUILD_FORMAT or info.get("fingerprint") != fingerprint:
                return None
            files = {part["file"]: part for entry in meta["files"].values()
                     for part in entry["parts"]}
            batches = []
            for item in info["batches"]:
                parts = {name: files[file] for name, file in item["parts"].items()}
                batches.append(Batch(list(item["paths"]), list(item["signatures"]), parts))
            for part in files.values():
                path = _part_path(out, part)
                if _sha256(path) != part["sha256"]:
                    raise CorpusLoadError(f"{path}: differs from what {out}/corpus.json recorded")
            manifest = read_frame(out, "manifest")
        except (OSError, KeyError, TypeError, ValueError, CorpusLoadError) as err:
            log.warning("%s: the previous build cannot be reused (%s); parsing every file again",
                        out, err)
            return None
        return cls(out, batches, manifest)

    def record(self, signature: str | None, current: FileRecord) -> FileRecord | None:
        """The manifest record the previous build gave a file with this signature, when it
        had the doc_id discovery gives ``current`` now (or None)."""
        found = self._by_signature.get(signature) if signature else None
        if found is None:
            return None
        row = self._manifest.get(found[1])
        if row is None or row["doc_id"] != current.doc_id:
            return None
        fields = {c: row[c] for c in SCHEMAS["manifest"]}
        fields["bytes"] = int(fields["bytes"])
        return FileRecord(**fields, absolute=current.absolute)

    def whole_batch(self, paths: list[str], signatures: list[str]) -> Batch | None:
        """The previous batch of exactly these files with these signatures, if there was one."""
        found = self._by_signature.get(signatures[0]) if signatures else None
        if found is None:
            return None
        batch = self.batches[found[0]]
        if batch.paths == paths and batch.signatures == signatures:
            return batch
        return None

    def rows(self, name: str, signatures: Sequence[str], doc_ids: set[str]) -> pd.DataFrame:
        """The rows of frame ``name`` (or ``text``) the previous build wrote for ``doc_ids``,
        read from the parts of the batches that held the files with ``signatures``."""
        from claimscope.storage import _read_part

        batches = sorted({self._by_signature[s][0] for s in signatures})
        pieces = []
        for index in batches:
            part = self.batches[index].parts.get(name)
            if part is None:
                continue
            df = _read_part(self.out, name, part, verify=False)
            pieces.append(df[df.doc_id.isin(doc_ids)])
        if not pieces:
            return pd.DataFrame()
        return pd.concat(pieces, ignore_index=True)


def merge_rows(name: str, fresh: pd.DataFrame, kept: pd.DataFrame) -> pd.DataFrame:
    """A batch's frame from its newly parsed rows and the rows kept from the previous build,
    in the contract's order (the same rows, in the same order, as parsing every file)."""
    if not len(kept):
        return fresh
    both = kept if not len(fresh) else pd.concat([fresh, kept], ignore_index=True)
    if name == "text":
        return both.sort_values("doc_id", kind="stable").reset_index(drop=True)
    return sort_frame(name, both.astype(SCHEMAS[name]))


def build_info(fingerprint: str, batches: list[dict]) -> str:
    """The JSON of ``build.json``: the settings fingerprint and every batch written."""
    return json.dumps({"format": BUILD_FORMAT, "fingerprint": fingerprint,
                       "batches": batches}, separators=(",", ":"), ensure_ascii=False)
