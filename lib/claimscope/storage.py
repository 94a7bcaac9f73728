"""Saving and loading a corpus folder: atomic writes, a checked manifest, clear errors.

A saved folder holds one folder of parquet parts per frame (plus ``text/``) and ``corpus.json``,
which records the layout version and, for every part, its sha256 and row count. A
:class:`CorpusWriter` writes parts batch by batch (a build never holds the whole corpus in
memory) into a temporary sibling folder, syncs it and only then swaps it into place, so an
interrupted or failed save leaves the previous output as it was. :func:`read_frame` reads one
frame, or some of its columns and rows, without loading the rest.
:func:`read_corpus_folder` checks everything ``corpus.json`` promises, plus the span invariant
(bounds of every row, the text of a fixed sample), and raises one
:class:`~claimscope.errors.CorpusLoadError` that names the file and the problem.

>>> import tempfile, pandas as pd
>>> from claimscope.schema import frame
>>> folder = Path(tempfile.mkdtemp()) / "out"
>>> frames = {name: frame(name, []) for name in FRAMES}
>>> frames["text"] = pd.DataFrame({"doc_id": ["d"], "text": ["Hallo."]}).astype("str")
>>> _ = write_corpus_folder(folder, frames, {"root": "x", "settings": {}})
>>> loaded, meta = read_corpus_folder(folder)
>>> loaded["text"].text.tolist(), meta["schema_version"]
(['Hallo.'], 3)
>>> read_frame(folder, "text", columns=["doc_id"]).doc_id.tolist()
['d']
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import os
import shutil
import uuid
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as pads

from claimscope.errors import ClaimscopeError, CorpusLoadError
from claimscope.schema import (
    FRAMES,
    READABLE_SCHEMA_VERSIONS,
    SCHEMA_VERSION,
    SCHEMAS,
    TEXT_SCHEMA,
    check_spans,
    sort_frame,
)

META_FILE = "corpus.json"
LOCK_FILE = ".claimscope.lock"
#: Rows per parquet row group: the writer holds one group's encoded columns at a time, so a long
#: document's part is written in bounded memory (a batch of ordinary pages is one group). Text
#: columns get no min/max statistics and no dictionary: they filter and repeat nothing, and
#: both would copy a 50 MB page's text.
ROW_GROUP_ROWS = 65_536


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _schema_of(name: str) -> dict[str, str]:
    return TEXT_SCHEMA if name == "text" else SCHEMAS[name]


def is_corpus_folder(path: Path) -> bool:
    """Whether ``path`` is a folder a claimscope save wrote (it has ``corpus.json``)."""
    return (path / META_FILE).is_file()


def check_output_folder(out: Path) -> None:
    """Refuse an output path that a save could not safely replace (before any parsing).

    >>> check_output_folder(Path("seeds"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    claimscope.errors.ClaimscopeError: seeds: exists and is not a claimscope output folder ...
    """
    if out.exists() and not out.is_dir():
        raise ClaimscopeError(f"{out}: is a file, not a folder; choose a folder for --out")
    if out.is_dir() and any(out.iterdir()) and not is_corpus_folder(out):
        raise ClaimscopeError(f"{out}: exists and is not a claimscope output folder (no "
                              f"{META_FILE}); choose an empty or new folder for --out")
    parent = out.parent if str(out.parent) else Path(".")
    probe = parent
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if not os.access(probe, os.W_OK):
        raise ClaimscopeError(f"{out}: cannot write here ({probe} is not writable)")


@contextlib.contextmanager
def output_lock(out: Path):
    """Hold ``<out>.claimscope.lock`` beside ``out`` for a build; a second build is refused."""
    out.parent.mkdir(parents=True, exist_ok=True)
    lock = out.parent / f".{out.name}{LOCK_FILE}"
    try:
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        raise ClaimscopeError(f"{out}: another build is writing here (lock file {lock}); wait "
                              "for it, or delete the lock file if no build is running") from None
    try:
        os.write(fd, f"{os.getpid()}\n".encode())
        os.close(fd)
        yield lock
    finally:
        with contextlib.suppress(FileNotFoundError):
            lock.unlink()


class CorpusWriter:
    """Write a corpus folder part by part; it replaces ``out`` only on :meth:`commit`.

    >>> import tempfile
    >>> from claimscope.schema import frame
    >>> out = Path(tempfile.mkdtemp()) / "out"
    >>> with CorpusWriter(out) as writer:
    ...     writer.write({"text": pd.DataFrame({"doc_id": ["a"], "text": ["Een."]})})
    ...     _ = writer.write({"text": pd.DataFrame({"doc_id": ["b"], "text": ["Twee."]})})
    ...     _ = writer.commit({"root": "x", "settings": {}})
    {'text': 'text/part-00000.parquet'}
    >>> sorted(p.name for p in (out / "text").iterdir())
    ['part-00000.parquet', 'part-00001.parquet']
    """

    def __init__(self, out: Path):
        check_output_folder(out)
        self.out = out
        out.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = out.parent / f".{out.name}.tmp-{uuid.uuid4().hex[:8]}"
        self.tmp.mkdir()
        self.parts: dict[str, list[dict]] = {name: [] for name in (*FRAMES, "text")}
        self.done = False

    def __enter__(self) -> CorpusWriter:
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if not self.done:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def write(self, frames: dict[str, pd.DataFrame]) -> dict[str, str]:
        """Add one batch: a part for every frame given that has rows; the file of each part."""
        written = {}
        for name, df in frames.items():
            if name not in self.parts:
                raise ValueError(f"unknown frame {name!r}")
            if len(df):
                written[name] = self._write_part(name, df)
        return written

    def _next_part(self, name: str) -> tuple[Path, str]:
        """The path of frame ``name``'s next part and its name in ``corpus.json``."""
        (self.tmp / name).mkdir(exist_ok=True)
        file = f"{name}/part-{len(self.parts[name]):05d}.parquet"
        return self.tmp / file, file

    def _write_part(self, name: str, df: pd.DataFrame) -> str:
        schema = _schema_of(name)
        df = df.reindex(columns=list(schema)).astype(schema)
        path, file = self._next_part(name)
        df.to_parquet(path, index=False, row_group_size=ROW_GROUP_ROWS,
                      write_statistics=[c for c in schema if c != "text"],
                      use_dictionary=[c for c in schema if c != "text"])
        _fsync(path)
        self.parts[name].append({"file": file, "sha256": _sha256(path), "rows": len(df)})
        return file

    def adopt(self, name: str, source: Path, part: dict) -> str:
        """Add a part another save wrote (``part``: its ``corpus.json`` entry) as it is: linked
        when the file system allows, else copied, and checked against its sha256."""
        path, file = self._next_part(name)
        try:
            os.link(source, path)
        except OSError:
            shutil.copyfile(source, path)
            _fsync(path)
        if _sha256(path) != part["sha256"]:
            raise CorpusLoadError(f"{source}: differs from what its {META_FILE} recorded")
        self.parts[name].append({"file": file, "sha256": part["sha256"], "rows": part["rows"]})
        return file

    def add_file(self, name: str, text: str) -> None:
        """Write one more (non-frame) file into the folder, e.g. ``build.json``."""
        path = self.tmp / name
        path.write_text(text, encoding="utf-8")
        _fsync(path)

    def commit(self, meta: dict) -> Path:
        """Write ``corpus.json`` and swap the folder into place (atomically where possible)."""
        for name, parts in self.parts.items():
            if not parts:  # an empty frame still records its columns
                schema = _schema_of(name)
                self._write_part(name, pd.DataFrame({c: pd.Series(dtype=t)
                                                     for c, t in schema.items()}))
        files = {name: {"parts": parts, "rows": sum(p["rows"] for p in parts),
                        "columns": list(_schema_of(name))} for name, parts in self.parts.items()}
        header = {"schema_version": SCHEMA_VERSION, **meta, "files": files}
        (self.tmp / META_FILE).write_text(json.dumps(header, indent=2, sort_keys=True) + "\n",
                                          encoding="utf-8")
        _fsync(self.tmp / META_FILE)
        for name in self.parts:
            _fsync(self.tmp / name)
        _fsync(self.tmp)
        out, old = self.out, None
        check_output_folder(out)
        if out.exists() and _exchange(self.tmp, out):  # atomic swap: out is never missing
            old = self.tmp                                # tmp now holds the previous folder
        else:
            if out.exists():
                old = out.parent / f".{out.name}.old-{uuid.uuid4().hex[:8]}"
                out.rename(old)
            self.tmp.rename(out)
        self.done = True
        _fsync(out.parent)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return out


def write_corpus_folder(out: Path, frames: dict[str, pd.DataFrame], meta: dict) -> Path:
    """Write ``frames`` (every frame of the contract and ``text``) and ``meta`` to ``out``."""
    with CorpusWriter(out) as writer:
        writer.write(frames)
        return writer.commit(meta)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically (Linux ``renameat2`` with ``RENAME_EXCHANGE``); False where
    the system cannot (then two renames, with a short window, are the fallback)."""
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_cwd, exchange = -100, 2
    return fn(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), exchange) == 0


def _read_meta(folder: Path) -> dict:
    if not folder.exists():
        left = sorted(folder.parent.glob(f".{folder.name}.old-*")) if folder.parent.exists() \
            else []
        hint = f"; an interrupted save left the previous output in {left[-1]}" if left else ""
        raise CorpusLoadError(f"{folder}: no such folder{hint}")
    if not folder.is_dir():
        raise CorpusLoadError(f"{folder}: is a file, not a saved corpus folder")
    meta_path = folder / META_FILE
    if not meta_path.is_file():
        raise CorpusLoadError(f"{folder}: holds no saved corpus (no {META_FILE})")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise CorpusLoadError(f"{meta_path}: damaged ({type(err).__name__}: {err})") from None
    if not isinstance(meta, dict):
        raise CorpusLoadError(f"{meta_path}: damaged (not a JSON object)")
    version = meta.get("schema_version")
    if version is None:
        raise CorpusLoadError(f"{folder}: saved by claimscope {meta.get('claimscope_version', '?')}"
                              f" in the old layout (no file list); convert it once with "
                              f"`claimscope migrate {folder}`")
    if version not in READABLE_SCHEMA_VERSIONS or not isinstance(meta.get("files"), dict):
        raise CorpusLoadError(f"{meta_path}: layout version {version!r}; this claimscope reads "
                              f"version {SCHEMA_VERSION}")
    return meta


def _parts_of(folder: Path, name: str, entry: dict | None) -> list[dict]:
    """The part files ``corpus.json`` lists for a frame (a version-2 entry is one part)."""
    if not isinstance(entry, dict):
        raise CorpusLoadError(f"{folder / META_FILE}: lists no {name} frame")
    parts = entry.get("parts", [entry] if "file" in entry else None)
    if not isinstance(parts, list) or not all(isinstance(p, dict) and isinstance(
            p.get("file"), str) for p in parts):
        raise CorpusLoadError(f"{folder / META_FILE}: the {name} entry is damaged")
    return parts


def _part_path(folder: Path, part: dict) -> Path:
    path = folder / part["file"]
    if ".." in Path(part["file"]).parts or Path(part["file"]).is_absolute():
        raise CorpusLoadError(f"{folder / META_FILE}: names a file outside the folder "
                              f"({part['file']})")
    if not path.is_file():
        raise CorpusLoadError(f"{path}: missing (the save that wrote {folder} was incomplete)")
    return path


def _read_part(folder: Path, name: str, part: dict, verify: bool, columns=None,
               filters=None) -> pd.DataFrame:
    path = _part_path(folder, part)
    if verify and _sha256(path) != part.get("sha256"):
        raise CorpusLoadError(f"{path}: content differs from what {META_FILE} recorded "
                              "(changed or damaged after the save)")
    try:
        df = pd.read_parquet(path, columns=columns, filters=filters)
    except (OSError, pa.ArrowException, ValueError) as err:
        raise CorpusLoadError(f"{path}: not a readable parquet file ({err})") from None
    schema = _schema_of(name)
    if columns is None and list(df.columns) != list(schema):
        missing = [c for c in schema if c not in df.columns]
        raise CorpusLoadError(f"{path}: columns {list(df.columns)} do not match the {name} "
                              f"schema" + (f" (missing {missing})" if missing else ""))
    if filters is None and len(df) != part.get("rows"):
        raise CorpusLoadError(f"{path}: {len(df)} rows, {META_FILE} recorded {part.get('rows')}")
    try:
        return df.astype({c: schema[c] for c in df.columns if c in schema})
    except (TypeError, ValueError) as err:
        raise CorpusLoadError(f"{path}: a column has the wrong type ({err})") from None


def _read_frame(folder: Path, name: str, entry: dict | None, verify: bool) -> pd.DataFrame:
    parts = [_read_part(folder, name, part, verify) for part in _parts_of(folder, name, entry)]
    if not parts:
        schema = _schema_of(name)
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in schema.items()})
    df = parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)
    if isinstance(entry, dict) and "rows" in entry and len(df) != entry["rows"]:
        raise CorpusLoadError(f"{folder / META_FILE}: {name} has {len(df)} rows, "
                              f"{entry['rows']} recorded")
    if name == "text":
        return df.sort_values("doc_id", kind="stable").reset_index(drop=True)
    return sort_frame(name, df) if len(parts) > 1 else df


def read_frame(folder: str | Path, name: str, columns: list[str] | None = None,
               filters: list | None = None, verify: bool = True) -> pd.DataFrame:
    """One frame of a saved corpus, optionally only some columns and the rows ``filters`` keep
    (pyarrow's ``[(column, op, value), …]`` form), without reading the other frames.

    For corpora too large to load whole: ``read_frame(out, "sentences", columns=["doc_id",
    "text"], filters=[("language", "==", "nl")])``. Each part read is verified against its
    recorded sha256 (``verify=False`` skips that).
    """
    folder = Path(folder)
    meta = _read_meta(folder)
    if name not in (*FRAMES, "text"):
        raise CorpusLoadError(f"{folder}: no frame {name!r} (frames: {', '.join(FRAMES)}, text)")
    schema = _schema_of(name)
    unknown = [c for c in columns or () if c not in schema]
    if unknown:
        raise CorpusLoadError(f"{folder}: the {name} frame has no column(s) {unknown}")
    parts = [_read_part(folder, name, part, verify, columns, filters)
             for part in _parts_of(folder, name, meta["files"].get(name))]
    want = columns or list(schema)
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=schema[c]) for c in want})
    return pd.concat(parts, ignore_index=True)[want]


def dataset(folder: str | Path, name: str) -> pads.Dataset:
    """A ``pyarrow.dataset`` over one frame's parts (lazy; for scans of very large corpora)."""
    folder = Path(folder)
    meta = _read_meta(folder)
    paths = [str(_part_path(folder, p)) for p in _parts_of(folder, name, meta["files"].get(name))]
    return pads.dataset(paths, format="parquet")


def read_corpus_folder(folder: Path, verify: bool = True) -> tuple[dict[str, pd.DataFrame], dict]:
    """The frames and metadata of a saved corpus folder, checked (see module docstring)."""
    meta = _read_meta(folder)
    files = meta["files"]
    frames = {name: _read_frame(folder, name, files.get(name), verify)
              for name in (*FRAMES, "text")}
    text = frames["text"]
    duplicated = text.doc_id[text.doc_id.duplicated()]
    if len(duplicated):
        raise CorpusLoadError(f"{folder / 'text'}: document {duplicated.iloc[0]!r} "
                              "appears twice")
    texts = dict(zip(text.doc_id, text.text, strict=True))
    missing = sorted(set(frames["documents"].doc_id) - set(texts))
    if missing:
        raise CorpusLoadError(f"{folder / 'text'}: no text for document(s) {missing[:3]}")
    check_spans(frames, texts, folder)
    return frames, meta
