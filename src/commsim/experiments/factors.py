"""The ``[design]`` table of a specification: factors, designs and their validation.

A factor is a swept or uncertain parameter: a list of values, a ``low``/``high``
range (with ``levels`` for a grid), or a normal or triangular distribution. The
design names its kind (see :data:`DESIGNS`), size and factors. See
:mod:`commsim.experiments.spec` for the whole specification format.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from commsim.core.parameters import SCHEMA, Param, flatten
from commsim.experiments.checks import check_int, check_number, input_error

DESIGNS = ("replications", "grid", "lhs", "sobol", "morris", "table")
DISTRIBUTIONS = ("uniform", "normal", "triangular")
_DESIGN = {"kind", "samples", "levels", "second_order", "seed", "factors"}
_FACTOR = {"values", "low", "high", "levels", "distribution", "mean", "sd", "mode"}


@dataclass(frozen=True)
class Factor:
    """An uncertain or swept parameter of a design.

    Attributes
    ----------
    key : str
        Dotted parameter key.
    values : tuple, optional
        Discrete values (grid levels, or equally likely values when sampled).
    low, high : float, optional
        Range (uniform, triangular, or clip bounds of a normal).
    distribution : str
        ``uniform``, ``normal`` or ``triangular``.
    mean, sd, mode : float, optional
        Parameters of the normal and triangular distributions.
    levels : int, optional
        Grid levels spread evenly over ``[low, high]``.

    """

    key: str
    values: tuple[Any, ...] | None = None
    low: float | None = None
    high: float | None = None
    distribution: str = "uniform"
    mean: float | None = None
    sd: float | None = None
    mode: float | None = None
    levels: int | None = None

    @property
    def param(self) -> Param:
        """The declaration of the parameter."""
        return SCHEMA[self.key]

    def _cast(self, value: Any) -> Any:
        default = self.param.default
        if isinstance(default, int) and not isinstance(default, bool):
            return int(round(float(value)))
        if isinstance(default, float):
            return float(value)
        return value

    def grid(self) -> list[Any]:
        """The factor's grid levels."""
        if self.values is not None:
            return list(self.values)
        assert self.low is not None and self.high is not None and self.levels is not None
        raw = np.linspace(self.low, self.high, self.levels)
        return list(dict.fromkeys(self._cast(v) for v in raw))

    def from_unit(self, u: np.ndarray) -> list[Any]:
        """Map points of the unit interval to parameter values (inverse CDF)."""
        from scipy import stats

        u = np.asarray(u, dtype=float)
        if self.values is not None:
            idx = np.minimum((u * len(self.values)).astype(int), len(self.values) - 1)
            return [self.values[i] for i in idx]
        if self.distribution == "normal":
            x = stats.norm.ppf(np.clip(u, 1e-12, 1 - 1e-12), loc=self.mean, scale=self.sd)
            lo = self.low if self.low is not None else self.param.low
            hi = self.high if self.high is not None else self.param.high
            x = np.clip(x, -np.inf if lo is None else lo, np.inf if hi is None else hi)
        elif self.distribution == "triangular":
            assert self.low is not None and self.high is not None and self.mode is not None
            width = self.high - self.low
            x = stats.triang.ppf(u, (self.mode - self.low) / width, loc=self.low, scale=width)
        else:
            assert self.low is not None and self.high is not None
            x = self.low + u * (self.high - self.low)
        return [self._cast(v) for v in x]


@dataclass(frozen=True)
class Design:
    """The design of an experiment: its kind, size and factors."""

    kind: str = "replications"
    samples: int | None = None
    levels: int = 4
    second_order: bool = False
    seed: int | None = None
    factors: tuple[Factor, ...] = ()


