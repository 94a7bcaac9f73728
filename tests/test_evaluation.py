"""The validity harness: gold corpus, splits, scores with intervals, the public benchmarks."""

from __future__ import annotations

import pandas as pd
import pytest

from claimscope.evaluation.benchmarks import (
    anystyle,
    benchmark_folder,
    checkthat,
    gold_first_author,
    read_anystyle,
    run_benchmarks,
    ud,
    ud_paragraphs,
)
from claimscope.evaluation.bootstrap import f1_interval, mean_interval
from claimscope.evaluation.gold import (
    coder_agreement,
    evaluation_table,
    format_table,
    held_out_digest,
    load_gold,
)

from .conftest import ROOT

GOLD = ROOT / "data" / "gold"
TEST_SPLIT_SHA256 = "66661fd6aebc76042fce0907054c91d0ca973d9c7aaa6f94e141bb40f8274fe7"


@pytest.fixture(scope="module")
def gold():
    return load_gold(GOLD)


def test_the_held_out_split_is_unchanged():
    """The digest written into data/gold/README.md when the split was made."""
    assert held_out_digest(GOLD) == TEST_SPLIT_SHA256
    assert TEST_SPLIT_SHA256 in (GOLD / "README.md").read_text(encoding="utf-8")


def test_gold_corpus_meets_its_design(gold):
    s = gold.sources
    assert len(s) >= 80 and s.site.nunique() >= 50 and s.topic.nunique() >= 20
    assert set(s.language) == {"nl", "en"} and s.language.value_counts().min() >= 40
    assert s.url.str.startswith("http").all()
    # split by site: no site in two splits; about 60/20/20
    assert s.groupby("site").split.nunique().max() == 1
    shares = s.split.value_counts(normalize=True)
    assert 0.5 < shares["train"] < 0.7 and 0.15 < shares["test"] < 0.25
    # every page coded in the first pass, 20 % in the second
    assert set(gold.first.doc_id) == set(s.page_id)
    assert gold.second.doc_id.nunique() >= 0.2 * len(s)
    for units in (gold.first, gold.second):
        for row in units.itertuples():
            assert gold.corpus.text[row.doc_id][row.start:row.end] == row.text


def test_scores_have_intervals_and_the_ceiling_is_high(gold):
    table = evaluation_table(gold, splits=("dev",))
    dev = table[table.set == "dev"].set_index("metric")
    for metric in ("unit_f1", "is_claim_f1", "macro_f1", "hedged_f1", "has_citation_f1"):
        row = dev.loc[metric]
        assert 0 <= row.low <= row.value <= row.high <= 1, metric
    ceiling = table[table.set == "coder ceiling"].set_index("metric")
    assert ceiling.loc["is_claim_f1", "value"] > 0.9
    shown = format_table(table)
    assert shown.loc["is_claim_f1", "dev"].count("[") == 1


def test_coder_agreement_reports_kappa_and_alpha(gold):
    table = coder_agreement(gold).set_index("label")
    assert table.loc["is_claim", "units"] > 300
    assert 0.6 < table.loc["is_claim", "kappa"] <= 1
    assert table.loc["is_claim", "alpha"] == pytest.approx(table.loc["is_claim", "kappa"],
                                                          abs=0.01)


def test_bootstrap_intervals_are_deterministic_and_cover_the_point():
    counts = pd.DataFrame({"tp": [5, 3, 9, 0], "fp": [1, 2, 0, 1], "fn": [0, 1, 2, 3]})
    a, b = f1_interval(counts), f1_interval(counts)
    assert a == b and a[1] <= a[0] <= a[2]
    point, low, high = mean_interval([1, 1, 0, 1, 0, 1, 1, 1])
    assert point == 0.75 and low < point < high


# --- public benchmarks: the scorers on small files that reproduce each format ---------------

