"""Robust decisions: a calibrated ensemble, regret and satisficing, scenario discovery, search.

- :mod:`commsim.robust.metrics`: regret, satisficing, confidence intervals, ranking
  stability (pure functions on a tidy table of world, policy and metric values).
- :mod:`commsim.robust.discovery`: PRIM boxes and CART trees of where a policy fails.
- :mod:`commsim.robust.history`: history matching with a Gaussian-process emulator.
- :mod:`commsim.robust.calibrate`: the calibration of the model to its targets.
- :mod:`commsim.robust.experiment`: levers x uncertainties over the plausible worlds.
- :mod:`commsim.robust.search`: many-objective search over lever settings (pymoo).
- :mod:`commsim.robust.value`: the decision across worlds (frontier, net benefit, CEAC,
  EVPI) and the EVPPI of every uncertainty and group (what to measure first).
- :mod:`commsim.robust.reanalyse`: a finished run's analysis and report again with other
  thresholds, from its stored outcomes (``commsim robust --reanalyse``).
- :mod:`commsim.robust.spec`, :mod:`~commsim.robust.sweeps`, :mod:`~commsim.robust.analysis`,
  :mod:`~commsim.robust.pipeline`, :mod:`~commsim.robust.report`: the specification, batches
  through the sweep engine, the analysis, the whole chain and its HTML report
  (``commsim robust`` and ``commsim calibrate``, in :mod:`commsim.cli.robust`).
- :mod:`commsim.robust.figures`, :mod:`~commsim.robust.words`, :mod:`~commsim.robust.labels`:
  the report's figures, its words in English and Chinese, and the names readers see
  (policies, metrics, thresholds, boxes) in either language.
"""
