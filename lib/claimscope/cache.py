"""A per-file cache of parse results, so a rebuild re-parses only the files that changed.

One SQLite file maps a key to the compressed JSON of everything one file contributed to the
frames (its manifest record, its text and its rows). The key is the SHA-256 of the file's
relative path, its content hash and the **settings fingerprint**: claimscope's version and
source code, every shipped data file, and the user's rule, cue, codebook, model and lexicon
files (:func:`settings_fingerprint`). Change any of them and every key changes, so a cache can
never return a result that a fresh parse would not give. Values are data (JSON), never code:
a damaged or foreign cache file is ignored with a warning, never executed.

>>> import tempfile
>>> cache = DocumentCache(Path(tempfile.mkdtemp()) / "cache.sqlite")
>>> key = cache_key("a.txt", "0" * 64, "settings")
>>> cache.get(key) is None
True
>>> cache.put(key, {"record": {"path": "a.txt"}, "rows": {"sentences": []}})
>>> cache.get(key)["record"]
{'path': 'a.txt'}
>>> cache.close()
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import sqlite3
import zlib
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from claimscope import __version__

log = logging.getLogger("claimscope")

#: Bumped when the cached payload's layout changes.
CACHE_FORMAT = 1


def _package_digest() -> str:
    """SHA-256 over claimscope's own source files and shipped data (computed once)."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".yml", ".yaml", ".npz", ".json", ".txt", ".csv") \
                and path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


_PACKAGE_DIGEST: str | None = None


def settings_fingerprint(recorded: dict, files: Iterable[str | Path | None] = (),
                         extra: str = "") -> str:
    """A hash that changes whenever anything that shapes a parse result changes.

    Parameters
    ----------
    recorded
        The build's recorded settings (``Settings.recorded``).
    files
        The user's own data files (rules, cues, codebook, model, lexicon): their content counts.
    extra
        Anything else that changes results (e.g. a ``repr`` of rules passed as an object).

    Examples
    --------
    >>> a = settings_fingerprint({"claims": True})
    >>> a == settings_fingerprint({"claims": True}), a == settings_fingerprint({"claims": False})
    (True, False)
    """
    global _PACKAGE_DIGEST
    if _PACKAGE_DIGEST is None:
        _PACKAGE_DIGEST = _package_digest()
    digest = hashlib.sha256(f"{CACHE_FORMAT}\0{_PACKAGE_DIGEST}\0".encode())
    digest.update(json.dumps(recorded, sort_keys=True, default=str).encode())
    for item in files:
        if item is None:
            continue
        path = Path(item)
        digest.update(str(path).encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest() if path.is_file() else b"-")
    digest.update(extra.encode())
    return digest.hexdigest()


def cache_key(path: str, sha256: str, fingerprint: str) -> str:
    """The cache key of one file's result (its relative path, content hash and settings)."""
    return hashlib.sha256(f"{path}\0{sha256}\0{fingerprint}".encode()).hexdigest()


def _plain(value):
    """JSON for the values rows hold (numpy scalars, pandas NA, non-finite floats)."""
    if isinstance(value, np.integer | np.bool_):
        return value.item()
    if isinstance(value, np.floating):
        value = float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return {"__float__": repr(value)}
    if value is pd.NA or value is None:
        return None
    raise TypeError(f"cannot cache a value of type {type(value).__name__}")


def _encode(payload: dict) -> bytes:
    def walk(obj):
        if isinstance(obj, dict):
            return {k: walk(v) for k, v in obj.items()}
        if isinstance(obj, list | tuple):
            return [walk(v) for v in obj]
        if isinstance(obj, float) and not math.isfinite(obj):
            return {"__float__": repr(obj)}
        return obj

    text = json.dumps(walk(payload), default=_plain, ensure_ascii=False, allow_nan=False)
    return zlib.compress(text.encode("utf-8"), 3)


def _decode(blob: bytes) -> dict:
    def hook(obj: dict):
        if len(obj) == 1 and "__float__" in obj:
            return float(obj["__float__"])
        return obj

    return json.loads(zlib.decompress(blob).decode("utf-8"), object_hook=hook)


class DocumentCache:
    """Parse results by :func:`cache_key`, in one SQLite file (created when missing).

    Entries not read or written since :meth:`open` are removed by :meth:`prune`, so the file
    holds only what the last build used.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.used: set[str] = set()
        self.hits = 0
        try:
            self._db = self._connect()
        except sqlite3.DatabaseError as err:
            log.warning("%s: not a usable cache (%s); starting a new one", self.path, err)
            self.path.unlink(missing_ok=True)
            self._db = self._connect()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path)
        db.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, payload BLOB)")
        db.execute("SELECT count(*) FROM results").fetchone()
        return db

    def has(self, key: str) -> bool:
        """Whether ``key`` has an entry (without reading it)."""
        return self._db.execute("SELECT 1 FROM results WHERE key = ?", (key,)).fetchone() \
            is not None

    def get(self, key: str) -> dict | None:
        """The cached payload, or ``None`` (a damaged entry counts as missing and is logged)."""
        row = self._db.execute("SELECT payload FROM results WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            payload = _decode(row[0])
        except (zlib.error, UnicodeDecodeError, json.JSONDecodeError, TypeError) as err:
            log.warning("%s: a damaged entry is ignored (%s)", self.path, err)
            return None
        self.used.add(key)
        self.hits += 1
        return payload

    def put(self, key: str, payload: dict) -> None:
        """Store one result (replacing an older one under the same key)."""
        self._db.execute("INSERT OR REPLACE INTO results VALUES (?, ?)", (key, _encode(payload)))
        self.used.add(key)

    def keep(self, key: str) -> None:
        """Count ``key`` as used without reading it (its file was reused from the previous
        output), so :meth:`prune` keeps its entry."""
        self.used.add(key)

    def prune(self) -> int:
        """Drop every entry this session neither read nor wrote; the number dropped."""
        keys = [k for (k,) in self._db.execute("SELECT key FROM results")]
        stale = [(k,) for k in keys if k not in self.used]
        self._db.executemany("DELETE FROM results WHERE key = ?", stale)
        return len(stale)

    def close(self) -> None:
        """Commit and close."""
        self._db.commit()
        self._db.close()
