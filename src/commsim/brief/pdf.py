"""Print the brief's page to PDF with headless Chromium.

Why Chromium: it is the browser the report and dashboard are already tested in (Debian's
``chromium`` package, installed by ``make browser``), it lays out Chinese text with the
system's CJK fonts exactly as the HTML report shows it, and its print engine honours the
page's ``@page { size: A4 }``. WeasyPrint would add a second layout engine (with its own
Pango/cairo libraries) to maintain beside the browser we already need.

Chromium runs once per brief, headless and isolated: no sandbox (containers), no GPU, no
background networking or component updates, and a throw-away profile folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from commsim.core.errors import InputError

#: Flags of every headless launch (see the module docstring).
FLAGS: tuple[str, ...] = ("--headless", "--no-sandbox", "--disable-gpu",
                          "--disable-background-networking", "--disable-component-update",
                          "--disable-dev-shm-usage", "--no-first-run",
                          "--no-pdf-header-footer")
#: Seconds a print may take before it is abandoned.
TIMEOUT = 120


def chromium() -> str:
    """Path of the Chromium executable (``$CHROMIUM`` overrides the search on ``PATH``)."""
    for candidate in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser",
                      "google-chrome"):
        if candidate and (found := shutil.which(candidate)):
            return found
    raise InputError("Chromium is needed to write a PDF brief", key="-o", value=".pdf",
                     allowed="install chromium (make browser), or write .docx or .html",
                     source="command line")


def print_pdf(html: str, out: Path) -> None:
    """Print ``html`` to the PDF file ``out`` (written whole, or not at all)."""
    exe = chromium()
    with tempfile.TemporaryDirectory(prefix="commsim-brief-") as tmp:
        page = Path(tmp) / "brief.html"
        page.write_text(html, encoding="utf-8")
        pdf = Path(tmp) / "brief.pdf"
        command = [exe, *FLAGS, f"--user-data-dir={Path(tmp) / 'profile'}",
                   f"--print-to-pdf={pdf}", page.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT,
                                  check=False)
        except subprocess.TimeoutExpired:
            raise InputError("Chromium did not finish printing the brief", key="-o",
                             value=str(out), allowed=f"a print within {TIMEOUT} s",
                             source=exe) from None
        if done.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
            last = (done.stderr or "").strip().splitlines()[-1:] or ["no output"]
            raise InputError("Chromium could not print the brief", key="-o", value=str(out),
                             allowed="a working headless Chromium", source=last[0])
        shutil.move(str(pdf), out)
