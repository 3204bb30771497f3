"""The co-governance board (共治理事会) of a compound: its seats and who fills them.

The "five-in-one" model joins the compound Party branch, the owners' committee, the
property company, building group leaders and grid workers at one table; which seats
a board must have is a :class:`BoardPolicy`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator

import attrs

from neighborly._checks import (
    IDENT,
    checks,
    int_range,
    is_enum,
    opt,
    tuple_of,
)
from neighborly._model import Model
from neighborly.text import Text
from neighborly.verdicts import Reason, Rule, Verdict

__all__ = [
    "BOARD_RULE",
    "RULES",
    "Board",
    "BoardPolicy",
    "Seat",
    "SeatKind",
    "SeatNeed",
    "check_board",
]


# --- the co-governance board ----------------------------------------------------------


class SeatKind(str, enum.Enum):
    """The seats of a compound's co-governance board (小区共治理事会)."""

    PARTY_BRANCH = "party_branch"  # the Party branch (its secretary)
    OWNERS_COMMITTEE = "owners_committee"
    PROPERTY_COMPANY = "property_company"
    BUILDING_GROUP_LEADER = "building_group_leader"
    GRID_WORKER = "grid_worker"
    RESIDENT_REPRESENTATIVE = "resident_representative"


@attrs.frozen(eq=False, repr=False)
class Seat(Model):
    """A seat on the board and who holds it (``person``: a staff member, resident or
    Party member id; None: vacant)."""

    kind: SeatKind
    person: str | None = None

    __attrs_post_init__ = checks(kind=is_enum(SeatKind), person=opt(IDENT))


@attrs.frozen(eq=False, repr=False)
class Board(Model):
    """The co-governance board of a compound."""

    id: str
    compound: str
    seats: tuple[Seat, ...] = ()

    __attrs_post_init__ = checks(id=IDENT, compound=IDENT, seats=tuple_of(Seat))

    def members(self) -> tuple[str, ...]:
        """The people holding seats, in seat order, each once."""
        return tuple(dict.fromkeys(s.person for s in self.seats if s.person is not None))


@attrs.frozen(eq=False, repr=False)
class SeatNeed(Model):
    """How many seats of one kind a board must have filled."""

    kind: SeatKind
    count: int = 1

    __attrs_post_init__ = checks(kind=is_enum(SeatKind), count=int_range(1, 100))


_DEFAULT_NEEDS = (
    SeatNeed(SeatKind.PARTY_BRANCH),
    SeatNeed(SeatKind.OWNERS_COMMITTEE),
    SeatNeed(SeatKind.PROPERTY_COMPANY),
    SeatNeed(SeatKind.BUILDING_GROUP_LEADER),
    SeatNeed(SeatKind.GRID_WORKER),
)


@attrs.frozen(eq=False, repr=False)
class BoardPolicy(Model):
    """The seats a board must have filled: by default one each for the Party branch,
    the owners' committee, the property company, the building group leaders and the
    grid workers (the joint board of BRIEF.md); local rules differ."""

    needs: tuple[SeatNeed, ...] = _DEFAULT_NEEDS

    __attrs_post_init__ = checks(needs=tuple_of(SeatNeed))


def _board_problems(board: Board, policy: BoardPolicy, path: str) -> Iterator[Reason]:
    for need in policy.needs:
        filled = sum(1 for s in board.seats if s.kind is need.kind and s.person is not None)
        if filled < need.count:
            yield Reason(
                path,
                Text(
                    f"{board.id}: needed {need.count} {need.kind.value} seat(s) filled, found "
                    f"{filled} ({need.count - filled} vacant)",
                    f"{board.id}：{need.kind.value} 席位应有 {need.count} 人，实有 {filled} 人"
                    f"（空缺 {need.count - filled}）",
                ),
                str(need.count),
                str(filled),
            )


BOARD_RULE = Rule(
    "deliberation.board",
    Text("Co-governance boards have their seats filled", "共治理事会席位齐备"),
    Text("local practice (BoardPolicy)", "基层实践（BoardPolicy）"),
    basis=(
        "BRIEF.md Five-in-one: a grid co-governance board joins the compound Party branch, the "
        "owners' committee, the property company, building group leaders and grid workers"
    ),
    reads=Text("the co-governance boards", "共治理事会"),
    policy="board",
)

RULES: tuple[Rule, ...] = (BOARD_RULE,)
"""The rules of this module, as data (see :func:`neighborly.rules.catalogue`)."""


def check_board(boards: Iterable[Board], policy: BoardPolicy | None = None) -> Verdict:
    """Rule ``deliberation.board``: every board has the seats the policy requires filled;
    each vacancy is named."""
    policy = policy if policy is not None else BoardPolicy()
    boards = tuple(boards)
    problems = [
        r
        for i, board in enumerate(boards)
        for r in _board_problems(board, policy, f"$.boards[{i}]")
    ]
    return Verdict.from_reasons(
        BOARD_RULE.code,
        BOARD_RULE.title,
        problems,
        Reason(
            "$.boards",
            Text(
                f"{len(boards)} boards, every required seat filled",
                f"{len(boards)} 个理事会，必备席位均已到位",
            ),
        ),
        BOARD_RULE.source,
    )
