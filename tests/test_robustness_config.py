"""Bad data files fail cleanly: a ClaimscopeError naming the file, the entry and the value.

Rules, codebook, concept lexicon and citation cues: wrong types, values out of range, files that
are not UTF-8, and a folder given where a file is expected.
"""

from __future__ import annotations

import pytest
import yaml

from claimscope.citations.detect import default_cues_path, load_cues
from claimscope.claims.codebook import load_codebook
from claimscope.cli import main
from claimscope.errors import (
    ClaimscopeError,
    CodebookError,
    CuesError,
    LexiconError,
    RulesError,
)
from claimscope.parse.boilerplate import load_rules
from claimscope.topics.lexicon import load_lexicon

from .conftest import SEEDS

RULE = "rules:\n  - reason: sponsor\n    pattern: 'gesponsord door'\n"


@pytest.mark.parametrize("content, fragments", [
    (RULE + "    extent: next_lines\n    lines: abc\n", ["rule 1", "'lines'", "'abc'"]),
    (RULE + "    extent: next_lines\n    lines: -1\n", ["rule 1", "'lines'", "-1"]),
    (RULE + "    lines: 1.5\n", ["rule 1", "1.5"]),
    (RULE + "    lines: true\n", ["rule 1", "True"]),
    (RULE + "structural: 5\n", ["'structural'", "5"]),
    (RULE + "structural: {table_of_contents: maybe}\n", ["table_of_contents", "'maybe'"]),
    (RULE + "structural: {tables: true}\n", ["unknown structural rules", "tables"]),
    ("rules: {reason: x}\n", ["'rules' must be a list"]),
    ("rules:\n  - reason: x\n", ["rule 1", "needs 'reason' and 'pattern'"]),
    ("rules:\n  - {reason: x, pattern: y, lnes: 2}\n", ["rule 1", "unknown field", "lnes"]),
    ("rules:\n  - {reason: '', pattern: y}\n", ["rule 1", "'reason'"]),
    ("rules:\n  - {reason: x, pattern: [a, b]}\n", ["rule 1", "must be text", "['a', 'b']"]),
    ("rules:\n  - {reason: x, pattern: '(open'}\n", ["rule 1", "bad pattern '(open'"]),
    ("rule:\n  - {reason: x, pattern: y}\n", ["unknown section", "rule"]),
    ("- just a list\n", ["expected a mapping"]),
])
def test_bad_rules(tmp_path, content, fragments):
    path = tmp_path / "rules.yml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RulesError) as err:
        load_rules(path)
    assert str(path) in str(err.value)
    for fragment in fragments:
        assert fragment in str(err.value)


LEXICON = "concepts:\n  - {concept: cupping, category: treatment, terms: {nl: [cupping]}}\n"


@pytest.mark.parametrize("content, fragments", [
    ("settings: abc\n" + LEXICON, ["'settings' must be a mapping", "'abc'"]),
    ("settings: {stemmers: 5}\n" + LEXICON, ["settings.stemmers", "5"]),
    ("settings: {stemmers: {nl: 5}}\n" + LEXICON, ["settings.stemmers.nl", "5"]),
    ("settings: {stemmers: {nl: klingon}}\n" + LEXICON, ["no Snowball stemmer 'klingon'"]),
    ("settings: {min_stem_length: abc}\n" + LEXICON, ["settings.min_stem_length", "'abc'"]),
    ("settings: {min_stem_length: -2}\n" + LEXICON, ["settings.min_stem_length", "-2"]),
    ("settings: {inflections: {nl: s}}\n" + LEXICON, ["settings.inflections.nl", "'s'"]),
    ("settings: {compound_languages: nl}\n" + LEXICON, ["settings.compound_languages"]),
    ("settings: {stem_length: 3}\n" + LEXICON, ["unknown setting 'stem_length'"]),
    ("extends: default\nsettings: abc\n" + LEXICON, ["'settings' must be a mapping"]),
])
def test_bad_lexicon_settings(tmp_path, content, fragments):
    path = tmp_path / "concepts.yml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        load_lexicon(path)
    assert str(path) in str(err.value)
    for fragment in fragments:
        assert fragment in str(err.value)


