"""Time zones: neighborly's default zone, and reading today's date at the edge."""

from __future__ import annotations

import datetime as dt
import functools
from zoneinfo import ZoneInfo

from neighborly.errors import InvalidInput, Problem
from neighborly.text import Text

DEFAULT_ZONE = ZoneInfo("Asia/Shanghai")
"""The zone neighborly assumes where a caller gives none: China Standard Time."""


def today(zone: dt.tzinfo = DEFAULT_ZONE) -> dt.date:
    """Today's date in ``zone``. Only the command line calls this; the library takes dates."""
    return dt.datetime.now(zone).date()


def moment_text(moment: dt.datetime) -> str:
    """ISO 8601 with the offset, UTC written as ``Z``; a datetime in a named zone also
    carries the zone in brackets (RFC 9557: ``2026-05-01T09:30:00+08:00[Asia/Shanghai]``),
    so it comes back in the same zone, on the same side of a daylight-saving fold."""
    # Moments repeat (a ledger's batch of awards, an event's every start): each text
    # is written once and kept, the most recent _TEXTS of them.  The zone and the
    # fold are part of the key, since equal moments in two zones, or on either side
    # of a fold, are written differently.
    try:
        return _kept_text(moment, moment.tzinfo, moment.fold)
    except TypeError:  # a zone that cannot be a key (dateutil's tzutc): written each time
        return _written(moment)


_TEXTS = 4096


@functools.lru_cache(maxsize=_TEXTS)
def _kept_text(moment: dt.datetime, _zone: object, _fold: int) -> str:
    return _written(moment)


def _written(moment: dt.datetime) -> str:
    text = moment.isoformat()
    if text.endswith("+00:00"):
        text = text[:-6] + "Z"
    zone = moment.tzinfo
    if type(zone) is dt.timezone:  # a fixed offset: no name (and no lookup that fails)
        return text
    key = getattr(zone, "key", None)
    return f"{text}[{key}]" if isinstance(key, str) else text


RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def rrule_day(weekday: int) -> str:
    """RFC 5545's name for a weekday (0 Monday ... 6 Sunday); anything else is
    :class:`~neighborly.errors.InvalidInput` at ``$.weekday``."""
    if type(weekday) is not int or not 0 <= weekday <= 6:
        raise InvalidInput(
            [
                Problem(
                    "$.weekday",
                    Text("0 (Monday) to 6 (Sunday)", "0（周一）至 6（周日）"),
                    Text.same(repr(weekday)),
                )
            ]
        )
    return RRULE_DAYS[weekday]
