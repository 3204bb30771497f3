"""Micro-wishes (微心愿): small wishes of residents in need, claimed and fulfilled by others.

A resident in a needy category (a :class:`WishPolicy`: elders living alone, disabled
residents, low-income and single-parent families, left-behind children...) makes a
:class:`Wish` of modest value (the cap is a policy: no national cap exists).  The
community verifies and publishes it; a co-building unit, a Party member or a volunteer
claims it and must make contact within a deadline (7 days by default); the wish is
fulfilled with evidence and acknowledged by the resident.  It may also be rejected,
withdrawn, or expire unclaimed.

Every step is a function that returns the new wish and a :class:`WishChanged` fact, or
raises :class:`~neighborly.errors.IllegalTransition` and changes nothing:

    submitted -> verified -> published -> claimed -> fulfilled -> acknowledged
    submitted | verified -> rejected;  before fulfilment -> withdrawn
    published -> expired;  claimed (no contact in time) -> published again

    >>> import datetime as dt
    >>> from neighborly.places import Resident, ResidentTag
    >>> elder = Resident("r-1", age=82, tags=frozenset({ResidentTag.ELDER_LIVING_ALONE}))
    >>> wish, _ = submit("w-1", elder, "一台助听器", 15_000, dt.date(2026, 11, 1))
    >>> wish, _ = verify(wish, "st-1", dt.date(2026, 11, 2))
    >>> wish, _ = publish(wish, dt.date(2026, 11, 3))
    >>> wish, fact = claim(wish, "cb-bank", ClaimantKind.CO_BUILDING_UNIT, dt.date(2026, 11, 5))
    >>> wish.status.value, fact.to.value
    ('claimed', 'claimed')
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from neighborly._checks import (
    DATE,
    IDENT,
    OPT_DATE,
    OPT_PROSE,
    OPT_TEXT,
    TEXT,
    Where,
    checks,
    enum_set,
    int_range,
    is_enum,
    opt,
    tuple_of,
)
from neighborly._model import Model
from neighborly.errors import IllegalTransition
from neighborly.integrity import Declarations, Ids, Kind, Ref
from neighborly.money import yuan
from neighborly.places import Resident, ResidentTag
from neighborly.text import Text, number
from neighborly.verdicts import Reason, Rule, Verdict

__all__ = [
    "CONTACT_RULE",
    "RULES",
    "WISH",
    "WISH_DECLARED",
    "ClaimantKind",
    "Wish",
    "WishChanged",
    "WishPolicy",
    "WishStatus",
    "acknowledge",
    "check_wishes",
    "claim",
    "contact",
    "decline",
    "expire",
    "fulfil",
    "publish",
    "release",
    "submit",
    "verify",
    "withdraw",
]


class WishStatus(str, enum.Enum):
    """Where a wish stands."""

    SUBMITTED = "submitted"
    VERIFIED = "verified"
    PUBLISHED = "published"
    CLAIMED = "claimed"
    FULFILLED = "fulfilled"
    ACKNOWLEDGED = "acknowledged"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


_NEXT: Mapping[WishStatus, frozenset[WishStatus]] = MappingProxyType(
    {
        WishStatus.SUBMITTED: frozenset(
            {WishStatus.VERIFIED, WishStatus.REJECTED, WishStatus.WITHDRAWN}
        ),
        WishStatus.VERIFIED: frozenset(
            {WishStatus.PUBLISHED, WishStatus.REJECTED, WishStatus.WITHDRAWN}
        ),
        WishStatus.PUBLISHED: frozenset(
            {WishStatus.CLAIMED, WishStatus.WITHDRAWN, WishStatus.EXPIRED}
        ),
        WishStatus.CLAIMED: frozenset(
            {WishStatus.FULFILLED, WishStatus.PUBLISHED, WishStatus.WITHDRAWN}
        ),
        WishStatus.FULFILLED: frozenset({WishStatus.ACKNOWLEDGED}),
        WishStatus.ACKNOWLEDGED: frozenset(),
        WishStatus.REJECTED: frozenset(),
        WishStatus.WITHDRAWN: frozenset(),
        WishStatus.EXPIRED: frozenset(),
    }
)
"""The lifecycle: from each status, the statuses a wish may move to."""


class ClaimantKind(str, enum.Enum):
    """Who claims a wish."""

    CO_BUILDING_UNIT = "co_building_unit"
    PARTY_MEMBER = "party_member"
    VOLUNTEER = "volunteer"
    OTHER = "other"


_NEEDY = frozenset(
    {
        ResidentTag.ELDER_LIVING_ALONE,
        ResidentTag.EMPTY_NEST_ELDER,
        ResidentTag.DISABLED,
        ResidentTag.LOW_INCOME,
        ResidentTag.SINGLE_PARENT,
        ResidentTag.LEFT_BEHIND_CHILD,
    }
)


@attrs.frozen(eq=False, repr=False)
class WishPolicy(Model):
    """Local choices: who may make a wish, its value cap in fen (no national cap; 200
    yuan by default), the days a claimant has to make contact, and the days a
    published wish waits to be claimed before it expires."""

    eligible: frozenset[ResidentTag] = _NEEDY
    max_value_fen: int = 20_000
    contact_days: int = 7
    claim_days: int = 30

    __attrs_post_init__ = checks(
        eligible=enum_set(ResidentTag),
        max_value_fen=int_range(1, 10**9),
        contact_days=int_range(1, 365),
        claim_days=int_range(1, 3650),
    )


_AFTER_CLAIM = frozenset({WishStatus.CLAIMED, WishStatus.FULFILLED, WishStatus.ACKNOWLEDGED})
_AFTER_FULFIL = frozenset({WishStatus.FULFILLED, WishStatus.ACKNOWLEDGED})


@attrs.frozen(eq=False, repr=False)
class Wish(Model):
    """A micro-wish and everything that has happened to it."""

    id: str
    resident: str
    title: str
    value_fen: int
    submitted: dt.date
    status: WishStatus = WishStatus.SUBMITTED
    verified_by: str | None = None
    published: dt.date | None = None
    claimant: str | None = None
    claimant_kind: ClaimantKind | None = None
    claimed: dt.date | None = None
    contacted: dt.date | None = None
    fulfilled: dt.date | None = None
    evidence: tuple[str, ...] = ()
    acknowledged: dt.date | None = None
    closed: dt.date | None = None
    reason: str | None = None

    __attrs_post_init__ = checks(
        id=IDENT,
        resident=IDENT,
        title=TEXT,
        value_fen=int_range(1, 10**9),
        submitted=DATE,
        status=is_enum(WishStatus),
        verified_by=opt(IDENT),
        published=OPT_DATE,
        claimant=OPT_TEXT,
        claimant_kind=opt(is_enum(ClaimantKind)),
        claimed=OPT_DATE,
        contacted=OPT_DATE,
        fulfilled=OPT_DATE,
        evidence=tuple_of(str),
        acknowledged=OPT_DATE,
        closed=OPT_DATE,
        reason=OPT_PROSE,
        where=(
            Where(
                "(self.status in _AFTER_CLAIM) == (self.claimant is not None and self.claimed is not None"
                " and self.claimant_kind is not None)",
                "$.claimant",
                Text(
                    "a claimant, its kind and the day, exactly while the wish is claimed or later",
                    "认领后须有认领人、类别和日期",
                ),
                {"_AFTER_CLAIM": _AFTER_CLAIM},
                shows="claimant",
            ),
            Where(
                "(self.status in _AFTER_FULFIL) == (self.fulfilled is not None and bool(self.evidence))",
                "$.evidence",
                Text(
                    "evidence and a day of fulfilment, exactly once the wish is fulfilled",
                    "完成后须有完成日期和凭证",
                ),
                {"_AFTER_FULFIL": _AFTER_FULFIL},
                shows="evidence",
            ),
        ),
    )


@attrs.frozen(eq=False, repr=False)
class WishChanged(Model):
    """A wish moved from one status to another on a day, by someone."""

    wish: str
    before: WishStatus | None
    to: WishStatus
    on: dt.date
    by: str | None = None


_STATUS_ZH: Mapping[WishStatus, str] = MappingProxyType(
    {
        WishStatus.SUBMITTED: "待审核",
        WishStatus.VERIFIED: "已审核",
        WishStatus.PUBLISHED: "已发布",
        WishStatus.CLAIMED: "已认领",
        WishStatus.FULFILLED: "已实现",
        WishStatus.ACKNOWLEDGED: "已确认",
        WishStatus.REJECTED: "未通过",
        WishStatus.WITHDRAWN: "已撤回",
        WishStatus.EXPIRED: "已过期",
    }
)
_VERBS_ZH: Mapping[str, str] = MappingProxyType(
    {
        "verify": "审核",
        "decline": "驳回",
        "publish": "发布",
        "claim": "认领",
        "record contact for": "记录联系",
        "release": "退回",
        "fulfil": "完成",
        "acknowledge": "确认",
        "withdraw": "撤回",
        "expire": "过期关闭",
    }
)


def _state(status: WishStatus) -> Text:
    return Text(status.value, _STATUS_ZH[status])


def _verb(action: str) -> Text:
    return Text(action, _VERBS_ZH[action])


def _refused(
    wish: Wish, state: Text, action: str, allowed: Iterable[WishStatus] = ()
) -> IllegalTransition:
    ordered = sorted(allowed, key=lambda s: s.value)
    return IllegalTransition(_subject(wish), state, _verb(action), [_state(s) for s in ordered])


def _move(
    wish: Wish, to: WishStatus, action: str, *, on: dt.date, by: str | None = None, **changes: Any
) -> tuple[Wish, WishChanged]:
    allowed = _NEXT[wish.status]
    if to not in allowed:
        raise _refused(wish, _state(wish.status), action, allowed)
    moved = attrs.evolve(wish, status=to, **changes)
    return moved, WishChanged(wish.id, wish.status, to, on, by)


def _subject(wish: Wish) -> Text:
    return Text(f"wish {wish.id}", f"心愿 {wish.id}")


def submit(
    wish_id: str,
    resident: Resident,
    title: str,
    value_fen: int,
    on: dt.date,
    *,
    policy: WishPolicy | None = None,
) -> tuple[Wish, WishChanged]:
    """A new wish from ``resident``.  Raises :class:`~neighborly.errors.Refused` when
    the resident is in none of the policy's needy categories (``wishes.eligibility``)
    or the wish is worth more than the cap (``wishes.value``)."""
    policy = policy if policy is not None else WishPolicy()
    if not resident.tags & policy.eligible:
        wanted = ", ".join(sorted(t.value for t in policy.eligible))
        raise ELIGIBILITY_RULE.refuse(
            Text(
                f"{resident.id} is in none of the categories a wish is for ({wanted})",
                f"{resident.id} 不属于可提交微心愿的困难类别",
            ),
            wanted,
            ", ".join(sorted(t.value for t in resident.tags)) or "none",
        )
    if value_fen > policy.max_value_fen:
        raise VALUE_RULE.refuse(
            Text(
                f"{title}: {yuan(value_fen)} yuan is over the cap of {yuan(policy.max_value_fen)} yuan",
                f"{title}：{yuan(value_fen)} 元超过上限 {yuan(policy.max_value_fen)} 元",
            ),
            str(policy.max_value_fen),
            str(value_fen),
        )
    wish = Wish(wish_id, resident.id, title, value_fen, on)
    return wish, WishChanged(wish.id, None, WishStatus.SUBMITTED, on, resident.id)


def verify(wish: Wish, by: str, on: dt.date) -> tuple[Wish, WishChanged]:
    """The community confirms the wish is genuine."""
    return _move(wish, WishStatus.VERIFIED, "verify", on=on, by=by, verified_by=by)


def decline(wish: Wish, by: str, on: dt.date, reason: str) -> tuple[Wish, WishChanged]:
    """The community turns the wish down, saying why."""
    return _move(wish, WishStatus.REJECTED, "decline", on=on, by=by, closed=on, reason=reason)


def publish(wish: Wish, on: dt.date) -> tuple[Wish, WishChanged]:
    """The wish goes on the wish wall (once verified; a lapsed claim goes back with
    :func:`release`)."""
    if wish.status is not WishStatus.VERIFIED:
        raise _refused(wish, _state(wish.status), "publish", (WishStatus.VERIFIED,))
    return _move(wish, WishStatus.PUBLISHED, "publish", on=on, published=on)


def claim(wish: Wish, claimant: str, kind: ClaimantKind, on: dt.date) -> tuple[Wish, WishChanged]:
    """Someone takes the wish on; they must make contact within the policy's days."""
    return _move(
        wish,
        WishStatus.CLAIMED,
        "claim",
        on=on,
        by=claimant,
        claimant=claimant,
        claimant_kind=kind,
        claimed=on,
    )


