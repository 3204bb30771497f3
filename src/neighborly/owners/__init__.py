"""Owners and property management: the owner roll and votes (:mod:`.votes`), the
assembly's procedure (:mod:`.assembly`), the owners' committee (:mod:`.committee`),
property fees (:mod:`.property`), property-manager reception days
(:mod:`.reception`), the property company (:mod:`.company`), and the record a
community keeps of all of it with the owners' working committee (:mod:`.record`).

Every public name is importable from the package or from its own module:
``from neighborly.owners import tally_vote`` and ``from neighborly.owners.votes import
tally_vote`` are the same function.
"""

from __future__ import annotations

from neighborly.owners.assembly import (
    NOTICE_DAYS,
    AssemblyMeeting,
    check_assembly_meeting,
    check_assembly_meetings,
    revocation_deadline,
)
from neighborly.owners.committee import (
    COMMITTEE_POLICIES,
    Candidate,
    Committee,
    CommitteePolicy,
    GroupMember,
    GroupRole,
    check_candidates,
    check_committee,
    check_preparatory_group,
)
from neighborly.owners.company import (
    CompanyActivity,
    HolidayDuty,
    JointMeeting,
    JointParty,
    PropertyCompany,
    check_holiday_activities,
)
from neighborly.owners.property import (
    Arrear,
    Bill,
    Charge,
    Collection,
    Payment,
    arrears,
    collection,
)
from neighborly.owners.reception import (
    RaisedMatter,
    Reception,
    ReceptionDay,
    check_receptions,
    raise_matters,
)
from neighborly.owners.record import (
    DutyDay,
    Owners,
    WorkingCommittee,
    WorkingCommitteePolicy,
    check_owners,
    check_working_committee,
)
from neighborly.owners.votes import (
    VOTE,
    VOTE_DECLARED,
    Ballot,
    Choice,
    ExclusivePart,
    Matter,
    Motion,
    PartStatus,
    RollPolicy,
    Tally,
    Threshold,
    Vote,
    VotePolicy,
    Voter,
    area_of,
    own_owner,
    roll_of,
    tally,
    tally_vote,
    voters,
)

__all__ = [
    "COMMITTEE_POLICIES",
    "NOTICE_DAYS",
    "VOTE",
    "VOTE_DECLARED",
    "Arrear",
    "AssemblyMeeting",
    "Ballot",
    "Bill",
    "Candidate",
    "Charge",
    "Choice",
    "Collection",
    "Committee",
    "CommitteePolicy",
    "CompanyActivity",
    "DutyDay",
    "ExclusivePart",
    "GroupMember",
    "GroupRole",
    "HolidayDuty",
    "JointMeeting",
    "JointParty",
    "Matter",
    "Motion",
    "Owners",
    "PartStatus",
    "Payment",
    "PropertyCompany",
    "RaisedMatter",
    "Reception",
    "ReceptionDay",
    "RollPolicy",
    "Tally",
    "Threshold",
    "Vote",
    "VotePolicy",
    "Voter",
    "WorkingCommittee",
    "WorkingCommitteePolicy",
    "area_of",
    "arrears",
    "check_assembly_meeting",
    "check_assembly_meetings",
    "check_candidates",
    "check_committee",
    "check_holiday_activities",
    "check_owners",
    "check_preparatory_group",
    "check_receptions",
    "check_working_committee",
    "collection",
    "own_owner",
    "raise_matters",
    "revocation_deadline",
    "roll_of",
    "tally",
    "tally_vote",
    "voters",
]
