r"""When a pattern may run on Python's backtracking engine (see the package docstring).

>>> import re._parser as p
>>> _check(_plain(p.parse(r"(?:\w{1,9}\s{1,3}){0,8}")), re.UNICODE)  # accepted: no error
>>> _check(_plain(p.parse(r"(?:a\w{0,3}b){0,9}")), re.UNICODE)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
claimscope.safe_regex._policy._Unsafe: repeats a part that can end the way it begins, ...
"""

from __future__ import annotations

import re  # noqa: F401 - doctest
from typing import Any

from claimscope.safe_regex._charsets import (
    _C,
    _MAXREPEAT,
    _REPEATS,
    _SINGLE,
    MAX_COUNT,
    Ranges,
    _all_chars,
    _edge,
    _intersects,
    _lengths,
    _plain,  # noqa: F401 - doctest
    _scoped,
    _single,
    _union,
)


class _Unsafe(Exception):
    """Python's engine could backtrack without bound on this pattern (the message says why)."""


def _run(op: Any, av: Any, flags: int) -> tuple[Ranges, bool, bool] | None:
    """``(characters, variable length, can be empty)`` of one item that matches a run of one
    character class (``a``, ``\\w{1,5}``, ``[ab]?``, ``(?:foo|bar)`` with distinct first
    letters), or None for anything more complex."""
    if op in _SINGLE:
        return _single(op, av, flags), False, False
    if op in _REPEATS:
        inner = [item for item in _flatten(av[2], flags) if item[0] is not _C.AT]
        if len(inner) == 1 and inner[0][0] in _SINGLE:
            chars = _single(*inner[0])
            return chars, av[0] != av[1], av[0] == 0
        return None
    if op is _C.BRANCH:
        alternatives = [[item for item in _flatten(alt, flags) if item[0] is not _C.AT]
                        for alt in av[1]]
        if not all(alt and all(o in _SINGLE for o, _, _ in alt) for alt in alternatives):
            return None
        if len({len(alt) for alt in alternatives}) != 1:
            return None
        firsts = [_single(*alt[0]) for alt in alternatives]
        if any(_intersects(a, b) for i, a in enumerate(firsts) for b in firsts[i + 1:]):
            return None
        return _union(*(_single(*item) for alt in alternatives for item in alt)), False, False
    return None


def _flatten(items: list, flags: int) -> list[tuple[Any, Any, int]]:
    """``items`` with groups opened up (their flags carried along), so neighbours are seen."""
    out = []
    for op, av in items:
        if op is _C.SUBPATTERN:
            out.extend(_flatten(av[3], _scoped(flags, av[1], av[2])))
        else:
            out.append((op, av, flags))
    return out


def _bounded(items: list, flags: int) -> None:
    for op, av, node_flags in _flatten(items, flags):
        if op in _REPEATS:
            if av[1] is _MAXREPEAT:
                raise _Unsafe("uses unbounded repetition (*, + or {n,}): give it an upper "
                              f"bound, e.g. {{1,{MAX_COUNT // 10}}}")
            if av[1] > MAX_COUNT:
                raise _Unsafe(f"repeats up to {av[1]} times (at most {MAX_COUNT})")
            _bounded(av[2], node_flags)
        elif op is _C.BRANCH:
            for alt in av[1]:
                _bounded(alt, node_flags)
        elif op in (_C.ASSERT, _C.ASSERT_NOT):
            _bounded(av[1], node_flags)
        elif op is _C.ATOMIC_GROUP:
            _bounded(av, node_flags)
        elif op is _C.GROUPREF_EXISTS:
            _bounded(av[1], node_flags)
            _bounded(av[2], node_flags)


def _check_loop(inner: list, flags: int) -> None:
    """A repeated part must split any text into repetitions one way only: it is a sequence of
    character runs in which every run of variable length differs from its neighbours, also
    across the seam between one repetition and the next."""
    items = [item for item in _flatten(inner, flags)
             if item[0] is not _C.AT and item[0] not in (_C.ASSERT, _C.ASSERT_NOT)]
    runs = [_run(op, av, f) for op, av, f in items]
    if not runs or any(r is None for r in runs):
        if _edge(inner, flags, last=False)[1]:
            raise _Unsafe("repeats something that can match nothing")
        raise _Unsafe("repeats a group that itself holds repetitions or alternatives of "
                      "different lengths, e.g. (a+)+, (\\w+\\s?)+ or (a|ab){0,9}")
    if all(r[2] for r in runs):
        raise _Unsafe("repeats something that can match nothing")
    n = len(runs)
    for i, (chars, variable, _) in enumerate(runs):
        if not variable and n > 1:
            continue
        for step in (1, -1):
            j = i
            for _ in range(n):
                j = (j + step) % n
                other = runs[j]
                if _intersects(chars, other[0]) and (j != i or variable):
                    raise _Unsafe("repeats a part that can end the way it begins, so one text "
                                  "splits into repetitions in many ways (e.g. (a+)+, "
                                  "(\\w+\\s?)+, (a\\w{0,3}b){0,9})")
                if not other[2]:
                    break


def _check(items: list, flags: int) -> None:
    """Raise :class:`_Unsafe` when backtracking on ``items`` is not bounded (module docstring)."""
    previous: list[Ranges] = []  # variable runs since the last part of fixed, non-zero length
    for op, av, node_flags in _flatten(items, flags):
        if op is _C.AT or op is _C.GROUPREF:
            continue
        if op in (_C.ASSERT, _C.ASSERT_NOT):
            _check(av[1], node_flags)
            continue
        if op in _REPEATS and av[1] > 1:
            _check_loop(av[2], node_flags)
        for part in ([av[2]] if op in _REPEATS else av[1] if op is _C.BRANCH else
                     [av] if op is _C.ATOMIC_GROUP else
                     [av[1], av[2]] if op is _C.GROUPREF_EXISTS else []):
            _check(part, node_flags)
        low, high = _lengths([(op, av)])
        if low == high:
            if low > 0:
                previous = []
            continue
        chars = _all_chars([(op, av)], node_flags)
        if any(_intersects(chars, other) for other in previous):
            raise _Unsafe("has two neighbouring repetitions that can match the same characters "
                          "(e.g. \\w{0,9}\\w{0,9})")
        previous = [chars] if low > 0 else [*previous, chars]
