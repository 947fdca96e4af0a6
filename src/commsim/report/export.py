"""Static images of the report's figures for slides (PNG or SVG via kaleido)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from commsim.core.errors import InputError
from commsim.report.html import Section


def export_images(sections: Sequence[Section], folder: str | Path, *,
                  fmt: str = "png", scale: float = 2.0) -> list[Path]:
    """Write each figure as an image named after its section.

    Parameters
    ----------
    sections : sequence of Section
        Figures from :func:`commsim.report.build_sections`.
    folder : str or Path
        Output folder (created if needed).
    fmt : {"png", "svg"}
        Image format.
    scale : float
        Resolution multiplier for PNG.

    Returns
    -------
    list of Path
        Files written.

    Raises
    ------
    InputError
        If kaleido (and the Chromium it drives) is not available.

    """
    if fmt not in ("png", "svg"):
        raise InputError(f"image format must be png or svg, not {fmt!r}")
    try:
        import kaleido  # noqa: F401
    except ModuleNotFoundError as exc:
        raise InputError("image export needs kaleido: pip install 'commsim[images]' "
                         "(and a Chromium browser)") from exc
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for section in sections:
        path = folder / f"{section.key}.{fmt}"
        try:
            section.figure.write_image(path, format=fmt, scale=scale, width=1100)
        except Exception as exc:  # noqa: BLE001 - kaleido reports missing browsers many ways
            raise InputError(f"could not export {section.key}.{fmt}: {exc}") from exc
        written.append(path)
    return written
