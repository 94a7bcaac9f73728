"""Tables of contents: runs of list items that repeat the document's own headings.

>>> from claimscope.parse.structure import _classify, split_lines
>>> text = ("Inhoud\\n- Oorzaken\\n- Behandeling\\n- Preventie\\n\\n# Oorzaken\\nStress.\\n"
...         "# Behandeling\\nRust.\\n# Preventie\\nSlaap.")
>>> lines = split_lines(text)
>>> sorted(toc_runs(_classify(lines, [False] * len(lines)), text))  # the title and 3 items
[0, 1, 2, 3]
"""

from __future__ import annotations

from collections import defaultdict

from claimscope.parse.structure import _TOC_TITLE, normalise_heading


def toc_runs(classes: list[tuple[str, int, int, int]], text: str) -> list[int]:
    """Indices of lines that form a table of contents repeating the document's headings."""
    headings = [(i, normalise_heading(text[c[1]:c[2]])) for i, c in enumerate(classes)
                if c[0] == "heading"]
    exact = defaultdict(list)
    token_index: dict[str, list[int]] = defaultdict(list)
    heading_tokens = {}
    for i, norm in headings:
        exact[norm].append(i)
        toks = frozenset(norm.split())
        heading_tokens[i] = toks
        for tok in toks:
            token_index[tok].append(i)

    def matches_heading(item_line: int, norm: str) -> bool:
        if not norm:
            return False
        if any(h != item_line for h in exact.get(norm, [])):
            return True
        toks = frozenset(norm.split())
        rare = [t for t in toks if len(token_index.get(t, ())) <= 50]
        candidates = {h for t in rare for h in token_index.get(t, ()) if h != item_line}
        for h in candidates:
            other = heading_tokens[h]
            jaccard = len(toks & other) / len(toks | other)
            if jaccard >= 0.6 or (len(toks) >= 1 and toks <= other and len(toks) >= 2):
                return True
        return False

    out: list[int] = []
    i = 0
    n = len(classes)
    while i < n:
        if classes[i][0] != "list_item":
            i += 1
            continue
        j = i
        run = []
        while j < n and classes[j][0] in ("list_item", "blank"):
            if classes[j][0] == "list_item":
                run.append(j)
            j += 1
        hits = sum(matches_heading(k, normalise_heading(text[classes[k][1]:classes[k][2]]))
                   for k in run)
        if len(run) >= 3 and hits / len(run) >= 0.5:
            out.extend(run)
            # a "Contents" title directly above the run belongs to it
            k = i - 1
            while k >= 0 and classes[k][0] == "blank":
                k -= 1
            if k >= 0 and _TOC_TITLE.match(text[classes[k][1]:classes[k][2]].strip()):
                out.append(k)
        i = j
    return out
