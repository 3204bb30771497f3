"""The community's Party organisation as one aggregate (:class:`Party`): its structure,
demonstration households (党员示范户), meetings, co-building units and funds, checked
together by :func:`check_party`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container, Iterator, Mapping, Sequence

import attrs

from neighborly._checks import (
    IDENT,
    OPT_DATE,
    checks,
    duplicate_ids,
    tuple_of,
)
from neighborly._model import Model
from neighborly.errors import Problem
from neighborly.integrity import Declarations, Ids, Kind, Ref
from neighborly.party.co_building import CoBuildingUnit, ReportIn, ServiceDone
from neighborly.party.funds import Project, Spending, check_funds
from neighborly.party.meetings import (
    Meeting,
    MeetingPolicy,
    check_meetings,
    meeting_compliance,
    quarter_of,
)
from neighborly.party.structure import (
    MAX_UNIT_LEVELS,
    PARENT_KINDS,
    PartyMember,
    PartyUnit,
    Position,
    StructurePolicy,
    UnitKind,
    check_structure,
    check_terms,
)
from neighborly.places import PLACE_KINDS
from neighborly.text import Text
from neighborly.verdicts import Report

__all__ = [
    "CO_BUILDING_UNIT",
    "PARTY_DECLARED",
    "PARTY_MEETING",
    "PARTY_MEMBER",
    "PARTY_UNIT",
    "PROJECT",
    "SPENDING",
    "Demonstration",
    "Party",
    "check_party",
]


# --- the community's Party organisation as a whole -------------------------------------------


@attrs.frozen(eq=False, repr=False)
class Demonstration(Model):
    """A Party-member demonstration household (党员示范户): a household and the member
    who lives there, since a day."""

    household: str
    member: str
    since: dt.date | None = None

    __attrs_post_init__ = checks(household=IDENT, member=IDENT, since=OPT_DATE)


@attrs.frozen(eq=False, repr=False)
class Party(Model):
    """A community's Party organisation: the units, members and positions, the
    demonstration households, the meetings held, the co-building units and their
    in-service members' reports and services, and the project funds.

    Ids are unique within each list and every reference inside (a unit's parent, a
    member's unit and group, a position's unit and member, a meeting's unit...) must
    name something here; construction fails otherwise, naming each by path.
    """

    units: tuple[PartyUnit, ...] = ()
    members: tuple[PartyMember, ...] = ()
    positions: tuple[Position, ...] = ()
    demonstrations: tuple[Demonstration, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    co_building: tuple[CoBuildingUnit, ...] = ()
    reports: tuple[ReportIn, ...] = ()
    services: tuple[ServiceDone, ...] = ()
    projects: tuple[Project, ...] = ()
    spendings: tuple[Spending, ...] = ()

    __attrs_post_init__ = checks(
        units=tuple_of(PartyUnit),
        members=tuple_of(PartyMember),
        positions=tuple_of(Position),
        demonstrations=tuple_of(Demonstration),
        meetings=tuple_of(Meeting),
        co_building=tuple_of(CoBuildingUnit),
        reports=tuple_of(ReportIn),
        services=tuple_of(ServiceDone),
        projects=tuple_of(Project),
        spendings=tuple_of(Spending),
        then=lambda party: _party_integrity(party),  # noqa: PLW0108 (defined below)
    )


def _party_integrity(party: Party) -> Iterator[Problem]:
    for field in ("units", "members", "meetings", "co_building", "projects", "spendings"):
        yield from duplicate_ids(field, [item.id for item in getattr(party, field)])
    units = {u.id: u for u in party.units}
    members = {m.id for m in party.members}
    a_unit = Text("a unit", "党组织")
    yield from _refs("units", "parent", [u.parent for u in party.units], units, a_unit)
    yield from _chains(party.units)
    yield from _member_units(party.members, units)
    yield from _refs("positions", "unit", [p.unit for p in party.positions], units, a_unit)
    yield from _refs("meetings", "unit", [m.unit for m in party.meetings], units, a_unit)
    yield from _refs("projects", "unit", [p.unit for p in party.projects], units, a_unit)
    a_member = Text("a Party member", "党员")
    for field, keys in (
        ("positions", [p.member for p in party.positions]),
        ("demonstrations", [d.member for d in party.demonstrations]),
        ("reports", [r.member for r in party.reports]),
        ("services", [s.member for s in party.services]),
    ):
        yield from _refs(field, "member", keys, members, a_member)
    projects = {p.id for p in party.projects}
    yield from _refs(
        "spendings",
        "project",
        [s.project for s in party.spendings],
        projects,
        Text("a project", "党建项目"),
    )


def _refs(
    field: str, attr: str, keys: Sequence[str | None], known: Container[str], what: Text
) -> Iterator[Problem]:
    for i, key in enumerate(keys):
        if key is not None and key not in known:
            yield _nothing(f"$.{field}[{i}].{attr}", key, what)


def _member_units(
    members: Sequence[PartyMember], units: Mapping[str, PartyUnit]
) -> Iterator[Problem]:
    for i, member in enumerate(members):
        if member.unit is not None:
            unit = units.get(member.unit)
            if unit is None or unit.kind is UnitKind.GROUP:
                what = Text("a branch, general branch or committee", "党支部、党总支或党委")
                yield _nothing(f"$.members[{i}].unit", member.unit, what)
        if member.group is not None:
            group = units.get(member.group)
            if group is None or group.kind is not UnitKind.GROUP or group.parent != member.unit:
                what = Text("a Party group of the member's unit", "所在党组织下的党小组")
                yield _nothing(f"$.members[{i}].group", member.group, what)


def _nothing(path: str, key: str, what: Text) -> Problem:
    return Problem(
        path,
        Text(f"the id of {what.en} here", f"本组织中{what.zh}的标识"),
        Text(f'"{key}", which names nothing here', f"“{key}”，无此对象"),
    )


def _levels(units: Sequence[PartyUnit]) -> dict[str, int]:
    """Each unit's level: 1 for a unit without a parent among ``units``, one more than
    its parent's otherwise, and -1 for a unit whose parents lead back to itself or into
    such a loop.  Each unit is walked once (linear in the number of units)."""
    parents = {u.id: u.parent for u in units}
    levels: dict[str, int] = {}
    for unit in units:
        path: list[str] = []
        on_path: set[str] = set()
        node: str | None = unit.id
        while node is not None and node in parents and node not in levels:
            if node in on_path:
                break
            path.append(node)
            on_path.add(node)
            node = parents[node]
        if node is not None and node in on_path:
            level = -1  # the walk came back to a unit on its own path
        elif node is not None and node in levels:
            level = levels[node]
        else:
            level = 0  # above the top: no parent, or one outside the file
        for key in reversed(path):
            level = -1 if level < 0 else level + 1
            levels[key] = level
    return levels


def _chains(units: Sequence[PartyUnit]) -> Iterator[Problem]:
    """Problems with the units' parents: a loop, a parent of a kind that may not lead
    this unit's kind (a branch under a Party group), a chain deeper than
    :data:`MAX_UNIT_LEVELS`."""
    levels = _levels(units)
    kinds = {u.id: u.kind for u in units}
    for i, unit in enumerate(units):
        path = f"$.units[{i}].parent"
        level = levels.get(unit.id, 1)
        if level < 0:
            yield Problem(
                path,
                Text("a parent that does not lead back to the unit itself", "不构成循环的上级组织"),
                Text(f'"{unit.parent}", which loops back', f"“{unit.parent}”，形成循环"),
            )
            continue
        parent_kind = kinds.get(unit.parent) if unit.parent is not None else None
        if parent_kind is not None and parent_kind not in PARENT_KINDS[unit.kind]:
            allowed = [k for k in UnitKind if k in PARENT_KINDS[unit.kind]]  # in rank order
            yield Problem(
                path,
                Text(
                    f"a {' or '.join(k.label.en for k in allowed)} to lead a {unit.kind.label.en}",
                    f"可领导{unit.kind.label.zh}的{'或'.join(k.label.zh for k in allowed)}",
                ),
                Text(
                    f'"{unit.parent}", a {parent_kind.label.en}',
                    f"“{unit.parent}”，为{parent_kind.label.zh}",
                ),
            )
        if level == MAX_UNIT_LEVELS + 1:  # the first unit past the limit, not each below it
            yield Problem(
                path,
                Text(
                    f"a parent at most {MAX_UNIT_LEVELS - 1} levels below the top unit",
                    f"上级组织距最高一级不超过 {MAX_UNIT_LEVELS - 1} 级",
                ),
                Text(
                    f'"{unit.parent}", level {level - 1} from the top',
                    f"“{unit.parent}”，位于第 {level - 1} 级",
                ),
            )


def check_party(
    party: Party,
    as_of: dt.date,
    *,
    since: dt.date | None = None,
    structure: StructurePolicy | None = None,
    meetings: MeetingPolicy | None = None,
) -> Report:
    """Every Party rule: structure, terms, meetings from ``since`` (default: the start
    of ``as_of``'s quarter) to ``as_of``, and project funds."""
    first = since if since is not None else quarter_of(as_of)[0]
    compliance = meeting_compliance(
        party.units, party.meetings, first, as_of, policy=meetings, positions=party.positions
    )
    return Report(
        (
            *check_structure(party.units, party.members, party.positions, structure),
            check_terms(party.units, as_of, structure),
            check_meetings(compliance),
            check_funds(party.projects, party.spendings),
        )
    )


# --- ids and references, declared ----------------------------------------------------

PARTY_UNIT = Kind("party_unit", Text("a Party unit", "党组织"))
PARTY_MEMBER = Kind("party_member", Text("a Party member", "党员"))
PARTY_MEETING = Kind("party_meeting", Text("a Party meeting", "党组织会议"))
CO_BUILDING_UNIT = Kind("co_building_unit", Text("a co-building unit", "共建单位"))
PROJECT = Kind("project", Text("a Party-building project", "党建项目"))
SPENDING = Kind("spending", Text("a spending", "支出"))

PARTY_DECLARED = Declarations(
    ids=(
        Ids("units[*].id", PARTY_UNIT),
        Ids("members[*].id", PARTY_MEMBER),
        Ids("meetings[*].id", PARTY_MEETING),
        Ids("co_building[*].id", CO_BUILDING_UNIT),
        Ids("projects[*].id", PROJECT),
        Ids("spendings[*].id", SPENDING),
    ),
    refs=(
        Ref(
            "units[*].places[*]", PLACE_KINDS, what=Text("a place of the community", "本社区的地点")
        ),
        Ref("units[*].grids[*]", ("grid",)),
        Ref("members[*].resident", ("resident",)),
        Ref("demonstrations[*].household", ("household",)),
    ),
)
"""What the Party organisation defines (units, members, meetings, co-building units,
projects, spendings) and the places, grids, residents and households it names."""
