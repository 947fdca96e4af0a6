"""The report opened in headless Chromium: offline, every figure drawn, hover shows values."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import _report_store as rs  # noqa: E402
from commsim.cli import main as cli_main  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return rs.comparison_store(tmp_path_factory.mktemp("store") / "run",
                               scenarios=("baseline", "admission_gate", "purchased_services"),
                               reps=2)


@pytest.fixture(scope="module")
def report(store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.html"
    assert cli_main(["report", str(store), "-o", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def sweep_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = rs.sweep_store(tmp_path_factory.mktemp("sweep") / "run")
    out = tmp_path_factory.mktemp("sweep-report") / "report.html"
    assert cli_main(["report", str(store), "-o", str(out)]) == 0
    return out


def _open(tab: SimpleNamespace, path: Path) -> int:
    page = tab.page
    url = path.as_uri()
    page.goto(url)
    expected = page.locator("section.figure").count()
    page.wait_for_function(
        "n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n", arg=expected)
    assert page.locator(".js-plotly-plot").count() == expected
    assert tab.page_errors == [] and tab.console_errors == []
    assert set(tab.requests) == {url}, "the report must load nothing but itself"
    return expected


def test_report_renders_offline_and_hover_shows_values(tab: SimpleNamespace, report: Path,
                                                      output_dir: Path) -> None:
    page = tab.page
    assert _open(tab, report) >= 6
    point = page.locator("#fig-forest .scatterlayer .points path").first
    point.scroll_into_view_if_needed()
    box = point.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    hover = page.locator("#fig-forest .hoverlayer .hovertext")
    hover.first.wait_for(state="visible")
    text = hover.first.text_content()
    assert "h per cadre-week" in text and re.search(r"-?\d+\.\d+", text), text
    page.screenshot(path=str(output_dir / "report-forest-hover.png"))  # viewport, tooltip on
    page.screenshot(path=str(output_dir / "report.png"), full_page=True)


def test_sweep_and_sensitivity_report_renders(tab: SimpleNamespace, sweep_report: Path,
                                              output_dir: Path) -> None:
    page = tab.page
    _open(tab, sweep_report)
    for key in ("sweep-heatmap", "sweep-parallel", "sobol", "morris"):
        assert page.locator(f"#fig-{key} .main-svg").count() >= 1, key
    page.screenshot(path=str(output_dir / "report-sweep.png"), full_page=True)


def test_png_export_for_slides(store: Path, output_dir: Path) -> None:
    """The exported forest plot decodes to an image of the figure's size with a drawing on it."""
    pytest.importorskip("kaleido", reason="pip install 'commsim[images]'")
    image = pytest.importorskip("PIL.Image")
    from commsim.report import build_sections, export_images, load_results

    sections = [s for s in build_sections(load_results(store)) if s.key == "forest"]
    (png,) = export_images(sections, output_dir / "png")
    with image.open(png) as im:
        assert im.format == "PNG"
        pixels = np.asarray(im.convert("RGB")).astype(int)  # rows x columns x RGB
    # export_images draws 1100 px wide at scale 2; the height is the figure's own
    height = sections[0].figure.layout.height or 500
    assert pixels.shape == (2 * height, 2 * 1100, 3)
    drawn = (pixels != pixels[0, 0]).any(axis=2).mean()  # not the background's colour
    assert 0.01 < drawn < 0.6, drawn  # axes, markers and labels; not blank, not a block
    saturated = pixels[pixels.max(axis=2) - pixels.min(axis=2) > 60]  # the scenarios' marks
    assert len(np.unique(saturated, axis=0)) >= 3, "no coloured markers drawn"
