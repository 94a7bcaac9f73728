"""Saved folders: a save killed half-way leaves the previous one loadable; damage is a clean
CorpusLoadError; loading never unpickles anything."""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import textwrap
import time

import pandas as pd
import pytest

import claimscope as cs

from .conftest import ROOT, SEEDS

CHILD = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    import claimscope as cs
    from claimscope import storage

    out, marker, when = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    corpus = cs.load_corpus(sys.argv[4], claims=False, concepts=False)
    real_fsync, real_rename = storage._fsync, Path.rename
    written = []

    def slow_fsync(path):
        real_fsync(path)
        written.append(path)
        if when == "frames" and len(written) == 3:
            marker.write_text("mid-save")
            time.sleep(600)

    def rename(self, target):
        result = real_rename(self, target)
        if when == "swap" and ".old-" in str(target):
            marker.write_text("between the two renames")
            time.sleep(600)
        return result

    real_exchange = storage._exchange

    def exchange(a, b):
        if when == "swap":  # the fallback: systems without renameat2
            return False
        done = real_exchange(a, b)
        if when == "exchange":
            marker.write_text("after the atomic swap")
            time.sleep(600)
        return done

    storage._fsync = slow_fsync
    storage._exchange = exchange
    Path.rename = rename
    corpus.save(out)
""")


def _kill_mid_save(tmp_path, when: str) -> None:
    out, marker = tmp_path / "out", tmp_path / "marker"
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "lib")}
    child = subprocess.Popen([sys.executable, str(script), str(out), str(marker), when,
                              str(SEEDS / "002_0005004e530b3f38.txt")], env=env)
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert child.poll() is None, "the saving process ended before the kill"
            assert time.monotonic() < deadline, "the save never reached the kill point"
            time.sleep(0.05)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(30)


@pytest.fixture
def saved(tmp_path):
    corpus = cs.load_corpus(SEEDS, claims=False, concepts=False)
    corpus.save(tmp_path / "out")
    return corpus


def test_a_save_killed_while_writing_frames_leaves_the_old_folder(tmp_path, saved):
    _kill_mid_save(tmp_path, "frames")
    loaded = cs.Corpus.load(tmp_path / "out")
    pd.testing.assert_frame_equal(loaded.sentences, saved.sentences)
    assert len(loaded.documents) == 5
    leftovers = [p.name for p in tmp_path.iterdir() if ".tmp-" in p.name]
    assert all(name.startswith(".") for name in leftovers)  # hidden: never read as a corpus
    again = cs.load_corpus(tmp_path, claims=False, concepts=False)
    assert set(again.manifest.path) >= {"out"}


def test_a_save_killed_right_after_the_atomic_swap_leaves_a_loadable_folder(tmp_path, saved):
    _kill_mid_save(tmp_path, "exchange")
    assert len(cs.Corpus.load(tmp_path / "out").documents) == 1  # the new save, complete


def test_without_an_atomic_swap_a_kill_between_renames_names_the_previous_output(tmp_path,
                                                                                  saved):
    """Where renameat2 is missing, two renames leave a short window; the error then says where
    the previous output is (it is never deleted before the new one is in place)."""
    _kill_mid_save(tmp_path, "swap")
    with pytest.raises(cs.CorpusLoadError, match=r"previous output in .*\.out\.old-"):
        cs.Corpus.load(tmp_path / "out")


def test_damaged_folders_are_a_clean_error(tmp_path, saved):
    out = tmp_path / "out"
    (out / "sentences" / "part-00000.parquet").write_bytes(b"PAR1 not really")
    with pytest.raises(cs.CorpusLoadError, match="sentences/part-00000.parquet"):
        cs.Corpus.load(out)
    (out / "corpus.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(cs.CorpusLoadError, match="corpus.json: damaged"):
        cs.Corpus.load(out)


def test_loading_never_unpickles(tmp_path, saved):
    out, marker = tmp_path / "out", tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    for name in ("text/part-00000.parquet", "corpus.json"):
        (out / name).write_bytes(pickle.dumps(Payload()))
        with pytest.raises(cs.CorpusLoadError):
            cs.Corpus.load(out)
        assert not marker.exists(), "a pickle payload ran"
