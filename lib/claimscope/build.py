"""Building a corpus: every file analysed on its own, on every core, cached, in batches.

One file's result depends on that file and the settings only, so the work is a map over the
files: :func:`analyse_record` reads, parses and annotates one file (sentences, citations,
claims, concepts) and returns its manifest record with its rows. :func:`analyse_all` runs that
map in order: in this process, in a pool of worker processes (``n_jobs``), or on a Dask cluster
(``client``), and takes unchanged files from a :class:`~claimscope.cache.DocumentCache`. Results
come back in discovery order whatever ran them, so the frames are identical, row order included.
Duplicates (same bytes as an earlier file) are marked afterwards, in that order.

>>> from claimscope.corpus import resolve_settings
>>> from claimscope.parse.ingest import discover
>>> settings = resolve_settings(concepts=False)
>>> results = list(analyse_all(discover("seeds"), settings, n_jobs=1))
>>> [r.record.status for r in results], len(results[0].rows["sentences"])
(['ok', 'ok', 'ok', 'ok', 'ok'], 52)
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import pandas as pd
import pyarrow as pa
from tqdm import tqdm

from claimscope.cache import DocumentCache, cache_key
from claimscope.errors import CorpusError
from claimscope.incremental import content_hash
from claimscope.parse.ingest import DEFAULT_MAX_BYTES, FileRecord, mark_duplicate, read_file
from claimscope.schema import RowGatherer, Rows, frame, gather

log = logging.getLogger("claimscope")

# Arrow's default allocator (mimalloc) keeps what it frees for reuse, so each frame a long page
# writes adds its size to the process's memory for good (+50 MB for a 10 MB page); the system
# allocator gives it back. ARROW_DEFAULT_MEMORY_POOL, when set, still decides.
if "ARROW_DEFAULT_MEMORY_POOL" not in os.environ:
    pa.set_memory_pool(pa.system_memory_pool())

#: The frames one document contributes rows to (the manifest row is its record).
DOCUMENT_FRAMES = ("documents", "sections", "sentences", "boilerplate", "citations", "claims",
                   "concepts")
#: How a cached result marks a frame's rows stored as columns (a long document's).
FRAME_KEY = "__columns__"
#: Below this many files to parse, a process pool costs more than it saves.
MIN_FILES_FOR_POOL = 8


@dataclass
class DocumentResult:
    """One file's manifest record (with its text when loaded) and its rows per frame."""

    record: FileRecord
    rows: dict[str, Rows] = field(default_factory=dict)
    #: True when the rows were not read: they stay in the previous build's parts.
    reused: bool = False

    def payload(self) -> dict:
        """The result as plain data for the cache."""
        record = asdict(self.record)
        record.pop("absolute")
        return {"record": record, "rows": {name: rows if isinstance(rows, list) else
                                           {FRAME_KEY: rows.to_dict(orient="list")}
                                           for name, rows in self.rows.items()}}

    @classmethod
    def from_payload(cls, payload: dict, absolute: str) -> DocumentResult:
        """The result stored by :meth:`payload` (``absolute``: where the file is now)."""
        rows = {name: frame(name, pd.DataFrame(value[FRAME_KEY])) if isinstance(value, dict)
                else value for name, value in payload["rows"].items()}
        return cls(FileRecord(**payload["record"], absolute=absolute), rows)


def annotate_document(record: FileRecord, settings) -> dict[str, Rows]:
    """Every row one loaded file contributes: parse, citations, claims and concepts.

    A long document is annotated a window of units at a time and its rows of a frame become a
    frame as they are made (:class:`claimscope.schema.RowGatherer`), so its memory stays a small
    multiple of its text; the rows are those of one pass over the whole text.
    """
    # imported here: a rebuild that parses nothing never loads spaCy or scikit-learn
    from claimscope.claims.classify import claim_row_chunks
    from claimscope.parse.document import TextParse
    from claimscope.pipeline import windows_with_citations
    from claimscope.topics.matcher import concept_row_chunks

    parse = TextParse(record.doc_id, record.text or "", settings.rules)
    gatherers = {name: RowGatherer(name) for name in ("sentences", "citations", "claims",
                                                      "concepts")}
    before = ""  # the text of the sentence before a window
    for sentences, citations in windows_with_citations(parse, settings.cues):
        columns = {c: [row[c] for row in sentences] for c in (
            "doc_id", "sent_id", "start", "text", "language", "is_heading", "unit")}
        if settings.book is not None:
            for chunk in claim_row_chunks(columns, citations, settings.book, settings.model,
                                          settings.claim_method, before=before):
                gatherers["claims"].add(chunk)
        if settings.lexicon is not None:
            for chunk in concept_row_chunks(columns, settings.lexicon):
                gatherers["concepts"].add(chunk)
        gatherers["sentences"].add(sentences)
        gatherers["citations"].add(citations)
        before = sentences[-1]["text"] if sentences else before
    return {"documents": [{**parse.document, "path": record.path, "sha256": record.sha256}],
            "sections": gather("sections", [parse.sections]),
            "boilerplate": gather("boilerplate", [parse.boilerplate]),
            **{name: gatherer.result() for name, gatherer in gatherers.items()}}


