"""claimscope: parse a folder of health web pages into pandas frames with exact provenance.

>>> import claimscope as cs
>>> corpus = cs.load_corpus("seeds")   # doctest: +SKIP
>>> corpus.manifest.status.tolist()    # doctest: +SKIP
['ok', 'ok', 'ok', 'ok', 'ok']
"""

__version__ = "0.1.0"

from claimscope.corpus import Corpus, load_corpus  # noqa: E402
from claimscope.ingest import CorpusError  # noqa: E402

__all__ = ["Corpus", "CorpusError", "__version__", "load_corpus"]