def contact(wish: Wish, on: dt.date) -> Wish:
    """The claimant has made contact with the resident (the status does not change).
    Raises :class:`~neighborly.errors.IllegalTransition` unless the wish is claimed."""
    if wish.status is not WishStatus.CLAIMED:
        raise _refused(wish, _state(wish.status), "record contact for")
    return attrs.evolve(wish, contacted=on)


def release(wish: Wish, on: dt.date, policy: WishPolicy | None = None) -> tuple[Wish, WishChanged]:
    """A claim whose claimant made no contact within the policy's days goes back on
    the wall.  Raises :class:`~neighborly.errors.IllegalTransition` while the
    claimant is still within the deadline or has made contact."""
    policy = policy if policy is not None else WishPolicy()
    if wish.status is not WishStatus.CLAIMED:
        raise _refused(wish, _state(wish.status), "release", (WishStatus.CLAIMED,))
    if wish.contacted is not None or on <= _contact_due(wish, policy):
        within = Text("claimed and within its contact deadline", "已认领且仍在联系期限内")
        raise _refused(wish, within, "release")
    return _move(
        wish,
        WishStatus.PUBLISHED,
        "release",
        on=on,
        claimant=None,
        claimant_kind=None,
        claimed=None,
        contacted=None,
    )


def fulfil(wish: Wish, on: dt.date, evidence: Iterable[str]) -> tuple[Wish, WishChanged]:
    """The wish is fulfilled, with evidence (photo or receipt references)."""
    proof = tuple(evidence)
    if not proof:
        raise _refused(wish, Text("without evidence", "未附凭证"), "fulfil")
    return _move(
        wish, WishStatus.FULFILLED, "fulfil", on=on, by=wish.claimant, fulfilled=on, evidence=proof
    )


