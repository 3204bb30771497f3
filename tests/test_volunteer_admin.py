"""Volunteer administration: trainings and awards kept as MCA Order No. 67 Arts. 8-9
list them, accident cover (志愿服务条例 Art. 17: no service outside cover where it is
asked), and certificates issued on request, free and true to the approved hours
(条例 Art. 19; Order No. 67 Arts. 14-15)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from neighborly import InvalidInput, NotFound
from neighborly.rules import Policies, check_community
from neighborly.sample import sample_community
from neighborly.volunteer_admin import (
    AdminPolicy,
    Certificate,
    CertificateRequest,
    Commendation,
    Cover,
    Training,
    VolunteerAdmin,
    certificates_due,
    check_certificates,
    check_cover,
    issue_certificate,
    training_hours,
)
from neighborly.volunteering import RecordPolicy, RecordStatus, ServiceRecord


def record(rid: str = "sr-1", **changes: object) -> ServiceRecord:
    fields: dict[str, object] = {
        "id": rid,
        "volunteer": "v-1",
        "activity": "平安巡逻",
        "day": dt.date(2026, 3, 6),
        "place": "示例花园",
        "content": "夜间巡逻",
        "hours": Decimal("2.5"),
        "organiser": "示例社区居委会",
        "person_in_charge": "王主任",
        "entered": dt.date(2026, 3, 7),
        "kind": "patrol",
        "status": RecordStatus.APPROVED,
    }
    fields.update(changes)
    day = fields["day"]
    assert isinstance(day, dt.date)
    fields.setdefault("entered", day)
    fields["entered"] = max(day, fields["entered"])  # type: ignore[type-var]
    if fields["status"] is not RecordStatus.SUBMITTED:
        fields.update(verifier="st-1", decided=fields["entered"])
        if fields["status"] is RecordStatus.REJECTED:
            fields["reason"] = "不属实"
    return ServiceRecord(**fields)  # type: ignore[arg-type]


COVER = Cover("cov-1", "保险公司", ("v-1",), dt.date(2026, 3, 1), dt.date(2026, 3, 31))
RISKY = VolunteerAdmin(cover=(COVER,), risky_kinds=frozenset({"patrol"}))


# --- cover ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "covered"),
    [
        (dt.date(2026, 2, 28), False),
        (dt.date(2026, 3, 1), True),
        (dt.date(2026, 3, 31), True),
        (dt.date(2026, 4, 1), False),
    ],
)
def test_a_risky_service_is_covered_from_the_first_to_the_last_day_of_cover(day, covered):
    verdict = check_cover(RISKY, (record(day=day),))
    assert verdict.passed is covered
    if not covered:
        assert verdict.reasons[0].path == "$.records[0]"
        assert "without insurance cover" in verdict.explain()
        assert "无保险" in verdict.explain("zh")


def test_only_the_kinds_named_need_cover_unless_the_policy_covers_all():
    elder = record(kind="elder_care", day=dt.date(2026, 5, 1))
    assert check_cover(RISKY, (elder,)).passed
    assert not check_cover(RISKY, (elder,), AdminPolicy(cover_all=True)).passed
    assert not check_cover(
        VolunteerAdmin(), (elder,), AdminPolicy(risky_kinds=frozenset({"elder_care"}))
    ).passed
    verdict = check_cover(VolunteerAdmin(), (elder,))
    assert verdict.passed
    assert "the policy asks for none" in verdict.explain()


def test_a_reversal_records_no_service_and_needs_no_cover():
    reversal = record("sr-2", day=dt.date(2026, 5, 1), reverses="sr-1")
    assert check_cover(RISKY, (reversal,)).passed


def test_two_covers_of_one_volunteer_cover_the_days_of_either():
    later = Cover("cov-2", "保险公司", ("v-1",), dt.date(2026, 5, 1), dt.date(2026, 5, 31))
    admin = attrs.evolve(RISKY, cover=(later, COVER))
    days = [dt.date(2026, 3, 15), dt.date(2026, 4, 15), dt.date(2026, 5, 15)]
    verdict = check_cover(admin, [record(f"r{i}", day=d) for i, d in enumerate(days)])
    assert [r.path for r in verdict.reasons] == ["$.records[1]"]


@given(
    st.lists(st.tuples(st.integers(0, 60), st.integers(0, 20)), max_size=4),
    st.integers(0, 90),
)
def test_a_day_is_covered_exactly_when_some_cover_holds_it(spans, offset):
    start = dt.date(2026, 1, 1)
    covers = tuple(
        Cover(f"c{i}", "保险公司", ("v-1",), start + dt.timedelta(a), start + dt.timedelta(a + n))
        for i, (a, n) in enumerate(spans)
    )
    day = start + dt.timedelta(offset)
    expected = any(c.first <= day <= c.last for c in covers)
    admin = VolunteerAdmin(cover=covers, risky_kinds=frozenset({"patrol"}))
    assert check_cover(admin, (record(day=day),)).passed is expected


# --- certificates ----------------------------------------------------------------------

RECORDS = (
    record("sr-1", day=dt.date(2026, 3, 6)),
    record("sr-2", day=dt.date(2026, 4, 3), travel_hours=Decimal("0.5")),
    record("sr-3", day=dt.date(2026, 5, 1), status=RecordStatus.SUBMITTED),
    record("sr-4", day=dt.date(2026, 5, 8), kind=None, activity="重阳敬老"),
    record("sr-5", day=dt.date(2026, 5, 9), reverses="sr-4"),
    record("sr-6", day=dt.date(2026, 3, 6), volunteer="v-2"),
)
ASKED = CertificateRequest("creq-1", "v-1", dt.date(2026, 6, 1), "升学材料")


def test_a_certificate_states_the_approved_hours_of_its_period_and_what_was_done():
    made = issue_certificate(
        RECORDS, id="cert-1", volunteer="v-1", issued=dt.date(2026, 6, 2), unit="服务站"
    )
    # sr-1 and sr-2 approved; sr-3 waits; sr-4 reversed by sr-5; v-2's not counted
    assert made.hours == Decimal("5.0")
    assert made.content == "patrol; 重阳敬老"
    assert made.last == dt.date(2026, 6, 2)
    assert made.fee_fen == 0
    april = issue_certificate(
        RECORDS,
        id="cert-2",
        volunteer="v-1",
        issued=dt.date(2026, 6, 2),
        unit="服务站",
        first=dt.date(2026, 4, 1),
        last=dt.date(2026, 4, 30),
    )
    assert april.hours == Decimal("2.5")
    travel = issue_certificate(
        RECORDS,
        id="cert-3",
        volunteer="v-1",
        issued=dt.date(2026, 6, 2),
        unit="服务站",
        policy=RecordPolicy(count_travel=True),
    )
    assert travel.hours == Decimal("5.5")


def test_nothing_to_certify_and_a_request_of_another_volunteer_are_refused():
    with pytest.raises(NotFound):
        issue_certificate(
            RECORDS, id="c", volunteer="v-9", issued=dt.date(2026, 6, 2), unit="服务站"
        )
    with pytest.raises(InvalidInput) as caught:
        issue_certificate(
            RECORDS,
            id="c",
            volunteer="v-2",
            issued=dt.date(2026, 6, 2),
            unit="服务站",
            request=ASKED,
        )
    assert caught.value.problems[0].path == "$.request.volunteer"


@pytest.mark.parametrize(("days", "overdue"), [(10, False), (11, True)])
def test_a_request_is_due_within_the_policys_days(days, overdue):
    admin = VolunteerAdmin(requests=(ASKED,))
    as_of = ASKED.day + dt.timedelta(days=days)
    (due,) = certificates_due(admin, as_of)
    assert due.due == dt.date(2026, 6, 11)
    assert due.overdue is overdue
    assert check_certificates(admin, RECORDS, as_of).passed is not overdue
    assert certificates_due(admin, ASKED.day - dt.timedelta(1)) == ()  # not asked yet
    relaxed = AdminPolicy(certificate_days=days)
    assert check_certificates(admin, RECORDS, as_of, relaxed).passed


def answered(**changes: object) -> VolunteerAdmin:
    made = issue_certificate(
        RECORDS,
        id="cert-1",
        volunteer="v-1",
        issued=dt.date(2026, 6, 11),
        unit="服务站",
        last=dt.date(2026, 5, 31),
        request=ASKED,
    )
    return VolunteerAdmin(requests=(ASKED,), certificates=(attrs.evolve(made, **changes),))


def test_a_true_free_certificate_on_time_passes_and_answers_its_request():
    admin = answered()
    assert check_certificates(admin, RECORDS, dt.date(2026, 12, 1)).passed
    assert certificates_due(admin, dt.date(2026, 12, 1)) == ()


@pytest.mark.parametrize(
    ("changes", "path", "words"),
    [
        ({"issued": dt.date(2026, 6, 12)}, "$.certificates[0].issued", "due by 2026-06-11"),
        ({"fee_fen": 500}, "$.certificates[0].fee_fen", "charged 5.00 yuan"),
        ({"hours": Decimal("5.5")}, "$.certificates[0].hours", "hold 5 h"),
        ({"hours": Decimal("4.99")}, "$.certificates[0].hours", "states 4.99 h"),
    ],
)
def test_a_late_charged_or_untrue_certificate_fails(changes, path, words):
    verdict = check_certificates(answered(**changes), RECORDS, dt.date(2026, 12, 1))
    assert not verdict.passed
    assert verdict.reasons[0].path == path
    assert words in verdict.explain()


@given(
    st.lists(
        st.tuples(
            st.integers(0, 120),
            st.sampled_from(list(RecordStatus)),
            st.decimals(Decimal("0.25"), 8, places=2),
            st.booleans(),
        ),
        max_size=8,
    ),
    st.integers(0, 120),
    st.integers(0, 60),
)
def test_an_issued_certificate_always_states_what_the_records_hold(rows, offset, length):
    start = dt.date(2026, 1, 1)
    records = tuple(
        record(
            f"r{i}",
            day=start + dt.timedelta(d),
            status=status,
            hours=hours,
            reverses="r-earlier" if reversal and status is RecordStatus.APPROVED else None,
        )
        for i, (d, status, hours, reversal) in enumerate(rows)
    )
    first = start + dt.timedelta(offset)
    last = first + dt.timedelta(length)
    try:
        made = issue_certificate(
            records, id="c", volunteer="v-1", issued=last, unit="站", first=first, last=last
        )
    except NotFound:
        made = None
    expected = sum(
        (
            -r.hours if r.reverses else r.hours
            for r in records
            if r.status is RecordStatus.APPROVED and first <= r.day <= last
        ),
        Decimal(0),
    )
    if made is None:
        assert expected <= 0  # nothing to certify
        return
    assert made.hours == expected
    admin = VolunteerAdmin(certificates=(made,))
    assert check_certificates(admin, records, last).passed


def test_many_covers_records_and_certificates_of_one_volunteer_are_judged_whole():
    start = dt.date(2026, 1, 1)
    covers = tuple(
        Cover(
            f"c{i}",
            "保险公司",
            ("v-1",),
            start + dt.timedelta(i % 300),
            start + dt.timedelta(i % 300),
        )
        for i in range(3000)
    )
    records = tuple(
        record(f"r{i}", day=start + dt.timedelta(i % 330), hours=Decimal(1)) for i in range(3000)
    )
    admin = VolunteerAdmin(cover=covers, risky_kinds=frozenset({"patrol"}))
    verdict = check_cover(admin, records)
    late = [r for r in records if r.day >= start + dt.timedelta(300)]
    assert len(verdict.reasons) == len(late)
    made = issue_certificate(
        records, id="c", volunteer="v-1", issued=dt.date(2026, 12, 31), unit="站"
    )
    many = VolunteerAdmin(certificates=tuple(attrs.evolve(made, id=f"c{i}") for i in range(3000)))
    assert check_certificates(many, records, dt.date(2026, 12, 31)).passed


# --- the record's shape ------------------------------------------------------------------


def test_a_certificate_answers_one_request_of_its_own_volunteer():
    made = answered().certificates[0]
    with pytest.raises(InvalidInput) as caught:
        VolunteerAdmin(requests=(ASKED,), certificates=(made, attrs.evolve(made, id="cert-2")))
    assert caught.value.problems[0].path == "$.certificates[1].request"
    with pytest.raises(InvalidInput) as caught:
        VolunteerAdmin(requests=(ASKED,), certificates=(attrs.evolve(made, volunteer="v-2"),))
    assert caught.value.problems[0].path == "$.certificates[0].volunteer"
    with pytest.raises(InvalidInput) as caught:
        VolunteerAdmin(certificates=(made,))
    assert caught.value.problems[0].path == "$.certificates[0].request"


def test_dates_and_amounts_are_checked_at_construction():
    with pytest.raises(InvalidInput) as caught:
        Cover("c", "保险公司", ("v-1",), dt.date(2026, 3, 2), dt.date(2026, 3, 1))
    assert caught.value.problems[0].path == "$.last"
    made = answered().certificates[0]
    with pytest.raises(InvalidInput) as caught:
        attrs.evolve(made, last=made.issued + dt.timedelta(1))
    assert caught.value.problems[0].path == "$.last"
    with pytest.raises(InvalidInput) as caught:
        attrs.evolve(made, hours=Decimal("-1"))
    assert caught.value.problems[0].path == "$.hours"
    with pytest.raises(InvalidInput) as caught:
        Training("t", "培训", "内容", Decimal(0), "单位", dt.date(2026, 1, 1))
    assert caught.value.problems[0].path == "$.hours"


def test_training_hours_add_up_the_trainings_attended():
    first_aid = Training(
        "t1", "应急救护", "心肺复苏", Decimal(4), "红十字会", dt.date(2026, 4, 18), ("v-1",)
    )
    patrol = Training(
        "t2", "巡逻安全", "消防通道", Decimal("1.5"), "社区", dt.date(2026, 1, 4), ("v-1", "v-2")
    )
    admin = VolunteerAdmin(trainings=(first_aid, patrol))
    assert training_hours(admin, "v-1") == Decimal("5.5")
    assert training_hours(admin, "v-2") == Decimal("1.5")
    assert training_hours(admin, "v-3") == 0


def test_the_community_names_its_volunteers_in_the_administration():
    c = sample_community()
    assert c.volunteer_admin is not None
    award = Commendation("aw-x", "vol-nobody", "优秀志愿者", dt.date(2026, 12, 5), "示例街道")
    admin = attrs.evolve(c.volunteer_admin, awards=(*c.volunteer_admin.awards, award))
    with pytest.raises(InvalidInput) as caught:
        attrs.evolve(c, volunteer_admin=admin)
    assert caught.value.problems[0].path == "$.volunteer_admin.awards[2].volunteer"


def test_check_community_runs_the_administration_rules_with_the_policy():
    c = sample_community()
    report = check_community(c, as_of=dt.date(2026, 12, 1))
    cover = report["volunteers.cover"]
    assert not cover.passed
    assert {r.path.split("[")[0] for r in cover.reasons} == {"$.records"}
    certificates = report["volunteers.certificates"]
    assert {r.path for r in certificates.reasons} == {
        "$.volunteer_admin.requests[2]",
        "$.volunteer_admin.certificates[1].hours",
    }
    patient = Policies(volunteer_admin=AdminPolicy(certificate_days=60))
    again = check_community(c, as_of=dt.date(2026, 12, 1), policies=patient)
    assert [r.path for r in again["volunteers.certificates"].reasons] == [
        "$.volunteer_admin.certificates[1].hours"
    ]


def test_a_certificate_is_a_model_of_the_record_group_the_law_names():
    made = Certificate(
        id="c",
        volunteer="v-1",
        issued=dt.date(2026, 6, 2),
        last=dt.date(2026, 6, 1),
        hours=Decimal(0),
        content="巡逻",
        unit="服务站",
    )
    assert made.fee_fen == 0
    assert not made.sealed
