"""The `claimscope build` command: output, summary line, exit codes."""

from __future__ import annotations

import pandas as pd

import claimscope as cs
from claimscope.cli import main

from .conftest import SEEDS


def test_build_writes_parquet_and_prints_a_summary(tmp_path, capsys):
    assert main(["build", str(SEEDS), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("claimscope: 5 files: 5 loaded, 0 skipped, 0 failed;")
    assert sorted(p.relative_to(tmp_path / "out").as_posix()
                  for p in (tmp_path / "out").glob("*/*.parquet")) == [
        f"{name}/part-00000.parquet" for name in (
            "boilerplate", "citations", "claims", "concepts", "documents", "manifest",
            "sections", "sentences", "text")]
    loaded = cs.Corpus.load(tmp_path / "out")
    assert len(loaded.documents) == 5
    assert isinstance(loaded.sentences, pd.DataFrame)


def test_exit_1_when_nothing_loads(tmp_path, capsys):
    (tmp_path / "empty.txt").write_bytes(b"")
    assert main(["build", str(tmp_path), "--out", str(tmp_path / "out"), "--quiet"]) == 1
    assert "no document could be loaded" in capsys.readouterr().err


def test_strict_fails_on_any_failed_file(tmp_path):
    (tmp_path / "ok.txt").write_text("Acupunctuur helpt volgens de kliniek bij rugpijn.")
    (tmp_path / "photo.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 4)
    out = str(tmp_path / "out")
    assert main(["build", str(tmp_path), "--out", out, "--quiet"]) == 0
    assert main(["build", str(tmp_path), "--out", out, "--quiet", "--strict"]) == 1


def test_missing_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["build", str(tmp_path / "nope"), "--quiet"]) == 2
    assert "corpus path does not exist" in capsys.readouterr().err
