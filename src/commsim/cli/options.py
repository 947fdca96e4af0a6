"""Options shared by the subcommands that run the model, and their checks.

Building the parser imports nothing heavy; the model's modules are imported only
when a command runs (:func:`overrides_from`).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from commsim.core.errors import InputError

#: Largest seed or replication index: both are stored as signed 64-bit integers.
MAX_INT64 = 2**63 - 1


def add_model_options(parser: argparse.ArgumentParser) -> None:
    """``--seed``, ``--days``, ``--communities``, ``--set`` and ``--plugin``."""
    parser.add_argument("--seed", type=int, default=0, help="root seed (default 0)")
    parser.add_argument("--days", type=int, default=None,
                        help="simulated days (default 365, the run.days parameter)")
    parser.add_argument("--communities", type=int, default=None,
                        help="communities in the street (default 8, run.communities)")
    parser.add_argument("--set", dest="assignments", action="append", default=[],
                        metavar="dotted.key=value",
                        help="override a parameter (repeatable), e.g. --set street.leakage=0.5")
    parser.add_argument("--plugin", dest="plugins", action="append", default=[],
                        metavar="MODULE_OR_FILE",
                        help="import a module that registers extra policies (repeatable)")


def add_language_option(parser: argparse.ArgumentParser) -> None:
    """``--lang zh|en``: language of messages, tables, reports and the dashboard.

    Every command has it (added by :func:`commsim.cli.build_parser`); without it the
    language comes from the locale (:func:`commsim.core.i18n.default_language`).
    """
    parser.add_argument("--lang", choices=("en", "zh"), default=argparse.SUPPRESS,
                        help="language: zh (中文) or en (default: from the locale, LANG)")


def add_provenance_option(parser: argparse.ArgumentParser) -> None:
    """``--provenance short|full``: what a store, an export or a report records of its origin.

    ``short`` (the default) records no host name, no absolute path and the command line
    without folders, so results can be passed on; ``full`` keeps them.
    """
    parser.add_argument("--provenance", choices=("short", "full"), default="short",
                        help="short: no host name, absolute paths or folders in the "
                             "recorded command (default); full: record them")


def add_executor_options(parser: argparse.ArgumentParser) -> None:
    """``--workers``, ``--executor`` and ``--scheduler`` (how runs are executed)."""
    parser.add_argument("--workers", type=int, default=None,
                        help="worker processes (default: one per core)")
    parser.add_argument("--executor", choices=("serial", "process", "dask"), default=None,
                        help="how to run (default: local process pool; dask with --scheduler)")
    parser.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="Dask scheduler: 'local' for a LocalCluster, tcp://host:port "
                             "or host:port")


def executor_options(args: argparse.Namespace) -> dict[str, Any]:
    """The executor keyword arguments of :func:`commsim.experiments.run` from parsed options.

    The scheduler address and its agreement with ``--executor`` are checked here,
    before anything runs or is written.
    """
    from commsim.inputs.endpoints import check_scheduler

    check_scheduler(args.executor, args.scheduler)
    return {"executor": args.executor, "workers": args.workers, "scheduler": args.scheduler,
            "progress": False if args.no_progress else None}


def check_index(value: int, key: str) -> int:
    """``value`` checked to be a seed or replication index in ``0..2**63-1``."""
    if not 0 <= value <= MAX_INT64:
        raise InputError(f"{key.lstrip('-')} out of range", key=key, value=value,
                         allowed=f"integer 0..{MAX_INT64} (2**63-1)", source="command line")
    return value


def check_output_folder(out: str | None, key: str = "--out") -> None:
    """Refuse an output folder that is an existing file or lies below one."""
    if out:
        from commsim.core.safety import check_link

        _check_parents(Path(out), key)
        check_link(out, key)
        if Path(out).exists() and not Path(out).is_dir():
            raise InputError("output folder is a file", key=key, value=out,
                             allowed="a folder (new or a previous result of this command)",
                             source="command line")


def check_output_file(out: str | None, key: str) -> None:
    """Refuse an output file that is an existing folder or lies below a file."""
    if out:
        _check_parents(Path(out), key)
        if Path(out).is_dir():
            raise InputError("output file is a folder", key=key, value=out,
                             allowed="a file path (e.g. report.html)", source="command line")


def _check_parents(path: Path, key: str) -> None:
    for parent in path.parents:
        if parent.exists() and not parent.is_dir():
            raise InputError("output lies below a file", key=key, value=str(path),
                             allowed="a path whose parent folders are folders",
                             source=str(parent))


def overrides_from(args: argparse.Namespace) -> dict[str, Any]:
    """Collect parameter overrides from the parsed options (validated later).

    Plugins named with ``--plugin`` are imported first, so that the policies and
    parameters they register are known when scenarios and overrides are validated.
    A parameter given both by its own option (``--days``) and by ``--set`` is an error.
    """
    from commsim.core.parameters import parse_assignments
    from commsim.inputs.plugins import load_plugins

    load_plugins(getattr(args, "plugins", []))
    overrides: dict[str, Any] = dict(parse_assignments(args.assignments))
    for key, option, value in (("run.days", "--days", args.days),
                               ("run.communities", "--communities", args.communities)):
        if value is None:
            continue
        if key in overrides:
            raise InputError(f"{key} given twice: --set {key}={overrides[key]} and "
                             f"{option} {value}", key=key, value=value,
                             allowed=f"either {option} or --set {key}=..., not both",
                             source="command line")
        overrides[key] = value
    return overrides


def add_decision_options(parser: argparse.ArgumentParser) -> None:
    """``--wtp`` and ``--budget``: the planner's price of an hour and budget (the decision)."""
    from commsim.core.valuation import DEFAULT_WTP

    parser.add_argument("--wtp", type=float, default=DEFAULT_WTP, metavar="YUAN_PER_HOUR",
                        help="willingness to pay per overtime hour avoided (default "
                             f"{DEFAULT_WTP:.2f}: the civil-servant reference wage, 6,000 "
                             "yuan/month over 174 paid hours)")
    parser.add_argument("--budget", type=float, default=None, metavar="YUAN_PER_YEAR",
                        help="largest extra fiscal outlay a year against the reference: "
                             "also name the best option that fits")


def check_decision_options(args: argparse.Namespace) -> None:
    """Reject a negative or non-finite ``--wtp`` and a non-finite ``--budget`` (exit 2)."""
    import math

    wtp = getattr(args, "wtp", 0.0)
    if not (math.isfinite(wtp) and wtp >= 0):
        raise InputError("--wtp out of range", key="--wtp", value=wtp,
                         allowed="a finite number >= 0 (yuan per overtime hour avoided)",
                         source="command line")
    budget = getattr(args, "budget", None)
    if budget is not None and not math.isfinite(budget):
        raise InputError("--budget out of range", key="--budget", value=budget,
                         allowed="a finite number (yuan a year)", source="command line")
