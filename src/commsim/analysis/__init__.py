"""Analysis of stored results: the decision layer and the statistics it reads.

Nothing here imports the model: every function takes tables a results store holds.

``frontier``
    Efficiency frontier: dominance, extended dominance, ICERs between neighbours.
``net_benefit``
    Net monetary benefit, acceptability curve and frontier (CEAC, CEAF), EVPI.
``voi``
    EVPPI by nonparametric regression (Strong et al. 2014).
``valuation``
    Social cost of the stored hour and outlay components under each valuation basis.
``decision``
    The one decision of a comparison (compare, report, robust and the generated docs).
"""
