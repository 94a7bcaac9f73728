"""Shared fixtures: the seed corpus is parsed once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

import claimscope as cs

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_IDS = {
    "neural_nl": "000_aa4e54722d6168bb",
    "backpain_nl": "001_6427226043fdf274",
    "acupuncture_nl": "002_0005004e530b3f38",
    "prolo_nl": "003_0f5ae677359d74ec",
    "neural_en": "004_4b71cad2ac6b4f72",
}


@pytest.fixture(scope="session")
def corpus() -> cs.Corpus:
    return cs.load_corpus(SEEDS)


@pytest.fixture(scope="session")
def sentences_of(corpus):
    def _get(key: str) -> list[str]:
        doc = SEED_IDS[key]
        return corpus.sentences.loc[corpus.sentences.doc_id == doc, "text"].tolist()

    return _get


@pytest.fixture(scope="session")
def boilerplate_of(corpus):
    def _get(key: str):
        return corpus.boilerplate[corpus.boilerplate.doc_id == SEED_IDS[key]]

    return _get
