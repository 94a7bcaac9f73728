"""Every notebook runs on a corpus larger than full pairwise matrices are made for (130 pages
derived from the real gold pages), and its figures switch to the views made for many sources."""

from __future__ import annotations

import json

import nbformat
import pytest

from claimscope.cli import main
from claimscope.topics import MAX_MATRIX_DOCS

from .conftest import ROOT
from .synthetic_corpus import write_corpus

papermill = pytest.importorskip("papermill")

PAGES = MAX_MATRIX_DOCS + 10
NOTEBOOKS = sorted((ROOT / "notebooks").glob("0*.ipynb"))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("scale")
    write_corpus(root / "pages", pages=PAGES)
    assert main(["build", str(root / "pages"), "--out", str(root / "processed"), "--quiet"]) == 0
    return root


def _outputs(nb) -> tuple[list[str], list[str]]:
    texts, alts = [], []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                raise AssertionError(f"{out.ename}: {out.evalue}")
            texts.append(out.get("text", "") + json.dumps(out.get("data", {}).get("text/plain",
                                                                                    "")))
            alt = out.get("metadata", {}).get("image/png", {}).get("alt")
            if "image/png" in out.get("data", {}):
                alts.append(alt or "")
    return texts, alts


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_notebook_runs_at_scale(built, notebook, tmp_path):
    out = tmp_path / notebook.name
    papermill.execute_notebook(str(notebook), str(out), kernel_name="claimscope",
                               cwd=str(notebook.parent), progress_bar=False,
                               parameters={"CORPUS_DIR": str(built / "pages"),
                                           "PROCESSED_DIR": str(built / "processed")})
    texts, alts = _outputs(nbformat.read(str(out), as_version=4))
    assert alts and all(alts), "every figure has alternative text"
    joined = "\n".join(texts)
    assert "seed 00" not in joined and "Five documents" not in joined
    if notebook.stem.startswith("01"):
        assert any(a.startswith("Ranked bars: the 25 most similar pairs") for a in alts), alts
        assert "pairs of sources listed (each source's nearest sources)" in joined
        assert "… and" in joined  # long lists of sources are cut, not printed whole
