"""``commsim app [--port N] [--host 127.0.0.1]``: serve the live dashboard."""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

from commsim.core.errors import InputError


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the command's arguments."""
    parser.add_argument("--port", type=int, default=8765,
                        help="port to serve on (default 8765; 0 picks a free port, printed "
                             "on start)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to bind (default 127.0.0.1, this machine only)")
    parser.add_argument("--open", action="store_true", help="open a browser tab")
    parser.add_argument("--plugin", dest="plugins", action="append", default=[],
                        metavar="MODULE_OR_FILE",
                        help="import a module that registers extra policies (repeatable); "
                             "they get switches and sliders")
    parser.add_argument("--district", dest="districts", action="append", default=[],
                        metavar="FILE",
                        help="offer this district file (CSV or Excel, see `commsim district "
                             "template`) first in the dashboard's district menu (repeatable)")
    parser.add_argument("--fetch-assets", action="store_true",
                        help="first download the page's browser assets with npm, so the "
                             "dashboard works without internet (e.g. before a talk)")


#: The server's environment: no telemetry, no "This website runs on Solara" banner, and no
#: warning that a page served on 127.0.0.1 (plain http, not embedded in an iframe) falls
#: back to SameSite=Lax cookies, which is what a local dashboard wants.
SERVER_ENV: dict[str, str] = {
    "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False", "SOLARA_THEME_SHOW_BANNER": "False",
    "PYTHONWARNINGS": "ignore:Cookies with samesite=none require https:UserWarning",
}


def is_loopback(host: str) -> bool:
    """Whether ``host`` serves this machine only (``localhost``, ``127.x``, ``::1``)."""
    import ipaddress

    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def command_line(port: int, host: str, *, open_browser: bool = False) -> list[str]:
    """The ``solara run`` command line that serves the dashboard."""
    return [sys.executable, "-m", "solara", "run", "commsim.app.app", "--host", host,
            "--port", str(port), "--production", "--open" if open_browser else "--no-open",
            "--log-level", "warning"]


def main(args: argparse.Namespace) -> int:
    """Run the Solara server until interrupted."""
    for module in ("solara", "anywidget"):
        if importlib.util.find_spec(module) is None:
            raise InputError(f"the dashboard needs {module}: pip install 'commsim[app]'")
    from commsim.app import assets
    from commsim.inputs.endpoints import bindable_port, check_host

    port = bindable_port(check_host(args.host), args.port)  # 0: the free port picked here
    districts = [str(Path(d).expanduser().resolve()) for d in getattr(args, "districts", [])]
    if districts:
        from commsim.inputs.district import district_for

        for district in districts:
            district_for(district)  # a bad file fails here, in one line, not in the server

    if args.fetch_assets:
        try:
            fetched = assets.fetch_assets()
        except RuntimeError as exc:
            raise InputError(str(exc)) from exc
        sys.stderr.write(f"browser assets ready ({len(fetched)} fetched) in {assets.cache_dir()}\n")
    missing = assets.missing_assets()
    if missing:
        sys.stderr.write("note: the page will fetch " + ", ".join(missing) + " from the CDN on "
                         "first load; offline, run `commsim app --fetch-assets` first\n")
    if not is_loopback(args.host):
        sys.stderr.write(f"warning: the dashboard has no login: anyone who can reach "
                         f"{args.host}:{port} can use it and run simulations on this machine "
                         f"(--host 127.0.0.1 keeps it to this machine)\n")
    sys.stderr.write(f"commsim dashboard on http://{args.host}:{port}/ (Ctrl-C stops)\n")
    sys.stderr.flush()
    env = {**os.environ, **SERVER_ENV,
           "COMMSIM_LANG": getattr(args, "lang", "en")}  # `--lang zh`: a Chinese dashboard
    if districts:
        from commsim.run.live import DISTRICTS_ENV

        env[DISTRICTS_ENV] = os.pathsep.join(districts)
    plugins = [str(Path(p).resolve()) if p.endswith(".py") else p
               for p in getattr(args, "plugins", [])]
    if plugins:
        from commsim.inputs.plugins import load_plugins

        load_plugins(plugins)  # a bad plugin fails here, in one line, not in the server
        env["COMMSIM_PLUGINS"] = os.pathsep.join(plugins)
    cmd = command_line(port, args.host, open_browser=args.open)
    if os.name == "posix":
        os.execve(cmd[0], cmd, env)  # the server replaces this process: one pid to stop
    try:
        return subprocess.call(cmd, env=env)
    except KeyboardInterrupt:
        return 0
