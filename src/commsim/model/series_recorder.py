"""The daily series of a run: one list per declared series, one value appended per day.

A lean stand-in for Mesa's ``DataCollector`` with the same ``model_vars``,
``model_reporters``, ``collect`` and ``get_model_vars_dataframe``: every daily
series is a scalar, so the values are appended as they are (Mesa deep-copies each
one and dispatches on the reporter's type at every call).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd


class SeriesRecorder:
    """Values of the daily series, collected once a day.

    Parameters
    ----------
    reporters : mapping of str to callable
        Series key -> function of the model returning today's value (a scalar).

    """

    def __init__(self, reporters: Mapping[str, Callable[[Any], Any]]) -> None:
        self.model_reporters = dict(reporters)
        self.model_vars: dict[str, list[Any]] = {key: [] for key in self.model_reporters}
        self._pairs = [(self.model_vars[key], report)
                       for key, report in self.model_reporters.items()]

    def collect(self, model: Any) -> None:
        """Append today's value of every series."""
        for values, report in self._pairs:
            values.append(report(model))

    def get_model_vars_dataframe(self) -> pd.DataFrame:
        """One column per series, one row per collected day."""
        return pd.DataFrame(self.model_vars)
