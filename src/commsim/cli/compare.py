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
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from commsim.cli.by_community import add_by_option, print_ranking
from commsim.cli.decision_text import WIDTH, table_lines
from commsim.cli.options import (
    add_decision_options,
    add_executor_options,
    add_model_options,
    check_decision_options,
    check_index,
    check_output_folder,
    executor_options,
    overrides_from,
)
from commsim.core.errors import InputError
from commsim.core.metrics import METRICS, format_number, report_order

if TYPE_CHECKING:
    import pandas as pd

    from commsim.experiments.spec import Spec
    from commsim.results import Results


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
    parser.add_argument("--resume", action="store_true",
                        help="finish an interrupted comparison in --out (same command line)")
    parser.add_argument("--rerun", action="store_true",
                        help="with --out: resume an interrupted comparison there, or replace a "
                             "finished one (stores of other commands are still refused)")
    add_executor_options(parser)
    parser.add_argument("--metrics", default=None, metavar="M1,M2|all",
                        help="metrics to print (comma-separated, or 'all'); default: the "
                             "headline metrics, those declared report=True and those the "
                             "policies declare. --out always stores every metric")
    add_by_option(parser)
    add_decision_options(parser)
    parser.add_argument("--json", action="store_true",
                        help="print only the decision table as JSON (options, means, "
                             "frontier flags, ICERs, net benefit, best option at the WTP, "
                             "valuation sensitivity)")
    parser.add_argument("--wide", action="store_true",
                        help="print every column (wider than 100 terminal columns)")
    parser.add_argument("--no-progress", action="store_true", help="hide the progress bar")


def _metrics(text: str | None, policies: set[str]) -> tuple[str, ...]:
    """Metrics of the table: ``--metrics``, or those the declarations choose.

    By default: the headline metrics, then those declared ``report=True`` and those of
    the active policies (:func:`commsim.core.metrics.report_order`), the report's choice too.
    """
    declared = METRICS.summaries()
    if text is None:
        shown = [m for m in report_order(declared) if m.policy is None or m.policy in policies]
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


def model_header(scenarios: Mapping[str, Mapping[str, Any]], lang: str = "en") -> str:
    """One line per model class the compared scenarios build, naming the scenarios.

    A store written before manifests recorded the class names none (no line).

    Examples
    --------
    >>> print(model_header({"baseline": {"model": "commsim.model.community_model:CommunityModel"},
    ...                     "mine": {"model": "mine:MyModel"}}))
    model commsim.model.community_model:CommunityModel: baseline
    model mine:MyModel: mine

    """
    from commsim.core.i18n import scenario_name, text

    by_model: dict[str, list[str]] = {}
    for name, entry in scenarios.items():
        if entry.get("model"):
            by_model.setdefault(str(entry["model"]), []).append(scenario_name(name, lang))
    return "\n".join(text("cli.compare.model", lang, model=model, scenarios=", ".join(names))
                     for model, names in by_model.items())


