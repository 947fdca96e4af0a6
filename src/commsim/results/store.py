"""The results store: a folder of Parquet files and a JSON manifest, written crash-safely.

The one output format: ``commsim run --out``, ``commsim compare --out``, ``commsim sweep``
and :meth:`commsim.RunResult.write` all write it, and ``commsim report`` opens it. Layout
(``results/<experiment>/<run-id>/`` for a sweep)::

    manifest.json            what was run (scenarios with descriptions, policies and
                             resolved parameters, spec, seeds), the catalog readers need
                             (metric_declarations, parameter_units, policies), made_by,
                             versions, host, times, counts
    runs.parquet             one row per run
    daily/part-00000.parquet daily series, runs 0-99 (then 100-199, ...)
    hours/part-00000.parquet cadre hours by dimension and category
    yearly/part-00000.parquet per-year summary rows of each run (``year``, metrics)
    community/part-00000.parquet  one row per community of each run (name, kind,
                             households, cadre posts, per-community metrics)
    comparison.parquet       replicated comparisons only
    cost_effectiveness.parquet  replicated comparisons of several scenarios only
    sobol.parquet            Sobol designs only
    morris.parquet           Morris designs only

While a sweep runs, finished runs go to a journal (``_journal/``) in numbered
flushes. Each flush writes its daily and hours parts first and its rows of
``runs`` last, every file through a temporary name and an atomic rename: a
flush counts only once its rows file exists, so after a crash the runs it holds
are the finished runs, and leftovers of an unfinished flush are deleted on
resume. Finishing compacts the journal into the final, run_id-sorted tables
chunk by chunk (memory stays flat) and removes it.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from pyarrow import ArrowException

from commsim.core.errors import InputError
from commsim.core.safety import check_link
from commsim.results.atomic import atomic_path as atomic_path  # re-exported
from commsim.results.atomic import current_umask as current_umask  # re-exported
from commsim.results.atomic import write_json, write_parquet
from commsim.results.lock import HOLDER, LOCK

JOURNAL = "_journal"
MANIFEST = "manifest.json"
#: Runs per final daily/hours part (part ``k`` holds run ids ``k*RUNS_PER_PART ...``).
RUNS_PER_PART = 100
#: Tables with many rows per run, stored in parts keyed by ``run_id``.
SERIES_TABLES: tuple[str, ...] = ("daily", "hours", "yearly", "community")
#: Analysis tables, one Parquet file each (``<name>.parquet``) where the experiment made it.
ANALYSIS_TABLES: tuple[str, ...] = ("comparison", "cost_effectiveness", "sobol", "morris")
_PART = re.compile(r"c(\d+)-s(\d+)\.parquet$")
_RUNS = re.compile(r"runs-(\d+)\.parquet$")


def read_manifest(path: str | Path) -> dict[str, Any]:
    """Read the ``manifest.json`` of a store folder.

    Raises
    ------
    InputError
        The file cannot be read, is not JSON or is not a JSON object.

    """
    file = Path(path) / MANIFEST
    try:
        with open(file, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        raise
    except (OSError, ValueError) as exc:
        raise corrupt(file, exc) from None
    if not isinstance(data, dict) or not isinstance(data.get("status", ""), str):
        raise corrupt(file, "not a manifest object")
    return data


def corrupt(file: Path, why: object) -> InputError:
    """The error for a store file that is damaged (truncated, garbage, wrong shape)."""
    text = str(why).splitlines()[0] if str(why) else type(why).__name__
    return InputError(f"damaged results store file ({text[:120]})", key="file", value=str(file),
                      allowed="a file written by commsim (restore it, or run the experiment "
                              "again)", source=str(file.parent))


def read_table(file: Path, required: Sequence[str] = ("run_id",)) -> pd.DataFrame:
    """Read one Parquet file of a store; :class:`InputError` naming it if it is damaged."""
    try:
        frame = pd.read_parquet(file)
    except FileNotFoundError:
        raise
    except (OSError, ValueError, ArrowException) as exc:
        raise corrupt(file, exc) from None
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise corrupt(file, f"missing column(s) {', '.join(missing)}")
    return frame


def check_target(path: Path) -> None:
    """Refuse ``path`` as a new store: a file, or a non-empty folder that is not a store."""
    if not path.exists():
        return
    if not path.is_dir():
        raise InputError("output path is a file", key="--out", value=str(path),
                         allowed="a folder", source="command line")
    if any(p.name not in (LOCK, HOLDER) for p in path.iterdir()) and not is_store(path):
        raise InputError("output folder is not empty and holds no results store",
                         key="--out", value=str(path),
                         allowed="a new or empty folder, or an earlier store",
                         source="command line")


def committed(journal: Path) -> set[int]:
    """Sequence numbers of the journal flushes that completed (their runs file exists)."""
    seqs = set()
    for part in journal.glob("runs-*.parquet"):
        match = _RUNS.search(part.name)
        if match:
            seqs.add(int(match.group(1)))
    return seqs


def committed_parts(journal: Path, sub: str, seqs: set[int]) -> list[Path]:
    """The ``sub`` (daily/hours) journal parts that belong to the flushes ``seqs``."""
    folder = journal / sub
    if not folder.is_dir():
        return []
    parts = []
    for part in sorted(folder.glob("c*-s*.parquet")):
        match = _PART.search(part.name)
        if match and int(match.group(2)) in seqs:
            parts.append(part)
    return parts


def _made_by(path: Path) -> str | None:
    try:
        made_by = read_manifest(path).get("made_by")
    except (OSError, ValueError, InputError):
        return None
    return str(made_by) if made_by is not None else None


def check_output_folder(path: str | Path) -> None:
    """Refuse to write a store into the working folder, its parent, home or a root.

    Raises
    ------
    InputError
        ``path`` is one of those folders, or is an existing file.

    """
    path = Path(path)
    check_link(path, "--out")
    target = path.expanduser().resolve()
    cwd = Path.cwd().resolve()
    forbidden = {cwd, cwd.parent, Path.home().resolve(), Path(target.anchor)}
    if target in forbidden or path.name in ("", ".", ".."):
        raise InputError("refusing to write a results store into this folder", key="--out",
                         value=str(path), allowed="a new folder, e.g. results/run1",
                         source="command line")
    if path.exists() and not path.is_dir():
        raise InputError("output path is a file", key="--out", value=str(path),
                         allowed="a folder", source="command line")


def is_store(path: str | Path) -> bool:
    """Whether ``path`` is a results store (finished or not)."""
    path = Path(path)
    return (path / MANIFEST).exists() or (path / JOURNAL).exists()


class Store:
    """Writer of one results store folder.

    Parameters
    ----------
    path : str or Path
        The store folder.

    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.journal = self.path / JOURNAL
        self._seq = 0

    # -- life cycle ---------------------------------------------------------------------
    def create(self, manifest: Mapping[str, Any], *, replace: bool = False) -> None:
        """Start a new store in a new or empty folder; earlier results are never replaced.

        The exceptions: an unfinished store of the same command that finished no run
        (a write interrupted before its first commit: nothing in it can be lost), and,
        with ``replace``, a finished store of the same command (asked for by
        ``commsim compare --rerun``, as ``make demo`` does).

        Raises
        ------
        InputError
            The folder is the working folder, its parent, the home folder or a root; or it
            exists and is not empty (an earlier store there is refused too, with the ways
            to keep or replace it: ``--resume``, another folder, or deleting it first).

        """
        check_output_folder(self.path)
        check_target(self.path)
        if self.path.exists() and is_store(self.path):
            earlier = _made_by(self.path) or "another command"
            if self._replaceable(manifest.get("made_by")) or (
                    replace and _made_by(self.path) == manifest.get("made_by")
                    and read_manifest(self.path).get("status") == "complete"):
                self._clear()
            else:
                raise InputError(f"output folder holds earlier results (made by {earlier}); "
                                 "they are not overwritten", key="--out", value=str(self.path),
                                 allowed="a new or empty folder; --resume to finish an unfinished "
                                         "store; delete the folder first to replace it",
                                 source="command line")
        for sub in SERIES_TABLES:
            (self.journal / sub).mkdir(parents=True, exist_ok=True)
        write_json(dict(manifest), self.path / MANIFEST)
        self._seq = 0

    def _replaceable(self, made_by: object) -> bool:
        """An unfinished store of the same command that finished nothing may be replaced."""
        return (_made_by(self.path) == made_by and not (self.path / "runs.parquet").exists()
                and not committed(self.journal))

    def _clear(self) -> None:
        for name in (JOURNAL, *SERIES_TABLES):
            shutil.rmtree(self.path / name, ignore_errors=True)
        for name in ("runs.parquet", *(f"{t}.parquet" for t in ANALYSIS_TABLES), MANIFEST):
            (self.path / name).unlink(missing_ok=True)

    def reopen(self) -> pd.DataFrame:
        """Reopen an interrupted store; return the rows of the runs it finished.

        Leftovers of a flush that did not complete are deleted, so every daily and
        hours part in the journal belongs to a finished run.
        """
        if not (self.path / MANIFEST).exists():
            raise InputError("nothing to resume: no results store here", key="--resume",
                             value=str(self.path), allowed="a folder written by commsim sweep",
                             source="command line")
        for sub in SERIES_TABLES:
            (self.journal / sub).mkdir(parents=True, exist_ok=True)
        committed = self._committed()
        for sub in SERIES_TABLES:
            for part in (self.journal / sub).iterdir():
                match = _PART.search(part.name)
                if match is None or int(match.group(2)) not in committed:
                    part.unlink()
        for tmp in self.journal.glob(".*.tmp"):
            tmp.unlink()
        self._seq = max(committed, default=-1) + 1
        return self.journal_runs()

    def _committed(self) -> set[int]:
        return committed(self.journal)

    def journal_runs(self, seqs: set[int] | None = None) -> pd.DataFrame:
        """The rows committed to the journal (unsorted), or those of the flushes ``seqs``."""
        seqs = committed(self.journal) if seqs is None else seqs
        parts = [self.journal / f"runs-{seq:06d}.parquet" for seq in sorted(seqs)]
        if not parts:
            return pd.DataFrame()
        return pd.concat([read_table(p) for p in parts], ignore_index=True)

    # -- journal ------------------------------------------------------------------------
    def flush(self, rows: pd.DataFrame, daily: Sequence[pd.DataFrame],
              hours: Sequence[pd.DataFrame], yearly: Sequence[pd.DataFrame] = (),
              community: Sequence[pd.DataFrame] = ()) -> None:
        """Commit one batch of finished runs to the journal (series first, rows last)."""
        if rows.empty:
            return
        seq = self._seq
        for sub, frames in (("daily", daily), ("hours", hours), ("yearly", yearly),
                            ("community", community)):
            if not frames:
                continue
            frame = pd.concat(frames, ignore_index=True)
            chunks = frame["run_id"] // RUNS_PER_PART
            for chunk, group in frame.groupby(chunks, sort=True):
                write_parquet(group, self.journal / sub / f"c{int(chunk):05d}-s{seq:06d}.parquet")
        write_parquet(rows, self.journal / f"runs-{seq:06d}.parquet")
        self._seq += 1

    # -- final tables -------------------------------------------------------------------
    def finalize(self, runs: pd.DataFrame, tables: Mapping[str, pd.DataFrame | None],
                 manifest: Mapping[str, Any]) -> None:
        """Write the final tables from the journal, then the manifest, then drop the journal.

        Parameters
        ----------
        runs : pandas.DataFrame
            The final runs table (already sorted by ``run_id``).
        tables : mapping
            Further tables by file stem (``comparison``, ``sobol``, ``morris``).
        manifest : mapping
            The final manifest.

        """
        for sub in SERIES_TABLES:
            final = self.path / sub
            shutil.rmtree(final, ignore_errors=True)
            chunks: dict[int, list[Path]] = {}
            for part in sorted((self.journal / sub).glob("c*-s*.parquet")):
                match = _PART.search(part.name)
                if match:
                    chunks.setdefault(int(match.group(1)), []).append(part)
            for chunk, parts in sorted(chunks.items()):
                frame = pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)
                frame = frame.sort_values("run_id", kind="stable").reset_index(drop=True)
                write_parquet(frame, final / f"part-{chunk:05d}.parquet")
        write_parquet(runs, self.path / "runs.parquet")
        for stem, table in tables.items():
            target = self.path / f"{stem}.parquet"
            if table is None:
                target.unlink(missing_ok=True)
            else:
                write_parquet(table, target)
        write_json(dict(manifest), self.path / MANIFEST)
        shutil.rmtree(self.journal, ignore_errors=True)


