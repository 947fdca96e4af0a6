"""``commsim report RESULTS_DIR [-o FILE] [--png DIR] [--lang zh]``: write the HTML report.

``--lang zh`` writes the report in Chinese: headings, captions, labels, units and the
names of built-in scenarios and policies.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from commsim.cli.options import (
    add_decision_options,
    check_decision_options,
    check_output_file,
    check_output_folder,
)
from commsim.core.errors import DISK_ERRORS, InputError


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the command's arguments."""
    parser.add_argument("results", metavar="RESULTS_DIR",
                        help="a results run folder (or an experiment folder: newest run)")
    parser.add_argument("-o", "--output", metavar="FILE", default=None,
                        help="HTML file to write (default: RESULTS_DIR/report.html)")
    parser.add_argument("--title", default=None, help="page title")
    parser.add_argument("--png", metavar="DIR", default=None,
                        help="also save every figure as PNG in DIR (needs kaleido)")
    parser.add_argument("--svg", metavar="DIR", default=None,
                        help="also save every figure as SVG in DIR (needs kaleido)")
    add_decision_options(parser)


#: What every report commsim writes carries in its head (an earlier report may be replaced).
GENERATOR = b'<meta name="generator" content="commsim">'


def _earlier_report(path: Path, store: Path) -> bool:
    """Whether ``path`` is a report commsim wrote (or the store's own ``report.html``)."""
    if not path.is_file() or path.is_symlink():
        return False
    if path.resolve() == (Path(store) / "report.html").resolve():
        return True
    try:
        with open(path, "rb") as fh:
            return GENERATOR in fh.read(8192)
    except OSError:
        return False


def main(args: argparse.Namespace) -> int:
    """Write the report and print its path."""
    check_output_file(args.output, "-o/--output")
    check_output_folder(args.png, "--png")
    check_output_folder(args.svg, "--svg")
    check_decision_options(args)
    from commsim.core.safety import check_new_file
    from commsim.report.data import load_results
    from commsim.report.export import export_images
    from commsim.report.html import build_sections, render_html
    from commsim.results.atomic import atomic_path

    data = load_results(args.results)
    status = data.manifest.get("status", "complete")
    if status != "complete":
        sys.stderr.write(f"commsim: this results store is unfinished ({status}); the report "
                         f"shows its {len(data.runs)} committed runs\n")
    out = Path(args.output) if args.output else Path(data.path) / "report.html"
    check_new_file(out, "-o/--output", replaceable=_earlier_report(out, data.path),
                   allowed="a new file name, or an earlier report commsim wrote")
    lang = getattr(args, "lang", "en")
    sections = build_sections(data, lang=lang, wtp=args.wtp, budget=args.budget)
    try:
        with atomic_path(out) as tmp:  # a reader never sees half a report
            tmp.write_text(render_html(data, sections, title=args.title, lang=lang),
                           encoding="utf-8")
    except OSError as exc:
        if exc.errno not in DISK_ERRORS:
            raise
        raise InputError(f"cannot write the report: {DISK_ERRORS[exc.errno]}",
                         key="-o/--output", value=str(out),
                         allowed="a writable folder with free space", source=str(out)) from None
    for folder, fmt in ((args.png, "png"), (args.svg, "svg")):
        if folder:
            files = export_images(sections, folder, fmt=fmt)
            sys.stderr.write(f"wrote {len(files)} {fmt.upper()} files to {folder}\n")
    print(out)
    return 0