def acknowledge(wish: Wish, on: dt.date) -> tuple[Wish, WishChanged]:
    """The resident confirms the wish came true."""
    return _move(
        wish,
        WishStatus.ACKNOWLEDGED,
        "acknowledge",
        on=on,
        by=wish.resident,
        acknowledged=on,
        closed=on,
    )


def withdraw(wish: Wish, on: dt.date, reason: str) -> tuple[Wish, WishChanged]:
    """The resident (or the community) withdraws the wish before it is fulfilled."""
    return _move(
        wish,
        WishStatus.WITHDRAWN,
        "withdraw",
        on=on,
        closed=on,
        reason=reason,
        claimant=None,
        claimant_kind=None,
        claimed=None,
    )


def expire(wish: Wish, on: dt.date, policy: WishPolicy | None = None) -> tuple[Wish, WishChanged]:
    """A published wish nobody claimed within the policy's days expires.  Raises
    :class:`~neighborly.errors.IllegalTransition` before then."""
    policy = policy if policy is not None else WishPolicy()
    if (
        wish.status is WishStatus.PUBLISHED
        and wish.published is not None
        and on <= wish.published + dt.timedelta(days=policy.claim_days)
    ):
        within = Text("published and still within its time", "已发布且仍在期限内")
        raise _refused(wish, within, "expire")
    return _move(wish, WishStatus.EXPIRED, "expire", on=on, closed=on)


