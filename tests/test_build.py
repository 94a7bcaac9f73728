"""Building at scale: worker processes, the per-file cache, batched parts and Dask give exactly
the frames of a plain one-process build, on real pages (the gold corpus)."""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import claimscope as cs
from claimscope.build import MIN_FILES_FOR_POOL
from claimscope.cli import main
from claimscope.folder import build_corpus_folder
from claimscope.storage import dataset, read_frame

from .conftest import ROOT

GOLD_PAGES = ROOT / "data" / "gold" / "pages"


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """A copy of 12 gold pages (txt and HTML), so tests can touch files."""
    folder = tmp_path_factory.mktemp("pages")
    files = sorted(GOLD_PAGES.glob("*.txt"))[:9] + sorted(GOLD_PAGES.glob("*.html"))[:3]
    for path in files:
        shutil.copy(path, folder / path.name)
    assert len(files) >= MIN_FILES_FOR_POOL
    return folder


@pytest.fixture(scope="module")
def serial(pages):
    return cs.load_corpus(pages, n_jobs=1)


def assert_same(a: cs.Corpus, b: cs.Corpus) -> None:
    for name, df in a.frames().items():
        assert_frame_equal(df, b.frames()[name], obj=name)


def test_worker_processes_give_the_same_frames_row_for_row(pages, serial):
    assert_same(serial, cs.load_corpus(pages, n_jobs=2))


def test_a_rebuild_takes_unchanged_files_from_the_cache(pages, serial, tmp_path, caplog):
    cache = tmp_path / "cache.sqlite"
    first = cs.load_corpus(pages, n_jobs=2, cache=cache)
    assert_same(serial, first)
    with sqlite3.connect(cache) as db:
        assert db.execute("SELECT count(*) FROM results").fetchone()[0] == len(serial.manifest)
    again = cs.load_corpus(pages, n_jobs=1, cache=cache)
    assert_same(serial, again)


