"""``commsim calibrate SPEC.toml``: registration module (the code is in ``command``)."""

from commsim.robust.command import configure_calibrate as configure
from commsim.robust.command import main_calibrate as main

__all__ = ["configure", "main"]
