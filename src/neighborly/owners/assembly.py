"""The owners' assembly's procedure (业主大会会议): notice before a meeting, who may
requisition an extraordinary one, and how long an owner has to ask a court to revoke
a decision.

Notice at least 15 days before (物业管理条例 Art. 14); an extraordinary meeting on
the request of at least 20% of the owners (Art. 13); revocation within one year of
knowing the decision (SPC Interpretation Art. 12, under Civil Code Art. 280).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs
from dateutil.relativedelta import relativedelta

from neighborly._checks import (
    BOOL,
    DATE,
    IDENT,
    checks,
    tuple_of,
)
from neighborly._model import Model
from neighborly.owners.votes import ExclusivePart, RollPolicy, Threshold, Voter, voters
from neighborly.text import Text
from neighborly.verdicts import Reason, Report, Rule, Verdict

__all__ = [
    "NOTICE_DAYS",
    "NOTICE_RULE",
    "REQUISITION_RULE",
    "RULES",
    "AssemblyMeeting",
    "check_assembly_meeting",
    "check_assembly_meetings",
    "revocation_deadline",
]


# --- meeting procedure ----------------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class AssemblyMeeting(Model):
    """A meeting of the owners' assembly: when it was announced and held, and for an
    extraordinary meeting, the parts whose owners requested it."""

    id: str
    notice: dt.date
    held: dt.date
    extraordinary: bool = False
    requested_by: tuple[str, ...] = ()

    __attrs_post_init__ = checks(
        id=IDENT, notice=DATE, held=DATE, extraordinary=BOOL, requested_by=tuple_of(str)
    )


NOTICE_DAYS = 15
REQUEST_SHARE = Threshold(1, 5)
REVOCATION = relativedelta(years=1)


NOTICE_RULE = Rule(
    "owners.notice",
    Text("Announced at least 15 days ahead", "提前 15 日通知"),
    Text("物业管理条例 Art. 14", "《物业管理条例》第十四条"),
    basis="FACTS.md §1 物业管理条例 Art. 14 [V]: notice at least 15 days before the meeting",
    reads=Text("the assembly meeting", "业主大会会议"),
)

REQUISITION_RULE = Rule(
    "owners.requisition",
    Text("An extraordinary meeting requested by enough owners", "临时会议由足够业主提议"),
    Text("物业管理条例 Art. 13", "《物业管理条例》第十三条"),
    basis="FACTS.md §1 物业管理条例 Art. 13 [V]: >=20% of owners may requisition an extraordinary meeting",
    reads=Text("the assembly meeting and the owner roll", "业主大会会议与业主名册"),
)

RULES: tuple[Rule, ...] = (
    NOTICE_RULE,
    REQUISITION_RULE,
)
"""The rules of this module, as data (see :func:`neighborly.rules.catalogue`)."""


def check_assembly_meeting(
    meeting: AssemblyMeeting, roll: Sequence[ExclusivePart], policy: RollPolicy | None = None
) -> Report:
    """``owners.notice`` (announced at least 15 days ahead, 物业管理条例 Art. 14) and,
    for an extraordinary meeting, ``owners.requisition`` (requested by at least 20% of
    the owners, Art. 13)."""
    return _judge(meeting, voters(roll, policy) if meeting.extraordinary else ())


def check_assembly_meetings(
    meetings: Sequence[AssemblyMeeting],
    roll: Sequence[ExclusivePart],
    policy: RollPolicy | None = None,
) -> tuple[Report, ...]:
    """:func:`check_assembly_meeting` for each meeting, the roll's owners counted once
    for them all."""
    people = voters(roll, policy) if any(m.extraordinary for m in meetings) else ()
    return tuple(_judge(meeting, people) for meeting in meetings)


def _judge(meeting: AssemblyMeeting, people: Sequence[Voter]) -> Report:
    days = (meeting.held - meeting.notice).days
    notice = Verdict.from_reasons(
        NOTICE_RULE.code,
        Text(f"Announced at least {NOTICE_DAYS} days ahead", f"会议召开 {NOTICE_DAYS} 日前通知"),
        []
        if days >= NOTICE_DAYS
        else [
            Reason(
                "$.notice",
                Text(
                    f"announced {meeting.notice}, held {meeting.held}: {days} days' notice "
                    f"({NOTICE_DAYS - days} short)",
                    f"{meeting.notice} 通知，{meeting.held} 召开：提前 {days} 日（差 {NOTICE_DAYS - days} 日）",
                ),
                str(NOTICE_DAYS),
                str(days),
            )
        ],
        Reason("$.notice", Text(f"{days} days' notice", f"提前 {days} 日通知")),
        NOTICE_RULE.source,
    )
    verdicts = [notice]
    if meeting.extraordinary:
        person_of = {p: v.id for v in people for p in v.parts}
        asking = {person_of[p] for p in meeting.requested_by if p in person_of}
        met = REQUEST_SHARE.met(len(asking), len(people))
        least = REQUEST_SHARE.least(len(people))
        verdicts.append(
            Verdict.from_reasons(
                REQUISITION_RULE.code,
                REQUISITION_RULE.title,
                []
                if met
                else [
                    Reason(
                        "$.requested_by",
                        Text(
                            f"{len(asking)} of {len(people)} owners asked; at least {least} needed "
                            f"({least - len(asking)} short)",
                            f"{len(asking)} / {len(people)} 名业主提议，至少需 {least} 名"
                            f"（差 {least - len(asking)} 名）",
                        ),
                        str(least),
                        str(len(asking)),
                    )
                ],
                Reason(
                    "$.requested_by",
                    Text(
                        f"{len(asking)} of {len(people)} owners asked",
                        f"{len(asking)} / {len(people)} 名业主提议",
                    ),
                ),
                REQUISITION_RULE.source,
            )
        )
    return Report(tuple(verdicts))


def revocation_deadline(known: dt.date) -> dt.date:
    """The last day an owner who learned of a decision on ``known`` may ask a court to
    revoke it (Civil Code Art. 280; Interpretation Art. 12: within one year).

    >>> revocation_deadline(dt.date(2024, 2, 29))
    datetime.date(2025, 2, 28)
    """
    return known + REVOCATION
