"""Language identification: the shortcut over py3langid's scores gives what ``rank`` gives."""

import re
from pathlib import Path

import numpy as np
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


def test_model_copy_gives_py3langid_own_tables_and_recovers_from_damage(tmp_path, monkeypatch):
    from py3langid.langid import _load_model_file

    from claimscope.parse import langid_model

    monkeypatch.setenv(langid_model.CACHE_ENV, str(tmp_path / "cache"))
    own = _load_model_file(langid_model.MODEL_PATH)
    first = langid_model.model_tables()  # read from the xz file; writes the copy
    copy = langid_model.cached_copy_path()
    assert copy.is_file() and copy.parent == tmp_path / "cache"
    second = langid_model.model_tables()  # read from the copy
    for tables in (first, second):
        for mine, theirs in zip(tables, own, strict=True):
            assert type(mine) is type(theirs)
            if isinstance(mine, np.ndarray):
                assert mine.dtype == theirs.dtype and np.array_equal(mine, theirs)
            else:
                assert mine == theirs
    copy.write_bytes(copy.read_bytes()[: len(copy.read_bytes()) // 2])  # a cut-off copy
    with pytest.raises(ValueError, match="damaged"):
        langid_model.read_copy(copy)
    assert langid_model.model_tables()[2] == own[2]  # read again from the xz file …
    assert langid_model.read_copy(copy)["classes"].tolist() == own[2]  # … and rewritten


def test_model_loads_when_the_cache_folder_cannot_be_written(tmp_path, monkeypatch):
    from claimscope.parse import langid_model

    blocker = tmp_path / "not_a_folder"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv(langid_model.CACHE_ENV, str(blocker / "cache"))
    assert "nl" in langid_model.model_tables()[2]
    assert not (blocker / "cache").exists()
