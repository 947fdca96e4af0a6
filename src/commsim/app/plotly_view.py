"""Plotly figures drawn by one shared plotly.js, loaded once from a browser-cached url.

Solara's ``FigurePlotly`` wraps plotly's ``FigureWidget``, an anywidget that sends the
whole plotly.js bundle (about 4.8 MB) with every figure; the browser compiles it again
for each chart, which made the dashboard's first load take tens of seconds. Here a small
Vue template draws each figure with ``Plotly.react`` and loads plotly.js once, through
Solara's asset proxy under an exact version (served as immutable, so a second visit
reads it from the browser cache). The bundle comes from the installed ``plotly``
package, so no internet is needed.
"""

from __future__ import annotations

import base64
import math
import re
import shutil
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

import ipyvuetify
import numpy as np
import plotly
import plotly.graph_objects as go
import solara
import traitlets

#: The bundle that ships with the ``plotly`` Python package.
BUNDLE = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
#: Chart options: no logo, PNG download at twice the size for slides.
CONFIG: dict[str, Any] = {"displaylogo": False, "toImageButtonOptions": {"format": "png",
                                                                       "scale": 2}}


def bundle_path() -> str:
    """``plotly.js-dist-min@<version>/plotly.min.js``: where the proxy serves the bundle."""
    head = BUNDLE.read_text(encoding="utf-8", errors="replace")[:200]
    match = re.search(r"plotly\.js v(\d+\.\d+\.\d+)", head)
    version = match.group(1) if match else "0.0.0"
    return f"plotly.js-dist-min@{version}/plotly.min.js"


def install_bundle() -> Path:
    """Copy the bundle into Solara's asset cache (once per plotly version)."""
    from commsim.app.assets import cache_dir

    target = cache_dir() / bundle_path()
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        shutil.copyfile(BUNDLE, partial)
        partial.replace(target)
    return target


def plain(value: Any) -> Any:
    """A figure dict as plain JSON values: lists for arrays, ``None`` for NaN.

    Plotly encodes arrays as base64 typed arrays (``{"dtype", "bdata", "shape"}``), which
    the page's own code (and a test reading ``div.data``) cannot read as numbers; NaN is
    not JSON.
    """
    if isinstance(value, dict) and "bdata" in value and "dtype" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        shape = value.get("shape")
        if shape:
            array = array.reshape([int(n) for n in str(shape).split(",")])
        return plain(array)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return [plain(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


class PlotlyChart(ipyvuetify.VuetifyTemplate):  # type: ignore[misc]
    """A Plotly figure as plain JSON, drawn in the browser by the shared plotly.js."""

    template_file = (__file__, "plotly_chart.vue")
    figure = traitlets.Any({}).tag(sync=True)
    config = traitlets.Any(CONFIG).tag(sync=True)
    bundle = traitlets.Unicode(bundle_path()).tag(sync=True)


@solara.component
def Chart(build: Callable[[], go.Figure | dict[str, Any]],  # noqa: N802 - a component
          token: Hashable) -> Any:
    """Draw the figure ``build`` returns, rebuilt only when ``token`` changes.

    ``build`` returns a Plotly figure or the plain dict of one (``data`` and ``layout``,
    sent as it is: no validation pass). A new figure updates the chart in place
    (``Plotly.react``, which keeps zoom and hidden traces through ``layout.uirevision``).
    """

    def figure() -> Any:
        fig = build()
        return plain(fig if isinstance(fig, dict) else fig.to_plotly_json())

    data = solara.use_memo(figure, [token])
    return PlotlyChart.element(figure=data)
