"""Saving and loading a corpus folder: atomic writes, a checked manifest, clear errors.

A saved folder holds one parquet file per frame (plus ``text.parquet``) and ``corpus.json``,
which records the layout version and, for every file, its sha256, row count and columns.
:func:`write_corpus_folder` writes into a temporary sibling folder, syncs it and only then swaps
it into place, so an interrupted or failed save leaves the previous output as it was.
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
(['Hallo.'], 2)
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
import pyarrow.parquet as pq

from claimscope.errors import ClaimscopeError, CorpusLoadError
from claimscope.schema import FRAMES, SCHEMA_VERSION, SCHEMAS, SPAN_FRAMES, TEXT_SCHEMA

META_FILE = "corpus.json"
LOCK_FILE = ".claimscope.lock"
SPAN_SAMPLE = 2000


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


def write_corpus_folder(out: Path, frames: dict[str, pd.DataFrame], meta: dict) -> Path:
    """Write ``frames`` (every frame of the contract and ``text``) and ``meta`` to ``out``."""
    check_output_folder(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.parent / f".{out.name}.tmp-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    try:
        files = {}
        for name in (*FRAMES, "text"):
            df = frames[name]
            path = tmp / f"{name}.parquet"
            df.to_parquet(path, index=False)
            _fsync(path)
            files[name] = {"file": path.name, "sha256": _sha256(path), "rows": len(df),
                           "columns": list(df.columns)}
        header = {"schema_version": SCHEMA_VERSION, **meta, "files": files}
        (tmp / META_FILE).write_text(json.dumps(header, indent=2, sort_keys=True) + "\n",
                                     encoding="utf-8")
        _fsync(tmp / META_FILE)
        _fsync(tmp)
        old = None
        if out.exists() and _exchange(tmp, out):  # atomic swap: out is never missing
            old = tmp                               # tmp now holds the previous folder
        else:
            if out.exists():
                old = out.parent / f".{out.name}.old-{uuid.uuid4().hex[:8]}"
                out.rename(old)
            tmp.rename(out)
        _fsync(out.parent)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


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
    if version != SCHEMA_VERSION or not isinstance(meta.get("files"), dict):
        raise CorpusLoadError(f"{meta_path}: layout version {version!r}; this claimscope reads "
                              f"version {SCHEMA_VERSION}")
    return meta


def _read_frame(folder: Path, name: str, entry: dict | None, verify: bool) -> pd.DataFrame:
    if not isinstance(entry, dict):
        raise CorpusLoadError(f"{folder / META_FILE}: lists no {name} frame")
    path = folder / f"{name}.parquet"
    if not path.is_file():
        raise CorpusLoadError(f"{path}: missing (the save that wrote {folder} was incomplete)")
    if verify and _sha256(path) != entry.get("sha256"):
        raise CorpusLoadError(f"{path}: content differs from what {META_FILE} recorded "
                              "(changed or damaged after the save)")
    try:
        df = pd.read_parquet(path)
    except (OSError, pa.ArrowException, ValueError) as err:
        raise CorpusLoadError(f"{path}: not a readable parquet file ({err})") from None
    schema = _schema_of(name)
    if list(df.columns) != list(schema):
        missing = [c for c in schema if c not in df.columns]
        raise CorpusLoadError(f"{path}: columns {list(df.columns)} do not match the {name} "
                              f"schema" + (f" (missing {missing})" if missing else ""))
    if len(df) != entry.get("rows"):
        raise CorpusLoadError(f"{path}: {len(df)} rows, {META_FILE} recorded {entry.get('rows')}")
    try:
        return df.astype(schema)
    except (TypeError, ValueError) as err:
        raise CorpusLoadError(f"{path}: a column has the wrong type ({err})") from None


def check_spans(frames: dict[str, pd.DataFrame], texts: dict[str, str], where: Path) -> None:
    """Every span row's bounds lie in its document's text; a fixed sample's text matches."""
    lengths = pd.Series({d: len(t) for d, t in texts.items()}, dtype="int64")
    for name, column in SPAN_FRAMES.items():
        df = frames[name]
        if df.empty:
            continue
        unknown = sorted(set(df.doc_id) - set(texts))
        if unknown:
            raise CorpusLoadError(f"{where / (name + '.parquet')}: rows for document(s) "
                                  f"{unknown[:3]} that text.parquet does not hold")
        bad = (df.start < 0) | (df.end < df.start) | (df.end > df.doc_id.map(lengths))
        if bad.any():
            row = df[bad].iloc[0]
            raise CorpusLoadError(f"{where / (name + '.parquet')}: span {row.start}–{row.end} "
                                  f"of {row.doc_id} lies outside its text")
        step = max(1, len(df) // SPAN_SAMPLE)
        for row in df.iloc[::step].itertuples(index=False):
            if texts[row.doc_id][row.start:row.end] != getattr(row, column):
                raise CorpusLoadError(f"{where / (name + '.parquet')}: the text of span "
                                      f"{row.start}–{row.end} in {row.doc_id} differs from "
                                      "text.parquet (frames from different saves?)")


def read_corpus_folder(folder: Path, verify: bool = True) -> tuple[dict[str, pd.DataFrame], dict]:
    """The frames and metadata of a saved corpus folder, checked (see module docstring)."""
    meta = _read_meta(folder)
    files = meta["files"]
    frames = {name: _read_frame(folder, name, files.get(name), verify)
              for name in (*FRAMES, "text")}
    text = frames["text"]
    duplicated = text.doc_id[text.doc_id.duplicated()]
    if len(duplicated):
        raise CorpusLoadError(f"{folder / 'text.parquet'}: document {duplicated.iloc[0]!r} "
                              "appears twice")
    texts = dict(zip(text.doc_id, text.text, strict=True))
    missing = sorted(set(frames["documents"].doc_id) - set(texts))
    if missing:
        raise CorpusLoadError(f"{folder / 'text.parquet'}: no text for document(s) {missing[:3]}")
    check_spans(frames, texts, folder)
    return frames, meta


def migrate_folder(folder: Path) -> Path:
    """Convert a folder saved in the old layout (no file list in ``corpus.json``) in place.

    Every frame that layout could hold is read, checked against the texts, and written again
    in the current layout (frames it lacked are empty); the old files are replaced atomically.
    """
    meta_path = folder / META_FILE
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise CorpusLoadError(f"{meta_path}: cannot read ({err})") from None
    if meta.get("schema_version") == SCHEMA_VERSION:
        return folder
    frames = {}
    for name in (*FRAMES, "text"):
        path = folder / f"{name}.parquet"
        schema = _schema_of(name)
        if path.is_file():
            frames[name] = pq.read_table(path).to_pandas().reindex(columns=list(schema)).astype(
                schema)
        else:
            frames[name] = pd.DataFrame({c: pd.Series(dtype=t) for c, t in schema.items()})
    texts = dict(zip(frames["text"].doc_id, frames["text"].text, strict=True))
    check_spans(frames, texts, folder)
    meta.pop("files", None)
    return write_corpus_folder(folder, frames, {k: v for k, v in meta.items()
                                                if k != "schema_version"})
