"""``commsim run SCENARIO``: one simulation with a progress bar."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from commsim.cli.by_community import add_by_option, print_ranking
from commsim.cli.options import (
    MAX_INT64,
    add_model_options,
    check_index,
    check_output_folder,
    overrides_from,
)


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``commsim run``."""
    parser.add_argument("scenario", help="built-in scenario name or path to a scenario TOML")
    add_model_options(parser)
    parser.add_argument("--replication", type=int, default=0,
                        help=f"replication index 0..{MAX_INT64} (common random numbers "
                             "across scenarios)")
    parser.add_argument("--out", default=None, metavar="DIR",
                        help="write a results store here (open it with commsim report DIR)")
    parser.add_argument("--json", action="store_true",
                        help="print exactly one JSON object of summary metrics on stdout")
    add_by_option(parser)
    parser.add_argument("--no-progress", action="store_true", help="hide the progress bar")


def main(args: argparse.Namespace) -> int:
    """Run one simulation and print or store its results."""
    check_index(args.seed, "--seed")
    check_index(args.replication, "--replication")
    check_output_folder(args.out)
    overrides = overrides_from(args)
    from tqdm import tqdm

    from commsim.core.metrics import METRICS, format_number
    from commsim.inputs.scenario import load_scenario
    from commsim.results.store import check_output_folder as check_store_folder
    from commsim.run.runner import simulate

    scenario = load_scenario(args.scenario)
    params = scenario.params(overrides, source="command line")  # validate before any work
    if args.out:
        check_store_folder(args.out)  # refuse a bad folder before the run, not after
    bar = tqdm(total=int(params["run.days"]), unit="day", desc=scenario.name, file=sys.stderr,
               disable=args.no_progress or None, leave=False)
    with bar:
        result = simulate(scenario, seed=args.seed, replication=args.replication,
                          overrides=overrides, source="command line", progress=bar)
    if args.out:
        from commsim.core.errors import DISK_ERRORS
        from commsim.experiments.engine import store_error

        out = Path(args.out)
        made = not out.exists()
        try:
            result.write(out, description=scenario.description, source=scenario.source,
                         made_by="commsim run")
        except OSError as exc:  # a full or read-only disk: one line
            if exc.errno not in DISK_ERRORS:
                raise
            if made:  # one run is not resumable: leave no half-written store
                shutil.rmtree(out, ignore_errors=True)
            raise store_error(out, exc) from None
    if args.json:
        print(json.dumps(result.summary))
        return 0
    from commsim.core.i18n import (
        display_width,
        ljust,
        metric_name,
        policy_name,
        rjust,
        scenario_name,
        text,
        unit_name,
    )

    lang = getattr(args, "lang", "en")
    print(text("cli.run.header", lang, scenario=scenario_name(result.scenario, lang),
               policies=", ".join(policy_name(p, lang) for p in result.policies),
               model=result.model, seed=result.seed, replication=result.replication,
               days=int(params["run.days"]), communities=len(result.community),
               seconds=result.wall_seconds))
    rows = []
    for name, value in result.summary.items():
        declared = METRICS.get(name)
        label = name if lang == "en" or declared is None else metric_name(declared, lang)
        rows.append((label, declared.format(value) if declared else format_number(value),
                     unit_name(declared.unit, lang) if declared else ""))
    width = max([32] + [display_width(r[0]) for r in rows])
    for label, value_text, unit in rows:
        print(f"  {ljust(label, width)} {rjust(value_text, 14)}  {unit}")
    if args.by == "community":
        community = result.community.assign(scenario=result.scenario,
                                            replication=result.replication)
        print_ranking(community, lang=lang or "en")
    if args.out:
        print(text("cli.written_to", lang, path=args.out))
    return 0

