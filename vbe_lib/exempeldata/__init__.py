"""The seeded generator of the fictitious example data (``vbe exempeldata``).

Not part of the runtime path: no module of loading, analysis, reports or build imports
this package; only the ``vbe exempeldata`` command and the tests do.

* :mod:`.stad`        the city-wide sources, the survey and the police texts
* :mod:`.aktiviteter` the committees' activity files
"""
from vbe_lib.exempeldata.stad import STANDARDFRO, ExempeldataFel, generera

__all__ = ["STANDARDFRO", "ExempeldataFel", "generera"]
