"""The data contract: every frame's columns, dtypes and sort keys, and the label vocabularies.

This module is the only owner of these facts; the parser, the classifiers and ``Corpus.save`` /
``Corpus.load`` all read them from here. Columns may be added, never renamed or dropped without a
migration note (``SCHEMA_VERSION`` counts such changes of the saved layout).

>>> frame("boilerplate", [{"doc_id": "d", "start": 0, "end": 4, "text": "Menu",
...                        "reason": "navigation"}]).dtypes.astype(str).tolist()
['str', 'int64', 'int64', 'str', 'str']
>>> sort_claim_types(["promotional", "efficacy"])
['efficacy', 'promotional']
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from claimscope.errors import CorpusLoadError

#: The layout version of a saved corpus folder (``corpus.json``); bumped when it changes.
#: 3: every frame is a folder of parquet parts (``sentences/part-00000.parquet`` …), written in
#: batches; version 2 folders (one ``<frame>.parquet`` each) are still read.
SCHEMA_VERSION = 3
READABLE_SCHEMA_VERSIONS = (2, 3)

#: Claim types of CODEBOOK.md, in the order every table and figure shows them.
CLAIM_TYPES: tuple[str, ...] = ("efficacy", "safety", "mechanism", "causation",
                                "evidence_appeal", "recommendation", "promotional")
CERTAINTIES = ("hedged", "assertive")
#: Citation kinds of CODEBOOK.md; ``citation_needed`` marks a missing source ("[bron?]").
CITATION_KINDS: tuple[str, ...] = ("reference", "marker", "url", "vague_appeal",
                                   "citation_needed")
#: The kinds that support a sentence (a vague appeal alone does not).
SPECIFIC_KINDS: tuple[str, ...] = ("reference", "marker", "url")
CONCEPT_CATEGORIES = ("condition", "treatment", "substance", "anatomy", "mechanism")
STATUSES = ("ok", "skipped", "failed")

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
    "claims": {"doc_id": "str", "sent_id": "int64", "claim_type": "str", "certainty": "str",
               "supported": "bool", "cue": "str", "score": "float64", "method": "str",
               "cue_start": "Int64", "cue_end": "Int64", "certainty_cue": "str",
               "boosted": "bool"},
    "concepts": {"doc_id": "str", "sent_id": "int64", "concept": "str", "category": "str",
                 "surface": "str", "start": "int64", "end": "int64", "term": "str",
                 "match": "str"},
}
#: Frames in the order they are saved and documented.
FRAMES: tuple[str, ...] = tuple(SCHEMAS)
SORT_KEYS: dict[str, list[str]] = {
    "manifest": ["path"],
    "documents": ["doc_id"],
    "sections": ["doc_id", "section_id"],
    "sentences": ["doc_id", "sent_id"],
    "boilerplate": ["doc_id", "start"],
    "citations": ["doc_id", "cit_id"],
    "claims": ["doc_id", "sent_id", "claim_type"],
    "concepts": ["doc_id", "start", "end"],
}
#: Frames whose rows point at text: ``text[doc_id][start:end] == row.text`` (or ``surface``).
SPAN_FRAMES = {"sentences": "text", "boilerplate": "text", "citations": "text",
               "concepts": "surface"}
TEXT_SCHEMA = {"doc_id": "str", "text": "str"}
#: Columns of the analysis and evaluation tables that are not corpus frames (never saved with
#: a corpus): ``data/evaluation/topics.csv`` and ``concepts.csv``, per-page concept coverage,
#: and the candidate terms of ``claimscope suggest-concepts``.
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "topics": ("set", "scope", "measure", "metric", "value", "low", "high", "chance", "best",
               "pages"),
    "concept_scores": ("set", "metric", "value", "low", "high", "pages", "mentions"),
    "coverage": ("doc_id", "language", "content_words", "covered_words", "coverage",
                 "mentions", "distinct_concepts"),
    "candidates": ("language", "term", "documents", "count", "domain", "score", "link",
                   "link_kind", "examples"),
}


def empty_frame(name: str) -> pd.DataFrame:
    """A frame of the contract with no rows (the right columns and dtypes)."""
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in SCHEMAS[name].items()})


def claim_type_rank(values: pd.Series) -> pd.Series:
    """Each claim type's position in :data:`CLAIM_TYPES` (unknown types last)."""
    order = {t: i for i, t in enumerate(CLAIM_TYPES)}
    return values.map(order).fillna(len(order)).astype("int64")


