"""Export a results store for colleagues: CSV files or one Excel workbook.

``commsim export RESULTS --format csv|xlsx [-o PATH]`` writes every table of a store
(runs, comparison, cost-effectiveness, per-community rows, daily series, hours,
sensitivity indices where present), a table of what every column means and its unit, and
the provenance (seed, versions, command).
CSV goes to a folder with one file per table (UTF-8 with a byte-order mark, so Excel
opens Chinese text correctly); XLSX to one workbook with one sheet per table.

Nothing is overwritten: an existing target is refused (exit 2) unless ``--force``.
Files are written to a temporary name and renamed when complete.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from commsim.core.errors import InputError
from commsim.results.atomic import current_umask
from commsim.results.catalog import Catalog
from commsim.results.readable import reader_tables, write_xlsx

#: Export formats.
FORMATS: tuple[str, ...] = ("csv", "xlsx")
#: Tables exported, in sheet order (absent tables are skipped).
TABLES: tuple[str, ...] = ("comparison", "cost_effectiveness", "runs", "community", "daily",
                           "hours", "sobol", "morris")
#: Meanings of the columns that are not metrics or parameters.
KEY_COLUMNS: dict[str, str] = {
    "run_id": "run number within the store", "scenario": "scenario name",
    "replication": "replication index (common random numbers across scenarios)",
    "community": "community number (file order of the district)",
    "name": "community name", "kind": "urban, town or village (blank: drawn communities)",
    "households": "households served", "cadre_posts": "funded cadre posts",
    "high_need": "concentrates high-need residents",
}
#: Excel's row limit per sheet (a larger table is split over numbered sheets).
EXCEL_ROWS = 1_048_575


def tables_of(results: Any) -> dict[str, pd.DataFrame]:
    """The store's non-empty tables by name, in :data:`TABLES` order."""
    out: dict[str, pd.DataFrame] = {}
    for name in TABLES:
        frame = getattr(results, name, None)
        if isinstance(frame, pd.DataFrame) and not frame.empty:
            out[name] = frame
    return out


def meanings(manifest: dict[str, Any], tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per column of every table: its label, unit and meaning.

    Metric columns take their declaration from the manifest's catalog (a daily table's
    columns the daily series', every other table's the summary metric's); parameter
    columns (``param.<key>``) their unit from the manifest's ``parameter_units``.
    """
    catalog = Catalog.from_manifest(manifest)
    params = manifest.get("parameters", {})
    params = params if isinstance(params, dict) else {}
    rows = []
    for table, frame in tables.items():
        for column in frame.columns:
            label = unit = meaning = better = ""
            key = str(column)
            m = catalog.series.get(key) if table == "daily" else None
            m = m or catalog.metrics.get(key) or catalog.series.get(key)
            if m is not None:
                label, unit, meaning, better = m.label, m.unit, m.description, m.better
                if m.daily and table == "community":
                    meaning = f"value on the last day of the run. {meaning}".strip()
            elif key in KEY_COLUMNS:
                meaning = KEY_COLUMNS[key]
            elif key.startswith("param."):
                name = key.removeprefix("param.")
                p = params.get(name, {})
                p = p if isinstance(p, dict) else {}
                unit = catalog.parameter_units.get(name, str(p.get("unit", "")))
                meaning = str(p.get("description", ""))
            rows.append({"table": table, "column": column, "label": label, "unit": unit,
                         "better": better, "meaning": meaning})
    return pd.DataFrame(rows, columns=["table", "column", "label", "unit", "better", "meaning"])


def provenance(manifest: dict[str, Any]) -> pd.DataFrame:
    """The manifest flattened to ``key``/``value`` rows (nested values as JSON)."""
    rows = [{"key": k, "value": v if isinstance(v, str | int | float | bool) else
             json.dumps(v, ensure_ascii=False, sort_keys=True, default=str)}
            for k, v in manifest.items()]
    return pd.DataFrame(rows, columns=["key", "value"])


def _earlier_export(path: Path, fmt: str) -> bool:
    if fmt == "csv":
        return path.is_dir() and any((path / f"{n}.csv").is_file() for n in ("provenance", "来源"))
    return path.is_file() and path.suffix.lower() == ".xlsx"


def export(results: Any, fmt: str, out: str | Path, *, force: bool = False,
           lang: str = "en", warmup: bool = False) -> Path:
    """Write ``results`` as CSV files or an XLSX workbook at ``out``.

    Parameters
    ----------
    results : commsim.results.Results
        An opened store.
    fmt : {"csv", "xlsx"}
        Format.
    out : path
        Target folder (csv) or ``.xlsx`` file.
    force : bool
        Replace an existing target.
    lang : {"en", "zh"}
        Language of sheet names, headers and values (:mod:`commsim.results.readable`).
    warmup : bool
        Keep the warm-up days in the daily table.

    Returns
    -------
    Path
        The path written.

    Raises
    ------
    InputError
        Unknown format, or an existing target without ``force``.

    """
    if fmt not in FORMATS:
        raise InputError(f"--format: {fmt!r} is not allowed (allowed: {', '.join(FORMATS)})")
    out = Path(out)
    if out.exists() and not force:
        raise InputError(f"-o: {out} exists; choose another path or add --force to replace it")
    if out.exists() and not _earlier_export(out, fmt):
        raise InputError(f"-o: {out} exists and is not an earlier {fmt} export; "
                         "--force replaces only an earlier export")
    tables = tables_of(results)
    extra = {"columns": meanings(results.manifest, tables),
             "provenance": provenance(results.manifest)}
    sheets = reader_tables(results, {**extra, **tables}, lang=lang, warmup=warmup)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
        try:
            os.chmod(staging, 0o777 & ~current_umask())
            for name, frame in sheets.items():
                frame.to_csv(staging / f"{name}.csv", index=False, encoding="utf-8-sig")
            if out.exists():
                shutil.rmtree(out) if out.is_dir() else out.unlink()
            os.replace(staging, out)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return out
    fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".xlsx", dir=out.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        os.chmod(tmp, 0o666 & ~current_umask())
        write_xlsx(sheets, tmp, EXCEL_ROWS)
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return out
