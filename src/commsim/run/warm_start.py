"""The warm start: a replication's warm-up is simulated once, every scenario starts from it.

The warm-up is the status quo before the policy (:mod:`commsim.model.measurement`):
no policy acts before the first measured day. Two runs of the same seed and
replication therefore pass through the same warm-up whenever they agree on every
parameter that acts before its end — every parameter except those a policy declares
(read only by that policy, whose hooks are silent during the warm-up; a test checks
that changing them leaves the warm-up unchanged) — and build the same model class.

:func:`warm_state` simulates that warm-up with the policy parameters at their
defaults and no policy, and captures the model between two days
(:meth:`CommunityModel.__getstate__ <commsim.model.CommunityModel.__getstate__>`);
:func:`start_from` turns a captured state into the model of one scenario by
introducing its parameters and policies, which then act from the first measured day
as they do in a run from scratch. The results are bit for bit those of the run from
scratch (``tests/functional/test_warm_start.py``).

A run shares no warm-up when it has none (``run.warmup_days = 0``: the policies act
from day 0) or when one of its policies records a daily series of its own (its value
on the warm-up days is the policy's, so it cannot come from a policy-free warm-up).
A model subclass (a researcher's extension) must keep to the same rule as the core: it
does not act on its policies before the warm-up ends (the equivalence test covers the
core and the example plugins, not every extension).

Captured states are cached on disk (:class:`WarmCache`), keyed by :func:`warm_key`:
the warm-up parameters, the model class, the seed and replication, the district
file's content and the code (the package's sources, the model class's own module and
the versions of the libraries the model runs on). A change to any of them gives a new
key, so a stale state is never read; writes are atomic (a temporary file renamed into
place) and the cache is kept under a size limit by dropping the least recently used
states.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import inspect
import os
import pickle
import sys
import tempfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from commsim.core.parameters import SCHEMA, Params

if TYPE_CHECKING:
    from commsim.model import CommunityModel

#: Environment variable naming the cache folder (``off`` disables the cache).
CACHE_ENV = "COMMSIM_CACHE"
#: Environment variable bounding the cache's size in megabytes (default 1024).
CACHE_LIMIT_ENV = "COMMSIM_CACHE_MB"
#: Libraries whose versions are part of the key (the model runs on them).
LIBRARIES = ("numpy", "simpy", "mesa", "pandas")


@dataclass(frozen=True)
class WarmState:
    """The model captured at the end of a warm-up.

    Attributes
    ----------
    key : str
        The :func:`warm_key` of the runs that may start from it.
    data : bytes
        The compressed pickle of the model.
    seconds : float
        Wall time the warm-up took when it was simulated (0 if read from the cache).

    """

    key: str
    data: bytes
    seconds: float = 0.0


def policy_parameters() -> frozenset[str]:
    """Keys of the parameters only the registered policies read.

    A policy's own parameters, and the shared ones it names as read by policies only
    (:attr:`commsim.policies.base.Policy.policy_only_parameters`: the departments' purse,
    the street office's leakage).
    """
    from commsim import policies

    keys: set[str] = set()
    for name in policies.available():
        policy = policies.get(name)
        keys.update(p.key for p in policy.parameters)
        keys.update(policy.policy_only_parameters)
    return frozenset(keys)


def warmup_params(params: Params) -> Params:
    """``params`` with every policy parameter at its default: what shapes the warm-up."""
    own = policy_parameters()
    return Params({key: SCHEMA[key].default if key in own else params[key] for key in params})


def shares_warmup(params: Params, policies: Sequence[str]) -> bool:
    """Whether a run of ``policies`` on ``params`` can start from a shared warm-up."""
    from commsim.core.metrics import METRICS

    if int(params["run.warmup_days"]) <= 0:
        return False
    return not any(m.policy in policies for m in METRICS.series() if m.policy is not None)


def identity(params: Params, model_class: type) -> tuple[Any, ...]:
    """What two runs of one seed and replication must share to share their warm-up."""
    return (class_path(model_class), tuple(warmup_params(params).items()))


def class_path(cls: type) -> str:
    """``module:QualifiedName`` of a class."""
    return f"{cls.__module__}:{cls.__qualname__}"


@functools.cache
def _package_digest() -> str:
    """sha256 of the package's Python sources and data files (once per process)."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".toml", ".csv") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.cache
def code_version(model_class: type) -> str:
    """A digest of the code a warm-up runs: the package, the model class's modules, libraries."""
    digest = hashlib.sha256(_package_digest().encode())
    for cls in model_class.__mro__:
        module = sys.modules.get(cls.__module__)
        if module is None or cls.__module__.split(".")[0] in ("commsim", "mesa", "builtins"):
            continue
        with contextlib.suppress(OSError, TypeError):
            digest.update(inspect.getsource(module).encode())
    for name in LIBRARIES:
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            digest.update(f"{name}={importlib.metadata.version(name)}".encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def _district_digest(params: Params) -> str:
    from commsim.inputs.district import resolve_district

    value = str(params["run.district"])
    if not value:
        return ""
    try:
        return hashlib.sha256(resolve_district(value).read_bytes()).hexdigest()
    except OSError:
        return "missing"


def warm_key(params: Params, model_class: type, seed: int, replication: int) -> str:
    """The cache key of a warm-up: everything that shapes it.

    Parameters
    ----------
    params : Params
        The run's parameters (its policy parameters are left out).
    model_class : type
        The model class the run builds.
    seed, replication : int
        The run's root seed and replication index.

    Returns
    -------
    str
        A hex digest.

    """
    text = repr((identity(params, model_class), int(seed), int(replication),
                 _district_digest(params), code_version(model_class)))
    return hashlib.sha256(text.encode()).hexdigest()


def capture(model: CommunityModel) -> bytes:
    """The model's state between two days, pickled and compressed."""
    return zlib.compress(pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL), 1)


def warm_state(params: Params, model_class: type[CommunityModel], seed: int, replication: int,
               *, cache: WarmCache | bool = True, progress: Any = None) -> WarmState:
    """The model at the end of the warm-up of these runs: from ``cache``, else simulated.

    Parameters
    ----------
    params : Params
        Parameters of a run that starts from it (its policy parameters do not matter).
    model_class : type
        The model class.
    seed, replication : int
        Root seed and replication index.
    cache : WarmCache or bool
        Where captured states are kept: True for :func:`default_cache` (which may be
        off), False for none.
    progress : object, optional
        Anything with ``update(n)``, advanced once per warm-up day.

    Returns
    -------
    WarmState

    """
    import time

    key = warm_key(params, model_class, seed, replication)
    store = default_cache() if cache is True else cache or None
    if store is not None:
        data = store.load(key)
        if data is not None:
            return WarmState(key, data)
    started = time.perf_counter()
    model = model_class(warmup_params(params), policies=(), seed=seed, replication=replication)
    while model.day < model.measurement.start_day:
        model.step()
        if progress is not None:
            progress.update(1)
    state = WarmState(key, capture(model), time.perf_counter() - started)
    if store is not None:
        store.store(key, state.data)
    return state


def start_from(state: WarmState, params: Params, policies: Sequence[str],
               model_class: type[CommunityModel], seed: int,
               replication: int) -> CommunityModel:
    """The model of one run, at the end of its warm-up, ready to step into the measured window.

    Raises
    ------
    ValueError
        The state is not the warm-up of this run (another key).

    """
    if state.key != warm_key(params, model_class, seed, replication):
        raise ValueError("the warm state is not that of this run's warm-up")
    model: CommunityModel = pickle.loads(zlib.decompress(state.data))  # noqa: S301 (our own)
    model.introduce(params, policies)
    return model


def cache_folder() -> Path | None:
    """The warm-state cache folder: ``$COMMSIM_CACHE``, else the user's cache folder."""
    value = os.environ.get(CACHE_ENV)
    if value is not None:
        return None if value.strip().lower() in ("", "off", "0", "none") else \
            Path(value).expanduser() / "warm"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "commsim" / "warm"


def default_cache() -> WarmCache | None:
    """The cache at :func:`cache_folder`, or None when it is off."""
    folder = cache_folder()
    if folder is None:
        return None
    limit = float(os.environ.get(CACHE_LIMIT_ENV, "1024"))
    return WarmCache(folder, int(limit * 1024 * 1024))


class WarmCache:
    """Captured warm-up states on disk, one file per key.

    Parameters
    ----------
    folder : Path
        Where the states are kept (made when first written).
    limit_bytes : int
        After a write, the least recently used states are removed until the folder
        holds at most this many bytes.

    Notes
    -----
    A state that cannot be read is a miss (and is written again); a folder that cannot
    be written to leaves the cache a no-op. Nothing here ever fails a run.

    """

    SUFFIX = ".warm"

    def __init__(self, folder: Path, limit_bytes: int = 1024 ** 3) -> None:
        self.folder = Path(folder)
        self.limit_bytes = limit_bytes

    def path(self, key: str) -> Path:
        """The file of ``key``."""
        return self.folder / f"{key}{self.SUFFIX}"

    def load(self, key: str) -> bytes | None:
        """The state of ``key``, or None."""
        path = self.path(key)
        try:
            data = path.read_bytes()
            zlib.decompress(data)  # whole and readable
            os.utime(path)  # recently used
        except (OSError, zlib.error):
            return None
        return data

    def store(self, key: str, data: bytes) -> None:
        """Write the state of ``key`` atomically, then keep the folder under its limit."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=self.SUFFIX)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                os.replace(tmp, self.path(key))
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
            self.prune()
        except OSError:
            return

    def prune(self) -> None:
        """Remove the least recently used states beyond the size limit."""
        entries = []
        for path in self.folder.glob(f"*{self.SUFFIX}"):
            if path.name.startswith(".tmp-"):
                continue
            with contextlib.suppress(OSError):
                stat = path.stat()
                entries.append((stat.st_mtime, stat.st_size, path))
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries):
            if total <= self.limit_bytes:
                break
            with contextlib.suppress(OSError):
                path.unlink()
                total -= size
