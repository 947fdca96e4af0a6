"""Analyses of stored results: decisions, net benefit and which communities first."""
