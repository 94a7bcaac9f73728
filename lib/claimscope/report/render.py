"""Executed notebook → HTML report for readers: no code cells, a table of contents, alt text.

nbconvert's HTML exporter with claimscope's template (``templates/claimscope``: JupyterLab's
look, each figure's ``alt`` metadata as the image's alt text, wide tables scroll inside the
page) and, after the notebook's title, a table of contents of its section headings
(:func:`add_toc`). ``code=True`` keeps the code cells (the copy in ``reports/code/``).

>>> html = ('<h1 id="t">Title<a class="anchor-link" href="#t">¶</a></h1><p>x</p>'
...         '<h2 id="a">The files<a class="anchor-link" href="#a">¶</a></h2>'
...         '<h3 id="b">Sub &amp; more</h3><h2 id="c">Limits</h2>')
>>> print(toc_entries(html))
[(2, 'a', 'The files'), (3, 'b', 'Sub & more'), (2, 'c', 'Limits')]
>>> "<nav" in add_toc(html) and add_toc(html).index("<nav") > html.index("</h1>")
True
"""

from __future__ import annotations

import html as html_lib
from pathlib import Path

from bs4 import BeautifulSoup

TEMPLATES = Path(__file__).parent / "templates"


def toc_entries(html: str, levels: tuple[int, ...] = (2, 3)) -> list[tuple[int, str, str]]:
    """``(level, id, text)`` of every ``<h2>``/``<h3>`` with an id, in document order."""
    soup = BeautifulSoup(html, "html.parser")
    entries = []
    for tag in soup.find_all([f"h{n}" for n in levels]):
        if not tag.get("id"):
            continue
        for anchor in tag.find_all("a", class_="anchor-link"):
            anchor.decompose()
        entries.append((int(tag.name[1]), tag["id"], " ".join(tag.get_text().split())))
    return entries


def _toc_html(entries: list[tuple[int, str, str]]) -> str:
    parts, depth = ["<nav class='claimscope-toc' aria-label='Contents'><b>Contents</b>"], 0
    top = min(level for level, _, _ in entries)
    for level, anchor, text in entries:
        want = level - top + 1
        while depth < want:
            parts.append("<ol>")
            depth += 1
        while depth > want:
            parts.append("</ol>")
            depth -= 1
        parts.append(f"<li><a href='#{html_lib.escape(anchor, quote=True)}'>"
                     f"{html_lib.escape(text)}</a></li>")
    parts.append("</ol>" * depth + "</nav>")
    return "".join(parts)


def add_toc(html: str) -> str:
    """``html`` with a table of contents of its h2/h3 headings after the first ``</h1>`` (at the
    start of the body when there is no h1); unchanged when there are no such headings."""
    entries = toc_entries(html)
    if not entries:
        return html
    nav = _toc_html(entries)
    cut = html.find("</h1>")
    if cut >= 0:
        cut += len("</h1>")
    else:
        body = html.find("<body")
        cut = html.find(">", body) + 1 if body >= 0 else 0
    return html[:cut] + nav + html[cut:]


def render_html(notebook: str | Path, out: str | Path, *, code: bool = False,
                title: str | None = None) -> Path:
    """Render the executed ``notebook`` to ``out`` (see the module docstring)."""
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(str(notebook), as_version=4)
    exporter = HTMLExporter(template_name="claimscope",
                            extra_template_basedirs=[str(TEMPLATES)],
                            exclude_input=not code, exclude_input_prompt=not code,
                            exclude_output_prompt=True)
    name = title or Path(notebook).stem
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": name}})
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(add_toc(body), encoding="utf-8")
    return out
