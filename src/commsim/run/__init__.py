"""Running the model: one run as plain data, a model stepped live, and the warm start.

==============  ==============================================================
``runner``      :func:`simulate`: one run, returned as summary, daily series and hours
``live``        a model advanced day by day under flat controls (the dashboard's interface)
``warm_start``  a replication's warm-up simulated once, captured, and every scenario
                started from it (cached on disk)
==============  ==============================================================
"""
