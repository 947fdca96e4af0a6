"""Analyses of finished runs: comparisons, precision, structure apart from noise."""
