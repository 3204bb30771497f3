"""Volunteer administration beyond service hours: training, awards, accident
insurance, and the service-record certificates volunteers ask for.

What it keeps follows the record groups of MCA Order No. 67 (志愿服务记录与证明出具办法
(试行), in force 2021-02-01), Art. 4: training (Art. 8: name, main content, hours,
organiser and day) and awards (Art. 9: name, day and awarding body) beside the service
records of :mod:`neighborly.volunteering`; accident insurance, which an organisation
must buy before it sends volunteers on a service that may endanger them (志愿服务条例
Art. 17); and certificates, issued free of charge and truthfully from the records on
a volunteer's request (志愿服务条例 Art. 19; Order No. 67 Arts. 14-15: each states the
service hours, the content and the recording unit).

The rules:

* ``volunteers.cover``: no service is recorded for a volunteer outside insurance
  cover where the policy asks for cover (for every service, or for the kinds of
  service it names as risky);
* ``volunteers.certificates``: every request answered by a certificate within the
  policy's days, each certificate free of charge and stating the approved hours of
  its period, no more and no less.

:func:`issue_certificate` makes a certificate from the approved records, and
:func:`certificates_due` lists the requests still waiting for one.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

import attrs

from neighborly._checks import (
    BOOL,
    DATE,
    IDENT,
    OPT_DATE,
    OPT_TEXT,
    TEXT,
    Check,
    Where,
    checks,
    duplicate_ids,
    int_range,
    opt,
    string_set,
    tuple_of,
)
from neighborly._model import Model
from neighborly.errors import InvalidInput, NotFound, Problem
from neighborly.integrity import Declarations, Ids, Kind, Ref
from neighborly.money import yuan
from neighborly.text import Text, number
from neighborly.verdicts import Reason, Rule, Verdict
from neighborly.volunteering import (
    RecordPolicy,
    RecordStatus,
    ServiceRecord,
    approved_hours,
    format_hours,
    served_hours,
)

__all__ = [
    "CERTIFICATES_RULE",
    "COVER_RULE",
    "RULES",
    "VOLUNTEER_ADMIN_DECLARED",
    "AdminPolicy",
    "Certificate",
    "CertificateDue",
    "CertificateRequest",
    "Commendation",
    "Cover",
    "Training",
    "VolunteerAdmin",
    "certificates_due",
    "check_certificates",
    "check_cover",
    "issue_certificate",
    "training_hours",
]

MAX_CERTIFIED_HOURS = Decimal(10_000_000)
_TOTAL_HOURS = Check(
    "type({v}) is _Decimal and {v}.is_finite() and 0 <= {v} < _max"
    " and {v}.as_tuple().exponent >= -2",
    Text(
        "hours from 0 to below 10,000,000, to two decimal places",
        "0 至 10,000,000 以下的小时数，最多两位小数",
    ),
    {"_Decimal": Decimal, "_max": MAX_CERTIFIED_HOURS},
)
_TRAINING_HOURS = Check(
    "type({v}) is _Decimal and {v}.is_finite() and 0 < {v} <= 1000"
    " and {v}.as_tuple().exponent >= -2",
    Text(
        "hours greater than 0 and at most 1,000, to two decimal places",
        "大于 0、不超过 1,000 的小时数，最多两位小数",
    ),
    {"_Decimal": Decimal},
)
_KINDS = string_set(Text("a set of service kinds", "服务类别集合"))
_FEE = Check("type({v}) is int and 0 <= {v} <= 10**9", Text("fen from 0 to 10^9", "0 至 10^9 分"))


@attrs.frozen(eq=False, repr=False)
class Training(Model):
    """A training the volunteers attended (Order No. 67 Art. 8): its name, main
    content, hours, organiser and day, and who attended (volunteer ids)."""

    id: str
    name: str
    content: str
    hours: Decimal
    organiser: str
    day: dt.date
    attendees: tuple[str, ...] = ()

    __attrs_post_init__ = checks(
        id=IDENT,
        name=TEXT,
        content=TEXT,
        hours=_TRAINING_HOURS,
        organiser=TEXT,
        day=DATE,
        attendees=tuple_of(str),
        then=lambda t: list(duplicate_ids("attendees", t.attendees, key="attendee")),
    )


@attrs.frozen(eq=False, repr=False)
class Commendation(Model):
    """An award to a volunteer (Order No. 67 Art. 9): its name, day and awarding body."""

    id: str
    volunteer: str
    name: str
    day: dt.date
    body: str

    __attrs_post_init__ = checks(id=IDENT, volunteer=IDENT, name=TEXT, day=DATE, body=TEXT)


@attrs.frozen(eq=False, repr=False)
class Cover(Model):
    """Personal accident insurance (人身意外伤害保险) covering ``volunteers`` from
    ``first`` to ``last`` (both days included)."""

    id: str
    insurer: str
    volunteers: tuple[str, ...]
    first: dt.date
    last: dt.date
    policy_number: str | None = None

    __attrs_post_init__ = checks(
        id=IDENT,
        insurer=TEXT,
        volunteers=tuple_of(str),
        first=DATE,
        last=DATE,
        policy_number=OPT_TEXT,
        where=(
            Where(
                "self.last >= self.first",
                "$.last",
                Text("a day no earlier than first", "不早于 first 的日期"),
                shows="last",
            ),
        ),
        then=lambda c: list(duplicate_ids("volunteers", c.volunteers, key="volunteer")),
    )


@attrs.frozen(eq=False, repr=False)
class CertificateRequest(Model):
    """A volunteer's request for a service-record certificate, on ``day``."""

    id: str
    volunteer: str
    day: dt.date
    purpose: str | None = None

    __attrs_post_init__ = checks(id=IDENT, volunteer=IDENT, day=DATE, purpose=OPT_TEXT)