def analyse_record(record: FileRecord, settings, max_bytes: int = DEFAULT_MAX_BYTES,
                   errors: str = "report") -> DocumentResult:
    """Read one discovered file and, when it loads, annotate it (see :func:`annotate_document`).

    A file that cannot be read, decoded or parsed gets a ``failed`` record with the reason;
    with ``errors="raise"`` a parse failure raises :class:`~claimscope.errors.CorpusError`.
    """
    if record.status == "pending":
        record = read_file(record, max_bytes=max_bytes)
    if record.status != "ok":
        return DocumentResult(record)
    try:
        return DocumentResult(record, annotate_document(record, settings))
    except Exception as err:  # noqa: BLE001 - one bad document must not stop the corpus
        if errors == "raise":
            raise CorpusError(f"{record.path}: could not be parsed: {err!r}") from err
        return DocumentResult(replace(record, status="failed", text=None,
                                      reason=f"could not be parsed: {type(err).__name__}: {err}"))


# --- worker processes --------------------------------------------------------------------------
_WORKER: dict = {}


def _init_worker(settings, max_bytes: int, errors: str) -> None:
    _WORKER.update(settings=settings, max_bytes=max_bytes, errors=errors)


def _analyse_in_worker(record: FileRecord) -> DocumentResult:
    return analyse_record(record, _WORKER["settings"], _WORKER["max_bytes"], _WORKER["errors"])


def resolve_jobs(n_jobs: int | None) -> int:
    """The number of worker processes ``n_jobs`` asks for (``None`` or ``-1``: every core).

    >>> resolve_jobs(1), resolve_jobs(-1) == (os.cpu_count() or 1)
    (1, True)
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else \
        (os.cpu_count() or 1)
    if n_jobs is None or n_jobs == -1:
        return max(1, cores)
    if n_jobs < 1:
        raise ValueError(f"n_jobs must be a positive number or -1 (every core), not {n_jobs}")
    return n_jobs


def _in_order(records: Sequence[FileRecord], run, window: int) -> Iterator[DocumentResult]:
    """Submit ``records`` to ``run`` (record → future) with at most ``window`` in flight and
    yield the results in the records' order."""
    pending: deque = deque()
    items = iter(records)
    for record in items:
        pending.append(run(record))
        if len(pending) >= window:
            break
    for record in items:
        yield pending.popleft().result()
        pending.append(run(record))
    while pending:
        yield pending.popleft().result()


def _parallel(records: list[FileRecord], settings, max_bytes: int, errors: str, jobs: int
              ) -> Iterator[DocumentResult]:
    context = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker,
                             initargs=(settings, max_bytes, errors)) as pool:
        yield from _in_order(records, lambda r: pool.submit(_analyse_in_worker, r), 4 * jobs)


def _on_dask(records: list[FileRecord], settings, max_bytes: int, errors: str, client
             ) -> Iterator[DocumentResult]:
    """The same map on a Dask cluster: the settings are scattered to the workers once."""
    shared = client.scatter(settings, broadcast=True)
    window = 8 * max(1, len(client.nthreads()))
    yield from _in_order(
        records, lambda r: client.submit(analyse_record, r, shared, max_bytes, errors,
                                         pure=False), window)


