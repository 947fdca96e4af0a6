"""The ``commsim`` command line.

Each subcommand lives in its own module of this package exposing
``configure(parser)`` and ``main(args) -> int``; this file only wires them
together and turns :class:`~commsim.core.errors.InputError` into one line on stderr
and exit status 2.

Start-up is kept fast: building the parser imports only the standard library and
this package; a command imports the model, pandas, SciPy or Plotly inside its
``main``, so ``commsim --help`` and ``commsim scenarios`` never load them.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import signal
import sys
import threading
from collections.abc import Iterator, Sequence

from commsim.cli.options import add_language_option, add_provenance_option
from commsim.cli.terminal import terminal_output, terminal_text
from commsim.core.errors import InputError

#: Commands that write a store, an export or a report (they take ``--provenance``).
PROVENANCE_COMMANDS: tuple[str, ...] = ("run", "compare", "sweep", "calibrate", "robust",
                                        "report", "export")
#: Subcommand name -> (module, one-line help).
COMMANDS: dict[str, tuple[str, str]] = {
    "scenarios": ("commsim.cli.scenarios", "list the built-in scenarios"),
    "run": ("commsim.cli.run", "run one simulation and print its summary"),
    "compare": ("commsim.cli.compare",
                "compare scenarios over replications with common random numbers"),
    "sweep": ("commsim.cli.sweep", "run an experiment specification (TOML)"),
    "calibrate": ("commsim.cli.calibrate",
                  "history-match the model to its targets: an ensemble of plausible worlds"),
    "robust": ("commsim.cli.robust",
               "robust decisions: regret, satisficing, scenario discovery, policy search"),
    "report": ("commsim.cli.report", "write a self-contained HTML report of results"),
    "app": ("commsim.cli.app", "serve the live dashboard"),
    "brief": ("commsim.cli.brief",
              "write a one-page brief for officials (PDF, Word or HTML)"),
    "export": ("commsim.cli.export", "export a results store as CSV files or an Excel workbook"),
    "district": ("commsim.cli.district", "write a district file template or check a district file"),
}


class _Parser(argparse.ArgumentParser):
    """argparse that exits with status 2 and one line, as every commsim error does."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"commsim: error: {message} (see '{self.prog} --help')\n")
        raise SystemExit(2)


def build_parser(lang: str = "en") -> argparse.ArgumentParser:
    """The argument parser with every available subcommand, its help in ``lang``."""
    parser = _Parser(prog="commsim", description=__doc__.splitlines()[0] if __doc__ else None)
    from commsim import __version__

    parser.add_argument("--version", action="version", version=f"commsim {__version__}")
    add_language_option(parser)  # also before the command: commsim --lang zh --help
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for name, (module_name, help_text) in COMMANDS.items():
        module = importlib.import_module(module_name)
        command = sub.add_parser(name, help=help_text, description=help_text)
        module.configure(command)
        add_language_option(command)
        if name in PROVENANCE_COMMANDS:
            add_provenance_option(command)
        command.set_defaults(_main=module.main)
    if lang == "zh":
        from commsim.cli.help_zh import translate

        translate(parser)
    return parser


def language_asked(argv: Sequence[str]) -> str:
    """The language of ``--lang zh|en`` in ``argv``, else the locale's (for ``--help``)."""
    from commsim.core.i18n import default_language

    for i, item in enumerate(argv):
        if item == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if item.startswith("--lang="):
            return item.split("=", 1)[1]
    return default_language()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``commsim`` command."""
    parser = build_parser(language_asked(sys.argv[1:] if argv is None else list(argv)))
    args = parser.parse_args(argv)
    from commsim.core.i18n import COMMAND_LANGUAGE, resolve_language
    from commsim.core.sharing import FULL

    args.lang = resolve_language(getattr(args, "lang", None))
    token = FULL.set(getattr(args, "provenance", "short") == "full")
    language = COMMAND_LANGUAGE.set(args.lang)
    try:
        with terminal_output(), terminate_as_interrupt():
            return int(args._main(args) or 0)
    except InputError as exc:
        sys.stderr.write(f"commsim: error: {terminal_text(exc)}\n")
        return InputError.exit_status
    except KeyboardInterrupt:
        sys.stderr.write("commsim: interrupted\n")
        return 130
    except BrokenPipeError:  # the reader went away (`commsim scenarios | head`)
        import os

        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    finally:
        FULL.reset(token)
        COMMAND_LANGUAGE.reset(language)


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """Handle SIGTERM (what batch schedulers and ``kill`` send) as Ctrl-C.

    The command then stops as after Ctrl-C: finished runs are committed, the workers
    are stopped and their resources released, and the store is left resumable.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)

