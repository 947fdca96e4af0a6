"""Chinese report and dashboard in headless Chromium: CJK glyphs render, nothing hidden.

Needs a CJK font from Debian (``apt-get install fonts-noto-cjk``, done by ``make browser``);
without one the glyph checks fail, as :func:`test_glyph_check_fails_without_a_cjk_font`
demonstrates. Screenshots are saved for review (paths printed and listed at the end).
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import _report_store as rs  # noqa: E402
from browser._glyphs import (  # noqa: E402
    cjk_glyphs_drawn,
    glyph_problems,
    glyph_report,
    platform_fonts,
)
from browser.conftest import CHROMIUM_ARGS, SAVED, chromium_path, save_screenshot  # noqa: E402
from commsim.cli import main as cli_main  # noqa: E402

pytestmark = pytest.mark.browser

SCENARIOS = ("baseline", "admission_gate", "purchased_services", "paperless_digital_inspections")
#: Policy and scenario names that must show as Chinese glyphs.
SAMPLE = "准入制度购买式服务无纸化办公"
NO_INNER_SCROLL = """sel => Array.from(document.querySelectorAll(sel + ', ' + sel + ' *'))
    .filter(e => e.scrollHeight > e.clientHeight + 1 &&
                 ['auto', 'scroll'].includes(getComputedStyle(e).overflowY))
    .map(e => e.tagName + '.' + e.className)"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return rs.comparison_store(tmp_path_factory.mktemp("store") / "run", scenarios=SCENARIOS,
                               reps=2)


def _report(store: Path, folder: Path, lang: str) -> Path:
    out = folder / f"report-{lang}.html"
    assert cli_main(["report", str(store), "-o", str(out), "--lang", lang]) == 0
    return out


