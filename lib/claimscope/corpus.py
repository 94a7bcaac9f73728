"""The ``Corpus``: the frames of the data contract, assembled from per-document records.

:func:`load_corpus` reads the files (:mod:`claimscope.parse.ingest`), parses each text
(:func:`claimscope.pipeline.parse_document`) and annotates the sentences with claims and
concepts; ``Corpus`` only assembles, saves and loads the frames.

>>> import claimscope as cs
>>> corpus = cs.load_corpus("seeds")
>>> corpus.sentences.query("doc_id == '002_0005004e530b3f38'").text.iloc[2][:60]
'Dit werkt over het algemeen het beste bij gebruik in combina'
>>> corpus
<Corpus 5 documents, 806 sentences (5 ok, 0 skipped, 0 failed)>
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from claimscope import __version__
from claimscope.build import DOCUMENT_FRAMES, DocumentResult, analyse_all, open_cache
from claimscope.parse.ingest import DEFAULT_MAX_BYTES, discover
from claimscope.schema import FRAMES, SCHEMAS, concat_rows, frame
from claimscope.settings import Settings, _check_errors_mode, resolve_settings
from claimscope.storage import read_corpus_folder, write_corpus_folder

if TYPE_CHECKING:  # the claim modules load scikit-learn: imported where they are used
    from claimscope.parse.boilerplate import Rules

log = logging.getLogger("claimscope")


@dataclass
class Corpus:
    """Parsed documents as pandas frames; every span indexes into ``text[doc_id]``."""

    manifest: pd.DataFrame
    documents: pd.DataFrame
    sections: pd.DataFrame
    sentences: pd.DataFrame
    boilerplate: pd.DataFrame
    citations: pd.DataFrame
    claims: pd.DataFrame = field(default_factory=lambda: frame("claims", []))
    concepts: pd.DataFrame = field(default_factory=lambda: frame("concepts", []))
    text: dict[str, str] = field(default_factory=dict)
    root: str = ""
    settings: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        counts = self.manifest.status.value_counts().to_dict()
        summary = ", ".join(f"{counts.get(k, 0)} {k}" for k in ("ok", "skipped", "failed"))
        return (f"<Corpus {len(self.documents)} documents, {len(self.sentences)} sentences "
                f"({summary})>")

    def summary(self) -> str:
        """One line for a log or a CLI: what loaded and what did not."""
        counts = self.manifest.status.value_counts().to_dict()
        return (f"{len(self.manifest)} files: {counts.get('ok', 0)} loaded, "
                f"{counts.get('skipped', 0)} skipped, {counts.get('failed', 0)} failed; "
                f"{len(self.sentences):,} sentences, {len(self.boilerplate):,} boilerplate spans")

    def explain(self, doc_id: str, sent_id: int):
        """Why a sentence got its claim types: cues, model scores, certainty and citations.

        Only the shipped model or a model file named in the settings is read (never a pickle).
        """
        from claimscope.claims.classify import load_model_or_none
        from claimscope.claims.codebook import load_codebook
        from claimscope.claims.explain import explain_sentence

        rows = self.sentences[(self.sentences.doc_id == doc_id)
                              & (self.sentences.sent_id == sent_id)]
        if rows.empty:
            raise KeyError(f"no sentence {sent_id} in document {doc_id!r}")
        book = load_codebook(self.settings.get("codebook"))
        model = load_model_or_none(self.settings.get("claim_model"), book)
        method = self.settings.get("claim_method") or (
            model.default_method if model is not None else "rules")
        before = self.sentences[(self.sentences.doc_id == doc_id)
                                & (self.sentences.sent_id < sent_id)]
        previous = str(before.sort_values("sent_id").text.iloc[-1]) if len(before) else ""
        return explain_sentence(rows.iloc[0], self.citations, book, model, method, previous)

    def show(self, doc_id: str):
        """The page view of one document: claims, citations, concepts and boilerplate as
        coloured spans over its text (every character escaped). Displays itself in Jupyter;
        ``.save("page.html")`` writes a standalone file."""
        from claimscope.report.page import page_view

        return page_view(self, doc_id)

    @property
    def problems(self) -> pd.DataFrame:
        """Manifest rows of files that were skipped or failed, with the reason."""
        return self.manifest.loc[self.manifest.status != "ok",
                                 ["path", "status", "reason"]].reset_index(drop=True)

    def frames(self) -> dict[str, pd.DataFrame]:
        """Every frame of the contract by name (the texts as a ``doc_id, text`` frame too)."""
        out = {name: getattr(self, name) for name in FRAMES}
        out["text"] = pd.DataFrame({"doc_id": list(self.text), "text": list(self.text.values())},
                                   columns=["doc_id", "text"]).astype("str")
        return out

    def save(self, out_dir: str | Path) -> Path:
        """Write every frame and the texts as parquet to ``out_dir``, atomically.

        The frames go to a temporary sibling folder that replaces ``out_dir`` only when every
        file is written and synced; ``corpus.json`` lists each file with its sha256 and row
        count, which :meth:`load` verifies. An interrupted save leaves the old folder intact.
        """
        meta = {"claimscope_version": __version__, "root": self.root, "settings": self.settings}
        return write_corpus_folder(Path(out_dir), self.frames(), meta)

    @classmethod
    def load(cls, in_dir: str | Path) -> Corpus:
        """Read and verify a corpus written by :meth:`save`.

        Raises :class:`~claimscope.errors.CorpusLoadError` naming the file and the problem when
        the folder is missing, incomplete, damaged or from an older layout.
        """
        frames, meta = read_corpus_folder(Path(in_dir))
        texts = frames.pop("text")
        return cls(**frames, text=dict(zip(texts.doc_id, texts.text, strict=True)),
                   root=meta.get("root", ""), settings=meta.get("settings", {}))


def assemble(results: Sequence[DocumentResult], root: str, settings: Settings,
             warn: bool = True) -> Corpus:
    """The contract's frames from per-file results (in discovery order)."""
    loaded = [r for r in results if r.record.status == "ok"]

    corpus = Corpus(
        manifest=frame("manifest", [{k: getattr(r.record, k) for k in SCHEMAS["manifest"]}
                                    for r in results]),
        **{name: concat_rows(name, [r.rows.get(name, []) for r in loaded])
           for name in DOCUMENT_FRAMES},
        text={r.record.doc_id: r.record.text or ""
              for r in sorted(loaded, key=lambda r: r.record.doc_id)},
        root=root, settings=dict(settings.recorded))
    if warn:
        _warn_other_languages(corpus.documents, settings)
    return corpus


