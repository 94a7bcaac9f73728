"""Boilerplate rules: loaded from YAML (``claimscope/data/boilerplate.yml`` plus any user files).

>>> rules = load_rules()
>>> rules.match_line("Skip to main content").reason
'navigation'
>>> rules.match_line("Neuraaltherapie helpt om de normale werking te herstellen.") is None
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from claimscope.errors import RulesError

EXTENTS = ("line", "next_lines", "to_end")
STRUCTURAL = ("table_of_contents", "repeated_title", "code_block")



@dataclass(frozen=True)
class Rule:
    """One line rule: a pattern, the reason it is boilerplate, and how far it reaches."""

    reason: str
    pattern: re.Pattern[str]
    extent: str = "line"
    lines: int = 1
    source: str = ""


@dataclass(frozen=True)
class Rules:
    """All boilerplate rules in force for a load."""

    rules: tuple[Rule, ...]
    structural: dict[str, bool] = field(default_factory=dict)

    def match_line(self, line: str) -> Rule | None:
        """The first rule whose pattern matches the stripped ``line``, or None."""
        stripped = line.strip()
        if not stripped:
            return None
        for rule in self.rules:
            if rule.pattern.match(stripped):
                return rule
        return None

    def enabled(self, name: str) -> bool:
        """Whether the structural rule ``name`` is switched on."""
        return self.structural.get(name, True)


def default_rules_path() -> Path:
    """The rules file that ships with claimscope."""
    return Path(str(resources.files("claimscope") / "data" / "boilerplate.yml"))


def _parse_rules_file(path: Path) -> tuple[list[Rule], dict[str, bool]]:
    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as err:
        raise RulesError(f"{path}: cannot read boilerplate rules: {err}") from err
    if not isinstance(spec, dict):
        raise RulesError(f"{path}: expected a mapping with 'rules' (and optionally 'structural')")
    rules: list[Rule] = []
    for i, item in enumerate(spec.get("rules") or []):
        where = f"{path}: rule {i + 1}"
        if not isinstance(item, dict) or "reason" not in item or "pattern" not in item:
            raise RulesError(f"{where}: needs 'reason' and 'pattern'")
        extent = item.get("extent", "line")
        if extent not in EXTENTS:
            raise RulesError(f"{where}: extent must be one of {', '.join(EXTENTS)}, not {extent!r}")
        try:
            pattern = re.compile(str(item["pattern"]), re.IGNORECASE)
        except re.error as err:
            raise RulesError(f"{where}: bad pattern {item['pattern']!r}: {err}") from err
        rules.append(
            Rule(
                reason=str(item["reason"]),
                pattern=pattern,
                extent=extent,
                lines=int(item.get("lines", 1)),
                source=str(path),
            )
        )
    structural = spec.get("structural") or {}
    unknown = set(structural) - set(STRUCTURAL)
    if unknown:
        raise RulesError(f"{path}: unknown structural rules {sorted(unknown)}; known: {STRUCTURAL}")
    return rules, {k: bool(v) for k, v in structural.items()}


def load_rules(
    extra: str | Path | Iterable[str | Path] | None = None, *, include_defaults: bool = True
) -> Rules:
    """Load the default rules and any ``extra`` rule files (their rules are tried first).

    ``include_defaults=False`` uses only the given files.
    """
    if extra is None:
        extra_paths: list[Path] = []
    elif isinstance(extra, str | Path):
        extra_paths = [Path(extra)]
    else:
        extra_paths = [Path(p) for p in extra]
    paths = extra_paths + ([default_rules_path()] if include_defaults else [])
    all_rules: list[Rule] = []
    structural: dict[str, bool] = {}
    for path in reversed(paths):  # later (user) files override structural switches
        _, switches = _parse_rules_file(path)
        structural.update(switches)
    for path in paths:
        rules, _ = _parse_rules_file(path)
        all_rules.extend(rules)
    return Rules(rules=tuple(all_rules), structural=structural)
