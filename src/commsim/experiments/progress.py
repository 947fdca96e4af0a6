"""Progress of a running experiment: a bar on a terminal, a line every 30 s otherwise.

With stderr redirected (a batch job, ``nohup``, a log file) a bar would print nothing
useful; :class:`ProgressLines` writes one line at a fixed interval instead (runs done,
rate, time left), from a thread, so a line comes even while a long group of runs is
still working.
"""

from __future__ import annotations

import os
import sys
import threading
import time

from commsim.experiments.estimate import duration

#: Seconds between two progress lines when stderr is not a terminal.
LINE_SECONDS = float(os.environ.get("COMMSIM_PROGRESS_SECONDS", "30"))


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


class ProgressLines:
    """A line on stderr every ``interval`` seconds: runs done, rate and time left.

    Parameters
    ----------
    desc : str
        The experiment's name.
    total, initial, failed : int
        Runs in all, finished before this session, failed among them.
    expected : float, optional
        The estimate of this session's wall time (used until a run has finished).
    interval : float
        Seconds between lines.

    """

    def __init__(self, desc: str, total: int, initial: int, failed: int,
                 expected: float | None = None, interval: float = LINE_SECONDS) -> None:
        self.desc = desc
        self.total = total
        self.initial = initial
        self.done = initial
        self.failed = failed
        self.expected = expected
        self.interval = interval
        self.started = time.monotonic()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="commsim-progress", daemon=True)
        self._thread.start()

    def update(self, n: int, failed: bool) -> None:
        """Count ``n`` more runs (one more failure if ``failed``)."""
        with self._lock:
            self.done += n
            self.failed += int(failed)

    def grow(self, total: int) -> None:
        """Raise the total (replications were added)."""
        with self._lock:
            self.total = total

    def line(self) -> str:
        """The progress line as of now."""
        with self._lock:
            done, total, failed = self.done, self.total, self.failed
        elapsed = time.monotonic() - self.started
        fresh = done - self.initial
        if fresh > 0:
            rate = fresh / elapsed
            left = f"about {duration((total - done) / rate)} left"
            speed = f"{rate * 60:.1f} runs/min"
        else:
            speed = "no run finished yet"
            if self.expected is None:
                left = "time left not known yet"
            elif elapsed < self.expected:
                left = f"about {duration(self.expected - elapsed)} left (estimate)"
            else:
                left = f"longer than the estimate of {duration(self.expected)}"
        failures = f", {failed} failed" if failed else ""
        return (f"commsim: {self.desc}: {done}/{total} runs{failures} after "
                f"{duration(elapsed)}, {speed}, {left}")

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            sys.stderr.write(self.line() + "\n")
            sys.stderr.flush()

    def close(self) -> None:
        """Stop the lines (and write the last one)."""
        self._stop.set()
        self._thread.join(timeout=1.0)
        sys.stderr.write(self.line() + "\n")
        sys.stderr.flush()


def progress_bar(enabled: bool | None, desc: str, total: int, initial: int,
                 failed: int, expected: float | None = None) -> ProgressBar | ProgressLines | None:
    """Progress display, or None when disabled.

    ``None`` means: a bar when stderr is a terminal, else a line every
    :data:`LINE_SECONDS` seconds.
    """
    if enabled is False:
        return None
    if enabled is None and not sys.stderr.isatty():
        return ProgressLines(desc, total, initial, failed, expected)
    return ProgressBar(desc, total, initial, failed, enabled)
