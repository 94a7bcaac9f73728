"""Main-content extraction from HTML pages: trafilatura (markdown out, links kept), with a plain
lxml extraction where trafilatura would lose text or take too long.

Navigation, footers, cookie banners, scripts and styles are dropped; how much visible text was
kept is reported so the manifest accounts for it. The page is parsed once by lxml with
``huge_tree`` (libxml2 otherwise stops at 256 levels of nesting and silently drops the rest)
and that tree is given to trafilatura. Two cases use the plain extraction instead, with the
reason in the manifest:

* trafilatura keeps less than half as much text as the page's paragraphs (``<p>`` outside
  navigation, headers, footers, forms, banners and sidebars) hold: it drops repeated identical
  paragraphs, for one. On real pages trafilatura keeps at least as much as the paragraphs hold
  (0.98–2.2 times on the gold corpus's HTML pages), so this only catches real losses;
* the parser could not read the page whole (nesting deeper than libxml2's limit of a few
  thousand levels): the text is then taken by cutting out the tags;
* the page is larger than :data:`TRAFILATURA_MAX_CHARS`: trafilatura's time grows faster than
  the page (about 1 s for 1 MB, 11 s for 8 MB, 155 s for 32 MB), the plain extraction's does not.

The plain extraction walks the tree without recursion (any depth), writes headings as ``#``,
list items as ``-`` and links as ``[label](url)``, one block per paragraph.

>>> page = ("<html><head><script>alert(1)</script></head><body><nav>Home | Contact</nav>"
...         "<article><h1>Acupunctuur</h1><p>Acupunctuur wordt gebruikt bij rugpijn en "
...         "volgens de auteurs helpt het bij veel patiënten met chronische klachten.</p>"
...         "</article></body></html>")
>>> text, notes = extract_html(page)
>>> "alert" in text, "Acupunctuur" in text
(False, True)
>>> plain_text(parse_html("<div><h2>Kop</h2><p>Een <a href='https://x.nl'>bron</a>.</p></div>"))
'## Kop\\n\\nEen [bron](https://x.nl).'
"""

from __future__ import annotations

import copy
import html as htmllib
import logging
import re

import trafilatura
from lxml import etree
from lxml import html as lxml_html

logging.getLogger("trafilatura").setLevel(logging.ERROR)
_WS = re.compile(r"\s+")
# a markdown escape: a backslash before markdown punctuation
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")
#: Pages with more characters than this skip trafilatura (its time grows superlinearly).
TRAFILATURA_MAX_CHARS = 2_000_000
#: trafilatura must keep at least this share of the main text, or the plain extraction is used.
MIN_KEPT_SHARE = 0.5
_PARSER = lxml_html.HTMLParser(huge_tree=True, encoding="utf-8", remove_comments=True,
                               remove_pis=True)
_NEVER = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe", "object",
                    "embed", "button", "select", "option", "textarea", "input", "canvas"})
_CHROME = frozenset({"nav", "header", "footer", "aside", "form", "menu", "dialog"})
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search",
                           "dialog", "alertdialog", "menu", "menubar"})
_CHROME_WORDS = frozenset({"cookie", "cookies", "consent", "gdpr", "banner", "nav", "navbar",
                           "navigation", "menu", "footer", "header", "sidebar", "breadcrumb",
                           "breadcrumbs", "share", "sharing", "social", "related", "comments",
                           "newsletter", "advert", "advertisement", "promo", "popup", "modal"})
_NAME_PARTS = re.compile(r"[^a-z]+")
_CONTENT = frozenset({"html", "body", "main", "article"})
_TAG_NAME = re.compile(r"/?([A-Za-z][A-Za-z0-9-]*)")
_RAW_TEXT = frozenset({"script", "style", "noscript", "template", "textarea", "title", "head",
                       "select", "button", "svg", "iframe", "object", "canvas"})
_BLOCKS = frozenset({"p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd",
                     "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption",
                     "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "br", "hr",
                     "figure", "figcaption", "address", "details", "summary", "center", "body",
                     "html", "nav", "header", "footer", "aside", "form"})


