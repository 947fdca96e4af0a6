"""Simulated days per second of the live dashboard in a real browser (issue 18).

Serves the dashboard (``commsim app``'s Solara command line) on a free loopback port,
opens it in headless Chromium (found and flagged as for the PDF brief, driven by
Playwright as the browser tests do), presses play with the default settings (8
communities, the default replications and their baseline twins, from the captured
warm-up) and reads the day on screen until it reaches ``--days``. Reports the seconds
from the click to the first advanced day (which includes building the replications from
their warm-ups) and the days per second from then on, frames and chart updates included.

Usage::

    python benchmarks/bench_dashboard_browser.py [--days 120]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import time
import urllib.request

from commsim.brief.pdf import FLAGS, chromium
from commsim.cli.app import SERVER_ENV, command_line
from commsim.inputs.endpoints import bindable_port

DAY = re.compile(r"Day (\d+) of \d+")


def _day(page: object) -> int:
    match = DAY.search(page.inner_text("body"))  # type: ignore[attr-defined]
    return int(match.group(1)) if match else -1


def main() -> None:
    """Serve, open, play and print the measurement."""
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=120, help="days to play (default 120)")
    args = parser.parse_args()
    exe = chromium()
    port = bindable_port("127.0.0.1", 0)
    server = subprocess.Popen(command_line(port, "127.0.0.1"), env={**os.environ, **SERVER_ENV},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("the dashboard server did not start") from None
                time.sleep(0.5)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=exe, headless=True,
                                         args=[f for f in FLAGS if f != "--headless"])
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(120_000)
            start = time.perf_counter()
            page.goto(url)
            page.wait_for_function(
                "() => document.querySelectorAll('.js-plotly-plot').length >= 4")
            page.wait_for_function(r"() => /Day 0 of \d+/.test(document.body.innerText)")
            loaded = time.perf_counter() - start
            page.get_by_role("button", name="▶", exact=True).click()
            clicked = time.perf_counter()
            while _day(page) < 1:
                time.sleep(0.05)
            first = time.perf_counter()
            first_day = _day(page)
            while (day := _day(page)) < args.days:
                time.sleep(0.05)
            end = time.perf_counter()
            page.get_by_role("button", name="❚❚", exact=True).click()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=15)
    rate = (day - first_day) / (end - first)
    print(f"first load {loaded:.1f} s; click to first advanced day {first - clicked:.1f} s "
          f"(day {first_day}); then days {first_day} -> {day} in {end - first:.1f} s: "
          f"{rate:.1f} simulated days/s (1-minute load {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
