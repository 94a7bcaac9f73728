"""Exact character sets of parsed Python patterns, and what each part of a pattern can match.

Sets are computed with Python's own engine over every code point (once per distinct class), so
a translated pattern matches exactly the characters Python's would.

>>> _kind(_single(_C.IN, [(_C.CATEGORY, _C.CATEGORY_WORD)], re.UNICODE), False)
'word'
>>> _literal_variants(ord("k"), re.IGNORECASE | re.UNICODE)
((75, 75), (107, 107), (8490, 8490))
"""

from __future__ import annotations

import _sre
import functools
import re
import re._compiler as _sre_compile
import re._parser as _sre_parse
from re._casefix import _EXTRA_CASES
from typing import Any

#: RE2's limit on a counted repetition, and the bound Python-engine patterns must respect.
MAX_COUNT = 1000

_C = _sre_parse  # the parser re-exports the opcode constants
_MAXREPEAT = _C.MAXREPEAT
_FLAG_I, _FLAG_M, _FLAG_S, _FLAG_A = re.IGNORECASE, re.MULTILINE, re.DOTALL, re.ASCII
_UNSUPPORTED = {
    _C.ASSERT: "a lookahead or lookbehind",
    _C.ASSERT_NOT: "a negative lookahead or lookbehind",
    _C.GROUPREF: "a backreference",
    _C.GROUPREF_EXISTS: "a conditional group",
    _C.ATOMIC_GROUP: "an atomic group",
    _C.POSSESSIVE_REPEAT: "a possessive quantifier",
}
_SINGLE = (_C.LITERAL, _C.NOT_LITERAL, _C.ANY, _C.IN)
_REPEATS = (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT)
_INF = float("inf")

Ranges = tuple[tuple[int, int], ...]


@functools.cache
def _universe() -> str:
    return "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x110000)))


@functools.cache
def _case_partners() -> dict[int, tuple[int, ...]]:
    """Code points by the lower case Python's engine compares them in (cased ones only)."""
    lower = _sre.unicode_tolower
    partners: dict[int, list[int]] = {}
    for code in range(0x110000):
        low = lower(code)
        if low != code:
            partners.setdefault(low, []).append(code)
    return {low: tuple(codes) for low, codes in partners.items()}


@functools.cache
def _literal_variants(code: int, flags: int) -> Ranges:
    """The characters a literal matches with ``re.IGNORECASE``: candidates from the case
    tables, kept when Python's engine agrees."""
    lower, partners = _sre.unicode_tolower, _case_partners()
    candidates = {code, lower(code)}
    for low in (lower(code), *_EXTRA_CASES.get(lower(code), ())):
        candidates |= {low, *partners.get(low, ()), *partners.get(lower(low), ())}
    state = _state(flags)
    compiled = _sre_compile.compile(_sre_parse.SubPattern(state, [(_C.LITERAL, code)]), flags)
    return _union(*(((c, c),) for c in candidates
                    if not 0xD800 <= c < 0xE000 and compiled.fullmatch(chr(c))))


def _state(flags: int) -> _sre_parse.State:
    state = _sre_parse.State()
    state.flags = flags
    return state


@functools.cache
def _members(op: Any, av: Any, flags: int) -> Ranges:
    """The code points one single-character node matches under ``flags``, as ranges."""
    state = _state(flags)
    node = _sre_parse.SubPattern(state, [(op, av)])
    loop = _sre_parse.SubPattern(state, [(_C.MAX_REPEAT, (1, _MAXREPEAT, node))])
    compiled = _sre_compile.compile(loop, flags)
    return tuple((ord(m.group()[0]), ord(m.group()[-1])) for m in compiled.finditer(_universe()))


def _single(op: Any, av: Any, flags: int) -> Ranges:
    if op is _C.LITERAL and not flags & _FLAG_I:
        return ((av, av),)
    if op is _C.ANY:
        return ((0, 0x10FFFF),) if flags & _FLAG_S else ((0, 9), (11, 0x10FFFF))
    relevant = flags & (_FLAG_I | _FLAG_A) | re.UNICODE * (not flags & _FLAG_A)
    if op is _C.LITERAL:
        return _literal_variants(av, relevant)
    return _members(op, tuple(av) if isinstance(av, list) else av, relevant)


def _union(*sets: Ranges) -> Ranges:
    """The union of character sets, as sorted, merged ranges."""
    unique = tuple(dict.fromkeys(sets))  # a word list's alternatives repeat the same sets
    return _union_of(unique)


@functools.lru_cache(maxsize=4096)
def _union_of(sets: tuple[Ranges, ...]) -> Ranges:
    spans = sorted(r for s in sets for r in s)
    out: list[list[int]] = []
    for lo, hi in spans:
        if out and lo <= out[-1][1] + 1:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return tuple((lo, hi) for lo, hi in out)


def _intersects(a: Ranges, b: Ranges) -> bool:
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i][1] < b[j][0]:
            i += 1
        elif b[j][1] < a[i][0]:
            j += 1
        else:
            return True
    return False


def _subset(a: Ranges, b: Ranges) -> bool:
    j = 0
    for lo, hi in a:
        while j < len(b) and b[j][1] < lo:
            j += 1
        if j == len(b) or not (b[j][0] <= lo and hi <= b[j][1]):
            return False
    return True


@functools.cache
def _word(ascii_only: bool) -> Ranges:
    flags = _FLAG_A if ascii_only else re.UNICODE
    return _single(_C.IN, [(_C.CATEGORY, _C.CATEGORY_WORD)], flags)


