"""Tolerant reading of raw input files (see :mod:`vbe_lib.io.read`)."""
from vbe_lib.io.read import (
    folda_rubrik,
    gar_att_tolka,
    read_table,
    tolka_datum,
    tolka_decimal,
    tolka_heltal,
    tolka_janej,
)

__all__ = ["read_table", "folda_rubrik", "tolka_heltal", "tolka_decimal", "tolka_datum",
           "tolka_janej", "gar_att_tolka"]
