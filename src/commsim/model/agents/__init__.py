"""Agent types: one module each (Mesa agents)."""

from commsim.model.agents.cadre import Cadre
from commsim.model.agents.department import Department
from commsim.model.agents.household import Household, HouseholdPopulation
from commsim.model.agents.street_office import StreetOffice

__all__ = ["Cadre", "Department", "Household", "HouseholdPopulation", "StreetOffice"]
