"""Command line: ``claimscope build SEEDS_DIR --out data/processed``; ``claimscope train-claims``.

Exit status: 0 when at least one document loaded (1 with ``--strict`` on any failed file),
1 when nothing loaded, 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

import pandas as pd

from claimscope import __version__
from claimscope.corpus import load_corpus
from claimscope.errors import ClaimscopeError, CorpusError
from claimscope.folder import build_corpus_folder
from claimscope.migrate import migrate_folder
from claimscope.storage import check_output_folder, output_lock


def _cannot_write(out, err: OSError) -> int:
    """Say which output could not be written and why; exit status 2."""
    print(f"claimscope: error: {out}: cannot write ({err.strerror or err})", file=sys.stderr)
    return 2


def _dask_client(address: str):
    """A ``dask.distributed.Client`` for ``address`` (a clear error when Dask is missing)."""
    try:
        from dask.distributed import Client
    except ImportError:
        raise ClaimscopeError("--dask needs Dask: pip install 'claimscope[dask]'") from None
    try:
        return Client(address, timeout="10s")
    except (OSError, TimeoutError, ValueError) as err:
        raise ClaimscopeError(f"--dask {address}: cannot reach the scheduler ({err})") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="claimscope", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"claimscope {__version__}")
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
                       help="claim classifier (default: the shipped model's, chosen on the gold "
                            "dev split)")
    build.add_argument("--concepts", default=None, metavar="YAML",
                       help="concept lexicon to use instead of the shipped one")
    build.add_argument("--jobs", type=int, default=-1, metavar="N",
                       help="worker processes (default -1: every core; the output is the same "
                            "for any N)")
    build.add_argument("--no-cache", action="store_true",
                       help="parse every file again (default: unchanged files come from "
                            "the cache beside --out, .<out>.cache.sqlite)")
    build.add_argument("--dask", default=None, metavar="ADDRESS",
                       help="parse on a Dask cluster (scheduler address, e.g. tcp://host:8786; "
                            "needs pip install 'claimscope[dask]')")
    build.add_argument("--quiet", action="store_true", help="no progress bar or per-file warnings")
    train = sub.add_parser("train-claims",
                           help="fit the claim model on hand annotations (leave-one-document-out "
                                "picks the default method)")
    train.add_argument("corpus", help="the annotated corpus folder (e.g. seeds)")
    train.add_argument("--annotations", default="data/annotations/seed_sentences.csv")
    train.add_argument("--codebook", default=None, metavar="YAML")
    train.add_argument("--gold", default=None, metavar="DIR",
                       help="a gold corpus (data/gold): fit on its train split plus the "
                            "annotated corpus, choose method and thresholds on its dev split")
    train.add_argument("--out", default=None,
                       help="model file (default: the one shipped in the package)")
    export = sub.add_parser("export-coding", help="write a coding sheet (xlsx/csv), doccano "
                                                  "JSONL or Label Studio JSON for human coders")
    export.add_argument("corpus", help="folder or file to parse")
    export.add_argument("--out", required=True, help="sheet.xlsx, sheet.csv, units.jsonl "
                                                     "(doccano) or tasks.json (Label Studio)")
    export.add_argument("--prefill", action="store_true",
                        help="fill the labels with claimscope's own decisions")
    export.add_argument("--docs", nargs="*", default=None, metavar="DOC_ID",
                        help="only these documents")
    imp = sub.add_parser("import-coding", help="validate filled sheets against the corpus and "
                                               "write one tidy CSV")
    imp.add_argument("corpus")
    imp.add_argument("sheets", nargs="+", help="filled .xlsx/.csv sheets, doccano .jsonl or "
                                               "Label Studio .json files")
    imp.add_argument("--coder", action="append", default=None,
                     help="coder name per sheet, in order (default: the file name)")
    imp.add_argument("--out", required=True, help="tidy CSV to write")
    agree = sub.add_parser("agreement", help="Cohen's kappa, Krippendorff's alpha, agreement "
                                             "and F1 between coders (and claimscope)")
    agree.add_argument("corpus")
    agree.add_argument("sheets", nargs="+", help="filled sheets, one per coder")
    agree.add_argument("--coder", action="append", default=None)
    agree.add_argument("--with-claimscope", action="store_true",
                       help="add claimscope's own codes as one more coder")
    agree.add_argument("--by-document", action="store_true")
    ev = sub.add_parser("evaluate", help="validity on the seeds (LODO), the real-page gold "
                                         "corpus (dev, test, coder ceiling) and public "
                                         "benchmarks, with bootstrap intervals")
    ev.add_argument("--gold", default="data/gold", help="gold corpus folder (%(default)s)")
    ev.add_argument("--seeds", default="seeds", help="seed corpus folder (%(default)s)")
    ev.add_argument("--benchmarks", default=None, metavar="DIR",
                    help="folder with checkthat/, ud/, anystyle/ (default: "
                         "$CLAIMSCOPE_BENCHMARKS; skipped when unset)")
    ev.add_argument("--out", default="data/evaluation",
                    help="folder for the CSV tables (%(default)s)")
    page = sub.add_parser("page", help="render one document as an HTML page view (claims, "
                                       "citations, concepts, boilerplate)")
    page.add_argument("corpus", help="a folder to parse, or a saved corpus folder (corpus.json)")
    page.add_argument("doc_id")
    page.add_argument("--out", required=True, help="the HTML file to write")
    report = sub.add_parser("report", help="run every notebook on a corpus (papermill) and "
                                           "render the reports: NAME.html for readers, code/")
    report.add_argument("corpus", help="the folder (or file) of pages the notebooks analyse")
    report.add_argument("--out", default="reports", help="report folder (default: %(default)s)")
    report.add_argument("--processed", default=None, metavar="DIR",
                        help="a folder claimscope build wrote for this corpus (used when it "
                             "matches; default: each notebook parses the corpus)")
    report.add_argument("--notebooks", default="notebooks", metavar="DIR",
                        help="the notebooks to run (default: %(default)s)")
    report.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                        help="a notebook parameter (repeatable; VALUE is read as YAML, e.g. "
                             "SOURCE_TYPES=my_types.csv, TOP_K=3, GOLD_DIR=null)")
    report.add_argument("--timeout", type=int, default=1800, metavar="SECONDS",
                        help="longest a single cell may run (default: %(default)s)")
    suggest = sub.add_parser("suggest-concepts", help="candidate lexicon terms mined from a "
                                                      "corpus, written as a lexicon file")
    suggest.add_argument("corpus", help="folder (or file) of pages to mine")
    suggest.add_argument("--out", required=True, help="the lexicon file to write (.yml)")
    suggest.add_argument("--concepts", default=None, metavar="YAML",
                         help="the lexicon the candidates must be new to (default: shipped)")
    suggest.add_argument("--top", type=int, default=40, help="candidates per language")
    suggest.add_argument("--min-documents", type=int, default=2,
                         help="pages a candidate must occur in (default: %(default)s)")
    suggest.add_argument("--table", default=None, metavar="CSV",
                         help="also write the candidates with counts and example spans as CSV")
    migrate = sub.add_parser("migrate", help="convert a folder saved by an older claimscope "
                                             "to the current layout (in place)")
    migrate.add_argument("folder")
    return parser


def _train(args) -> int:
    from claimscope.claims.codebook import load_codebook
    from claimscope.claims.model import default_model_path, save_model
    from claimscope.evaluation.claims import build_model

    try:
        book = load_codebook(args.codebook)
        corpus = load_corpus(args.corpus, claims=False)
        if args.gold:
            from claimscope.evaluation.claims import build_model_from_gold
            from claimscope.evaluation.gold import load_gold

            gold = load_gold(args.gold, claims=False, concepts=False)
            model, summary = build_model_from_gold(gold, corpus, args.annotations, book)
            print("chosen on the dev split of", args.gold, "(per-type thresholds tuned there)")
        else:
            model, summary = build_model(corpus, args.annotations, book)
    except (ValueError, FileNotFoundError, ClaimscopeError) as err:
        print(f"claimscope: error: {err}", file=sys.stderr)
        return 2
    out = save_model(model, args.out or default_model_path())
    print(summary.round(3).to_string(index=False))
    print(f"claimscope: default method {model.default_method} (certainty: "
          f"{model.info['certainty_method']}); {model.info['n_sentences']} sentences → {out} "
          f"({out.stat().st_size / 1024:.0f} kB)")
    return 0


def _read_coded(path: str, corpus, coder: str | None):
    from claimscope import coding

    suffix = Path(path).suffix.lower()
    if suffix == ".jsonl":
        return coding.read_doccano(path, corpus, coder)
    if suffix == ".json":
        return coding.read_label_studio(path, corpus, coder)
    return coding.import_sheet(path, corpus, coder)


def _coding(args) -> int:
    from claimscope import coding
    from claimscope.evaluation.agreement import agreement, classifier_codes

    try:
        need_claims = args.command == "export-coding" and args.prefill or \
            args.command == "agreement" and args.with_claimscope
        corpus = load_corpus(args.corpus, claims=need_claims, concepts=False)
        if args.command == "export-coding":
            out = Path(args.out)
            if out.suffix.lower() in (".jsonl", ".json"):
                frame = coding.coding_frame(corpus, args.docs, prefill=args.prefill)
                writer = coding.write_doccano if out.suffix.lower() == ".jsonl" else \
                    coding.write_label_studio
                writer(corpus, frame, out)
            else:
                coding.export_sheet(corpus, out, args.docs, prefill=args.prefill)
            print(f"claimscope: {len(corpus.documents)} documents → {out}")
            return 0
        coders = args.coder or [None] * len(args.sheets)
        if len(coders) != len(args.sheets):
            raise ClaimscopeError("give one --coder per sheet, in order")
        tidy = pd.concat([_read_coded(p, corpus, c) for p, c in zip(args.sheets, coders,
                                                                      strict=True)])
        if args.command == "import-coding":
            tidy.to_csv(args.out, index=False)
            print(f"claimscope: {len(tidy)} coded units from {len(args.sheets)} sheet(s) → "
                  f"{args.out} ({int(tidy.resegmented.sum())} re-segmented)")
            return 0
        if args.with_claimscope:
            tidy = pd.concat([tidy, classifier_codes(corpus, tidy)])
        table = agreement(tidy, by_document=args.by_document)
        print(table.round(3).to_string(index=False))
        return 0
    except (FileNotFoundError, ValueError, ClaimscopeError) as err:
        print(f"claimscope: error: {err}", file=sys.stderr)
        return 2


def _evaluate(args) -> int:
    from claimscope.evaluation.benchmarks import run_benchmarks
    from claimscope.evaluation.gold import coder_agreement, format_table, full_table, load_gold
    from claimscope.evaluation.topics import print_tables, write_tables

    try:
        gold = load_gold(args.gold)
        seeds = load_corpus(args.seeds) if args.seeds else None
        table = full_table(gold, seeds)
        agree = coder_agreement(gold)
        topic_tables = write_tables(gold, seeds, args.out)
        bench = run_benchmarks(args.benchmarks)
    except (FileNotFoundError, ClaimscopeError) as err:
        print(f"claimscope: error: {err}", file=sys.stderr)
        return 2
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    table.round(4).to_csv(out / "gold_evaluation.csv", index=False)
    agree.round(4).to_csv(out / "coder_agreement.csv", index=False)
    if bench.value.notna().any():
        bench.round(4).to_csv(out / "benchmarks.csv", index=False)
    with pd.option_context("display.width", 200, "display.max_colwidth", 60):
        print("Validity (value [bootstrap 95 % interval over pages])")
        print(format_table(table).to_string())
        print("\nCoder agreement on the double-coded pages (first vs second pass)")
        print(agree.round(3).to_string(index=False))
        print("\nPublic benchmarks")
        print(bench.round(3).to_string(index=False))
    print_tables(topic_tables)
    print(f"\nclaimscope: tables written to {out}/")
    return 0


def _page(args) -> int:
    from claimscope.corpus import Corpus
    from claimscope.storage import is_corpus_folder

    try:
        source = Path(args.corpus)
        corpus = Corpus.load(source) if is_corpus_folder(source) else load_corpus(source)
        out = corpus.show(args.doc_id).save(args.out)
    except KeyError as err:
        print(f"claimscope: error: {err.args[0]}", file=sys.stderr)
        return 2
    except (FileNotFoundError, ClaimscopeError, OSError) as err:
        print(f"claimscope: error: {err}", file=sys.stderr)
        return 2
    print(f"claimscope: page view of {args.doc_id} → {out}")
    return 0


def _report(args) -> int:
    import yaml

    from claimscope.report.run import run_reports

    try:
        params = {}
        for item in args.param:
            name, sep, value = item.partition("=")
            if not sep or not name.isidentifier():
                raise ClaimscopeError(f"--param {item!r}: write NAME=VALUE")
            params[name] = yaml.safe_load(value) if value else ""
        run = run_reports(args.corpus, args.out, notebooks=args.notebooks,
                          processed=args.processed, parameters=params, timeout=args.timeout,
                          progress=lambda line: print(f"claimscope: report {line}",
                                                      file=sys.stderr))
    except ImportError as err:
        print(f"claimscope: error: claimscope report needs papermill, nbconvert and itables "
              f"({err.name} is missing): pip install 'claimscope[dev]'", file=sys.stderr)
        return 2
    except (ClaimscopeError, yaml.YAMLError) as err:
        print(f"claimscope: error: {' '.join(str(err).split())}", file=sys.stderr)
        return 2
    except OSError as err:
        return _cannot_write(args.out, err)
    n = len(run.reports)
    print(f"claimscope: {n} report{'s' if n != 1 else ''} → {run.out}/ (code in "
          f"{run.out}/code/) in {run.seconds:.0f} s")
    return 0


def _suggest(args) -> int:
    from claimscope.topics.suggest import write_suggestions

    try:
        corpus = load_corpus(args.corpus, claims=False, concepts=args.concepts)
        found = write_suggestions(corpus, args.out, args.concepts, args.table, args.corpus,
                                  top=args.top, min_documents=args.min_documents)
    except (FileNotFoundError, ClaimscopeError) as err:
        print(f"claimscope: error: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        return _cannot_write(args.out, err)
    print(f"claimscope: {len(found)} candidate terms → {args.out}")
    return 0


def _migrate(args) -> int:
    try:
        out = migrate_folder(Path(args.folder))
    except ClaimscopeError as err:
        print(f"claimscope: error: {err}", file=sys.stderr)
        return 2
    print(f"claimscope: {out} is in the current layout")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``claimscope`` command."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.ERROR if getattr(args, "quiet", False) else logging.WARNING,
                        format="claimscope: %(message)s")
    if args.command == "train-claims":
        return _train(args)
    if args.command == "migrate":
        return _migrate(args)
    if args.command == "page":
        return _page(args)
    if args.command == "report":
        return _report(args)
    if args.command == "evaluate":
        return _evaluate(args)
    if args.command == "suggest-concepts":
        return _suggest(args)
    if args.command in ("export-coding", "import-coding", "agreement"):
        return _coding(args)
    started = time.perf_counter()
    kwargs = {} if args.max_bytes is None else {"max_bytes": args.max_bytes}
    out = Path(args.out)
    try:
        if args.max_bytes is not None and args.max_bytes < 0:
            raise ClaimscopeError(f"--max-bytes must be 0 or more, not {args.max_bytes}")
        if args.jobs == 0 or args.jobs < -1:
            raise ClaimscopeError(f"--jobs must be a positive number or -1, not {args.jobs}")
        check_output_folder(out)
        client = _dask_client(args.dask) if args.dask else None
        try:
            with output_lock(out):
                corpus = build_corpus_folder(
                    args.corpus, out, boilerplate_rules=args.rules, codebook=args.codebook,
                    claim_method=args.claim_method, concepts=args.concepts, n_jobs=args.jobs,
                    cache=not args.no_cache, client=client,
                    progress=None if not args.quiet else False, **kwargs)
        finally:
            if client is not None:
                client.close()
    except CorpusError as err:
        print(f"claimscope: error: {err}", file=sys.stderr)
        return 1
    except (FileNotFoundError, ClaimscopeError) as err:
        print(f"claimscope: error: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        return _cannot_write(out, err)
    elapsed = time.perf_counter() - started
    print(f"claimscope: {corpus.summary()} → {out}/ in {elapsed:.1f} s{corpus.reuse_note()}")
    failed = int((corpus.manifest.status == "failed").sum())
    if args.strict and failed:
        print(f"claimscope: error: {failed} file(s) failed (--strict)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
