"""What a build reads besides the files: rules, cues, codebook, model and lexicon, loaded once.

>>> settings = resolve_settings(concepts=False)
>>> settings.lexicon is None, settings.recorded["concepts"]
(True, 'off')
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from claimscope.cache import settings_fingerprint

if TYPE_CHECKING:  # loaded by resolve_settings: deciding on reuse needs none of them
    from claimscope.citations.detect import Cues
    from claimscope.claims.codebook import Codebook
    from claimscope.claims.model import ClaimModel
    from claimscope.parse.boilerplate import Rules
    from claimscope.topics.matcher import Lexicon


@dataclass(frozen=True)
class Settings:
    """Everything a build reads besides the files: compiled rules, cues, codebook, model."""

    rules: Rules
    cues: Cues
    book: Codebook | None
    model: ClaimModel | None
    claim_method: str | None
    lexicon: Lexicon | None
    recorded: dict
    sources: tuple = ()  # the user's own data files (their content is part of the fingerprint)
    rules_given: bool = False  # rules passed as an object: no file to fingerprint

    @property
    def fingerprint(self) -> str:
        """Changes whenever anything that shapes a result changes (see :mod:`claimscope.cache`)."""
        return settings_fingerprint(self.recorded, self.sources)


def _check_errors_mode(errors: str) -> None:
    if errors not in ("report", "raise"):
        raise ValueError(f"errors must be 'report' or 'raise', not {errors!r}")


@dataclass(frozen=True)
class SettingsIdentity:
    """What identifies a build's settings, known without loading any of them: enough to decide
    that a previous build can be reused (:mod:`claimscope.incremental`)."""

    recorded: dict
    sources: tuple = ()
    rules_given: bool = False

    @property
    def fingerprint(self) -> str:
        """The same as :attr:`Settings.fingerprint` for these settings."""
        return settings_fingerprint(self.recorded, self.sources)


def describe_settings(*, boilerplate_rules=None, rules: Rules | None = None, citation_cues=None,
                      codebook=None, claim_method: str | None = None, claim_model=None,
                      claims: bool = True, concepts=None) -> SettingsIdentity:
    """The recorded settings and the user's data files of a build, without reading them.

    >>> identity = describe_settings(concepts=False)
    >>> identity.fingerprint == resolve_settings(concepts=False).fingerprint
    True
    """
    rule_files = [] if boilerplate_rules is None else (
        [boilerplate_rules] if isinstance(boilerplate_rules, str | Path) else
        list(boilerplate_rules))
    recorded = {"codebook": str(codebook) if codebook else None,
                "claim_method": claim_method,
                "claim_model": str(claim_model) if claim_model else None,
                "concepts": None if concepts in (None, True) else
                ("off" if concepts is False else str(concepts)),
                "claims": bool(claims)}
    if rule_files or rules is not None:  # recorded only when given (older saves lack them)
        recorded["boilerplate_rules"] = [str(p) for p in rule_files] or "object"
    if citation_cues is not None:
        recorded["citation_cues"] = str(citation_cues)
    sources = tuple(str(p) for p in (*rule_files, citation_cues, codebook, claim_model,
                                     None if concepts in (None, True, False) else concepts)
                    if p is not None)
    return SettingsIdentity(recorded, sources, rules is not None)


def resolve_settings(*, boilerplate_rules=None, rules: Rules | None = None, citation_cues=None,
                     codebook=None, claim_method: str | None = None, claim_model=None,
                     claims: bool = True, concepts=None) -> Settings:
    """Load every data file a build needs once (errors name the file)."""
    from claimscope.citations.detect import load_cues
    from claimscope.claims.classify import load_model_or_none
    from claimscope.claims.codebook import load_codebook
    from claimscope.claims.model import load_model
    from claimscope.parse.boilerplate import load_rules
    from claimscope.topics.matcher import load_lexicon

    identity = describe_settings(boilerplate_rules=boilerplate_rules, rules=rules,
                                 citation_cues=citation_cues, codebook=codebook,
                                 claim_method=claim_method, claim_model=claim_model,
                                 claims=claims, concepts=concepts)
    book = load_codebook(codebook) if claims else None
    model = None
    if claims:
        if claim_method in ("model", "combined"):
            model = load_model(claim_model, book)  # asked for explicitly: fail loudly
        else:  # the model scores rule hits too; without one, rules give score 1.0
            model = load_model_or_none(claim_model, book)
    lexicon = None if concepts is False else load_lexicon(
        None if concepts in (None, True) else concepts)
    return Settings(rules or load_rules(boilerplate_rules), load_cues(citation_cues), book,
                    model, claim_method, lexicon, identity.recorded, identity.sources,
                    identity.rules_given)