def new_run_folder(root: str | Path, experiment: str) -> Path:
    """A fresh ``root/<experiment>/<UTC timestamp>`` folder name (not created)."""
    base = Path(root) / experiment
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    candidate = base / stamp
    n = 1
    while candidate.exists():
        candidate = base / f"{stamp}-{n}"
        n += 1
    return candidate


def latest_unfinished(root: str | Path, experiment: str) -> Path | None:
    """The newest store under ``root/<experiment>/`` that did not finish, if any."""
    base = Path(root) / experiment
    if not base.is_dir():
        return None
    for folder in sorted((p for p in base.iterdir() if p.is_dir()), reverse=True):
        with contextlib.suppress(OSError, ValueError):
            if read_manifest(folder).get("status") != "complete":
                return folder
    return None


#: Columns every runs table has.
RUNS_COLUMNS = ("run_id", "scenario", "status")


def check_files(path: Path, complete: bool) -> None:
    """Read the footer of every Parquet file of a store; :class:`InputError` naming a bad one.

    Only metadata is read (cheap), so damage shows when the store is opened,
    not later when a table is first used.
    """
    import pyarrow.parquet as pq

    if complete:
        files = [path / "runs.parquet", *sorted(path.glob("*/part-*.parquet")),
                 *(path / f"{s}.parquet" for s in ANALYSIS_TABLES)]
    else:
        files = sorted((path / JOURNAL).glob("runs-*.parquet"))
    for file in files:
        if not file.exists() and file.name != "runs.parquet":
            continue
        try:
            names = pq.read_schema(file).names
        except (OSError, ValueError, ArrowException) as exc:
            raise corrupt(file, exc) from None
        needed = RUNS_COLUMNS if file.name.startswith("runs") else \
            ("run_id",) if file.name.startswith("part-") else ()
        missing = [c for c in needed if c not in names]
        if missing:
            raise corrupt(file, f"missing column(s) {', '.join(missing)}")
