"""Users' patterns (boilerplate rules, codebook cues, citation cues) cannot hang a load.

Catastrophic patterns run on RE2 in linear time; what RE2 cannot express runs on Python's
engine only when backtracking is bounded, else the file is refused naming file, entry and
pattern. Translated patterns match exactly as Python's would (checked on random text), and the
shipped codebook run through the RE2 path gives the same claims on the seeds.
"""

from __future__ import annotations

import random
import re
import time

import pytest
import yaml

import claimscope as cs
from claimscope.citations.detect import default_cues_path, find_in_sentence, load_cues
from claimscope.claims.codebook import default_codebook_path, find_cues, load_codebook
from claimscope.errors import ClaimscopeError, CodebookError, CuesError, RulesError
from claimscope.parse.boilerplate import load_rules
from claimscope.safe_regex import compile_pattern, engine

from .conftest import SEEDS

CATASTROPHIC = [r"(a+)+$", r"(\w+\s?)+:", r"(a|aa)+$", r"(.*a){12}$", r"(\d+)*x"]
LONG_LINES = ["a" * 30_000 + "!", "word " * 8_000 + "!", "1" * 30_000 + "y",
              "aaaa " * 5_000 + "é" * 1000]
BOUND = 2.0


def _timed(action, *args) -> float:
    started = time.perf_counter()
    result = action(*args)
    if hasattr(result, "__next__"):
        list(result)
    return time.perf_counter() - started


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_catastrophic_patterns_run_in_linear_time(pattern):
    compiled = compile_pattern(pattern, re.IGNORECASE, where="test")
    assert engine(compiled) == "re2"
    for line in LONG_LINES:
        assert _timed(compiled.finditer, line) < BOUND, (pattern, line[:20])
        assert _timed(compiled.match, line) < BOUND


def _rules_file(tmp_path, pattern: str):
    path = tmp_path / "rules.yml"
    path.write_text(yaml.safe_dump({"rules": [{"reason": "evil", "pattern": pattern}]}),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_catastrophic_boilerplate_rules_do_not_hang_a_load(tmp_path, pattern):
    rules = load_rules(_rules_file(tmp_path, pattern))
    assert engine(rules.rules[0].pattern) == "re2"
    for line in LONG_LINES:
        assert _timed(rules.match_line, line) < BOUND
    page = tmp_path / "pages" / "long.txt"
    page.parent.mkdir()
    page.write_text("\n".join(LONG_LINES) + "\nAcupunctuur helpt bij rugpijn.\n")
    elapsed = _timed(lambda: cs.load_corpus(page.parent, boilerplate_rules=rules.rules[0].source,
                                            claims=False, concepts=False))
    assert elapsed < 30


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_catastrophic_codebook_cues_do_not_hang(tmp_path, pattern):
    path = tmp_path / "book.yml"
    path.write_text(yaml.safe_dump({"extends": "default",
                                    "types": {"efficacy": {"nl": [pattern], "en": [pattern]}}}),
                    encoding="utf-8")
    try:
        book = load_codebook(path)
    except CodebookError as err:  # refused cleanly: allowed, except for the two cases
        assert pattern not in CATASTROPHIC[:2]
        assert str(path) in str(err) and re.search(r"types\.efficacy\.(nl|en) #1", str(err))
        return
    for line in LONG_LINES:
        assert _timed(find_cues, line, "nl", book) < 3 * BOUND, (pattern, line[:20])


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_catastrophic_citation_cues_do_not_hang(tmp_path, pattern):
    spec = yaml.safe_load(default_cues_path().read_text(encoding="utf-8"))
    spec["vague_appeals"]["nl"].append(pattern)
    spec["markers"].append({"name": "evil", "pattern": pattern})
    path = tmp_path / "cues.yml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    try:
        cues = load_cues(path)
    except CuesError as err:  # refused cleanly: allowed, except for the two cases
        assert pattern not in CATASTROPHIC[:2]
        assert str(path) in str(err) and repr(pattern) in str(err)
        return
    for line in LONG_LINES:
        assert _timed(find_in_sentence, line, 0, "nl", cues) < 3 * BOUND


@pytest.mark.parametrize("pattern, problem", [
    (r"(?<=x)(a+)+$", "unbounded repetition"),
    (r"(?<=x)(a{1,9}){1,9}", "can end the way it begins"),
    (r"(?<=x)(?:a{1,3}b{1,3}){1,9}", "OK"),
    (r"(?<=x)(?:a|ab){1,9}c", "alternatives of different lengths"),
    (r"(\w{1,9})\s\1(\w{0,9}\w{0,9})", "neighbouring repetitions"),
    (r"(?=(a+)+$)b", "unbounded repetition"),
    (r"(?<=x)a{0,5000}", "at most 1000"),
])
def test_unsafe_patterns_re2_cannot_run_are_refused_naming_file_entry_and_pattern(
        tmp_path, pattern, problem):
    path = _rules_file(tmp_path, pattern)
    if problem == "OK":  # runs of different letters: one way to split, accepted
        assert engine(load_rules(path).rules[0].pattern) == "re"
        return
    with pytest.raises(RulesError) as err:
        load_rules(path)
    message = str(err.value)
    assert str(path) in message and "rule 1" in message and repr(pattern) in message
    assert problem in message
    assert isinstance(err.value, ClaimscopeError)


@pytest.mark.parametrize("pattern, text, expected", [
    (r"(?<=\d)\s?%", "20 % of 30%", [" %", "%"]),  # lookbehind, bounded: Python's engine
    (r"\b(\w{2,20}) \1\b", "heel heel goed", ["heel heel"]),  # backreference
    (r"(?i)ZEER", "zeer", ["zeer"]),  # inline flags work (each pattern compiled on its own)
    (r"(?s)a.b", "a\nb", ["a\nb"]),
    (r"\bcafé\b", "café écafé cafés", ["café"]),  # \b next to accents, as in Python
])
def test_bounded_and_translated_patterns_match_like_python(pattern, text, expected):
    compiled = compile_pattern(pattern, where="test")
    assert [m.group() for m in compiled.finditer(text)] == expected
    assert [m.group() for m in re.finditer(pattern, text)] == expected


def test_codebook_cues_with_inline_flags_and_backreferences(tmp_path):
    path = tmp_path / "book.yml"
    path.write_text(yaml.safe_dump({"extends": "default", "types": {"efficacy": {"nl": [
        r"(?-i:WONDERMIX)", r"(\w{3,20}) en \1", r"(?s)super.middel"]}}}), encoding="utf-8")
    book = load_codebook(path)
    found = [c.text for c in find_cues("Een WONDERMIX, beter en beter, super\nmiddel en "
                                       "wondermix.", "nl", book) if c.label == "efficacy"]
    assert "WONDERMIX" in found and "wondermix" not in found
    assert "beter en beter" in found and "super\nmiddel" in found


_ALPHABET = ["helpt", "helpen", "café", "écafé", "één", "patiënt", "bron", "(bron)", "x", "KK",
             "straße", "İı", "12", "٣", "_", "-", " ", " ", "\n", ",", ".", "é"]
_PATTERNS = [r"\bhelp\w*\b", r"(?i)\bcafé\b", r"\b(?:helpt|helpen)\b", r"bron$", r"a{,3}b",
             r"[^\W\d_]+", r"\d+", r"\s+x", r"(?i)één|ij", r"(?P<w>\w+)-(\d)", r"\b\(bron\)",
             r"^\w+", r"(?m)^\w+$", r"x\b ", r"(?i)straße", r"[à-ÿ]{2}", r".\Z",
             r"\b(?:\bfoo|\bbar)\b", r"(\bhelpt)", r"(?a)\w+\b", r"(?i)k+", r"(?i)[a-z]+",
             r"(?x) h e l p t  # verbose", r"\w*ent\b"]


@pytest.mark.parametrize("pattern", _PATTERNS)
def test_translation_to_re2_keeps_pythons_meaning_on_random_text(pattern):
    rng = random.Random(pattern)
    texts = ["".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 25)))
             for _ in range(400)]
    for flags in (0, re.IGNORECASE):
        ours, python = compile_pattern(pattern, flags, where="test"), re.compile(pattern, flags)
        assert engine(ours) == "re2"
        for text in texts:
            expected = [(m.span(), m.groups()) for m in python.finditer(text)
                        if m.end() > m.start()]
            got = [(m.span(), m.groups()) for m in ours.finditer(text) if m.end() > m.start()]
            assert got == expected, (pattern, flags, text)
            for pos in (0, 1, 3):
                a, b = python.search(text, pos), ours.search(text, pos)
                assert (a and a.span()) == (b and b.span()), (pattern, text, pos)
                a, b = python.match(text, pos), ours.match(text, pos)
                assert (a and a.span()) == (b and b.span()), (pattern, text, pos)


