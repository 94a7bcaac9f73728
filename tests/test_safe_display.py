"""Text from a web page never becomes live HTML in a rendered report (papermill + nbconvert)."""

from __future__ import annotations

import nbformat
import papermill as pm
import pytest
from nbconvert import HTMLExporter

from .conftest import FIXTURES, ROOT


@pytest.fixture(scope="module")
def report_html(tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "00_corpus_overview.ipynb"
    pm.execute_notebook(
        str(ROOT / "notebooks" / "00_corpus_overview.ipynb"), str(out),
        parameters={"CORPUS_DIR": str(FIXTURES / "messy")},
        cwd=str(ROOT / "notebooks"), progress_bar=False, kernel_name="python3",
    )
    body, _ = HTMLExporter().from_notebook_node(nbformat.read(out, as_version=4))
    return body


def test_hostile_text_is_shown_escaped(report_html):
    assert "alert(&#x27;xss&#x27;)" in report_html or "alert(&#39;xss&#39;)" in report_html \
        or "&lt;script&gt;alert(" in report_html
    assert "<script>alert('xss')</script>" not in report_html
    assert "<img src=x onerror" not in report_html
    assert "<b>echt</b>" not in report_html


def test_the_report_lists_the_manifest_problems(report_html):
    for problem in ("broken symbolic link", "binary content (a PNG image)", "empty file",
                    "unsupported file type .pdf", "duplicate of copy_of_utf8"):
        assert problem in report_html
