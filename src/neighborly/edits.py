"""Everyday edits to a community, one function each, without nested ``attrs.evolve``.

A :class:`~neighborly.community.Community` is immutable: each function here returns a
new community with the change made, and leaves the one it was given untouched.  The
new community is built the way any community is, so every invariant is checked again
(ids unique across the community, every reference naming something that exists);
when the change breaks one, :class:`~neighborly.errors.InvalidInput` names every
problem by its JSON path in the community the change would have made, and nothing is
changed.  An id an edit is told to find (a unit, a household, a vote) and does not
find is such a problem too, at the path it was looked for under.

>>> import datetime as dt
>>> from decimal import Decimal
>>> from neighborly import sample_community
>>> from neighborly.places import Household, Resident
>>> c = sample_community()
>>> moved_in = add_household(
...     c, Household("h-new", "1-1-2601", Decimal("89.5"), owners=("o-new",)), unit="u-01-1"
... )
>>> moved_in = add_residents(moved_in, "h-new", Resident("r-new", age=34))
>>> moved_in.household("h-new").occupants[0].id, c.index.kind("h-new")
('r-new', None)

Each call rebuilds and re-checks the whole community, which costs about as much as
loading it: make many changes of one kind in one call (every function that adds
records takes any number of them) rather than one call each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TypeVar

import attrs

from neighborly.community import Community
from neighborly.errors import InvalidInput, NotFound, Problem
from neighborly.integrity import missing
from neighborly.owners.votes import Ballot, Vote, roll_of
from neighborly.places import Household, Resident, Unit
from neighborly.requests import Urgency
from neighborly.requests import raise_request as route_request
from neighborly.scheduling import Assignment, Event
from neighborly.text import Text
from neighborly.volunteering import ServiceRecord

__all__ = [
    "add_household",
    "add_residents",
    "cast_ballots",
    "hold_vote",
    "move_household",
    "raise_request",
    "record_service",
    "schedule_event",
]

_T = TypeVar("_T")

_UNITS = "$.compounds[*].buildings[*].units[*].id"
_HOUSEHOLDS = "$.compounds[*].buildings[*].units[*].households[*].id"


def _under(prefix: str, make: Callable[[], _T]) -> _T:
    """``make()``, with the paths of any problem it raises re-rooted below ``prefix``."""
    try:
        return make()
    except InvalidInput as err:
        raise err.under(prefix) from None


def _unit_at(community: Community, unit_id: str) -> tuple[int, int, int]:
    try:
        ci, bi, ui = community.index.position(unit_id, "unit")
    except NotFound:
        raise InvalidInput([missing(_UNITS, unit_id, Text("a unit", "单元"))]) from None
    return ci, bi, ui


def _household_at(community: Community, household_id: str) -> tuple[int, int, int, int]:
    try:
        ci, bi, ui, hi = community.index.position(household_id, "household")
    except NotFound:
        raise InvalidInput(
            [missing(_HOUSEHOLDS, household_id, Text("a household", "住户"))]
        ) from None
    return ci, bi, ui, hi


def _replace(items: tuple[_T, ...], index: int, item: _T) -> tuple[_T, ...]:
    return (*items[:index], item, *items[index + 1 :])


def _with_units(
    community: Community, changes: dict[tuple[int, int, int], Callable[[Unit], Unit]]
) -> Community:
    """The community with each unit at (compound, building, unit) changed, every
    enclosing building and compound rebuilt once, and problems rooted at ``$``."""
    compounds = list(community.compounds)
    for ci in sorted({c for c, _, _ in changes}):
        compound = compounds[ci]
        buildings = list(compound.buildings)
        for bi in sorted({b for c, b, _ in changes if c == ci}):
            building = buildings[bi]
            units = list(building.units)
            for c, b, ui in sorted(changes):
                if (c, b) == (ci, bi):
                    change = changes[(c, b, ui)]
                    units[ui] = _under(
                        f"$.compounds[{ci}].buildings[{bi}].units[{ui}]",
                        lambda unit=units[ui], change=change: change(unit),  # type: ignore[misc]
                    )
            buildings[bi] = _under(
                f"$.compounds[{ci}].buildings[{bi}]",
                lambda building=building, units=units: attrs.evolve(  # type: ignore[misc]
                    building, units=tuple(units)
                ),
            )
        compounds[ci] = _under(
            f"$.compounds[{ci}]",
            lambda compound=compound, buildings=buildings: attrs.evolve(  # type: ignore[misc]
                compound, buildings=tuple(buildings)
            ),
        )
    return attrs.evolve(community, compounds=tuple(compounds))


# --- places and people -------------------------------------------------------------


def add_household(community: Community, household: Household, *, unit: str) -> Community:
    """The community with ``household`` (and its occupants) added at the end of the
    unit whose id is ``unit``.

    Checks: the unit exists; the household's id and its residents' ids are used
    nowhere else in the community.  The community's votes keep the rolls they were
    held on, so a new household changes no tally.
    """
    where = _unit_at(community, unit)
    return _with_units(
        community,
        {where: lambda u: attrs.evolve(u, households=(*u.households, household))},
    )


def move_household(community: Community, household: str, *, to_unit: str) -> Community:
    """The community with the household whose id is ``household`` moved, with its
    owners and occupants, to the end of the unit ``to_unit`` (a correction of where it
    was entered, or a renumbering of stairwells).

    Checks: both ids exist.  Grids that name the household itself keep naming it; grids
    that cover it through its old unit or building no longer do, which the grid rules
    will show.  Moving a household to the unit it is in returns the community as it is.
    """
    ci, bi, ui, hi = _household_at(community, household)
    target = _unit_at(community, to_unit)
    if target == (ci, bi, ui):
        return community
    moving = community.compounds[ci].buildings[bi].units[ui].households[hi]
    return _with_units(
        community,
        {
            (ci, bi, ui): lambda u: attrs.evolve(
                u, households=tuple(h for h in u.households if h.id != household)
            ),
            target: lambda u: attrs.evolve(u, households=(*u.households, moving)),
        },
    )


def add_residents(community: Community, household: str, *residents: Resident) -> Community:
    """The community with ``residents`` added to the occupants of the household whose
    id is ``household``.

    Checks: the household exists; each resident is valid and its id used nowhere else
    in the community.
    """
    ci, bi, ui, hi = _household_at(community, household)

    def change(unit: Unit) -> Unit:
        home = unit.households[hi]
        grown = _under(
            f"$.households[{hi}]",
            lambda: attrs.evolve(home, occupants=(*home.occupants, *residents)),
        )
        return attrs.evolve(unit, households=_replace(unit.households, hi, grown))

    return _with_units(community, {(ci, bi, ui): change})


# --- records, the calendar and requests ---------------------------------------------


def record_service(community: Community, *records: ServiceRecord) -> Community:
    """The community with ``records`` added to its volunteer service records.

    Checks: each record is valid; its id is new; its volunteer, team and grid, and the
    record it reverses or corrects, exist in the community.  Whether the records are
    entered in time or approved by the right verifier is for the rules
    (:func:`neighborly.volunteering.check_records`).
    """
    return attrs.evolve(community, records=(*community.records, *records))


def schedule_event(
    community: Community, *events: Event, assignments: Iterable[Assignment] = ()
) -> Community:
    """The community with ``events`` added to its calendar, and ``assignments`` (staff
    or residents assigned to them) to its assignments.

    Checks: each event is valid and its id new; its venue exists; each assignment names
    an event and a staff member or resident of the community.  Clashes, capacity and
    staffing are for the rules (:func:`neighborly.scheduling.check_schedule`,
    :func:`neighborly.scheduling.check_staffing`).
    """
    return attrs.evolve(
        community,
        events=(*community.events, *events),
        assignments=(*community.assignments, *assignments),
    )


def raise_request(
    community: Community,
    *,
    id: str,
    household: str,
    category: str,
    urgency: Urgency,
    description: str,
    at: dt.datetime,
) -> Community:
    """The community with a resident's new request, routed to the level-3 grid that
    covers ``household`` (as :func:`neighborly.requests.raise_request` routes it).

    Checks: the household exists and a level-3 grid covers it; the request is valid and
    its id new.
    """
    path = f"$.requests[{len(community.requests)}].household"
    try:
        request, _ = route_request(id, community, household, category, urgency, description, at)
    except NotFound as err:
        if community.index.kind(household) != "household":
            raise InvalidInput([missing(path, household, Text("a household", "住户"))]) from None
        raise InvalidInput(
            [
                Problem(
                    path,
                    Text(
                        "a household that a level-3 grid covers (a request is routed to it)",
                        "有三级网格覆盖的住户（诉求交由该网格办理）",
                    ),
                    Text(
                        f'"{household}", which no level-3 grid covers',
                        f"“{household}”，没有三级网格覆盖",
                    ),
                )
            ]
        ) from err
    return attrs.evolve(community, requests=(*community.requests, request))


# --- owners' votes --------------------------------------------------------------------


def hold_vote(community: Community, vote: Vote) -> Community:
    """The community with ``vote`` added; a vote with no roll of its own is given the
    community's households as they stand now (:func:`neighborly.owners.roll_of`), so
    later changes to the households never change its tally.

    Checks: the vote is valid and its id new.
    """
    if not vote.roll:
        vote = _under(
            f"$.votes[{len(community.votes)}]",
            lambda: attrs.evolve(vote, roll=roll_of(community)),
        )
    return attrs.evolve(community, votes=(*community.votes, vote))


def cast_ballots(community: Community, vote: str, *ballots: Ballot) -> Community:
    """The community with ``ballots`` added to the vote whose id is ``vote``; a vote
    that had no roll of its own takes the community's households now, with its first
    ballots.

    Checks: the vote exists; each ballot names a motion of the vote, if it names one.
    Whether a ballot's part is on the roll, or its owner has voted already, is for the
    tally (:func:`neighborly.owners.tally_vote`), which sets such ballots aside and says
    why.
    """
    for vi, held in enumerate(community.votes):
        if held.id == vote:
            roll = held.roll or roll_of(community)
            counted = _under(
                f"$.votes[{vi}]",
                lambda held=held, roll=roll: attrs.evolve(  # type: ignore[misc]
                    held, roll=roll, ballots=(*held.ballots, *ballots)
                ),
            )
            return attrs.evolve(community, votes=_replace(community.votes, vi, counted))
    raise InvalidInput([missing("$.votes[*].id", vote, Text("a vote", "表决"))])
