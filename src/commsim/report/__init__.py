"""Self-contained interactive HTML reports of stored results.

- :func:`load_results` reads a results folder into a :class:`ResultsData`.
- :func:`build_sections` builds every figure the results support (pure functions
  of the stored frames, see :mod:`commsim.report.figures` and
  :mod:`commsim.report.sweep_figures`).
- :func:`write_report` writes one HTML file with plotly.js embedded once.
- :func:`export_images` saves the figures as PNG/SVG for slides (needs kaleido).
"""

from commsim.report.data import ResultsData, headline_table, load_results
from commsim.report.export import export_images
from commsim.report.html import Section, build_sections, render_html, write_report

__all__ = [
    "ResultsData", "Section", "build_sections", "export_images", "headline_table",
    "load_results", "render_html", "write_report",
]
