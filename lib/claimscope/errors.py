"""Every error claimscope raises on purpose, under one base class.

Catch :class:`ClaimscopeError` to handle any of them (the command line does); each message names
the file and the problem. The classes also derive from the built-in exception they refine, so
``except ValueError`` keeps working for the configuration errors.

>>> issubclass(CodebookError, ClaimscopeError), issubclass(CodebookError, ValueError)
(True, True)
"""

from __future__ import annotations


class ClaimscopeError(Exception):
    """Base class of claimscope's errors."""


class ConfigError(ClaimscopeError, ValueError):
    """A data file (rules, cues, codebook, lexicon, stop words) that cannot be used."""


class RulesError(ConfigError):
    """A boilerplate rules file is malformed; the message names the file and the rule."""


class CuesError(ConfigError):
    """A citation cue file is malformed; the message names the file and the entry."""


class CodebookError(ConfigError):
    """A codebook file that cannot be used; the message names the file and the problem."""


class LexiconError(ConfigError):
    """A lexicon file that cannot be used; the message names the file and the entry."""


class DecodeError(ClaimscopeError, ValueError):
    """The bytes are not text in any encoding we can trust."""


class CorpusError(ClaimscopeError, RuntimeError):
    """A file could not be loaded and ``errors="raise"`` was asked for; names the file."""


class CorpusLoadError(ClaimscopeError, OSError):
    """A saved corpus folder that is missing, damaged or from an unknown layout."""


class ModelError(ClaimscopeError, RuntimeError):
    """The shipped or given claim model cannot be used (missing, damaged or foreign)."""


class ReferenceModelError(ModelError):
    """The shipped or given reference-parser model or word list cannot be used."""


class AnnotationError(ClaimscopeError, ValueError):
    """An annotation or coding sheet with a bad value; names the file, row and column."""
