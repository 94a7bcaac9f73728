r"""The RE2-backed pattern: Python's match interface, offsets in characters.

>>> from claimscope.safe_regex import compile_pattern
>>> [m.span() for m in compile_pattern(r"\bpijn\w*", where="x").finditer("pijnlijk, rugpijn")]
[(0, 8)]
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import re2

_ENCODING = ("utf-8", "surrogatepass")
_UNANCHORED = re2._Anchor.UNANCHORED
_ANCHOR_START = re2._Anchor.ANCHOR_START
_local = threading.local()


class _Text:
    """A str, its UTF-8 bytes, and conversion between character and byte offsets: from the
    start or from the last offset converted, whichever is nearer (cheap while iterating)."""

    def __init__(self, text: str):
        self.text = text
        self.data = text.encode(*_ENCODING)
        self.ascii = len(self.data) == len(text)
        self._char, self._byte = 0, 0

    def to_byte(self, char: int) -> int:
        if self.ascii or char <= 0:
            return char
        if abs(char - self._char) > char:
            self._char, self._byte = 0, 0
        if char >= self._char:
            byte = self._byte + len(self.text[self._char:char].encode(*_ENCODING))
        else:
            byte = self._byte - len(self.text[char:self._char].encode(*_ENCODING))
        self._char, self._byte = char, byte
        return byte

    def to_char(self, byte: int) -> int:
        if self.ascii or byte <= 0:
            return byte
        if abs(byte - self._byte) > byte:
            self._char, self._byte = 0, 0
        if byte >= self._byte:
            char = self._char + len(self.data[self._byte:byte].decode(*_ENCODING))
        else:
            char = self._char - len(self.data[byte:self._byte].decode(*_ENCODING))
        self._char, self._byte = char, byte
        return char


def _encoded(text: str) -> _Text:
    """The :class:`_Text` of ``text``: one per thread, shared by every pattern, so a long text
    is encoded once however many patterns search it."""
    last = getattr(_local, "text", None)
    if last is None or last.text is not text:
        last = _local.text = _Text(text)
    return last


class Re2Match:
    """A match of an :class:`Re2Pattern` (offsets in characters, like :class:`re.Match`)."""

    __slots__ = ("re", "string", "_spans", "_names")

    def __init__(self, pattern: Re2Pattern, string: str, spans: list[tuple[int, int]]):
        self.re = pattern
        self.string = string
        self._spans = spans

    def _index(self, group: int | str) -> int:
        if isinstance(group, str):
            return self.re.groupindex[group]
        if not 0 <= group < len(self._spans):
            raise IndexError("no such group")
        return group

    def span(self, group: int | str = 0) -> tuple[int, int]:
        return self._spans[self._index(group)]

    def start(self, group: int | str = 0) -> int:
        return self.span(group)[0]

    def end(self, group: int | str = 0) -> int:
        return self.span(group)[1]

    def group(self, *groups: int | str) -> Any:
        def one(g: int | str) -> str | None:
            s, e = self.span(g)
            return None if s < 0 else self.string[s:e]

        if not groups:
            return one(0)
        return one(groups[0]) if len(groups) == 1 else tuple(one(g) for g in groups)

    def __getitem__(self, group: int | str) -> str | None:
        return self.group(group)

    def groups(self, default: Any = None) -> tuple:
        return tuple(default if s < 0 else self.string[s:e] for s, e in self._spans[1:])

    def __repr__(self) -> str:
        return f"<Re2Match span={self.span()} match={self.group()!r}>"


class Re2Pattern:
    """A user's pattern run on RE2 with Python's meaning (see the module docstring)."""

    engine = "re2"

    def __init__(self, pattern: str, flags: int, source: str, context_before: bool,
                 wrapped: bool):
        options = re2.Options()
        options.log_errors = False
        options.max_mem = 64 << 20
        self.pattern = pattern
        self.flags = flags
        self.source = source
        self._re = re2.compile(source, options)
        self._match = self._re._regexp.Match
        self._before = context_before
        self._offset = 1 if wrapped else 0
        self.groups = self._re.groups - self._offset
        self.groupindex = {name: index - self._offset
                           for name, index in self._re.groupindex.items()}

    def __getstate__(self) -> dict:  # (to worker processes) the bound C++ method is rebuilt
        state = dict(self.__dict__)
        del state["_match"]
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._match = self._re._regexp.Match  # the C++ RE2's Match (google-re2 is pinned)

    def __repr__(self) -> str:
        return f"Re2Pattern({self.pattern!r})"

    def _result(self, text: _Text, spans: list[tuple[int, int]]) -> Re2Match:
        return Re2Match(self, text.text, [
            (-1, -1) if s < 0 else (text.to_char(s), text.to_char(e))
            for s, e in spans[self._offset:]])

    def _find(self, string: str, pos: int, anchored: bool) -> Re2Match | None:
        pos = max(0, min(pos, len(string)))
        text = _encoded(string)
        start = text.to_byte(pos)
        begin = text.to_byte(pos - 1) if self._before and pos > 0 else start
        # google-re2's own RE2.Match (the wrapper's search() adds a generator and a match object
        # per call): the spans of every group, (-1, -1) for a group that did not take part
        end = len(text.data)
        spans = self._match(_ANCHOR_START if anchored else _UNANCHORED, text.data, begin, end)
        if spans[0][0] < 0:
            return None
        if spans[self._offset][0] < start:  # the context alternative "\A" at 0
            if anchored:
                return None
            spans = self._match(_UNANCHORED, text.data, start, end)
            if spans[0][0] < 0:
                return None
        if anchored and spans[self._offset][0] != start:
            return None
        return self._result(text, spans)

    def search(self, string: str, pos: int = 0) -> Re2Match | None:
        """The first match at or after ``pos``."""
        return self._find(string, pos, anchored=False)

    def match(self, string: str, pos: int = 0) -> Re2Match | None:
        """A match that starts exactly at ``pos``."""
        return self._find(string, pos, anchored=True)

    def finditer(self, string: str, pos: int = 0) -> Iterator[Re2Match]:
        """Successive non-overlapping matches, like :meth:`re.Pattern.finditer`."""
        while pos <= len(string):
            found = self.search(string, pos)
            if found is None:
                return
            yield found
            s, e = found.span()
            pos = e if e > s else e + 1

    def findall(self, string: str) -> list:
        """Like :meth:`re.Pattern.findall`."""
        out = []
        for found in self.finditer(string):
            groups = found.groups()
            out.append(found.group() if not groups else groups[0] if len(groups) == 1
                       else groups)
        return out

    def sub(self, repl: str | Callable[[Re2Match], str], string: str, count: int = 0) -> str:
        """Replace matches with ``repl`` (a literal string or a function of the match)."""
        if isinstance(repl, str) and "\\" in repl:
            raise ValueError("Re2Pattern.sub takes a literal replacement or a function")
        pieces, last, n = [], 0, 0
        for found in self.finditer(string):
            s, e = found.span()
            pieces.append(string[last:s])
            pieces.append(repl(found) if callable(repl) else repl)
            last, n = e, n + 1
            if count and n == count:
                break
        pieces.append(string[last:])
        return "".join(pieces)