@attrs.frozen(eq=False, repr=False)
class Certificate(Model):
    """A service-record certificate (志愿服务记录证明, Order No. 67 Arts. 14-15): the
    volunteer's approved service ``hours`` from ``first`` (the beginning of the
    records when None) to ``last``, the service ``content``, the recording ``unit``,
    the day it was issued, the request it answers, whether it was sealed, and the fee
    charged in fen (the law says none)."""

    id: str
    volunteer: str
    issued: dt.date
    last: dt.date
    hours: Decimal
    content: str
    unit: str
    first: dt.date | None = None
    request: str | None = None
    sealed: bool = False
    fee_fen: int = 0

    __attrs_post_init__ = checks(
        id=IDENT,
        volunteer=IDENT,
        issued=DATE,
        last=DATE,
        hours=_TOTAL_HOURS,
        content=TEXT,
        unit=TEXT,
        first=OPT_DATE,
        request=opt(IDENT),
        sealed=BOOL,
        fee_fen=_FEE,
        where=(
            Where(
                "self.first is None or self.first <= self.last",
                "$.first",
                Text("a day no later than last", "不晚于 last 的日期"),
                shows="first",
            ),
            Where(
                "self.last <= self.issued",
                "$.last",
                Text("a day no later than issued", "不晚于签发日的日期"),
                shows="last",
            ),
        ),
    )


@attrs.frozen(eq=False, repr=False)
class VolunteerAdmin(Model):
    """What a community keeps of its volunteers besides their service records:
    trainings, awards, insurance cover, certificate requests and certificates, and
    the kinds of service the organisation judges may endanger its volunteers
    (``risky_kinds``, matched against a record's ``kind``: those need cover)."""

    trainings: tuple[Training, ...] = ()
    awards: tuple[Commendation, ...] = ()
    cover: tuple[Cover, ...] = ()
    requests: tuple[CertificateRequest, ...] = ()
    certificates: tuple[Certificate, ...] = ()
    risky_kinds: frozenset[str] = frozenset()

    __attrs_post_init__ = checks(
        trainings=tuple_of(Training),
        awards=tuple_of(Commendation),
        cover=tuple_of(Cover),
        requests=tuple_of(CertificateRequest),
        certificates=tuple_of(Certificate),
        risky_kinds=_KINDS,
        then=lambda admin: list(_admin_problems(admin)),
    )


