"""Registries a community keeps: community artisans, the workers' mutual-care fund and
meal-help points.

* Community artisans (社区能人 / 非遗传承人): residents with crafts and skills, some
  recognised as bearers of intangible cultural heritage at a level (national down to
  district), which must be backed by a certificate reference.
* The community workers' mutual-care fund (互助金): contributions and payouts in
  integer fen, in order; the balance never goes below zero, and a payout that would
  take it there is refused with the figures.
* Meal-help points (助餐点): a facility of category ``meal_help`` with its seats and
  delivery capacity; the rule checks a day's lunches against them.

    >>> import datetime as dt
    >>> fund = Fund("fund-1", "社区工作者互助金")
    >>> fund, _ = contribute(fund, "c-1", dt.date(2026, 1, 5), "st-1", 20_000)
    >>> fund, _ = pay_out(fund, "p-1", dt.date(2026, 3, 1), "st-2", 15_000, "住院慰问")
    >>> fund.balance, yuan(fund.balance)
    (5000, '50.00')
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Iterator
from typing import Protocol

import attrs

from neighborly._checks import (
    DATE,
    IDENT,
    OPT_PROSE,
    OPT_TEXT,
    TEXT,
    Where,
    checks,
    duplicate_ids,
    int_range,
    is_enum,
    opt,
    string_set,
    tuple_of,
)
from neighborly._model import Model
from neighborly.care import HoldsMealHelp, meals_on
from neighborly.errors import Problem
from neighborly.integrity import Declarations, Ids, Kind, Ref
from neighborly.money import yuan
from neighborly.text import Text, number
from neighborly.verdicts import Reason, Rule, Verdict

__all__ = [
    "ARTISAN",
    "FUND",
    "MEAL_POINTS_RULE",
    "REGISTRIES_DECLARED",
    "RULES",
    "Artisan",
    "EntryKind",
    "Fund",
    "FundEntry",
    "HeritageLevel",
    "HoldsRegistries",
    "MealPoint",
    "Registries",
    "check_meal_points",
    "contribute",
    "find_artisans",
    "pay_out",
    "yuan",
]


class HeritageLevel(str, enum.Enum):
    """The level at which a bearer of intangible cultural heritage (非遗传承人) is
    recognised, if any."""

    NONE = "none"
    DISTRICT = "district"
    MUNICIPAL = "municipal"
    PROVINCIAL = "provincial"
    NATIONAL = "national"


@attrs.frozen(eq=False, repr=False)
class Artisan(Model):
    """A community artisan: a resident, their ``skills`` (剪纸, 面塑, 修理...), the
    heritage ``craft`` and ``level`` they are recognised for, with the ``certificate``
    reference that recognition needs."""

    id: str
    resident: str
    skills: frozenset[str]
    craft: str | None = None
    level: HeritageLevel = HeritageLevel.NONE
    certificate: str | None = None

    __attrs_post_init__ = checks(
        id=IDENT,
        resident=IDENT,
        skills=string_set(Text("a set of skills", "技能集合")),
        craft=OPT_TEXT,
        level=is_enum(HeritageLevel),
        certificate=OPT_TEXT,
        where=(
            Where(
                "bool(self.skills)",
                "$.skills",
                Text("at least one skill", "至少一项技能"),
                shows="skills",
            ),
            Where(
                "self.level is _NONE or (self.craft is not None and self.certificate is not None)",
                "$.certificate",
                Text(
                    "the craft and a certificate reference for a recognised heritage level",
                    "认定的非遗级别须注明项目和证书编号",
                ),
                {"_NONE": HeritageLevel.NONE},
                shows="certificate",
            ),
        ),
    )


def find_artisans(artisans: Iterable[Artisan], skill: str) -> tuple[Artisan, ...]:
    """The artisans with ``skill`` (or recognised for it as their craft), by id."""
    return tuple(
        sorted((a for a in artisans if skill in a.skills or a.craft == skill), key=lambda a: a.id)
    )


# --- the mutual-care fund --------------------------------------------------------------


class EntryKind(str, enum.Enum):
    CONTRIBUTION = "contribution"
    PAYOUT = "payout"


@attrs.frozen(eq=False, repr=False)
class FundEntry(Model):
    """Money into (a contribution) or out of (a payout) the fund, in fen, for a member."""

    id: str
    day: dt.date
    kind: EntryKind
    member: str
    fen: int
    memo: str | None = None

    __attrs_post_init__ = checks(
        id=IDENT,
        day=DATE,
        kind=is_enum(EntryKind),
        member=IDENT,
        fen=int_range(1, 10**12),
        memo=OPT_PROSE,
    )

    @property
    def signed(self) -> int:
        """The entry's effect on the balance."""
        return self.fen if self.kind is EntryKind.CONTRIBUTION else -self.fen


