"""The package layout: concerns as subpackages, no import cycles, small modules, old paths warn."""

from __future__ import annotations

import ast
import importlib
import inspect
import sys
import warnings
from collections import defaultdict

import pytest

import claimscope
from claimscope import _compat, errors

from .conftest import ROOT

PACKAGE = ROOT / "lib" / "claimscope"


def _module_level_deps() -> dict[str, set[str]]:
    deps: dict[str, set[str]] = defaultdict(set)
    for file in PACKAGE.rglob("*.py"):
        parts = file.relative_to(PACKAGE).parts
        unit = parts[0] if len(parts) > 1 else parts[0][:-3]
        for node in ast.parse(file.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("claimscope."):
                target = node.module.split(".")[1]
                if target != unit:
                    deps[unit].add(target)
    return deps


def test_no_import_cycle_between_concerns():
    deps = _module_level_deps()
    seen: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        if seen.get(node) == 1:
            raise AssertionError("import cycle: " + " -> ".join([*path, node]))
        if seen.get(node) == 2:
            return
        seen[node] = 1
        for nxt in sorted(deps.get(node, ())):
            visit(nxt, [*path, node])
        seen[node] = 2

    for unit in sorted(deps):
        visit(unit, [])
    assert "corpus" not in deps["parse"] and "claims" not in deps["citations"]


def test_modules_stay_small():
    sizes = {f.relative_to(PACKAGE).as_posix(): len(f.read_text(encoding="utf-8").splitlines())
             for f in PACKAGE.rglob("*.py")}
    assert max(sizes.values()) <= 400, {k: v for k, v in sizes.items() if v > 400}


def test_every_error_shares_one_base():
    classes = [c for _, c in inspect.getmembers(errors, inspect.isclass)
               if c.__module__ == errors.__name__]
    assert len(classes) >= 8
    assert all(issubclass(c, errors.ClaimscopeError) for c in classes)


@pytest.mark.parametrize("old", sorted(_compat.MOVED))
def test_old_import_paths_work_with_a_warning(old):
    sys.modules.pop(old, None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        module = importlib.import_module(old)
    assert module.__name__ == _compat.MOVED[old]
    assert any(issubclass(w.category, DeprecationWarning) and _compat.MOVED[old] in
               str(w.message) for w in caught)


def test_old_names_still_resolve():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from claimscope.claim_eval import lodo_predictions  # noqa: F401
        from claimscope.overlap import neighbours  # noqa: F401
        from claimscope.overview import source_table  # noqa: F401
        assert claimscope.plots.plot_claim_profile
