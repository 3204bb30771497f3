"""What a community keeps of its owners' self-governance (业主自治) beyond a vote: the
preparatory group, the elected owners' committee and its candidates, the assembly's
meetings, property bills and payments, and the owners' working committee (业工委).

An owners' working committee is the transitional body some communities form before
an owners' committee exists: Gongyi's community formed one after twenty coordination
meetings, with a member on duty every day.  It has no national rule; the checks on it
(:data:`WORKING_COMMITTEE_RULE`) are the practice's two marks: it stands only until
an owners' committee is elected, and someone of it is on duty each day.

:func:`check_owners` runs every rule the record's parts allow: candidates (owing
nothing, where the policy bars arrears, counted from the bills and payments on the
committee's election day, or on the day of the check when no committee is elected
yet), the committee's size, term and filing, the preparatory group, each assembly
meeting's notice and requisition, and the working committee.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

import attrs

from neighborly._checks import (
    DATE,
    IDENT,
    OPT_DATE,
    Where,
    checks,
    duplicate_ids,
    int_range,
    of_type,
    opt,
    tuple_of,
)
from neighborly._model import Model
from neighborly.errors import Problem
from neighborly.integrity import Declarations, Ids, Kind, Ref
from neighborly.owners.assembly import AssemblyMeeting, check_assembly_meetings
from neighborly.owners.committee import (
    Candidate,
    Committee,
    CommitteePolicy,
    GroupMember,
    check_candidates,
    check_committee,
    check_preparatory_group,
)
from neighborly.owners.property import Bill, Payment, arrears
from neighborly.owners.votes import ExclusivePart
from neighborly.text import Text
from neighborly.verdicts import Reason, Rule, Verdict

__all__ = [
    "BILL",
    "OWNERS_DECLARED",
    "RULES",
    "WORKING_COMMITTEE_RULE",
    "DutyDay",
    "Owners",
    "WorkingCommittee",
    "WorkingCommitteePolicy",
    "check_owners",
    "check_working_committee",
]


@attrs.frozen(eq=False, repr=False)
class DutyDay(Model):
    """A day one member of the working committee was on duty (值班)."""

    day: dt.date
    member: str

    __attrs_post_init__ = checks(day=DATE, member=IDENT)


@attrs.frozen(eq=False, repr=False)
class WorkingCommittee(Model):
    """An owners' working committee (业主工作委员会, 业工委): its members (resident
    ids), the day it was formed, the days each member was on duty, and the day it
    ended (handing over to an elected owners' committee)."""

    members: tuple[str, ...]
    formed: dt.date
    duty: tuple[DutyDay, ...] = ()
    ended: dt.date | None = None

    __attrs_post_init__ = checks(
        members=tuple_of(str),
        formed=DATE,
        duty=tuple_of(DutyDay),
        ended=OPT_DATE,
        where=(
            Where(
                "self.ended is None or self.ended >= self.formed",
                "$.ended",
                Text("a day no earlier than formed", "不早于成立日的日期"),
                shows="ended",
            ),
        ),
        then=lambda committee: list(_working_problems(committee)),
    )


def _working_problems(committee: WorkingCommittee) -> Iterator[Problem]:
    yield from duplicate_ids("members", committee.members, key="member")
    members = set(committee.members)
    for i, duty in enumerate(committee.duty):
        if duty.member not in members:
            yield Problem(
                f"$.duty[{i}].member",
                Text("a member of the working committee", "业工委成员"),
                Text.same(f'"{duty.member}"'),
            )


@attrs.frozen(eq=False, repr=False)
class WorkingCommitteePolicy(Model):
    """What the working committee's rule asks: a member on duty on each of the last
    ``duty_days`` days (0 checks no duty), and that it ends within ``handover_days``
    of an owners' committee's election.  Both numbers are ours: the practice (a
    member patrols daily; the body is transitional) sets no figure."""

    duty_days: int = 7
    handover_days: int = 30

    __attrs_post_init__ = checks(duty_days=int_range(0, 366), handover_days=int_range(0, 366))


@attrs.frozen(eq=False, repr=False)
class Owners(Model):
    """The owners' self-governance a community keeps: the preparatory group of the
    first assembly, the elected owners' committee, who stands (or stood) for it, the
    assembly's meetings, the property bills and payments, and the owners' working
    committee.  Owners are the roll's owner ids (each household's ``owners``);
    bills and requisitions name households."""

    preparatory_group: tuple[GroupMember, ...] = ()
    committee: Committee | None = None
    candidates: tuple[Candidate, ...] = ()
    meetings: tuple[AssemblyMeeting, ...] = ()
    bills: tuple[Bill, ...] = ()
    payments: tuple[Payment, ...] = ()
    working_committee: WorkingCommittee | None = None

    __attrs_post_init__ = checks(
        preparatory_group=tuple_of(GroupMember),
        committee=opt(of_type(Committee)),
        candidates=tuple_of(Candidate),
        meetings=tuple_of(AssemblyMeeting),
        bills=tuple_of(Bill),
        payments=tuple_of(Payment),
        working_committee=opt(of_type(WorkingCommittee)),
        then=lambda owners: list(_owners_problems(owners)),
    )


def _owners_problems(owners: Owners) -> Iterator[Problem]:
    yield from duplicate_ids("candidates", [c.owner for c in owners.candidates], key="owner")
    bills = {b.id for b in owners.bills}
    for i, payment in enumerate(owners.payments):
        if payment.bill not in bills:
            yield Problem(
                f"$.payments[{i}].bill",
                Text("the id of a bill in bills", "bills 中账单的标识"),
                Text.same(f'"{payment.bill}"'),
            )


WORKING_COMMITTEE_RULE = Rule(
    "owners.working_committee",
    Text(
        "The working committee is on duty daily and hands over when a committee is elected",
        "业工委每日值班，业委会选出后移交",
    ),
    Text(
        "community practice (Gongyi): a transitional body with daily duty",
        "社区实践（巩义）：过渡性组织，每日值班",
    ),
    basis=(
        "BRIEF.md Owners and property management: an owners' working committee (业工委) formed "
        "before an owners' committee; a duty member patrols daily"
    ),
    reads=Text(
        "the working committee, its duty days and the owners' committee",
        "业工委、值班记录与业委会",
    ),
    policy="working_committee",
)

RULES: tuple[Rule, ...] = (WORKING_COMMITTEE_RULE,)
"""The rules of this module, as data (see :func:`neighborly.rules.catalogue`)."""


def check_working_committee(
    working: WorkingCommittee,
    committee: Committee | None,
    as_of: dt.date,
    policy: WorkingCommitteePolicy | None = None,
) -> Verdict:
    """``owners.working_committee``: a member on duty on each of the policy's last
    days while the working committee stands (up to ``as_of``), and, once an owners'
    committee was elected, the working committee ended within the handover days."""
    policy = policy if policy is not None else WorkingCommitteePolicy()
    problems: list[Reason] = []
    last = as_of if working.ended is None else min(as_of, working.ended)
    first = max(working.formed, last - dt.timedelta(days=policy.duty_days - 1))
    on_duty = {d.day for d in working.duty}
    missed = [
        first + dt.timedelta(days=n)
        for n in range((last - first).days + 1)
        if first + dt.timedelta(days=n) not in on_duty
    ]
    checked = policy.duty_days > 0 and first <= last
    if checked and missed:
        shown = ", ".join(d.isoformat() for d in missed[:5]) + (" ..." if len(missed) > 5 else "")
        problems.append(
            Reason(
                "$.working_committee.duty",
                Text(
                    f"nobody on duty on {len(missed)} of the days {first} to {last}: {shown}",
                    f"{first} 至 {last} 有 {len(missed)} 天无人值班：{shown}",
                ),
                "a member on duty each day",
                str(len(missed)),
            )
        )
    if committee is not None and committee.elected <= as_of:
        due = committee.elected + dt.timedelta(days=policy.handover_days)
        if (working.ended is None and as_of > due) or (
            working.ended is not None and working.ended > due
        ):
            state = (
                Text("still standing", "仍在运行")
                if working.ended is None
                else Text(f"ended {working.ended}", f"{working.ended} 结束")
            )
            problems.append(
                Reason(
                    "$.working_committee.ended",
                    Text(
                        f"an owners' committee was elected {committee.elected}; the working "
                        f"committee should have ended by {due}: {state.en}",
                        f"业委会已于 {committee.elected} 选出，业工委应于 {due} 前结束：{state.zh}",
                    ),
                    due.isoformat(),
                    str(working.ended),
                )
            )
    standing = (
        Text(f"standing since {working.formed}", f"自 {working.formed} 起运行")
        if working.ended is None
        else Text(f"{working.formed} to {working.ended}", f"{working.formed} 至 {working.ended}")
    )
    duty = (
        Text(f"on duty every day {first} to {last}", f"{first} 至 {last} 每日有人值班")
        if checked
        else Text("no duty days to check", "无需查看值班")
    )
    return WORKING_COMMITTEE_RULE.judge(
        problems,
        Reason(
            "$.working_committee",
            Text(
                f"{len(working.members)} members, {standing.en}; {duty.en}",
                f"成员 {len(working.members)} 人，{standing.zh}；{duty.zh}",
            ),
        ),
    )


def check_owners(
    owners: Owners,
    roll: Sequence[ExclusivePart],
    as_of: dt.date,
    committee_policy: CommitteePolicy | None = None,
    working_policy: WorkingCommitteePolicy | None = None,
) -> tuple[Verdict, ...]:
    """Every rule the record's parts allow, each verdict located under ``$`` (the
    record): ``owners.preparatory_group``, ``owners.candidates``,
    ``owners.committee_size``/``_term``/``_filing``, ``owners.notice`` and
    ``owners.requisition`` per meeting, and ``owners.working_committee``."""
    verdicts: list[Verdict] = []
    if owners.preparatory_group:
        verdicts.append(check_preparatory_group(owners.preparatory_group))
    committee = owners.committee
    if owners.candidates:
        on = committee.elected if committee is not None else as_of
        owing = arrears(owners.bills, owners.payments, on)
        verdicts.append(check_candidates(owners.candidates, roll, owing, committee_policy))
    if committee is not None:
        verdicts.extend(check_committee(committee, roll, as_of, committee_policy))
    for i, report in enumerate(check_assembly_meetings(owners.meetings, roll)):
        verdicts.extend(v.under(f"$.meetings[{i}]") for v in report)
    if owners.working_committee is not None:
        verdicts.append(
            check_working_committee(owners.working_committee, committee, as_of, working_policy)
        )
    return tuple(verdicts)


# --- ids and references, declared ----------------------------------------------------

BILL = Kind("bill", Text("a property bill", "物业账单"))
PAYMENT = Kind("payment", Text("a payment of a property bill", "物业缴费"))
ASSEMBLY_MEETING = Kind("assembly_meeting", Text("an owners' assembly meeting", "业主大会会议"))

OWNERS_DECLARED = Declarations(
    ids=(
        Ids("bills[*].id", BILL),
        Ids("payments[*].id", PAYMENT),
        Ids("meetings[*].id", ASSEMBLY_MEETING),
    ),
    refs=(
        Ref("bills[*].part", ("household",)),
        Ref("meetings[*].requested_by[*]", ("household",)),
        Ref("working_committee.members[*]", ("resident",)),
        Ref("committee.election", ("election",)),
    ),
)
"""The record defines its bills', payments' and meetings' ids and names the households
billed and requisitioning, the residents of the working committee, and the election
the committee came from."""
