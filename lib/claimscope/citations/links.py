"""Links in a page: which are citations, which are the publisher's own or no source at all.

A markdown or HTML link is a citation (``marker`` plus its ``url``) unless its label is a call to
action or it points to the publisher's own site (:func:`link_is_promotional`), or it leads to a
video, a social post, a profile page or a person the sentence names by profession
(:func:`link_is_not_a_source`). The cue patterns come from
:class:`~claimscope.citations.detect.Cues`.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Container
from typing import TYPE_CHECKING
from urllib.parse import urlparse

import numpy as np

if TYPE_CHECKING:
    from claimscope.citations.detect import Cues

MD_LINK = re.compile(r"\[([^\[\]\n]{0,300})\]\((https?://[^)\s]{1,2000}|www\.[^)\s]{1,2000})\)")
# a link into the page's own notes: a number as label ("[3](#ref3)", "[<sup>3</sup>](#cite-3)")
# or a fragment that names a note or reference ("[Smith](#ref-smith)"); a table-of-contents link
# ("[Symptomen](#symptomen)") is neither
FRAGMENT_REF = re.compile(
    r"\[(?:<sup>)?\[?\d{1,3}(?:[,–-]\d{1,3})*\]?(?:</sup>)?\]\(#[^)\s]{1,200}\)"
    r"|\[[^\[\]\n]{1,60}\]\(#(?:ref|cite|fn|footnote|note|noot|bron|endnote)[\w:.-]{0,80}\)",
    re.IGNORECASE)
HTML_LINK = re.compile(
    r"<a\s[^>]{0,500}?href=[\"']([^\"']{1,2000})[\"'][^>]{0,500}>(.{0,300}?)</a>",
    re.IGNORECASE | re.DOTALL)


_NOT_ALNUM = re.compile(r"[^a-z0-9]")
_WORD = re.compile(r"[\wÀ-ÿ'’-]+")


def _squash(text: str) -> str:
    return _NOT_ALNUM.sub("", text.lower())


def _domain_label(url: str) -> str:
    host = urlparse(url if "://" in url else "http://" + url).netloc.lower()
    parts = [p for p in host.split(".") if p not in ("www", "")]
    return parts[-2] if len(parts) >= 2 else (parts[0] if parts else "")


def _name_counts(text: str, max_words: int = 4, wanted: Container[str] | None = None
                 ) -> Counter[str]:
    """Squashed runs of 1–4 words starting with a capital letter (6+ letters), counted (only
    those in ``wanted`` when given).

    One pass over the words with at most ``max_words`` runs open, so memory does not grow
    with the text (a 50 MB page has millions of words).

    >>> sorted(_name_counts("Learn Neural Therapy offers courses.").items())[:3]
    [('learnneural', 1), ('learnneuraltherapy', 1), ('learnneuraltherapyoffers', 1)]
    >>> _name_counts("Learn Neural Therapy offers courses.", wanted={"neuraltherapy"})
    Counter({'neuraltherapy': 1})
    """
    names: Counter[str] = Counter()
    runs: list[list] = []  # [squashed so far, words in it], oldest first
    for match in _WORD.finditer(text):
        word = match.group()
        squashed = _squash(word)
        for run in runs:
            run[0] += squashed
            run[1] += 1
            if len(run[0]) >= 6 and (wanted is None or run[0] in wanted):
                names[run[0]] += 1
        if word[:1].isupper():
            runs.append([squashed, 1])
            if len(squashed) >= 6 and (wanted is None or squashed in wanted):
                names[squashed] += 1
        runs = [run for run in runs if run[1] < max_words]
    return names


def page_names(text: str, max_words: int = 4) -> frozenset[str]:
    """Names a page gives itself: squashed runs of 1–4 words starting with a capital letter.

    Linear in the text; a linked site whose domain is one of these names is the publisher's own.

    >>> "learnneuraltherapy" in page_names("Learn Neural Therapy offers courses.")
    True
    """
    return frozenset(_name_counts(text, max_words))


class OwnNames:
    """The names and host of the page's own site (:func:`own_site_names`), as a set to ask
    ``name in names``: only the domain names of the page's links and URLs are counted, and a
    name asked about later is counted then, so a long page never holds all its names."""

    def __init__(self, text: str, cues: Cues):
        links = [(m.group(1), m.group(2)) for m in MD_LINK.finditer(text)]
        links += [(m.group(2), m.group(1)) for m in HTML_LINK.finditer(text)]
        self._text, self._bare_url = text, cues.bare_url
        self._labels = " . ".join(label for label, _ in links)
        hosts = Counter(_squash(_domain_label(url)) for _, url in links)
        self._hosts = {h for h, k in hosts.items() if len(h) >= 3 and k >= 2
                       and 3 * k >= len(links)
                       and not any(d in url.lower() for _, url in links
                                   if _squash(_domain_label(url)) == h
                                   for d in cues.scholarly_domains)}
        self._known: dict[str, bool] = {}
        self._count(set(hosts) | {_squash(_domain_label(m.group()))
                                  for m in cues.bare_url.finditer(text)})

    def _count(self, wanted: set[str]) -> None:
        # the page's own words: links and URLs cut out (made again for a late name: no copy
        # of a long text is kept)
        plain = self._bare_url.sub(" ", HTML_LINK.sub(" ", MD_LINK.sub(" ", self._text)))
        in_text = _name_counts(plain, wanted=wanted)
        in_labels = _name_counts(self._labels, wanted=wanted)
        for name in wanted:
            self._known[name] = in_text[name] > in_labels[name] or name in self._hosts

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str):
            return False
        if name not in self._known:
            self._count({name})
        return self._known[name]


def own_site_names(text: str, cues: Cues) -> OwnNames:
    """The names and host of the page's own site, for :func:`link_is_promotional`.

    A name counts when the page's own words (links and URLs cut out) use it more often than its
    link labels do ("Learn Neural Therapy offers courses" names the publisher; "according to
    [*Healthline*](…)" cites an outside source the page also mentions once or twice). The host
    that takes at least a third of the page's links (two or more) is the page's own site (its
    internal links), unless it is a scholarly one.

    >>> from claimscope.citations.detect import load_cues
    >>> names = own_site_names("Rugkliniek Voorbeeld helpt. Healthline zegt het ([Healthline]("
    ...                        "https://healthline.com/a)), [WHO](https://who.int/b).", load_cues())
    >>> "rugkliniekvoorbeeld" in names, "healthline" in names
    (True, False)
    """
    return OwnNames(text, cues)


def link_is_promotional(label: str, url: str, own_names: Container[str], cues: Cues
                        ) -> bool:
    """A call to action, or a link to the publisher's own offering (the site names itself).

    >>> from claimscope.citations.detect import load_cues
    >>> cues = load_cues()
    >>> link_is_promotional("neural therapy courses", "https://www.learnneuraltherapy.com/",
    ...                     page_names("Learn Neural Therapy offers courses."), cues)
    True
    >>> link_is_promotional("Stolberg 2006", "https://doi.org/10.1/x", frozenset(), cues)
    False
    """
    if any(d in url.lower() for d in cues.scholarly_domains):
        return False
    if cues.call_to_action.search(label):
        return True
    return _squash(_domain_label(url)) in own_names


def link_is_not_a_source(before: str, url: str, cues: Cues) -> bool:
    """A link to a video, a social post or a profile, or to a person named by their profession
    just before it (``before``: the sentence's text before the link): not a citation.

    >>> from claimscope.citations.detect import load_cues
    >>> cues = load_cues()
    >>> link_is_not_a_source("says registered dietitian ", "https://balanceone.com/trista", cues)
    True
    >>> link_is_not_a_source("a new ", "https://www.youtube.com/watch?v=x", cues)
    True
    >>> link_is_not_a_source("says registered dietitian ", "https://pubmed.ncbi.nlm.nih.gov/1/",
    ...                      cues)
    False
    """
    if any(d in url.lower() for d in cues.scholarly_domains):
        return False
    if cues.not_source_links is not None and cues.not_source_links.search(url):
        return True
    return cues.person_link_before is not None and bool(
        cues.person_link_before.search(before[-60:]))


# every markdown link, relative targets included ("[biopsy](/od/lung-biopsy.htm)"), and bare URLs
_ANY_MD_LINK = re.compile(r"\[([^\[\]\n]{0,300})\]\(([^()\s]{1,2000})\)")
_BARE_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'()\[\]]{1,2000}", re.IGNORECASE)


@functools.lru_cache(maxsize=4)  # the cue families of one sentence share its view
def prose_view(text: str) -> tuple[str, np.ndarray | None]:
    """``text`` as a reader sees it: link syntax and URLs left out, link labels kept; and for
    each character of that view its offset in ``text`` (``None`` when nothing was left out and
    the view is ``text`` itself). What the claim cues are matched on, so that a word in a URL
    is no cue and a cue may run into a link's label ("suggests [exfoliating …](…)").

    >>> view, index = prose_view("Dr. Moy suggests [exfoliating](https://x.com/a-cure) weekly.")
    >>> view, int(index[view.index("exfoliating")])
    ('Dr. Moy suggests exfoliating weekly.', 18)
    >>> prose_view('See <a href="https://x.org/cures">the review</a> or www.x.org/heals.')[0]
    'See the review or .'
    >>> prose_view("No links here.")
    ('No links here.', None)
    """
    lowered = text.lower()
    if "](" not in text and "//" not in text and "www." not in lowered and "<a" not in lowered:
        return text, None
    keep = np.ones(len(text), dtype=bool)
    for m in _ANY_MD_LINK.finditer(text):
        keep[m.start():m.start(1)] = False
        keep[m.end(1):m.end()] = False
    for m in HTML_LINK.finditer(text):
        keep[m.start():m.start(2)] = False
        keep[m.end(2):m.end()] = False
    for m in _BARE_URL.finditer(text):
        end = m.end()
        while end > m.start() and text[end - 1] in ".,;:!?":
            end -= 1
        if keep[m.start():end].all():  # not a link's target, already left out
            keep[m.start():end] = False
    if keep.all():
        return text, None
    index = np.flatnonzero(keep)  # 8 bytes per character kept, whatever the text's length
    runs = np.flatnonzero(np.diff(np.concatenate(([False], keep, [False])).astype(np.int8)))
    view = "".join(text[s:e] for s, e in zip(runs[::2].tolist(), runs[1::2].tolist(),
                                             strict=True))
    return view, index


def text_span(index: np.ndarray | None, start: int, end: int) -> tuple[int, int]:
    """A match's span in :func:`prose_view`'s view as a span of the text itself."""
    if index is None or end <= start:
        return start, end
    return int(index[start]), int(index[end - 1]) + 1
