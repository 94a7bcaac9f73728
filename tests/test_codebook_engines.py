"""The shipped codebook's joined cue patterns find the same cues on RE2 as on Python's engine."""

import re
from pathlib import Path

from claimscope.claims.codebook import load_codebook
from claimscope.safe_regex import engine

ROOT = Path(__file__).resolve().parents[1]


def _sentences() -> list[str]:
    pages = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "data/gold/pages").glob("*"))
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in pages]
    return [s for t in texts for s in re.split(r"(?<=[.!?])\s+|\n", t) if s.strip()]


def _patterns(book) -> list:
    blocks = [*book.types.values(), book.hedges, book.cancels, book.boosters]
    return [p for block in blocks for patterns in block.values() for p in patterns]


def test_re2_cue_patterns_match_like_python_re_on_real_sentences():
    patterns = _patterns(load_codebook())
    on_re2 = [p for p in patterns if engine(p) == "re2"]
    assert len(on_re2) >= len(patterns) - 4  # only patterns RE2 cannot express stay on re
    sentences = _sentences()
    found = 0
    for fast in on_re2:
        slow = re.compile(fast.pattern, re.IGNORECASE)
        for text in sentences:
            want = [(m.start(), m.end()) for m in slow.finditer(text)]
            got = [(m.start(), m.end()) for m in fast.finditer(text)]
            assert got == want, (fast.pattern[:80], text)
            found += len(want)
    assert found > 1000  # the comparison saw real cues, not only empty results