def format_table(comparison: pd.DataFrame, metrics: Sequence[str] | None = None,
                 reps: int | None = None, lang: str = "en", *, wide: bool = False) -> str:
    """Render a comparison table (mean, paired difference and its 95 % CI) as text.

    ``metrics`` defaults to the headline metrics. Under ``lang="zh"`` headers, metric
    labels, units and built-in scenario names are Chinese; columns are padded by terminal
    width (:func:`commsim.core.i18n.display_width`), so wide characters keep them aligned, and
    fit 100 columns; ``wide`` adds the mean's interval and the pairing column.
    """
    from commsim.core.i18n import metric_name, render_table, scenario_name, text, unit_name, wrap

    if metrics is None:
        metrics = tuple(m.key for m in METRICS.headline())
    lines = []
    baseline = comparison["scenario"].iloc[0] if len(comparison) else ""
    names = {s: scenario_name(s, lang) for s in comparison["scenario"]}
    head = [text("scenario", lang), text("mean", lang),
            *([text("ci95", lang)] if wide else []),
            text("cli.diff", lang, base=names.get(baseline, baseline)),
            text("cli.ci_diff", lang), *([text("pairing", lang)] if wide else [])]
    left = [True] + [False] * (len(head) - 1)
    for metric in metrics:
        part = comparison[comparison["metric"] == metric]
        declared = METRICS.get(metric)
        unit = unit_name(declared.unit, lang) if declared else ""
        integer = declared.integer if declared else False
        title = metric if lang == "en" or declared is None else metric_name(declared, lang)
        lines.append(f"{title} ({unit})" if unit else title)
        rows = []
        for row in part.itertuples(index=False):
            ci = (f"[{_num(row.ci_low, integer=integer, lang=lang)}, "
                  f"{_num(row.ci_high, integer=integer, lang=lang)}]")
            if row.scenario == baseline:
                diff, dci, vr = text("baseline", lang), "", ""
            else:
                diff = _num(row.diff_mean, signed=True, integer=integer, lang=lang)
                dci = (f"[{_num(row.diff_ci_low, signed=True, integer=integer, lang=lang)}, "
                       f"{_num(row.diff_ci_high, signed=True, integer=integer, lang=lang)}]")
                vr = "" if math.isnan(row.variance_reduction) else \
                    f"{100 * row.variance_reduction:.0f}%"
            rows.append([names[row.scenario], _num(row.mean, integer=integer, lang=lang),
                         *([ci] if wide else []), diff, dci, *([vr] if wide else [])])
        lines += ["  " + x for x in render_table(head, rows, left)]
        lines.append("")
    note = text("cli.compare.note" if wide else "cli.compare.note_narrow", lang)
    if reps is not None:
        note = text("cli.compare.reps", lang, n=reps) + note
    lines += wrap(note, 10_000 if wide else WIDTH)
    return "\n".join(lines)


def _num(value: float, signed: bool = False, integer: bool = False, lang: str = "en") -> str:
    return format_number(None if value is None else float(value), signed=signed,
                         integer=integer, lang=lang)


def _warn_thin_evidence(comparison: pd.DataFrame, runs: pd.DataFrame,
                        metrics: Sequence[str], lang: str = "en") -> int:
    """Warn on stderr when replications are too few; return the fewest replications."""
    from commsim.analysis.precision import replication_warnings
    from commsim.core.i18n import metric_name, scenario_name, text

    ok = runs[runs["status"] == "ok"] if "status" in runs else runs
    counts = {scenario_name(str(k), lang): int(v)
              for k, v in ok.groupby("scenario").size().items()}
    shown = comparison[comparison["metric"].isin(list(metrics))]
    rows = [{**r, "scenario": scenario_name(str(r["scenario"]), lang)}
            for r in shown.to_dict("records")]
    labels = {m.key: metric_name(m, lang) for m in METRICS.summaries()}
    for line in replication_warnings(rows, counts, labels, lang=lang):
        sys.stderr.write(f"commsim: {text('warning', lang)}: {line}\n")
    return min(counts.values(), default=0)


def decision_summary(results: Any, wtp: float, budget: float | None, lang: str = "en", *,
                     json: bool = False) -> str:
    """The decision of a store and its valuation sensitivity, as text or JSON.

    Empty (text) or ``{}`` (JSON) when the store cannot be decided (one scenario, a
    sweep, or runs without the decision's metrics).
    """
    import json as json_module

    from commsim.analysis import decision_words as words
    from commsim.analysis.stored import decidable, decision_of, sensitivity_of
    from commsim.core.i18n import scenario_name

    if not decidable(results):
        return "{}" if json else ""
    decision = decision_of(results, wtp, budget)
    sens = sensitivity_of(results, wtp)
    if json:
        return json_module.dumps({**decision.as_dict(), "sensitivity": sens.to_dict("records")},
                                 ensure_ascii=False, indent=1)

    def name(s: str) -> str:
        return scenario_name(s, lang)

    parts = [*words.tables(decision, lang, name),
             words.sensitivity_table(sens, decision.reference, lang, name)]
    head = [words.say("title", lang), *("  " + v for v in words.verdict(decision, lang, name))]
    return "\n".join([*head, "", words.as_text(parts), "",
                      "  " + words.say("rule", lang, ref=name(decision.reference),
                                       sample=words.say("replication", lang))])


