"""The data contract's invariants, on the seed corpus (DESIGN.md, 'Invariants')."""

from __future__ import annotations

import pandas as pd
import pytest

import claimscope as cs
from claimscope.schema import SCHEMAS

from .conftest import SEEDS

SPAN_TABLES = ["sentences", "boilerplate"]


def test_every_seed_file_has_exactly_one_manifest_row(corpus):
    files = sorted(p.name for p in SEEDS.iterdir() if p.is_file())
    assert sorted(corpus.manifest.path) == files
    assert corpus.manifest.path.is_unique
    assert (corpus.manifest.status == "ok").all()


def test_frames_have_the_contract_columns(corpus):
    for name, schema in SCHEMAS.items():
        frame = getattr(corpus, name)
        assert list(frame.columns[: len(schema)]) == list(schema), name


@pytest.mark.parametrize("table", SPAN_TABLES)
def test_spans_cut_back_to_their_text(corpus, table):
    frame = getattr(corpus, table)
    assert len(frame) > 0
    for row in frame.itertuples():
        assert corpus.text[row.doc_id][row.start:row.end] == row.text


def test_sections_cover_each_document_in_order(corpus):
    for doc_id, secs in corpus.sections.groupby("doc_id"):
        assert secs.start.iloc[0] == 0
        assert secs.end.iloc[-1] == len(corpus.text[doc_id])
        assert (secs.start.to_numpy()[1:] == secs.end.to_numpy()[:-1]).all()
        headings = secs.dropna(subset=["heading"])
        for row in headings.itertuples():
            assert row.heading in corpus.text[doc_id][row.start:row.end]


def test_sentences_ordered_and_never_overlapping(corpus):
    for _, sents in corpus.sentences.groupby("doc_id"):
        assert list(sents.sent_id) == list(range(len(sents)))
        starts, ends = sents.start.to_numpy(), sents.end.to_numpy()
        assert (starts < ends).all()
        assert (ends[:-1] <= starts[1:]).all()


def test_no_sentence_touches_boilerplate(corpus):
    for doc_id, sents in corpus.sentences.groupby("doc_id"):
        spans = corpus.boilerplate[corpus.boilerplate.doc_id == doc_id]
        for b in spans.itertuples():
            overlap = sents[(sents.start < b.end) & (sents.end > b.start)]
            assert overlap.empty, (b.reason, overlap.text.tolist())


def test_sentences_have_no_surrounding_whitespace(corpus):
    assert (corpus.sentences.text == corpus.sentences.text.str.strip()).all()


def test_document_counts_match_the_sentence_table(corpus):
    counts = corpus.sentences.groupby("doc_id").size()
    docs = corpus.documents.set_index("doc_id")
    assert (docs.n_sentences == counts.reindex(docs.index)).all()
    assert (docs.n_chars == pd.Series({d: len(t) for d, t in corpus.text.items()})).all()


def test_same_input_gives_identical_frames(corpus):
    again = cs.load_corpus(SEEDS)
    for name in SCHEMAS:
        pd.testing.assert_frame_equal(getattr(corpus, name), getattr(again, name))
    assert corpus.text == again.text


def test_save_and_load_round_trip(corpus, tmp_path):
    corpus.save(tmp_path / "processed")
    loaded = cs.Corpus.load(tmp_path / "processed")
    for name in SCHEMAS:
        pd.testing.assert_frame_equal(getattr(corpus, name), getattr(loaded, name))
    assert loaded.text == corpus.text


def test_load_of_a_folder_without_a_saved_corpus_says_so(tmp_path):
    with pytest.raises(cs.CorpusLoadError, match="no saved corpus"):
        cs.Corpus.load(tmp_path)


def test_a_list_of_paths_loads_like_the_folder(corpus):
    paths = sorted(SEEDS.glob("*.txt"))[:2]
    part = cs.load_corpus(paths)
    assert list(part.documents.doc_id) == [p.stem for p in paths]
    expected = corpus.sentences[corpus.sentences.doc_id.isin([p.stem for p in paths])]
    pd.testing.assert_frame_equal(part.sentences, expected.reset_index(drop=True))
