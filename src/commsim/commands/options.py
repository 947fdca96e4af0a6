"""Options shared by the subcommands that run the model."""

from __future__ import annotations

import argparse
from typing import Any

from commsim.parameters import parse_assignments


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


def overrides_from(args: argparse.Namespace) -> dict[str, Any]:
    """Collect parameter overrides from the parsed options (validated later)."""
    overrides: dict[str, Any] = dict(parse_assignments(args.assignments))
    if args.days is not None:
        overrides["run.days"] = args.days
    if args.communities is not None:
        overrides["run.communities"] = args.communities
    return overrides
