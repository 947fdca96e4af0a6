"""The ground floor: errors, words, parameters, metric declarations, valuation."""
