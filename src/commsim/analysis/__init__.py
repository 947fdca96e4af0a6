"""Statistics on results: nothing here imports the model.

======================  ======================================================
``inference``           confidence intervals and paired comparisons
``precision``           warnings for thin evidence
``stationarity``        trend and stationarity checks of measured years
``warmup``              MSER-5 truncation of the warm-up
``cost_effectiveness``  paired incremental cost-effectiveness ratios
``decision``            the decision summary a comparison ends with
``yearly_effects``      paired effects year by year, and their trends
``headline_results``    the README's headline table from a results store
``net_benefit``         net benefit a year at a willingness to pay, fiscal outlay
``community_priority``  which communities first, and where a budget reaches
``structure_share``     effects over several districts and the structure share
======================  ======================================================
"""
