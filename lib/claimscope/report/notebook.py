"""How figures and tables show in a notebook: alt text on every figure, interactive large tables.

:func:`enable` registers two IPython display formatters (importing :mod:`claimscope.report`
calls it; outside IPython it does nothing):

- every matplotlib figure's PNG output carries ``alt`` metadata (:func:`alt_text`: the text set
  with :func:`set_alt`, else one built from the figure's titles and axis labels), which the
  report template writes as the ``<img alt=…>`` (nbconvert's own lab template drops it);
- when the environment variable ``CLAIMSCOPE_INTERACTIVE_TABLES`` is ``1`` (``claimscope
  report`` sets it for the kernels it starts), a DataFrame of at least :data:`MIN_ROWS` rows is
  shown as a sortable, filterable itables table whose JavaScript comes from the itables package
  and is embedded once per notebook (offline mode: nothing is fetched). Cell text is escaped
  (itables' ``allow_html=False``): a page's ``<script>`` shows as text. Smaller frames, and all
  frames otherwise, keep pandas' own (escaped) HTML, so committed notebooks stay small. A
  missing value shows as "–" in both (never ``NaN`` beside ``<NA>``).

>>> import matplotlib.pyplot as plt
>>> fig, ax = plt.subplots()
>>> _ = ax.set_title("Words per source"); _ = ax.set_xlabel("source"); _ = ax.set_ylabel("words")
>>> alt_text(fig)
'Figure: Words per source (x axis: source; y axis: words).'
>>> set_alt(fig, "Bar chart of words per source: 5 sources, largest 001 (9,754 words).")
>>> alt_text(fig)
'Bar chart of words per source: 5 sources, largest 001 (9,754 words).'
>>> plt.close(fig)
"""

from __future__ import annotations

import itertools
import os
import weakref

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

#: DataFrames with at least this many rows become interactive tables in reports.
MIN_ROWS = 15
#: The environment variable that switches interactive tables on (``claimscope report`` sets it).
INTERACTIVE_ENV = "CLAIMSCOPE_INTERACTIVE_TABLES"
#: How a missing value (NaN, NA, None) shows in every table.
MISSING = "–"
#: Above this size of table data itables shows a sample (and says so under the table).
MAX_BYTES = "1MB"

_ALT: weakref.WeakKeyDictionary[Figure, str] = weakref.WeakKeyDictionary()
_table_ids = itertools.count(1)
_bundle_shown: set[int] = set()


def _plain(text: str) -> str:
    """A matplotlib label as a reader sees it (``literal``'s ``\\$`` back to ``$``)."""
    return " ".join(text.replace(r"\$", "$").split())


def set_alt(fig: Figure, text: str) -> None:
    """Give ``fig`` the alternative text ``text`` (used in HTML reports for screen readers)."""
    _ALT[fig] = text


def alt_text(fig: Figure) -> str:
    """The alternative text of ``fig``: set with :func:`set_alt`, or built from its titles."""
    if fig in _ALT:
        return _ALT[fig]
    suptitle = fig.get_suptitle() if hasattr(fig, "get_suptitle") else ""
    panels, scales = [], []
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        if getattr(ax, "_colorbar", None) is not None:
            label = _plain(ax.get_ylabel() or ax.get_xlabel())
            if label and label not in scales:
                scales.append(label)
            continue
        axes = [f"{name} axis: {_plain(text)}" for name, text in
                (("x", ax.get_xlabel()), ("y", ax.get_ylabel())) if text.strip()]
        title = _plain(ax.get_title())
        panels.append(title + (f" ({'; '.join(axes)})" if axes else "") if title else
                      "; ".join(axes))
    parts = [p for p in [_plain(suptitle)] + panels if p]
    text = "Figure: " + ". ".join(parts) if parts else "Figure"
    if scales:
        text += ". Colour scale: " + "; ".join(scales)
    return text + "."


def _figure_metadata(fig: Figure) -> tuple[dict, dict]:
    """Mime-bundle formatter: no data of its own, only the PNG's ``alt`` metadata."""
    return {}, {"image/png": {"alt": alt_text(fig)}}


def interactive_tables() -> bool:
    """Whether large frames show as interactive tables (``CLAIMSCOPE_INTERACTIVE_TABLES=1``)."""
    return os.environ.get(INTERACTIVE_ENV) == "1"


def _offline_bundle() -> str:
    """itables' JavaScript and CSS, from the installed package, as one HTML block."""
    from itables import options
    from itables.javascript import generate_init_offline_itables_html

    return generate_init_offline_itables_html(options.dt_bundle)


def table_html(frame: pd.DataFrame, min_rows: int = MIN_ROWS,
               interactive: bool | None = None) -> str:
    """HTML for ``frame``: an interactive, escaped itables table when it has ``min_rows`` rows or
    more and interactive tables are on, else pandas' own escaped HTML.

    The first interactive table of a kernel session carries itables' bundle (offline).

    >>> frame = pd.DataFrame({"text": ["<script>alert(1)</script>"] * 3, "year": [2004, None, 1]})
    >>> plain = table_html(frame.astype({"year": "Float64"}), interactive=False)
    >>> "&lt;script&gt;" in plain, "<td>–</td>" in plain, "NA" in plain
    (True, True, False)
    >>> html = table_html(frame, min_rows=2, interactive=True)
    >>> "<script>alert(1)</script>" in html, "new ITable" in html
    (False, True)
    """
    on = interactive_tables() if interactive is None else interactive
    if not on or len(frame) < min_rows:
        shown = frame.copy()
        missing = frame.columns[frame.isna().any().to_numpy()] if frame.columns.is_unique \
            else []
        for column in missing:
            dtype = frame[column].dtype
            if not (isinstance(dtype, np.dtype) and dtype.kind == "f"):  # NaN only: na_rep
                shown[column] = frame[column].astype(object).where(frame[column].notna(),
                                                                     MISSING)
        return shown.to_html(na_rep=MISSING, notebook=True, show_dimensions=False,
                             max_rows=pd.get_option("display.max_rows"),
                             max_cols=pd.get_option("display.max_columns"))
    from itables import to_html_datatable

    shown = frame.astype(object).where(frame.notna(), MISSING) if frame.isna().any().any() \
        else frame
    html = to_html_datatable(shown, connected=False, allow_html=False, maxBytes=MAX_BYTES,
                             table_id=f"claimscope_table_{next(_table_ids)}",
                             display_logo_when_loading=False, classes="display compact")
    session = id(_shell())
    if session not in _bundle_shown:
        _bundle_shown.add(session)
        html = _offline_bundle() + html
    return html


def _frame_html(frame: pd.DataFrame) -> str:
    return table_html(frame)


def _shell():
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def enable(shell=None) -> bool:
    """Register the figure and table formatters in ``shell`` (default: the running IPython);
    False where there is none. Safe to call more than once."""
    shell = shell or _shell()
    if shell is None:
        return False
    formatter = shell.display_formatter
    formatter.mimebundle_formatter.for_type(Figure, _figure_metadata)
    formatter.formatters["text/html"].for_type(pd.DataFrame, _frame_html)
    return True
