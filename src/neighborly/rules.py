"""The catalogue of rules: every rule neighborly has, registered once, as data.

Each domain module declares its rules as :class:`~neighborly.verdicts.Rule` constants
(``grids.RULES``, ``scheduling.RULES``, ...): a stable code, a title in English and
Chinese, the source it rests on (an article, a standard, or a local practice), the
fact it rests on as the project's table of laws and standards gives it, what it
reads, and the policy that tunes it.  The rule functions build their verdicts from
those constants; :func:`catalogue` lists them all, in the order of the modules from
the places up, like a linter's list of rules.

>>> from neighborly.rules import catalogue, rule
>>> rule("owners.tally").source.en
'Civil Code Art. 278; SPC Interpretation 法释〔2009〕7号 Arts. 8-9'
>>> len({r.code for r in catalogue()}) == len(catalogue())
True
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from types import MappingProxyType

import attrs

from neighborly._checks import checks, of_type
from neighborly._model import Model
from neighborly._time import DEFAULT_ZONE
from neighborly.access import RULES as ACCESS_RULES
from neighborly.calendar import HolidayCalendar
from neighborly.care import RULES as CARE_RULES
from neighborly.care import MealPolicy, check_meal_help
from neighborly.community import Community
from neighborly.deliberation.accountability import RULES as ACCOUNTABILITY_RULES
from neighborly.deliberation.accountability import check_undertakings
from neighborly.deliberation.board import RULES as BOARD_RULES
from neighborly.deliberation.board import BoardPolicy, check_board
from neighborly.deliberation.meetings import RULES as DELIBERATION_MEETINGS_RULES
from neighborly.deliberation.proposals import RULES as PROPOSALS_RULES
from neighborly.deliberation.proposals import SupportPolicy
from neighborly.errors import NotFound
from neighborly.grids import RULES as GRIDS_RULES
from neighborly.grids import GridPolicy, check_grids
from neighborly.owners.assembly import RULES as ASSEMBLY_RULES
from neighborly.owners.committee import COMMITTEE_POLICIES, CommitteePolicy
from neighborly.owners.committee import RULES as COMMITTEE_RULES
from neighborly.owners.reception import RULES as RECEPTION_RULES
from neighborly.owners.reception import check_receptions
from neighborly.owners.votes import RULES as VOTES_RULES
from neighborly.owners.votes import roll_of, tally_vote
from neighborly.parking import RULES as PARKING_RULES
from neighborly.parking import ParkingPolicy, check_parking
from neighborly.party.funds import RULES as FUNDS_RULES
from neighborly.party.meetings import RULES as PARTY_MEETINGS_RULES
from neighborly.party.meetings import MeetingPolicy
from neighborly.party.organisation import check_party
from neighborly.party.structure import RULES as STRUCTURE_RULES
from neighborly.party.structure import StructurePolicy
from neighborly.points import RULES as POINTS_RULES
from neighborly.points import verify_chain
from neighborly.registries import RULES as REGISTRIES_RULES
from neighborly.registries import check_meal_points
from neighborly.requests import RULES as REQUESTS_RULES
from neighborly.requests import EscalationPolicy, overdue
from neighborly.scheduling import RULES as SCHEDULING_RULES
from neighborly.scheduling import (
    PlanTargets,
    QuietHours,
    check_occurrences,
    check_plan,
    occurrences,
)
from neighborly.serialization import DEFAULT_LIMITS, Format, Limits, load, loads
from neighborly.services import RULES as SERVICES_RULES
from neighborly.services import CirclePolicy, check_circle
from neighborly.verdicts import Report, Rule, Verdict
from neighborly.volunteering import RULES as VOLUNTEERING_RULES
from neighborly.volunteering import STAR_POLICIES, RecordPolicy, StarPolicy, check_records
from neighborly.waste import RULES as WASTE_RULES
from neighborly.waste import PointPolicy, check_points, check_rota
from neighborly.wishes import RULES as WISHES_RULES
from neighborly.wishes import WishPolicy, check_wishes

__all__ = [
    "AHEAD_DAYS",
    "CATALOGUE",
    "PRESETS",
    "ROTA_DAYS",
    "Policies",
    "catalogue",
    "check_community",
    "load_policies",
    "rule",
]

AHEAD_DAYS = 60
"""How many days ahead of ``as_of`` the scheduling rules look at a community's events."""
ROTA_DAYS = 7
"""How many days from ``as_of`` the sorting rota is checked for."""