def _admin_problems(admin: VolunteerAdmin) -> Iterator[Problem]:
    asked = {r.id: r for r in admin.requests}
    answered: dict[str, int] = {}
    for i, certificate in enumerate(admin.certificates):
        if certificate.request is None:
            continue
        request = asked.get(certificate.request)
        if request is None:
            yield Problem(
                f"$.certificates[{i}].request",
                Text("the id of a request in requests", "requests 中申请的标识"),
                Text.same(f'"{certificate.request}"'),
            )
        elif request.volunteer != certificate.volunteer:
            yield Problem(
                f"$.certificates[{i}].volunteer",
                Text(
                    f"the requesting volunteer {request.volunteer}", f"申请人 {request.volunteer}"
                ),
                Text.same(f'"{certificate.volunteer}"'),
            )
        elif certificate.request in answered:
            yield Problem(
                f"$.certificates[{i}].request",
                Text(
                    f"a request not answered before (already at $.certificates"
                    f"[{answered[certificate.request]}])",
                    f"未被答复过的申请（已在 $.certificates[{answered[certificate.request]}]）",
                ),
                Text.same(f'"{certificate.request}"'),
            )
        else:
            answered[certificate.request] = i


# --- policy ----------------------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class AdminPolicy(Model):
    """What the administration rules ask.  ``cover_all``: every service needs cover;
    else only services whose record's ``kind`` is in ``risky_kinds`` (志愿服务条例
    Art. 17 asks for cover before services that may endanger volunteers; which
    those are is the organisation's or the locality's call, so nothing is risky by
    default).  ``certificate_days``: a request is answered within this many days (the
    law says only "timely", Order No. 67 Art. 3; 10 is ours, as long as a record
    may take)."""

    cover_all: bool = False
    risky_kinds: frozenset[str] = frozenset()
    certificate_days: int = 10

    __attrs_post_init__ = checks(
        cover_all=BOOL,
        risky_kinds=_KINDS,
        certificate_days=int_range(1, 366),
    )

    def needs_cover(self, record: ServiceRecord, risky: frozenset[str] = frozenset()) -> bool:
        """Whether ``record``'s service needs insurance cover (``risky``: the kinds the
        organisation itself names, beside the policy's)."""
        kind = record.kind
        return self.cover_all or (kind is not None and (kind in self.risky_kinds or kind in risky))


# --- rules -----------------------------------------------------------------------------

COVER_RULE = Rule(
    "volunteers.cover",
    Text("No service recorded outside insurance cover", "无保险覆盖期外的服务记录"),
    Text("志愿服务条例 Art. 17", "《志愿服务条例》第十七条"),
    basis=(
        "FACTS.md §5 志愿服务条例 Art. 17 [V]: organisations must buy personal-accident "
        "insurance before dangerous activities"
    ),
    reads=Text("the service records and the insurance cover", "志愿服务记录与保险"),
    policy="volunteer_admin",
)

CERTIFICATES_RULE = Rule(
    "volunteers.certificates",
    Text(
        "Certificates issued on request, free and stating the approved hours",
        "按申请无偿、如实出具服务记录证明",
    ),
    Text(
        "志愿服务条例 Art. 19; MCA Order No. 67 Arts. 14-15",
        "《志愿服务条例》第十九条；《志愿服务记录与证明出具办法（试行）》第十四、十五条",
    ),
    basis=(
        "FACTS.md §5 志愿服务条例 Art. 19 [V]: a record certificate issued free of charge and "
        "truthfully on request; 志愿服务记录与证明出具办法 Arts. 14-15 [V]: it states service time, "
        "content and recording unit"
    ),
    reads=Text(
        "the certificate requests, certificates and service records", "证明申请、证明与服务记录"
    ),
    policy="volunteer_admin",
)

RULES: tuple[Rule, ...] = (COVER_RULE, CERTIFICATES_RULE)
"""The rules of this module, as data (see :func:`neighborly.rules.catalogue`)."""


