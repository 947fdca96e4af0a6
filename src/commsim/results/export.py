"""Export a results store for colleagues: CSV files or one Excel workbook.

``commsim export RESULTS --format csv|xlsx [-o PATH]`` writes every table of a store
(runs, comparison, cost-effectiveness, per-community rows, daily series, hours,
sensitivity indices where present), a table of what every column means and its unit, and
the provenance (seed, versions, command).
CSV goes to a folder with one file per table (UTF-8 with a byte-order mark, so Excel
opens Chinese text correctly); XLSX to one workbook with one sheet per table.

Nothing is overwritten: an existing target is refused (exit 2) unless ``--force``, and
``--force`` replaces only an earlier export (a workbook commsim wrote, a folder holding
only an export's CSV files). Files are written to a temporary name and renamed when
complete. Text cells that a spreadsheet would run as formulas (starting with ``=``, ``+``,
``-``, ``@``, tab or carriage return) are written as text; the provenance shares no host
name or absolute path unless ``--provenance full``.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from commsim.core.errors import InputError
from commsim.core.safety import (
    check_link,
    check_parents,
    is_text,
    mark_text_cells,
    neutralise_frame,
    write_errors,
    xml_safe,
)
from commsim.core.sharing import FULL, shareable
from commsim.results.atomic import atomic_path, current_umask
from commsim.results.catalog import Catalog
from commsim.results.readable import SHEETS_ZH, SUMMARIES, reader_tables, write_xlsx

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
#: The creator recorded in a workbook commsim writes (``--force`` replaces only those).
CREATOR = "commsim"
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
    """The manifest flattened to ``key``/``value`` rows (nested values as JSON).

    Shareable unless the command runs with ``--provenance full``: no host name, paths by
    their file name, the command line without folders (:mod:`commsim.core.sharing`).
    """
    shown = manifest if FULL.get() else shareable(manifest)
    rows = []
    for k, v in shown.items():
        if k == "command" and isinstance(v, list):
            v = shlex.join(str(a) for a in v)
        rows.append({"key": k, "value": v if isinstance(v, str | int | float | bool) else
                     json.dumps(v, ensure_ascii=False, sort_keys=True, default=str)})
    return pd.DataFrame(rows, columns=["key", "value"])


def _export_files(fmt: str) -> set[str]:
    names = {*TABLES, *SUMMARIES, "columns", "provenance"}
    names |= {SHEETS_ZH.get(n, n) for n in names}  # an export in Chinese
    return {f"{n}.{fmt}" for n in names}


def _earlier_export(path: Path, fmt: str) -> str | None:
    """Why ``path`` is not an earlier export of ``fmt`` (``None`` when it is one)."""
    if fmt == "csv":
        if not path.is_dir() or path.is_symlink():
            return "it is not a folder of CSV files"
        ours = _export_files("csv")
        foreign = sorted(p.name for p in path.iterdir() if p.name not in ours or not p.is_file())
        if foreign:
            return f"it holds {foreign[0]!r}, which no export writes"
        if not any((path / f"{n}.csv").is_file() for n in ("provenance", "来源")):
            return "it has no provenance.csv"
        return None
    if not path.is_file() or path.is_symlink() or path.suffix.lower() != ".xlsx":
        return "it is not an .xlsx file"
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True)
    except Exception:  # noqa: BLE001 - any unreadable file is not an earlier export
        return "it is not a workbook commsim wrote"
    try:
        sheets = set(book.sheetnames)
        commsims = book.properties.creator == CREATOR or {"columns", "provenance"} <= sheets \
            or {SHEETS_ZH["columns"], SHEETS_ZH["provenance"]} <= sheets
    finally:
        book.close()
    return None if commsims else "it is not a workbook commsim wrote"


def check_export_target(out: Path, fmt: str, force: bool) -> None:
    """Refuse ``out`` as an export target (one line): below a file, a link, taken.

    With ``force`` only an earlier export of the same format is replaced: a workbook
    commsim wrote, or a folder holding nothing but the CSV files an export writes.
    """
    check_parents(out, "-o")
    check_link(out, "-o")
    if not os.path.lexists(out):
        return
    if not force:
        raise InputError("export target exists", key="-o", value=str(out),
                         allowed="a new path, or --force to replace an earlier export",
                         source="command line")
    why = _earlier_export(out, fmt)
    if why is not None:
        raise InputError(f"export target exists and is not an earlier {fmt} export ({why})",
                         key="-o", value=str(out),
                         allowed="a new path; --force replaces only an earlier export",
                         source="command line")


def export(results: Any, fmt: str, out: str | Path, *, force: bool = False,
           lang: str = "en", warmup: bool = False,
           summaries: dict[str, pd.DataFrame] | None = None) -> Path:
    """Write ``results`` as CSV files or an XLSX workbook at ``out``.

    Text cells a spreadsheet would run as formulas are written as text (:mod:`safety
    <commsim.core.safety>`); an operating-system refusal (full disk, read-only folder)
    is one line and leaves nothing behind.

    Parameters
    ----------
    results : commsim.results.Results
        An opened store.
    fmt : {"csv", "xlsx"}
        Format.
    out : path
        Target folder (csv) or ``.xlsx`` file.
    force : bool
        Replace an earlier export at ``out`` (never anything else).
    lang : {"en", "zh"}
        Language of sheet names, headers and values (:mod:`commsim.results.readable`).
    warmup : bool
        Keep the warm-up days in the daily table.
    summaries : dict, optional
        Sheets after the per-community rows (``commsim export`` passes the per-community
        summary and the priority list).

    Returns
    -------
    Path
        The path written.

    Raises
    ------
    InputError
        Unknown format, a target that exists (without ``force``, or that is not an earlier
        export), or a write the operating system refuses.

    """
    if fmt not in FORMATS:
        raise InputError(f"--format: {fmt!r} is not allowed (allowed: {', '.join(FORMATS)})")
    out = Path(out)
    check_export_target(out, fmt, force)
    tables = tables_of(results)
    extra = {"columns": meanings(results.manifest, tables),
             "provenance": provenance(results.manifest)}
    sheets = reader_tables(results, {**extra, **tables}, lang=lang, warmup=warmup,
                           summaries=summaries)
    with write_errors("-o", out, "the export"):
        out.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "csv":
            _write_csv(sheets, out)
        else:
            _write_xlsx(sheets, out)
    return out


def _write_csv(frames: dict[str, pd.DataFrame], out: Path) -> None:
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    try:
        os.chmod(staging, 0o777 & ~current_umask())
        for name, frame in frames.items():
            neutralise_frame(frame).to_csv(staging / f"{name}.csv", index=False,
                                           encoding="utf-8-sig")
        if out.exists():  # an earlier export (checked): set aside, then dropped
            os.replace(out, old)
        os.replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if old.exists() and not out.exists():
            os.replace(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _write_xlsx(frames: dict[str, pd.DataFrame], out: Path) -> None:
    """The workbook (:func:`commsim.results.readable.write_xlsx`), control characters shown.

    XlsxWriter writes every text cell as text (never a formula); the openpyxl fallback
    marks the cells it took for formulas as text.
    """
    safe = {name: frame.assign(**{str(c): frame[c].map(xml_safe)
                                  for c in frame.columns if is_text(frame[c])})
            for name, frame in frames.items()}
    with atomic_path(out) as tmp:
        write_xlsx(safe, tmp, EXCEL_ROWS, creator=CREATOR, text_cells=mark_text_cells)