def main(args: argparse.Namespace) -> int:
    """Run every scenario ``--reps`` times and print the comparison."""
    from commsim.experiments.checks import MAX_REPLICATIONS

    if not 1 <= args.reps <= MAX_REPLICATIONS:
        raise InputError("--reps out of range", key="--reps", value=args.reps,
                         allowed=f"integer 1..{MAX_REPLICATIONS}", source="command line")
    check_index(args.seed, "--seed")
    check_decision_options(args)
    check_output_folder(args.out)
    if args.rerun and not args.out:
        raise InputError("--rerun needs the folder of the earlier comparison", key="--rerun",
                         value=True, allowed="--rerun together with --out DIR",
                         source="command line")
    if args.resume and not args.out:
        raise InputError("--resume needs the folder of the interrupted comparison",
                         key="--resume", value=True, allowed="--resume together with --out DIR",
                         source="command line")
    kwargs = executor_options(args)  # checks --scheduler before anything runs
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
    with tempfile.TemporaryDirectory(prefix="commsim-compare-") as tmp:
        results = run(spec, out=args.out or tmp, resume=args.resume and bool(args.out),
                      rerun=args.rerun and bool(args.out), made_by="commsim compare",
                      **kwargs)
        return _print(results, spec, args, metrics, started)


def _print(results: Results, spec: Spec, args: argparse.Namespace, metrics: Sequence[str],
           started: float) -> int:
    """Print the decision first, then the tables; the exit status of the comparison."""
    from commsim.analysis import cost_effectiveness
    from commsim.brief.content import build
    from commsim.core.i18n import text, value_name, wrap

    comparison, manifest, runs = results.comparison, results.manifest, results.runs
    effectiveness = results.cost_effectiveness
    assert comparison is not None
    counts = manifest["status_counts"]
    lang = getattr(args, "lang", "en")
    width = 10_000 if args.wide else WIDTH
    summary = decision_summary(results, args.wtp, args.budget, lang, json=args.json)
    if args.json:
        print(summary)
        return 1 if counts["failed"] + counts["timeout"] else 0
    header = model_header(manifest["scenarios"], lang)
    if header:
        print(header)
    _warn_thin_evidence(comparison, runs, metrics, lang)
    if summary:  # the decision first, then which communities, then the tables
        for line in summary.splitlines():
            print("\n".join(wrap(line, width, "    ")) if line.strip() else "")
        brief, _, _ = build(results, lang=lang, wtp=args.wtp, budget=args.budget)
        if brief.communities.rows:
            print()
            print("\n".join(table_lines(brief.communities, {0, 3, 4, 5}, width)))
        print()
    print(format_table(comparison, metrics, args.reps, lang=lang, wide=args.wide))
    if effectiveness is not None and not effectiveness.empty:
        print()
        print("\n".join(cost_effectiveness.format_table(effectiveness, spec.baseline or "",
                                                        lang=lang, wide=args.wide)))
    if args.by == "community" and results.community is not None:
        order = list(dict.fromkeys(comparison["scenario"]))
        print_ranking(results.community, baseline=order[0], scenarios=order, lang=lang or "en",
                      declarations=results.catalog.metrics, wide=args.wide)
    bad = counts["failed"] + counts["timeout"]
    print(text("cli.compare.done", lang, runs=manifest["runs"], ok=counts["ok"], bad=bad,
               seconds=time.perf_counter() - started, seed=args.seed,
               workers=manifest["executor"]["workers"],
               kind=value_name(manifest["executor"]["kind"], lang)))
    if args.out:
        print(text("cli.results_written", lang, path=args.out))
    if bad:
        sys.stderr.write("commsim: " + text("cli.compare.failed", lang, n=bad) + "\n")
        return 1
    return 0
