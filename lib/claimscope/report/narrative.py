"""Sentences for the notebooks' narrative, computed from the corpus at hand (any size).

Lists of sources are cut after a few names ("… and 290 more"), so a sentence reads the same
at 5 and at 500 sources; a corpus with nothing to say gets one sentence saying so.

>>> name_list(["a", "b", "c", "d"], max_names=2)
'a, b and 2 more'
>>> name_list([], max_names=2)
'none'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from claimscope.report.labels import label_of


def name_list(names: Sequence[str], max_names: int = 8) -> str:
    """``names`` joined with commas, the ones past ``max_names`` counted ("and 3 more")."""
    names = list(names)
    if not names:
        return "none"
    shown = ", ".join(names[:max_names])
    return shown if len(names) <= max_names else f"{shown} and {len(names) - max_names} more"


def sourcing_summary(table: pd.DataFrame, labels: Mapping[str, str] | None = None,
                     max_names: int = 8) -> str:
    """Which sources cite nothing specific, which appeal to unnamed research instead, and the
    best-sourced one. ``table`` is :func:`claimscope.citations.density.citation_density`.

    >>> from claimscope.citations.density import citation_density
    >>> print(sourcing_summary(citation_density(corpus)))  # doctest: +NORMALIZE_WHITESPACE
    3 of 5 sources give no specific citation at all: 002, 003, 004. 2 of them appeal to
    unnamed research or experts instead: 002, 004. The best-sourced page, 000, cites a source
    in 11.1 % of its sentences.
    """
    if not len(table):
        return "There are no sources to describe."
    def names(ids) -> str:
        return name_list([label_of(labels, d) for d in ids], max_names)

    none = table.index[table.specific == 0]
    vague = table.index[(table.specific == 0) & (table.vague_appeal > 0)]
    lines = [f"{len(none)} of {len(table)} sources give no specific citation at all"
             + (f": {names(none)}." if len(none) else ".")]
    if len(none):
        lines.append(f"{len(vague)} of them appeal to unnamed research or experts instead"
                     + (f": {names(vague)}." if len(vague) else "."))
    share = table.share_sentences_cited.astype(float)
    if share.notna().any() and share.max() > 0:
        best = share.idxmax()
        lines.append(f"The best-sourced page, {label_of(labels, best)}, cites a source in "
                     f"{share[best]:.1f} % of its sentences.")
    else:
        lines.append("No page cites a specific source in any sentence.")
    return " ".join(lines)


def reference_languages(references: pd.DataFrame, labels: Mapping[str, str] | None = None,
                        max_docs: int = 10) -> str:
    """Per page with a reference list, the languages of the works it cites (the ``max_docs``
    pages with the most references; the rest counted). ``references`` is
    :func:`claimscope.citations.density.reference_table`.

    >>> from claimscope.citations.density import reference_table
    >>> print(reference_languages(reference_table(corpus)))
    000 (a page in nl) cites 3 works: 2 in es, 1 in und ('und': too short to identify).
    """
    if not len(references):
        return "No page in this corpus has a reference list with parsed entries."
    sizes = references.groupby("doc_id").size().sort_values(ascending=False, kind="stable")
    lines = []
    for doc_id in sizes.index[:max_docs]:
        group = references[references.doc_id == doc_id]
        counts = group.language.value_counts().sort_index()
        listed = ", ".join(f"{n} in {lang}" for lang, n in counts.items())
        lines.append(f"{label_of(labels, doc_id)} (a page in {group.page_language.iloc[0]}) "
                     f"cites {len(group)} works: {listed}"
                     + (" ('und': too short to identify)." if "und" in counts.index else "."))
    if len(sizes) > max_docs:
        lines.append(f"({len(sizes) - max_docs} more pages with references.)")
    return "\n".join(lines)


def sharing_summary(shared: pd.DataFrame, unique: pd.DataFrame, n_sources: int,
                    max_sources: int = 12) -> list[str]:
    """Sentences on what every source mentions and what each mentions alone.

    ``shared`` is :func:`claimscope.topics.shared_concepts`, ``unique``
    :func:`claimscope.topics.unique_concepts`; sources with concepts of their own are listed
    (most such concepts first, at most ``max_sources``), the others counted.

    >>> shared = pd.DataFrame(index=pd.Index(["pain"], name="concept"))
    >>> unique = pd.DataFrame({"doc_id": ["a", "b"], "n_unique": [0, 3],
    ...                        "top_unique": ["", "gout (2), rash (1), tendon (1)"]})
    >>> for line in sharing_summary(shared, unique, 2):
    ...     print(line)
    All 2 sources mention 1 concept(s): pain.
    1 of 2 sources mention concepts no other source mentions:
    b: 3 concepts of its own, most mentioned: gout (2), rash (1), tendon (1).
    """
    lines = [f"All {n_sources:,} sources mention {len(shared)} concept(s): "
             f"{name_list(list(shared.index), max_sources)}."]
    own = unique[unique.n_unique > 0].sort_values(["n_unique", "doc_id"],
                                                  ascending=[False, True], kind="stable")
    if own.empty:
        lines.append("No source mentions a concept that no other source mentions.")
        return lines
    lines.append(f"{len(own):,} of {n_sources:,} sources mention concepts no other source "
                 "mentions:")
    lines += [f"{r.doc_id}: {r.n_unique} concepts of its own, most mentioned: {r.top_unique}."
              for r in own.head(max_sources).itertuples()]
    if len(own) > max_sources:
        lines.append(f"… and {len(own) - max_sources:,} more (the table above lists them all).")
    return lines
