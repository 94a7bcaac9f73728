"""Reporting: tables and figures for the notebooks, the page view, the HTML reports.

Importing it inside IPython registers the display formatters of
:mod:`claimscope.report.notebook` (alt text on figures, interactive large tables in reports).
"""

from __future__ import annotations

from claimscope.report import notebook as _notebook
from claimscope.report.labels import literal, shorten, source_labels, source_legend  # noqa: F401
from claimscope.report.overview import (  # noqa: F401
    boilerplate_by_reason,
    boilerplate_sample,
    describe,
    language_mix,
    opening_sentences,
    outline,
    source_table,
)
from claimscope.report.plots import (  # noqa: F401
    plot_boilerplate_share,
    plot_citation_density,
    plot_claim_profile,
    plot_concept_matrix,
    plot_document_sizes,
    plot_evaluation,
    plot_hedged_share,
    plot_overlap_heatmaps,
    plot_topic_weights,
    plot_type_confusion,
    short_id,
)

_notebook.enable()

__all__ = [
    "boilerplate_by_reason",
    "boilerplate_sample",
    "describe",
    "language_mix",
    "literal",
    "opening_sentences",
    "outline",
    "plot_boilerplate_share",
    "plot_citation_density",
    "plot_claim_profile",
    "plot_concept_matrix",
    "plot_document_sizes",
    "plot_evaluation",
    "plot_hedged_share",
    "plot_overlap_heatmaps",
    "plot_topic_weights",
    "plot_type_confusion",
    "short_id",
    "shorten",
    "source_labels",
    "source_legend",
    "source_table",
]
