"""Browser assets Solara would fetch from a CDN, made available offline.

Solara's server proxies a few npm packages (its Vuetify app bundle, RequireJS, Font
Awesome) from ``cdn.jsdelivr.net`` on first use and caches them under
``<prefix>/share/solara/cdn``. In a hall without internet (or a sandboxed CI) that
first fetch fails and the page stays blank. :func:`fetch_assets` fills the cache
ahead of time with ``npm pack`` (the npm registry's ordinary client).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

_PACKAGE = re.compile(r"\{\{\s*cdn\s*\}\}/((?:@[\w.-]+/)?[\w.-]+@\d+\.\d+\.\d+)/")
_DYNAMIC = re.compile(r"\}/((?:@[\w.-]+/)?[\w.-]+@\d+\.\d+\.\d+(?:-[\w.]+)?)/")


def cache_dir() -> Path:
    """Solara's CDN proxy cache folder."""
    from solara.server import settings

    return Path(settings.assets.proxy_cache_dir)


def required_packages() -> list[str]:
    """The ``name@version`` npm packages the Solara page loads through its CDN proxy."""
    import ipyvue
    import solara
    import solara.server

    template = Path(solara.server.__file__).parent / "templates" / "solara.html.j2"
    found = list(dict.fromkeys(_PACKAGE.findall(template.read_text(encoding="utf-8"))))
    vue3 = ipyvue.__version__.startswith("3")
    keep = "solara-vuetify3-app@" if vue3 else "solara-vuetify-app@"
    packages = [p for p in found if "solara-vuetify" not in p or keep in p]
    # the draggable grid SolaraViz lays its components out with loads its bundle itself
    grid = Path(solara.__file__).parent / "widgets" / "vue" / (
        "gridlayout_v3.vue" if vue3 else "gridlayout.vue")
    if grid.is_file():
        packages += _DYNAMIC.findall(grid.read_text(encoding="utf-8"))
    from solara.server import settings

    if settings.assets.fontawesome_enabled:
        match = re.match(r"/?((?:@[\w.-]+/)?[\w.-]+@\d+\.\d+\.\d+)/",
                         settings.assets.fontawesome_path)
        if match:
            packages.append(match.group(1))
    return list(dict.fromkeys(packages))


def missing_assets() -> list[str]:
    """Required packages not yet in the cache."""
    base = cache_dir()
    return [p for p in required_packages() if not (base / p).is_dir()]


def fetch_assets(packages: list[str] | None = None, *, npm: str = "npm",
                 timeout: float = 120) -> list[str]:
    """Download the missing packages with ``npm pack`` and unpack them into the cache.

    Parameters
    ----------
    packages : list of str, optional
        ``name@version`` specs (default: :func:`missing_assets`).
    npm : str
        The npm executable.
    timeout : float
        Seconds allowed per package.

    Returns
    -------
    list of str
        Packages fetched.

    Raises
    ------
    RuntimeError
        If npm is not installed or a download fails.

    """
    packages = missing_assets() if packages is None else packages
    if not packages:
        return []
    exe = shutil.which(npm)
    if exe is None:
        raise RuntimeError("npm is not installed; cannot fetch the dashboard's browser assets")
    base = cache_dir()
    fetched = []
    with tempfile.TemporaryDirectory() as tmp:
        for spec in packages:
            before = set(Path(tmp).iterdir())
            proc = subprocess.run([exe, "pack", spec, "--pack-destination", tmp, "--silent"],
                                  capture_output=True, text=True, timeout=timeout, check=False)
            new = [p for p in Path(tmp).iterdir() if p not in before and p.suffix == ".tgz"]
            if proc.returncode != 0 or not new:
                raise RuntimeError(f"npm pack {spec} failed: {proc.stderr.strip()[-300:]}")
            target = base / spec
            staging = Path(tempfile.mkdtemp(prefix=".fetch-", dir=tmp))
            with tarfile.open(new[0]) as tar:
                tar.extractall(staging, filter="data")
            root = staging / "package"
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                shutil.rmtree(target)
            shutil.move(str(root if root.is_dir() else staging), str(target))
            fetched.append(spec)
    return fetched
