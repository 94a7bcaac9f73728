"""Converting a corpus folder saved by claimscope 0.1 (no file list in ``corpus.json``).

``claimscope migrate FOLDER`` calls :func:`migrate_folder`; folders of the current layouts are
left as they are.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from claimscope.errors import CorpusLoadError
from claimscope.schema import FRAMES, READABLE_SCHEMA_VERSIONS, check_spans
from claimscope.storage import META_FILE, _schema_of, write_corpus_folder


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
    if meta.get("schema_version") in READABLE_SCHEMA_VERSIONS:
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