def _warn_other_languages(documents: pd.DataFrame, settings: Settings) -> None:
    if settings.book is None or documents.empty:
        return
    other = sorted(documents.doc_id[~documents.language.isin(("nl", "en"))])
    if other:
        log.warning("claim cues cover Dutch and English; %d document(s) in another language "
                    "get claims only where those cues match: %s", len(other),
                    ", ".join(other[:5]) + (" …" if len(other) > 5 else ""))


def load_corpus(
    path_or_paths: str | Path | Sequence[str | Path],
    *,
    errors: str = "report",
    boilerplate_rules: str | Path | Sequence[str | Path] | None = None,
    rules: Rules | None = None,
    citation_cues: str | Path | None = None,
    codebook: str | Path | None = None,
    claim_method: str | None = None,
    claim_model: str | Path | None = None,
    claims: bool = True,
    concepts: str | Path | bool | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: bool | None = False,
    n_jobs: int | None = -1,
    cache: str | Path | None = None,
    client=None,
) -> Corpus:
    """Parse a folder (recursively: .txt .md .html .htm) or a list of files into a :class:`Corpus`.

    Parameters
    ----------
    path_or_paths
        A folder, one file, or a list of files.
    errors
        ``"report"`` (default) records bad files in the manifest and goes on; ``"raise"``
        raises :class:`~claimscope.errors.CorpusError` naming the first bad file.
    boilerplate_rules
        Your own YAML rule files (see ``claimscope/data/boilerplate.yml``).
    citation_cues, codebook, concepts
        Your own cue file, claim codebook or concept lexicon; a file that starts with
        ``extends: default`` adds to the shipped one, any other replaces it. ``concepts=False``
        skips concept matching.
    claim_method
        ``rules``, ``model`` or ``combined`` (default: the shipped model's choice).
    claim_model
        A model file written by ``claimscope train-claims`` (default: the shipped one).
    claims
        ``False`` skips claim classification.
    max_bytes
        Files larger than this are skipped (and listed in the manifest).
    progress
        Show a progress bar (``None``: only when writing to a terminal).
    n_jobs
        Worker processes that parse files side by side (default ``-1``: every core; ``1``:
        this process only; corpora of fewer than 8 files are parsed here). The frames are
        identical whatever the number, row order included.
    cache
        An SQLite file of per-file results (created when missing): unchanged files are taken
        from it instead of being parsed again (see :mod:`claimscope.cache`).
    client
        A ``dask.distributed.Client``: files are parsed on its cluster (the workers must see
        the same paths); the frames are identical to a local build.

    Returns
    -------
    Corpus
        The frames; ``corpus.manifest`` has one row per file discovered.

    Examples
    --------
    >>> corpus = load_corpus("seeds", claims=False, concepts=False)
    >>> corpus.manifest.status.tolist()
    ['ok', 'ok', 'ok', 'ok', 'ok']
    >>> len(corpus.claims), len(corpus.concepts)
    (0, 0)
    """
    _check_errors_mode(errors)
    if max_bytes < 0:
        raise ValueError(f"max_bytes must be 0 or more, not {max_bytes}")
    settings = resolve_settings(boilerplate_rules=boilerplate_rules, rules=rules,
                                citation_cues=citation_cues, codebook=codebook,
                                claim_method=claim_method, claim_model=claim_model,
                                claims=claims, concepts=concepts)
    started = time.perf_counter()
    records = discover(path_or_paths)
    root = str(path_or_paths) if isinstance(path_or_paths, str | Path) else ""
    store = open_cache(cache, settings)
    try:
        results = list(analyse_all(records, settings, n_jobs=n_jobs, client=client,
                                   cache=store, fingerprint=settings.fingerprint,
                                   max_bytes=max_bytes, errors=errors, progress=progress))
    finally:
        if store is not None:
            store.close()
    corpus = assemble(results, root, settings)
    log.info("%s in %.1f s", corpus.summary(), time.perf_counter() - started)
    return corpus


