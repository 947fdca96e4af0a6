r"""Generate the decision-layer block of ``docs/decisions.md`` from results stores.

::

    python -m commsim.docgen.decisions docs/decisions.md --store COMPARISON_STORE \
        [--robust ROBUST_STORE] [--wtp 34.48] [--budget YUAN_PER_YEAR] [--check]

The block between :data:`START` and :data:`END` is replaced by, from the policy
comparison store, the decision at the planner's willingness to pay (options, efficiency
frontier with ICERs, acceptability curve) and the valuation sensitivity, in English and
Chinese; and, from a robust store, the decision across its worlds and the EVPPI ranking
of its uncertainties. Nothing is run: the lead regenerates the block from fresh stores.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from commsim.analysis import decision_words as words
from commsim.analysis.decision import DEFAULT_WTP
from commsim.core.errors import InputError

#: Markers around the generated block in docs/decisions.md.
START, END = "<!-- decision-layer:start -->", "<!-- decision-layer:end -->"
HEADS = {"comparison": {"en": "### The decision of the policy comparison",
                        "zh": "### 政策比较的决策"},
         "robust": {"en": "### Across plausible worlds: decision and value of information",
                    "zh": "### 跨可信情景:决策与信息价值"}}


def options(parser: argparse.ArgumentParser) -> None:
    """The generator's options besides ``OUT`` and ``--check``."""
    parser.add_argument("--store", required=True, metavar="DIR",
                        help="results store of the policy comparison")
    parser.add_argument("--robust", default=None, metavar="DIR",
                        help="a complete robust store (decision across worlds, EVPPI)")
    parser.add_argument("--wtp", type=float, default=DEFAULT_WTP, metavar="YUAN_PER_HOUR",
                        help=f"willingness to pay per overtime hour avoided ({DEFAULT_WTP:.2f})")
    parser.add_argument("--budget", type=float, default=None, metavar="YUAN_PER_YEAR",
                        help="largest extra fiscal outlay a year")


def robust_block(folder: str | Path, wtp: float, budget: float | None, lang: str) -> str:
    """The decision across a robust store's worlds and its EVPPI ranking, as Markdown."""
    from commsim.results.store import read_manifest
    from commsim.robust.labels import policy_label
    from commsim.robust.reanalyse import OUTCOMES
    from commsim.robust.spec import robust_spec_from_table
    from commsim.robust.value import decision_across_worlds, evppi_ranking

    folder = Path(folder)
    manifest = read_manifest(folder)
    spec = robust_spec_from_table(manifest["spec"], str(folder))
    tidy = pd.read_parquet(folder / OUTCOMES)
    decision = decision_across_worlds(tidy, spec, wtp, budget)
    if decision is None:
        raise InputError("the robust store has no decision metrics (made before them)",
                         key="--robust", value=str(folder),
                         allowed="a robust store run with this version", source=str(folder))
    scenarios = {p.name: p.scenario.name for p in spec.policies}

    def name(option: str) -> str:
        return policy_label(option, lang, scenarios.get(option))

    parts = [*words.tables(decision, lang, name)]
    ranking = evppi_ranking(tidy, spec, wtp)
    if not ranking.empty:
        parts.append(words.evppi_table(ranking, lang))
    return "\n".join([" ".join(words.verdict(decision, lang, name, sample="world")), "",
                      words.as_markdown(parts)])


def block(args: argparse.Namespace) -> str:
    """The generated block: comparison (and robust) decision, English then Chinese."""
    from commsim.analysis.headline_results import decision_markdown
    from commsim.results import load

    store = load(args.store)
    out = ["<!-- GENERATED: python -m commsim.docgen.decisions docs/decisions.md "
           "--store ... [--robust ...]; do not edit by hand. -->", ""]
    for lang in ("en", "zh"):
        out += [HEADS["comparison"][lang], "",
                decision_markdown(store, args.wtp, args.budget, lang)]
        if args.robust:
            out += [HEADS["robust"][lang], "",
                    robust_block(args.robust, args.wtp, args.budget, lang)]
    return "\n".join(out)


def pages(args: argparse.Namespace) -> dict[Path, str]:
    """The page with its generated block replaced."""
    from commsim.docgen.policy_effects import splice

    path = Path(args.out)
    return {path: splice(path.read_text(encoding="utf-8"), block(args), str(path),
                         markers=(START, END), key="OUT")}


def main(argv: Sequence[str] | None = None) -> int:
    """Write (or with ``--check`` verify) the block; 1 if stale, 2 on bad input."""
    from commsim.docgen.parameters import generated_doc_main

    try:
        return generated_doc_main(argv, module="commsim.docgen.decisions",
                                  out="docs/decisions.md", text=pages,
                                  registry="the policy comparison's and robust results",
                                  options=options)
    except InputError as exc:
        sys.stderr.write(f"commsim.docgen.decisions: error: {exc}\n")
        return InputError.exit_status


if __name__ == "__main__":
    raise SystemExit(main())
