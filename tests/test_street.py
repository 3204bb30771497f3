"""The street: its communities, campaigns and brands checked; every community's rules
rolled up, worst first; and volunteer statistics as the seeds report them, added up
the same whichever way the communities are grouped."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neighborly import InvalidInput
from neighborly.grids import ServiceTeam, TeamKind
from neighborly.street import (
    Brand,
    Campaign,
    CampaignResult,
    Counts,
    Street,
    roll_up,
    volunteer_statistics,
)
from neighborly.volunteering import RecordStatus, ServiceRecord, Volunteer

from builders import community

START, END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


def _record(rid: str, volunteer: str, day: dt.date, hours: str, **changes: object) -> ServiceRecord:
    return ServiceRecord(
        id=rid,
        volunteer=volunteer,
        activity="巡逻",
        day=day,
        place="小区",
        content="夜间巡逻",
        hours=Decimal(hours),
        organiser="居委会",
        person_in_charge="王主任",
        entered=day,
        **{"status": RecordStatus.APPROVED, "verifier": "王主任", "decided": day, **changes},
    )


def _volunteering(cid: str = "c1") -> object:
    """A community whose volunteers and records exercise every definition."""
    base = community(3)
    grids = tuple(attrs.evolve(g, places=(cid,)) if g.places == ("c1",) else g for g in base.grids)
    c = attrs.evolve(base, id=cid, grids=grids)
    volunteers = (
        Volunteer("v-old", dt.date(2020, 5, 1), name="老张"),  # registered before the period
        Volunteer("v-new", dt.date(2026, 3, 8), name="小李"),  # new in the period
        Volunteer("v-new2", dt.date(2026, 3, 20), name="小王"),  # new, never served
        Volunteer("v-late", dt.date(2027, 1, 2), name="小赵"),  # registered after the period
    )
    teams = (
        ServiceTeam("t1", "巡逻队", TeamKind.PATROL, "张队长", None, ("g2",), ("v-old",)),
        ServiceTeam("t2", "助老队", TeamKind.ELDER_CARE, "钱队长", None, ("g3-1",), ("v-new",)),
    )
    records = (
        _record("r1", "v-old", dt.date(2026, 2, 1), "2", team="t1"),
        _record("r2", "v-new", dt.date(2026, 4, 1), "3.5", team="t2"),
        _record("r3", "v-new", dt.date(2026, 4, 2), "1.5"),  # no team: other
        _record("r4", "v-old", dt.date(2025, 12, 30), "9", team="t1"),  # before the period
        _record(
            "r5",
            "v-new2",
            dt.date(2026, 5, 1),
            "4",
            status=RecordStatus.SUBMITTED,
            verifier=None,
            decided=None,
        ),
        _record("r6", "v-old", dt.date(2026, 6, 1), "5", team="t1"),  # reversed below
        _record("r7", "v-old", dt.date(2026, 6, 1), "5", team="t1", reverses="r6"),
    )
    return attrs.evolve(c, volunteers=volunteers, teams=teams, records=records)


def test_each_figure_counts_what_its_definition_says():
    stats = volunteer_statistics([_volunteering()], START, END)
    assert stats.total == Counts("total", registered=3, active=2, new=2, hours=Decimal("7.0"))
    assert stats.days == 365
    assert stats.new_a_day == Decimal("0.0")  # 2 a year: 0.005 a day
    by_field = {t.key: t for t in stats.by_field}
    assert by_field["patrol"] == Counts("patrol", 1, 1, 0, Decimal("2"))
    assert by_field["elder_care"] == Counts("elder_care", 1, 1, 1, Decimal("3.5"))
    assert by_field["other"] == Counts("other", 1, 1, 1, Decimal("1.5"))  # v-new2; v-new's r3
    assert [(t.key, t.new) for t in stats.by_month] == [("2026-03", 2)]
    assert [(t.key, t.new) for t in stats.by_year] == [("2026", 2)]
    assert [t.key for t in stats.by_community] == ["c1"]
    with pytest.raises(InvalidInput) as excinfo:
        volunteer_statistics([], END, START)
    assert excinfo.value.problems[0].path == "$.end"
    with pytest.raises(InvalidInput, match="the same period"):
        _ = stats + volunteer_statistics([], START, START)


def test_a_citys_figures_are_the_sum_of_its_communities_however_grouped():
    a, b, c = _volunteering("c-a"), _volunteering("c-b"), _volunteering("c-c")
    together = volunteer_statistics([a, b, c], START, END)
    parts = volunteer_statistics([a], START, END) + volunteer_statistics([b, c], START, END)
    assert together == parts
    assert together.total.registered == 9
    assert [t.key for t in together.by_community] == ["c-a", "c-b", "c-c"]
    # Chengdu's figure: 230,000 new in a year is 630.1 a day (the seeds round to 658
    # over the days they count)
    year = attrs.evolve(together, total=attrs.evolve(together.total, new=230_000))
    assert year.new_a_day == Decimal("630.1")


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, 6), min_size=1, max_size=4), st.data())
def test_adding_statistics_is_the_same_in_any_order(sizes, data):
    communities = [_volunteering(f"c-{i}") for i in range(len(sizes))]
    order = data.draw(st.permutations(communities))
    one = volunteer_statistics(communities, START, END)
    other = volunteer_statistics(order, START, END)
    assert one == other


def test_a_street_names_only_its_own_communities_once_each():
    c = community(3)
    with pytest.raises(InvalidInput) as excinfo:
        Street(
            "s1",
            "测试街道",
            (c, c),
            campaigns=(Campaign("cp", "摘星夺旗", 2026, (CampaignResult("c9", stars=1),)),),
            brands=(Brand("c1", 2026, "连心卡"), Brand("c1", 2026, "又一个")),
        )
    assert [p.path for p in excinfo.value.problems] == [
        "$.communities[1].id",
        "$.campaigns[0].results[0].community",
        "$.brands[1]",
    ]
    with pytest.raises(InvalidInput, match=r"results\[1\]\.community"):
        Campaign("cp", "摘星夺旗", 2026, (CampaignResult("c1"), CampaignResult("c1")))


@pytest.mark.slow  # three sample communities judged: make test runs it, make unit not
def test_the_roll_up_puts_the_worst_community_and_the_most_failed_rule_first():
    from neighborly.sample import sample_street

    street = sample_street()
    report = roll_up(street, as_of=dt.date(2026, 12, 5))
    failures = [len(row.failed) for row in report.communities]
    assert failures == sorted(failures, reverse=True)
    spread = [len(row.failing) for row in report.rules]
    assert spread == sorted(spread, reverse=True)
    # each failing rule lists exactly the communities whose own report fails it
    from neighborly.rules import check_community

    for each in street.communities:
        own = check_community(each, as_of=dt.date(2026, 12, 5))
        failed = {v.rule for v in own if not v.passed}
        listed = {row.rule for row in report.rules if each.id in row.failing}
        assert listed == failed
    east = next(r for r in report.communities if r.community == "c-sample-east")
    assert "parking.allocations" not in {
        r.rule for r in report.rules if "c-sample-east" in r.failing
    }
    assert east.judged < next(r for r in report.communities if r.community == "c-sample").judged
    text = report.explain("zh")
    assert text.startswith("示例街道 (s-sample)，2026-12-05")
    assert "注册志愿者" in text
    assert report.volunteers.total.registered == 3 * report.volunteers.by_community[0].registered


def test_a_street_file_names_its_communities_files_and_every_problem_by_path(tmp_path):
    from neighborly import dumps, sample_community
    from neighborly.streets import load_street

    folder = tmp_path / "东城街道"
    (folder / "communities").mkdir(parents=True)
    (folder / "communities" / "sample.json").write_bytes(
        dumps(sample_community(), personal_data=True, purpose="a test of street files")
    )
    street_file = folder / "street.toml"
    street_file.write_text(
        """
