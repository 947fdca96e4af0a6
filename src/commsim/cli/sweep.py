"""``commsim sweep SPEC.toml``: run an experiment specification."""

from __future__ import annotations

import argparse
import math
import sys
import time

from commsim.cli.options import add_executor_options, check_output_folder, executor_options
from commsim.core.errors import InputError


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``commsim sweep``."""
    parser.add_argument("spec", metavar="SPEC.toml",
                        help="experiment specification (e.g. experiments/gate_design.toml)")
    parser.add_argument("--out", default=None, metavar="DIR",
                        help="results store folder (default results/<experiment>/<timestamp>)")
    add_executor_options(parser)
    parser.add_argument("--resume", action="store_true",
                        help="finish an interrupted sweep (--out, or the newest unfinished)")
    parser.add_argument("--precision", type=float, default=None, metavar="PCT",
                        help="add replications until every 95%% CI half-width is within PCT "
                             "%% of its mean (or max_replications is hit)")
    parser.add_argument("--set", dest="assignments", action="append", default=[],
                        metavar="dotted.key=value",
                        help="override a parameter or a spec field (replications, seed, days, "
                             "communities, timeout, design.samples, ...); repeatable")
    parser.add_argument("--plugin", dest="plugins", action="append", default=[],
                        metavar="MODULE_OR_FILE",
                        help="import a module that registers extra policies (repeatable)")
    parser.add_argument("--no-progress", action="store_true", help="hide the progress bar")


def main(args: argparse.Namespace) -> int:
    """Run the specification and print where its results are."""
    if args.precision is not None and not (math.isfinite(args.precision) and args.precision > 0):
        raise InputError("precision must be a positive percentage", key="--precision",
                         value=args.precision, allowed="a number > 0", source="command line")
    check_output_folder(args.out)
    kwargs = executor_options(args)  # checks --scheduler before anything runs
    from commsim.core.parameters import parse_assignments
    from commsim.experiments.engine import run
    from commsim.experiments.spec import load_spec

    spec = load_spec(args.spec, parse_assignments(args.assignments), plugins=args.plugins)
    started = time.perf_counter()
    results = run(spec, out=args.out, resume=args.resume, precision=args.precision, **kwargs)
    m = results.manifest
    counts = m["status_counts"]
    print(f"experiment {spec.name}: {m['runs']} runs ({counts['ok']} ok, {counts['failed']} "
          f"failed, {counts['timeout']} timed out), {m['replications']} replication(s) of "
          f"{m['design']['points']} design point(s), {time.perf_counter() - started:.1f} s")
    if args.precision is not None or spec.precision is not None:
        print(m["stop_reason"])
    if results.comparison is not None:
        from commsim.cli.compare import format_table

        print(format_table(results.comparison, spec.metrics, m["replications"]))
    if results.cost_effectiveness is not None and not results.cost_effectiveness.empty:
        from commsim.analysis.cost_effectiveness import format_table as format_ce

        print(format_ce(results.cost_effectiveness, spec.baseline or ""))
    for name in ("sobol", "morris"):
        table = getattr(results, name)
        if table is not None:
            with_pd_options = table.to_string(index=False, float_format=lambda v: f"{v:.3f}")
            print(f"{name} indices:\n{with_pd_options}")
    print(f"results in {results.path} (load with commsim.results.load)")
    bad = counts["failed"] + counts["timeout"]
    if bad:
        sys.stderr.write(f"commsim: {bad} run(s) did not finish; see the error column of "
                         "runs.parquet\n")
    return 0