def _factor(key: str, raw: Any, kind: str, source: str) -> Factor:
    where = f"design.factors.{key}"
    if key not in SCHEMA:
        SCHEMA.lookup(key, source)  # raises with a suggestion
    param = SCHEMA[key]
    if not isinstance(raw, Mapping):
        raise input_error("a factor must be a table", where, raw,
                          "{ values = [...] } or { low = ..., high = ... }", source)
    for k in raw:
        if k not in _FACTOR:
            raise input_error("unknown factor field", f"{where}.{k}", raw[k],
                              ", ".join(sorted(_FACTOR)), source)
    numeric = isinstance(param.default, (int, float)) and not isinstance(param.default, bool)
    values = raw.get("values")
    if values is not None:
        if not isinstance(values, list) or not values:
            raise input_error("values must be a non-empty list", f"{where}.values", values,
                              param.allowed(), source)
        values = tuple(param.coerce(v, source) for v in values)
        return Factor(key, values=values)
    if not numeric:
        raise input_error("a non-numeric parameter needs a list of values", where, raw,
                          "values = [...]", source)
    dist = raw.get("distribution", "uniform")
    if dist not in DISTRIBUTIONS:
        raise input_error("unknown distribution", f"{where}.distribution", dist,
                          ", ".join(DISTRIBUTIONS), source)

    def bound(name: str) -> float | None:
        if name not in raw:
            return None
        value = check_number(raw[name], f"{where}.{name}", source)
        param.coerce(value if isinstance(param.default, float) else round(value),
                     f"{source} ({where}.{name})")
        return value

    low, high = bound("low"), bound("high")
    mean, mode = bound("mean"), bound("mode")
    sd = check_number(raw["sd"], f"{where}.sd", source, positive=True) if "sd" in raw else None
    if dist == "normal":
        if mean is None or sd is None:
            raise input_error("a normal factor needs mean and sd", where, raw,
                              "mean = ..., sd = ...", source)
    else:
        if low is None or high is None:
            raise input_error("a factor needs low and high (or values)", where, raw,
                              "low < high within " + param.allowed(), source)
        if not low < high:
            raise input_error("low must be below high", where, f"low={low}, high={high}",
                              "low < high", source)
        if dist == "triangular" and (mode is None or not low <= mode <= high):
            raise input_error("a triangular factor needs low <= mode <= high", f"{where}.mode",
                              mode, f"a number in [{low}, {high}]", source)
    levels = check_int(raw, "levels", None, 2, source, f"{where}.levels")
    if kind == "table":
        raise input_error("a table factor needs a list of values (one per point)", where, raw,
                          "values = [...]", source)
    if kind == "grid" and levels is None:
        raise input_error("a grid factor needs values or levels", where, raw,
                          "values = [...] or low, high and levels", source)
    return Factor(key, low=low, high=high, distribution=dist, mean=mean, sd=sd, mode=mode,
                  levels=levels)


def parse_design(raw: Any, source: str) -> Design:
    """Validate the ``[design]`` table (``None`` gives a plain replications design)."""
    if raw is None:
        return Design()
    if not isinstance(raw, Mapping):
        raise input_error("design must be a table", "design", raw, "a TOML table", source)
    for k in raw:
        if k not in _DESIGN:
            raise input_error("unknown design field", f"design.{k}", raw[k],
                              ", ".join(sorted(_DESIGN)), source)
    kind = raw.get("kind", "replications")
    if kind not in DESIGNS:
        raise input_error("unknown design", "design.kind", kind, ", ".join(DESIGNS), source)
    factors_raw = raw.get("factors", {})
    if not isinstance(factors_raw, Mapping):
        raise input_error("design.factors must be a table", "design.factors", factors_raw,
                          "a table of parameter keys", source)
    # accept both nested tables and quoted dotted keys
    flat: dict[str, Any] = {}
    for key, value in factors_raw.items():
        if isinstance(value, Mapping) and not (set(value) & _FACTOR):
            for sub, val in flatten(value, f"{key}.").items():
                head, _, leaf = sub.rpartition(".")
                flat.setdefault(head, {})[leaf] = val
        else:
            flat[key] = value
    factors = tuple(_factor(k, v, kind, source) for k, v in flat.items())
    if kind == "replications" and factors:
        raise input_error("a plain replications design takes no factors", "design.factors",
                          ", ".join(f.key for f in factors), "kind = grid, lhs, sobol or morris",
                          source)
    if kind != "replications" and not factors:
        raise input_error(f"a {kind} design needs factors", "design.factors", None,
                          "at least one [design.factors.\"dotted.key\"] table", source)
    if kind == "table" and len({len(f.values or ()) for f in factors}) > 1:
        raise input_error("table factors need equally many values (one per point)",
                          "design.factors", {f.key: len(f.values or ()) for f in factors},
                          "lists of the same length", source)
    samples = check_int(raw, "samples", None, 1, source, "design.samples")
    if kind in ("lhs", "sobol", "morris") and samples is None:
        raise input_error(f"a {kind} design needs samples", "design.samples", None,
                          "integer >= 1", source)
    if kind == "sobol" and samples is not None and samples & (samples - 1):
        raise input_error("Sobol samples must be a power of two", "design.samples", samples,
                          "1, 2, 4, 8, 16, ...", source)
    if kind in ("sobol", "morris"):
        for f in factors:
            if f.values is not None and len(f.values) < 2:
                raise input_error("a sensitivity factor needs a range", f"design.factors.{f.key}",
                                  f.values, "two or more values, or low and high", source)
    levels = check_int(raw, "levels", 4, 2, source, "design.levels") or 4
    second = raw.get("second_order", False)
    if not isinstance(second, bool):
        raise input_error("second_order must be true or false", "design.second_order", second,
                          "true or false", source)
    seed = check_int(raw, "seed", None, 0, source, "design.seed")
    return Design(kind, samples, levels, second, seed, factors)
