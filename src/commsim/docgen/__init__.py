"""Generators of the documents whose numbers come from code, one module per document.

``python -m commsim.docgen.NAME docs/NAME.md`` writes each; ``--check`` (where offered)
exits with status 1 when the file is out of date.

==================  ==========================================================
``parameters``      docs/parameters.md from the parameter declarations
``metrics``         docs/metrics.md from the metric declarations
``policy_effects``  docs/policy_effects.md (and the README's headline table and decision)
                    from a store
``decisions``       the decision-layer block of docs/decisions.md from a comparison store
                    and a robust store
``calibration``     docs/calibration.md from measured replications of the baseline
==================  ==========================================================
"""