CATALOGUE: tuple[Rule, ...] = (
    *GRIDS_RULES,
    *SCHEDULING_RULES,
    *VOLUNTEERING_RULES,
    *POINTS_RULES,
    *STRUCTURE_RULES,
    *PARTY_MEETINGS_RULES,
    *FUNDS_RULES,
    *VOTES_RULES,
    *ASSEMBLY_RULES,
    *COMMITTEE_RULES,
    *RECEPTION_RULES,
    *WISHES_RULES,
    *REQUESTS_RULES,
    *WASTE_RULES,
    *SERVICES_RULES,
    *CARE_RULES,
    *PARKING_RULES,
    *PROPOSALS_RULES,
    *BOARD_RULES,
    *DELIBERATION_MEETINGS_RULES,
    *ACCOUNTABILITY_RULES,
    *REGISTRIES_RULES,
    *ACCESS_RULES,
)
"""Every rule, module by module from the places up."""

_BY_CODE: Mapping[str, Rule] = MappingProxyType({r.code: r for r in CATALOGUE})
if len(_BY_CODE) != len(CATALOGUE):  # pragma: no cover - a test holds it too
    msg = "a rule code is registered twice"
    raise ValueError(msg)


def catalogue() -> tuple[Rule, ...]:
    """Every rule neighborly has, each once: code, titles, source, basis, what it reads
    and the policy that tunes it."""
    return CATALOGUE


def rule(code: str) -> Rule:
    """The rule with this code; :class:`~neighborly.errors.NotFound` if there is none."""
    found = _BY_CODE.get(code)
    if found is None:
        raise NotFound("rule", code)
    return found


# --- policies ------------------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class Policies(Model):
    """Every policy a rule takes, in one value; each field defaults to the national
    default (or the common practice where no national number exists).

    A locality changes what its rules say by giving its own: in Python
    (``Policies(grids=GridPolicy(200, 300))``), as a named preset (:data:`PRESETS`), or
    from a TOML file of the same shape (:func:`load_policies`)::

        [grids]
        min_households = 200
        max_households = 300
    """

    grids: GridPolicy = attrs.field(factory=GridPolicy)
    quiet_hours: QuietHours = attrs.field(factory=QuietHours)
    plan: PlanTargets = attrs.field(factory=PlanTargets)
    records: RecordPolicy = attrs.field(factory=RecordPolicy)
    stars: StarPolicy = attrs.field(factory=StarPolicy)
    structure: StructurePolicy = attrs.field(factory=StructurePolicy)
    meetings: MeetingPolicy = attrs.field(factory=MeetingPolicy)
    committee: CommitteePolicy = attrs.field(factory=CommitteePolicy)
    wishes: WishPolicy = attrs.field(factory=WishPolicy)
    escalation: EscalationPolicy = attrs.field(factory=EscalationPolicy)
    waste: PointPolicy = attrs.field(factory=PointPolicy)
    circle: CirclePolicy = attrs.field(factory=CirclePolicy)
    meals: MealPolicy = attrs.field(factory=MealPolicy)
    parking: ParkingPolicy = attrs.field(factory=ParkingPolicy)
    board: BoardPolicy = attrs.field(factory=BoardPolicy)
    support: SupportPolicy = attrs.field(factory=SupportPolicy)

    __attrs_post_init__ = checks(
        grids=of_type(GridPolicy),
        quiet_hours=of_type(QuietHours),
        plan=of_type(PlanTargets),
        records=of_type(RecordPolicy),
        stars=of_type(StarPolicy),
        structure=of_type(StructurePolicy),
        meetings=of_type(MeetingPolicy),
        committee=of_type(CommitteePolicy),
        wishes=of_type(WishPolicy),
        escalation=of_type(EscalationPolicy),
        waste=of_type(PointPolicy),
        circle=of_type(CirclePolicy),
        meals=of_type(MealPolicy),
        parking=of_type(ParkingPolicy),
        board=of_type(BoardPolicy),
        support=of_type(SupportPolicy),
    )


PRESETS: Mapping[str, Policies] = MappingProxyType(
    {
        "national": Policies(),
        "beijing": Policies(
            stars=STAR_POLICIES["beijing"], committee=COMMITTEE_POLICIES["beijing"]
        ),
        "shanghai": Policies(committee=COMMITTEE_POLICIES["shanghai"]),
        "zhangjiagang": Policies(stars=STAR_POLICIES["zhangjiagang"]),
    }
)
"""Named presets where the table of laws and standards has sourced local numbers:
Beijing's star scale (100/200/500/800/1000 hours) and owners' committee rules
(Beijing 物业管理条例 Arts. 39-41), Shanghai's committee rules (住宅物业管理规定 Art. 20:
no member in arrears) and Zhangjiagang's star scale (30/60/100/200/300 hours); every
other policy is the national default."""


