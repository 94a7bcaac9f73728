"""``make bench``: claimscope's build speed and memory beside two baselines, in one run.

A synthetic corpus of N pages is made from the project's real pages (the seeds and the gold
corpus): each page is a deterministic draw of their paragraphs (2–60 KB; a share saved as
``.md``), so the texts read like real health pages. Every measurement runs in its own
process, so its peak memory (RSS, workers included) is its own. Printed as throughput (MB/s)
and as ratios to the baselines measured in the same run, so a slow or busy machine shifts all
numbers together:

- ``read + regex split``: read every file and split it at sentence punctuation;
- ``spaCy blank + sentencizer``: spaCy's rule sentencizer over the same paragraphs;
- ``claimscope build --jobs 1`` and ``--jobs N`` (every core), no cache;
- ``rebuild, one page edited``: a build with the cache after one of N pages changed (the
  other pages keep their rows from the previous output);
- ``rebuild, every page touched``: the same after every file got a new modification time;
- one page of 40,000 short sentences on a single line (``--one-line``), on 1 core;
- with ``--single-mb 50``, one page of 50 MB of paragraphs, on 1 core.

Usage: ``python bench/run.py [--pages 300] [--seed 0] [--one-line 40000] [--single-mb 0]
[--keep DIR]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "seeds", ROOT / "data" / "gold" / "pages"]


def _ends_a_page(paragraph: str, rules) -> bool:
    """True for a paragraph a shipped boilerplate rule removes with everything after it (e.g.
    GitBook's "Agent Instructions"): drawn into the middle of a page, it would hide the rest."""
    found = (rules.match_line(line) for line in paragraph.splitlines())
    return any(rule is not None and rule.extent == "to_end" for rule in found)


def paragraphs() -> list[str]:
    """Every paragraph of the real pages (.txt and .md), in a fixed order."""
    out = []
    for folder in SOURCES:
        for path in sorted(folder.glob("*.txt")) + sorted(folder.glob("*.md")):
            text = path.read_text(encoding="utf-8", errors="replace")
            out.extend(p.strip() for p in re.split(r"\n\s*\n", text) if len(p.strip()) > 40)
    from claimscope.parse.boilerplate import load_rules

    rules = load_rules()
    return [p for p in out if not _ends_a_page(p, rules)]


def make_corpus(folder: Path, pages: int, seed: int) -> int:
    """Write ``pages`` synthetic pages to ``folder``; the number of bytes written."""
    rng = random.Random(seed)
    pool = paragraphs()
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(pages):
        target = int(2_000 * (30 ** rng.random()))  # 2 KB to 60 KB, log-uniform
        parts, size = [], 0
        while size < target:
            para = pool[rng.randrange(len(pool))]
            parts.append(para)
            size += len(para.encode("utf-8")) + 2
        suffix = ".md" if i % 10 == 9 else ".txt"
        data = "\n\n".join(parts) + "\n"
        (folder / f"page{i:05d}{suffix}").write_text(data, encoding="utf-8")
        total += len(data.encode("utf-8"))
    return total


def make_single_file(folder: Path, megabytes: float, seed: int) -> int:
    """One page of ``megabytes`` MB of real paragraphs (the scale issue's single large file)."""
    rng = random.Random(seed)
    pool = paragraphs()
    folder.mkdir(parents=True, exist_ok=True)
    parts, size = [], 0
    while size < megabytes * 1e6:
        para = pool[rng.randrange(len(pool))]
        parts.append(para)
        size += len(para.encode("utf-8")) + 2
    data = "\n\n".join(parts) + "\n"
    (folder / "single.txt").write_text(data, encoding="utf-8")
    return len(data.encode("utf-8"))


def make_one_line_page(folder: Path, sentences: int, seed: int) -> int:
    """One page of ``sentences`` short real sentences on a single line; its size in bytes."""
    rng = random.Random(seed)
    pool = [s for p in paragraphs() for s in re.split(r"(?<=[.!?])\s+", p)
            if 20 <= len(s) <= 90 and s[-1:] in ".!?" and "\n" not in s]
    line = " ".join(pool[rng.randrange(len(pool))] for _ in range(sentences)) + "\n"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "one_line.txt").write_text(line, encoding="utf-8")
    return len(line.encode("utf-8"))


# --- the measured tasks (each runs in a child process: python run.py --task NAME FOLDER) -----
def task_read_regex(folder: Path) -> int:
    count = 0
    for path in sorted(folder.iterdir()):
        text = path.read_text(encoding="utf-8")
        count += len(re.split(r"(?<=[.!?])\s+|\n\s*\n", text))
    return count


