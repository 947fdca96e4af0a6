"""Start-up time of the command line (not a test: run with ``make bench``).

Times fresh ``commsim --help``, ``commsim scenarios`` and ``python -c "import commsim"``
processes (wall clock, median of ``--repeat`` runs) and lists the slowest imports of
``commsim --help`` from ``python -X importtime``.

Usage::

    python benchmarks/bench_cli.py [--repeat 10] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

COMMANDS = {
    "commsim --help": [sys.executable, "-m", "commsim.cli", "--help"],
    "commsim scenarios": [sys.executable, "-m", "commsim.cli", "scenarios"],
    "import commsim": [sys.executable, "-c", "import commsim"],
    "python (empty)": [sys.executable, "-c", "pass"],
}


def wall_times(argv: list[str], repeat: int) -> list[float]:
    """Wall-clock seconds of ``repeat`` fresh runs of ``argv``."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return times


def slowest_imports(argv: list[str], most: int = 8) -> list[tuple[str, float]]:
    """Top-level imports of ``argv`` by cumulative time (seconds), from ``-X importtime``."""
    done = subprocess.run([argv[0], "-X", "importtime", *argv[1:]], capture_output=True,
                          text=True, check=True)
    rows = []
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            _, cumulative, name = (part.strip() for part in line[12:].split("|"))
            if cumulative.isdigit() and not name.startswith(" "):
                rows.append((name, int(cumulative) / 1e6))
    return sorted(rows, key=lambda r: -r[1])[:most]


def main() -> None:
    """Print the medians (and optionally write them as JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    results = {}
    for label, argv in COMMANDS.items():
        times = wall_times(argv, args.repeat)
        results[label] = {"median_s": statistics.median(times), "min_s": min(times),
                          "max_s": max(times)}
        print(f"{label:<20} median {statistics.median(times):.3f} s  "
              f"(min {min(times):.3f}, max {max(times):.3f}, {args.repeat} runs)")
    print("slowest imports of commsim --help (cumulative):")
    for name, seconds in slowest_imports(COMMANDS["commsim --help"]):
        print(f"  {name:<32} {seconds * 1000:7.1f} ms")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(results, fh, indent=2)


if __name__ == "__main__":
    main()