def _class_source(ranges: Ranges) -> str:
    def one(lo: int, hi: int) -> str:
        return f"\\x{{{lo:x}}}" if lo == hi else f"\\x{{{lo:x}}}-\\x{{{hi:x}}}"

    return "[" + "".join(one(lo, hi) for lo, hi in ranges) + "]"


def _literal_source(code: int) -> str:
    char = chr(code)
    return char if char.isascii() and char.isalnum() else f"\\x{{{code:x}}}"


def _set_source(ranges: Ranges) -> str:
    if not ranges:
        return r"\z(?s:.)"  # matches nothing
    if len(ranges) == 1 and ranges[0][0] == ranges[0][1]:
        return _literal_source(ranges[0][0])
    return _class_source(ranges)


def _plain(sub: Any) -> list[tuple[Any, Any]]:
    """A parsed (sub)pattern as a list of ``(op, av)`` with nested SubPatterns as lists."""
    out = []
    for op, av in sub.data if hasattr(sub, "data") else sub:
        if op is _C.SUBPATTERN:
            av = (av[0], av[1], av[2], _plain(av[3]))
        elif op is _C.BRANCH:
            av = (None, [_plain(alt) for alt in av[1]])
        elif op in _REPEATS:
            av = (av[0], av[1], _plain(av[2]))
        elif op in (_C.ASSERT, _C.ASSERT_NOT):
            av = (av[0], _plain(av[1]))
        elif op is _C.ATOMIC_GROUP:
            av = _plain(av)
        elif op is _C.GROUPREF_EXISTS:
            av = (av[0], _plain(av[1]), _plain(av[2]) if av[2] is not None else [])
        out.append((op, av))
    return out


def _scoped(flags: int, add: int, remove: int) -> int:
    return (flags | add) & ~remove


def _edge(items: list, flags: int, last: bool) -> tuple[Ranges, bool]:
    """The characters a match of ``items`` can start (or end) with, and whether it can be
    empty."""
    found: list[Ranges] = []
    for op, av in reversed(items) if last else items:
        chars, empty = _node_edge(op, av, flags, last)
        found.append(chars)
        if not empty:
            return _union(*found), False
    return _union(*found), True


def _node_edge(op: Any, av: Any, flags: int, last: bool) -> tuple[Ranges, bool]:
    if op in _SINGLE:
        return _single(op, av, flags), False
    if op is _C.SUBPATTERN:
        return _edge(av[3], _scoped(flags, av[1], av[2]), last)
    if op is _C.BRANCH:
        edges = [_edge(alt, flags, last) for alt in av[1]]
        return _union(*(e[0] for e in edges)), any(e[1] for e in edges)
    if op in _REPEATS:
        chars, empty = _edge(av[2], flags, last)
        return chars, empty or av[0] == 0
    if op is _C.ATOMIC_GROUP:
        return _edge(av, flags, last)
    if op is _C.GROUPREF_EXISTS:
        yes, no = _edge(av[1], flags, last), _edge(av[2], flags, last)
        return _union(yes[0], no[0]), yes[1] or no[1]
    if op is _C.GROUPREF:
        return ((0, 0x10FFFF),), True
    return (), True  # AT, ASSERT, ASSERT_NOT: zero width


def _all_chars(items: list, flags: int) -> Ranges:
    found: list[Ranges] = []
    for op, av in items:
        if op in _SINGLE:
            found.append(_single(op, av, flags))
        elif op is _C.SUBPATTERN:
            found.append(_all_chars(av[3], _scoped(flags, av[1], av[2])))
        elif op is _C.BRANCH:
            found.extend(_all_chars(alt, flags) for alt in av[1])
        elif op in _REPEATS:
            found.append(_all_chars(av[2], flags))
        elif op is _C.ATOMIC_GROUP:
            found.append(_all_chars(av, flags))
        elif op is _C.GROUPREF_EXISTS:
            found.extend((_all_chars(av[1], flags), _all_chars(av[2], flags)))
        elif op is _C.GROUPREF:
            found.append(((0, 0x10FFFF),))
    return _union(*found)


def _lengths(items: list) -> tuple[float, float]:
    low = high = 0.0
    for op, av in items:
        if op in _SINGLE:
            a = b = 1.0
        elif op is _C.SUBPATTERN:
            a, b = _lengths(av[3])
        elif op is _C.BRANCH:
            spans = [_lengths(alt) for alt in av[1]]
            a, b = min(s[0] for s in spans), max(s[1] for s in spans)
        elif op in _REPEATS:
            x, y = _lengths(av[2])
            a = x * av[0]
            b = _INF if av[1] is _MAXREPEAT and y > 0 else y * av[1]
        elif op is _C.ATOMIC_GROUP:
            a, b = _lengths(av)
        elif op is _C.GROUPREF_EXISTS:
            (x1, y1), (x2, y2) = _lengths(av[1]), _lengths(av[2])
            a, b = min(x1, x2), max(y1, y2)
        elif op is _C.GROUPREF:
            a, b = 0.0, _INF
        else:
            a = b = 0.0
        low, high = low + a, high + b
    return low, high


def _kind(chars: Ranges, ascii_only: bool) -> str:
    """'word' when every character is a word character, 'other' when none is, else 'mixed'."""
    word = _word(ascii_only)
    if chars and _subset(chars, word):
        return "word"
    if not _intersects(chars, word):
        return "other"
    return "mixed"
