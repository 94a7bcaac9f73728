"""Navigation menus left as text: a run of short plain lines with nothing between them.

A page's own section headings each have text under them; a site menu rendered as text
("Wat is vitamine B12 / Oorzaken / Diagnose / Symptomen / Behandeladvies") is a run of short
heading-like lines in a row. Such a run of at least ``MIN_MENU_LINES`` lines of at most
``MAX_MENU_WORDS`` words, none ending in sentence punctuation or a colon, is boilerplate
(reason ``navigation_menu``). List items never count: a list of symptoms is content.

>>> from claimscope.parse.structure import _classify, split_lines
>>> text = ("Wat is B12\\n\\nOorzaken\\n\\nDiagnose\\n\\nSymptomen\\n\\nBehandeladvies\\n\\n"
...         "# Oorzaken\\n\\nEen tekort ontstaat langzaam.\\n")
>>> lines = split_lines(text)
>>> menu_runs(_classify(lines, [False] * len(lines)), text)
[0, 2, 4, 6, 8]
"""

from __future__ import annotations

MIN_MENU_LINES = 5
MAX_MENU_WORDS = 4


def _menu_line(kind: str, level: int, line: str) -> bool:
    return (kind == "heading" and level == 0 and len(line.split()) <= MAX_MENU_WORDS
            and line[-1:] not in ".!?:;,")


def menu_runs(classes: list[tuple[str, int, int, int]], text: str) -> list[int]:
    """Indices of the lines that form a navigation menu (see the module docstring)."""
    out: list[int] = []
    run: list[int] = []
    for i, (kind, start, end, level) in enumerate([*classes, ("end", 0, 0, 0)]):
        if kind == "blank":
            continue
        if kind != "end" and _menu_line(kind, level, text[start:end].strip()):
            run.append(i)
            continue
        if len(run) >= MIN_MENU_LINES:
            out.extend(run)
        run = []
    return out
