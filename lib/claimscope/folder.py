"""Parsing a corpus straight into a saved folder, batch by batch, with bounded memory.

:func:`build_corpus_folder` is what ``claimscope build`` runs: documents are analysed in
discovery order (:func:`claimscope.build.analyse_all`), gathered into batches and written as
parquet parts (:class:`claimscope.storage.CorpusWriter`); with the cache on, every unchanged file
keeps its rows from the previous output (:mod:`claimscope.incremental`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from claimscope import __version__
from claimscope.build import DocumentResult, analyse_all, default_cache_path, open_cache
from claimscope.corpus import Corpus, assemble  # noqa: F401 - Corpus: the doctest
from claimscope.errors import CorpusError
from claimscope.incremental import (
    BUILD_FILE,
    PreviousBuild,
    build_info,
    content_hash,
    merge_rows,
    record_signatures,
)
from claimscope.parse.ingest import DEFAULT_MAX_BYTES, discover
from claimscope.schema import FRAMES, SCHEMAS, frame
from claimscope.settings import (
    Settings,
    SettingsIdentity,
    _check_errors_mode,
    describe_settings,
    resolve_settings,
)
from claimscope.storage import CorpusWriter


@dataclass
class BuildSummary:
    """What :func:`build_corpus_folder` wrote: the manifest and the row count of every frame."""

    out: Path
    manifest: pd.DataFrame
    rows: dict[str, int]
    cache_hits: int = 0
    #: Files whose rows were kept from the previous output (neither read nor parsed again).
    reused: int = 0

    def summary(self) -> str:
        """The same line as :meth:`Corpus.summary`."""
        counts = self.manifest.status.value_counts().to_dict()
        return (f"{len(self.manifest)} files: {counts.get('ok', 0)} loaded, "
                f"{counts.get('skipped', 0)} skipped, {counts.get('failed', 0)} failed; "
                f"{self.rows['sentences']:,} sentences, {self.rows['boilerplate']:,} "
                "boilerplate spans")

    def reuse_note(self) -> str:
        """" (999 unchanged, kept from the previous build; 1 from the cache)", or ""."""
        said = [f"{self.reused} unchanged, kept from the previous build"] if self.reused else []
        if self.cache_hits:
            said.append(f"{self.cache_hits} from the cache")
        return f" ({'; '.join(said)})" if said else ""


#: A build writes a batch of parts when this many documents, or bytes of files, have gathered
#: (small enough that an edit rewrites little: a one-page edit reads and writes one batch).
BATCH_DOCUMENTS = 100
BATCH_CHARACTERS = 5_000_000


def build_corpus_folder(path_or_paths, out: str | Path, *, n_jobs: int | None = -1,
                        cache: str | Path | None | bool = True, client=None,
                        errors: str = "report", max_bytes: int = DEFAULT_MAX_BYTES,
                        progress: bool | None = False, batch_documents: int = BATCH_DOCUMENTS,
                        batch_characters: int = BATCH_CHARACTERS, **settings_kwargs
                        ) -> BuildSummary:
    """Parse a corpus straight into a saved folder, batch by batch (bounded memory).

    The same frames as ``load_corpus(...).save(out)``, but written as parquet parts every
    ``batch_documents`` documents (or when the files read reach ``batch_characters`` bytes,
    which bounds their characters), so memory does not grow with the corpus. ``cache=True``
    keeps per-file results beside ``out`` (``.<out>.cache.sqlite``) and, on a rebuild, keeps
    the rows of every unchanged file from the previous ``out`` (:mod:`claimscope.incremental`):
    only changed files are parsed, and only the parts they sit in are rewritten. Nothing
    replaces ``out`` unless the build succeeds; when no document loads, ``out`` is left as it
    was and :class:`~claimscope.errors.CorpusError` says so.

    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "processed"
    >>> build_corpus_folder("seeds", out, concepts=False).summary()
    '5 files: 5 loaded, 0 skipped, 0 failed; 806 sentences, 84 boilerplate spans'
    >>> Corpus.load(out)
    <Corpus 5 documents, 806 sentences (5 ok, 0 skipped, 0 failed)>
    """
    _check_errors_mode(errors)
    out = Path(out)
    identity = describe_settings(**settings_kwargs)
    records = discover(path_or_paths)
    root = str(path_or_paths) if isinstance(path_or_paths, str | Path) else ""
    store = open_cache(default_cache_path(out) if cache is True else (cache or None), identity)
    digests = [content_hash(r, max_bytes) for r in records]
    fingerprint = identity.fingerprint
    signatures = record_signatures(records, digests, fingerprint, max_bytes)
    # With the cache on, files whose signature is unchanged keep their rows in the previous
    # output (see claimscope.incremental); --no-cache parses everything again.
    previous = PreviousBuild.open(out, fingerprint) if store is not None else None
    reused = {}
    if previous is not None:
        for i, (record, signature) in enumerate(zip(records, signatures, strict=True)):
            kept = previous.record(signature, record)
            if kept is not None:
                reused[i] = kept
    # the rules, codebook, model and lexicon are loaded only when a file is parsed again
    settings = resolve_settings(**settings_kwargs) if any(
        r.status == "pending" and i not in reused for i, r in enumerate(records)) else identity
    rows = dict.fromkeys(FRAMES, 0)
    manifest: list[pd.DataFrame] = []
    batches: list[dict] = []
    try:
        with CorpusWriter(out) as writer:
            batch: list[tuple[int, DocumentResult]] = []
            size = 0

            def flush() -> None:
                done = _write_batch(writer, previous, [records[i].path for i, _ in batch],
                                    [signatures[i] for i, _ in batch], [r for _, r in batch],
                                    root, settings)
                manifest.append(done.manifest)
                for name, count in done.counts.items():
                    if name in rows:
                        rows[name] += count
                if done.entry is not None:
                    batches.append(done.entry)
                batch.clear()

            results = analyse_all(records, settings, n_jobs=n_jobs, client=client, cache=store,
                                  fingerprint=fingerprint, max_bytes=max_bytes,
                                  errors=errors, progress=progress, digests=digests,
                                  reused=reused)
            for i, result in enumerate(results):
                batch.append((i, result))
                size += result.record.bytes
                if len(batch) >= batch_documents or size >= batch_characters:
                    flush()
                    size = 0
            if batch:
                flush()
            full = frame("manifest", pd.concat(manifest, ignore_index=True) if manifest else [])
            rows["manifest"] = len(full)
            writer.write({"manifest": full})
            if not (full.status == "ok").any():
                raise CorpusError(f"no document could be loaded from {path_or_paths}; {out} "
                                  "was left as it was")
            writer.add_file(BUILD_FILE, build_info(fingerprint, batches))
            writer.commit({"claimscope_version": __version__, "root": root,
                           "settings": dict(settings.recorded)})
        if store is not None:
            store.prune()
    finally:
        if store is not None:
            store.close()
    return BuildSummary(out, full, rows, store.hits if store is not None else 0,
                        reused=len(reused))


@dataclass
class _Written:
    manifest: pd.DataFrame
    counts: dict[str, int]
    entry: dict | None  # the batch's entry in build.json (None: a file could not be signed)


def _write_batch(writer: CorpusWriter, previous: PreviousBuild | None, paths: list[str],
                 signatures: list[str | None], results: list[DocumentResult], root: str,
                 settings: Settings | SettingsIdentity) -> _Written:
    """Write one batch: the previous build's parts as they are when every file is unchanged,
    else the new results' rows merged with the rows kept from the previous parts."""
    manifest = frame("manifest", [{k: getattr(r.record, k) for k in SCHEMAS["manifest"]}
                                  for r in results])
    whole = previous.whole_batch(paths, signatures) if previous is not None and all(
        r.reused for r in results) else None
    if whole is not None:
        written = {name: writer.adopt(name, previous.out / part["file"], part)
                   for name, part in whole.parts.items()}
        counts = {name: int(part["rows"]) for name, part in whole.parts.items()}
    else:
        frames = assemble([r for r in results if not r.reused], root, settings,
                          warn=False).frames()
        frames.pop("manifest")
        for result in results:  # the texts are in the text frame now: a long page's text is
            result.record = replace(result.record, text=None)  # not held twice while written
        kept = [(s, r.record.doc_id) for s, r in zip(signatures, results, strict=True)
                if r.reused and r.record.status == "ok"]
        if kept:
            doc_ids = {d for _, d in kept}
            frames = {name: merge_rows(name, df, previous.rows(name, [s for s, _ in kept],
                                                               doc_ids))
                      for name, df in frames.items()}
        written = writer.write(frames)
        counts = {name: len(df) for name, df in frames.items()}
    entry = ({"paths": paths, "signatures": signatures, "parts": written}
             if all(s is not None for s in signatures) else None)
    return _Written(manifest, counts, entry)
