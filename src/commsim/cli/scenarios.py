"""``commsim scenarios``: list the built-in scenarios (reads their files; no model import)."""

from __future__ import annotations

import argparse
import json


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``commsim scenarios``."""
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def main(args: argparse.Namespace) -> int:
    """List scenarios with their policies and one-line descriptions."""
    from commsim.inputs.scenario import list_scenarios

    scenarios = list_scenarios(validate=False)
    if args.json:
        print(json.dumps([{"name": s.name, "policies": list(s.policies),
                           "description": s.describe(getattr(args, "lang", "en"))}
                          for s in scenarios], indent=2,
                         ensure_ascii=False))
        return 0
    from commsim.core.i18n import display_width, ljust, scenario_name

    lang = getattr(args, "lang", "en")
    width = max(display_width(s.name) for s in scenarios)  # CJK names take two columns
    local = {s.name: scenario_name(s.name, lang) for s in scenarios}
    shown = {k: v for k, v in local.items() if v != k}
    extra = max((display_width(v) for v in shown.values()), default=0)
    for s in scenarios:
        name = ljust(s.name, width)
        if extra:
            name += "  " + ljust(local[s.name] if s.name in shown else "", extra)
        print(f"{name}  {s.describe(lang)}")
    return 0
