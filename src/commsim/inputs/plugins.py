"""Load researchers' extension modules (``--plugin``).

A plugin is any Python module that registers policies (``commsim.policies.register``)
or declares parameters when imported. Give it as a dotted module name on the
Python path (``mypkg.meeting_quota``) or as a path to a ``.py`` file.

Whatever goes wrong while importing a plugin — a missing file, a syntax error, a
failed import inside it, any exception it raises, a policy name or parameter that
is already taken — becomes one :class:`~commsim.core.errors.InputError` naming the
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

from commsim.core.errors import InputError
from commsim.core.parameters import SCHEMA

_ALLOWED = "a .py file or an importable module"
#: Prefix of the module name of a plugin loaded from a file path.
PLUGIN_PREFIX = "commsim_plugin_"
_DIGEST_CHARS = 8  # hex digits of the path hash in a plugin file's module name


def module_name(path: Path) -> str:
    """The module name a plugin file is imported under.

    It includes a hash of the file's absolute path, so two plugins with the same
    file name in different folders are two modules, and the same file always gets
    the same name (also in worker processes).
    """
    resolved = str(path.resolve())
    digest = hashlib.blake2s(resolved.encode(), digest_size=4).hexdigest()
    return f"{PLUGIN_PREFIX}{path.stem}_{digest}"


def plain_module(name: str) -> str:
    """A module's name without what loading a plugin file by path adds to it.

    ``commsim_plugin_forgiving_1a2b3c4d`` (the file ``forgiving.py`` given by path)
    becomes ``forgiving``, the name it has when imported as a module, so owners of
    plugin parameters agree however the file was imported.
    """
    if not name.startswith(PLUGIN_PREFIX):
        return name
    stem, _, digest = name.removeprefix(PLUGIN_PREFIX).rpartition("_")
    return stem if stem and len(digest) == _DIGEST_CHARS else name.removeprefix(PLUGIN_PREFIX)


def loaded_plugin(stem: str) -> ModuleType | None:
    """The plugin file named ``STEM.py`` already loaded by path (the latest), or ``None``."""
    found = [module for name, module in list(sys.modules.items())
             if name.startswith(PLUGIN_PREFIX) and plain_module(name) == stem]
    return found[-1] if found else None


def load_plugin(spec: str) -> ModuleType:
    """Import one plugin by module name or file path.

    Parameters the plugin declares at import time without an owner (plain
    ``SCHEMA.register``) belong to the plugin module: a run may set them only if
    its model class or one of its policies comes from that module.
    """
    before = SCHEMA.keys()
    module = _load(spec)
    SCHEMA.claim(SCHEMA.keys() - before, f"module:{plain_module(module.__name__)}")
    return module


def _load(spec: str) -> ModuleType:
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
    except SystemExit as exc:  # sys.exit() at import must not end commsim "successfully"
        sys.modules.pop(name, None)
        raise InputError(f"plugin called sys.exit({exc.code!r}) on import", key="--plugin",
                         value=spec, allowed="a module that imports without exiting",
                         source=_where(exc, spec, origin)) from None
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
