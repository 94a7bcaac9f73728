"""``claimscope report``: --out checked before any work, one-line errors, a failed run leaves the
previous reports as they were; reports without code, with a table of contents and alt text."""

from __future__ import annotations

import nbformat
import pytest

from claimscope.cli import main
from claimscope.report.run import MARKER

from .conftest import SEEDS


def _notebook(folder, name, code, heading="# A report\n\n## First part\n\nText."):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "claimscope", "display_name": "Python 3 (claimscope)",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell(heading),
                nbformat.v4.new_code_cell('CORPUS_DIR = "x"', metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell(code)]
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(folder / name))


FIGURE = ("import matplotlib.pyplot as plt\nimport claimscope.report\n"
          "fig, ax = plt.subplots()\nax.set_title('Words per source')\nplt.show()\n"
          "print('corpus:', CORPUS_DIR.rsplit('/', 1)[-1])")


@pytest.fixture(scope="module")
def good_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("report")
    _notebook(root / "books", "00_one.ipynb", FIGURE)
    out = root / "reports"
    assert main(["report", str(SEEDS), "--notebooks", str(root / "books"), "--out",
                 str(out)]) == 0
    return root, out


def test_reports_for_readers_have_no_code_a_toc_and_alt_text(good_run):
    _, out = good_run
    html = (out / "00_one.html").read_text(encoding="utf-8")
    assert "subplots" not in html and "corpus: seeds" in html
    assert "claimscope-toc" in html and "href='#First-part'" in html
    assert 'alt="Figure: Words per source."' in html
    assert "No description has been provided" not in html
    code = (out / "code" / "00_one.html").read_text(encoding="utf-8")
    assert "subplots" in code and "jp-InputArea" in code
    executed = nbformat.read(str(out / "code" / "00_one.ipynb"), as_version=4)
    assert executed.metadata.kernelspec.name == "claimscope"
    assert (out / MARKER).exists()


def test_a_failed_run_leaves_the_reports_intact(good_run, capsys):
    root, out = good_run
    before = (out / "00_one.html").read_text(encoding="utf-8")
    _notebook(root / "bad", "00_one.ipynb", FIGURE)
    _notebook(root / "bad", "01_two.ipynb", "raise ValueError('no such column: words')")
    assert main(["report", str(SEEDS), "--notebooks", str(root / "bad"), "--out",
                 str(out)]) == 2
    errors = [line for line in capsys.readouterr().err.splitlines()
              if line.startswith("claimscope: error:")]
    assert len(errors) == 1
    err = errors[0]
    assert "01_two.ipynb: cell" in err and "ValueError: no such column: words" in err
    assert f"{out}/ is unchanged" in err
    assert (out / "00_one.html").read_text(encoding="utf-8") == before
    assert not list(root.glob(".reports.tmp-*"))


@pytest.mark.parametrize("case", ["file", "foreign folder", "no corpus", "bad param"])
def test_out_and_arguments_are_checked_before_any_work(tmp_path, capsys, case):
    out = tmp_path / "out"
    corpus = str(SEEDS)
    extra = []
    if case == "file":
        out.write_text("not a folder")
    elif case == "foreign folder":
        out.mkdir()
        (out / "thesis.docx").write_text("mine")
    elif case == "no corpus":
        corpus = str(tmp_path / "missing")
    else:
        extra = ["--param", "not an identifier=1"]
    assert main(["report", corpus, "--out", str(out), "--notebooks", str(tmp_path / "none"),
                 *extra]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("claimscope: error: ") and len(err.splitlines()) == 1
    expected = {"file": "is a file", "foreign folder": "is not a report folder",
                "no corpus": "no such file or folder", "bad param": "write NAME=VALUE"}[case]
    assert expected in err
    if case == "foreign folder":
        assert (out / "thesis.docx").read_text() == "mine"
