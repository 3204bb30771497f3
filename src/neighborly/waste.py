"""Garbage sorting (垃圾分类): daily compliance checks and the sorting stipend.

Sorting supervisors check each household's bags at the collection points and record
whether it sorted correctly that day (a :class:`SortingCheck`).  Households that sort
correctly earn a stipend per compliant day (0.30 yuan in the pilot community of
BRIEF.md; a :class:`StipendPolicy`), paid monthly from a :class:`StipendStatement`
in integer fen.

    >>> import datetime as dt
    >>> checks_ = [SortingCheck("h-1", dt.date(2026, 11, d), compliant=d != 3) for d in range(1, 6)]
    >>> (statement,) = stipend_statements(checks_, 2026, 11)
    >>> statement.compliant_days, statement.fen, statement.render("en")
    (4, 120, 'h-1 2026-11: 4 of 5 checked days sorted correctly x 0.30 yuan = 1.20 yuan')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from neighborly._checks import BOOL, DATE, IDENT, OPT_TEXT, checks, int_range, opt
from neighborly._text import Lang, Text, check_lang

__all__ = [
    "SortingCheck",
    "StipendPolicy",
    "StipendStatement",
    "stipend_statements",
    "yuan",
]


@attrs.frozen
class SortingCheck:
    """One household's sorting checked on one day: ``compliant`` if sorted correctly."""

    household: str
    day: dt.date
    compliant: bool
    inspector: str | None = None
    note: str | None = None

    __attrs_post_init__ = checks(
        household=IDENT, day=DATE, compliant=BOOL, inspector=opt(IDENT), note=OPT_TEXT
    )


@attrs.frozen
class StipendPolicy:
    """The stipend per compliant day, in fen (30 fen = 0.30 yuan by default)."""

    fen_per_day: int = 30

    __attrs_post_init__ = checks(fen_per_day=int_range(0, 100_000))


def yuan(fen: int) -> str:
    """Integer fen as yuan with two decimals: ``yuan(810) == "8.10"``."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole}.{cents:02d}"


@attrs.frozen
class StipendStatement:
    """A household's sorting stipend for one month."""

    household: str
    year: int
    month: int
    checked_days: int
    compliant_days: int
    fen_per_day: int
    fen: int

    __attrs_post_init__ = checks(
        household=IDENT,
        year=int_range(1900, 2200),
        month=int_range(1, 12),
        checked_days=int_range(0, 31),
        compliant_days=int_range(0, 31),
        fen_per_day=int_range(0, 100_000),
        fen=int_range(0, 3_100_000),
    )

    def render(self, lang: Lang = "en") -> str:
        """One line: the days, the rate and the amount."""
        lang = check_lang(lang)
        return Text(
            f"{self.household} {self.year}-{self.month:02d}: {self.compliant_days} of "
            f"{self.checked_days} checked days sorted correctly x {yuan(self.fen_per_day)} yuan "
            f"= {yuan(self.fen)} yuan",
            f"{self.household} {self.year} 年 {self.month} 月：检查 {self.checked_days} 天，"
            f"正确分类 {self.compliant_days} 天 × {yuan(self.fen_per_day)} 元 = {yuan(self.fen)} 元",
        ).render(lang)


def stipend_statements(
    checks_: Iterable[SortingCheck], year: int, month: int, policy: StipendPolicy | None = None
) -> tuple[StipendStatement, ...]:
    """Each checked household's statement for ``year``-``month``, by household id.

    A day counts once however many times it was checked, and only if every check
    that day found the household's sorting correct.  Days without a check earn
    nothing.  Amounts are integer fen: compliant days x ``fen_per_day``.
    """
    policy = policy if policy is not None else StipendPolicy()
    days: dict[str, dict[dt.date, bool]] = {}
    for check in checks_:
        if (check.day.year, check.day.month) != (year, month):
            continue
        seen = days.setdefault(check.household, {})
        seen[check.day] = seen.get(check.day, True) and check.compliant
    return tuple(
        StipendStatement(
            household,
            year,
            month,
            len(seen),
            compliant := sum(seen.values()),
            policy.fen_per_day,
            compliant * policy.fen_per_day,
        )
        for household, seen in sorted(days.items())
    )
