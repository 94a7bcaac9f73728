"""A page view: one document's normalised text with its claims, citations, concepts and
boilerplate as coloured spans, so a researcher can audit what claimscope found where.

Every character of the page is HTML-escaped (a page's own ``<script>``, ``onerror`` or
``javascript:`` link is shown as text, never run); the view has no JavaScript of its own, and
the offsets are exact (each segment is ``text[a:b]`` between two span boundaries).

>>> view = page_view(corpus, "003_0f5ae677359d74ec")
>>> html = view.to_html()
>>> "veilige behandeling" in html, "<script" in html
(True, False)
>>> view.counts["claims"] > 0, view.counts["concepts"] > 0
(True, True)
"""

from __future__ import annotations

import difflib
import html
from dataclasses import dataclass, field
from pathlib import Path

from claimscope.schema import CLAIM_TYPES

#: One colour per claim type (sentence background) and per citation kind (box).
TYPE_COLOURS = {"efficacy": "#fde2a7", "safety": "#c8e6c9", "mechanism": "#d1c4e9",
                "causation": "#ffccbc", "evidence_appeal": "#b3e5fc",
                "recommendation": "#f0f4c3", "promotional": "#f8bbd0"}
KIND_COLOURS = {"reference": "#1565c0", "marker": "#2e7d32", "url": "#00838f",
                "vague_appeal": "#c62828", "citation_needed": "#6a1b9a"}
