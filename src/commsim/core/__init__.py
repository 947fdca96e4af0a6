"""The ground floor: what every other layer may import, and which imports nothing above it.

==============  ==============================================================
``errors``      :class:`InputError` and the one-line error convention
``i18n``        the English/Chinese phrase tables and their lookup
``tomlfile``    reading TOML input files with errors that name key, value and file
``schema``      the core parameter declarations (groups, units, ranges, sources)
``parameters``  :class:`Param`, :class:`Params` and the registry :data:`SCHEMA`
``metrics``     metric and daily-series declarations and their registry
``valuation``   the one valuation of an hour of needed work (``valuation.*``)
``builtins``    the hook through which registries have the built-ins loaded
==============  ==============================================================
"""