def _contact_due(wish: Wish, policy: WishPolicy) -> dt.date:
    assert wish.claimed is not None  # noqa: S101 - claimed wishes have a claim day
    return wish.claimed + dt.timedelta(days=policy.contact_days)


CONTACT_RULE = Rule(
    "wishes.contact",
    Text("Claimants make contact in time", "认领人按时联系心愿人"),
    Text(
        "local micro-wish schemes: claimants contact the wisher within 7 days of claiming (WishPolicy)",
        "地方微心愿做法：认领后 7 日内联系心愿人（WishPolicy）",
    ),
    basis=(
        "FACTS.md §10 微心愿 [V-2]: claimants must contact the wisher within 7 days of claiming "
        "(Shenyang, Wuzhou, Shanggao)"
    ),
    reads=Text("the micro-wishes", "微心愿"),
    policy="wishes",
)

_WISH_BASIS = (
    "FACTS.md §10 微心愿 caps [C/M]: no national rule; local caps ¥100-¥500; beneficiaries "
    "elderly living alone, disabled, low-income and struggling Party-member families, "
    "left-behind children"
)

ELIGIBILITY_RULE = Rule(
    "wishes.eligibility",
    Text("A wish comes from a needy resident", "微心愿由困难群众提出"),
    Text(
        "local micro-wish schemes: wishes are for needy residents (WishPolicy.eligible)",
        "地方微心愿做法：面向困难群众（WishPolicy.eligible）",
    ),
    basis=_WISH_BASIS,
    reads=Text("the resident's tags", "居民标签"),
    policy="wishes",
    refuses=("neighborly.wishes.submit",),
)

