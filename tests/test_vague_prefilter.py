"""The joined vague-appeal pattern of a language matches exactly where one of its patterns does."""

import re
from pathlib import Path

from claimscope.citations.detect import _any_of, load_cues

ROOT = Path(__file__).resolve().parents[1]


def _sentences() -> list[str]:
    pages = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "data/gold/pages").glob("*"))
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in pages]
    return [s for t in texts for s in re.split(r"(?<=[.!?])\s+|\n", t) if s.strip()]


def test_joined_vague_patterns_agree_with_the_separate_ones_on_real_sentences():
    cues = load_cues()
    sentences = _sentences()
    for lang, patterns in cues.vague.items():
        joined = cues.vague_any[lang]
        assert joined is not None, lang
        hits = 0
        for text in sentences:
            separate = any(p.search(text) for p in patterns)
            assert (joined.search(text) is not None) == separate, (lang, text)
            hits += separate
        assert hits > 20, lang  # the check saw sentences with vague appeals


def test_patterns_with_group_references_are_not_joined():
    patterns = tuple(re.compile(p) for p in (r"(studies) \1", r"experts? say"))
    assert _any_of(patterns, "test.yml: vague_appeals.en (all, joined)") is None
