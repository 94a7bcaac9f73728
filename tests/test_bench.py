"""``make bench`` builds the same synthetic corpus on every machine from the real pages."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import subprocess
import sys

from .conftest import ROOT

spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)


def _digest(folder) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def test_the_synthetic_corpus_is_deterministic_and_sized_like_real_pages(tmp_path):
    size = bench.make_corpus(tmp_path / "a", 30, seed=0)
    bench.make_corpus(tmp_path / "b", 30, seed=0)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    sizes = [p.stat().st_size for p in (tmp_path / "a").iterdir()]
    assert len(sizes) == 30 and sum(sizes) == size
    assert min(sizes) >= 2_000 and max(sizes) <= 60_000 + 20_000  # the target plus a paragraph
    assert sum(p.suffix == ".md" for p in (tmp_path / "a").iterdir()) == 3
    bench.make_corpus(tmp_path / "c", 30, seed=1)
    assert _digest(tmp_path / "a") != _digest(tmp_path / "c")


def test_a_measured_task_reports_time_units_and_memory(tmp_path):
    bench.make_corpus(tmp_path / "corpus", 5, seed=0)
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--task", "read_regex",
                          str(tmp_path / "corpus")], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    assert result["units"] > 5 and result["seconds"] >= 0 and result["main_mb"] > 0