def sort_claim_types(types: Iterable[str]) -> list[str]:
    """Claim types in codebook order."""
    order = {t: i for i, t in enumerate(CLAIM_TYPES)}
    return sorted(types, key=lambda t: (order.get(t, len(order)), t))


def in_order(columns: list[pd.Series]) -> bool:
    """Whether rows are already sorted by ``columns`` (lexicographically, ties allowed).

    >>> in_order([pd.Series(["a", "a", "b"]), pd.Series([2, 3, 1])])
    True
    >>> in_order([pd.Series(["a", "a", "b"]), pd.Series([3, 2, 1])])
    False
    """
    if len(columns[0]) < 2:
        return True
    tied = None  # rows still equal to the next on every column so far
    for column in columns:  # compared as Series: text columns stay Arrow, no Python strings
        before = column.iloc[:-1].reset_index(drop=True)
        after = column.iloc[1:].reset_index(drop=True)
        wrong = (before > after).to_numpy(dtype=bool)
        if (wrong if tied is None else wrong & tied).any():
            return False
        same = (before == after).to_numpy(dtype=bool)
        tied = same if tied is None else tied & same
        if not tied.any():
            return True
    return True


def sort_frame(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Rows in the contract's order (claim types in codebook order, not alphabetically);
    rows already in order are not copied (a long document's frames are built in order)."""
    keys = SORT_KEYS[name]
    if name == "claims" and len(df):
        rank = claim_type_rank(df.claim_type)
        if in_order([df[k] if k != "claim_type" else rank for k in keys]):
            return df.reset_index(drop=True)
        df = df.assign(_rank=rank)
        df = df.sort_values([k if k != "claim_type" else "_rank" for k in keys], kind="stable")
        return df.drop(columns="_rank").reset_index(drop=True)
    if len(df) and in_order([df[k] for k in keys]):
        return df.reset_index(drop=True)
    return df.sort_values(keys, kind="stable").reset_index(drop=True)


def frame(name: str, rows: list[dict] | pd.DataFrame) -> pd.DataFrame:
    """Rows (records or a frame) as the contract's frame ``name``: columns, dtypes, order."""
    schema = SCHEMAS[name]
    if isinstance(rows, pd.DataFrame):
        df = rows.reindex(columns=list(schema)) if len(rows) else empty_frame(name)
    else:
        df = pd.DataFrame(rows, columns=list(schema)) if rows else empty_frame(name)
    return sort_frame(name, df.astype(schema))



#: A document's rows of one frame are kept as a frame, not as records, once they reach this
#: many (records cost ~10 times the memory of a frame; a 50 MB page has millions of rows).
COMPACT_ROWS = 5_000
Rows = list[dict] | pd.DataFrame


class RowGatherer:
    """Rows of frame ``name`` added a chunk at a time: kept as records while few, as a frame
    built a piece at a time once they reach ``limit`` (default :data:`COMPACT_ROWS`).

    >>> rows = [{"doc_id": "d", "start": i, "end": i + 1, "text": "x", "reason": "r"}
    ...         for i in range(3)]
    >>> gatherer = RowGatherer("boilerplate", limit=2)
    >>> gatherer.add(rows[:2]); gatherer.add(rows[2:])
    >>> gatherer.result().start.tolist()
    [0, 1, 2]
    """

    def __init__(self, name: str, limit: int | None = None):
        self.name = name
        self.limit = COMPACT_ROWS if limit is None else limit
        self.pieces: list[pd.DataFrame] = []
        self.rows: list[dict] = []

    def add(self, chunk: list[dict]) -> None:
        """Add a chunk of records (in the frame's order after the earlier ones)."""
        self.rows.extend(chunk)
        if len(self.rows) >= self.limit:
            self.pieces.append(frame(self.name, self.rows))
            self.rows = []

    def result(self) -> Rows:
        """The records (fewer than ``limit``) or the frame."""
        if not self.pieces:
            return self.rows
        if self.rows:
            self.pieces.append(frame(self.name, self.rows))
            self.rows = []
        if len(self.pieces) > 1:
            self.pieces = [_concat_by_column(self.name, self.pieces)]
        return self.pieces[0]


def _concat_by_column(name: str, pieces: list[pd.DataFrame]) -> pd.DataFrame:
    """``pd.concat(pieces)`` of frames in the contract's order, a column at a time, each
    column released from the pieces once copied (memory: the result and one column more)."""
    columns = {}
    for column in list(pieces[0].columns):
        columns[column] = pd.concat([p[column] for p in pieces], ignore_index=True)
        for p in pieces:
            del p[column]
    return frame(name, pd.DataFrame(columns))


def gather(name: str, chunks: Iterable[list[dict]], limit: int | None = None) -> Rows:
    """Row chunks of frame ``name`` as records or, once many, a frame (:class:`RowGatherer`).

    >>> rows = [{"doc_id": "d", "start": 0, "end": 1, "text": "x", "reason": "r"}]
    >>> type(gather("boilerplate", [rows])).__name__, type(gather("boilerplate", [rows], 1))
    ('list', <class 'pandas.DataFrame'>)
    """
    gatherer = RowGatherer(name, limit)
    for chunk in chunks:
        gatherer.add(chunk)
    return gatherer.result()


def concat_rows(name: str, parts: Iterable[Rows]) -> pd.DataFrame:
    """Frame ``name`` from the rows of many documents, each records or a frame (:func:`gather`),
    in order.

    >>> row = {"doc_id": "d", "start": 5, "end": 6, "text": "x", "reason": "r"}
    >>> concat_rows("boilerplate", [[row], frame("boilerplate", [{**row, "doc_id": "e"}])]
    ...             ).doc_id.tolist()
    ['d', 'e']
    """
    pieces: list[pd.DataFrame] = []
    records: list[dict] = []
    for part in parts:
        if isinstance(part, pd.DataFrame):
            if records:
                pieces.append(frame(name, records))
                records = []
            pieces.append(part)
        else:
            records.extend(part)
    if not pieces:
        return frame(name, records)
    if records:
        pieces.append(frame(name, records))
    return frame(name, pd.concat(pieces, ignore_index=True) if len(pieces) > 1 else pieces[0])


#: How many rows of each span frame a load compares with the text (all bounds are checked).
SPAN_SAMPLE = 2000


def check_spans(frames: dict[str, pd.DataFrame], texts: dict[str, str], where) -> None:
    """Every span row's bounds lie in its document's text; a fixed sample's text matches."""
    lengths = pd.Series({d: len(t) for d, t in texts.items()}, dtype="int64")
    for name, column in SPAN_FRAMES.items():
        df = frames[name]
        if df.empty:
            continue
        unknown = sorted(set(df.doc_id) - set(texts))
        if unknown:
            raise CorpusLoadError(f"{where / name}: rows for document(s) "
                                  f"{unknown[:3]} that the text frame does not hold")
        bad = (df.start < 0) | (df.end < df.start) | (df.end > df.doc_id.map(lengths))
        if bad.any():
            row = df[bad].iloc[0]
            raise CorpusLoadError(f"{where / name}: span {row.start}–{row.end} "
                                  f"of {row.doc_id} lies outside its text")
        step = max(1, len(df) // SPAN_SAMPLE)
        for row in df.iloc[::step].itertuples(index=False):
            if texts[row.doc_id][row.start:row.end] != getattr(row, column):
                raise CorpusLoadError(f"{where / name}: the text of span "
                                      f"{row.start}–{row.end} in {row.doc_id} differs from "
                                      "the text frame (frames from different saves?)")
