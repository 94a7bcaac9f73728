"""A synthetic corpus of N pages made from the real gold pages (``data/gold/pages``), for trying
notebooks and figures at scale: ``python tests/synthetic_corpus.py OUT [--pages 500]``.

Page ``i`` is a variant of gold page ``i mod 112``: the first variant is the page itself, later
ones keep its title line and shuffle and drop its other paragraphs (a seeded ``random.Random``,
so the corpus is the same on every run); odd variants mark their title, even ones keep it (so
titles repeat, as on real sites). Saved HTML pages get a paragraph naming the variant. Nothing
is committed: the pages are written where you say.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD_PAGES = ROOT / "data" / "gold" / "pages"


def _variant_text(text: str, variant: int, rng: random.Random) -> str:
    if variant == 0:
        return text
    head, *paragraphs = re.split(r"\n\s*\n", text.strip("\n"))
    rng.shuffle(paragraphs)
    keep = paragraphs[: max(1, len(paragraphs) - rng.randrange(0, 3))] if paragraphs else []
    title = head if variant % 2 == 0 else f"{head} (variant {variant})"
    return "\n\n".join([title, *keep]) + "\n"


def _variant_html(html: str, variant: int) -> str:
    if variant == 0:
        return html
    note = f"<p>Variant {variant} of this page, for a synthetic corpus.</p>"
    return html.replace("</body>", note + "</body>", 1) if "</body>" in html else html + note


def write_corpus(out: Path, pages: int = 500, seed: int = 0) -> list[Path]:
    """Write ``pages`` variants of the gold pages to ``out``; the paths written, in order."""
    sources = sorted(p for p in GOLD_PAGES.iterdir() if p.suffix in (".txt", ".md", ".html"))
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for i in range(pages):
        source = sources[i % len(sources)]
        variant = i // len(sources)
        rng = random.Random(seed * 1_000_003 + i)
        text = source.read_text(encoding="utf-8", errors="replace")
        body = _variant_html(text, variant) if source.suffix == ".html" else \
            _variant_text(text, variant, rng)
        path = out / f"s{i:03d}_{source.stem.split('_', 1)[-1]}{source.suffix}"
        path.write_text(body, encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    paths = write_corpus(args.out, args.pages, args.seed)
    print(f"{len(paths)} pages → {args.out}/")


if __name__ == "__main__":
    main()
