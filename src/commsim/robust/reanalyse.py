"""Re-analysis of a finished robust run with other thresholds, without running anything.

``commsim robust SPEC.toml --reanalyse [DIR]`` reads a complete robust store (``DIR``, or
the newest complete run of the spec under ``--root``), recomputes regret, satisficing,
the ranking's stability and scenario discovery from its stored
``experiment/outcomes.parquet`` with the thresholds of ``SPEC.toml``, and renders the
report again with the stored calibration and policy search. Everything goes into a new
sub-folder ``reanalysis-<UTC timestamp>/`` of the store (the analysis tables,
``reanalysis.json`` and ``report.html``); the store's own analysis and report are left
as they are. The spec may differ from the stored one only in ``[thresholds]``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from commsim.analysis.decision import DEFAULT_WTP
from commsim.core.errors import InputError
from commsim.experiments.manifest import now
from commsim.results.store import MANIFEST, read_manifest, write_json
from commsim.robust.analysis import analyse
from commsim.robust.calibrate import load_calibration
from commsim.robust.labels import thresholds_text
from commsim.robust.pipeline import report_provenance
from commsim.robust.report import render, write_report
from commsim.robust.search import load_search
from commsim.robust.spec import RobustSpec

#: The only top-level table of a spec that may differ from the stored run's.
CHANGEABLE = "thresholds"
OUTCOMES = Path("experiment") / "outcomes.parquet"
_COMPLETE = "a complete robust store (manifest.json of kind robust, status complete, " \
            "with experiment/outcomes.parquet)"


def _plain(table: Mapping[str, Any]) -> dict[str, Any]:
    """The table as JSON would store it (tuples as lists, dates as text)."""
    data: dict[str, Any] = json.loads(json.dumps(dict(table), sort_keys=True, default=str))
    data.pop(CHANGEABLE, None)
    return data


def _differences(new: Any, old: Any, prefix: str = "") -> Iterator[tuple[str, Any, Any]]:
    """Dotted keys where two parsed specs differ, with the new and the stored value."""
    if isinstance(new, dict) and isinstance(old, dict):
        for key in sorted(set(new) | set(old)):
            yield from _differences(new.get(key), old.get(key), f"{prefix}{key}.")
    elif new != old:
        yield prefix.rstrip("."), new, old


def check_same_spec(spec: RobustSpec, manifest: Mapping[str, Any], store: Path,
                    quick: bool | None = None) -> None:
    """Refuse a spec that differs from the store's in anything but ``[thresholds]``.

    Parameters
    ----------
    spec : RobustSpec
        The specification given now.
    manifest : mapping
        The store's manifest (``spec``: the stored table, ``quick``: whether the run had
        ``--quick``).
    store : Path
        The store folder (named in the message).
    quick : bool, optional
        Whether ``--quick`` was given now: when the specs differ and the run had the
        other setting, the message names ``--quick`` rather than a size.

    Raises
    ------
    InputError
        Naming the first differing key, the new and stored values, and the spec file.

    """
    stored = manifest.get("spec")
    if not isinstance(stored, Mapping):
        raise InputError("the store's manifest has no specification", key="spec",
                         value=str(store / MANIFEST), allowed=_COMPLETE, source=spec.source)
    for key, new, old in _differences(_plain(spec.table), _plain(stored)):
        had = bool(manifest.get("quick"))
        if quick is not None and quick != had:
            raise InputError(f"the stored run ({store}) was made "
                             f"{'with' if had else 'without'} --quick", key="--quick",
                             value=quick, allowed=f"--quick {'given' if had else 'left out'}, "
                             "as for the stored run", source=spec.source)
        raise InputError(f"the specification differs from the stored run's ({store}); only "
                         f"[{CHANGEABLE}] may change without re-running", key=key,
                         value=f"{new!r} (stored {old!r})",
                         allowed=f"the stored value; only [{CHANGEABLE}] may differ "
                                 "(and --quick as the run had it)", source=spec.source)


def _complete(folder: Path) -> dict[str, Any] | None:
    """The manifest of a complete robust store, else ``None``."""
    try:
        manifest = read_manifest(folder)
    except (OSError, ValueError):
        return None
    ok = (manifest.get("kind") == "robust" and manifest.get("status") == "complete"
          and (folder / OUTCOMES).is_file())
    return manifest if ok else None


def find_store(spec: RobustSpec, store: str | Path | None, root: str | Path
               ) -> tuple[Path, dict[str, Any]]:
    """The store to re-analyse (``store``, or the newest complete run of ``spec``) and its manifest.

    Raises
    ------
    InputError
        ``store`` is not a complete robust store, or ``root`` holds no complete run.

    """
    if store is not None:
        folder = Path(store)
        manifest = _complete(folder)
        if manifest is None:
            raise InputError("not a complete robust store", key="--reanalyse",
                             value=str(folder), allowed=_COMPLETE, source=spec.source)
        return folder, manifest
    base = Path(root) / spec.name
    candidates = sorted((p for p in base.iterdir() if p.is_dir()), reverse=True) \
        if base.is_dir() else []
    for folder in candidates:
        manifest = _complete(folder)
        if manifest is not None:
            return folder, manifest
    raise InputError("no complete robust run of this spec to re-analyse", key="--reanalyse",
                     value=str(base), allowed=f"{_COMPLETE}; run the spec first or name DIR",
                     source=spec.source)


def _calibration_folder(manifest: Mapping[str, Any], store: Path) -> Path:
    """The stored calibration (as recorded, else beside the store under the same root)."""
    recorded = Path(str(manifest.get("calibration", "")))
    for folder in (recorded, store.parent.parent / recorded.parent.name / recorded.name):
        if (folder / MANIFEST).is_file():
            return folder
    raise InputError("the store's calibration is missing", key="calibration",
                     value=str(recorded), allowed="the calibration store the run used",
                     source=str(store / MANIFEST))


def _out_folder(store: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    out, n = store / f"reanalysis-{stamp}", 1
    while out.exists():
        out, n = store / f"reanalysis-{stamp}-{n}", n + 1
    return out


def _check_thresholds(spec: RobustSpec, tidy: pd.DataFrame) -> None:
    """Refuse a threshold on a metric the experiment did not store."""
    for t in spec.thresholds:
        if t.metric not in tidy.columns:
            raise InputError("the stored outcomes have no such metric",
                             key=f"thresholds.{t.metric}", value=t.metric,
                             allowed="one of the outcomes: " + ", ".join(spec.outcomes),
                             source=spec.source)


def reanalyse(spec: RobustSpec, store: str | Path | None = None, *,
              root: str | Path = "results", quick: bool | None = None, lang: str = "en",
              wtp: float = DEFAULT_WTP, budget: float | None = None) -> Path:
    """Recompute the analysis of a stored robust run with ``spec``'s thresholds.

    Parameters
    ----------
    spec : RobustSpec
        The specification: the stored run's, with possibly other ``[thresholds]``.
    store : path, optional
        A complete robust store (default: the newest complete run of ``spec`` under
        ``root``).
    root : path
        Folder the stores were made under.
    quick : bool, optional
        Whether the spec was loaded with ``--quick`` (for a clearer refusal when the run
        had the other setting).
    lang : {"en", "zh"}
        Language of the new report (recorded in its provenance and ``reanalysis.json``).
    wtp, budget : float
        Willingness to pay per overtime hour avoided and extra fiscal budget a year.

    Returns
    -------
    Path
        The new ``reanalysis-<timestamp>/`` folder inside the store (analysis tables,
        ``reanalysis.json`` and ``report.html``).

    Raises
    ------
    InputError
        The store is not complete, or the spec differs in more than ``[thresholds]``.

    """
    folder, manifest = find_store(spec, store, root)
    check_same_spec(spec, manifest, folder, quick)
    tidy = pd.read_parquet(folder / OUTCOMES)
    _check_thresholds(spec, tidy)
    cal_folder = _calibration_folder(manifest, folder)
    cal = load_calibration(cal_folder)
    result = analyse(tidy, spec, wtp=wtp, budget=budget)
    out = _out_folder(folder)
    out.mkdir()
    result.write(out)
    provenance = {**report_provenance(spec, folder, cal_folder, manifest, lang),
                  "re-analysed": now(), "thresholds": thresholds_text(spec.thresholds, lang)}
    write_json({"kind": "robust-reanalysis", "store": str(folder), "spec_source": spec.source,
                "thresholds": spec.table.get(CHANGEABLE, {}), "language": lang,
                "created": now()},
               out / "reanalysis.json")
    write_report(render(spec, provenance=provenance, calibration=cal, tidy=tidy,
                        analysis=result, search=load_search(folder / "search"), lang=lang),
                 out / "report.html")
    return out
