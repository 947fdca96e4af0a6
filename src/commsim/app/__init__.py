"""The live dashboard (Mesa ``SolaraViz``); needs ``pip install 'commsim[app]'``.

- :class:`~commsim.app.model.DashboardModel` — the model with flat controls and a baseline twin.
- :mod:`commsim.app.charts` — the dashboard's Plotly figures (pure functions).
- :mod:`commsim.app.app` — the page (``solara run commsim.app.app``).
"""