def parse_html(page: str) -> etree._Element | None:
    """The lxml tree of a page (no depth limit), or None when there is nothing to parse."""
    try:
        return lxml_html.document_fromstring(page.encode("utf-8", "surrogatepass"),
                                             parser=_PARSER)
    except (ValueError, etree.ParserError, etree.XMLSyntaxError):
        return None


def _is_chrome(element: etree._Element) -> bool:
    """Navigation, header, footer, form, banner, sidebar: by tag, role, or a word of its id or
    class (never ``html``, ``body``, ``main`` or ``article``)."""
    if element.tag in _CHROME or element.get("role", "").lower() in _CHROME_ROLES:
        return True
    if element.tag in _CONTENT:
        return False
    names = f"{element.get('id', '')} {element.get('class', '')}".lower()
    return not _CHROME_WORDS.isdisjoint(_NAME_PARTS.split(names))


def _blocks(root: etree._Element, *, main_only: bool, links: bool,
            paragraphs: list[int] | None = None) -> list[str]:
    """The text of ``root`` as blocks, walked with an explicit stack (no recursion limit);
    ``paragraphs`` collects the length of every ``<p>`` block."""
    out: list[str] = []
    pieces: list[str] = []
    prefix = [""]
    flushes = [0]

    def flush() -> None:
        text = _WS.sub(" ", "".join(pieces)).strip()
        if text:
            out.append(prefix[0] + text)
        pieces.clear()
        prefix[0] = ""
        flushes[0] += 1

    stack: list[tuple[etree._Element, int, int]] = [(root, -1, 0)]
    while stack:
        element, opened, flushed = stack.pop()
        tag = element.tag if isinstance(element.tag, str) else None
        if opened >= 0:  # closing: a link's label is complete; a block ends
            if tag == "a" and links and flushed == flushes[0]:
                href = element.get("href", "")
                if "".join(pieces[opened:]).strip() and href.startswith(("http://", "https://")):
                    pieces.insert(opened, "[")
                    pieces.append(f"]({href})")
            if tag in _BLOCKS:
                before = len(out)
                flush()
                if tag == "p" and paragraphs is not None and len(out) > before:
                    paragraphs.append(len(out[-1]))
            if element.tail and element is not root:
                pieces.append(element.tail)
            continue
        if tag is None or tag in _NEVER or (main_only and _is_chrome(element)):
            if element.tail and element is not root:
                pieces.append(element.tail)
            continue
        if tag in _BLOCKS:
            flush()
            if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
                prefix[0] = "#" * int(tag[1]) + " "
            elif tag == "li":
                prefix[0] = "- "
        stack.append((element, len(pieces), flushes[0]))
        if element.text:
            pieces.append(element.text)
        stack.extend((child, -1, 0) for child in reversed(element))
    flush()
    return out


_VISIBLE = etree.XPath("//text()[not(ancestor::script or ancestor::style or ancestor::noscript "
                       "or ancestor::template)]")


def _visible_size(tree: etree._Element) -> int:
    """Characters of text outside scripts and styles (white space runs count as one)."""
    return len(_WS.sub(" ", "".join(_VISIBLE(tree))).strip())


def _size(blocks: list[str]) -> int:
    return len(_WS.sub(" ", " ".join(blocks)).strip())


def _plain(tree: etree._Element, visible: int, paragraphs: list[int] | None = None
           ) -> list[str]:
    main = _blocks(tree, main_only=True, links=True, paragraphs=paragraphs)
    if _size(main) < MIN_KEPT_SHARE * visible:
        main = _blocks(tree, main_only=False, links=True)
    return main


def plain_text(tree: etree._Element | None) -> str:
    """The page's main text without trafilatura: every paragraph outside navigation, headers,
    footers, forms, banners and sidebars, in document order (see the module docstring). When
    those would take more than half of the visible text, they are kept (a page-wide wrapper
    named "has-sidebar" is not a sidebar)."""
    if tree is None:
        return ""
    return "\n\n".join(_plain(tree, _size(_blocks(tree, main_only=False, links=False))))


