"""What a user hands in: scenarios, district files, plugins and network addresses.

==============  ==============================================================
``scenario``    scenario TOML files (``scenarios/``) expanded into validated parameters
``district``    a user's own district as a CSV or Excel file (``districts/`` holds S14),
                read by ``district_table``, checked by ``district_values``; its columns in
                ``district_columns``, messages in ``district_words``, the template in
                ``district_template``
``plugins``     researchers' extension modules (``--plugin``)
``endpoints``   scheduler and host addresses given on the command line
==============  ==============================================================
"""
