"""Property-manager reception days (物业经理接待日): the property manager receives
residents with the community on a recurrence, and what residents raise becomes
requests for the grid to handle.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from neighborly._checks import (
    DATE,
    IDENT,
    PROSE,
    TEXT,
    checks,
    int_range,
    of_type,
    tuple_of,
)
from neighborly._model import Model
from neighborly.calendar import HolidayCalendar
from neighborly.grids import HoldsGrids
from neighborly.recurrence import Recurrence
from neighborly.requests import Request, Urgency, raise_request
from neighborly.text import Text
from neighborly.verdicts import Reason, Rule, Verdict

__all__ = [
    "RECEPTION_RULE",
    "RULES",
    "RaisedMatter",
    "Reception",
    "ReceptionDay",
    "check_receptions",
    "raise_matters",
]


@attrs.frozen(eq=False, repr=False)
class ReceptionDay(Model):
    """A recurring property-manager reception day (物业经理接待日) in a compound: the
    property ``manager`` (a staff id) receives residents with the community, on the
    days of ``recurrence`` (e.g. the first Wednesday of each month), for ``hours``."""

    id: str
    compound: str
    manager: str
    recurrence: Recurrence
    hours: int = 2

    __attrs_post_init__ = checks(
        id=IDENT,
        compound=IDENT,
        manager=IDENT,
        recurrence=of_type(Recurrence),
        hours=int_range(1, 24),
    )

    def days(
        self, start: dt.date, end: dt.date, *, calendar: HolidayCalendar | None = None
    ) -> tuple[dt.date, ...]:
        """The reception days from ``start`` to ``end`` (both included); holidays, where
        the recurrence moves or skips them, from ``calendar`` (the shipped years
        unless given)."""
        zone = self.recurrence.start.tzinfo
        first = dt.datetime.combine(start, dt.time(0), zone)
        last = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0), zone)
        moments = self.recurrence.between(first, last, calendar=calendar)
        return tuple(moment.date() for moment in moments)


@attrs.frozen(eq=False, repr=False)
class RaisedMatter(Model):
    """A matter a household raised at a reception day."""

    household: str
    category: str
    description: str

    __attrs_post_init__ = checks(household=IDENT, category=TEXT, description=PROSE)


@attrs.frozen(eq=False, repr=False)
class Reception(Model):
    """One reception day as held: who of the staff attended, how many residents came
    and the matters they raised."""

    schedule: str
    day: dt.date
    attended: tuple[str, ...] = ()
    residents: int = 0
    matters: tuple[RaisedMatter, ...] = ()

    __attrs_post_init__ = checks(
        schedule=IDENT,
        day=DATE,
        attended=tuple_of(str),
        residents=int_range(0, 100_000),
        matters=tuple_of(RaisedMatter),
    )


RECEPTION_RULE = Rule(
    "deliberation.reception",
    Text("Property-manager reception days held", "物业经理接待日按时举行"),
    Text("the property-service contract and local practice", "物业服务合同与基层实践"),
    basis=(
        "BRIEF.md Owners: property manager reception days (物业经理接待日) bring residents, "
        "community and property company to one table"
    ),
    reads=Text("the reception days and the receptions held", "接待日与已举行的接待"),
)

RULES: tuple[Rule, ...] = (RECEPTION_RULE,)
"""The rules of this module, as data (see :func:`neighborly.rules.catalogue`)."""


def check_receptions(
    schedule: ReceptionDay,
    receptions: Iterable[Reception],
    start: dt.date,
    as_of: dt.date,
    *,
    position: int | None = None,
    calendar: HolidayCalendar | None = None,
) -> Verdict:
    """Rule ``deliberation.reception``: every reception day of ``schedule`` from
    ``start`` up to ``as_of`` (included) was held with the property manager there
    (holidays, where the schedule moves or skips them, from ``calendar``).

    Paths are those of a deliberation record (:class:`~neighborly.deliberation.Deliberation`)
    holding ``receptions`` as its ``receptions`` and ``schedule`` at ``position`` of its
    ``reception_days`` (when given); a day with no reception points at the receptions.
    """
    held: dict[dt.date, tuple[int, Reception]] = {}
    for i, r in enumerate(receptions):
        if r.schedule == schedule.id:
            held[r.day] = (i, r)
    due = schedule.days(start, as_of, calendar=calendar)
    problems = []
    for day in due:
        found = held.get(day)
        if found is None:
            problems.append(
                Reason(
                    "$.receptions",
                    Text(
                        f"{schedule.id}: no reception recorded on {day}",
                        f"{schedule.id}：{day} 未记录接待日",
                    ),
                    "held",
                    "no record",
                )
            )
            continue
        i, reception = found
        if schedule.manager not in reception.attended:
            problems.append(
                Reason(
                    f"$.receptions[{i}].attended",
                    Text(
                        f"{schedule.id} on {day}: the property manager {schedule.manager} was not there",
                        f"{schedule.id} {day}：物业经理 {schedule.manager} 未到场",
                    ),
                    schedule.manager,
                    ", ".join(reception.attended) or "nobody",
                )
            )
    matters = sum(len(held[d][1].matters) for d in due if d in held)
    return Verdict.from_reasons(
        RECEPTION_RULE.code,
        RECEPTION_RULE.title,
        problems,
        Reason(
            "$.reception_days" if position is None else f"$.reception_days[{position}]",
            Text(
                f"{schedule.id}: {len(due)} reception days from {start} to {as_of}, all held with "
                f"the manager; {matters} matters raised",
                f"{schedule.id}：{start} 至 {as_of} 共 {len(due)} 次接待日，物业经理均到场；"
                f"收集事项 {matters} 件",
            ),
        ),
        RECEPTION_RULE.source,
    )


def raise_matters(
    community: HoldsGrids, schedule: ReceptionDay, reception: Reception, first_id: int = 1
) -> tuple[Request, ...]:
    """The matters raised at a reception as residents' requests (ids
    ``<schedule>-<day>-<n>`` from ``first_id``), routed to each household's level-3 grid
    at the hour the reception began, so they are followed up like any request."""

    at = dt.datetime.combine(
        reception.day,
        schedule.recurrence.start.timetz().replace(tzinfo=None),
        schedule.recurrence.start.tzinfo,
    )
    made = []
    for n, matter in enumerate(reception.matters, start=first_id):
        request, _ = raise_request(
            f"{schedule.id}-{reception.day.isoformat()}-{n}",
            community,
            matter.household,
            matter.category,
            Urgency.NORMAL,
            matter.description,
            at,
        )
        made.append(request)
    return tuple(made)