VALUE_RULE = Rule(
    "wishes.value",
    Text("A wish is within the value cap", "微心愿不超过价值上限"),
    Text(
        "local micro-wish schemes: a configurable cap, no national value (WishPolicy.max_value_fen)",
        "地方微心愿做法：价值上限由各地设定，无全国标准（WishPolicy.max_value_fen）",
    ),
    basis=_WISH_BASIS,
    reads=Text("the wish's value", "心愿价值"),
    policy="wishes",
    refuses=("neighborly.wishes.submit",),
)

RULES: tuple[Rule, ...] = (CONTACT_RULE, ELIGIBILITY_RULE, VALUE_RULE)
"""The rules of this module, as data (see :func:`neighborly.rules.catalogue`)."""


def check_wishes(
    wishes: Iterable[Wish], as_of: dt.date, policy: WishPolicy | None = None
) -> Verdict:
    """``wishes.contact``: every claimant made contact within the policy's days of
    claiming (a claim still within its days is not late)."""
    policy = policy if policy is not None else WishPolicy()
    problems = []
    claimed = 0
    for i, wish in enumerate(wishes):
        if wish.status is not WishStatus.CLAIMED:
            continue
        claimed += 1
        due = _contact_due(wish, policy)
        late_on = wish.contacted if wish.contacted is not None else as_of
        if late_on > due:
            days = (late_on - due).days
            problems.append(
                Reason(
                    f"$.wishes[{i}]",
                    Text(
                        f"{wish.id} ({wish.title}) claimed by {wish.claimant} on {wish.claimed}: contact due "
                        f"by {due}, {'made ' + str(wish.contacted) if wish.contacted else 'none yet'} "
                        f"({days} day{'s' if days > 1 else ''} late)",
                        f"{wish.id}（{wish.title}）由 {wish.claimant} 于 {wish.claimed} 认领：应于 {due} 前联系，"
                        f"{'于 ' + str(wish.contacted) + ' 联系' if wish.contacted else '尚未联系'}（晚 {days} 天）",
                    ),
                    due.isoformat(),
                    late_on.isoformat(),
                )
            )
    return Verdict.from_reasons(
        CONTACT_RULE.code,
        Text(
            f"Claimants make contact within {policy.contact_days} days",
            f"认领人在 {policy.contact_days} 日内联系心愿人",
        ),
        problems,
        Reason(
            "$.wishes",
            Text(
                f"{number(claimed)} claimed wishes in time",
                f"{number(claimed)} 个已认领心愿均按时联系",
            ),
        ),
        CONTACT_RULE.source,
    )


# --- ids and references, declared ----------------------------------------------------

WISH = Kind("wish", Text("a micro-wish", "微心愿"))

WISH_DECLARED = Declarations(ids=(Ids("id", WISH),), refs=(Ref("resident", ("resident",)),))
"""A wish defines its id and names the resident who made it."""
