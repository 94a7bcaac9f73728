"""The ``Corpus``: the frames of the data contract, assembled from per-document records.

>>> import claimscope as cs
>>> corpus = cs.load_corpus("seeds")                                     # doctest: +SKIP
>>> corpus.sentences.query("doc_id == '002_0005004e530b3f38'").text.iloc[2]  # doctest: +SKIP
'Dit werkt over het algemeen het beste bij gebruik in combinatie met andere therapieën, ...'
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from claimscope import __version__
from claimscope.boilerplate import Rules, load_rules
from claimscope.citations import load_cues
from claimscope.claim_model import load_model
from claimscope.claims import CLAIM_COLUMNS, claims_frame, explain_sentence, load_model_or_none
from claimscope.codebook import load_codebook
from claimscope.concepts import find_concepts, load_lexicon
from claimscope.document import parse_document
from claimscope.ingest import (
    DEFAULT_MAX_BYTES,
    CorpusError,
    FileRecord,
    discover,
    mark_duplicate,
    read_file,
)

log = logging.getLogger("claimscope")

# Column order and dtypes of every frame (the data contract; add columns, never rename or drop).
SCHEMAS: dict[str, dict[str, str]] = {
    "manifest": {"path": "str", "doc_id": "str", "status": "str", "reason": "str",
                 "bytes": "int64", "sha256": "str", "encoding": "str", "repairs": "str",
                 "format": "str"},
    "documents": {"doc_id": "str", "path": "str", "sha256": "str", "title": "str",
                  "language": "str", "language_confidence": "float64", "n_chars": "int64",
                  "n_words": "int64", "n_sentences": "int64", "n_headings": "int64",
                  "n_sections": "int64", "boilerplate_chars": "int64",
                  "boilerplate_share": "float64", "date": "str",
                  "has_reference_section": "bool", "n_references": "int64"},
    "sections": {"doc_id": "str", "section_id": "int64", "heading": "str", "level": "int64",
                 "start": "int64", "end": "int64", "parent_id": "int64"},
    "sentences": {"doc_id": "str", "sent_id": "int64", "section_id": "int64", "start": "int64",
                  "end": "int64", "text": "str", "language": "str",
                  "language_confidence": "float64", "is_heading": "bool", "unit": "str"},
    "boilerplate": {"doc_id": "str", "start": "int64", "end": "int64", "text": "str",
                    "reason": "str"},
    "citations": {"doc_id": "str", "cit_id": "int64", "kind": "str", "start": "int64",
                  "end": "int64", "text": "str", "sent_id": "int64", "authors": "str",
                  "year": "Int64", "title": "str", "venue": "str", "link_url": "str"},
    "claims": CLAIM_COLUMNS,
    "concepts": {"doc_id": "str", "sent_id": "int64", "concept": "str", "category": "str",
                 "surface": "str", "start": "int64", "end": "int64", "term": "str",
                 "match": "str"},
}
FRAMES = tuple(SCHEMAS)
SORT_KEYS = {
    "manifest": ["path"],
    "documents": ["doc_id"],
    "sections": ["doc_id", "section_id"],
    "sentences": ["doc_id", "sent_id"],
    "boilerplate": ["doc_id", "start"],
    "citations": ["doc_id", "cit_id"],
    "claims": ["doc_id", "sent_id"],
    "concepts": ["doc_id", "start", "end"],
}


def _frame(name: str, rows: list[dict]) -> pd.DataFrame:
    schema = SCHEMAS[name]
    df = pd.DataFrame(rows, columns=list(schema)) if rows else pd.DataFrame(
        {c: pd.Series(dtype=t) for c, t in schema.items()})
    df = df.astype(schema)
    return df.sort_values(SORT_KEYS[name], kind="stable").reset_index(drop=True)


@dataclass
class Corpus:
    """Parsed documents as pandas frames; every span indexes into ``text[doc_id]``."""

    manifest: pd.DataFrame
    documents: pd.DataFrame
    sections: pd.DataFrame
    sentences: pd.DataFrame
    boilerplate: pd.DataFrame
    citations: pd.DataFrame
    claims: pd.DataFrame = field(default_factory=lambda: _frame("claims", []))
    concepts: pd.DataFrame = field(default_factory=lambda: _frame("concepts", []))
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

        >>> corpus.explain("003_0f5ae677359d74ec", 49)                    # doctest: +SKIP
        003_0f5ae677359d74ec sentence 49 (nl, method rules):
          Prolotherapie is een veilige behandeling en kent nagenoeg geen bijwerkingen.
        ...
        """
        rows = self.sentences[(self.sentences.doc_id == doc_id)
                              & (self.sentences.sent_id == sent_id)]
        if rows.empty:
            raise KeyError(f"no sentence {sent_id} in document {doc_id!r}")
        book = load_codebook(self.settings.get("codebook"))
        model = load_model_or_none(self.settings.get("claim_model"))
        method = self.settings.get("claim_method") or (
            model.default_method if model is not None else "rules")
        return explain_sentence(rows.iloc[0], self.citations, book, model, method)

    @property
    def problems(self) -> pd.DataFrame:
        """Manifest rows of files that were skipped or failed, with the reason."""
        return self.manifest.loc[self.manifest.status != "ok",
                                 ["path", "status", "reason"]].reset_index(drop=True)

    def save(self, out_dir: str | Path) -> Path:
        """Write every frame and the texts as parquet to ``out_dir``; returns the folder."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        for name in FRAMES:
            getattr(self, name).to_parquet(out / f"{name}.parquet", index=False)
        texts = pd.DataFrame({"doc_id": list(self.text), "text": list(self.text.values())},
                             columns=["doc_id", "text"]).astype({"doc_id": "str", "text": "str"})
        texts.to_parquet(out / "text.parquet", index=False)
        (out / "corpus.json").write_text(
            json.dumps({"claimscope_version": __version__, "root": self.root,
                        "settings": self.settings}, indent=2) + "\n",
            encoding="utf-8")
        return out

    @classmethod
    def load(cls, in_dir: str | Path) -> Corpus:
        """Read a corpus written by :meth:`save`."""
        folder = Path(in_dir)
        if not (folder / "corpus.json").exists():
            raise FileNotFoundError(f"{folder} holds no saved corpus (no corpus.json)")
        meta = json.loads((folder / "corpus.json").read_text(encoding="utf-8"))
        frames = {}
        for name in FRAMES:
            file = folder / f"{name}.parquet"
            if not file.exists():  # saved by an older claimscope: the frame did not exist yet
                log.warning("%s: no %s frame (saved by an older claimscope); it is empty",
                            folder, name)
                frames[name] = _frame(name, [])
                continue
            frames[name] = pd.read_parquet(file).astype(SCHEMAS[name])
        texts = pd.read_parquet(folder / "text.parquet")
        return cls(**frames, text=dict(zip(texts.doc_id, texts.text, strict=True)),
                   root=meta.get("root", ""), settings=meta.get("settings", {}))


def _check_errors_mode(errors: str) -> None:
    if errors not in ("report", "raise"):
        raise ValueError(f"errors must be 'report' or 'raise', not {errors!r}")


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
) -> Corpus:
    """Parse a folder (recursively: .txt .md .html .htm) or a list of files into a :class:`Corpus`.

    errors:             ``"report"`` (default) records bad files in the manifest and goes on;
                        ``"raise"`` raises :class:`CorpusError` naming the first bad file.
    boilerplate_rules:  extra YAML rule files, tried before the defaults.
    citation_cues:      a citation cue file to use instead of ``claimscope/data/citations.yml``.
    codebook:           a claim-type codebook to use instead of ``claimscope/data/codebook.yml``.
    claim_method:       ``rules``, ``model`` or ``combined`` (default: the shipped model's choice,
                        the best by leave-one-document-out evaluation).
    claim_model:        a model file written by ``claimscope train-claims`` (default: shipped).
    claims:             set to False to skip claim classification.
    concepts:           a concept lexicon to use instead of ``claimscope/data/concepts.yml``
                        (one starting ``extends: default`` adds to it); False skips concepts.
    max_bytes:          files larger than this are skipped (and listed).
    progress:           show a progress bar (``None``: only when writing to a terminal).
    """
    _check_errors_mode(errors)
    rules = rules or load_rules(boilerplate_rules)
    cues = load_cues(citation_cues)
    book = load_codebook(codebook) if claims else None
    lexicon = None if concepts is False else load_lexicon(
        None if concepts in (None, True) else concepts)
    started = time.perf_counter()
    records = discover(path_or_paths)
    root = str(path_or_paths) if isinstance(path_or_paths, str | Path) else ""
    bar = tqdm(records, desc="parsing", unit="file", leave=False,
               disable=None if progress is None else not progress)
    loaded: list[FileRecord] = []
    parsed = []
    first_by_hash: dict[str, str] = {}
    for record in bar:
        if record.status == "pending":
            record = read_file(record, max_bytes=max_bytes)
        if record.status == "ok":
            record = mark_duplicate(record, first_by_hash)
        if record.status == "ok":
            try:
                doc = parse_document(record.doc_id, record.text or "", rules, cues)
                parsed.append((record, doc))
            except Exception as err:  # noqa: BLE001 - one bad document must not stop the corpus
                if errors == "raise":
                    raise CorpusError(f"{record.path}: could not be parsed: {err!r}") from err
                record = replace(record, status="failed", text=None,
                                 reason=f"could not be parsed: {type(err).__name__}: {err}")
        if record.status != "ok":
            if errors == "raise" and record.status == "failed":
                raise CorpusError(f"{record.path}: {record.reason}")
            log.warning("%s: %s (%s)", record.path, record.reason, record.status)
        loaded.append(record)
    manifest_rows = [
        {k: getattr(r, k) for k in SCHEMAS["manifest"]} for r in loaded
    ]
    documents = []
    for record, doc in parsed:
        documents.append({**doc.document, "path": record.path, "sha256": record.sha256})
    corpus = Corpus(
        manifest=_frame("manifest", manifest_rows),
        documents=_frame("documents", documents),
        sections=_frame("sections", [row for _, d in parsed for row in d.sections]),
        sentences=_frame("sentences", [row for _, d in parsed for row in d.sentences]),
        boilerplate=_frame("boilerplate", [row for _, d in parsed for row in d.boilerplate]),
        citations=_frame("citations", [row for _, d in parsed for row in d.citations]),
        text={record.doc_id: record.text or "" for record, _ in sorted(
            parsed, key=lambda p: p[0].doc_id)},
        root=root,
    )
    if claims:
        if claim_method in ("model", "combined"):
            model = load_model(claim_model)  # asked for explicitly: fail loudly
        else:  # the model scores rule hits too; without one, rules give score 1.0
            model = load_model_or_none(claim_model)
        if model is not None and model.info.get("codebook_sha256") not in (None, book.sha256):
            log.warning("the claim model was fitted with another codebook than %s; its cue "
                        "features use the old cues (refit: claimscope train-claims)", book.source)
        other = sorted(corpus.documents.doc_id[~corpus.documents.language.isin(("nl", "en"))])
        if other:
            log.warning("claim cues cover Dutch and English; %d document(s) in another language "
                        "get claims only where those cues match: %s", len(other),
                        ", ".join(other[:5]) + (" …" if len(other) > 5 else ""))
        corpus.claims = claims_frame(corpus.sentences, corpus.citations, book, model,
                                     claim_method)
        corpus.settings = {"codebook": str(codebook) if codebook else None,
                           "claim_method": claim_method,
                           "claim_model": str(claim_model) if claim_model else None}
    if lexicon is not None:
        corpus.concepts = find_concepts(corpus.sentences, lexicon).astype(SCHEMAS["concepts"])
        corpus.settings["concepts"] = None if concepts in (None, True) else str(concepts)
    log.info("%s in %.1f s", corpus.summary(), time.perf_counter() - started)
    return corpus