@pytest.fixture
def bench(tmp_path):
    (tmp_path / "checkthat").mkdir()
    header = "topic\ttweet_id\ttweet_url\ttweet_text\tclass_label\n"
    train = header + "".join(
        f"COVID-19\t{i}\tu\t{t}\t{y}\n" for i, (t, y) in enumerate(
            [("Vaccins zijn veilig en werken goed", 1), ("Mondkapjes helpen tegen besmetting", 1),
             ("Goedemorgen allemaal", 0), ("Fijne dag vandaag", 0), ("Het vaccin werkt", 1),
             ("Lekker weer", 0)] * 3))
    test = header + "COVID-19\t1\tu\tHet vaccin is veilig.\t1\nCOVID-19\t2\tu\tHallo!\t0\n"
    (tmp_path / "checkthat" / "CT22_dutch_1B_claim_train.tsv").write_text(train)
    (tmp_path / "checkthat" / "CT22_dutch_1B_claim_dev_test.tsv").write_text(test)
    (tmp_path / "ud").mkdir()
    (tmp_path / "ud" / "en_ewt-ud-test.conllu").write_text(
        "# newdoc id = d1\n# sent_id = d1-1\n# text = It works. Really.\n1\tIt\n\n"
        "# sent_id = d1-2\n# text = Yes it does.\n1\tYes\n\n")
    (tmp_path / "anystyle").mkdir()
    (tmp_path / "anystyle" / "gold.xml").write_text(
        "<dataset><sequence><author>Koes BW, van Tulder MW.</author><title>Diagnosis and "
        "treatment of low back pain.</title><journal>BMJ.</journal><date>2006;</date>"
        "<volume>332</volume></sequence><sequence><author>Smith, J., &amp; Jones, K.</author>"
        "<date>(2010).</date><title>Needles and pain.</title><journal>J Pain,</journal>"
        "<volume>12</volume></sequence></dataset>", encoding="utf-8")
    return tmp_path


def test_checkthat_scores_accuracy_with_both_baselines(bench):
    row = checkthat(bench)[0]
    assert row["n"] == 2 and 0 <= row["value"] <= 1
    assert "majority" in row["baseline"] and "n-gram" in row["baseline"]


def test_ud_rebuilds_paragraphs_and_scores_units(bench):
    paragraphs = ud_paragraphs((bench / "ud" / "en_ewt-ud-test.conllu").read_text().splitlines())
    assert paragraphs == [("It works. Really. Yes it does.", [(0, 17), (18, 30)])]
    rows = ud(bench)
    assert "skipped" in rows[0]["note"]  # no Alpino file here
    assert rows[1]["n"] == 2 and "spaCy sentencizer" in rows[1]["baseline"]


def test_anystyle_fields(bench):
    gold = read_anystyle(bench / "anystyle" / "gold.xml")
    assert gold.first_author.tolist() == ["Koes", "Smith"]
    assert gold.year.tolist() == [2006, 2010]
    rows = {r["metric"]: r for r in anystyle(bench)}
    assert rows["year accuracy"]["value"] == 1.0
    assert rows["first_author accuracy"]["value"] == 1.0
    assert gold_first_author("B. Smith and C. Jones") == "Smith"


def test_benchmarks_skip_clearly_without_data(tmp_path, monkeypatch):
    monkeypatch.delenv("CLAIMSCOPE_BENCHMARKS", raising=False)
    assert benchmark_folder() is None
    assert "skipped" in run_benchmarks().note.iloc[0]
    assert all("skipped" in r for r in run_benchmarks(tmp_path).note)


@pytest.mark.skipif(benchmark_folder() is None, reason="CLAIMSCOPE_BENCHMARKS is not set: the "
                    "public benchmark files are not on this machine (see README)")
def test_real_benchmarks_run():
    table = run_benchmarks()
    assert table.value.notna().all()


def test_training_previous_is_the_previous_content_unit_as_at_prediction(gold):
    """The claim model's 'previous sentence' in training is the previous unit that is not
    boilerplate, as at prediction, where the parser's sentences exclude what it removed."""
    from claimscope.evaluation.claims import gold_sentences

    frame = gold_sentences(gold, "train")
    every = gold.first[gold.first.doc_id.isin(gold.pages("train"))]
    every = every.sort_values(["doc_id", "start"])
    follows_boilerplate = 0
    for doc_id, units in every.groupby("doc_id", sort=False):
        content = units[units.boilerplate == 0]
        want = [""] + content.text.tolist()[:-1]
        assert frame[frame.doc_id == doc_id].previous.tolist() == want, doc_id
        flags = units.boilerplate.tolist()
        follows_boilerplate += sum(1 for a, b in zip(flags, flags[1:], strict=False)
                                   if a == 1 and b == 0)
    assert follows_boilerplate > 10  # the case exists: a content unit right after boilerplate
