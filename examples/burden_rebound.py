"""Burden rebound: department demand that creeps back after a reduction round.

An example of a behaviour change written outside the package, as a subclass of
:class:`commsim.CommunityModel` (see ``docs/extending.md``). Reports from Anshan
(2021) describe burdens that rise again after every reduction round
(加压—减负—再加压—再减负). The subclass overrides one query of the model,
:meth:`~commsim.CommunityModel.department_rate`, so that the expected number of
department tasks grows linearly by ``rebound.per_year`` per simulated year. The
class declares the parameter in ``parameters``: it is validated like any core
parameter, and a run that sets it without using this class is an input error.
"""

from __future__ import annotations

import numpy as np

from commsim import CommunityModel, Param


class ReboundModel(CommunityModel):
    """A community model whose department demand grows over the run."""

    parameters = (
        Param("rebound.per_year", 0.3, "share/yr", 0, 5, "Anshan 2021 (rebound), assumption",
              "Yearly growth of department demand relative to day 0."),
    )

    def department_rate(self, day: int) -> np.ndarray:
        """Expected department tasks per community and kind, grown by the rebound."""
        growth = 1.0 + float(self.params["rebound.per_year"]) * day / 365
        return super().department_rate(day) * growth
