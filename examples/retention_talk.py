"""Retention talks: leaders who try to keep the cadres who want to resign.

An example of an agent behaviour changed outside the package: a subclass of
:class:`commsim.model.agents.cadre.Cadre`, plugged in through the class attribute
``cadre_class`` of a :class:`commsim.CommunityModel` subclass (see
``docs/extending.md``). Seed 004 complains that when staff want to resign,
"责任领导不去做细致的思想工作营造“拴心留人”的“孵化器”" (the responsible leaders do
not do the patient talking that would make people want to stay). Here they do:
a talk changes the mind of a share ``retention.success`` of the cadres who
would otherwise quit on a given day, so each cadre's daily quit probability is
multiplied by ``1 - retention.success``. The cadre draws no random numbers of
its own, so quit decisions still use the model's common random numbers.
"""

from __future__ import annotations

from commsim import CommunityModel, Param
from commsim.model.agents.cadre import Cadre


class RetainedCadre(Cadre):
    """A cadre whose leaders talk them out of some resignations."""

    def quit_hazard(self, day: int) -> float:
        """The daily quit probability, reduced by the retention talk."""
        success = float(self.model.params["retention.success"])
        return super().quit_hazard(day) * (1.0 - success)


class RetentionModel(CommunityModel):
    """The community model in which every cadre, initial or hired, is a RetainedCadre."""

    cadre_class = RetainedCadre
    parameters = (
        Param("retention.success", 0.3, "share", 0, 1, "S10 (seed 004: 拴心留人), assumption",
              "Share of would-be leavers whom a leader's talk keeps in the job."),
    )