def _cues(tmp_path, edit) -> object:
    spec = yaml.safe_load(default_cues_path().read_text(encoding="utf-8"))
    edit(spec)
    path = tmp_path / "cues.yml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("edit, fragments", [
    (lambda s: s.pop("bare_url"), ["'bare_url' must be one regular expression", "None"]),
    (lambda s: s.update(bare_url=5), ["'bare_url'", "5"]),
    (lambda s: s.update(markers="x"), ["'markers' must be a list"]),
    (lambda s: s["markers"].append({"pattern": "x"}), ["markers #", "needs a 'name'"]),
    (lambda s: s["markers"][0].update(case_sensitive="ja"), ["markers #1 ('bron_label')",
                                                             "case_sensitive", "'ja'"]),
    (lambda s: s["markers"][0].update(colour="red"), ["markers #1", "unknown field"]),
    (lambda s: s.update(vague_appeals=["x"]), ["'vague_appeals' must map languages"]),
    (lambda s: s["vague_appeals"]["nl"].insert(0, "(open"), ["vague_appeals.nl #1:",
                                                              "bad pattern '(open'"]),
    (lambda s: s.update(scholarly_domains="doi.org"), ["'scholarly_domains'", "'doi.org'"]),
    (lambda s: s.update(typo_key=1), ["unknown key", "typo_key"]),
])
def test_bad_citation_cues(tmp_path, edit, fragments):
    path = _cues(tmp_path, edit)
    with pytest.raises(CuesError) as err:
        load_cues(path)
    assert str(path) in str(err.value)
    for fragment in fragments:
        assert fragment in str(err.value), str(err.value)


LOADERS = [(load_rules, RulesError, RULE), (load_codebook, CodebookError,
                                            "types: {efficacy: {nl: [helpt]}}\n"),
           (load_lexicon, LexiconError, LEXICON), (load_cues, CuesError, None)]


@pytest.mark.parametrize("loader, error, content", LOADERS)
def test_a_file_that_is_not_utf8_is_a_clean_error(tmp_path, loader, error, content):
    text = content or default_cues_path().read_text(encoding="utf-8")
    path = tmp_path / "latin1.yml"
    path.write_bytes(("# één opmerking\n" + text).encode("cp1252", "replace"))
    with pytest.raises(error, match="is not UTF-8") as err:
        loader(path)
    assert str(path) in str(err.value) and isinstance(err.value, ClaimscopeError)


@pytest.mark.parametrize("loader, error, content", LOADERS)
def test_a_folder_given_as_a_data_file_is_a_clean_error(tmp_path, loader, error, content):
    with pytest.raises(error, match="is a directory") as err:
        loader(tmp_path)
    assert str(tmp_path) in str(err.value)


@pytest.mark.parametrize("loader, error, content", LOADERS)
def test_a_missing_data_file_is_a_clean_error(tmp_path, loader, error, content):
    with pytest.raises(error, match="not found"):
        loader(tmp_path / "nope.yml")


@pytest.mark.parametrize("flag, content", [
    ("--rules", RULE + "    lines: abc\n"),
    ("--codebook", "types: {efficacy: {nl: ['(?<=x)(a+)+$']}}\n"),
    ("--concepts", "settings: {stemmers: 5}\n" + LEXICON),
])
def test_the_command_line_reports_a_bad_file_without_a_traceback(tmp_path, capsys, flag,
                                                                 content):
    path = tmp_path / "bad.yml"
    path.write_text(content, encoding="utf-8")
    code = main(["build", str(SEEDS), "--out", str(tmp_path / "out"), "--quiet", flag, str(path)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("claimscope: error: ") and str(path) in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()