def _covered(admin: VolunteerAdmin) -> dict[str, list[tuple[dt.date, dt.date]]]:
    """Each volunteer's days of cover as disjoint spans in order (overlapping and
    touching covers merged), so that a day is looked up by bisection."""
    spans: dict[str, list[tuple[dt.date, dt.date]]] = {}
    for cover in admin.cover:
        for volunteer in cover.volunteers:
            spans.setdefault(volunteer, []).append((cover.first, cover.last))
    merged: dict[str, list[tuple[dt.date, dt.date]]] = {}
    for volunteer, found in spans.items():
        found.sort()
        runs: list[tuple[dt.date, dt.date]] = []
        for first, last in found:
            if runs and first <= runs[-1][1] + dt.timedelta(days=1):
                runs[-1] = (runs[-1][0], max(runs[-1][1], last))
            else:
                runs.append((first, last))
        merged[volunteer] = runs
    return merged


def _within(spans: Sequence[tuple[dt.date, dt.date]], day: dt.date) -> bool:
    """Whether ``day`` falls in one of ``spans`` (disjoint, in order)."""
    at = bisect.bisect_right(spans, (day, dt.date.max))
    return at > 0 and spans[at - 1][1] >= day


def check_cover(
    admin: VolunteerAdmin, records: Iterable[ServiceRecord], policy: AdminPolicy | None = None
) -> Verdict:
    """``volunteers.cover``: every service record that needs cover (of a kind the
    organisation or the policy names, or any where the policy covers all; not a
    reversal, which records no service) falls on a day its volunteer was covered."""
    policy = policy if policy is not None else AdminPolicy()
    spans = _covered(admin)
    problems: list[Reason] = []
    needing = 0
    for i, record in enumerate(records):
        if record.reverses is not None or not policy.needs_cover(record, admin.risky_kinds):
            continue
        needing += 1
        if not _within(spans.get(record.volunteer, ()), record.day):
            problems.append(
                Reason(
                    f"$.records[{i}]",
                    Text(
                        f"{record.volunteer} served on {record.day} ({record.kind or 'any kind'}) "
                        "without insurance cover",
                        f"{record.volunteer} 于 {record.day} 服务（{record.kind or '任何类别'}）时"
                        "无保险",
                    ),
                    "cover on the day",
                    "none",
                )
            )
    risky = sorted(policy.risky_kinds | admin.risky_kinds)
    asked = (
        Text("every service", "所有服务")
        if policy.cover_all
        else Text(f"services of kind {', '.join(risky)}", f"类别为 {'、'.join(risky)} 的服务")
        if risky
        else Text("no service (the policy asks for none)", "无（政策未要求）")
    )
    return COVER_RULE.judge(
        problems,
        Reason(
            "$.records",
            Text(
                f"cover asked for {asked.en}: {number(needing)} records, each covered",
                f"要求投保：{asked.zh}；{number(needing)} 条记录均在保险期内",
            ),
        ),
    )


def _served(
    records: Iterable[ServiceRecord], volunteer: str, first: dt.date | None, last: dt.date
) -> list[ServiceRecord]:
    """``volunteer``'s records from ``first`` (the beginning when None) to ``last``."""
    return [
        r
        for r in records
        if r.volunteer == volunteer and (first is None or r.day >= first) and r.day <= last
    ]


def issue_certificate(
    records: Iterable[ServiceRecord],
    *,
    id: str,
    volunteer: str,
    issued: dt.date,
    unit: str,
    first: dt.date | None = None,
    last: dt.date | None = None,
    request: CertificateRequest | None = None,
    sealed: bool = False,
    policy: RecordPolicy | None = None,
) -> Certificate:
    """A certificate of ``volunteer``'s approved hours from ``first`` to ``last``
    (``issued`` when None), its content the kinds of service (or the activities,
    where a record has no kind) in those records, issued free by ``unit``.  Raises
    :class:`~neighborly.errors.NotFound` when the records hold no approved service of
    the volunteer in the period (there is nothing to certify: no hours, or only
    reversals of service before it), and
    :class:`~neighborly.errors.InvalidInput` for a request of another volunteer."""
    last = issued if last is None else last
    policy = policy if policy is not None else RecordPolicy()
    chosen = _served(records, volunteer, first, last)
    hours = approved_hours(chosen, policy=policy).get(volunteer, Decimal(0))
    if hours <= 0:  # nothing approved, or reversals of service before the period
        raise NotFound(
            "approved service of a volunteer",
            volunteer,
            f"the records of {first or '...'} to {last}",
        )
    if request is not None and request.volunteer != volunteer:
        raise InvalidInput(
            [
                Problem(
                    "$.request.volunteer",
                    Text(f"the volunteer {volunteer}", f"志愿者 {volunteer}"),
                    Text.same(f'"{request.volunteer}"'),
                )
            ]
        )
    kinds = sorted({r.kind or r.activity for r in chosen if r.reverses is None})
    content = "; ".join(kinds[:10]) + (f" (+{len(kinds) - 10})" if len(kinds) > 10 else "")
    return Certificate(
        id=id,
        volunteer=volunteer,
        issued=issued,
        last=last,
        hours=hours,
        content=content,
        unit=unit,
        first=first,
        request=request.id if request is not None else None,
        sealed=sealed,
    )


