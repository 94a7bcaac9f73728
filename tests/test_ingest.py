"""Real-world input: every case of tests/fixtures/messy, file by file (issue: any folder loads)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import claimscope as cs
from claimscope.cli import main
from claimscope.parse import language

from .conftest import FIXTURES

MESSY = FIXTURES / "messy"
NL = "Volgens de kliniek helpt acupunctuur bij chronische {0}."

# path → (status, reason fragment, fragment of the decoded text or None, encoding)
EXPECTED = {
    "broken_link.txt": ("failed", "broken symbolic link (points to does_not_exist.txt)", None, ""),
    "copy_of_utf8.txt": ("ok", "", NL.format("rugpijn"), "utf-8"),
    "cp1252.txt": ("ok", "", "procaïne: een ‘veilige’ behandeling", "cp1252"),
    "crlf.txt": ("ok", "", "de praktijk.\nHet is een", "utf-8"),
    "empty.txt": ("skipped", "empty file (0 bytes)", None, ""),
    "hostile.md": ("ok", "", "<script>alert('xss')</script>", "utf-8"),
    "image.html": ("failed", "binary content (a PNG image) under a .html name", None, ""),
    "junk.txt": ("failed", "undecodable: no encoding yields readable text", None, ""),
    "mojibake.txt": ("ok", "", "De patiënt krijgt procaïne geïnjecteerd.", "utf-8"),
    "notes.docx": ("skipped", "unsupported file type .docx", None, ""),
    "page.html": ("ok", "", "Neuraaltherapie met procaïne wordt door sommige", "utf-8"),
    "report.pdf": ("skipped", "unsupported file type .pdf", None, ""),
    "sub/deeper/nested.md": ("ok", "", "Prolotherapie wordt volgens de [richtlijn]", "utf-8"),
    "utf16_bom.txt": ("ok", "", NL.format("hoofdpijn"), "utf-16 (BOM)"),
    "utf8.txt": ("skipped", "duplicate of copy_of_utf8 (identical content)", None, "utf-8"),
    "utf8_bom.txt": ("ok", "", NL.format("nekpijn"), "utf-8 (BOM)"),
    "whitespace.md": ("skipped", "whitespace only (nothing to analyse)", None, "utf-8"),
}


@pytest.fixture(scope="module")
def messy():
    return cs.load_corpus(MESSY)


def test_every_file_has_exactly_one_manifest_row(messy):
    assert sorted(messy.manifest.path) == sorted(EXPECTED)


@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_file_by_file(messy, path):
    status, reason, fragment, encoding = EXPECTED[path]
    row = messy.manifest.set_index("path").loc[path]
    assert row.status == status
    assert reason in row.reason
    assert row.encoding == encoding
    if fragment is not None:
        assert fragment in messy.text[row.doc_id]
    else:
        assert row.doc_id not in messy.text


def test_repairs_are_recorded(messy):
    repairs = messy.manifest.set_index("path").repairs
    assert repairs["mojibake.txt"] == "mojibake repaired (ftfy)"
    assert repairs["crlf.txt"] == "line ends normalised to \\n"
    assert repairs["page.html"].startswith("HTML main content extracted with trafilatura: kept")


def test_doc_ids_come_from_relative_paths(messy):
    assert "sub/deeper/nested" in set(messy.documents.doc_id)


def test_html_navigation_scripts_and_banners_never_reach_sentences(messy):
    text = " ".join(messy.sentences[messy.sentences.doc_id == "page"].text)
    for gone in ("trackVisitor", "font-family", "cookies", "Behandelingen", "Privacy", "KvK"):
        assert gone not in text
    assert "Grote gerandomiseerde studies ontbreken nog steeds" in text
    links = messy.citations[messy.citations.doc_id == "page"]
    assert links.link_url.tolist() == ["https://pubmed.ncbi.nlm.nih.gov/12345678/"] * 2


def test_errors_raise_names_the_file():
    with pytest.raises(cs.CorpusError, match="broken_link.txt: broken symbolic link"):
        cs.load_corpus(MESSY, errors="raise")


def test_unknown_errors_mode_is_refused():
    with pytest.raises(ValueError, match="errors must be"):
        cs.load_corpus(MESSY, errors="ignore")


def test_unreadable_file_is_reported(tmp_path, monkeypatch):
    (tmp_path / "locked.txt").write_text("Acupunctuur helpt volgens de kliniek bij rugpijn.")
    (tmp_path / "open.txt").write_text("Prolotherapie helpt volgens de kliniek bij nekpijn.")
    original = Path.read_bytes

    def deny(self):  # root reads any file, so the permission error is simulated
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", deny)
    corpus = cs.load_corpus(tmp_path)
    row = corpus.manifest.set_index("path").loc["locked.txt"]
    assert (row.status, row.reason) == ("failed", "unreadable: permission denied")
    assert list(corpus.documents.doc_id) == ["open"]


def test_size_limit_is_configurable(tmp_path):
    (tmp_path / "big.txt").write_text("Acupunctuur helpt. " * 100)
    (tmp_path / "small.txt").write_text("Acupunctuur helpt bij rugpijn.")
    corpus = cs.load_corpus(tmp_path, max_bytes=500)
    row = corpus.manifest.set_index("path").loc["big.txt"]
    assert row.status == "skipped" and "over the size limit of 500 bytes" in row.reason
    assert list(corpus.documents.doc_id) == ["small"]


def test_same_stem_different_extension_keeps_both(tmp_path):
    (tmp_path / "page.txt").write_text("Acupunctuur helpt bij rugpijn.")
    (tmp_path / "page.md").write_text("Prolotherapie helpt bij nekpijn.")
    corpus = cs.load_corpus(tmp_path)
    assert sorted(corpus.documents.doc_id) == ["page", "page.txt"]
    note = corpus.manifest.set_index("path").reason["page.txt"]
    assert "doc_id 'page' is taken by page.md" in note


def test_cli_exit_codes_on_the_messy_corpus(tmp_path, capsys):
    out = str(tmp_path / "out")
    assert main(["build", str(MESSY), "--out", out, "--quiet"]) == 0
    summary = capsys.readouterr().out
    assert "17 files: 9 loaded, 5 skipped, 3 failed" in summary
    assert main(["build", str(MESSY), "--out", out, "--quiet", "--strict"]) == 1


def test_a_2_5_mb_single_line_loads_in_seconds(tmp_path):
    words = ("acupunctuur helpt volgens studies bij rugpijn en de kliniek (bron) [1] "
             "www.voorbeeld.nl o.a. dr. 27.1 zegt").split()
    line = " ".join(words[i % len(words)] for i in range(260_000))[:2_500_000]
    (tmp_path / "one_line.txt").write_text(line, encoding="utf-8")
    (tmp_path / "no_spaces.txt").write_text("a" * 2_500_000, encoding="utf-8")
    started = time.perf_counter()
    corpus = cs.load_corpus(tmp_path)
    elapsed = time.perf_counter() - started
    assert elapsed < 30, elapsed
    assert (corpus.manifest.status == "ok").all()
    for row in corpus.sentences.itertuples():
        assert corpus.text[row.doc_id][row.start:row.end] == row.text
    covered = corpus.sentences.groupby("doc_id").apply(lambda s: (s.end - s.start).sum())
    assert covered["no_spaces"] == 2_500_000  # nothing lost, however long the "sentence"
    longest = corpus.sentences.text.str.len().max()
    assert longest > 10 * language.MAX_CHARS  # the classifier saw a capped copy, the frame all
