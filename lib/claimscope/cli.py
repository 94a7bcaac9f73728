"""Command line: ``claimscope build SEEDS_DIR --out data/processed``; ``claimscope train-claims``.

Exit status: 0 when at least one document loaded (1 with ``--strict`` on any failed file),
1 when nothing loaded, 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time

from claimscope.boilerplate import RulesError
from claimscope.claim_model import ModelError
from claimscope.codebook import CodebookError
from claimscope.concepts import LexiconError
from claimscope.corpus import load_corpus


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="claimscope", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="parse a folder of documents into parquet frames")
    build.add_argument("corpus", help="folder (searched recursively) or a single file")
    build.add_argument("--out", default="data/processed",
                       help="output folder (default: %(default)s)")
    build.add_argument("--rules", action="append", default=None, metavar="YAML",
                       help="extra boilerplate rules file (repeatable)")
    build.add_argument("--max-bytes", type=int, default=None,
                       help="skip files larger than this many bytes")
    build.add_argument("--strict", action="store_true",
                       help="exit non-zero when any file failed to load")
    build.add_argument("--codebook", default=None, metavar="YAML",
                       help="claim-type codebook to use instead of the shipped one")
    build.add_argument("--claim-method", default=None, choices=("rules", "model", "combined"),
                       help="claim classifier (default: the best by leave-one-document-out)")
    build.add_argument("--concepts", default=None, metavar="YAML",
                       help="concept lexicon to use instead of the shipped one")
    build.add_argument("--quiet", action="store_true", help="no progress bar or per-file warnings")
    train = sub.add_parser("train-claims",
                           help="fit the claim model on hand annotations (leave-one-document-out "
                                "picks the default method)")
    train.add_argument("corpus", help="the annotated corpus folder (e.g. seeds)")
    train.add_argument("--annotations", default="data/annotations/seed_sentences.csv")
    train.add_argument("--codebook", default=None, metavar="YAML")
    train.add_argument("--out", default=None,
                       help="model file (default: the one shipped in the package)")
    return parser


def _train(args) -> int:
    from claimscope.claim_eval import build_model
    from claimscope.claim_model import default_model_path, save_model
    from claimscope.codebook import load_codebook

    try:
        book = load_codebook(args.codebook)
        corpus = load_corpus(args.corpus, claims=False)
        model, summary = build_model(corpus, args.annotations, book)
    except (ValueError, FileNotFoundError, CodebookError) as err:
        print(f"claimscope: error: {err}", file=sys.stderr)
        return 2
    out = save_model(model, args.out or default_model_path())
    print(summary.round(3).to_string(index=False))
    print(f"claimscope: default method {model.default_method} (certainty: "
          f"{model.info['certainty_method']}); {model.info['n_sentences']} sentences → {out} "
          f"({out.stat().st_size / 1024:.0f} kB)")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``claimscope`` command."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.ERROR if getattr(args, "quiet", False) else logging.WARNING,
                        format="claimscope: %(message)s")
    if args.command == "train-claims":
        return _train(args)
    started = time.perf_counter()
    kwargs = {} if args.max_bytes is None else {"max_bytes": args.max_bytes}
    try:
        corpus = load_corpus(args.corpus, boilerplate_rules=args.rules, codebook=args.codebook,
                             claim_method=args.claim_method, concepts=args.concepts,
                             progress=None if not args.quiet else False, **kwargs)
    except (FileNotFoundError, RulesError, CodebookError, LexiconError, ModelError) as err:
        print(f"claimscope: error: {err}", file=sys.stderr)
        return 2
    out = corpus.save(args.out)
    elapsed = time.perf_counter() - started
    print(f"claimscope: {corpus.summary()} → {out}/ in {elapsed:.1f} s")
    failed = int((corpus.manifest.status == "failed").sum())
    if len(corpus.documents) == 0:
        print("claimscope: error: no document could be loaded", file=sys.stderr)
        return 1
    if args.strict and failed:
        print(f"claimscope: error: {failed} file(s) failed (--strict)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