id = "s-dongcheng"
name = "东城街道"
communities = ["communities/sample.json"]

[[brands]]
community = "c-sample"
year = 2026
name = "连心卡"
evidence = ["每户一张连心卡"]
""",
        encoding="utf-8",
    )
    street = load_street(street_file)
    assert [c.id for c in street.communities] == ["c-sample"]
    assert street.brands[0].name == "连心卡"

    def problems(text: str) -> list[str]:
        street_file.write_text(text, encoding="utf-8")
        with pytest.raises(InvalidInput) as excinfo:
            load_street(street_file)
        return [p.path for p in excinfo.value.problems]

    header = 'id = "s1"\nname = "东城街道"\n'
    assert problems(header + 'communities = ["../outside.json"]') == ["$.communities[0]"]
    assert problems(header + 'communities = ["missing.json"]') == ["$.communities[0]"]
    (folder / "bad.json").write_text('{"id": "c-bad", "name": ""}', encoding="utf-8")
    assert problems(header + 'communities = ["bad.json"]') == ["$.communities[0].name"]
    assert problems(
        header + 'communities = ["communities/sample.json"]\n'
        '[[brands]]\ncommunity = "c-nope"\nyear = 2026\nname = "x"\n'
    ) == ["$.brands[0].community"]
    assert problems(header + "communities = 3") == ["$.communities"]
    # a file named twice is refused before any file is read: the count of names,
    # not of reads, is what a street file of the same name a thousand times costs
    assert problems(
        header
        + 'communities = ["communities/sample.json", "./communities/../communities/sample.json",'
        ' "missing.json"]'
    ) == ["$.communities[1]"]
    assert problems(header + 'policies = "narnia"') == ["$.policies"]
    street_file.write_text(
        header + 'policies = "beijing"\ncommunities = ["communities/sample.json"]\n',
        encoding="utf-8",
    )
    assert load_street(street_file).policies == "beijing"


def test_each_community_is_judged_by_the_call_its_own_bundle_the_streets_or_national(
    monkeypatch: pytest.MonkeyPatch,
):
    import neighborly.street
    from neighborly.grids import GridPolicy
    from neighborly.rules import PRESETS, Policies, check_community, policies_for

    own = attrs.evolve(_volunteering("c-own"), policies="shanghai")
    plain = _volunteering("c-plain")
    street = Street("s1", "东城街道", (own, plain), policies="zhangjiagang")
    given = Policies(grids=GridPolicy(min_households=1, max_households=1))
    assert policies_for(own) is PRESETS["shanghai"]
    assert policies_for(own, None, "zhangjiagang") is PRESETS["shanghai"]
    assert policies_for(plain, None, "zhangjiagang") is PRESETS["zhangjiagang"]
    assert policies_for(plain) == Policies()
    assert policies_for(own, given, "zhangjiagang") is given

    judged: dict[str, Policies] = {}

    def spy(c, **kwargs):
        judged[c.id] = kwargs["policies"]
        return check_community(c, **kwargs)

    monkeypatch.setattr(neighborly.street, "check_community", spy)
    roll_up(street, as_of=dt.date(2026, 12, 5))
    assert judged == {"c-own": PRESETS["shanghai"], "c-plain": PRESETS["zhangjiagang"]}
    report = roll_up(street, as_of=dt.date(2026, 12, 5), policies=given)
    assert judged == {"c-own": given, "c-plain": given}
    assert "grids.size" in {row.rule for row in report.rules if row.failing}

    with pytest.raises(InvalidInput) as excinfo:
        Street("s1", "东城街道", (attrs.evolve(plain, policies="narnia"),), policies="atlantis")
    assert [p.path for p in excinfo.value.problems] == ["$.policies", "$.communities[0].policies"]
    with pytest.raises(InvalidInput) as excinfo:
        check_community(attrs.evolve(plain, policies="narnia"), as_of=dt.date(2026, 12, 5))
    assert excinfo.value.problems[0].path == "$.policies"
    assert "national, beijing, shanghai, zhangjiagang" in excinfo.value.problems[0].expected.en


def test_a_streets_figures_count_coverage_the_life_circle_meetings_and_points():
    from neighborly import sample_community
    from neighborly.batch import settle_community
    from neighborly.party.meetings import meeting_compliance
    from neighborly.rules import check_community
    from neighborly.services import check_circle
    from neighborly.street import figures

    as_of = dt.date(2026, 12, 5)
    small = community(3, 2)  # two buildings, each its own level-3 grid
    plain = figures(small, check_community(small, as_of=as_of), as_of)
    assert (plain.households, plain.uncovered) == (5, 0)
    assert (plain.circle_gaps, plain.meetings_due, plain.points_awarded) == (None, None, None)
    # the second building's grid dropped: its two households are in no level-3 grid
    level3 = [g for g in small.grids if g.level.value == 3]
    fewer = attrs.evolve(small, grids=tuple(g for g in small.grids if g is not level3[1]))
    assert figures(fewer, check_community(fewer, as_of=as_of), as_of).uncovered == 2

    sample = sample_community()
    seen = figures(sample, check_community(sample, as_of=as_of), as_of)
    assert seen.circle_gaps == len(check_circle(sample).reasons) > 0
    held = sum(s.balance for s in settle_community(sample, as_of))
    assert seen.points_held == held
    assert seen.points_awarded >= seen.points_redeemed + held > 0  # what was not spent is held
    party = sample.party
    statuses = [
        s
        for unit in meeting_compliance(
            party.units, party.meetings, dt.date(2026, 1, 1), as_of, positions=party.positions
        )
        for s in unit.statuses
    ]
    assert (seen.meetings_due, seen.meetings_held) == (
        sum(s.due for s in statuses),
        sum(s.held for s in statuses),
    )
    assert seen.meetings_held < seen.meetings_due
    report = roll_up(Street("s1", "东城街道", (sample,)), as_of=as_of)
    assert report.figures == (seen,)
    assert f"meetings held/due {seen.meetings_held:,}/{seen.meetings_due:,}" in report.explain()
    assert "生活圈缺口 5" in report.explain("zh")


def test_a_streets_points_figures_count_what_the_ledger_holds_once():
    # A damaged book: its first award written again (the ledger holds it once) and
    # again with other points (refused).  The figures are those of the book without
    # either.
    from neighborly import sample_community
    from neighborly.points import PostingKind
    from neighborly.rules import check_community
    from neighborly.street import figures

    as_of = dt.date(2026, 12, 5)
    sample = sample_community()
    book = sample.points
    first = next(e for e in book.entries if e.posting.kind is PostingKind.AWARD)
    other = attrs.evolve(
        first, posting=attrs.evolve(first.posting, points=first.posting.points + 7)
    )
    damaged = attrs.evolve(sample, points=attrs.evolve(book, entries=(*book.entries, first, other)))
    seen = figures(sample, check_community(sample, as_of=as_of), as_of)
    again = figures(damaged, check_community(damaged, as_of=as_of), as_of)
    assert (again.points_awarded, again.points_redeemed, again.points_held) == (
        seen.points_awarded,
        seen.points_redeemed,
        seen.points_held,
    )
    assert seen.points_awarded > 0


def test_a_street_keeps_grids_above_its_communities_each_community_in_one_basic_grid():
    from neighborly.street import Officer, StreetGrid, StreetGridKind, check_street

    a, b = _volunteering("c-a"), _volunteering("c-b")
    boss = Officer("so-1", "赵主任", "街道办事处主任")
    north = StreetGrid("sg-n", "北片区", communities=("c-a",), head="so-1")
    school = StreetGrid("sg-s", "中学", StreetGridKind.DEDICATED, ("c-a", "c-b"), places=("一中",))
    street = Street("s1", "东城街道", (a, b), officers=(boss,), grids=(north, school))
    (verdict,) = check_street(street)
    assert not verdict.passed
    # the dedicated grid does not count as c-b's basic grid, and it has no head
    assert [(r.path, r.message.en) for r in verdict.reasons] == [
        ("$.communities[1]", "c-b is in 0 basic street grids"),
        ("$.grids[1].head", "street grid sg-s has no head"),
    ]
    both = StreetGrid("sg-all", "全街", communities=("c-a", "c-b"), head="so-1")
    fixed = attrs.evolve(street, grids=(north, both, attrs.evolve(school, head="so-1")))
    (verdict,) = check_street(fixed)
    assert [r.message.en for r in verdict.reasons] == [
        "c-a is in 2 basic street grids: sg-n, sg-all"
    ]
    good = attrs.evolve(fixed, grids=(attrs.evolve(both, id="sg-n"), fixed.grids[2]))
    assert check_street(good)[0].passed
    assert check_street(attrs.evolve(street, grids=())) == ()  # no grids: not judged
    report = roll_up(street, as_of=dt.date(2026, 12, 5))
    assert report.street_rules[0].rule == "street.grids"
    assert not report.passed

    with pytest.raises(InvalidInput) as excinfo:
        Street(
            "s1",
            "东城街道",
            (a,),
            officers=(boss,),
            grids=(
                StreetGrid("sg-n", "北", communities=("c-z",), head="so-9"),
                StreetGrid("sg-n", "又一个"),
            ),
        )
    assert [p.path for p in excinfo.value.problems] == [
        "$.grids[1].id",
        "$.grids[0].communities[0]",
        "$.grids[0].head",
    ]
