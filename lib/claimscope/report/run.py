"""``claimscope report CORPUS --out DIR``: run every notebook on a corpus, render the reports.

Each notebook of ``notebooks/`` is executed by papermill with ``CORPUS_DIR`` (and, when given,
``PROCESSED_DIR`` and any other parameters) in a fresh kernel, from the notebooks' folder, with
interactive tables on (:mod:`claimscope.report.notebook`). The output folder holds one reader's
report per notebook (``NAME.html``: no code, a table of contents) and ``code/`` the executed
notebooks (``NAME.ipynb``) and their HTML with code. Everything is written to a temporary
sibling folder and swapped in only when every notebook ran: a failed run leaves the previous
reports as they were (the failed notebook is kept beside them, and the error names its cell).

>>> check_report_folder(Path("seeds"))  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
claimscope.errors.ClaimscopeError: seeds: exists and is not a report folder ...
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from claimscope.errors import ClaimscopeError
from claimscope.report.notebook import INTERACTIVE_ENV
from claimscope.report.render import render_html
from claimscope.storage import _exchange

#: Written into every report folder: a later run may replace a folder that has it.
MARKER = ".claimscope-reports"
#: The project's kernel (``make .venv`` installs it); the interpreter's own one otherwise.
KERNEL = "claimscope"


@dataclass
class ReportRun:
    """What :func:`run_reports` wrote."""

    out: Path
    reports: list[Path] = field(default_factory=list)
    seconds: float = 0.0


def check_report_folder(out: Path) -> None:
    """Refuse an ``--out`` that a report run could not safely replace (before any work)."""
    if out.exists() and not out.is_dir():
        raise ClaimscopeError(f"{out}: is a file, not a folder; choose a folder for --out")
    if out.is_dir():
        items = list(out.iterdir())
        ours = (out / MARKER).exists() or all(
            p.suffix == ".html" or p.name in ("executed", "code") for p in items)
        if items and not ours:
            raise ClaimscopeError(f"{out}: exists and is not a report folder (no {MARKER}); "
                                  "choose an empty or new folder for --out")
    probe = out.parent if str(out.parent) else Path(".")
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if not os.access(probe, os.W_OK):
        raise ClaimscopeError(f"{out}: cannot write here ({probe} is not writable)")


def find_notebooks(folder: Path) -> list[Path]:
    """The notebooks of ``folder`` in name order (a clear error when there are none)."""
    if not folder.is_dir():
        raise ClaimscopeError(f"{folder}: no notebooks folder here (give --notebooks DIR)")
    found = sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))
    if not found:
        raise ClaimscopeError(f"{folder}: holds no .ipynb notebook")
    return found


def kernel_name() -> str:
    """``claimscope`` when that kernel is installed, else the running Python's ``python3``."""
    from jupyter_client.kernelspec import KernelSpecManager

    return KERNEL if KERNEL in KernelSpecManager().find_kernel_specs() else "python3"


def notebook_title(path: Path) -> str:
    """The notebook's first markdown heading (its file name when it has none)."""
    import nbformat

    nb = nbformat.read(str(path), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return path.stem


def _swap_in(tmp: Path, out: Path) -> None:
    old = None
    if out.exists() and _exchange(tmp, out):
        old = tmp
    else:
        if out.exists():
            old = out.parent / f".{out.name}.old-{uuid.uuid4().hex[:8]}"
            out.rename(old)
        tmp.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def _environment(name: str, value: str):
    before = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = before


def _execute(notebook: Path, target: Path, parameters: dict, kernel: str,
             timeout: int) -> None:
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    try:
        pm.execute_notebook(str(notebook), str(target), parameters=parameters,
                            cwd=str(notebook.parent), kernel_name=kernel, progress_bar=False,
                            execution_timeout=timeout, log_output=False)
    except PapermillExecutionError as err:
        raise ClaimscopeError(f"{notebook.name}: cell {err.exec_count} failed: {err.ename}: "
                              f"{err.evalue}".strip()) from None


def run_reports(corpus: str | Path, out: str | Path, *, notebooks: str | Path = "notebooks",
                processed: str | Path | None = None, parameters: dict | None = None,
                timeout: int = 1800, progress: Callable[[str], None] | None = None
                ) -> ReportRun:
    """Execute and render every notebook of ``notebooks`` on ``corpus`` into ``out``."""
    started = time.perf_counter()
    out, corpus = Path(out), Path(corpus)
    check_report_folder(out)
    if not corpus.exists():
        raise ClaimscopeError(f"{corpus}: no such file or folder")
    books = find_notebooks(Path(notebooks))
    params = {"CORPUS_DIR": str(corpus.resolve()), **(parameters or {})}
    if processed is not None:
        params["PROCESSED_DIR"] = str(Path(processed).resolve())
    kernel = kernel_name()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.parent / f".{out.name}.tmp-{uuid.uuid4().hex[:8]}"
    (tmp / "code").mkdir(parents=True)
    run = ReportRun(out)
    try:
        with _environment(INTERACTIVE_ENV, "1"):
            for i, book in enumerate(books, 1):
                tick = time.perf_counter()
                executed = tmp / "code" / book.name
                try:
                    _execute(book.resolve(), executed, params, kernel, timeout)
                except ClaimscopeError as err:
                    kept = out.parent / f".{out.name}.failed-{book.name}"
                    if executed.exists():
                        shutil.copyfile(executed, kept)
                        raise ClaimscopeError(f"{err} (the executed notebook is {kept}; "
                                              f"{out}/ is unchanged)") from None
                    raise
                title = notebook_title(book)
                render_html(executed, tmp / f"{book.stem}.html", title=title)
                render_html(executed, tmp / "code" / f"{book.stem}.html", code=True,
                            title=title)
                run.reports.append(out / f"{book.stem}.html")
                if progress:
                    progress(f"{i}/{len(books)} {book.stem} ({time.perf_counter() - tick:.0f} s)")
        (tmp / MARKER).write_text(f"corpus: {params['CORPUS_DIR']}\n", encoding="utf-8")
        _swap_in(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    run.seconds = time.perf_counter() - started
    return run
