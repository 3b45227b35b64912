"""Everything between the files in ``data/`` and a validated, normalised dataset.

* :mod:`.lasning`      tolerant reading of raw CSV/XLSX files
* :mod:`.problem`      ``Problem``: one Swedish message per problem (file, row, column)
* :mod:`.scheman`      pandera schemas per source
* :mod:`.dataset`      ``las_data``: every source loaded, validated and normalised once (cached)
* :mod:`.validera`     ``validera``: everything ``vbe validera`` checks
* :mod:`.aktiviteter`  the activity files (reading and validation)
* :mod:`.revidera`     writing next year's activity files (``vbe revidera``)
"""
