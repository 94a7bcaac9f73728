"""HTML extraction keeps the text: deep nesting, repeated paragraphs, big pages in linear time."""

from __future__ import annotations

import inspect
import random
import time

import pytest

import claimscope as cs
from claimscope.parse import html
from claimscope.parse.html import TRAFILATURA_MAX_CHARS, extract_html

DEEP = "Diep verstopte zin over neuraaltherapie met procaïne bij hoofdpijn."
AFTER = "Tweede zin buiten de nesting over prolotherapie bij nekpijn."


def _nested(depth: int) -> str:
    return ("<html><body>" + "<div>" * depth + f"<p>{DEEP}</p>" + "</div>" * depth
            + f"<p>{AFTER}</p></body></html>")


@pytest.mark.parametrize("depth", [300, 1000, 5000, 50_000])
def test_deep_nesting_loses_nothing(depth):
    text, notes = extract_html(_nested(depth))
    assert DEEP in text and AFTER in text, notes


def test_300_levels_go_through_trafilatura_on_the_whole_tree(tmp_path):
    page = tmp_path / "deep.html"
    page.write_text(_nested(300), encoding="utf-8")
    corpus = cs.load_corpus(page, claims=False, concepts=False)
    row = corpus.manifest.iloc[0]
    assert row.status == "ok" and row.repairs.startswith("HTML main content extracted with "
                                                         "trafilatura")
    assert DEEP in corpus.text["deep"] and AFTER in corpus.text["deep"]


def test_repeated_identical_paragraphs_are_all_kept(tmp_path):
    para = "Acupunctuur wordt volgens de kliniek gebruikt bij chronische rugpijn en nekpijn."
    page = tmp_path / "repeat.html"
    page.write_text("<html><body><nav>Home | Contact</nav><article><h1>Acupunctuur</h1>"
                    + f"<p>{para}</p>" * 20 + "</article><footer>KvK 123</footer></body></html>",
                    encoding="utf-8")
    corpus = cs.load_corpus(page, claims=False, concepts=False)
    text, repairs = corpus.text["repeat"], corpus.manifest.iloc[0].repairs
    assert text.count(para) == 20
    assert "so the plain extraction (lxml) was used" in repairs
    assert "Home" not in text and "KvK" not in text
    assert text.startswith("# Acupunctuur")


def test_trafilatura_is_asked_not_to_deduplicate():
    source = inspect.getsource(html.extract_html)
    assert "deduplicate=False" in source


def _page(megabytes: float, rng: random.Random) -> str:
    words = ("acupunctuur helpt volgens studies bij rugpijn en de kliniek zegt dat procaïne "
             "veilig is").split()
    parts, size = [], 0
    while size < megabytes * 1_000_000:
        block = ("<div class='c'><p>" + " ".join(rng.choice(words) for _ in range(40))
                 + ". <a href='https://example.org/x'>bron</a></p></div>\n")
        parts.append(block)
        size += len(block)
    return ("<html><body><nav>Home | Menu</nav><article><h1>Titel</h1>" + "".join(parts)
            + "</article><footer>KvK</footer></body></html>")


def test_extraction_time_is_linear_in_the_page_size():
    rng = random.Random(8)
    seconds = {}
    for megabytes in (1, 2, 4, 8):
        page = _page(megabytes, rng)
        started = time.perf_counter()
        text, notes = extract_html(page)
        seconds[megabytes] = time.perf_counter() - started
        assert len(text) > 0.9 * len(page) * 0.85, megabytes
        if len(page) > TRAFILATURA_MAX_CHARS:
            assert "over 2,000,000: main content taken by the plain extraction" in notes[0]
    per_mb = {mb: s / mb for mb, s in seconds.items()}
    assert max(per_mb.values()) < 3 * per_mb[1] + 0.5, seconds
    assert seconds[8] < 30, seconds


def test_xhtml_with_an_encoding_declaration_and_odd_input():
    xhtml = ('<?xml version="1.0" encoding="iso-8859-1"?><html><body><p>Tekst met een é, lang '
             'genoeg om als hoofdtekst te gelden voor de extractie.</p></body></html>')
    assert "Tekst met een é" in extract_html(xhtml)[0]
    assert extract_html("")[0] == ""
    assert extract_html("gewoon tekst zonder tags, a < b")[0].startswith("gewoon tekst")
    broken = "<html><body><p>Open alinea zonder einde <div><span>" + "<b>" * 100
    assert "Open alinea zonder einde" in extract_html(broken)[0]


def test_html_note_numbers_are_markers_that_end_their_sentence(tmp_path):
    # superscript note numbers as HTML extraction leaves them ("<sup>1</sup>"), a number linked
    # to the page's notes, and a table-of-contents link, which is no citation
    (tmp_path / "a.html").write_text(
        "<html><body><article><h1>Acupunctuur en rugpijn</h1>"
        "<p>Acupunctuur vermindert chronische rugpijn bij volwassenen.<sup>1</sup> Het effect "
        "is klein maar meetbaar in de meeste studies.</p>"
        "<p>Bij migraine werkt het even goed als medicijnen.<sup>[2]</sup> De bijwerkingen zijn "
        "meestal mild en verdwijnen vanzelf.</p>"
        "<p>Naaldjes geven soms een blauwe plek<a href='#ref3'><sup>3</sup></a> en zelden een "
        "infectie als de hygiëne niet goed is.</p>"
        "<p>Lees eerst over de <a href='#symptomen'>Symptomen</a> van hernia en rugpijn.</p>"
        "</article></body></html>", encoding="utf-8")
    corpus = cs.load_corpus(tmp_path)
    sentences = corpus.sentences.text.tolist()
    assert sentences[1].endswith("volwassenen.<sup>1</sup>")
    assert sentences[2].startswith("Het effect")
    assert sentences[3].endswith("medicijnen.<sup>[2]</sup>")
    cites = corpus.citations
    assert cites.groupby("sent_id").text.agg(list).to_dict() == {
        1: ["<sup>1</sup>"], 3: ["<sup>[2]</sup>"], 5: ["[<sup>3</sup>](#ref3)"]}
    assert set(cites.kind) == {"marker"}
