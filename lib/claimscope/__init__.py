"""claimscope: parse a folder of health web pages into pandas frames with exact provenance.

The package is grouped by concern: :mod:`claimscope.parse` (files → text → sentences),
:mod:`claimscope.citations`, :mod:`claimscope.claims`, :mod:`claimscope.topics` (concepts and
overlap), :mod:`claimscope.evaluation` and :mod:`claimscope.report`; :mod:`claimscope.corpus`
assembles the frames whose columns :mod:`claimscope.schema` defines.

>>> import claimscope as cs
>>> corpus = cs.load_corpus("seeds")
>>> corpus.manifest.status.tolist()
['ok', 'ok', 'ok', 'ok', 'ok']
"""

__version__ = "0.2.0"

from claimscope import _compat  # noqa: E402

_compat.install()

from claimscope.corpus import Corpus, load_corpus, open_corpus  # noqa: E402
from claimscope.errors import (  # noqa: E402
    ClaimscopeError,
    CorpusError,
    CorpusLoadError,
    ModelError,
)
from claimscope.folder import build_corpus_folder  # noqa: E402
from claimscope.storage import read_frame  # noqa: E402


def __getattr__(name: str):
    """``cs.overview`` and the like (claimscope 0.1's flat modules) still resolve, warning."""
    if f"claimscope.{name}" in _compat.MOVED:
        import importlib

        return importlib.import_module(f"claimscope.{name}")
    raise AttributeError(f"module 'claimscope' has no attribute {name!r}")


__all__ = ["ClaimscopeError", "Corpus", "CorpusError", "CorpusLoadError", "ModelError",
           "__version__", "build_corpus_folder", "load_corpus", "open_corpus", "read_frame"]
