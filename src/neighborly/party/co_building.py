"""In-service Party members (在职党员) reporting to the community and the co-building units
(共建单位) they come from: what a unit pledges (car parks, lectures, visits), when its
members reported and served, and the yearly feedback to each employer.

How often a member must serve is local practice (:class:`InServicePolicy`; the
default is a first report and two services a year).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from neighborly._checks import (
    DATE,
    IDENT,
    OPT_TEXT,
    TEXT,
    TIME,
    WEEKDAYS,
    checks,
    int_range,
    tuple_of,
)
from neighborly._model import Model
from neighborly.party.structure import PartyMember
from neighborly.text import Lang, Text, check_lang

__all__ = [
    "CoBuildingUnit",
    "EmployerFeedback",
    "InServicePolicy",
    "InServiceStanding",
    "Pledge",
    "ReportIn",
    "ServiceDone",
    "Window",
    "in_service_feedback",
]


# --- in-service members and co-building units ----------------------------------------------


@attrs.frozen(eq=False, repr=False)
class Window(Model):
    """When a pledged resource is available: on ``weekdays`` (0 Monday ... 6 Sunday)
    from ``starts`` to ``ends`` (an ``ends`` at or before ``starts`` runs overnight)."""

    weekdays: frozenset[int]
    starts: dt.time
    ends: dt.time

    __attrs_post_init__ = checks(
        weekdays=WEEKDAYS,
        starts=TIME,
        ends=TIME,
    )


@attrs.frozen(eq=False, repr=False)
class Pledge(Model):
    """A resource a co-building unit lends the community: ``quantity`` of ``what``
    (e.g. 40 parking spaces) in the given time ``windows`` (none: any time)."""

    id: str
    what: str
    quantity: int = 1
    windows: tuple[Window, ...] = ()

    __attrs_post_init__ = checks(
        id=IDENT, what=TEXT, quantity=int_range(1, 1_000_000), windows=tuple_of(Window)
    )


@attrs.frozen(eq=False, repr=False)
class CoBuildingUnit(Model):
    """A co-building unit (共建单位): an employer, bureau or school whose in-service
    members report to the community, with what it has pledged and the micro-wishes or
    services it has taken on (their ids)."""

    id: str
    name: str
    kind: str | None = None
    pledges: tuple[Pledge, ...] = ()
    taken_on: tuple[str, ...] = ()

    __attrs_post_init__ = checks(
        id=IDENT, name=TEXT, kind=OPT_TEXT, pledges=tuple_of(Pledge), taken_on=tuple_of(str)
    )


@attrs.frozen(eq=False, repr=False)
class ReportIn(Model):
    """An in-service member reported to the community (报到) on a day."""

    member: str
    day: dt.date

    __attrs_post_init__ = checks(member=IDENT, day=DATE)


@attrs.frozen(eq=False, repr=False)
class ServiceDone(Model):
    """A service an in-service member did for the community."""

    member: str
    day: dt.date
    activity: str

    __attrs_post_init__ = checks(member=IDENT, day=DATE, activity=TEXT)


@attrs.frozen(eq=False, repr=False)
class InServicePolicy(Model):
    """What the community expects of each in-service member in a year: to have
    reported, and at least ``min_services`` services."""

    min_services: int = 2

    __attrs_post_init__ = checks(min_services=int_range(0, 365))


@attrs.frozen(eq=False, repr=False)
class InServiceStanding(Model):
    """One in-service member's year: reported or not, services done, and whether that
    meets the expectation."""

    member: str
    employer: str
    reported: bool
    services: int
    meets: bool


@attrs.frozen(eq=False, repr=False)
class EmployerFeedback(Model):
    """The yearly feedback to an employer about its members (报到情况反馈)."""

    employer: str
    year: int
    members: tuple[InServiceStanding, ...]

    @property
    def meeting(self) -> int:
        return sum(1 for m in self.members if m.meets)

    def render(self, lang: Lang = "en") -> str:
        lang = check_lang(lang)
        head = Text(
            f"{self.employer} {self.year}: {self.meeting} of {len(self.members)} members met the expectation",
            f"{self.employer} {self.year} 年：{len(self.members)} 名在职党员中 {self.meeting} 名达到要求",
        ).render(lang)
        lines = [head]
        for m in self.members:
            state = Text(
                f"{'reported' if m.reported else 'not reported'}, {m.services} services",
                f"{'已报到' if m.reported else '未报到'}，服务 {m.services} 次",
            ).render(lang)
            lines.append(f"  {m.member}: {state}{'' if m.meets else ' ✗'}")
        return "\n".join(lines)


def in_service_feedback(
    members: Iterable[PartyMember],
    reports: Iterable[ReportIn],
    services: Iterable[ServiceDone],
    year: int,
    policy: InServicePolicy | None = None,
) -> tuple[EmployerFeedback, ...]:
    """Each employer's feedback list for ``year``: its in-service members, whether each
    reported, how many services each did, and who met the expectation."""
    policy = policy if policy is not None else InServicePolicy()
    reported = {r.member for r in reports if r.day.year <= year}
    counts: dict[str, int] = {}
    for service in services:
        if service.day.year == year:
            counts[service.member] = counts.get(service.member, 0) + 1
    by_employer: dict[str, list[InServiceStanding]] = {}
    for member in members:
        if not member.in_service:
            continue
        employer = member.employer or ""
        done = counts.get(member.id, 0)
        meets = member.id in reported and done >= policy.min_services
        by_employer.setdefault(employer, []).append(
            InServiceStanding(member.id, employer, member.id in reported, done, meets)
        )
    return tuple(
        EmployerFeedback(employer, year, tuple(sorted(items, key=lambda s: s.member)))
        for employer, items in sorted(by_employer.items())
    )