def load_policies(
    source: str | os.PathLike[str] | bytes,
    *,
    format: Format = "toml",
    limits: Limits = DEFAULT_LIMITS,
) -> Policies:
    """Policies read from a TOML or JSON file (a path, its format by its suffix) or from
    bytes (TOML unless ``format`` says ``json``): each section is one field of
    :class:`Policies`, and what a file leaves out keeps its default.
    :class:`~neighborly.errors.InvalidInput` names every bad value by path.

    >>> load_policies(b"[grids]\\nmin_households = 200\\n").grids.min_households
    200
    """
    if isinstance(source, bytes):
        return loads(source, Policies, format=format, limits=limits)
    return load(source, Policies, limits=limits)


# --- one entry point ----------------------------------------------------------------


def check_community(
    community: Community,
    *,
    as_of: dt.date,
    policies: Policies | None = None,
    calendar: HolidayCalendar | None = None,
) -> Report:
    """Every registered rule whose inputs the community holds, in catalogue order:
    the grids; its events over the :data:`AHEAD_DAYS` days from ``as_of``, and the
    annual plan of ``as_of``'s calendar year against ``policies.plan``; service records
    and the points chain; the Party organisation (this quarter's meetings); each owners'
    vote, motion by motion; and its services: wishes, requests (at noon on ``as_of``),
    garbage sorting (the rota for :data:`ROTA_DAYS` days), the life circle, meal help,
    shared parking, deliberation and the registries.

    Working days (the records' deadlines, the car parks' staff hours) are counted by
    ``calendar``: the shipped holiday arrangements when None, or
    :func:`~neighborly.calendar.official_calendar` with a user's years added.

    To judge another year's plan, call :func:`~neighborly.scheduling.check_plan`.
    """
    p = policies if policies is not None else Policies()
    verdicts: list[Verdict] = [*check_grids(community, p.grids)]
    if community.events:
        start = dt.datetime.combine(as_of, dt.time(0), DEFAULT_ZONE)
        found = occurrences(community.events, start, start + dt.timedelta(days=AHEAD_DAYS))
        verdicts.extend(
            check_occurrences(
                found,
                community.events,
                community.venues,
                quiet=p.quiet_hours,
                assignments=community.assignments,
            )
        )
        verdicts.extend(check_plan(community.events, as_of.year, p.plan))
    if community.records:
        verdicts.extend(check_records(community.records, p.records, calendar))
    if community.points is not None:
        verdicts.append(verify_chain(community.points))
    if community.party is not None:
        verdicts.extend(
            check_party(community.party, as_of, structure=p.structure, meetings=p.meetings)
        )
    if community.votes:
        # only a vote not yet held (no ballots, no roll of its own) counts today's households
        roll = roll_of(community) if any(not vote.roll for vote in community.votes) else ()
        verdicts.extend(
            t.verdict.under(f"$.votes[{i}]")
            for i, vote in enumerate(community.votes)
            for t in tally_vote(vote, roll)
        )
    verdicts.extend(_services(community, as_of, p, calendar))
    return Report(verdicts)


def _services(
    community: Community, as_of: dt.date, p: Policies, calendar: HolidayCalendar | None
) -> list[Verdict]:
    verdicts: list[Verdict] = []
    if community.wishes:
        verdicts.append(check_wishes(community.wishes, as_of, p.wishes))
    if community.requests:
        noon = dt.datetime.combine(as_of, dt.time(12), DEFAULT_ZONE)
        verdicts.append(overdue(community.requests, noon, p.escalation))
    sorting = community.sorting
    if sorting is not None:
        verdicts.append(check_points(community, p.waste))
        if sorting.slots:
            last = as_of + dt.timedelta(days=ROTA_DAYS - 1)
            verdicts.append(check_rota(community, as_of, last))
    located = any(b.location is not None for c in community.compounds for b in c.buildings)
    if located and community.facilities:
        verdicts.append(check_circle(community, p.circle))
    if community.meal_help:
        verdicts.append(check_meal_help(community, p.meals))
    if community.parking is not None:
        verdicts.append(check_parking(community, p.parking, calendar=calendar))
    record = community.deliberation
    if record is not None:
        verdicts.append(check_undertakings(record.undertakings, as_of))
        if record.boards:
            verdicts.append(check_board(record.boards, p.board))
        first_day = dt.date(as_of.year, 1, 1)
        verdicts.extend(
            check_receptions(schedule, record.receptions, first_day, as_of, position=i).under(
                "$.deliberation"
            )
            for i, schedule in enumerate(record.reception_days)
        )
    registries = community.registries
    if registries is not None and registries.meal_points:
        verdicts.append(check_meal_points(community, as_of))
    return verdicts
