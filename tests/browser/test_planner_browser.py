"""The planner's outputs in headless Chromium: the brief, the Chinese report and dashboard.

- the PDF brief is one A4 page (pdfinfo from poppler-utils, or the PDF's page objects),
  and the page it prints draws its Chinese with a CJK font (real glyphs);
- in the Chinese report no table header is cut (every header cell shows all of its
  text) and no section's table scrolls inside itself; the cost-effectiveness plane has
  no text labels on its points to collide;
- in the Chinese dashboard, the sidebar is commsim's (Chinese buttons, no Mesa words),
  and every live chart's legend lies clear of its day-axis title.

Screenshots are saved for review (listed at the end of the run).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import _planner_store as ps  # noqa: E402
from browser._glyphs import cjk_glyphs_drawn, platform_fonts  # noqa: E402
from browser.conftest import SAVED, save_screenshot  # noqa: E402
from commsim.cli import main as cli_main  # noqa: E402

pytestmark = pytest.mark.browser

#: Every header cell whose text is wider than the cell (cut or hidden).
CUT_HEADERS = """() => Array.from(document.querySelectorAll('th'))
    .filter(th => th.offsetParent !== null && th.scrollWidth > th.clientWidth + 1)
    .map(th => th.innerText)"""
#: Pairs of boxes overlapping: [legend, x-axis title] of every chart.
LEGEND_ON_AXIS = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).filter(p => {
    const legend = p.querySelector('.legend'), title = p.querySelector('.g-xtitle');
    if (!legend || !title || !legend.getBoundingClientRect().height) return false;
    const a = legend.getBoundingClientRect(), b = title.getBoundingClientRect();
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }).length"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ps.comparison(tmp_path_factory.mktemp("planner") / "cmp", lang="zh")


def pdf_pages(path: Path) -> int:
    """Pages of a PDF: pdfinfo's count when poppler-utils is there, else its page objects."""
    if shutil.which("pdfinfo"):
        out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                             check=True).stdout
        match = re.search(r"^Pages:\s+(\d+)", out, flags=re.M)
        assert match, out
        return int(match.group(1))
    return len(re.findall(rb"/Type\s*/Page(?!s)", path.read_bytes()))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_brief_pdf_is_one_a4_page_with_real_glyphs(tab: SimpleNamespace, store: Path,
                                                   output_dir: Path, lang: str) -> None:
    pdf = output_dir / f"brief-{lang}.pdf"
    pdf.unlink(missing_ok=True)
    assert cli_main(["brief", str(store), "-o", str(pdf), "--lang", lang,
                     "--budget", "100000"]) == 0
    assert pdf.read_bytes().startswith(b"%PDF") and pdf_pages(pdf) == 1
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        assert "A4" in info, info
    if shutil.which("pdffonts") and shutil.which("pdftotext"):
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
        rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
        assert rows and all("yes" in r[-5:-3] for r in rows), fonts  # every font embedded
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                              text=True).stdout
        title = "社区减负政策决策简报" if lang == "zh" else "Policy brief"
        assert title in text, text[:300]  # the glyphs map back to the characters
    page_html = output_dir / f"brief-{lang}.html"
    page_html.unlink(missing_ok=True)
    assert cli_main(["brief", str(store), "-o", str(page_html), "--lang", lang,
                     "--budget", "100000"]) == 0
    page = tab.page
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.goto(page_html.as_uri())
    if lang == "zh":
        assert cjk_glyphs_drawn(platform_fonts(page, "h1")) > 0
        assert cjk_glyphs_drawn(platform_fonts(page, "td")) > 0
    assert page.evaluate(CUT_HEADERS) == []
    save_screenshot(page, output_dir / f"brief-{lang}.png", full_page=True)
    if shutil.which("pdftoppm"):
        png = output_dir / f"brief-{lang}-pdf"
        subprocess.run(["pdftoppm", "-r", "70", "-png", "-singlefile", str(pdf), str(png)],
                       check=True)
        SAVED.append(png.with_suffix(".png"))


def test_chinese_report_has_no_cut_header(tab: SimpleNamespace, store: Path,
                                          output_dir: Path) -> None:
    out = output_dir / "report-planner-zh.html"
    out.unlink(missing_ok=True)
    assert cli_main(["report", str(store), "-o", str(out), "--lang", "zh"]) == 0
    page = tab.page
    page.goto(out.as_uri())
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg')"
                           ".length >= 3")
    assert tab.page_errors == []
    assert page.evaluate(CUT_HEADERS) == []
    for key in ("headline", "priority", "cost-effectiveness", "community"):
        if page.locator(f"section#{key}").count():
            assert page.locator(f"section#{key} table").count() >= 1, key  # HTML, not Plotly
    # no point labels on the decision plane: the legend names the scenarios
    assert page.locator("#fig-decision .textpoint").count() == 0
    text = page.locator("main").inner_text()
    assert "优先推行的社区" in text and "万元" in text
    save_screenshot(page, output_dir / "report-planner-zh.png", full_page=True)


def test_chinese_dashboard_sidebar_and_legends(tab: SimpleNamespace, dashboard_url_zh: str,
                                               output_dir: Path) -> None:
    page = tab.page
    page.goto(dashboard_url_zh)
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length >= 4")
    for label in ("重置", "▶ 运行", "单步"):
        page.get_by_role("button", name=label, exact=True).wait_for()
    sidebar = page.locator(".v-navigation-drawer").inner_text()
    for mesa in ("Play Interval", "Render Interval", "Use Threads", "Model Parameters",
                 "Controls", "Time:", "RESET", "STEP"):
        assert mesa not in sidebar, mesa
    assert "运行控制" in sidebar and "模型参数" in sidebar and "准入制度" in sidebar
    assert "/" not in page.locator(".commsim-status").inner_text()  # no path of a file
    page.get_by_role("button", name="单步", exact=True).click()
    # one step is one frame (the days per frame, 7 by default): a measured day from 1 to 30
    page.wait_for_function(r"""() => (document.body.innerText.match(/第\d+天/g) || [])
        .some(s => { const n = parseInt(s.slice(1), 10); return n >= 1 && n <= 30; })""")
    assert page.evaluate(LEGEND_ON_AXIS) == 0
    assert page.get_by_text("This website runs on Solara").count() == 0
    save_screenshot(page, output_dir / "dashboard-planner-zh.png", full_page=True)
    page.get_by_role("tab", name="与基线对比").click()
    page.get_by_text("截至目前的汇总").wait_for()
    assert page.evaluate(LEGEND_ON_AXIS) == 0
    save_screenshot(page, output_dir / "dashboard-planner-zh-compare.png", full_page=True)
    assert tab.page_errors == []
