"""The demo's and check's sections on wishes, requests, sorting, the life circle,
elder care and parking."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import attrs

from neighborly import dumps
from neighborly._time import DEFAULT_ZONE
from neighborly.cli import main
from neighborly.parking import Allocation, Parking, ParkingPool
from neighborly.party import CoBuildingUnit, Party, Pledge

from builders import community


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(list(argv), out=out)
    return status, out.getvalue()


def test_the_demo_has_a_section_for_each_service():
    status, out = run("demo", "--as-of", "2026-11-22")
    assert status == 0
    for heading in (
        "== Micro-wishes ==",
        "== Residents' requests ==",
        "== Garbage sorting ==",
        "== 15-minute life circle ==",
        "== Elder care ==",
        "== Shared parking ==",
        "== Deliberation: the ten things ==",
        "== Registries ==",
    ):
        assert heading in out
    assert "12 wishes: submitted 1, on the wall 2, claimed 2, fulfilled 1, acknowledged 6" in out
    assert "wish-09" in out
    assert "3 open; resolved in the building" in out
    assert "cp-1: 3,281 households, 11 points needed, 12 set up" in out
    assert "gap: nobody on duty at cp-1-pt-07 on 2026-11-24 18:00-20:00 (pm)" in out
    assert "b-05: nearest kindergarten fac-kinder is 314 m on foot" in out
    assert "121 residents aged 80+ on 2026-11-22" in out
    assert "Next visits: Spring Festival 2027-02-06" in out
    assert "[PASS] parking.allocations" in out
    assert "2026 (as of 2026-11-22): 10 proposed, 5 adopted, 3 done, 1 overdue" in out
    assert "Next deliberation meeting dm-2026-12, 2026-12-03 19:00: 2 items" in out
    assert "  - mt-07 增设快递柜" in out
    assert "4 community artisans; mutual-care fund balance 1740.00 yuan" in out


def test_the_demo_sections_speak_chinese():
    status, out = run("demo", "--lang", "zh", "--as-of", "2026-11-22")
    assert status == 0
    for heading in (
        "== 微心愿 ==",
        "== 居民诉求 ==",
        "== 垃圾分类 ==",
        "== 十五分钟生活圈 ==",
        "== 为老服务 ==",
        "== 错时共享停车 ==",
        "== 协商议事：民生微十事 ==",
        "== 登记名录 ==",
    ):
        assert heading in out
    assert "提出 10 件，议定 5 件，办结 3 件，逾期 1 件" in out
    assert "80 岁以上居民 121 人" in out
    assert "下次走访：春节（2027-02-06）" in out


def test_the_demo_as_json_carries_the_services_verdicts():
    status, out = run("demo", "--json", "--as-of", "2026-11-22")
    data = json.loads(out)["services"]
    assert status == 0
    assert [v["rule"] for v in data["verdicts"]] == [
        "wishes.contact",
        "requests.overdue",
        "waste.points",
        "waste.rota",
        "services.circle",
        "care.meals",
        "parking.allocations",
        "deliberation.overdue",
        "deliberation.board",
        "deliberation.reception",
        "registries.meal_points",
    ]
    assert tuple(
        len(data["ten_things"][k]) for k in ("proposed", "adopted", "done", "overdue")
    ) == (10, 5, 3, 1)
    assert data["next_meeting"] == {"id": "dm-2026-12", "agenda": ["mt-07", "mt-08"]}
    assert data["wishes"] == {
        "submitted": 1,
        "published": 2,
        "claimed": 2,
        "fulfilled": 1,
        "acknowledged": 6,
    }
    assert data["elders"] == 121
    assert data["collection_points"][0]["needed"] == 11


def test_a_long_verdict_is_cut_to_five_reasons_with_a_count_of_the_rest():
    status, out = run("demo", "--as-of", "2028-06-01")  # past the sample's rota: every duty a gap
    assert status == 0
    assert "... and 163 more (--json lists all)" in out


def test_check_fails_a_file_whose_parking_doubles_a_space(tmp_path: Path):
    c = community(300)
    households = [h.id for h in c.households()][:2]
    at = dt.datetime(2026, 11, 21, 9, tzinfo=DEFAULT_ZONE)
    pool = ParkingPool("pk-1", "cb-1", "cb-1-p", "共享停车场", 1)
    c = attrs.evolve(
        c,
        party=Party(
            co_building=(CoBuildingUnit("cb-1", "单位", pledges=(Pledge("cb-1-p", "车位", 1),)),)
        ),
        parking=Parking(
            (pool,),
            (
                Allocation("r1", households[0], "pk-1", 1, at, at + dt.timedelta(hours=2)),
                Allocation("r2", households[1], "pk-1", 1, at, at + dt.timedelta(hours=1)),
            ),
        ),
    )
    path = tmp_path / "c.json"
    path.write_bytes(dumps(c, personal_data=True, purpose="test"))
    status, out = run("check", str(path), "--as-of", "2026-11-22")
    assert status == 1
    assert "parking.space: space 1 of pk-1 is already given to r1" in out
    fine = attrs.evolve(c, parking=attrs.evolve(c.parking, allocations=c.parking.allocations[:1]))
    path.write_bytes(dumps(fine, personal_data=True, purpose="test"))
    assert run("check", str(path), "--as-of", "2026-11-22")[0] == 0
