"""``commsim export``: hand results to a colleague as CSV files or one Excel workbook.

::

    commsim export results/demo --format xlsx              # results/demo.xlsx
    commsim export results/demo --format csv -o shared/    # one CSV per table

Every table of the store, a per-community summary and the priority list (which
communities first), a table of what each column means (label, unit, better direction) and
the provenance are written; ``--lang zh`` writes Chinese sheet names, headers and values,
rounded as the report prints them. The daily table leaves out the warm-up unless
``--with-warmup``. An existing target is refused (exit 2) unless
``--force`` is given, and even then only an earlier export is replaced.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``commsim export``."""
    parser.add_argument("results", help="a results store (from run --out, compare --out or sweep)")
    parser.add_argument("--format", choices=("csv", "xlsx"), default="xlsx",
                        help="csv: a folder with one file per table; xlsx: one workbook "
                             "(default)")
    parser.add_argument("-o", "--out", metavar="PATH",
                        help="target (default: RESULTS.xlsx or RESULTS-csv/ beside the store)")
    parser.add_argument("--force", action="store_true",
                        help="replace an earlier export at the target (nothing else)")
    parser.add_argument("--with-warmup", action="store_true",
                        help="keep the warm-up days in the daily table (left out by default)")


def main(args: argparse.Namespace) -> int:
    """Export the store and print where it went."""
    from commsim import results
    from commsim.results.export import export

    store = results.load(args.results)
    status = store.manifest.get("status", "complete")
    if status != "complete":
        sys.stderr.write(f"commsim: this results store is unfinished ({status}); the export "
                         f"holds its {len(store.runs)} committed runs\n")
    source = Path(args.results)
    default = source.with_name(source.name + (".xlsx" if args.format == "xlsx" else "-csv"))
    from commsim.analysis.community_priority import summary_tables
    from commsim.core.i18n import text

    out = export(store, args.format, Path(args.out) if args.out else default, force=args.force,
                 lang=args.lang, warmup=args.with_warmup, summaries=summary_tables(store))
    print(text("written", args.lang, path=out))
    return 0
