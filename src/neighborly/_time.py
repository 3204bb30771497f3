"""Time zones: neighborly's default zone, and reading today's date at the edge."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

DEFAULT_ZONE = ZoneInfo("Asia/Shanghai")
"""The zone neighborly assumes where a caller gives none: China Standard Time."""


def today(zone: dt.tzinfo = DEFAULT_ZONE) -> dt.date:
    """Today's date in ``zone``. Only the command line calls this; the library takes dates."""
    return dt.datetime.now(zone).date()