def _file_hashes(path_or_paths) -> set[tuple[str, str]]:
    """(relative path, sha256) of every file a build of ``path_or_paths`` would discover."""
    import hashlib

    out = set()
    for record in discover(path_or_paths):
        if record.status != "pending":  # folders, FIFOs, unsupported: a build never reads them
            out.add((record.path, ""))
            continue
        try:
            with open(record.absolute, "rb") as handle:
                out.add((record.path, hashlib.sha256(handle.read()).hexdigest()))
        except OSError:
            out.add((record.path, ""))
    return out


def open_corpus(corpus_dir: str | Path, processed: str | Path | None = None,
                **load_kwargs) -> Corpus:
    """The corpus ``make run`` saved in ``processed`` when it was built from the same files with
    the same settings; otherwise ``corpus_dir`` is parsed (and the log says why).

    Notebooks call this so that ``make run CORPUS=mydir`` analyses ``mydir`` without parsing it
    once per notebook. The match is by content: every file's path and sha256, and the settings.

    >>> c = open_corpus("seeds", "no/such/folder", concepts=False)
    >>> len(c.documents)
    5
    """
    from claimscope.errors import CorpusLoadError

    if processed is not None and Path(processed).is_dir():
        try:
            saved = Corpus.load(processed)
        except CorpusLoadError as err:
            log.info("%s cannot be used (%s); parsing %s", processed, err, corpus_dir)
        else:
            wanted = resolve_settings(**load_kwargs).recorded
            saved_files = dict(zip(saved.manifest.path, saved.manifest.sha256, strict=True))
            found = dict(_file_hashes(corpus_dir))
            same_files = saved_files.keys() == found.keys() and all(
                not sha or found[path] == sha for path, sha in saved_files.items())
            if saved.settings == wanted and same_files:
                log.info("using %s (built from the same files and settings)", processed)
                return saved
            log.info("%s was built from other files or settings; parsing %s", processed,
                     corpus_dir)
    return load_corpus(corpus_dir, **load_kwargs)


def __getattr__(name: str):
    """``build_corpus_folder`` and ``BuildSummary`` live in :mod:`claimscope.folder`."""
    if name in ("build_corpus_folder", "BuildSummary", "BATCH_DOCUMENTS", "BATCH_CHARACTERS"):
        from claimscope import folder

        return getattr(folder, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
