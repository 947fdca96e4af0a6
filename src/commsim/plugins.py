"""Load researchers' extension modules (``--plugin``).

A plugin is any Python module that registers policies (``commsim.policies.register``)
or declares parameters when imported. Give it as a dotted module name on the
Python path (``mypkg.meeting_quota``) or as a path to a ``.py`` file.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

from commsim.errors import InputError
from commsim.parameters import SCHEMA

#: Prefix of the module name of a plugin loaded from a file path.
PLUGIN_PREFIX = "commsim_plugin_"


def plain_module(name: str) -> str:
    """A module's name without the prefix a plugin file gets when loaded by path."""
    return name.removeprefix(PLUGIN_PREFIX)


def load_plugin(spec: str) -> ModuleType:
    """Import one plugin by module name or file path.

    Parameters the plugin declares at import time without an owner (plain
    ``SCHEMA.register``) belong to the plugin module: a run may set them only if
    its model class or one of its policies comes from that module.
    """
    before = SCHEMA.keys()
    module = _import(spec)
    SCHEMA.claim(SCHEMA.keys() - before,
                 f"module:{plain_module(module.__name__)}")
    return module


def _import(spec: str) -> ModuleType:
    path = Path(spec)
    try:
        if path.suffix == ".py":
            if not path.is_file():
                raise InputError("plugin file not found", key="--plugin", value=spec,
                                 allowed="a .py file or an importable module", source=spec)
            name = f"{PLUGIN_PREFIX}{path.stem}"
            if name in sys.modules:
                return sys.modules[name]
            module_spec = importlib.util.spec_from_file_location(name, path)
            assert module_spec is not None and module_spec.loader is not None
            module = importlib.util.module_from_spec(module_spec)
            sys.modules[name] = module
            module_spec.loader.exec_module(module)
            return module
        return importlib.import_module(spec)
    except ModuleNotFoundError as exc:
        raise InputError(f"cannot import plugin ({exc})", key="--plugin", value=spec,
                         allowed="a .py file or an importable module",
                         source="command line") from None


def load_plugins(specs: Iterable[str]) -> list[ModuleType]:
    """Import every plugin in order."""
    return [load_plugin(spec) for spec in specs]
