"""Browser tests: headless Chromium (Debian's package) driven by Playwright.

Skipped cleanly when Chromium or the Playwright package is missing. Screenshots go
to ``test-output/browser/`` at the repository root (git-ignored), or to the folder named
by ``$COMMSIM_TEST_OUTPUT``; their paths are listed at the end of the pytest run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from _ports import free_port

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = Path(os.environ.get("COMMSIM_TEST_OUTPUT") or ROOT / "test-output" / "browser")
#: Screenshots saved during the session (listed in the terminal summary).
SAVED: list[Path] = []
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


def save_screenshot(page: Any, path: Path, *, full_page: bool = False) -> Path:
    """Screenshot ``page`` into ``path``, print the path and list it in the run's summary."""
    page.screenshot(path=str(path), full_page=full_page)
    SAVED.append(path)
    print(f"screenshot: {path}")
    return path


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """List the screenshots taken for review."""
    if SAVED:
        terminalreporter.section("screenshots for review")
        for path in SAVED:
            terminalreporter.write_line(str(path))


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


@pytest.fixture(scope="session")
def dashboard_url(browser: Any) -> Iterator[str]:
    """Serve the dashboard (English) on 127.0.0.1 and a free port for the session."""
    yield from _serve("en")


@pytest.fixture(scope="session")
def dashboard_url_zh(browser: Any) -> Iterator[str]:
    """Serve the Chinese dashboard (``commsim app --lang zh``) for the session."""
    yield from _serve("zh")


def _serve(lang: str) -> Iterator[str]:
    """Serve the dashboard in ``lang`` on 127.0.0.1 and a free port."""
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
    # a plugin's policy must get its own switch (tests/browser/test_app_browser.py)
    from commsim.cli.app import SERVER_ENV

    env = {**os.environ, **SERVER_ENV, "COMMSIM_LANG": lang,
           "COMMSIM_PLUGINS": str(ROOT / "examples" / "meeting_quota.py")}
    OUTPUT.mkdir(parents=True, exist_ok=True)
    log = OUTPUT / f"dashboard-server-{lang}.log"
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
