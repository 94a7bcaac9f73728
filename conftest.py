"""Doctests: the seed corpus, parsed once, is ``corpus`` in every docstring example."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def _seed_corpus():
    import claimscope as cs

    return cs.load_corpus("seeds")


@pytest.fixture(autouse=True)
def _doctest_corpus(doctest_namespace, _seed_corpus):
    doctest_namespace["corpus"] = _seed_corpus
    doctest_namespace["cs"] = __import__("claimscope")