def analyse_all(records: Iterable[FileRecord], settings, *, n_jobs: int | None = 1,
                client=None, cache: DocumentCache | None = None, fingerprint: str = "",
                max_bytes: int = DEFAULT_MAX_BYTES, errors: str = "report",
                progress: bool | None = False, digests: Sequence[str | None] | None = None,
                reused: dict[int, FileRecord] | None = None) -> Iterator[DocumentResult]:
    """Every discovered file's result, in discovery order, duplicates marked.

    Parameters
    ----------
    records
        Discovered files (:func:`claimscope.parse.ingest.discover`).
    settings
        A :class:`claimscope.corpus.Settings`.
    n_jobs
        Worker processes (``-1`` or ``None``: every core; ``1``: this process).
    client
        A ``dask.distributed.Client``; the map runs on its cluster (``n_jobs`` is ignored).
    cache, fingerprint
        Take unchanged files from ``cache`` (keys use ``fingerprint``) and store new results.
    digests
        The files' content hashes when already known
        (:func:`claimscope.incremental.content_hash`, one per record).
    reused
        Files (by position) whose results stay in a previous build's output: each is yielded
        as its manifest record with ``reused=True`` and no rows, and is neither read nor parsed.
    """
    records = list(records)
    reused = reused or {}
    if digests is None and cache is not None:
        digests = [content_hash(r, max_bytes) for r in records]
    jobs = resolve_jobs(n_jobs)
    bar = tqdm(total=len(records), desc="reading", unit="file", leave=False,
               disable=None if progress is None else not progress)
    keys: dict[int, str] = {}
    if cache is not None:  # which files are cached; their results are read in order below
        for i, record in enumerate(records):
            digest = digests[i]
            if i in reused and digest is not None:
                cache.keep(cache_key(record.path, digest, fingerprint))
            elif digest is not None:
                key = cache_key(record.path, digest, fingerprint)
                if cache.has(key):
                    keys[i] = key
    todo = [r for i, r in enumerate(records)
            if i not in keys and i not in reused and r.status == "pending"]
    bar.set_description("parsing")
    if client is not None:
        fresh = _on_dask(todo, settings, max_bytes, errors, client)
    elif jobs > 1 and len(todo) >= MIN_FILES_FOR_POOL:
        fresh = _parallel(todo, settings, max_bytes, errors, min(jobs, len(todo)))
    else:
        fresh = (analyse_record(r, settings, max_bytes, errors) for r in todo)
    first_by_hash: dict[str, str] = {}
    for i, record in enumerate(records):
        if i in reused:
            bar.update()
            yield _check(DocumentResult(reused[i], reused=True), first_by_hash, errors)
            continue
        payload = cache.get(keys[i]) if i in keys else None
        if payload is not None:
            result = DocumentResult.from_payload(payload, record.absolute)
        elif i in keys:  # the entry vanished or was damaged since: parse it here
            result = analyse_record(record, settings, max_bytes, errors)
        elif record.status == "pending":
            result = next(fresh)
        else:
            result = DocumentResult(record)
        if cache is not None and payload is None and result.record.sha256:
            cache.put(cache_key(record.path, result.record.sha256, fingerprint),
                      result.payload())
        result = _check(result, first_by_hash, errors)
        bar.update()
        yield result
    bar.close()


def _check(result: DocumentResult, first_by_hash: dict[str, str], errors: str
           ) -> DocumentResult:
    """Mark a duplicate, log what did not load, raise on failures when asked to."""
    record = mark_duplicate(result.record, first_by_hash)
    if record is not result.record:
        result = DocumentResult(record)
    if record.status != "ok":
        if errors == "raise" and record.status == "failed":
            raise CorpusError(f"{record.path}: {record.reason}")
        log.warning("%s: %s (%s)", record.path, record.reason, record.status)
    return result


def default_cache_path(out: str | Path) -> Path:
    """Where a build writing to ``out`` keeps its cache: a hidden file beside ``out``.

    >>> default_cache_path("data/processed").as_posix()
    'data/.processed.cache.sqlite'
    """
    out = Path(out)
    return out.parent / f".{out.name}.cache.sqlite"


def open_cache(cache: str | Path | None, settings) -> DocumentCache | None:
    """The per-file cache at ``cache`` (None: no cache; rules given as an object: none)."""
    if cache is None:
        return None
    if settings.rules_given:
        log.warning("rules passed as an object cannot be fingerprinted; the cache is not used")
        return None
    return DocumentCache(cache)
