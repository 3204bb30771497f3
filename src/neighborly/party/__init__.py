"""Party organisation in the community, as plain organisational rules with their sources.

The chain a community runs: the community Party committee (社区党委) over compound or
grid general branches and branches (党总支, 党支部), building Party groups (党小组) under
branches, and Party-member demonstration households (党员示范户).  A
:class:`PartyUnit` is one organisation in that tree, linked to the places and grids
it looks after; a :class:`PartyMember` is full or probationary, a resident whose
organisational life is in a unit here, or an in-service member (在职党员) whose
organisation is at their employer and who reports to this community; a
:class:`Position` is a secretary, deputy secretary, committee member or group
leader with a term.

The rules return verdicts and name their sources (中国共产党支部工作条例（试行）, 2018;
基层组织选举工作条例, 2020; 中办《关于党的基层组织任期的意见》, 2018); numbers that
are practice rather than rule live in a :class:`StructurePolicy`.  Meeting
obligations ("三会一课", themed Party day, organisational-life meeting, member
appraisal) are a :class:`MeetingPolicy`; :func:`meeting_compliance` says per unit
what was due, what was held, what is missing and when the next is due.

The package keeps one module per part: the structure and terms (:mod:`.structure`),
meetings (:mod:`.meetings`), in-service members and co-building units
(:mod:`.co_building`), project funds (:mod:`.funds`) and the organisation as a whole
(:mod:`.organisation`).  Every public name is importable from the package or from its
own module.
"""

from __future__ import annotations

from neighborly.party.co_building import (
    CoBuildingUnit,
    EmployerFeedback,
    InServicePolicy,
    InServiceStanding,
    Pledge,
    ReportIn,
    ServiceDone,
    Window,
    in_service_feedback,
)
from neighborly.party.funds import FundLine, Project, Spending, check_funds, funds, spend
from neighborly.party.meetings import (
    DEFAULT_OBLIGATIONS,
    Frequency,
    Meeting,
    MeetingKind,
    MeetingPolicy,
    Obligation,
    ObligationStatus,
    UnitCompliance,
    check_meetings,
    meeting_compliance,
    meeting_events,
    periods,
    quarter_of,
)
from neighborly.party.organisation import (
    CO_BUILDING_UNIT,
    PARTY_DECLARED,
    PARTY_MEETING,
    PARTY_MEMBER,
    PARTY_UNIT,
    PROJECT,
    SPENDING,
    Demonstration,
    Party,
    check_party,
)
from neighborly.party.structure import (
    BRANCH_RULES,
    MAX_UNIT_LEVELS,
    PARENT_KINDS,
    MemberStatus,
    PartyMember,
    PartyUnit,
    Position,
    PositionKind,
    StructurePolicy,
    UnitKind,
    check_structure,
    check_terms,
    term_end,
)

__all__ = [
    "BRANCH_RULES",
    "CO_BUILDING_UNIT",
    "DEFAULT_OBLIGATIONS",
    "MAX_UNIT_LEVELS",
    "PARENT_KINDS",
    "PARTY_DECLARED",
    "PARTY_MEETING",
    "PARTY_MEMBER",
    "PARTY_UNIT",
    "PROJECT",
    "SPENDING",
    "CoBuildingUnit",
    "Demonstration",
    "EmployerFeedback",
    "Frequency",
    "FundLine",
    "InServicePolicy",
    "InServiceStanding",
    "Meeting",
    "MeetingKind",
    "MeetingPolicy",
    "MemberStatus",
    "Obligation",
    "ObligationStatus",
    "Party",
    "PartyMember",
    "PartyUnit",
    "Pledge",
    "Position",
    "PositionKind",
    "Project",
    "ReportIn",
    "ServiceDone",
    "Spending",
    "StructurePolicy",
    "UnitCompliance",
    "UnitKind",
    "Window",
    "check_funds",
    "check_meetings",
    "check_party",
    "check_structure",
    "check_terms",
    "funds",
    "in_service_feedback",
    "meeting_compliance",
    "meeting_events",
    "periods",
    "quarter_of",
    "spend",
    "term_end",
]
