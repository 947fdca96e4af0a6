"""``commsim scenarios``: list the built-in scenarios."""

from __future__ import annotations

import argparse
import json

from commsim.scenario import list_scenarios


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``commsim scenarios``."""
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def main(args: argparse.Namespace) -> int:
    """List scenarios with their policies and one-line descriptions."""
    scenarios = list_scenarios()
    if args.json:
        print(json.dumps([{"name": s.name, "policies": list(s.policies),
                           "description": s.description} for s in scenarios], indent=2,
                         ensure_ascii=False))
        return 0
    width = max(len(s.name) for s in scenarios)
    for s in scenarios:
        print(f"{s.name:<{width}}  {s.description}")
    return 0