def _fund_integrity(fund: Fund) -> Iterator[Problem]:
    yield from duplicate_ids("entries", [e.id for e in fund.entries])
    balance = 0
    for i, entry in enumerate(fund.entries):
        if i and entry.day < fund.entries[i - 1].day:
            yield Problem(
                f"$.entries[{i}].day",
                Text(
                    f"a day on or after the entry before ({fund.entries[i - 1].day})",
                    f"不早于上一笔（{fund.entries[i - 1].day}）的日期",
                ),
                Text.same(str(entry.day)),
            )
        balance += entry.signed
        if balance < 0:
            yield Problem(
                f"$.entries[{i}].fen",
                Text(
                    f"a payout of at most the balance ({yuan(balance + entry.fen)} yuan)",
                    f"不超过余额（{yuan(balance + entry.fen)} 元）的支出",
                ),
                Text(f"{yuan(entry.fen)} yuan", f"{yuan(entry.fen)} 元"),
            )
            balance += entry.fen


@attrs.frozen(eq=False, repr=False)
class Fund(Model):
    """A mutual-care fund: its entries in date order; the balance never below zero."""

    id: str
    name: str
    entries: tuple[FundEntry, ...] = ()

    __attrs_post_init__ = checks(
        id=IDENT,
        name=TEXT,
        entries=tuple_of(FundEntry),
        then=lambda fund: list(_fund_integrity(fund)),
    )

    @property
    def balance(self) -> int:
        """What the fund holds, in fen."""
        return sum(e.signed for e in self.entries)

    def totals(self, year: int) -> tuple[int, int]:
        """Contributions and payouts in ``year``, in fen."""
        contributed = sum(
            e.fen for e in self.entries if e.day.year == year and e.kind is EntryKind.CONTRIBUTION
        )
        paid = sum(e.fen for e in self.entries if e.day.year == year and e.kind is EntryKind.PAYOUT)
        return contributed, paid


def _add(fund: Fund, entry: FundEntry) -> Fund:
    if fund.entries and entry.day < fund.entries[-1].day:
        raise FUND_ORDER_RULE.refuse(
            Text(
                f"{entry.id} is dated {entry.day}, before the last entry ({fund.entries[-1].day})",
                f"{entry.id} 日期 {entry.day} 早于上一笔（{fund.entries[-1].day}）",
            ),
            f">={fund.entries[-1].day}",
            str(entry.day),
        )
    if any(e.id == entry.id for e in fund.entries):
        raise FUND_ID_RULE.refuse(
            Text(f"{entry.id} is already an entry of {fund.id}", f"{entry.id} 已在 {fund.id} 中"),
            "a new id",
            entry.id,
        )
    return attrs.evolve(fund, entries=(*fund.entries, entry))


def contribute(  # noqa: PLR0917 - one argument per field of the entry
    fund: Fund, entry_id: str, day: dt.date, member: str, fen: int, memo: str | None = None
) -> tuple[Fund, FundEntry]:
    """A contribution: the new fund and the entry."""
    entry = FundEntry(entry_id, day, EntryKind.CONTRIBUTION, member, fen, memo)
    return _add(fund, entry), entry


def pay_out(  # noqa: PLR0917 - one argument per field of the entry
    fund: Fund, entry_id: str, day: dt.date, member: str, fen: int, memo: str | None = None
) -> tuple[Fund, FundEntry]:
    """A payout: the new fund and the entry.  Refused (``registries.fund.balance``)
    when it is more than the balance, leaving the fund as it was."""
    entry = FundEntry(entry_id, day, EntryKind.PAYOUT, member, fen, memo)
    if fen > fund.balance:
        raise FUND_BALANCE_RULE.refuse(
            Text(
                f"{fund.id}: a payout of {yuan(fen)} yuan is more than the balance of "
                f"{yuan(fund.balance)} yuan ({yuan(fen - fund.balance)} yuan short)",
                f"{fund.id}：支出 {yuan(fen)} 元超过余额 {yuan(fund.balance)} 元"
                f"（差 {yuan(fen - fund.balance)} 元）",
            ),
            f"<={fund.balance}",
            str(fen),
        )
    return _add(fund, entry), entry


# --- meal-help points ----------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class MealPoint(Model):
    """A meal-help point (the facility ``facility`` of category ``meal_help``) with the
    ``seats`` it has for lunch and the ``deliveries`` it can make a day."""

    facility: str
    seats: int
    deliveries: int = 0
    operator: str | None = None

    __attrs_post_init__ = checks(
        facility=IDENT,
        seats=int_range(0, 100_000),
        deliveries=int_range(0, 100_000),
        operator=opt(TEXT),
    )


class HoldsRegistries(HoldsMealHelp, Protocol):
    """What the registry rules need of a community: the meal-help enrolments and
    facilities (see :class:`~neighborly.care.HoldsMealHelp`) and the registries."""

    @property
    def registries(self) -> Registries | None:
        """The registries, or None."""


MEAL_POINTS_RULE = Rule(
    "registries.meal_points",
    Text("Meal-help points within their capacity", "助餐点在容量以内"),
    Text("local meal-help scheme", "地方助餐政策"),
    basis="BRIEF.md Services map: meal-help points for elders (老年助餐点)",
    reads=Text(
        "the registries' meal points and the meals served on the day", "登记的助餐点与当日用餐"
    ),
)

