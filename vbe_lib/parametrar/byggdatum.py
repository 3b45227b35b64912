"""The build date: the date a report states. A parameter of every build, so that two
builds with the same date give byte-identical files (stdlib only)."""
from __future__ import annotations

import datetime as dt
import os


def standard_byggdatum() -> dt.date:
    """SOURCE_DATE_EPOCH if set (reproducible builds), else today."""
    sde = os.environ.get("SOURCE_DATE_EPOCH")
    if sde and sde.strip().isdigit():
        return dt.datetime.fromtimestamp(int(sde), tz=dt.timezone.utc).date()
    return dt.date.today()


def byggdatum_eller_idag(byggdatum: str | dt.date | None) -> dt.date:
    """``byggdatum`` (a date or an ISO string) as a date; None → :func:`standard_byggdatum`."""
    if isinstance(byggdatum, dt.datetime):
        return byggdatum.date()
    if isinstance(byggdatum, dt.date):
        return byggdatum
    if byggdatum:
        return dt.date.fromisoformat(str(byggdatum)[:10])
    return standard_byggdatum()