def task_spacy(folder: Path) -> int:
    import spacy

    nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    paras = [p for path in sorted(folder.iterdir())
             for p in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")) if p.strip()]
    return sum(len(list(doc.sents)) for doc in nlp.pipe(paras, batch_size=256))


def task_build(folder: Path, jobs: str, cache: str) -> int:
    from claimscope.folder import build_corpus_folder

    out = Path(os.environ["BENCH_OUT"])
    summary = build_corpus_folder(folder, out, n_jobs=int(jobs), cache=cache == "cache")
    return summary.rows["sentences"]


TASKS = {"read_regex": task_read_regex, "spacy": task_spacy, "build": task_build}


def child(argv: list[str]) -> None:
    name, folder, *rest = argv
    started = time.perf_counter()
    units = TASKS[name](Path(folder), *rest)
    elapsed = time.perf_counter() - started
    main_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    worker_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the largest worker
    print(json.dumps({"seconds": elapsed, "units": units, "peak_mb": max(main_kib, worker_kib)
                      / 1024, "main_mb": main_kib / 1024, "worker_mb": worker_kib / 1024}))


def measure(name: str, folder: Path, *args: str, env: dict | None = None) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--task", name, str(folder), *args],
                          capture_output=True, text=True, env={**os.environ, **(env or {})},
                          check=False)
    if proc.returncode:
        sys.exit(f"bench: task {name} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--one-line", type=int, default=40_000,
                        help="sentences on the one-line page (a page without line breaks)")
    parser.add_argument("--single-mb", type=float, default=0,
                        help="also build one page of this many MB of paragraphs (0: skip)")
    parser.add_argument("--keep", default=None, help="write the corpus here and keep it")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="claimscope-bench-"))
    corpus = Path(args.keep) if args.keep else work / "corpus"
    size = make_corpus(corpus, args.pages, args.seed)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    out = {"BENCH_OUT": str(work / "processed")}
    rows = [("read + regex split", measure("read_regex", corpus)),
            ("spaCy blank + sentencizer", measure("spacy", corpus)),
            ("claimscope build, 1 core", measure("build", corpus, "1", "nocache", env=out)),
            (f"claimscope build, {cores} cores", measure("build", corpus, "-1", "nocache",
                                                         env=out))]
    measure("build", corpus, "-1", "cache", env=out)  # fill the cache
    page = sorted(corpus.iterdir())[args.pages // 2]
    page.write_text(page.read_text(encoding="utf-8") + "\nEen nieuwe zin.\n", encoding="utf-8")
    rows.append(("rebuild, one page edited", measure("build", corpus, "-1", "cache", env=out)))
    for path in corpus.iterdir():  # touched: new modification times, the same bytes
        os.utime(path)
    rows.append(("rebuild, every page touched", measure("build", corpus, "-1", "cache",
                                                        env=out)))
    one_line = work / "one_line"
    line_size = make_one_line_page(one_line, args.one_line, args.seed)
    line_run = measure("build", one_line, "1", "nocache", env={"BENCH_OUT": str(work / "line")})
    spacy_rate = rows[1][1]["seconds"]
    one_core = rows[2][1]["seconds"]
    print(f"claimscope bench: {args.pages} pages, {size / 1e6:.1f} MB, {cores} cores "
          f"(seed {args.seed})")
    print("| task | seconds | MB/s | × spaCy | × 1-core build | peak RSS MB: main / largest "
          "worker |")
    print("|---|---|---|---|---|---|")
    for label, r in rows:
        print(f"| {label} | {r['seconds']:.1f} | {size / 1e6 / r['seconds']:.2f} | "
              f"{spacy_rate / r['seconds']:.3f} | {one_core / r['seconds']:.2f} | "
              f"{r['main_mb']:.0f} / {r['worker_mb']:.0f} |")
    print(f"rebuild after one edit = {rows[4][1]['seconds'] / rows[3][1]['seconds']:.1%} of "
          "a full build on every core (interpreter start and discovery included); after "
          f"touching every page {rows[5][1]['seconds'] / rows[3][1]['seconds']:.1%}")
    print(f"one page of {args.one_line:,} sentences on one line ({line_size / 1e6:.1f} MB): "
          f"{line_run['seconds']:.1f} s on 1 core, peak RSS {line_run['peak_mb']:.0f} MB")
    if args.single_mb:
        single_size = make_single_file(work / "single", args.single_mb, args.seed)
        single = measure("build", work / "single", "1", "nocache",
                         env={"BENCH_OUT": str(work / "single_out")})
        print(f"one page of {single_size / 1e6:.1f} MB of paragraphs: {single['seconds']:.1f} s "
              f"on 1 core ({single_size / 1e6 / single['seconds']:.2f} MB/s), peak RSS "
              f"{single['peak_mb']:.0f} MB")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--task":
        child(sys.argv[2:])
    else:
        main()