def stripped_text(page: str) -> str:
    """The page with its tags, comments, scripts and styles cut out (a linear scan, no parser):
    what is left when a page is nested deeper than any parser goes.

    >>> stripped_text("<div><p>Een &amp; twee</p><script>x<y</script><p>drie</p></div>")
    'Een & twee\\n\\ndrie'
    """
    out: list[str] = []
    lower = page.lower()
    i, n = 0, len(page)
    while i < n:
        j = page.find("<", i)
        if j < 0:
            out.append(page[i:])
            break
        out.append(page[i:j])
        if page.startswith("<!--", j):
            k = page.find("-->", j + 4)
            i = n if k < 0 else k + 3
            continue
        name = _TAG_NAME.match(page, j + 1)
        if name is None:  # a "<" that opens no tag is text
            out.append("<")
            i = j + 1
            continue
        tag = name.group(1).lower()
        k = page.find(">", name.end())
        i = n if k < 0 else k + 1
        if tag in _RAW_TEXT and not name.group().startswith("/"):
            k = lower.find(f"</{tag}", i)
            k = n if k < 0 else page.find(">", k)
            i = n if k < 0 else k + 1
        if tag in _BLOCKS:
            out.append("\n\n")
    blocks = (_WS.sub(" ", b).strip() for b in htmllib.unescape("".join(out)).split("\n\n"))
    return "\n\n".join(b for b in blocks if b)


def unescape_markdown(text: str) -> str:
    """trafilatura's markdown with its backslash escapes taken out (``\\[1\\]`` → ``[1]``).

    The extracted text is the document's text (every offset indexes it), so the backslashes
    are removed here, before any offset exists; a backslash before anything but markdown
    punctuation is kept.

    >>> unescape_markdown(r"risk \\[1\\] and C:\\Temp, \\*not\\* bold")
    'risk [1] and C:\\\\Temp, *not* bold'
    """
    return _MD_ESCAPE.sub(r"\1", text)


def extract_html(page: str) -> tuple[str, list[str]]:
    """Return ``(main_text, notes)`` for an HTML document given as text."""
    tree = parse_html(page)
    visible = 0 if tree is None else _visible_size(tree)
    stripped = stripped_text(page)
    if tree is None and not stripped:
        return "", ["HTML holds no text"]
    if tree is None or _size([stripped]) > 2 * visible:  # the parser lost text (deep nesting)
        return stripped, [
            f"HTML the parser could not read whole (kept {visible:,} of "
            f"{_size([stripped]):,} characters; nested too deeply?): text taken by cutting out "
            "the tags, comments, scripts and styles (navigation and footers stay in)"]
    dropped = "(navigation, headers, footers, forms, banners, scripts and styles dropped)"
    if len(page) > TRAFILATURA_MAX_CHARS:
        text = "\n\n".join(_plain(tree, visible))
        return text, [
            f"HTML page of {len(page):,} characters, over {TRAFILATURA_MAX_CHARS:,}: main "
            f"content taken by the plain extraction (lxml), as trafilatura's time grows faster "
            f"than the page; kept {_size([text]):,} of {visible:,} characters of visible text "
            f"{dropped}"]
    extracted = trafilatura.extract(
        copy.deepcopy(tree),
        output_format="markdown",
        include_links=True,
        include_formatting=True,
        include_comments=False,
        include_tables=True,
        favor_recall=True,
        deduplicate=False,
        with_metadata=False,
    ) or ""
    extracted = unescape_markdown(extracted)
    kept = len(_WS.sub(" ", extracted).strip())
    paragraphs: list[int] = []
    plain = _plain(tree, visible, paragraphs)
    if kept < MIN_KEPT_SHARE * sum(paragraphs):
        main = _size(_blocks(tree, main_only=True, links=False))
        return "\n\n".join(plain), [
            f"HTML main content: trafilatura kept only {kept:,} characters, less than half of "
            f"the {sum(paragraphs):,} in the page's paragraphs, so the plain extraction (lxml) "
            f"was used: kept {main:,} of {visible:,} characters of visible text {dropped}"]
    return extracted, [
        f"HTML main content extracted with trafilatura: kept {kept:,} of {visible:,} characters "
        f"of visible text (navigation, footers, banners, scripts and styles dropped)"
    ]
