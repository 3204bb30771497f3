"""A community's deliberation records as one aggregate (:class:`Deliberation`):
proposals, boards, meetings, undertakings, reception days and receptions, each
reference inside it checked.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from neighborly._checks import (
    checks,
    duplicate_ids,
    tuple_of,
    unlisted,
)
from neighborly._model import Model
from neighborly.deliberation.accountability import Undertaking
from neighborly.deliberation.board import Board
from neighborly.deliberation.meetings import DeliberationMeeting
from neighborly.deliberation.proposals import Proposal
from neighborly.errors import Problem
from neighborly.integrity import Declarations, Ids, Kind, Known, Ref, missing
from neighborly.owners.reception import Reception, ReceptionDay
from neighborly.places import PLACE_KINDS, Household
from neighborly.text import Text

__all__ = [
    "BOARD",
    "DELIBERATION_DECLARED",
    "DELIBERATION_MEETING",
    "PROPOSAL",
    "RECEPTION_DAY",
    "SEAT_HOLDER_KINDS",
    "UNDERTAKING",
    "Deliberation",
]


# --- a community's deliberation records ------------------------------------------------


def _deliberation_integrity(record: Deliberation) -> Iterator[Problem]:
    for field in ("proposals", "boards", "meetings", "undertakings", "reception_days"):
        yield from duplicate_ids(field, [item.id for item in getattr(record, field)])
    schedules = {r.id for r in record.reception_days}
    for i, reception in enumerate(record.receptions):
        if reception.schedule not in schedules:
            yield unlisted(
                f"$.receptions[{i}].schedule",
                reception.schedule,
                "reception_days",
                Text("a reception day", "接待日"),
            )
    proposals = {p.id for p in record.proposals}
    boards = {b.id for b in record.boards}
    a_proposal = Text("a proposal", "提议")
    for i, meeting in enumerate(record.meetings):
        if meeting.board not in boards:
            yield unlisted(
                f"$.meetings[{i}].board", meeting.board, "boards", Text("a board", "理事会")
            )
        for j, item in enumerate(meeting.agenda):
            if item not in proposals:
                yield unlisted(f"$.meetings[{i}].agenda[{j}]", item, "proposals", a_proposal)
    for i, undertaking in enumerate(record.undertakings):
        if undertaking.proposal not in proposals:
            yield unlisted(
                f"$.undertakings[{i}].proposal", undertaking.proposal, "proposals", a_proposal
            )


@attrs.frozen(eq=False, repr=False)
class Deliberation(Model):
    """A community's deliberation records: proposals, co-governance boards, their
    meetings, the undertakings that carry adopted proposals out, and the
    property-manager reception days with what happened at each."""

    proposals: tuple[Proposal, ...] = ()
    boards: tuple[Board, ...] = ()
    meetings: tuple[DeliberationMeeting, ...] = ()
    undertakings: tuple[Undertaking, ...] = ()
    reception_days: tuple[ReceptionDay, ...] = ()
    receptions: tuple[Reception, ...] = ()

    __attrs_post_init__ = checks(
        proposals=tuple_of(Proposal),
        boards=tuple_of(Board),
        meetings=tuple_of(DeliberationMeeting),
        undertakings=tuple_of(Undertaking),
        reception_days=tuple_of(ReceptionDay),
        receptions=tuple_of(Reception),
        then=lambda record: list(_deliberation_integrity(record)),
    )


# --- ids and references, declared ----------------------------------------------------

PROPOSAL = Kind("proposal", Text("a proposal", "议题"))
BOARD = Kind("board", Text("a co-governance board", "共治议事会"))
DELIBERATION_MEETING = Kind("deliberation_meeting", Text("a deliberation meeting", "议事会议"))
UNDERTAKING = Kind("undertaking", Text("an undertaking", "承诺事项"))
RECEPTION_DAY = Kind("reception_day", Text("a reception day", "接待日"))

SEAT_HOLDER_KINDS = ("staff", "resident", "party_member", "volunteer")
"""The kinds of id a board seat's ``person`` may be, besides an owner of a household."""

_A_PERSON = Text(
    "a staff member, resident, Party member, volunteer or household owner",
    "工作人员、居民、党员、志愿者或业主",
)


def _seated(record: Deliberation, known: Known) -> Iterator[Problem]:
    """Every filled board seat is held by someone the community knows: a staff member,
    resident, Party member or volunteer by id, or an owner named on a household."""
    owners: set[str] | None = None
    for bi, board in enumerate(record.boards):
        for si, seat in enumerate(board.seats):
            person = seat.person
            if person is None or known.has(person, SEAT_HOLDER_KINDS):
                continue
            if owners is None:  # gathered once, only when a seat needs it
                owners = {
                    owner
                    for household in known.ids("household").values()
                    if isinstance(household, Household)
                    for owner in household.owners
                }
            if person not in owners:
                yield missing(f"$.boards[{bi}].seats[{si}].person", person, _A_PERSON)


DELIBERATION_DECLARED = Declarations(
    ids=(
        Ids("proposals[*].id", PROPOSAL),
        Ids("boards[*].id", BOARD),
        Ids("meetings[*].id", DELIBERATION_MEETING),
        Ids("undertakings[*].id", UNDERTAKING),
        Ids("reception_days[*].id", RECEPTION_DAY),
    ),
    refs=(
        Ref("proposals[*].household", ("household",)),
        Ref("proposals[*].place", PLACE_KINDS, what=Text("a place", "地点")),
        Ref("proposals[*].supports[*].household", ("household",)),
        Ref("boards[*].compound", ("compound",)),
    ),
    checks=(_seated,),
)
"""What the deliberation records define and the households, places and compounds they
name, and who holds the boards' seats."""
