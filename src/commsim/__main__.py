"""``python -m commsim``: the same as the ``commsim`` command (``commsim.cli:main``)."""

from commsim.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
