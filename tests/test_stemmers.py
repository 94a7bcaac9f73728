"""The concept matcher stems with snowballstemmer, which runs PyStemmer's C stemmers when that is
installed (about 50 times faster): they must give the pure-Python stems, word for word."""

from __future__ import annotations

import re

import snowballstemmer
from snowballstemmer.dutch_stemmer import DutchStemmer
from snowballstemmer.english_stemmer import EnglishStemmer

from .conftest import ROOT


def test_the_c_stemmers_are_in_use():
    assert type(snowballstemmer.stemmer("dutch")).__module__ == "Stemmer"


def test_c_and_python_stemmers_agree_on_every_word_of_the_real_pages():
    words = set()
    for folder in (ROOT / "seeds", ROOT / "data" / "gold" / "pages"):
        for path in folder.iterdir():
            words.update(w.lower() for w in re.findall(r"\w+", path.read_text(
                encoding="utf-8", errors="replace")))
    words = sorted(words)
    assert len(words) > 10_000
    for name, python in (("dutch", DutchStemmer()), ("english", EnglishStemmer())):
        fast = snowballstemmer.stemmer(name)
        differ = [w for w in words if fast.stemWord(w) != python.stemWord(w)]
        assert not differ, f"{name}: {differ[:10]}"
