"""``commsim calibrate``: history-match the model to its targets; store the plausible worlds.

Why history matching with a Gaussian-process emulator rather than ABC-SMC (pyabc):
pyabc 0.13 installs and imports on Python 3.12, but it drives the simulations itself
(its own samplers and SQLite history), so its runs would bypass the sweep engine's
journal, resume, executors and store; and ABC-SMC needs thousands of simulations per
generation, while one full-size run of this model takes seconds. History matching runs
designed batches of tens of runs (each a resumable sweep), and the emulator does the
thousands of evaluations.

The store (``results/<name>-calibration/<UTC timestamp>/``) holds ``manifest.json``
(spec, ranges, targets, waves, versions, git commit, times), ``ensemble.parquet`` (the
plausible worlds), ``waves.parquet`` (every design point and its outputs),
``narrowing.parquet``, ``fit.parquet``, and one sweep store per batch (``wave-1/``, ...,
``ensemble/``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from commsim.core.errors import InputError
from commsim.experiments.manifest import _git_commit, _versions, now
from commsim.results.store import (
    MANIFEST,
    latest_unfinished,
    new_run_folder,
    read_manifest,
    read_table,
    write_json,
    write_parquet,
)
from commsim.robust.history import Calibration, history_match
from commsim.robust.spec import RobustSpec
from commsim.robust.sweeps import run_points

DEFAULT_ROOT = Path("results")


def calibration_folder(spec: RobustSpec, root: str | Path, resume: bool) -> Path:
    """The store folder: the newest unfinished one with ``resume``, else a new one."""
    experiment = f"{spec.name}-calibration"
    if resume:
        folder = latest_unfinished(root, experiment)
        if folder is None:
            raise InputError("nothing to resume", key="--resume", value=experiment,
                             allowed=f"an unfinished calibration under {Path(root) / experiment}",
                             source="command line")
        if read_manifest(folder).get("fingerprint") != spec.fingerprint("calibration"):
            raise InputError("the specification differs from the interrupted calibration's",
                             key="--resume", value=str(folder),
                             allowed="the same spec and --quick", source=spec.source)
        return folder
    return new_run_folder(root, experiment)


def latest_calibration(spec: RobustSpec, root: str | Path) -> Path | None:
    """The newest complete calibration of this spec (same calibration fingerprint)."""
    base = Path(root) / f"{spec.name}-calibration"
    if not base.is_dir():
        return None
    for folder in sorted((p for p in base.iterdir() if p.is_dir()), reverse=True):
        try:
            m = read_manifest(folder)
        except (OSError, ValueError):
            continue
        if m.get("status") == "complete" and m.get("fingerprint") == spec.fingerprint(
                "calibration"):
            return folder
    return None


def calibrate(spec: RobustSpec, *, root: str | Path = DEFAULT_ROOT, out: str | Path | None = None,
              resume: bool = False, executor: Mapping[str, Any] | None = None
              ) -> tuple[Path, Calibration]:
    """Calibrate ``spec``'s uncertainties to its targets; write and return the store.

    Parameters
    ----------
    spec : RobustSpec
        The specification (``[calibration]``: scenario, uncertainties, targets, sizes).
    root : path
        Folder stores are made under.
    out : path, optional
        Store folder (default: a new timestamped one, or the newest unfinished with resume).
    resume : bool
        Continue an interrupted calibration: finished batches are loaded, not rerun.
    executor : mapping, optional
        Executor options for the sweep engine (``executor``, ``workers``, ``scheduler``).

    Returns
    -------
    tuple
        The store folder and the :class:`~commsim.robust.history.Calibration`.

    """
    folder = Path(out) if out is not None else calibration_folder(spec, root, resume)
    manifest: dict[str, Any] = read_manifest(folder) if (folder / MANIFEST).exists() else {
        "kind": "calibration", "experiment": spec.name, "status": "running",
        "method": "history matching, Gaussian-process emulator (scikit-learn)",
        "spec": spec.table, "spec_source": spec.source,
        "fingerprint": spec.fingerprint("calibration"),
        "ranges": [vars(r) for r in spec.ranges],
        "targets": [vars(t) for t in spec.targets], "root_seed": spec.seed,
        "versions": _versions(), "git_commit": _git_commit(), "started": now()}
    if resume:
        manifest.setdefault("resumed", []).append(now())
    folder.mkdir(parents=True, exist_ok=True)
    write_json(manifest, folder / MANIFEST)
    metrics = sorted({t.metric for t in spec.targets})

    def evaluate(points: pd.DataFrame, label: str) -> pd.DataFrame:
        runs = run_points(points, [spec.cal_scenario], folder / label,
                          name=f"{spec.name}-calibration-{label}", seed=spec.seed,
                          days=spec.cal_days, communities=spec.communities,
                          params=spec.params, metrics=metrics, executor=executor,
                          source=spec.source)
        return runs[metrics].reset_index(drop=True)

    cal = history_match(evaluate, spec.ranges, spec.targets, waves=spec.waves,
                        runs_per_wave=spec.runs_per_wave, ensemble=spec.ensemble,
                        cutoff=spec.cutoff, candidates=spec.candidates, seed=spec.seed)
    write_parquet(cal.ensemble, folder / "ensemble.parquet")
    write_parquet(cal.runs, folder / "waves.parquet")
    write_parquet(cal.narrowing(), folder / "narrowing.parquet")
    write_parquet(cal.fit(), folder / "fit.parquet")
    manifest.update({"status": "complete", "finished": now(), "waves": cal.waves,
                     "worlds": len(cal.ensemble)})
    write_json(manifest, folder / MANIFEST)
    return folder, cal


def load_calibration(folder: str | Path) -> dict[str, Any]:
    """A stored calibration: manifest and tables (ensemble, waves, narrowing, fit)."""
    folder = Path(folder)
    names = ("ensemble", "waves", "narrowing", "fit")
    try:
        manifest = read_manifest(folder)
    except (FileNotFoundError, NotADirectoryError):
        manifest = {}
    if manifest.get("kind") != "calibration" or manifest.get("status") != "complete" or \
            not all((folder / f"{n}.parquet").is_file() for n in names):
        raise InputError("no calibration in this folder", key="--calibration", value=str(folder),
                         allowed="a complete calibration store (written by commsim calibrate "
                                 "or commsim robust)", source="command line")
    out: dict[str, Any] = {"path": folder, "manifest": manifest}
    for name in names:
        out[name] = read_table(folder / f"{name}.parquet", ())
    return out
