"""Lazy re-exports for a package's ``__init__`` (PEP 562).

A name is imported from its module on first use, so importing one light module of a package
(``claimscope.parse.ingest``) does not load every heavy one (spaCy, scikit-learn).

>>> import claimscope.parse as parse
>>> parse.discover.__module__
'claimscope.parse.ingest'
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable


def attach(package: str, names: dict[str, str]) -> tuple[Callable, Callable]:
    """``__getattr__`` and ``__dir__`` for ``package`` that import ``names`` (name → module)."""

    def __getattr__(name: str):
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        setattr(sys.modules[package], name, value)  # the next lookup is a plain attribute
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(sys.modules[package]), *names})

    return __getattr__, __dir__
