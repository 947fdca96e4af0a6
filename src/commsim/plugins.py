"""Load researchers' extension modules (``--plugin``).

A plugin is any Python module that registers policies (``commsim.policies.register``)
or declares parameters when imported. Give it as a dotted module name on the
Python path (``mypkg.meeting_quota``) or as a path to a ``.py`` file.

Whatever goes wrong while importing a plugin — a missing file, a syntax error, a
failed import inside it, any exception it raises, a policy name or parameter that
is already taken — becomes one :class:`~commsim.errors.InputError` naming the
plugin and, where known, the file and line.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import sys
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType

from commsim.errors import InputError

_ALLOWED = "a .py file or an importable module"


def module_name(path: Path) -> str:
    """The module name a plugin file is imported under.

    It includes a hash of the file's absolute path, so two plugins with the same
    file name in different folders are two modules, and the same file always gets
    the same name (also in worker processes).
    """
    resolved = str(path.resolve())
    digest = hashlib.blake2s(resolved.encode(), digest_size=4).hexdigest()
    return f"commsim_plugin_{path.stem}_{digest}"


def load_plugin(spec: str) -> ModuleType:
    """Import one plugin by module name or file path."""
    path = Path(spec)
    if path.suffix != ".py":
        if spec in sys.modules:
            return sys.modules[spec]
        return _import(spec, spec, lambda: importlib.import_module(spec), _origin(spec))
    if not path.is_file():
        raise InputError("plugin file not found", key="--plugin", value=spec,
                         allowed=_ALLOWED, source=spec)
    name = module_name(path)
    if name in sys.modules:
        return sys.modules[name]

    def execute() -> ModuleType:
        module_spec = importlib.util.spec_from_file_location(name, path)
        assert module_spec is not None and module_spec.loader is not None
        module = importlib.util.module_from_spec(module_spec)
        sys.modules[name] = module
        module_spec.loader.exec_module(module)
        return module

    return _import(spec, name, execute, str(path.resolve()))


def _origin(module: str) -> str | None:
    """The file a dotted module would be imported from, if it can be found."""
    try:
        found = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    return found.origin if found is not None else None


def _import(spec: str, name: str, execute: Callable[[], ModuleType],
            origin: str | None) -> ModuleType:
    """Run ``execute()``; turn any failure into one :class:`InputError`."""
    try:
        return execute()
    except InputError:
        sys.modules.pop(name, None)
        raise
    except SyntaxError as exc:
        sys.modules.pop(name, None)
        raise InputError(f"plugin has a syntax error ({exc.msg})", key="--plugin", value=spec,
                         allowed="valid Python", source=f"{exc.filename}:{exc.lineno}") from None
    except ModuleNotFoundError as exc:
        sys.modules.pop(name, None)
        raise InputError(f"cannot import plugin ({exc})", key="--plugin", value=spec,
                         allowed=_ALLOWED, source=_where(exc, spec, origin)) from None
    except Exception as exc:  # noqa: BLE001 - any failure of user code at import
        sys.modules.pop(name, None)
        raise InputError(f"plugin failed on import ({type(exc).__name__}: {exc})",
                         key="--plugin", value=spec, allowed="a module that imports cleanly",
                         source=_where(exc, spec, origin)) from None


def _where(exc: BaseException, spec: str, origin: str | None) -> str:
    """``file:line`` of the innermost frame in the plugin's own file (else ``spec``)."""
    if origin is not None:
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if str(Path(frame.filename).resolve()) == str(Path(origin).resolve()):
                return f"{frame.filename}:{frame.lineno}"
    return spec


def load_plugins(specs: Iterable[str]) -> list[ModuleType]:
    """Import every plugin in order."""
    return [load_plugin(spec) for spec in specs]
