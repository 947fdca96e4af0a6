"""Statistics and the decision on results: nothing here imports the model.

======================  ======================================================
``inference``           confidence intervals and paired comparisons
``precision``           warnings for thin evidence
``stationarity``        trend and stationarity checks of measured years
``warmup``              MSER-5 truncation of the warm-up
``cost_effectiveness``  paired incremental cost-effectiveness ratios
``frontier``            efficiency frontier: dominance, extended dominance, ICERs
``net_benefit``         net monetary benefit, CEAC and CEAF, EVPI
``voi``                 EVPPI by nonparametric regression (Strong et al. 2014)
``valuation``           the valuation sensitivity, recomputed from stored components
``decision``            the one decision: ``decide(table, wtp, budget) -> Decision``
``decision_words``      the decision in words and tables (en/zh; text, Markdown, HTML)
``stored``              the decision and sensitivity of a results store
``yearly_effects``      paired effects year by year, and their trends
``headline_results``    the README's headline table and decision from a results store
``community_priority``  which communities first, and where a budget reaches
``structure_share``     effects over several districts and the structure share
======================  ======================================================
"""
