"""Old import paths (claimscope 0.1's flat modules) keep working for one release, with a warning.

``import claimscope.claim_eval`` (or ``from claimscope import overview``) gives the module's new
home, ``claimscope.evaluation.claims``, and a ``DeprecationWarning`` naming it. The aliases are
served by a finder on ``sys.meta_path``, so no stub files clutter the package.

>>> import importlib, sys, warnings
>>> _ = sys.modules.pop("claimscope.claim_profile", None)  # as on a first import
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     claim_profile = importlib.import_module("claimscope.claim_profile")
>>> claim_profile.__name__, caught[0].category.__name__
('claimscope.claims.profile', 'DeprecationWarning')
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import warnings

#: old module → new module (removed in claimscope 0.3)
MOVED = {
    "claimscope.annotations": "claimscope.evaluation.annotations",
    "claimscope.boilerplate": "claimscope.parse.boilerplate",
    "claimscope.claim_eval": "claimscope.evaluation.claims",
    "claimscope.claim_model": "claimscope.claims.model",
    "claimscope.claim_profile": "claimscope.claims.profile",
    "claimscope.codebook": "claimscope.claims.codebook",
    "claimscope.concept_eval": "claimscope.evaluation.concepts",
    "claimscope.concepts": "claimscope.topics",
    "claimscope.dates": "claimscope.parse.dates",
    "claimscope.density": "claimscope.citations.density",
    "claimscope.document": "claimscope.pipeline",
    "claimscope.html": "claimscope.parse.html",
    "claimscope.ingest": "claimscope.parse.ingest",
    "claimscope.language": "claimscope.parse.language",
    "claimscope.normalise": "claimscope.parse.normalise",
    "claimscope.overlap": "claimscope.topics",
    "claimscope.overview": "claimscope.report.overview",
    "claimscope.plots": "claimscope.report.plots",
    "claimscope.references": "claimscope.citations.references",
    "claimscope.sentences": "claimscope.parse.sentences",
    "claimscope.structure": "claimscope.parse.structure",
}


class _Alias(importlib.abc.Loader):
    def __init__(self, new: str):
        self.new = new

    def create_module(self, spec):
        warnings.warn(f"{spec.name} moved to {self.new}; import it from there (the old path "
                      "goes away in claimscope 0.3)", DeprecationWarning, stacklevel=2)
        return importlib.import_module(self.new)

    def exec_module(self, module) -> None:
        return None


class _MovedModules(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        new = MOVED.get(fullname)
        if new is None:
            return None
        return importlib.machinery.ModuleSpec(fullname, _Alias(new))


def install() -> None:
    """Put the alias finder on ``sys.meta_path`` (once)."""
    if not any(isinstance(f, _MovedModules) for f in sys.meta_path):
        sys.meta_path.append(_MovedModules())
