"""Language identification: the shortcut over py3langid's scores gives what ``rank`` gives."""

import re
from pathlib import Path

import pytest

from claimscope.parse import language

ROOT = Path(__file__).resolve().parents[1]


def _texts() -> list[str]:
    pages = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "data/gold/pages").glob("*"))
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in pages]
    lines = [line.strip() for t in texts for line in re.split(r"(?<=[.!?])\s+|\n", t)]
    return [t for t in lines if len(t.split()) >= language.MIN_WORDS]


def _by_rank(text: str) -> tuple[dict[str, float], str]:
    ranked = dict(language._identifier().rank(text))
    top = max(ranked, key=ranked.__getitem__)
    return {lang: ranked.get(lang, 0.0) for lang in (*language.SUPPORTED, top)}, top


def test_scores_equal_py3langid_rank_on_real_sentences():
    texts = _texts()
    assert len(texts) > 2000
    tops = set()
    for text in texts:
        fast, top = language._scores(text)
        slow, slow_top = _by_rank(text)
        assert top == slow_top, text
        assert fast == pytest.approx(slow, abs=0), text
        tops.add(top)
    assert {"nl", "en"} <= tops and len(tops) > 2  # other languages occur too (titles, quotes)
