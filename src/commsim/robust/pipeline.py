"""The whole chain: calibrate (or reuse a calibration), experiment, analyse, search, report.

Store layout (``results/<name>/<UTC timestamp>/``): ``manifest.json`` (spec, quick,
calibration folder, versions, git commit, times, timings), ``experiment/`` (worlds,
policies, the sweep store ``runs/`` and the tidy ``outcomes.parquet``), the analysis
tables (``regret.parquet``, ``satisficing.parquet``, ``stability.parquet``,
``discovery.json``), ``search/`` (one sweep store per generation, ``evaluations.parquet``,
``pareto.parquet``) and ``report.html``. Every batch of runs is a resumable sweep, so
``--resume`` after a kill redoes only what was not committed. ``--reanalyse`` adds
``reanalysis-<UTC timestamp>/`` folders (:mod:`commsim.robust.reanalyse`).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from commsim.analysis.decision import DEFAULT_WTP
from commsim.core.errors import InputError
from commsim.experiments.manifest import _git_commit, _versions, now
from commsim.results.store import (
    MANIFEST,
    latest_unfinished,
    new_run_folder,
    read_manifest,
    write_json,
)
from commsim.robust.analysis import analyse
from commsim.robust.calibrate import calibrate, latest_calibration, load_calibration
from commsim.robust.experiment import run_experiment
from commsim.robust.report import render, write_report
from commsim.robust.search import search as run_search
from commsim.robust.spec import RobustSpec


def _folder(spec: RobustSpec, root: str | Path, resume: bool) -> Path:
    if not resume:
        return new_run_folder(root, spec.name)
    folder = latest_unfinished(root, spec.name)
    if folder is None:  # the calibration may have been what was interrupted
        return new_run_folder(root, spec.name)
    if read_manifest(folder).get("fingerprint") != spec.fingerprint():
        raise InputError("the specification differs from the interrupted run's",
                         key="--resume", value=str(folder), allowed="the same spec and --quick",
                         source=spec.source)
    return folder


def report_provenance(spec: RobustSpec, folder: Path, cal_folder: Path,
                      manifest: Mapping[str, Any], lang: str = "en") -> dict[str, Any]:
    """The report's provenance table: store, calibration, sizes, seed, versions, language.

    Parameters
    ----------
    spec : RobustSpec
        The specification the report is rendered for.
    folder, cal_folder : Path
        The robust store and its calibration store.
    manifest : mapping
        The robust store's manifest (quick, git commit, versions, start time).
    lang : {"en", "zh"}
        The report's language (recorded as its last row).

    """
    return {"store": folder.name, "calibration store": cal_folder.name,
            "quick": manifest.get("quick"), "root seed": spec.seed, "days": spec.days,
            "calibration days": spec.cal_days, "communities": spec.communities,
            "git commit": manifest.get("git_commit"),
            "commsim": manifest.get("versions", {}).get("commsim"),
            "started": manifest.get("started"), "language": lang}


def run_robust(spec: RobustSpec, *, root: str | Path = "results", resume: bool = False,
               calibration: str | Path | None = None, search: bool = True, quick: bool = False,
               executor: Mapping[str, Any] | None = None, lang: str = "en",
               wtp: float = DEFAULT_WTP, budget: float | None = None) -> Path:
    """Run the chain and write the store and its report; return the store folder.

    Parameters
    ----------
    spec : RobustSpec
        The specification.
    root : path
        Folder stores are made under.
    resume : bool
        Continue the newest unfinished run (and calibration) of this spec.
    calibration : path, optional
        A calibration store to use (default: the newest complete one of this spec, else
        a new calibration).
    search : bool
        Run the policy search.
    quick : bool
        Recorded in the manifest (the spec already has its ``[quick]`` sizes applied).
    executor : mapping, optional
        Executor options for the sweep engine.
    lang : {"en", "zh"}
        Language of the report.
    wtp, budget : float
        The planner's willingness to pay per overtime hour avoided and extra fiscal budget
        a year (the decision across worlds and the value of information).

    """
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    cal_folder = Path(calibration) if calibration else latest_calibration(spec, root)
    if cal_folder is None:
        unfinished = latest_unfinished(root, f"{spec.name}-calibration") if resume else None
        cal_folder, _ = calibrate(spec, root=root, out=unfinished, resume=unfinished is not None,
                                  executor=executor)
    cal = load_calibration(cal_folder)
    timings["calibration_seconds"] = time.perf_counter() - t0
    if len(cal["ensemble"]) == 0:
        raise InputError("the calibration kept no plausible world", key="calibration",
                         value=str(cal_folder), allowed="wider ranges or targets",
                         source=spec.source)
    folder = _folder(spec, root, resume)
    folder.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, Any] = read_manifest(folder) if (folder / MANIFEST).exists() else {
        "kind": "robust", "experiment": spec.name, "status": "running", "quick": quick,
        "spec": spec.table, "spec_source": spec.source, "fingerprint": spec.fingerprint(),
        "calibration": str(cal_folder), "root_seed": spec.seed, "versions": _versions(),
        "git_commit": _git_commit(), "started": now(),
        "seeds": "replication 0 of every run shares its streams: common random numbers "
                 "across policies within a world"}
    write_json(manifest, folder / MANIFEST)
    t1 = time.perf_counter()
    tidy = run_experiment(spec, cal["ensemble"], folder / "experiment", executor=executor)
    timings["experiment_seconds"] = time.perf_counter() - t1
    result = analyse(tidy, spec, wtp=wtp, budget=budget)
    result.write(folder)
    found = None
    if search and spec.search_scenario is not None and spec.search_levers:
        t2 = time.perf_counter()
        found = run_search(spec, cal["ensemble"], folder / "search", executor=executor)
        timings["search_seconds"] = time.perf_counter() - t2
    provenance = report_provenance(spec, folder, cal_folder, manifest, lang)
    write_report(render(spec, provenance=provenance, calibration=cal, tidy=tidy,
                        analysis=result, search=found, lang=lang), folder / "report.html")
    manifest.update({"status": "complete", "finished": now(), "timings": timings,
                     "worlds": int(tidy["world"].nunique()),
                     "policies": int(tidy["policy"].nunique())})
    write_json(manifest, folder / MANIFEST)
    return folder
