"""The shipped table of RE2 translations (claimscope.safe_regex._table) is current and right."""

from __future__ import annotations

import json
import re._parser as _sre_parse

import pytest

from claimscope.resources import data_path
from claimscope.safe_regex import _table
from claimscope.safe_regex._translate import _translate, _Unsupported

TABLE = json.loads(data_path(_table.TABLE_FILE).read_text(encoding="utf-8"))
SAME_PYTHON = TABLE["environment"] == _table.environment()


@pytest.mark.skipif(not SAME_PYTHON, reason="the table was made on another Python")
def test_every_entry_equals_a_fresh_translation():
    assert TABLE["patterns"], "the table is empty: run make re2-table"
    for key, entry in TABLE["patterns"].items():
        flags, pattern = key.split(":", 1)
        parsed = _sre_parse.parse(pattern, int(flags))
        try:
            fresh = list(_translate(parsed))
        except _Unsupported as why:
            fresh = [None, str(why)]
        assert entry == fresh, pattern[:80]


@pytest.mark.skipif(not SAME_PYTHON, reason="the table was made on another Python")
def test_the_shipped_files_need_no_translation_at_load():
    """Fails when a shipped cue, rule or codebook entry changed: run `make re2-table`."""
    assert _table.shipped_translations() == TABLE["patterns"]


def test_a_table_from_another_python_is_not_used(monkeypatch):
    monkeypatch.setattr(_table, "environment", lambda: {"format": 1, "python": "2.7"})
    _table._table.cache_clear()
    try:
        assert _table._table() == {}
        found = _table.translate(r"\bpijn\b", 2, None)  # translated, not looked up
        assert found == _translate(_sre_parse.parse(r"\bpijn\b", 2))
    finally:
        monkeypatch.undo()
        _table._table.cache_clear()