@attrs.frozen(eq=False, repr=False)
class CertificateDue(Model):
    """A request still waiting for its certificate: by when it is due, and whether
    that day has passed."""

    request: str
    volunteer: str
    requested: dt.date
    due: dt.date
    overdue: bool


def certificates_due(
    admin: VolunteerAdmin, as_of: dt.date, policy: AdminPolicy | None = None
) -> tuple[CertificateDue, ...]:
    """Every request made by ``as_of`` that no certificate answers, oldest first."""
    policy = policy if policy is not None else AdminPolicy()
    answered = {c.request for c in admin.certificates if c.request is not None}
    waiting = (r for r in admin.requests if r.id not in answered and r.day <= as_of)
    made = [
        CertificateDue(
            r.id,
            r.volunteer,
            r.day,
            r.day + dt.timedelta(days=policy.certificate_days),
            as_of > r.day + dt.timedelta(days=policy.certificate_days),
        )
        for r in waiting
    ]
    return tuple(sorted(made, key=lambda d: (d.requested, d.request)))


class _HoursIndex:
    """Each volunteer's approved hours by day, summed from the start, so that the
    hours of any period are two bisections (as :func:`approved_hours` counts them:
    approved records, reversals taken off)."""

    def __init__(self, records: Iterable[ServiceRecord], policy: RecordPolicy) -> None:
        changes: dict[str, dict[dt.date, Decimal]] = {}
        for record in records:
            if record.status is not RecordStatus.APPROVED:
                continue
            hours = served_hours(record, policy)
            days = changes.setdefault(record.volunteer, {})
            change = -hours if record.reverses is not None else hours
            days[record.day] = days.get(record.day, Decimal(0)) + change
        self._days: dict[str, list[dt.date]] = {}
        self._sums: dict[str, list[Decimal]] = {}
        for volunteer, days in changes.items():
            ordered = sorted(days)
            total = Decimal(0)
            sums = []
            for day in ordered:
                total += days[day]
                sums.append(total)
            self._days[volunteer] = ordered
            self._sums[volunteer] = sums

    def _upto(self, volunteer: str, day: dt.date) -> Decimal:
        """The hours of days up to ``day`` included."""
        at = bisect.bisect_right(self._days.get(volunteer, []), day)
        return self._sums[volunteer][at - 1] if at else Decimal(0)

    def between(self, volunteer: str, first: dt.date | None, last: dt.date) -> Decimal:
        """The hours from ``first`` (the start when None) to ``last``, both included."""
        before = (
            Decimal(0)
            if first is None or first == dt.date.min
            else self._upto(volunteer, first - dt.timedelta(days=1))
        )
        return self._upto(volunteer, last) - before


