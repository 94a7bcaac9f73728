"""A rendered report opened in headless Chromium: page-supplied ``<script>``, ``onerror`` and
``javascript:`` never run, in plain tables, interactive (itables) tables and the page view,
while their text is shown literally; the interactive tables work offline."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from claimscope.report.run import run_reports

from .conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no headless Chromium on this machine (.ci/run installs Debian's "
                             "chromium when it can; apt-get install -y chromium)")

PAYLOADS = ("<script>document.title='pwned-script'</script>",
            "<img src=x onerror=\"document.body.setAttribute('data-pwned','img')\">",
            "<a href=\"javascript:document.body.setAttribute('data-pwned','link')\">klik</a>")


def dump_dom(page, profile) -> str:
    """The DOM after the page's own scripts ran (network off: nothing can be fetched)."""
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--proxy-server=127.0.0.1:9", "--virtual-time-budget=8000",
         f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120).stdout


@pytest.fixture(scope="module")
def report_dom(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile_report")
    pages = root / "pages"
    pages.mkdir()
    for i in range(16):  # enough rows for the interactive tables
        payload = PAYLOADS[i % len(PAYLOADS)]
        (pages / f"page_{i:02d}.md").write_text(
            f"# Kurkuma helpt {i}\n\nKurkuma helpt echt tegen pijn (bron). Payload: {payload} "
            f"staat hier.\n\nStudies hebben aangetoond dat het werkt. {payload}\n",
            encoding="utf-8")
    books = root / "notebooks"
    books.mkdir()
    shutil.copy(ROOT / "notebooks" / "00_corpus_overview.ipynb", books)
    out = root / "reports"
    run_reports(pages, out, notebooks=books, parameters={"PROCESSED_DIR": None})
    html = (out / "00_corpus_overview.html").read_text(encoding="utf-8")
    return html, dump_dom(out / "00_corpus_overview.html", root / "profile")


def test_the_report_holds_interactive_tables_and_a_page_view(report_dom):
    html, _ = report_dom
    assert "new ITable" in html and "cs-pageview" in html
    assert "<script>document.title" not in html and "<img src=x onerror" not in html


def test_no_page_payload_runs_and_its_text_shows_literally(report_dom):
    _, dom = report_dom
    assert "<body" in dom, "Chromium returned no DOM"
    body_tag = dom.split("<body", 1)[1].split(">", 1)[0]
    assert "data-pwned" not in body_tag
    assert "pwned-script" not in dom.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "&lt;script&gt;document.title='pwned-script'&lt;/script&gt;" in dom
    assert "onerror=" in dom and "javascript:document.body" in dom
    links = re.findall(r"<a\s[^>]*>", dom)
    assert links and not any("javascript:" in tag for tag in links)


def test_the_interactive_tables_ran_offline(report_dom):
    _, dom = report_dom
    assert "dt-container" in dom or "dataTable" in dom, "itables did not initialise offline"
