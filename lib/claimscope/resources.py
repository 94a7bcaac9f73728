"""One loader for every data file: the shipped ones in ``claimscope/data`` and users' own.

A user's YAML file either replaces the shipped file of its kind or, when it starts with
``extends: default``, is merged into it: mappings merge key by key, lists are joined (the user's
entries first, so a user's rule or cue is tried before the shipped ones), and a user's scalar
replaces the shipped one. Boilerplate rules, citation cues, the codebook, the concept lexicon
and the stop words all load this way. Errors name the file and say what is wrong.

>>> spec = read_yaml(data_path("codebook.yml"), CodebookError)
>>> sorted(spec)[:2]
['certainty', 'not_a_claim']
>>> merge_specs({"a": [1], "b": {"c": 1}}, {"a": [2], "b": {"d": 2}})
{'a': [2, 1], 'b': {'c': 1, 'd': 2}}
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import yaml

from claimscope.errors import (  # noqa: F401 - CodebookError: doctest
    ClaimscopeError,
    CodebookError,
    ConfigError,
)

DATA_FILES = ("boilerplate.yml", "citations.yml", "codebook.yml", "concepts.yml",
              "stopwords.yml", "translations.yml", "suggest.yml", "claim_model.npz",
              "references.yml", "reference_model.npz", "re2_translations.json")


def data_path(name: str) -> Path:
    """The path of a file shipped in ``claimscope/data``."""
    return Path(str(resources.files("claimscope") / "data" / name))


def read_text(path: str | Path, error: type[ConfigError] = ConfigError,
              what: str = "data file") -> str:
    """A UTF-8 text file's content; ``error`` names the file when it cannot be read."""
    file = Path(path)
    try:
        if file.is_dir():
            raise error(f"{file}: is a directory, not a {what}")
        return file.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise error(f"{file}: {what} not found") from None
    except UnicodeDecodeError as err:
        raise error(f"{file}: the {what} is not UTF-8 text (byte {err.start}: "
                    f"{err.object[err.start:err.start + 1]!r}); save it as UTF-8") from None
    except OSError as err:
        raise error(f"{file}: cannot read the {what}: {err.strerror or err}") from None


# libyaml's safe loader when PyYAML was built with it (10x faster on the shipped data files),
# else PyYAML's own; both build plain Python values only (no tags, nothing executed)
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: str | Path, error: type[ConfigError] = ConfigError,
              what: str = "data file") -> dict:
    """A YAML mapping from ``path``; ``error`` names the file on any problem."""
    raw = read_text(path, error, what)
    try:
        spec = yaml.load(raw, Loader=_SAFE_LOADER)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as err:
        raise error(f"{path}: not valid YAML: {err}") from None
    if spec is None:
        spec = {}
    if not isinstance(spec, dict):
        raise error(f"{path}: expected a mapping at the top of the {what}, "
                    f"got {type(spec).__name__}")
    return spec


def read_arrays(path: str | Path, error: type[ClaimscopeError] = ConfigError,
                what: str = "data file") -> dict[str, np.ndarray]:
    """The arrays of an ``.npz`` file, read without pickles; ``error`` names the file."""
    import zipfile

    try:
        with np.load(path, allow_pickle=False) as npz:
            return {k: npz[k] for k in npz.files}
    except FileNotFoundError:
        raise error(f"{path}: {what} not found") from None
    except (OSError, ValueError, zipfile.BadZipFile, EOFError, KeyError) as err:
        raise error(f"{path}: not a readable {what} ({type(err).__name__}: {err})") from None


def merge_specs(base: dict, extra: dict) -> dict:
    """``extra`` merged into ``base``: mappings by key, lists joined (extra first), scalars
    replaced."""
    out = dict(base)
    for key, value in extra.items():
        old = out.get(key)
        if isinstance(old, dict) and isinstance(value, dict):
            out[key] = merge_specs(old, value)
        elif isinstance(old, list) and isinstance(value, list):
            out[key] = list(value) + [v for v in old if v not in value]
        else:
            out[key] = value
    return out


@dataclass(frozen=True)
class Spec:
    """A loaded data file: the (merged) mapping, where it came from, and a content hash."""

    content: dict
    source: str
    sha256: str
    extends_default: bool


def load_spec(path: str | Path | None, default_name: str, error: type[ConfigError],
              what: str, merge: Callable[[dict, dict], dict] = merge_specs) -> Spec:
    """The shipped ``default_name`` when ``path`` is None; else the user's file, merged into the
    shipped one when it says ``extends: default``."""
    default = data_path(default_name)
    own = Path(path) if path is not None else default
    raw = read_text(own, error, what)
    spec = read_yaml(own, error, what)
    extends = spec.pop("extends", None)
    if extends not in (None, "default"):
        raise error(f"{own}: 'extends' must be 'default' (the shipped {what}), not {extends!r}")
    sha = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    if extends == "default" and own != default:
        base = read_yaml(default, error, what)
        base.pop("extends", None)
        base_raw = read_text(default, error, what)
        sha = hashlib.sha256((base_raw + "\0" + raw).encode("utf-8")).hexdigest()
        return Spec(merge(base, spec), f"{default} + {own}", sha, True)
    return Spec(spec, str(own), sha, False)
