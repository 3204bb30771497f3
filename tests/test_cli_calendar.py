"""The calendar command, and the events that ``demo`` and ``check`` show."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import attrs
import pytest

from neighborly import dumps
from neighborly._time import DEFAULT_ZONE
from neighborly.calendar import festivals, holiday_arrangement
from neighborly.cli import main
from neighborly.recurrence import OnHoliday, Recurrence
from neighborly.scheduling import Event, Venue

from builders import community


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(list(argv), out=out)
    return status, out.getvalue()


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=DEFAULT_ZONE)


def planned(**changes: object) -> object:
    """The test community with a hall, a weekly service and a lecture that clashes with it."""
    saturday = at(2026, 1, 3, 9)
    calendar: dict[str, object] = {
        "venues": (Venue("v-hall", "活动室", 60),),
        "events": (
            Event(
                id="e-service",
                title="周六服务",
                venue="v-hall",
                starts=saturday,
                ends=saturday + dt.timedelta(hours=2),
                recurrence=Recurrence(saturday, rule="FREQ=WEEKLY;BYDAY=SA"),
                expected=20,
            ),
            Event(
                id="e-lecture",
                title="党课",
                venue="v-hall",
                starts=at(2026, 12, 5, 10),
                ends=at(2026, 12, 5, 12),
            ),
        ),
    }
    calendar.update(changes)
    return attrs.evolve(community(300, 400), **calendar)


def write(tmp_path: Path, value: object, name: str = "community.json") -> Path:
    path = tmp_path / name
    path.write_bytes(dumps(value))
    return path


# --- the official year ---------------------------------------------------------------


def test_calendar_lists_festivals_holidays_and_swapped_working_days():
    status, out = run("calendar", "--year", "2026")
    assert status == 0
    assert out.startswith("== Calendar 2026 ==\nFestivals and commemorations\n")
    assert "  2026-01-26 Mon  Laba Festival · lunar 12-8\n" in out
    # New Year's Eve 2026 is lunar 12-29: that month has no 30th
    assert "  2026-02-16 Mon  New Year's Eve · lunar 12-29\n" in out
    assert "  2026-12-22 Tue  Winter Solstice\n" in out
    for period in holiday_arrangement(2026).periods:
        assert f"  {period.first} to {period.last}  {period.name.en}," in out
    assert "  2026-02-15 to 2026-02-23  Spring Festival, 9 days off\n" in out
    for day in holiday_arrangement(2026).workdays:
        assert f"  {day.isoformat()} " in out
    lines = out.splitlines()
    festival_lines = lines[2 : lines.index("")]
    assert len(festival_lines) == len(festivals(2026))


def test_calendar_speaks_chinese():
    status, out = run("calendar", "--year", "2026", "--lang", "zh")
    assert status == 0
    assert "  2026-01-26 周一  腊八节 · 农历腊月初八\n" in out
    assert "  2026-02-15 至 2026-02-23  春节，放假 9 天\n" in out
    assert "调休上班日\n  2026-01-04 周日\n" in out


def test_a_year_without_a_published_arrangement_says_so_and_guesses_nothing():
    status, out = run("calendar", "--year", "2027")
    assert status == 0
    assert "Spring Festival" in out
    assert "No official holiday arrangement for 2027 is known" in out
    assert "Official holidays" not in out
    assert "Weekend days worked" not in out
    data = json.loads(run("calendar", "--year", "2027", "--json")[1])
    assert data["holidays"] is None


def test_little_new_year_follows_the_local_choice():
    _, north = run("calendar", "--year", "2026")
    _, south = run("calendar", "--year", "2026", "--little-new-year", "24")
    assert "2026-02-10 Tue  Little New Year · lunar 12-23" in north
    assert "2026-02-11 Wed  Little New Year · lunar 12-24" in south


def test_calendar_as_json_carries_the_same_days():
    status, out = run("calendar", "--year", "2026", "--json")
    data = json.loads(out)
    assert status == 0
    assert data["year"] == 2026
    assert [(f["festival"], f["date"]) for f in data["festivals"]] == [
        (festival.value, day.isoformat()) for festival, day in festivals(2026)
    ]
    laba = data["festivals"][1]
    assert laba["lunar"] == {"year": 2025, "month": 12, "day": 8, "leap": False}
    assert data["holidays"]["workdays"] == [
        d.isoformat() for d in holiday_arrangement(2026).workdays
    ]
    assert data["events"] is None
    assert data["ics"] is None


@pytest.mark.parametrize("year", ["1900", "2101", "twenty"])
def test_a_year_outside_the_tables_is_a_usage_error(year: str, capsys):
    assert main(["calendar", "--year", year]) == 2
    err = capsys.readouterr().err
    assert f"argument --year: expected a year from 1901 to 2100, such as 2026; got '{year}'" in err


def test_community_and_sample_cannot_both_be_given(tmp_path: Path, capsys):
    assert main(["calendar", "--sample", str(tmp_path / "c.json")]) == 2
    assert main(["calendar", "--sample", "--community", str(tmp_path / "c.json")]) == 2
    assert capsys.readouterr().err.count("give a FILE or --sample, not both") == 2


# --- a community's events ------------------------------------------------------------


def test_calendar_with_a_community_adds_its_events_and_the_rules(tmp_path: Path):
    path = write(tmp_path, planned())
    status, out = run("calendar", "--year", "2026", str(path))
    assert status == 1
    assert "Events from 2026-01-01 to 2026-12-31: 53 occurrences of 2 events" in out
    assert "  党课 (e-lecture) · 活动室 · 10:00-12:00 · 1 time: 2026-12-05" in out
    assert (
        "  周六服务 (e-service) · 活动室 · 09:00-11:00 · 52 times, 2026-01-03 to 2026-12-26" in out
    )
    assert "[FAIL] scheduling.double_booking" in out
    assert "e-lecture (2026-12-05 10:00-12:00) overlaps e-service" in out
    # the annual plan is judged too: 53 activities and no festival covered
    assert "[FAIL] plan.activities" in out
    assert "[FAIL] plan.festivals" in out


def test_calendar_of_a_community_as_json(tmp_path: Path):
    path = write(tmp_path, planned())
    status, out = run("calendar", "--year", "2026", str(path), "--json")
    data = json.loads(out)
    assert status == 1
    events = data["events"]
    assert events["community"] == {"id": "c1", "name": "测试社区"}
    assert len(events["occurrences"]) == 53
    first = events["occurrences"][0]
    assert first == {
        "venue": "v-hall",
        "starts": "2026-01-03T09:00:00+08:00[Asia/Shanghai]",
        "ends": "2026-01-03T11:00:00+08:00[Asia/Shanghai]",
        "event": "e-service",
        "title": "周六服务",
    }
    failed = [v["rule"] for v in events["report"]["verdicts"] if not v["passed"]]
    assert failed == ["scheduling.double_booking", "plan.activities", "plan.festivals"]


def test_a_clean_calendar_exits_0(tmp_path: Path):
    path = write(tmp_path, planned(events=planned().events[:1]))
    status, out = run("calendar", "--year", "2026", str(path))
    assert "[PASS] scheduling.double_booking" in out
    # one weekly service is still short of the plan's 60 activities and its festivals
    assert status == 1
    status, out = run("calendar", "--year", "2027", "--sample")
    assert status == 1  # the sample's clashes are deliberate (see the sample's docs)
    assert "[PASS] plan.festivals" in out


def test_a_broken_community_file_is_reported_not_crashed(tmp_path: Path):
    path = tmp_path / "c.json"
    path.write_text(
        '{"id": "c1", "name": "x", "events": [{"id": "e1", "title": "t", "venue": "nowhere",'
        ' "starts": "2026-01-01T09:00:00+08:00", "ends": "2026-01-01T08:00:00+08:00"}]}',
        encoding="utf-8",
    )
    status, out = run("calendar", "--year", "2026", str(path))
    assert status == 1
    assert "$.events[0].ends" in out
    status, out = run("calendar", str(path), "--json")
    assert json.loads(out)["valid"] is False


def test_an_unpublished_year_in_a_holiday_aware_rule_is_an_error_not_a_guess(
    tmp_path: Path, capsys
):
    saturday = at(2026, 1, 3, 9)
    skipping = Event(
        id="e-service",
        title="周六服务",
        venue="v-hall",
        starts=saturday,
        ends=saturday + dt.timedelta(hours=2),
        recurrence=Recurrence(
            saturday, rule="FREQ=WEEKLY;BYDAY=SA", on_holiday=OnHoliday.SKIP_HOLIDAYS
        ),
    )
    path = write(tmp_path, planned(events=(skipping,)))
    assert run("calendar", "--year", "2026", str(path))[0] == 1
    capsys.readouterr()
    status, out = run("calendar", "--year", "2027", str(path))
    err = capsys.readouterr().err
    assert status == 1
    assert out == ""
    assert "no holiday arrangement with id '2027'" in err
    assert "Traceback" not in err


# --- iCalendar -----------------------------------------------------------------------


def test_ics_writes_the_year_and_the_communitys_events(tmp_path: Path):
    icalendar = pytest.importorskip("icalendar")
    path = write(tmp_path, planned())
    ics = tmp_path / "out.ics"
    status, out = run("calendar", "--year", "2026", str(path), "--ics", str(ics))
    assert status == 1  # the clash is still reported; the file is written anyway
    assert f"wrote {ics}" in out
    parsed = icalendar.Calendar.from_ical(ics.read_bytes())
    uids = {str(c.get("uid")) for c in parsed.walk("VEVENT")}
    assert {"e-service@c1", "e-lecture@c1", "spring_festival-2026-02-17@c1"} <= uids
    assert "workday-2026-02-14@c1" in uids
    data = json.loads(run("calendar", "--year", "2026", "--ics", str(ics), "--json")[1])
    assert data["ics"] == str(ics)


def test_ics_to_a_place_that_cannot_be_written_is_a_usage_error(tmp_path: Path, capsys):
    pytest.importorskip("icalendar")
    status, _ = run("calendar", "--ics", str(tmp_path / "no" / "such" / "dir.ics"))
    assert status == 2
    assert "cannot write" in capsys.readouterr().err


# --- demo and check ------------------------------------------------------------------


def test_demo_shows_the_next_60_days_of_events_and_their_conflicts():
    status, out = run("demo", "--as-of", "2026-11-22")
    assert status == 0
    assert "Events from 2026-11-22 to 2027-01-20: 98 occurrences of 8 events" in out
    assert (
        "冬至包饺子 (e-winter-solstice) · 党群服务中心多功能厅 · 10:00-12:00 · 1 time: 2026-12-22"
        in out
    )
    assert "e-party-day (2026-12-04 14:30-16:30) overlaps e-health-talk" in out
    assert "e-winter-solstice (2026-12-22 10:00-12:00) needs 4 志愿者, has 3 (1 short)" in out
    assert "is on e-volunteer-day (2026-12-05 09:00-11:00) and e-saturday-service" in out


def test_demo_events_in_chinese_and_as_json():
    _, out = run("demo", "--as-of", "2026-11-22", "--lang", "zh")
    assert "2026-11-22 至 2027-01-20 的活动：8 项，共 98 场" in out
    assert "[未通过] scheduling.double_booking" in out
    data = json.loads(run("demo", "--as-of", "2026-11-22", "--json")[1])
    assert len(data["events"]["occurrences"]) == 98
    verdicts = {v["rule"]: v["passed"] for v in data["events"]["report"]["verdicts"]}
    assert verdicts == {
        "scheduling.double_booking": False,
        "scheduling.capacity": True,
        "scheduling.opening_hours": True,
        "scheduling.sound": True,
        "scheduling.staffing": False,
        "scheduling.shifts": False,
    }


def test_check_looks_at_the_next_60_days_of_a_community_with_events(tmp_path: Path):
    path = write(tmp_path, planned())
    status, out = run("check", str(path), "--as-of", "2026-11-22")
    assert status == 1
    assert out.startswith(f"{path}: valid, but ")
    assert "rules failed\n" in out.splitlines(keepends=True)[0]
    assert "Events from 2026-11-22 to 2027-01-20: 9 occurrences of 2 events" in out
    assert "[FAIL] scheduling.double_booking" in out
    # the year's plan is judged too: 53 activities and no festival fall short of the
    # national defaults, so a plan this community keeps is given as its policy
    status, out = run("check", str(path), "--as-of", "2026-12-06")
    assert status == 1
    assert "[FAIL] plan.activities" in out
    assert "53 activities planned, 60 wanted (7 short)" in out
    policy = tmp_path / "plan.toml"
    policy.write_text("[plan]\nmin_activities = 53\nfestivals = []\n", encoding="utf-8")
    status, out = run("check", str(path), "--as-of", "2026-12-06", "--policy", str(policy))
    assert status == 0
    assert "[PASS] scheduling.double_booking" in out
    assert "[PASS] plan.activities" in out
    data = json.loads(
        run("check", str(path), "--as-of", "2026-12-06", "--policy", str(policy), "--json")[1]
    )
    assert (data["valid"], data["passed"]) == (True, True)
    assert len(data["events"]["occurrences"]) == 8


def test_check_of_a_community_without_events_says_nothing_about_them(tmp_path: Path):
    path = write(tmp_path, community(300, 400))
    status, out = run("check", str(path), "--as-of", "2026-11-22")
    assert status == 0
    assert "scheduling." not in out
    assert json.loads(run("check", str(path), "--json")[1])["events"] is None


def test_calendar_lists_a_year_the_user_adds_and_moves_events_by_it(tmp_path: Path):
    holidays = tmp_path / "holidays-2027.json"
    holidays.write_text(
        json.dumps(
            {
                "arrangements": [
                    {
                        "year": 2027,
                        "periods": [
                            {
                                "name": {"en": "New Year's Day", "zh": "元旦"},
                                "first": "2027-01-01",
                                "last": "2027-01-03",
                            }
                        ],
                        "workdays": ["2027-01-09"],
                        "source": {"en": "made up for the test", "zh": "测试虚构"},
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    status, out = run("calendar", "--year", "2027")
    assert status == 0
    assert "No official holiday arrangement for 2027" in out
    status, out = run("calendar", "--year", "2027", "--holidays", str(holidays))
    assert status == 0
    assert "2027-01-01 to 2027-01-03  New Year's Day, 3 days off" in out
    assert "2027-01-09" in out
    status, out = run("calendar", "--year", "2027", "--holidays", str(holidays), "--json")
    data = json.loads(out)
    assert data["holidays"]["year"] == 2027