def test_editing_one_page_reparses_that_page_only(pages, tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(pages, folder)
    out = tmp_path / "out"
    assert build_corpus_folder(folder, out, n_jobs=1).cache_hits == 0
    page = sorted(folder.glob("*.txt"))[3]
    page.write_text(page.read_text(encoding="utf-8") + "\nDit middel geneest alles.\n",
                    encoding="utf-8")
    summary = build_corpus_folder(folder, out, n_jobs=1)
    # The other 11 keep their rows from the previous output: not even the cache is read.
    assert (summary.reused, summary.cache_hits) == (len(summary.manifest) - 1, 0)
    rebuilt = cs.Corpus.load(out)
    assert "Dit middel geneest alles." in rebuilt.text[page.stem]
    assert_same(cs.load_corpus(folder, n_jobs=1), rebuilt)


@pytest.fixture
def built(pages, tmp_path):
    """A copy of the pages built in batches of 5 (3 parts per frame), cache on."""
    folder = tmp_path / "corpus"
    shutil.copytree(pages, folder)
    out = tmp_path / "out"
    first = build_corpus_folder(folder, out, n_jobs=1, batch_documents=5)
    assert first.reused == 0 and (out / "build.json").is_file()
    return folder, out


def rebuild(folder, out, cache=True, **settings):
    """Build again and check the output against a fresh in-memory parse with the settings."""
    summary = build_corpus_folder(folder, out, n_jobs=1, batch_documents=5, cache=cache,
                                  **settings)
    assert_same(cs.load_corpus(folder, n_jobs=1, **settings), cs.Corpus.load(out))
    return summary


def test_a_rebuild_of_unchanged_files_links_the_previous_parts(built):
    folder, out = built
    before = {p.name: p.read_bytes() for p in (out / "sentences").glob("part-*.parquet")}
    for page in folder.iterdir():
        os.utime(page, (1_000_000_000, 1_000_000_000))  # touched: same bytes, new time
    summary = rebuild(folder, out)
    assert summary.reused == 12
    after = {p.name: p.read_bytes() for p in (out / "sentences").glob("part-*.parquet")}
    assert after == before


def test_an_edit_rewrites_only_its_batch(built):
    folder, out = built
    before = {p.name: p.read_bytes() for p in (out / "claims").glob("part-*.parquet")}
    page = sorted(folder.iterdir())[6]  # the second batch
    page.write_text(page.read_text(encoding="utf-8").replace("de", "het", 3), encoding="utf-8")
    summary = rebuild(folder, out)
    assert summary.reused == 11
    after = {p.name: p.read_bytes() for p in (out / "claims").glob("part-*.parquet")}
    assert len(after) == 3
    assert sorted(after.values()) != sorted(before.values())
    assert sum(data in before.values() for data in after.values()) == 2


def test_a_new_duplicate_or_a_removed_page_changes_what_follows(built):
    folder, out = built
    files = sorted(folder.iterdir())
    shutil.copy(files[7], files[2])  # page 2 now has page 7's bytes: page 7 is its duplicate
    summary = rebuild(folder, out)
    rows = summary.manifest.set_index("path")
    assert rows.reason[files[7].name].startswith("duplicate of " + files[2].stem)
    assert rows.status[files[2].name] == "ok"
    assert summary.reused == 10
    files[2].unlink()  # now page 7 is the first with those bytes again
    summary = rebuild(folder, out)
    assert summary.manifest.set_index("path").status[files[7].name] == "ok"
    assert summary.reused == 10


def test_a_damaged_previous_output_is_parsed_again_with_a_warning(built, caplog):
    folder, out = built
    part = sorted((out / "concepts").glob("part-*.parquet"))[1]
    part.write_bytes(part.read_bytes()[:-40] + b"\0" * 40)
    with caplog.at_level(logging.WARNING, logger="claimscope"):
        summary = rebuild(folder, out)
    assert "cannot be reused" in caplog.text and "corpus.json" in caplog.text
    assert summary.reused == 0 and summary.cache_hits == 12


def test_no_cache_and_other_settings_reuse_nothing(built):
    folder, out = built
    assert rebuild(folder, out, cache=False).reused == 0
    assert rebuild(folder, out, concepts=False).reused == 0  # the output is now without concepts
    assert rebuild(folder, out, concepts=False).reused == 12


def test_other_settings_never_reuse_cached_results(pages, tmp_path):
    cache = tmp_path / "cache.sqlite"
    with_concepts = cs.load_corpus(pages, n_jobs=1, cache=cache)
    without = cs.load_corpus(pages, n_jobs=1, cache=cache, concepts=False)
    assert len(with_concepts.concepts) > 0 and len(without.concepts) == 0
    lexicon = tmp_path / "lexicon.yml"
    lexicon.write_text("extends: default\nconcepts:\n  - concept: fjord\n    category: anatomy\n"
                       "    terms: {en: [fjord], nl: [fjord]}\n", encoding="utf-8")
    mine = cs.load_corpus(pages, n_jobs=1, cache=cache, concepts=lexicon)
    assert_frame_equal(mine.concepts, with_concepts.concepts)  # no page says "fjord"
    lexicon.write_text(lexicon.read_text(encoding="utf-8").replace("fjord]", "website]"),
                       encoding="utf-8")
    changed = cs.load_corpus(pages, n_jobs=1, cache=cache, concepts=lexicon)
    assert (changed.concepts.concept == "fjord").any(), "an edited lexicon file must be re-read"


def test_a_damaged_cache_is_replaced_with_a_warning(pages, serial, tmp_path, caplog):
    cache = tmp_path / "cache.sqlite"
    cache.write_bytes(b"this is not a database" * 100)
    with caplog.at_level(logging.WARNING, logger="claimscope"):
        corpus = cs.load_corpus(pages, n_jobs=1, cache=cache)
    assert "not a usable cache" in caplog.text
    assert_same(serial, corpus)



def test_long_documents_in_windows_and_frames_give_the_same_frames(pages, serial, tmp_path,
                                                                   monkeypatch):
    """A long document is parsed two units at a time here (WINDOW_UNITS; reference lists,
    ids, previous sentences and citation numbering cross the windows) and its rows become
    frames piece by piece once they pass COMPACT_ROWS (here 5, so every page of this corpus is
    "long"): through worker processes, the cache and a batched build, the frames are those of
    one pass over each whole text, row for row."""
    import claimscope.parse.document
    import claimscope.schema
    from claimscope.build import analyse_record
    from claimscope.corpus import resolve_settings
    from claimscope.parse.ingest import discover

    monkeypatch.setattr(claimscope.schema, "COMPACT_ROWS", 5)
    monkeypatch.setattr(claimscope.parse.document, "WINDOW_UNITS", 2)
    result = analyse_record(discover(pages)[0], resolve_settings())
    assert isinstance(result.rows["sentences"], pd.DataFrame)
    assert isinstance(result.rows["concepts"], pd.DataFrame)
    cache = tmp_path / "cache.sqlite"
    assert_same(serial, cs.load_corpus(pages, n_jobs=2, cache=cache))
    assert_same(serial, cs.load_corpus(pages, n_jobs=1, cache=cache))  # from the cache
    out = tmp_path / "out"
    build_corpus_folder(pages, out, n_jobs=1, batch_documents=5, cache=False)
    assert_same(serial, cs.Corpus.load(out))


def test_a_batched_build_writes_parts_that_load_as_one_corpus(pages, serial, tmp_path):
    out = tmp_path / "out"
    summary = build_corpus_folder(pages, out, n_jobs=2, batch_documents=5, cache=False)
    assert summary.rows["sentences"] == len(serial.sentences)
    assert len(list((out / "sentences").glob("part-*.parquet"))) == 3  # 12 pages, 5 a batch
    assert_same(serial, cs.Corpus.load(out))


def test_one_frame_reads_by_columns_and_filters(pages, serial, tmp_path):
    out = tmp_path / "out"
    build_corpus_folder(pages, out, n_jobs=1, batch_documents=7, cache=False)
    dutch = read_frame(out, "sentences", columns=["doc_id", "text"],
                       filters=[("language", "==", "nl")])
    expected = serial.sentences.loc[serial.sentences.language == "nl", ["doc_id", "text"]]
    assert_frame_equal(dutch.reset_index(drop=True), expected.reset_index(drop=True))
    assert dataset(out, "claims").count_rows() == len(serial.claims)
    with pytest.raises(cs.CorpusLoadError, match="no column"):
        read_frame(out, "sentences", columns=["nope"])


def test_an_empty_corpus_leaves_the_previous_output(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", str(ROOT / "seeds"), "--out", str(out), "--quiet"]) == 0
    before = sorted(os.listdir(out / "documents"))
    (tmp_path / "empty").mkdir()
    assert main(["build", str(tmp_path / "empty"), "--out", str(out), "--quiet"]) == 1
    assert "no document could be loaded" in capsys.readouterr().err
    assert sorted(os.listdir(out / "documents")) == before
    assert len(cs.Corpus.load(out).documents) == 5


def test_jobs_must_be_positive_or_minus_one(tmp_path, capsys):
    assert main(["build", str(ROOT / "seeds"), "--out", str(tmp_path / "o"), "--jobs", "0"]) == 2
    assert "--jobs must be a positive number or -1" in capsys.readouterr().err


def test_dask_local_cluster_gives_the_same_frames(pages, serial):
    distributed = pytest.importorskip("dask.distributed", reason="the dask extra is not installed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        on_dask = cs.load_corpus(pages, client=client)
    assert_same(serial, on_dask)


def test_the_manifest_is_complete_in_a_batched_build(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a.txt").write_text("Kurkuma helpt tegen artrose.\n", encoding="utf-8")
    (folder / "b.txt").write_bytes(b"")
    (folder / "c.txt").write_text("Kurkuma helpt tegen artrose.\n", encoding="utf-8")
    (folder / "d.html").write_bytes(b"\x00\x01\x02 binary")
    build_corpus_folder(folder, tmp_path / "out", n_jobs=1, batch_documents=1)
    manifest = cs.Corpus.load(tmp_path / "out").manifest
    assert manifest.status.tolist() == ["ok", "skipped", "skipped", "failed"]
    assert manifest.reason.str.contains("duplicate of a").tolist() == [False, False, True, False]
    assert isinstance(manifest, pd.DataFrame)