_FUND_SOURCE = Text(
    "a fund's own book: dated in order, one id per entry, no payout over the balance",
    "基金自身账目：按日期顺序记账，每笔编号唯一，支出不超过余额",
)
_FUND_BASIS = "BRIEF.md Services map: other named programmes: the community-worker mutual-care fund"
_FUND_OPERATIONS = ("neighborly.registries.contribute", "neighborly.registries.pay_out")

FUND_ORDER_RULE = Rule(
    "registries.fund.order",
    Text("A fund's entries are dated in order", "基金账目按日期顺序记载"),
    _FUND_SOURCE,
    basis=_FUND_BASIS,
    reads=Text("the fund's last entry", "基金最近一笔记账"),
    refuses=_FUND_OPERATIONS,
)

FUND_ID_RULE = Rule(
    "registries.fund.id",
    Text("Each fund entry has its own id", "基金每笔记账编号唯一"),
    _FUND_SOURCE,
    basis=_FUND_BASIS,
    reads=Text("the fund's entries", "基金记账"),
    refuses=_FUND_OPERATIONS,
)

FUND_BALANCE_RULE = Rule(
    "registries.fund.balance",
    Text("No payout over a fund's balance", "基金支出不超过余额"),
    _FUND_SOURCE,
    basis=_FUND_BASIS,
    reads=Text("the fund's balance", "基金余额"),
    refuses=("neighborly.registries.pay_out",),
)

RULES: tuple[Rule, ...] = (MEAL_POINTS_RULE, FUND_ORDER_RULE, FUND_ID_RULE, FUND_BALANCE_RULE)
"""The rules of this module, as data (see :func:`neighborly.rules.catalogue`)."""


def check_meal_points(community: HoldsRegistries, day: dt.date) -> Verdict:
    """Rule ``registries.meal_points`` on ``day``: every meal-help point is registered
    with its capacity, and its lunches eaten in and delivered fit its seats and its
    delivery capacity."""
    registries = community.registries
    points = {
        p.facility: (i, p)
        for i, p in enumerate(registries.meal_points if registries is not None else ())
    }
    problems = []
    served = meals_on(community, day)
    for meals in served:
        found = points.get(meals.point)
        if found is None:
            problems.append(
                Reason(
                    "$.registries.meal_points",
                    Text(
                        f"{meals.point} serves lunches but is not registered with its capacity",
                        f"{meals.point} 提供助餐但未登记容量",
                    ),
                    "a registered meal point",
                    "none",
                )
            )
            continue
        i, point = found
        path = f"$.registries.meal_points[{i}]"
        for what, asked, room, zh in (
            ("eaten-in lunches", meals.eat_in, point.seats, "堂食"),
            ("deliveries", meals.delivered, point.deliveries, "送餐"),
        ):
            if asked > room:
                problems.append(
                    Reason(
                        path,
                        Text(
                            f"{meals.point} on {day}: {asked} {what} for a capacity of {room} "
                            f"({asked - room} over)",
                            f"{meals.point} {day}：{zh} {asked} 份，容量 {room} 份（超出 {asked - room} 份）",
                        ),
                        f"<={room}",
                        str(asked),
                    )
                )
    total = sum(m.eat_in + m.delivered for m in served)
    return Verdict.from_reasons(
        MEAL_POINTS_RULE.code,
        MEAL_POINTS_RULE.title,
        problems,
        Reason(
            "$.registries.meal_points",
            Text(
                f"{number(total)} lunches on {day} at {len(served)} points, within capacity",
                f"{day} 共 {number(total)} 份午餐、{len(served)} 个助餐点，均在容量以内",
            ),
        ),
        MEAL_POINTS_RULE.source,
    )


def _registries_integrity(registries: Registries) -> Iterator[Problem]:
    yield from duplicate_ids("artisans", [a.id for a in registries.artisans])
    yield from duplicate_ids("funds", [f.id for f in registries.funds])
    yield from duplicate_ids(
        "meal_points", [p.facility for p in registries.meal_points], key="facility"
    )


@attrs.frozen(eq=False, repr=False)
class Registries(Model):
    """A community's registries: artisans, mutual-care funds and meal-help points."""

    artisans: tuple[Artisan, ...] = ()
    funds: tuple[Fund, ...] = ()
    meal_points: tuple[MealPoint, ...] = ()

    __attrs_post_init__ = checks(
        artisans=tuple_of(Artisan),
        funds=tuple_of(Fund),
        meal_points=tuple_of(MealPoint),
        then=lambda registries: list(_registries_integrity(registries)),
    )


# --- ids and references, declared ----------------------------------------------------

ARTISAN = Kind("artisan", Text("an artisan", "社区能人"))
FUND = Kind("fund", Text("a mutual-care fund", "互助金"))

REGISTRIES_DECLARED = Declarations(
    ids=(Ids("artisans[*].id", ARTISAN), Ids("funds[*].id", FUND)),
    refs=(
        Ref("artisans[*].resident", ("resident",)),
        Ref("meal_points[*].facility", ("facility",)),
    ),
)
"""What the registries define (artisans and funds; a fund's entries are its own) and
the residents and facilities they name."""