def test_the_shipped_codebook_through_the_re2_path_gives_the_same_claims(corpus, tmp_path):
    """Every cue rewritten trivially ("(?:)" appended) is a user's pattern, compiled on its own
    and run on RE2 (the one with a lookbehind on Python's engine, where it is refused unless
    it is the shipped text): the claims on the seeds do not change."""
    spec = yaml.safe_load(default_codebook_path().read_text(encoding="utf-8"))
    for block in [*spec["types"].values(), *spec["certainty"].values()]:
        for lang, patterns in block.items():
            block[lang] = [p if "(?<" in p else p + "(?:)" for p in patterns]
    path = tmp_path / "copy.yml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    book = load_codebook(path)
    engines = {engine(p) for langs in book.types.values() for ps in langs.values() for p in ps}
    assert engines == {"re", "re2"}
    again = cs.load_corpus(SEEDS, codebook=path, claim_method="rules", concepts=False)
    before = cs.load_corpus(SEEDS, claim_method="rules", concepts=False)
    cols = ["doc_id", "sent_id", "claim_type", "certainty", "cue", "cue_start", "cue_end",
            "certainty_cue", "boosted"]
    assert again.claims[cols].equals(before.claims[cols])


def test_a_bad_pattern_names_its_entry(tmp_path):
    path = tmp_path / "book.yml"
    path.write_text("types:\n  safety:\n    nl: [veilig, '(open']\n", encoding="utf-8")
    with pytest.raises(CodebookError, match=r"types\.safety\.nl #2: bad pattern '\(open'"):
        load_codebook(path)
    spec = yaml.safe_load(default_cues_path().read_text(encoding="utf-8"))
    spec["markers"][1]["pattern"] = "[unclosed"
    cues = tmp_path / "cues.yml"
    cues.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CuesError, match=r"markers #2 \('link_label'\): bad pattern"):
        load_cues(cues)
