"""Regular expressions from data files that cannot hang a load.

Patterns in the shipped data files are reviewed with the code and run on Python's :mod:`re`, as
they always have (their results are pinned by the seed fingerprint). A pattern from a user's
file is compiled by :func:`compile_pattern` so that matching takes time linear in the text:

1. It is parsed by Python's own parser, so the syntax and the meaning stay Python's.
2. It is translated to RE2 syntax and run on google-re2 (linear time, no backtracking). The
   translation keeps Python's meaning: every character class (``\\w``, ``\\d``, ``\\s``, ``[...]``,
   ``.``, case-insensitive letters) is written out as the exact set of characters Python's
   engine matches, ``{,n}`` becomes ``{0,n}``, ``\\Z`` becomes ``\\z``. RE2's ``\\b`` only knows
   ASCII letters, so a ``\\b`` at the start or end of the pattern is checked on the neighbouring
   character instead, and a ``\\b`` between two parts of the pattern is decided from what those
   parts can match; a final ``$`` may stand before a final line end, as in Python.
3. What RE2 cannot express (lookahead and lookbehind, backreferences, atomic groups, possessive
   quantifiers, conditional groups, counts above 1000, a ``\\b`` next to something that may or
   may not be a letter) runs on Python's engine, but only when the pattern cannot backtrack
   without bound: every repetition has an upper bound of at most 1000 (``{1,40}``, not ``+``),
   no repeated part can match the same text in two ways (``(a+)+``, ``(\\w+\\s?)+``,
   ``(a|ab)*``), and no two neighbouring repetitions can match the same characters
   (``\\w{0,9}\\w{0,9}``). Anything else is refused with an error that names the file, the entry
   and the pattern.

The compiled object has the part of :class:`re.Pattern`'s interface claimscope uses:
``search``, ``match``, ``finditer``, ``sub`` and ``pattern``; matches have ``start``, ``end``,
``span``, ``group`` and ``groups``. One difference remains: after an empty match the next
search starts one character later.

>>> p = compile_pattern(r"(a+)+$", where="demo.yml: rule 1")
>>> engine(p), p.search("a" * 100_000 + "b") is None
('re2', True)
>>> engine(compile_pattern(r"(?<=\\d)%", where="demo.yml: rule 2"))
're'
>>> compile_pattern(r"(?<=x)(\\w+\\s?)+:", where="demo.yml: rule 3")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
claimscope.errors.ConfigError: demo.yml: rule 3: pattern '(?<=x)(\\\\w+\\\\s?)+:' ... unbounded ...
>>> [m.group() for m in compile_pattern(r"\\bcafé\\b", re.I, where="x").finditer("Café, écafé")]
['Café']
"""

from __future__ import annotations

import re
import re._parser as _sre_parse
from collections.abc import Iterator
from typing import Any, Protocol

import re2

from claimscope.errors import ConfigError
from claimscope.safe_regex._charsets import MAX_COUNT, _plain
from claimscope.safe_regex._engine import Re2Match, Re2Pattern
from claimscope.safe_regex._policy import _bounded, _check, _Unsafe
from claimscope.safe_regex._table import known_translation, translate
from claimscope.safe_regex._translate import _Unsupported

__all__ = ["MAX_COUNT", "Pattern", "Re2Match", "Re2Pattern", "compile_pattern", "engine",
           "strings_in"]


class Pattern(Protocol):
    """What claimscope needs from a compiled pattern (``re.Pattern`` has it too)."""

    pattern: str

    def search(self, string: str, pos: int = 0) -> Any: ...

    def match(self, string: str, pos: int = 0) -> Any: ...

    def finditer(self, string: str, pos: int = 0) -> Iterator[Any]: ...

    def sub(self, repl: Any, string: str, count: int = 0) -> str: ...


def engine(pattern: Any) -> str:
    """``'re2'`` or ``'re'``: which engine runs a compiled pattern."""
    return getattr(pattern, "engine", "re")


def strings_in(spec: Any) -> frozenset[str]:
    """Every string anywhere in a loaded YAML structure (the shipped file's patterns are among
    them: a user's pattern equal to one of these is as trusted as the shipped file)."""
    out: set[str] = set()
    stack = [spec]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.add(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return frozenset(out)


def compile_pattern(pattern: Any, flags: int = 0, *, where: str,
                    error: type[ConfigError] = ConfigError, trusted: bool = False) -> Pattern:
    """Compile ``pattern`` so that matching cannot hang (see the module docstring).

    Parameters
    ----------
    pattern
        The regular expression (Python syntax).
    flags
        :mod:`re` flags (``re.IGNORECASE`` …).
    where
        The file and entry, for error messages (``"my.yml: rule 3"``).
    error
        The :class:`~claimscope.errors.ConfigError` subclass to raise.
    trusted
        A shipped pattern: compiled with :func:`re.compile` as it is.

    Returns
    -------
    Pattern
        An :class:`Re2Pattern`, or a :class:`re.Pattern` (trusted, or safe for Python's engine).
    """
    if not isinstance(pattern, str):
        raise error(f"{where}: a pattern must be text, not {type(pattern).__name__} "
                    f"({pattern!r})")
    if not trusted and (known := known_translation(pattern, flags)) is not None:
        try:  # a shipped pattern the table has translated: no parse needed
            return Re2Pattern(pattern, flags, *known)
        except re2.error:
            pass  # the full path below says why
    try:
        if trusted:
            return re.compile(pattern, flags)
        parsed = _sre_parse.parse(pattern, flags)
    except (re.error, OverflowError, RecursionError) as err:
        raise error(f"{where}: bad pattern {pattern!r}: {err}") from None
    try:
        source, before, wrapped = translate(pattern, flags, parsed)
        return Re2Pattern(pattern, flags, source, before, wrapped)
    except _Unsupported as why:
        reason = str(why)
    except re2.error as err:
        reason = f"RE2 cannot compile it ({err})"
    except RecursionError:
        reason = "it is nested too deeply"
    try:
        items = _plain(parsed)
        _bounded(items, parsed.state.flags)
        _check(items, parsed.state.flags)
    except _Unsafe as unsafe:
        raise error(f"{where}: pattern {pattern!r} needs Python's regex engine ({reason}), "
                    f"and there it {unsafe}; such a pattern can take hours on one long line "
                    "(see claimscope.safe_regex for what is accepted)") from None
    except RecursionError:
        raise error(f"{where}: pattern {pattern!r} is nested too deeply") from None
    return re.compile(pattern, flags)
