"""The RE2 translations of the shipped patterns, computed once and shipped as data.

Translating a pattern writes out every character class as the exact set of code points Python's
engine matches, which means scanning all 1.1 million of them; for the shipped codebook's joined
cue lists that costs about half a second in every process that loads it (a build's main process
and each worker). The translations of the shipped patterns are therefore kept in
``claimscope/data/re2_translations.json`` and looked up instead, when the Python version and
Unicode database they were made with are the ones running and the translator's code is the one
that made them (else everything is translated as before). A pattern not in the table (a user's
own) is translated. ``make re2-table`` rewrites the file; ``tests/test_re2_table.py`` checks
that every entry equals a fresh translation and that the shipped files need none.

>>> source, before, wrapped = translate(r"\\bpijn\\b", 2, None)
>>> before, wrapped
(True, True)
"""

from __future__ import annotations

import hashlib
import json
import re._parser as _sre_parse
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

from claimscope.resources import data_path
from claimscope.safe_regex._translate import _translate, _Unsupported

TABLE_FILE = "re2_translations.json"
FORMAT = 1
#: While not None, every translation is computed (not looked up) and recorded here.
recorded: dict[str, list] | None = None


@lru_cache(maxsize=1)
def _translator_sha256() -> str:
    """sha256 of the translator's own source: a table made by other code is not used."""
    digest = hashlib.sha256()
    for name in ("_translate.py", "_charsets.py"):
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()


def environment() -> dict[str, Any]:
    """What a translation depends on besides the pattern: Python's parser, the Unicode data
    and the translator's code."""
    return {"format": FORMAT, "python": f"{sys.version_info[0]}.{sys.version_info[1]}",
            "unicode": unicodedata.unidata_version, "translator": _translator_sha256()}


@lru_cache(maxsize=1)
def _table() -> dict[str, list]:
    try:
        data = json.loads(data_path(TABLE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("environment") != environment():
        return {}
    patterns = data.get("patterns")
    return patterns if isinstance(patterns, dict) else {}


def _key(pattern: str, flags: int) -> str:
    return f"{int(flags)}:{pattern}"


def known_translation(pattern: str, flags: int) -> tuple[str, bool, bool] | None:
    """The table's translation of ``pattern`` when the table holds one (such a pattern was
    parsed when the table was made, so it needs no parse now), else None."""
    hit = _table().get(_key(pattern, flags)) if recorded is None else None
    return None if hit is None or hit[0] is None else (hit[0], bool(hit[1]), bool(hit[2]))


def translate(pattern: str, flags: int, parsed: Any | None) -> tuple[str, bool, bool]:
    """:func:`~claimscope.safe_regex._translate._translate` of ``pattern``, from the table
    when it is there (``parsed``: the parsed pattern, or None to parse it here). Raises
    :class:`~claimscope.safe_regex._translate._Unsupported` as the translation would (the
    table keeps the reason)."""
    key = _key(pattern, flags)
    hit = _table().get(key) if recorded is None else None
    if hit is not None:
        if hit[0] is None:
            raise _Unsupported(hit[1])
        return hit[0], bool(hit[1]), bool(hit[2])
    try:
        result = _translate(parsed if parsed is not None else _sre_parse.parse(pattern, flags))
    except _Unsupported as why:
        if recorded is not None:
            recorded[key] = [None, str(why)]
        raise
    if recorded is not None:
        recorded[key] = list(result)
    return result


def shipped_translations() -> dict[str, list]:
    """Every translation loading the shipped data files computes (the table left aside)."""
    global recorded
    from claimscope.citations.detect import load_cues
    from claimscope.claims.codebook import load_codebook
    from claimscope.parse.boilerplate import load_rules

    recorded = {}
    try:
        for load in (load_codebook, load_cues, load_rules):
            load()
        return dict(sorted(recorded.items()))
    finally:
        recorded = None


def write_table(path: str | Path | None = None) -> Path:
    """Write the table of the shipped patterns' translations (``make re2-table``)."""
    out = Path(path) if path else data_path(TABLE_FILE)
    body = {"environment": environment(), "patterns": shipped_translations()}
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(json.dumps(body, ensure_ascii=False, indent=0, sort_keys=True) + "\n",
                   encoding="utf-8")
    tmp.replace(out)
    return out