@pytest.fixture(scope="module")
def zh_report(store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _report(store, tmp_path_factory.mktemp("zh"), "zh")


@pytest.fixture(scope="module")
def en_report(store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _report(store, tmp_path_factory.mktemp("en"), "en")


def _open(tab: SimpleNamespace, path: Path) -> Any:
    page = tab.page
    page.goto(path.as_uri())
    expected = page.locator("section.figure").count()
    page.wait_for_function(
        "n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n", arg=expected)
    assert tab.page_errors == [] and tab.console_errors == []
    assert set(tab.requests) == {path.as_uri()}, "the report must load nothing but itself"
    return page


def _headline_checks(page: Any) -> str:
    """The headline table: no inner scroll anywhere in it; returns its text."""
    table = page.locator("#headline-table")
    assert table.count() == 1
    assert page.evaluate(NO_INNER_SCROLL, "#headline") == []
    sizes = page.evaluate("""() => { const s = document.querySelector('#headline');
        return [s.scrollHeight, s.clientHeight]; }""")
    assert sizes[0] <= sizes[1], sizes  # the section shows all of its table
    return str(table.inner_text())


def test_chinese_report_renders_cjk_glyphs(tab: SimpleNamespace, zh_report: Path,
                                           output_dir: Path) -> None:
    page = _open(tab, zh_report)
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert "分析报告" in page.locator("h1").inner_text()
    first = page.locator("main > section").first
    assert first.get_attribute("id") == "decision"  # the report opens with the decision
    assert "决策摘要" in first.inner_text() and "仅供参考" in first.inner_text()  # 2 reps
    for selector in ("h1", "#decision .verdict", "#headline-table td.scenario"):
        fonts = platform_fonts(page, selector)
        assert cjk_glyphs_drawn(fonts) > 0, (selector, fonts)
    # Plotly draws its own SVG text: a Chinese panel title of the forest plot
    fonts = platform_fonts(page, "#fig-forest .annotation-text")
    assert cjk_glyphs_drawn(fonts) > 0, fonts
    report = glyph_report(page, SAMPLE)
    assert glyph_problems(report, SAMPLE) == [], report["font"]
    text = _headline_checks(page)
    for label in ("每名干部每周加班时长", "居民满意率", "干部流失率", "全社会成本"):
        assert label in text, label  # every headline metric and the cost, in the page
    for name in ("现状(基线)", "准入制度", "购买式服务", "无纸化办公+电子台账迎检"):
        assert name in text, name  # full scenario names
    save_screenshot(page, output_dir / "report-zh-top.png")
    page.locator("#headline").scroll_into_view_if_needed()
    save_screenshot(page, output_dir / "report-zh-headline.png")
    save_screenshot(page, output_dir / "report-zh.png", full_page=True)


def test_english_report_layout(tab: SimpleNamespace, en_report: Path,
                               output_dir: Path) -> None:
    page = _open(tab, en_report)
    assert page.locator("main > section").first.get_attribute("id") == "decision"
    assert "Decision summary" in page.locator("#decision").inner_text()
    assert page.locator("#fig-decision .main-svg").count() >= 1  # cost-effectiveness plane
    text = _headline_checks(page)
    assert "paperless_digital_inspections" in text and "Full social cost" in text
    ticks = page.locator("#fig-distributions .xtick text").evaluate_all(
        "els => els.map(e => e.textContent)")
    assert set(SCENARIOS) <= set(ticks), ticks  # every box names its scenario
    titles = " ".join(page.locator("#fig-forest .annotation-text").evaluate_all(
        "els => els.map(e => e.textContent)"))
    assert "lower is better" in titles and "higher is better" in titles
    save_screenshot(page, output_dir / "report-en-top.png")
    page.locator("#distributions").scroll_into_view_if_needed()
    save_screenshot(page, output_dir / "report-en-boxes.png")


def test_headline_png_is_complete(store: Path, output_dir: Path) -> None:
    pytest.importorskip("kaleido", reason="pip install 'commsim[images]'")
    image = pytest.importorskip("PIL.Image")
    from commsim.report import build_sections, export_images, load_results

    for lang in ("en", "zh"):
        sections = [s for s in build_sections(load_results(store), lang=lang)
                    if s.key == "headline"]
        (png,) = export_images(sections, output_dir / f"png-{lang}")
        SAVED.append(png)
        print(f"screenshot: {png}")
        with image.open(png) as im:
            rgb = im.convert("RGB")
            width, height = rgb.size
            bottom = rgb.crop((0, height - 40, width, height)).getcolors(maxcolors=4)
        # the table ends above the image's bottom edge: its last rows are all drawn
        assert bottom is not None and len(bottom) == 1, (lang, bottom)


def test_glyph_check_fails_without_a_cjk_font(browser: Any, tmp_path: Path) -> None:
    """The same checks on a Chromium that sees no CJK font report boxes, not glyphs."""
    latin = [d for d in ("/usr/share/fonts/truetype/dejavu",) if Path(d).is_dir()]
    if not latin:
        pytest.skip("no DejaVu fonts to build a Latin-only font configuration")
    conf = tmp_path / "fonts.conf"
    conf.write_text("<?xml version='1.0'?><!DOCTYPE fontconfig SYSTEM 'fonts.dtd'>"
                    f"<fontconfig><dir>{latin[0]}</dir>"
                    f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>")
    bare = browser.browser_type.launch(executable_path=chromium_path(), headless=True,
                                       args=CHROMIUM_ARGS, env={"FONTCONFIG_FILE": str(conf),
                                                                "HOME": str(tmp_path)})
    try:
        page = bare.new_page()
        page.set_content(f"<html><body style=\"font-family: 'Noto Sans CJK SC', sans-serif\">"
                         f"<p id='t'>{SAMPLE}</p></body></html>")
        assert glyph_problems(glyph_report(page, SAMPLE), SAMPLE) != []
        assert cjk_glyphs_drawn(platform_fonts(page, "#t")) == 0
    finally:
        bare.close()


def test_chinese_dashboard_renders_cjk_glyphs(tab: SimpleNamespace, dashboard_url_zh: str,
                                              output_dir: Path) -> None:
    page = tab.page
    page.goto(dashboard_url_zh)
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length >= 4")
    page.wait_for_function(r"() => /第0天/.test(document.body.innerText)")
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .gtitle').length"
                           " >= 4")  # every chart drawn, titled in Chinese
    body = page.locator("body").inner_text()
    for words in ("实时图表", "与基线对比", "每名干部每周加班", "无准入制度"):
        assert words in body or page.get_by_text(words).count() >= 1, words
    assert tab.page_errors == []
    fonts = platform_fonts(page, ".commsim-status")
    assert cjk_glyphs_drawn(fonts) > 0, fonts
    report = glyph_report(page, SAMPLE)
    assert glyph_problems(report, SAMPLE) == [], report["font"]
    save_screenshot(page, output_dir / "dashboard-zh.png")
