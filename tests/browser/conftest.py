"""Browser tests: headless Chromium (Debian's package) driven by Playwright.

Skipped cleanly when Chromium or the Playwright package is missing. Screenshots go
to ``test-output/browser/`` at the repository root (git-ignored).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output" / "browser"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-dev-shm-usage"]


def chromium_path() -> str | None:
    """Debian's chromium, or another on PATH (CHROMIUM overrides)."""
    for candidate in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser"):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


@pytest.fixture(scope="session")
def output_dir() -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    return OUTPUT


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    exe = chromium_path()
    if exe is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture()
def tab(browser: Any) -> Iterator[SimpleNamespace]:
    """A fresh page plus what it logged: ``console_errors``, ``page_errors``, ``requests``."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    rec = SimpleNamespace(page=page, console_errors=[], page_errors=[], requests=[])
    page.on("console", lambda m: rec.console_errors.append(m.text) if m.type == "error"
            else None)
    page.on("pageerror", lambda e: rec.page_errors.append(str(e)))
    page.on("request", lambda r: rec.requests.append(r.url))
    try:
        yield rec
    finally:
        context.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def dashboard_url(browser: Any) -> Iterator[str]:
    """Serve the dashboard on 127.0.0.1 and a free port for the session."""
    pytest.importorskip("solara")
    pytest.importorskip("anywidget")
    from commsim.app import assets
    from commsim.cli.app import command_line

    if assets.missing_assets():
        try:
            assets.fetch_assets()
        except (RuntimeError, subprocess.SubprocessError) as exc:
            pytest.skip(f"dashboard browser assets unavailable offline: {exc}")
    port = free_port()
    env = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False"}
    log = (OUTPUT / "dashboard-server.log")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with log.open("w") as fh:
        proc = subprocess.Popen(command_line(port, "127.0.0.1"), stdout=fh,
                                stderr=subprocess.STDOUT, env=env, cwd=ROOT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"dashboard server did not start:\n{log.read_text()[-2000:]}")
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
