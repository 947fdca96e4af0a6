"""Progress bar of a running experiment."""

from __future__ import annotations

import sys


class ProgressBar:
    """tqdm bar of runs with failures in its postfix."""

    def __init__(self, desc: str, total: int, initial: int, failed: int,
                 enabled: bool | None) -> None:
        from tqdm import tqdm

        self.failed = failed
        self.tqdm = tqdm(total=total, initial=initial, unit="run", desc=desc, file=sys.stderr,
                         disable=None if enabled is None else not enabled, dynamic_ncols=True,
                         smoothing=0.1)
        self.tqdm.set_postfix(failed=failed, refresh=False)

    def update(self, n: int, failed: bool) -> None:
        """Count ``n`` more runs (one more failure if ``failed``)."""
        if failed:
            self.failed += 1
            self.tqdm.set_postfix(failed=self.failed, refresh=False)
        self.tqdm.update(n)

    def grow(self, total: int) -> None:
        """Raise the total (replications were added)."""
        self.tqdm.total = total
        self.tqdm.refresh()

    def close(self) -> None:
        """Close the bar."""
        self.tqdm.close()


def progress_bar(enabled: bool | None, desc: str, total: int, initial: int,
                 failed: int) -> ProgressBar | None:
    """A progress bar, or None when disabled (``None``: shown when stderr is a terminal)."""
    if enabled is False:
        return None
    return ProgressBar(desc, total, initial, failed, enabled)
