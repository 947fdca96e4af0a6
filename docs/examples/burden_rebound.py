"""Burden rebound: department demand that creeps back after a reduction round.

An example of a behaviour change written outside the package, as a subclass of
:class:`commsim.CommunityModel` (see ``docs/extending.md``). Reports from Anshan
(2021) describe burdens that rise again after every reduction round
(加压—减负—再加压—再减负). The subclass overrides one query of the model,
:meth:`~commsim.CommunityModel.department_rate`, so that the expected number of
department tasks grows linearly by ``rebound.per_year`` per simulated year. The
parameter is declared in the shared registry, so scenario files and overrides
validate it like any core parameter.
"""

from __future__ import annotations

import numpy as np

from commsim import SCHEMA, CommunityModel, Param

SCHEMA.register(
    Param("rebound.per_year", 0.3, "share/yr", 0, 5, "Anshan 2021 (rebound), assumption",
          "Yearly growth of department demand relative to day 0."),
)


class ReboundModel(CommunityModel):
    """A community model whose department demand grows over the run."""

    def department_rate(self, day: int) -> np.ndarray:
        """Expected department tasks per community and kind, grown by the rebound."""
        growth = 1.0 + float(self.params["rebound.per_year"]) * day / 365
        return super().department_rate(day) * growth
