"""``commsim compare SCENARIO...``: replicated comparison with common random numbers.

Each scenario runs ``--reps`` times; replication ``k`` of every scenario uses the
same random streams, so the paired difference from the first (baseline)
scenario is estimated far more tightly than the two means alone would suggest.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from commsim.cli.options import (
    add_executor_options,
    add_model_options,
    check_index,
    check_output_folder,
    executor_options,
    overrides_from,
)
from commsim.errors import InputError
from commsim.metrics import METRICS, format_number, report_order

if TYPE_CHECKING:
    import pandas as pd


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``commsim compare``."""
    parser.add_argument("scenarios", nargs="+", metavar="SCENARIO",
                        help="built-in scenario names or scenario TOML paths; the first is "
                             "the baseline")
    parser.add_argument("--reps", type=int, default=10,
                        help="replications per scenario (default 10)")
    add_model_options(parser)
    parser.add_argument("--out", default=None, metavar="DIR",
                        help="write a results store (runs, daily series, comparison) here")
    add_executor_options(parser)
    parser.add_argument("--metrics", default=None, metavar="M1,M2|all",
                        help="metrics to print (comma-separated, or 'all'); default: the "
                             "headline metrics and those the policies declare. --out always "
                             "stores every metric")
    parser.add_argument("--no-progress", action="store_true", help="hide the progress bar")


def _metrics(text: str | None, policies: set[str]) -> tuple[str, ...]:
    """Metrics of the table: ``--metrics``, or headline plus those the policies declare."""
    declared = METRICS.summaries()
    if text is None:
        shown = [m for m in report_order(declared)
                 if m.headline or (m.policy is not None and m.policy in policies)]
        return tuple(m.key for m in shown)
    if text.strip() == "all":
        return tuple(m.key for m in declared)
    names = tuple(m.strip() for m in text.split(",") if m.strip())
    for name in names:
        if name not in METRICS or METRICS[name].daily:
            raise InputError("unknown metric", key="--metrics", value=name,
                             allowed="'all' or a declared summary metric (docs/metrics.md)",
                             source="command line")
    return names


def format_table(comparison: pd.DataFrame, metrics: Sequence[str] | None = None,
                 reps: int | None = None) -> str:
    """Render a comparison table (mean, 95 % CI, paired difference) as text.

    ``metrics`` defaults to the headline metrics.
    """
    if metrics is None:
        metrics = tuple(m.key for m in METRICS.headline())
    lines = []
    baseline = comparison["scenario"].iloc[0] if len(comparison) else ""
    width = max([len("scenario")] + [len(s) for s in comparison["scenario"]])
    for metric in metrics:
        part = comparison[comparison["metric"] == metric]
        declared = METRICS.get(metric)
        unit = declared.unit if declared else ""
        integer = declared.integer if declared else False
        lines.append(f"{metric} ({unit})" if unit else metric)
        lines.append(f"  {'scenario':<{width}}  {'mean':>10}  {'95% CI':>23}  "
                     f"{'diff vs ' + baseline:>14}  {'95% CI of diff':>23}  {'pairing':>8}")
        for row in part.itertuples(index=False):
            ci = f"[{_num(row.ci_low, integer=integer)}, {_num(row.ci_high, integer=integer)}]"
            if row.scenario == baseline:
                diff, dci, vr = "baseline", "", ""
            else:
                diff = _num(row.diff_mean, signed=True, integer=integer)
                dci = (f"[{_num(row.diff_ci_low, signed=True, integer=integer)}, "
                       f"{_num(row.diff_ci_high, signed=True, integer=integer)}]")
                vr = "" if math.isnan(row.variance_reduction) else \
                    f"{100 * row.variance_reduction:.0f}%"
            lines.append(f"  {row.scenario:<{width}}  {_num(row.mean, integer=integer):>10}  "
                         f"{ci:>23}  "
                         f"{diff:>14}  {dci:>23}  {vr:>8}")
        lines.append("")
    note = ("95% CIs are t-based over replications; differences are paired by replication "
            "(common random numbers); 'pairing' is the variance of the difference removed "
            "by pairing.")
    if reps is not None:
        note = f"{reps} replications per scenario. " + note
    lines.append(note)
    return "\n".join(lines)


def _num(value: float, signed: bool = False, integer: bool = False) -> str:
    return format_number(None if value is None else float(value), signed=signed,
                         integer=integer)


def _warn_thin_evidence(comparison: pd.DataFrame, runs: pd.DataFrame,
                        metrics: Sequence[str]) -> None:
    """Warn on stderr when replications are too few for the intervals printed."""
    from commsim.precision import replication_warnings

    ok = runs[runs["status"] == "ok"] if "status" in runs else runs
    counts = {str(k): int(v) for k, v in ok.groupby("scenario").size().items()}
    shown = comparison[comparison["metric"].isin(list(metrics))]
    labels = {m.key: m.label for m in METRICS.summaries()}
    for line in replication_warnings(shown.to_dict("records"), counts, labels):
        sys.stderr.write(f"commsim: warning: {line}\n")


def main(args: argparse.Namespace) -> int:
    """Run every scenario ``--reps`` times and print the comparison."""
    if args.reps < 1:
        raise InputError("--reps must be at least 1", key="--reps", value=args.reps,
                         allowed="integer >= 1", source="command line")
    check_index(args.seed, "--seed")
    check_output_folder(args.out)
    kwargs = executor_options(args)  # checks --scheduler before anything runs
    from commsim import cost_effectiveness
    from commsim.experiments import run, spec_from_table

    overrides = overrides_from(args)  # loads plugins: their metrics are declared now
    table = {"name": "compare", "description": "commsim compare " + " ".join(args.scenarios),
             "scenarios": list(args.scenarios), "replications": args.reps, "seed": args.seed,
             "metrics": [m.key for m in METRICS.summaries()], "params": overrides}
    plugins = [str(Path(p).resolve()) if p.endswith(".py") else p
               for p in getattr(args, "plugins", [])]
    if plugins:
        table["plugins"] = plugins
    if not args.out:
        table["outputs"] = []
    spec = spec_from_table(table, source="command line")
    metrics = _metrics(args.metrics, {p for s in spec.scenarios for p in s.policies})
    started = time.perf_counter()
    if args.out:
        results = run(spec, out=args.out, made_by="commsim compare", **kwargs)
        comparison, manifest, runs = results.comparison, results.manifest, results.runs
        effectiveness = results.cost_effectiveness
    else:
        with tempfile.TemporaryDirectory(prefix="commsim-compare-") as tmp:
            results = run(spec, out=tmp, made_by="commsim compare", **kwargs)
            comparison, manifest, runs = results.comparison, results.manifest, results.runs
            effectiveness = results.cost_effectiveness
    assert comparison is not None
    counts = manifest["status_counts"]
    print(format_table(comparison, metrics, args.reps))
    _warn_thin_evidence(comparison, runs, metrics)
    if effectiveness is not None and not effectiveness.empty:
        print()
        print(cost_effectiveness.format_table(effectiveness, spec.baseline or ""))
    bad = counts["failed"] + counts["timeout"]
    print(f"{manifest['runs']} runs ({counts['ok']} ok, {bad} failed) in "
          f"{time.perf_counter() - started:.1f} s, seed {args.seed}, "
          f"{manifest['executor']['workers']} {manifest['executor']['kind']} worker(s)")
    if args.out:
        print(f"results written to {args.out}")
    if bad:
        sys.stderr.write(f"commsim: {bad} run(s) failed; see the error column of runs.parquet\n")
        return 1
    return 0
