"""``commsim calibrate SPEC.toml``: registration module (the code is in ``commsim.cli.robust``)."""

from commsim.cli.robust import configure_calibrate as configure
from commsim.cli.robust import main_calibrate as main

__all__ = ["configure", "main"]