def check_certificates(
    admin: VolunteerAdmin,
    records: Sequence[ServiceRecord],
    as_of: dt.date,
    policy: AdminPolicy | None = None,
    record_policy: RecordPolicy | None = None,
) -> Verdict:
    """``volunteers.certificates``: no request waiting past the policy's days (nor
    answered late), and each certificate free of charge with the approved hours of
    its period (counted as ``record_policy`` says: travel or not)."""
    policy = policy if policy is not None else AdminPolicy()
    record_policy = record_policy if record_policy is not None else RecordPolicy()
    problems: list[Reason] = []
    index = {r.id: i for i, r in enumerate(admin.requests)}
    problems.extend(
        Reason(
            f"$.requests[{index[waiting.request]}]",
            Text(
                f"{waiting.volunteer} asked on {waiting.requested}; no certificate by "
                f"{waiting.due}",
                f"{waiting.volunteer} 于 {waiting.requested} 申请，{waiting.due} 前未出具证明",
            ),
            waiting.due.isoformat(),
            "none",
        )
        for waiting in certificates_due(admin, as_of, policy)
        if waiting.overdue
    )
    asked = {r.id: r for r in admin.requests}
    ledger = _HoursIndex(records, record_policy)
    for i, certificate in enumerate(admin.certificates):
        at = f"$.certificates[{i}]"
        request = asked.get(certificate.request) if certificate.request is not None else None
        if request is not None:
            due = request.day + dt.timedelta(days=policy.certificate_days)
            if certificate.issued > due:
                problems.append(
                    Reason(
                        f"{at}.issued",
                        Text(
                            f"asked on {request.day}, issued {certificate.issued}: due by {due}",
                            f"{request.day} 申请，{certificate.issued} 出具：应于 {due} 前",
                        ),
                        due.isoformat(),
                        certificate.issued.isoformat(),
                    )
                )
        if certificate.fee_fen:
            problems.append(
                Reason(
                    f"{at}.fee_fen",
                    Text(
                        f"charged {yuan(certificate.fee_fen)} yuan: certificates are free",
                        f"收费 {yuan(certificate.fee_fen)} 元：证明应无偿出具",
                    ),
                    "0",
                    str(certificate.fee_fen),
                )
            )
        true = ledger.between(certificate.volunteer, certificate.first, certificate.last)
        if certificate.hours != true:
            span = (
                Text(f"up to {certificate.last}", f"截至 {certificate.last}")
                if certificate.first is None
                else Text(
                    f"of {certificate.first} to {certificate.last}",
                    f"{certificate.first} 至 {certificate.last}",
                )
            )
            problems.append(
                Reason(
                    f"{at}.hours",
                    Text(
                        f"states {format_hours(certificate.hours)} h; the approved records "
                        f"{span.en} hold {format_hours(true)} h",
                        f"载明 {format_hours(certificate.hours)} 小时；{span.zh}的已审核记录为 "
                        f"{format_hours(true)} 小时",
                    ),
                    format_hours(true),
                    format_hours(certificate.hours),
                )
            )
    return CERTIFICATES_RULE.judge(
        problems,
        Reason(
            "$.certificates",
            Text(
                f"{number(len(admin.certificates))} certificates for "
                f"{number(len(admin.requests))} requests, each on time, free and true",
                f"{number(len(admin.requests))} 份申请，出具证明 "
                f"{number(len(admin.certificates))} 份，均及时、无偿、如实",
            ),
        ),
    )


def training_hours(admin: VolunteerAdmin, volunteer: str) -> Decimal:
    """The hours of training ``volunteer`` attended."""
    return sum((t.hours for t in admin.trainings if volunteer in t.attendees), Decimal(0))


# --- ids and references, declared ----------------------------------------------------

TRAINING = Kind("training", Text("a volunteer training", "志愿者培训"))
AWARD = Kind("award", Text("a volunteer award", "志愿者表彰"))
COVER = Kind("cover", Text("an insurance cover", "保险"))
CERTIFICATE_REQUEST = Kind("certificate_request", Text("a certificate request", "证明申请"))
CERTIFICATE = Kind("certificate", Text("a service-record certificate", "服务记录证明"))

VOLUNTEER_ADMIN_DECLARED = Declarations(
    ids=(
        Ids("trainings[*].id", TRAINING),
        Ids("awards[*].id", AWARD),
        Ids("cover[*].id", COVER),
        Ids("requests[*].id", CERTIFICATE_REQUEST),
        Ids("certificates[*].id", CERTIFICATE),
    ),
    refs=(
        Ref("trainings[*].attendees[*]", ("volunteer",)),
        Ref("awards[*].volunteer", ("volunteer",)),
        Ref("cover[*].volunteers[*]", ("volunteer",)),
        Ref("requests[*].volunteer", ("volunteer",)),
        Ref("certificates[*].volunteer", ("volunteer",)),
    ),
)
"""The administration defines its records' ids and names the volunteers in them."""
