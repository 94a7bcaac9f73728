"""The page view: exact spans, every character escaped, no page payload ever runs (Chromium)."""

from __future__ import annotations

import re
import shutil
import subprocess
from html import unescape

import pytest

import claimscope as cs
from claimscope.cli import main

PAYLOADS = ("<script>document.body.setAttribute('data-pwned','script')</script>",
            "<img src=x onerror=\"document.body.setAttribute('data-pwned','img')\">",
            "<a href=\"javascript:document.body.setAttribute('data-pwned','link')\">klik</a>",
            "$10 per sessie en $20 daarna")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    text = ("# Kurkuma helpt\n\nKurkuma helpt echt tegen pijn (bron). Studies hebben aangetoond "
            "dat het werkt.\n\n" + "\n\n".join(f"Payload {i}: {p}" for i, p in
                                              enumerate(PAYLOADS)) + "\n")
    (root / "page.md").write_text(text, encoding="utf-8")
    return cs.load_corpus(root)


def test_page_view_escapes_every_character_and_keeps_offsets(hostile):
    view = hostile.show("page")
    html = view.to_html()
    assert "<script>document" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html and "onerror=" in html.replace("&quot;", '"')
    assert view.counts["claims"] >= 1 and view.counts["citations"] >= 2
    # the page's text, tags removed and entities decoded, is exactly corpus.text: offsets hold
    inner = html.split("<div class='page'>", 1)[1].rsplit("</div></body>", 1)[0]
    assert unescape(re.sub(r"<[^>]+>", "", inner)) == hostile.text["page"]


def test_cli_page_writes_a_file(hostile, tmp_path, capsys):
    out = tmp_path / "seed.html"
    assert main(["page", "seeds", "003_0f5ae677359d74ec", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["page", "seeds", "nope", "--out", str(out)]) == 2
    assert "no document 'nope'" in capsys.readouterr().err
    assert main(["page", "seeds", "003_0f5ae677359d74ed", "--out", str(out)]) == 2
    assert "did you mean 003_0f5ae677359d74ec" in capsys.readouterr().err


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="no headless Chromium on this machine (.ci/run "
                    "installs Debian's chromium when it can)")
def test_no_payload_runs_in_a_browser(hostile, tmp_path):
    page = hostile.show("page").save(tmp_path / "view.html")
    dom = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom",
         page.as_uri()], capture_output=True, text=True, timeout=60).stdout
    assert "<body" in dom
    assert "data-pwned" not in dom.split("<body", 1)[1].split(">", 1)[0]
    assert "&lt;script&gt;" in dom and "$10 per sessie en $20" in dom
