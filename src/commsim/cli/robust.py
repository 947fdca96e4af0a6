"""``commsim robust SPEC.toml`` and ``commsim calibrate SPEC.toml``.

``robust`` runs the whole chain (calibration if none is stored, the levers x
uncertainties experiment, regret, satisficing, scenario discovery, the policy search)
and writes ``report.html``; ``robust --reanalyse`` recomputes the analysis and report of
a finished run with the spec's (changed) thresholds, running nothing; ``calibrate`` only
the calibration. Both resume with
``--resume`` and run on the local pool or Dask (``--scheduler``). The report is written
in the language of ``--lang zh|en`` (default: the locale's), with or without
``--reanalyse``.
"""

from __future__ import annotations

import argparse
import time

from commsim.cli.options import (
    add_decision_options,
    add_executor_options,
    check_decision_options,
    executor_options,
)
from commsim.core.errors import InputError


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("spec", metavar="SPEC.toml",
                        help="robust specification (e.g. experiments/robust_policy.toml)")
    parser.add_argument("--quick", action="store_true",
                        help="apply the spec's [quick] sizes (a laptop-sized run)")
    parser.add_argument("--resume", action="store_true",
                        help="continue the newest unfinished run of this spec")
    parser.add_argument("--root", default="results", metavar="DIR",
                        help="folder the stores are made under (default results)")
    add_executor_options(parser)
    parser.add_argument("--no-progress", action="store_true", help="hide the progress bars")


def configure(parser: argparse.ArgumentParser) -> None:
    """Options of ``commsim robust``."""
    _common(parser)
    add_decision_options(parser)
    parser.add_argument("--calibration", default=None, metavar="DIR",
                        help="calibration store to use (default: newest complete one)")
    parser.add_argument("--no-search", action="store_true", help="skip the policy search")
    parser.add_argument("--reanalyse", nargs="?", const="", default=None, metavar="DIR",
                        help="run nothing: recompute the analysis and report of a complete "
                             "robust store (DIR, default the newest complete run of this spec "
                             "under --root) with this spec's thresholds, into a new "
                             "reanalysis-<time>/ sub-folder; only [thresholds] may differ "
                             "from the stored spec")


def _spec(args: argparse.Namespace):  # noqa: ANN202 - RobustSpec, imported lazily
    from commsim.robust.spec import load_robust_spec

    return load_robust_spec(args.spec, quick=args.quick)


def _lang(args: argparse.Namespace) -> str:
    """The report's language: ``--lang``, else the locale's (set by the CLI's entry point)."""
    from commsim.core.i18n import resolve_language

    return resolve_language(getattr(args, "lang", None))


def _reanalyse(args: argparse.Namespace) -> int:
    """Re-analyse a stored run and print where its new report is."""
    from commsim.robust.reanalyse import reanalyse

    spec = _spec(args)
    out = reanalyse(spec, args.reanalyse or None, root=args.root, quick=args.quick,
                    lang=_lang(args), wtp=args.wtp, budget=args.budget)
    print(f"reanalysis of {out.parent} with {len(spec.thresholds)} thresholds: {out}")
    print(f"report: {out / 'report.html'}")
    return 0


def main(args: argparse.Namespace) -> int:
    """Run the chain (or re-analyse a stored run) and print where the report is."""
    from commsim.results.store import read_manifest
    from commsim.robust.pipeline import run_robust

    check_decision_options(args)
    if getattr(args, "reanalyse", None) is not None:
        return _reanalyse(args)
    spec = _spec(args)
    started = time.perf_counter()
    try:
        folder = run_robust(spec, root=args.root, resume=args.resume,
                            calibration=args.calibration, search=not args.no_search,
                            quick=args.quick, executor=executor_options(args),
                            lang=_lang(args), wtp=args.wtp, budget=args.budget)
    except RuntimeError as exc:  # e.g. every parameter set ruled out
        raise InputError(str(exc), key="calibration", value=args.spec,
                         allowed="targets reachable within the ranges", source=args.spec) from None
    m = read_manifest(folder)
    print(f"robust {spec.name}: {m['policies']} policy options x {m['worlds']} worlds, "
          f"{time.perf_counter() - started:.1f} s")
    print(f"report: {folder / 'report.html'}")
    return 0


def configure_calibrate(parser: argparse.ArgumentParser) -> None:
    """Options of ``commsim calibrate``."""
    _common(parser)
    add_decision_options(parser)


def main_calibrate(args: argparse.Namespace) -> int:
    """Calibrate and print the narrowed ranges and the fit."""
    from commsim.robust.calibrate import calibrate

    spec = _spec(args)
    started = time.perf_counter()
    try:
        folder, cal = calibrate(spec, root=args.root, resume=args.resume,
                                executor=executor_options(args))
    except RuntimeError as exc:
        raise InputError(str(exc), key="calibration", value=args.spec,
                         allowed="targets reachable within the ranges", source=args.spec) from None
    print(f"calibration {spec.name}: {len(cal.ensemble)} plausible worlds, "
          f"{time.perf_counter() - started:.1f} s")
    print(cal.narrowing().to_string(index=False, float_format=lambda v: f"{v:.4g}"))
    print(cal.fit().drop(columns=["text", "source"]).to_string(
        index=False, float_format=lambda v: f"{v:.4g}"))
    print(f"results in {folder}")
    return 0