STYLE = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;line-height:1.6;color:#222}
.page{white-space:pre-wrap;border:1px solid #ddd;padding:1rem;border-radius:6px}
.boiler{color:#999;text-decoration:line-through}
.hedged{border-bottom:2px dashed #555}
.concept{text-decoration:underline dotted #555}
.cite{outline:2px solid var(--c);outline-offset:0}
.legend span{display:inline-block;margin:0 .6rem .3rem 0;padding:0 .3rem;border-radius:3px}
h1{font-size:1.3rem} .meta{color:#555;font-size:.9rem}
"""


def _scoped(style: str) -> str:
    """``style`` with every rule limited to ``.cs-pageview`` (``body`` and ``h1`` become the
    view itself and its title)."""
    rules = []
    for rule in style.replace("\n", " ").split("}"):
        if "{" not in rule:
            continue
        selectors, body = rule.split("{", 1)
        scoped = []
        for sel in selectors.split(","):
            sel = sel.strip()
            scoped.append(".cs-pageview" if sel == "body" else
                          ".cs-pageview .title" if sel == "h1" else f".cs-pageview {sel}")
        rules.append(",".join(scoped) + "{" + body + "}")
    return "".join(rules) + ".cs-pageview .title{font-size:1.2rem;font-weight:bold}"


@dataclass
class PageView:
    """The rendered page; shows itself in Jupyter and saves as a standalone HTML file."""

    doc_id: str
    body: str
    counts: dict = field(default_factory=dict)

    def to_html(self) -> str:
        """A complete HTML document (inline CSS, no script)."""
        return (f"<!DOCTYPE html><html><head><meta charset='utf-8'>"
                f"<title>{html.escape(self.doc_id)}</title><style>{STYLE}</style></head>"
                f"<body>{self.body}</body></html>")

    def _repr_html_(self) -> str:
        """The view inside a notebook: the same body, its style scoped to the view (a report's
        own headings and page width stay as they are), the page's title not a heading."""
        body = self.body.replace("<h1>", "<p class='title'>", 1).replace("</h1>", "</p>", 1)
        return f"<div class='cs-pageview'><style>{_scoped(STYLE)}</style>{body}</div>"

    def __repr__(self) -> str:
        counts = ", ".join(f"{n} {k}" for k, n in self.counts.items())
        return f"<page view of {self.doc_id}: {counts}>"

    def save(self, path: str | Path) -> Path:
        """Write :meth:`to_html` to ``path``."""
        out = Path(path)
        out.write_text(self.to_html(), encoding="utf-8")
        return out


def _legend() -> str:
    types = "".join(f"<span style='background:{c}'>{html.escape(t)}</span>"
                    for t, c in TYPE_COLOURS.items())
    kinds = "".join(f"<span style='outline:2px solid {c}'>{html.escape(k)}</span>"
                    for k, c in KIND_COLOURS.items())
    return ("<div class='legend'><b>Claims</b> (sentence background; dashed underline = "
            f"hedged): {types}<br><b>Citations</b> (box): {kinds}<br>"
            "<span class='concept'>concept</span> <span class='boiler'>boilerplate</span></div>")


def _layers(corpus, doc_id: str) -> list[tuple[int, int, str, dict]]:
    """Every span of the document: (start, end, layer, attributes)."""
    spans = []
    claims = corpus.claims[corpus.claims.doc_id == doc_id]
    sents = corpus.sentences[corpus.sentences.doc_id == doc_id].set_index("sent_id")
    for sent_id, group in claims.groupby("sent_id"):
        row = sents.loc[sent_id]
        types = [t for t in CLAIM_TYPES if t in set(group.claim_type)]
        spans.append((int(row.start), int(row.end), "claim",
                      {"types": types, "hedged": bool((group.certainty == "hedged").any()),
                       "supported": bool(group.supported.any())}))
    for c in corpus.citations[corpus.citations.doc_id == doc_id].itertuples():
        detail = c.kind
        if c.kind == "reference":
            detail += f": {c.authors or '?'} ({c.year if c.year == c.year else '?'}) " \
                      f"{c.title or ''} — {c.venue or ''}"
        elif isinstance(c.link_url, str) and c.link_url:
            detail += f" → {c.link_url}"
        spans.append((int(c.start), int(c.end), "cite", {"kind": c.kind, "title": detail}))
    for c in corpus.concepts[corpus.concepts.doc_id == doc_id].itertuples():
        spans.append((int(c.start), int(c.end), "concept",
                      {"title": f"{c.concept} ({c.category})"}))
    for b in corpus.boilerplate[corpus.boilerplate.doc_id == doc_id].itertuples():
        spans.append((int(b.start), int(b.end), "boiler", {"title": f"boilerplate: {b.reason}"}))
    return spans


def _segment(text: str, active: list[tuple[str, dict]]) -> str:
    classes, styles, titles = [], [], []
    for layer, attrs in active:
        if layer == "claim":
            styles.append(f"background:{TYPE_COLOURS[attrs['types'][0]]}")
            if attrs["hedged"]:
                classes.append("hedged")
            titles.append("claim: " + ", ".join(attrs["types"])
                          + (" (hedged)" if attrs["hedged"] else " (assertive)")
                          + ("; supported" if attrs["supported"] else ""))
        elif layer == "cite":
            classes.append("cite")
            styles.append(f"--c:{KIND_COLOURS.get(attrs['kind'], '#333')}")
            titles.append(attrs["title"])
        else:
            classes.append(layer)
            titles.append(attrs["title"])
    escaped = html.escape(text)
    if not active:
        return escaped
    return (f"<span class='{' '.join(classes)}' style='{';'.join(styles)}' "
            f"title='{html.escape(' | '.join(titles), quote=True)}'>{escaped}</span>")


def page_view(corpus, doc_id: str) -> PageView:
    """Render ``doc_id`` of ``corpus`` (see the module docstring). Linear in the page's length
    plus its spans."""
    if doc_id not in corpus.text:
        close = difflib.get_close_matches(doc_id, list(corpus.text), n=3, cutoff=0.5)
        hint = (f"; did you mean {', '.join(close)}?" if close else
                f"; its ids look like {next(iter(corpus.text))!r}" if corpus.text else "")
        raise KeyError(f"no document {doc_id!r} in this corpus{hint}")
    text = corpus.text[doc_id]
    spans = _layers(corpus, doc_id)
    events: dict[int, list[tuple[bool, int]]] = {0: [], len(text): []}
    for i, (start, end, _, _) in enumerate(spans):
        events.setdefault(start, []).append((True, i))
        events.setdefault(end, []).append((False, i))
    cuts = sorted(events)
    active: dict[int, tuple[str, dict]] = {}
    parts = []
    order = {"claim": 0, "concept": 1, "cite": 2, "boiler": 3}
    for a, b in zip(cuts, cuts[1:], strict=False):
        for opening, i in events[a]:
            if opening:
                active[i] = (spans[i][2], spans[i][3])
            else:
                active.pop(i, None)
        layered = sorted(active.values(), key=lambda x: order[x[0]])
        parts.append(_segment(text[a:b], layered))
    docs = corpus.documents.set_index("doc_id")
    title = docs.loc[doc_id, "title"] if doc_id in docs.index else doc_id
    counts = {"claims": int((corpus.claims.doc_id == doc_id).sum()),
              "citations": int((corpus.citations.doc_id == doc_id).sum()),
              "concepts": int((corpus.concepts.doc_id == doc_id).sum()),
              "boilerplate": int((corpus.boilerplate.doc_id == doc_id).sum())}
    meta = ", ".join(f"{n} {k}" for k, n in counts.items())
    body = (f"<h1>{html.escape(str(title))}</h1><p class='meta'>{html.escape(doc_id)} · "
            f"{html.escape(meta)}</p>{_legend()}<div class='page'>{''.join(parts)}</div>")
    return PageView(doc_id, body, counts)
