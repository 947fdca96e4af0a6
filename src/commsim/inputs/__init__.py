"""Inputs: the descriptions a user writes (district files and their template)."""
