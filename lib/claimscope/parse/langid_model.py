"""py3langid's model, read once from its xz file and then from a fast copy in the user's cache.

py3langid ships its model as an LZMA-compressed ``.npz`` (4.6 MB; 68 MB of arrays). Decompressing
it costs about 0.4 s in every process that identifies a language, the largest fixed cost of a
rebuild after a one-page edit. The first load writes the same arrays, uncompressed ``.npy``
records, each compressed with zstd (7 MB, about 0.06 s to read), to
``<user cache>/claimscope/py3langid-<version>-<sha256 of the model file>.npyz``; every later
load reads that copy. The arrays are byte for byte those of the model file, so languages and
scores are identical (``tests/test_language.py`` checks it). Nothing is pickled: the copy is
read with ``allow_pickle=False``.

The cache folder is ``$CLAIMSCOPE_CACHE_DIR`` when set, else the platform's user cache
(:func:`platformdirs.user_cache_dir`). When it cannot be written (a read-only home) or the copy
is unreadable, the model is read from the xz file as py3langid does, only slower.

>>> ptc, pc, classes, nextmove, row, output = model_tables()
>>> ptc.shape[1] == len(pc) == len(classes), "nl" in classes
(True, True)
"""

from __future__ import annotations

import hashlib
import io
import lzma
import os
import shutil
import struct
import tempfile
from array import array
from importlib.metadata import version
from pathlib import Path

import numpy as np
from py3langid.langid import MODEL_DIR, MODEL_FILE

MODEL_PATH = MODEL_DIR / MODEL_FILE
CACHE_ENV = "CLAIMSCOPE_CACHE_DIR"
#: the arrays of py3langid's model file, in the order they are written
NAMES = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")
_MAGIC = b"CSLID1\n"
_TYPECODE = {2: "H", 4: "I", 8: "L"}


def cache_dir() -> Path:
    """Where the fast copy lives: ``$CLAIMSCOPE_CACHE_DIR``, else the user cache folder."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("claimscope", appauthor=False))


def cached_copy_path(model_path: Path = MODEL_PATH) -> Path:
    """The fast copy's path, named by py3langid's version and the model file's sha256."""
    digest = hashlib.sha256(model_path.read_bytes()).hexdigest()[:16]
    return cache_dir() / f"py3langid-{version('py3langid')}-{digest}.npyz"


def read_model_file(model_path: Path = MODEL_PATH) -> dict[str, np.ndarray]:
    """The model file's arrays by name, as py3langid reads them (LZMA, then ``np.load``)."""
    with tempfile.TemporaryFile(suffix=".npz") as tmp:  # never all 68 MB in memory at once
        with lzma.open(model_path) as source:
            shutil.copyfileobj(source, tmp, length=1 << 20)
        tmp.seek(0)
        with np.load(tmp, allow_pickle=False) as data:
            missing = set(NAMES).difference(data.files)
            if missing:
                raise ValueError(f"{model_path}: not a py3langid 0.4 model (no "
                                 f"{sorted(missing)})")
            return {name: data[name] for name in NAMES}


def write_copy(arrays: dict[str, np.ndarray], path: Path) -> None:
    """Write ``arrays`` to ``path``, each as its own zstd frame (so a reader holds one array's
    bytes at a time), atomically (a reader never sees half a file)."""
    import pyarrow as pa

    parts = [_MAGIC]
    for name in NAMES:
        buffer = io.BytesIO()
        np.save(buffer, arrays[name], allow_pickle=False)
        raw = buffer.getvalue()
        packed = pa.compress(raw, codec="zstd", asbytes=True)
        parts += [struct.pack("<QQ", len(raw), len(packed)), packed]
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.write_bytes(b"".join(parts))
    os.replace(partial, path)


def read_copy(path: Path) -> dict[str, np.ndarray]:
    """The arrays of a copy written by :func:`write_copy`; ``ValueError`` when it is not one."""
    import pyarrow as pa

    blob = memoryview(path.read_bytes())
    if not bytes(blob[:len(_MAGIC)]) == _MAGIC:
        raise ValueError(f"{path}: not a claimscope copy of py3langid's model")
    at, arrays = len(_MAGIC), {}
    for name in NAMES:
        try:
            size, packed = struct.unpack("<QQ", blob[at:at + 16])
            raw = pa.decompress(blob[at + 16:at + 16 + packed], decompressed_size=size,
                                codec="zstd", asbytes=True)
        except (struct.error, OSError, pa.ArrowException) as err:
            raise ValueError(f"{path}: damaged ({err})") from None
        at += 16 + packed
        stream = io.BytesIO(raw)
        major, _ = np.lib.format.read_magic(stream)
        read_header = (np.lib.format.read_array_header_1_0 if major == 1
                       else np.lib.format.read_array_header_2_0)
        shape, fortran, dtype = read_header(stream)
        if fortran or dtype.hasobject:
            raise ValueError(f"{path}: not a claimscope copy of py3langid's model")
        # a view of this array's own decompressed bytes (no second copy)
        arrays[name] = np.frombuffer(raw, dtype=dtype, count=int(np.prod(shape)),
                                     offset=stream.tell()).reshape(shape)
    return arrays


def _as_uint_array(values: np.ndarray) -> array:
    """A NumPy unsigned array as the stdlib ``array`` py3langid's tokenizer walks."""
    out = array(_TYPECODE[values.dtype.itemsize])
    out.frombytes(memoryview(np.ascontiguousarray(values)).cast("B"))
    return out


def model_arrays(model_path: Path = MODEL_PATH) -> dict[str, np.ndarray]:
    """The model file's arrays: from the fast copy when there is one, else from the xz file
    (then the copy is written for the next process; a folder that cannot be written is
    left alone)."""
    path = cached_copy_path(model_path)
    try:
        return read_copy(path)
    except (OSError, ValueError):
        pass
    arrays = read_model_file(model_path)
    try:
        write_copy(arrays, path)
    except OSError:
        pass
    return arrays


def model_tables(model_path: Path = MODEL_PATH) -> tuple:
    """``(nb_ptc, nb_pc, nb_classes, tk_nextmove, tk_row, tk_output)``: what py3langid's
    ``LanguageIdentifier`` is built from, equal to what its own loader returns."""
    a = model_arrays(model_path)
    return (a["ptc"], a["pc"], a["classes"].tolist(), _as_uint_array(a["nextmove"]),
            _as_uint_array(a["nextmove_row"]), a["out_feat"].tolist())
