r"""Translation of a parsed Python pattern to RE2 syntax with the same meaning.

>>> import re._parser as p
>>> _translate(p.parse(r"\bhelp", re.I))[1:]  # context before the match: yes, wrapped: yes
(True, True)
"""

from __future__ import annotations

import re  # noqa: F401 - doctest
from typing import Any

from claimscope.safe_regex._charsets import (
    _C,
    _FLAG_A,
    _FLAG_M,
    _MAXREPEAT,
    _SINGLE,
    _UNSUPPORTED,
    MAX_COUNT,
    _class_source,
    _edge,
    _kind,
    _plain,
    _scoped,
    _set_source,
    _single,
    _word,
)


class _Unsupported(Exception):
    """RE2 cannot express this pattern with Python's meaning (the message says why)."""


def _is_boundary(op: Any, av: Any) -> bool:
    return op is _C.AT and av in (_C.AT_BOUNDARY, _C.AT_NON_BOUNDARY)


def _hoistable(op: Any, av: Any, flags: int, last: bool) -> str | None:
    if op is _C.AT and av is _C.AT_BOUNDARY:
        return "b"
    if last and op is _C.AT and av is _C.AT_END and not flags & _FLAG_M:
        return "$"
    return None


def _hoist(items: list, flags: int, last: bool) -> tuple[set[str], list]:
    """Take the ``\\b`` (and, at the end, ``$``) that start (or end) ``items`` out of groups and
    alternatives: ``(\\bx)`` is ``\\b(x)``, ``\\bx|\\by`` is ``\\b(?:x|y)``, ``(?:x$)`` is
    ``(?:x)$``. Returns which were found, and the rest."""
    items = list(items)
    found: set[str] = set()
    index = -1 if last else 0
    while items:
        op, av = items[index]
        code = _hoistable(op, av, flags, last)
        if code:
            items.pop(index)
            found.add(code)
            continue
        if op is _C.SUBPATTERN and not (av[1] | av[2]) & _FLAG_A:
            inner_found, inner = _hoist(av[3], _scoped(flags, av[1], av[2]), last)
            if inner_found:
                items[index] = (op, (av[0], av[1], av[2], inner))
                found |= inner_found
        elif op is _C.BRANCH:
            results = [_hoist(alt, flags, last) for alt in av[1]]
            common = set.intersection(*(r[0] for r in results)) if results else set()
            if common and all(r[0] == common for r in results):
                items[index] = (op, (None, [r[1] for r in results]))
                found |= common
        break
    return found, items


class _Emitter:
    def __init__(self, groupnames: dict[int, str]):
        self.groupnames = groupnames

    def sequence(self, items: list, flags: int) -> str:
        out = []
        for i, (op, av) in enumerate(items):
            if _is_boundary(op, av) and not flags & _FLAG_A:
                out.append(self._interior_boundary(items, i, flags))
            else:
                out.append(self.node(op, av, flags))
        return "".join(out)

    def _interior_boundary(self, items: list, i: int, flags: int) -> str:
        before, empty_before = _edge(items[:i], flags, last=True)
        after, empty_after = _edge(items[i + 1:], flags, last=False)
        kinds = (_kind(before, False), _kind(after, False))
        if empty_before or empty_after or "mixed" in kinds:
            raise _Unsupported("a \\b whose neighbours may or may not be letters")
        holds = kinds[0] != kinds[1]
        if items[i][1] is _C.AT_NON_BOUNDARY:
            holds = not holds
        return "" if holds else r"\z(?s:.)"

    def node(self, op: Any, av: Any, flags: int) -> str:
        if op in _UNSUPPORTED:
            raise _Unsupported(_UNSUPPORTED[op])
        if op in _SINGLE:
            return _set_source(_single(op, av, flags))
        if op is _C.SUBPATTERN:
            group, add, remove, inner = av
            body = self.sequence(inner, _scoped(flags, add, remove))
            if group is None:
                return f"(?:{body})"
            name = self.groupnames.get(group)
            return f"(?P<{name}>{body})" if name else f"({body})"
        if op is _C.BRANCH:
            return "(?:" + "|".join(self.sequence(alt, flags) for alt in av[1]) + ")"
        if op in (_C.MAX_REPEAT, _C.MIN_REPEAT):
            low, high, inner = av
            if low > MAX_COUNT or (high is not _MAXREPEAT and high > MAX_COUNT):
                raise _Unsupported(f"a count above {MAX_COUNT}")
            body = self.sequence(inner, flags)
            if high is _MAXREPEAT:
                count = {0: "*", 1: "+"}.get(low, f"{{{low},}}")
            elif (low, high) == (0, 1):
                count = "?"
            else:
                count = f"{{{low}}}" if low == high else f"{{{low},{high}}}"
            return f"(?:{body}){count}" + ("?" if op is _C.MIN_REPEAT else "")
        if op is _C.AT:
            return self._at(av, flags)
        raise _Unsupported(f"the construct {op}")

    @staticmethod
    def _at(code: Any, flags: int) -> str:
        if code is _C.AT_BEGINNING:
            return "(?m:^)" if flags & _FLAG_M else r"\A"
        if code is _C.AT_END:
            if flags & _FLAG_M:
                return "(?m:$)"
            raise _Unsupported("a $ that is not at the end of the pattern")
        if code is _C.AT_BEGINNING_STRING:
            return r"\A"
        if code is _C.AT_END_STRING:
            return r"\z"
        if code is _C.AT_BOUNDARY:  # ASCII mode: RE2's \b is Python's
            return r"\b"
        if code is _C.AT_NON_BOUNDARY:
            return r"\B"
        raise _Unsupported(f"the anchor {code}")


def _context(items: list, flags: int, last: bool) -> str:
    """What must stand before (or after) the match for a ``\\b`` there to hold."""
    chars, empty = _edge(items, flags, last)
    kind = _kind(chars, False)
    if empty or kind == "mixed":
        side = "after" if last else "before"
        raise _Unsupported(f"a \\b {side} something that may or may not be a letter")
    word = _class_source(_word(False))
    if kind == "other":
        return word
    other = "[^" + word[1:]
    return f"(?:{other}|\\z)" if last else f"(?:{other}|\\A)"


def _translate(parsed: Any) -> tuple[str, bool, bool]:
    """RE2 source for a parsed pattern; whether the text before and after the match is part
    of it (as context; the match itself is group 1 then)."""
    flags = parsed.state.flags
    items = _plain(parsed)
    emitter = _Emitter({index: name for name, index in parsed.state.groupdict.items()})
    if flags & _FLAG_A:  # RE2's \b is Python's ASCII \b
        lead, (trail, items) = set(), _hoist(items, flags & ~_FLAG_A, last=True)
        if "b" in trail:
            items, trail = items + [(_C.AT, _C.AT_BOUNDARY)], trail - {"b"}
    else:
        lead, items = _hoist(items, flags, last=False)
        trail, items = _hoist(items, flags, last=True)
    before = _context(items, flags, last=False) if lead else ""
    after = ""
    if "$" in trail:
        if "b" in trail and _kind(_edge(items, flags, last=True)[0], False) != "word":
            return r"\z(?s:.)", False, False  # "\b$" after a non-letter never holds
        if "b" in trail:
            _context(items, flags, last=True)  # the end must be all letters or all not
        after = r"\n?\z"
    elif "b" in trail:
        after = _context(items, flags, last=True)
    body = emitter.sequence(items, flags)
    if before or after:
        return f"{before}({body}){after}", bool(before), True
    return body, False, False
