"""Reports on odd corpora: no references at all, and labels with '$' that are not mathtext."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import claimscope as cs  # noqa: E402
from claimscope.citations.density import (  # noqa: E402
    citation_density,
    reference_table,
    vague_appeal_table,
)
from claimscope.claims.profile import claim_profile  # noqa: E402
from claimscope.report import overview, plots  # noqa: E402
from claimscope.report.labels import source_labels  # noqa: E402

from .conftest import SEED_IDS, SEEDS  # noqa: E402

NAMES = ("$\\foo$", "$20 … $30", "prijs_$5$")


@pytest.fixture(scope="module")
def dollar_corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dollars")
    for i, name in enumerate(NAMES):
        (folder / f"{name}.md").write_text(
            f"# Behandeling voor $20 … $30 per sessie {i}\n\nAcupunctuur helpt volgens de "
            f"kliniek bij rugpijn (bron).\n\nHet kost maar $20 of $30.\n", encoding="utf-8")
    rules = folder.parent / "dollar_rules.yml"
    rules.write_text("rules:\n  - reason: 'price $x$'\n    pattern: 'het kost'\n",
                     encoding="utf-8")
    return cs.load_corpus(folder, boilerplate_rules=rules)


def test_reference_table_of_a_corpus_without_references():
    corpus = cs.load_corpus(SEEDS / f"{SEED_IDS['backpain_nl']}.txt")
    assert (corpus.citations.kind == "reference").sum() == 0
    table = reference_table(corpus)
    assert table.empty
    assert list(table.columns) == ["doc_id", "authors", "year", "title", "venue", "language",
                                   "page_language", "age_at_page_date"]
    assert str(table.age_at_page_date.dtype) == "Int64"
    assert len(citation_density(corpus)) == 1 and len(vague_appeal_table(corpus)) >= 0


def test_reference_table_on_the_seeds_is_unchanged(corpus):
    table = reference_table(corpus)
    assert len(table) == (corpus.citations.kind == "reference").sum()
    assert table.age_at_page_date.notna().any()


def _texts(fig: plt.Figure) -> list:
    out = []
    for ax in fig.axes:
        out += [*ax.get_xticklabels(), *ax.get_yticklabels(), ax.title, ax.xaxis.label,
                ax.yaxis.label]
        legend = ax.get_legend()
        if legend is not None:
            out += legend.get_texts()
    return [t for t in out if t.get_text()]


def _check_literal(ax_or_fig) -> None:
    fig = ax_or_fig if isinstance(ax_or_fig, plt.Figure) else ax_or_fig.figure
    fig.canvas.draw()  # mathtext would fail here on "$\foo$"
    texts = _texts(fig)
    assert texts
    for text in texts:
        assert not text._preprocess_math(text.get_text())[1], text.get_text()
    plt.close(fig)


def test_figures_show_file_names_and_reasons_with_dollars_literally(dollar_corpus):
    assert sorted(dollar_corpus.documents.doc_id) == sorted(NAMES)
    assert "price $x$" in set(dollar_corpus.boilerplate.reason)
    _check_literal(plots.plot_document_sizes(dollar_corpus))
    _check_literal(plots.plot_boilerplate_share(dollar_corpus))
    _check_literal(plots.plot_citation_density(citation_density(dollar_corpus)))
    profile = claim_profile(dollar_corpus)
    _check_literal(plots.plot_claim_profile(profile))
    labels = [t.get_text() for t in plots.plot_document_sizes(dollar_corpus).get_yticklabels()]
    assert set(labels) == {plots.literal(n) for n in NAMES}
    titled = source_labels(dollar_corpus.documents)
    assert titled.str.startswith("Behandeling voor $20 … $30").all() and titled.is_unique
    for ax in (plots.plot_document_sizes(dollar_corpus, titled),
               plots.plot_claim_profile(profile, titled)):
        shown = {t.get_text() for t in ax.get_yticklabels()}
        assert shown == {plots.literal(t) for t in titled}
        _check_literal(ax)
    plt.close("all")


def test_heatmaps_with_dollar_labels():
    table = pd.DataFrame([[1.0, 2.0], [3.0, None]], index=["$a$", "b$"],
                         columns=["$\\alpha$", "x"])
    _check_literal(plots.plot_type_confusion(table))
    concepts = pd.DataFrame({"category": ["treatment"], "sources": [1], "total": [2],
                             "$doc$": [2]}, index=["$\\beta$ therapy"])
    _check_literal(plots.plot_concept_matrix(concepts))
    fig = plots.plot_overlap_heatmaps({"m": pd.DataFrame([[1.0]], index=["$x$"],
                                                         columns=["$x$"])}, {"m": "$m$"})
    _check_literal(fig)


def test_overview_tables_keep_the_text_as_it_is(dollar_corpus):
    titles = overview.source_table(dollar_corpus).title
    assert titles.str.contains("$20 … $30", regex=False).all()
    assert overview.describe(dollar_corpus)
