"""Every frame on the seeds equals a committed fingerprint: refactors must not change results.

A change that alters a frame on purpose updates ``fixtures/seed_fingerprints.json`` (run this
file with ``CLAIMSCOPE_UPDATE_FINGERPRINTS=1``) and says why in its commit message. Floats are
rounded to 6 decimals first, so the fingerprint is the same on every CPU and BLAS (they agree
to ~1e-14; see test_claims).
"""

from __future__ import annotations

import hashlib
import json
import os

import pandas as pd
import pytest

from claimscope.schema import FRAMES

from .conftest import FIXTURES

FINGERPRINTS = FIXTURES / "seed_fingerprints.json"


def fingerprint(df: pd.DataFrame) -> str:
    """sha256 over column names, dtypes and values (floats rounded to 6 decimals)."""
    rounded = df.copy()
    for col in rounded.columns:
        if rounded[col].dtype.kind == "f":
            rounded[col] = rounded[col].round(6)
    digest = hashlib.sha256(json.dumps([[c, str(t)] for c, t in df.dtypes.items()]).encode())
    digest.update(pd.util.hash_pandas_object(rounded, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def corpus_fingerprints(corpus) -> dict[str, list]:
    out = {name: [len(getattr(corpus, name)), fingerprint(getattr(corpus, name))]
           for name in FRAMES}
    text = hashlib.sha256(json.dumps(corpus.text, sort_keys=True).encode()).hexdigest()
    out["text"] = [len(corpus.text), text]
    return out


def test_seed_frames_equal_the_committed_fingerprint(corpus):
    found = corpus_fingerprints(corpus)
    if os.environ.get("CLAIMSCOPE_UPDATE_FINGERPRINTS"):
        FINGERPRINTS.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n")
        pytest.skip("fingerprints rewritten")
    expected = json.loads(FINGERPRINTS.read_text())
    changed = {name: (expected.get(name), found[name]) for name in found
               if expected.get(name) != found[name]}
    assert not changed, f"frames changed on the seeds: {sorted(changed)}"
