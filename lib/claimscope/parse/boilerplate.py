"""Boilerplate rules: loaded from YAML (``claimscope/data/boilerplate.yml`` plus any user files).

>>> rules = load_rules()
>>> rules.match_line("Skip to main content").reason
'navigation'
>>> rules.match_line("Neuraaltherapie helpt om de normale werking te herstellen.") is None
True
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from claimscope.errors import RulesError
from claimscope.resources import read_yaml
from claimscope.safe_regex import Pattern, compile_pattern, strings_in

EXTENTS = ("line", "next_lines", "to_end", "prefix", "suffix")
STRUCTURAL = ("table_of_contents", "navigation_menu", "repeated_title", "code_block")



@dataclass(frozen=True)
class Rule:
    """One line rule: a pattern, the reason it is boilerplate, and how far it reaches."""

    reason: str
    pattern: Pattern
    extent: str = "line"
    lines: int = 1
    source: str = ""


#: Markdown around a line's words: heading marks, a quote mark, a list bullet, emphasis at
#: either end.
_MARKDOWN_DRESS = re.compile(r"^(?:#{1,6}\s+|>\s*|[-+•·▪‣◦]\s+)+|^[*_]+\s*|\s*[*_]+$")


@dataclass(frozen=True)
class Rules:
    """All boilerplate rules in force for a load."""

    rules: tuple[Rule, ...]
    structural: dict[str, bool] = field(default_factory=dict)

    def match_line(self, line: str) -> Rule | None:
        """The first rule whose pattern matches the stripped ``line``, or None; a line in
        markdown dress (``## Today on WebMD``, ``**Tags:**``, ``> Share``) is also tried bare
        (by the rules that take a whole line: a ``prefix`` or ``suffix`` rule's cut must lie in
        the line), as is a list item ("  • By Performance Lab"). A ``suffix`` rule matches
        anywhere and must reach the line's end (:meth:`suffix_start`).

        >>> load_rules().match_line("### Thanks!").reason
        'interface'
        >>> load_rules().match_line("Buckle J. Pain. Altern Ther 1999;5:42. View abstract.").extent
        'suffix'
        """
        stripped = line.strip()
        if not stripped:
            return None
        for rule in self.rules:
            if rule.extent == "suffix":
                if self.suffix_start(rule, stripped) is not None:
                    return rule
            elif rule.pattern.match(stripped):
                return rule
        bare = _MARKDOWN_DRESS.sub("", stripped)
        if bare and bare != stripped:
            for rule in self.rules:
                if rule.extent not in ("prefix", "suffix") and rule.pattern.match(bare):
                    return rule
        return None

    @staticmethod
    def suffix_start(rule: Rule, stripped: str) -> int | None:
        """Where a ``suffix`` rule's match starts in ``stripped`` when it runs to the end of
        it (None: no such match)."""
        for match in rule.pattern.finditer(stripped):
            if match.end() == len(stripped):
                return match.start()
        return None

    def enabled(self, name: str) -> bool:
        """Whether the structural rule ``name`` is switched on."""
        return self.structural.get(name, True)


def default_rules_path() -> Path:
    """The rules file that ships with claimscope."""
    return Path(str(resources.files("claimscope") / "data" / "boilerplate.yml"))


_RULE_FIELDS = ("reason", "pattern", "extent", "lines", "note")


@functools.cache
def _shipped_patterns() -> frozenset[str]:
    spec = read_yaml(default_rules_path(), RulesError, "boilerplate rules")
    return strings_in([r.get("pattern") for r in spec.get("rules") or [] if isinstance(r, dict)])


def _lines(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise RulesError(f"{where}: 'lines' must be a whole number of 1 or more (how many "
                         f"following lines the rule also takes), not {value!r}")
    return value


def _parse_rule(item: object, where: str, source: str) -> Rule:
    if not isinstance(item, dict) or "reason" not in item or "pattern" not in item:
        raise RulesError(f"{where}: needs 'reason' and 'pattern'")
    unknown = sorted(str(k) for k in set(item) - set(_RULE_FIELDS))
    if unknown:
        raise RulesError(f"{where}: unknown field(s) {unknown}; a rule has "
                         f"{', '.join(_RULE_FIELDS)}")
    reason, raw = item["reason"], item["pattern"]
    if not isinstance(reason, str) or not reason.strip():
        raise RulesError(f"{where}: 'reason' must be a non-empty text, not {reason!r}")
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        raw = str(raw)
    extent = item.get("extent", "line")
    if extent not in EXTENTS:
        raise RulesError(f"{where}: extent must be one of {', '.join(EXTENTS)}, not {extent!r}")
    pattern = compile_pattern(raw, re.IGNORECASE, where=where, error=RulesError,
                              trusted=isinstance(raw, str) and raw in _shipped_patterns())
    return Rule(reason=reason, pattern=pattern, extent=extent,
                lines=_lines(item.get("lines", 1), where), source=source)


def _parse_rules_file(path: Path) -> tuple[list[Rule], dict[str, bool]]:
    spec = read_yaml(path, RulesError, "boilerplate rules file")
    unknown = sorted(str(k) for k in set(spec) - {"rules", "structural"})
    if unknown:
        raise RulesError(f"{path}: unknown section(s) {unknown}; a rules file has 'rules' "
                         "(and optionally 'structural')")
    items = spec.get("rules") or []
    if not isinstance(items, list):
        raise RulesError(f"{path}: 'rules' must be a list of rules, not {items!r}")
    rules = [_parse_rule(item, f"{path}: rule {i}", str(path)) for i, item in enumerate(items, 1)]
    structural = spec.get("structural") or {}
    if not isinstance(structural, dict):
        raise RulesError(f"{path}: 'structural' must map rule names ({', '.join(STRUCTURAL)}) "
                         f"to true or false, not {structural!r}")
    unknown = sorted(str(k) for k in set(structural) - set(STRUCTURAL))
    if unknown:
        raise RulesError(f"{path}: unknown structural rules {unknown}; known: {STRUCTURAL}")
    for name, value in structural.items():
        if not isinstance(value, bool):
            raise RulesError(f"{path}: structural rule {name!r} must be true or false, "
                             f"not {value!r}")
    return rules, dict(structural)


def load_rules(
    extra: str | Path | Iterable[str | Path] | None = None, *, include_defaults: bool = True
) -> Rules:
    """Load the default rules and any ``extra`` rule files (their rules are tried first).

    ``include_defaults=False`` uses only the given files. A user's pattern that the shipped
    file does not hold is compiled so it cannot hang (:mod:`claimscope.safe_regex`).
    """
    if extra is None:
        extra_paths: list[Path] = []
    elif isinstance(extra, str | Path):
        extra_paths = [Path(extra)]
    else:
        extra_paths = [Path(p) for p in extra]
    paths = extra_paths + ([default_rules_path()] if include_defaults else [])
    parsed = [_parse_rules_file(path) for path in paths]
    structural: dict[str, bool] = {}
    for _, switches in reversed(parsed):  # earlier (user) files override structural switches
        structural.update(switches)
    return Rules(rules=tuple(rule for rules, _ in parsed for rule in rules),
                 structural=structural)
