"""Households are Mesa agents on demand: views of the population arrays, built when asked."""

from __future__ import annotations

from commsim.model.agents.household import NEED_TYPES, Household
from conftest import build_model


def test_household_agents_are_built_on_demand_and_view_the_arrays() -> None:
    model = build_model("baseline", seed=3, overrides={"run.days": 5, "run.communities": 2})
    assert model._household_agents is None  # a run never needs them
    model.run()
    assert model._household_agents is None
    agents = model.agents_by_type[Household]
    population = model.households
    assert len(agents) == len(population) == len(model.household_agents)
    for agent in list(agents)[::97]:
        i = agent.index
        assert agent.community == population.community[i]
        assert agent.need_type == NEED_TYPES[population.need[i]]
        assert agent.satisfaction == population.satisfaction[i]
        assert agent.expectation == population.expectation[i]
    assert sum(isinstance(a, Household) for a in model.agents) == len(population)
    assert model.household_agents is model.household_agents  # built once
