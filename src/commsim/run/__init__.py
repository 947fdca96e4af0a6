"""Running the model: one run as plain data, and a model stepped live.

==============  ==============================================================
``runner``      :func:`simulate`: one run, returned as summary, daily series and hours
``live``        a model advanced day by day under flat controls (the dashboard's interface)
==============  ==============================================================
"""
