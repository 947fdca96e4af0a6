"""``commsim brief RESULTS_DIR -o FILE [--wtp Y] [--budget Y] [--lang zh]``: a one-page brief.

The file's suffix picks the format: ``.pdf`` (one A4 page, printed by headless Chromium),
``.docx`` (Word) or ``.html`` (the page itself). An existing file is refused unless
``--force`` is given; the file is written whole or not at all.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from commsim.cli.options import add_decision_options, check_decision_options, check_output_file
from commsim.core.errors import DISK_ERRORS, InputError

#: Formats by file suffix.
FORMATS: tuple[str, ...] = (".pdf", ".docx", ".html")


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the command's arguments."""
    parser.add_argument("results", metavar="RESULTS_DIR",
                        help="a store written by 'commsim compare --out'")
    parser.add_argument("-o", "--output", metavar="FILE", required=True,
                        help="file to write: .pdf (A4, one page), .docx (Word) or .html")
    add_decision_options(parser)
    parser.add_argument("--force", action="store_true", help="replace an existing file")


def main(args: argparse.Namespace) -> int:
    """Write the brief and print its path."""
    out = Path(args.output)
    check_output_file(args.output, "-o/--output")
    if out.suffix.lower() not in FORMATS:
        raise InputError("unknown brief format", key="-o/--output", value=args.output,
                         allowed="a file ending in " + ", ".join(FORMATS),
                         source="command line")
    if out.exists() and not args.force:
        raise InputError("the file exists", key="-o/--output", value=args.output,
                         allowed="a new file name, or --force to replace it",
                         source="command line")
    check_decision_options(args)
    from commsim import results
    from commsim.brief import page
    from commsim.brief.content import build
    from commsim.results.atomic import atomic_path

    data = results.load(args.results)
    if data.comparison is None or len(data.scenarios) < 2:
        raise InputError("a brief needs a comparison", key="RESULTS_DIR", value=args.results,
                         allowed="a store of 'commsim compare' with two or more scenarios",
                         source=str(data.path))
    brief, _, _ = build(data, lang=args.lang, wtp=args.wtp, budget=args.budget)
    suffix = out.suffix.lower()
    try:
        if suffix == ".pdf":
            from commsim.brief.pdf import print_pdf

            with atomic_path(out) as tmp:
                print_pdf(page.render(brief), tmp)
        elif suffix == ".docx":
            from commsim.brief import word_doc

            with atomic_path(out) as tmp:
                tmp.write_bytes(word_doc.render(brief))
        else:
            with atomic_path(out) as tmp:
                tmp.write_text(page.render(brief), encoding="utf-8")
    except OSError as exc:
        if exc.errno not in DISK_ERRORS:
            raise
        raise InputError(f"cannot write the brief: {DISK_ERRORS[exc.errno]}",
                         key="-o/--output", value=str(out),
                         allowed="a writable folder with free space", source=str(out)) from None
    print(out)
    return 0
