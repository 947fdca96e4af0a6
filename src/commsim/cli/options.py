"""Options shared by the subcommands that run the model."""

from __future__ import annotations

import argparse
from typing import Any

from commsim.parameters import parse_assignments
from commsim.plugins import load_plugins


def add_model_options(parser: argparse.ArgumentParser) -> None:
    """``--seed``, ``--days``, ``--communities`` and ``--set``."""
    parser.add_argument("--seed", type=int, default=0, help="root seed (default 0)")
    parser.add_argument("--days", type=int, default=None,
                        help="simulated days (default 365, the run.days parameter)")
    parser.add_argument("--communities", type=int, default=None,
                        help="communities in the street (default 8, run.communities)")
    parser.add_argument("--set", dest="assignments", action="append", default=[],
                        metavar="dotted.key=value",
                        help="override a parameter (repeatable), e.g. --set gate.leakage=0.5")
    parser.add_argument("--plugin", dest="plugins", action="append", default=[],
                        metavar="MODULE_OR_FILE",
                        help="import a module that registers extra policies (repeatable)")


def add_executor_options(parser: argparse.ArgumentParser) -> None:
    """``--workers``, ``--executor`` and ``--scheduler`` (how runs are executed)."""
    parser.add_argument("--workers", type=int, default=None,
                        help="worker processes (default: one per core)")
    parser.add_argument("--executor", choices=("serial", "process", "dask"), default=None,
                        help="how to run (default: local process pool; dask with --scheduler)")
    parser.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="Dask scheduler address, or 'local' for a LocalCluster")


def executor_options(args: argparse.Namespace) -> dict[str, Any]:
    """The executor keyword arguments of :func:`commsim.experiments.run` from parsed options."""
    return {"executor": args.executor, "workers": args.workers, "scheduler": args.scheduler,
            "progress": False if args.no_progress else None}


def overrides_from(args: argparse.Namespace) -> dict[str, Any]:
    """Collect parameter overrides from the parsed options (validated later).

    Plugins named with ``--plugin`` are imported first, so that the policies and
    parameters they register are known when scenarios and overrides are validated.
    """
    load_plugins(getattr(args, "plugins", []))
    overrides: dict[str, Any] = dict(parse_assignments(args.assignments))
    if args.days is not None:
        overrides["run.days"] = args.days
    if args.communities is not None:
        overrides["run.communities"] = args.communities
    return overrides
