"""Subcommands of the ``commsim`` command line (one module each)."""
