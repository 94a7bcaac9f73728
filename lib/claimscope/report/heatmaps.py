"""Heatmaps that read at 5, 50 and 500 sources: numbers only where they fit, rows in a
clustered order when there are many, a ranked pair list when a matrix would be unreadable.

Missing values are shown one way everywhere: a light grey cell (and "–" where numbers are
written). Labels from the data are literal (:func:`claimscope.report.labels` and ``literal``).

>>> import numpy as np
>>> cluster_order(np.array([[0.0, 1.0], [5.0, 5.0], [0.1, 1.1]])).tolist()
[1, 2, 0]
>>> fig, ax = plt.subplots(figsize=(2, 2))
>>> fits(ax, rows=3, cols=3, chars=4), fits(ax, rows=300, cols=300, chars=4)
(True, False)
>>> plt.close(fig)
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import Colormap

from claimscope.report.labels import label_of, literal
from claimscope.report.notebook import set_alt

#: Grey for a missing value (no claim of a type, no data), in every heatmap.
MISSING = "#e0e0e0"
#: Largest figure, in inches (width, height): figures grow with the data up to this.
MAX_SIZE = (16.0, 18.0)
#: Up to this many sources every row and column is labelled.
MAX_LABELLED = 60
#: Above this many sources an overlap heatmap becomes a ranked list of the closest pairs.
MAX_MATRIX = 120


def grow(n: int, per: float, base: float, limit: float) -> float:
    """A figure dimension for ``n`` items: ``base + per * n`` inches, at most ``limit``."""
    return float(min(limit, base + per * n))


def cmap_with_missing(name: str) -> Colormap:
    """The colour map ``name`` with missing (masked) cells drawn in :data:`MISSING`."""
    return plt.get_cmap(name).with_extremes(bad=MISSING)


def fits(ax: plt.Axes, rows: int, cols: int, chars: int, fontsize: float = 8) -> bool:
    """Whether ``chars`` characters at ``fontsize`` fit in each cell of a rows × cols grid."""
    fig = ax.figure
    box = ax.get_position()
    width_pt = box.width * fig.get_figwidth() * 72 / max(cols, 1)
    height_pt = box.height * fig.get_figheight() * 72 / max(rows, 1)
    return bool(height_pt >= 1.3 * fontsize and width_pt >= 0.62 * fontsize * chars + 2)


def cluster_order(values: np.ndarray) -> np.ndarray:
    """Row order that puts similar rows together (average-linkage clustering, optimal leaf
    order; deterministic). Missing values count as 0."""
    if len(values) < 3:
        return np.arange(len(values))
    from scipy.cluster.hierarchy import leaves_list, linkage

    filled = np.nan_to_num(np.asarray(values, dtype=float))
    return leaves_list(linkage(filled, method="average", optimal_ordering=True))


def value_grid(ax: plt.Axes, values: np.ndarray, fmt: str, shade: np.ndarray,
               empty: str = "–") -> bool:
    """Write every cell's value (white on dark cells) when the numbers fit; False otherwise."""
    texts = [[empty if pd.isna(v) else format(v, fmt) for v in row] for row in values]
    longest = max((len(t) for row in texts for t in row), default=1)
    if not values.size or not fits(ax, values.shape[0], values.shape[1], longest):
        return False
    for i, row in enumerate(texts):
        for j, text in enumerate(row):
            dark = not pd.isna(shade[i, j]) and shade[i, j] > 0.6
            ax.text(j, i, text, ha="center", va="center", fontsize=8,
                    color="white" if dark else "black")
    return True


def draw_heatmap(ax: plt.Axes, table: pd.DataFrame, *, cmap: str, fmt: str, unit: str,
                 row_labels: list[str], col_labels: list[str], norm=None,
                 vmin: float | None = None, vmax: float | None = None) -> bool:
    """One heatmap (masked missing cells, colour bar, labels where they fit); True when the
    cell values were written."""
    values = table.to_numpy(dtype=float)
    image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap_with_missing(cmap),
                      aspect="auto", interpolation="nearest", interpolation_stage="data",
                      norm=norm, vmin=None if norm else vmin,
                      vmax=None if norm else vmax)
    finite = values[np.isfinite(values)]
    top = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
    if norm is not None:
        shade = np.asarray(norm(values))
    elif vmax is not None:
        shade = (values - (vmin or 0)) / max(vmax - (vmin or 0), 1e-12)
    else:
        shade = values / top
    written = value_grid(ax, values, fmt, shade)
    n_rows, n_cols = values.shape
    if n_cols <= MAX_LABELLED:
        ax.set_xticks(range(n_cols), [literal(c) for c in col_labels], rotation=35, ha="right",
                      fontsize=8 if n_cols <= 30 else 6)
    else:
        ax.set_xticks([])
    if n_rows <= MAX_LABELLED:
        ax.set_yticks(range(n_rows), [literal(r) for r in row_labels],
                      fontsize=8 if n_rows <= 30 else 6)
    else:
        ax.set_yticks([])
    missing = " (grey: no value)" if np.isnan(values).any() else ""
    ax.figure.colorbar(image, ax=ax, fraction=0.04, pad=0.02, label=unit + missing)
    return written


def source_by_type(table: pd.DataFrame, *, labels: Mapping[str, str] | None, fmt: str,
                   cmap: str, unit: str, title: str, ax: plt.Axes | None = None) -> plt.Axes:
    """Sources (rows) × claim types (columns); many sources are put in clustered order."""
    n = len(table)
    ordered = table.iloc[cluster_order(table.to_numpy(dtype=float))] if n > 30 else table
    if ax is None:
        _, ax = plt.subplots(figsize=(10, grow(n, 0.32, 2.4, MAX_SIZE[1] if n <= MAX_LABELLED
                                                                 else 10.0)))
    written = draw_heatmap(ax, ordered, cmap=cmap, fmt=fmt, unit=unit,
                           row_labels=[label_of(labels, d) for d in ordered.index],
                           col_labels=list(ordered.columns))
    ax.set_title(title + ("" if written else " (values in the table above)"))
    ax.set_xlabel("claim type (CODEBOOK.md)")
    ax.set_ylabel("source" if n <= 30 else f"{n} sources, similar profiles together")
    ax.figure.tight_layout()
    values = table.to_numpy(dtype=float)
    peak = np.unravel_index(np.nanargmax(values), values.shape) if np.isfinite(
        values).any() else None
    summary = (f"; highest: {label_of(labels, table.index[peak[0]])}, "
               f"{table.columns[peak[1]]} ({values[peak]:{fmt}})") if peak else ""
    set_alt(ax.figure, f"Heatmap: {title}, {n} sources × {table.shape[1]} claim types{summary}.")
    return ax


def ranked_pairs(matrix: pd.DataFrame, top: int) -> pd.Series:
    """The ``top`` highest off-diagonal pairs of a symmetric matrix, best first (ties by id)."""
    values = matrix.to_numpy(dtype=float)
    i, j = np.triu_indices(len(values), k=1)
    pairs = pd.DataFrame({"a": matrix.index[i], "b": matrix.columns[j], "v": values[i, j]})
    pairs = pairs.sort_values(["v", "a", "b"], ascending=[False, True, True], kind="stable")
    head = pairs.head(top)
    return pd.Series(head.v.to_numpy(), index=pd.MultiIndex.from_frame(head[["a", "b"]]))
