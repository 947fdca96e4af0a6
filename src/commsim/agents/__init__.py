"""Agent types: one module each (Mesa agents)."""

from commsim.agents.cadre import Cadre
from commsim.agents.department import Department
from commsim.agents.household import Household, HouseholdPopulation
from commsim.agents.street_office import StreetOffice

__all__ = ["Cadre", "Department", "Household", "HouseholdPopulation", "StreetOffice"]
