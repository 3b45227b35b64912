"""The missing-value rule: "uppgift saknas" is never zero.

Counts are pandas ``Int64`` where ``pd.NA`` means *uppgift saknas* (shown "..") and 0
means zero (shown "–"). This module is the one place that says what counts as missing."""
from __future__ import annotations

import pandas as pd


def ar_saknas(x: object) -> bool:
    """True for None, pd.NA, NaN and NaT (a value that is 'uppgift saknas')."""
    if x is None:
        return True
    if isinstance(x, str) or not pd.api.types.is_scalar(x):
        return False
    return bool(pd.isna(x))
