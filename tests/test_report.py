"""The HTML report: one self-contained file whose figures hold what the data says.

The checks here read the page's own markup (every figure names what it draws in
``data-`` attributes); tests/test_report_browser.py opens it in Chromium.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import re
from collections import Counter
from pathlib import Path

import attrs
import pytest

from neighborly import dumps
from neighborly.cli import main
from neighborly.grids import GridLevel
from neighborly.owners import roll_of, tally_vote
from neighborly.report import SECTIONS, html
from neighborly.rules import check_community
from neighborly.sample import sample_community, sample_street
from neighborly.scheduling import occurrences
from neighborly.street import roll_up

from builders import community as built_community

AS_OF = dt.date(2026, 12, 5)


@pytest.fixture(scope="module")
def sample():
    return sample_community()


@pytest.fixture(scope="module")
def page(sample) -> str:
    return html(sample, as_of=AS_OF)


def attrs_of(page: str, name: str) -> list[str]:
    return re.findall(rf'{name}="([^"]*)"', page)


def test_the_page_is_one_self_contained_document_in_its_language(sample, page):
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "<script" not in page
    assert not re.search(r'(src|href)="(https?:)?//', page)  # nothing fetched, no links out
    assert "<style>" in page
    assert "@page { size: A4" in page
    assert len(page.encode()) < 2_000_000
    assert attrs_of(page, "data-section") == list(SECTIONS)
    zh = html(sample, as_of=AS_OF, lang="zh")
    assert zh.startswith('<!DOCTYPE html>\n<html lang="zh">')
    assert "社区与网格" in zh
    assert "Noto Sans CJK SC" in page  # CJK fallbacks among the system fonts


def test_every_figure_has_a_title_and_a_description_it_is_labelled_by(page):
    figures = re.findall(r'<svg [^>]*aria-labelledby="([^"]+)"[^>]*>', page)
    assert len(figures) >= 6
    for labelled in figures:
        first, second = labelled.split()
        assert f'<title id="{first}">' in page
        assert f'<desc id="{second}">' in page
    assert page.count('role="img"') == len(figures)


def test_the_map_draws_every_building_in_its_level_3_grid_colour(sample, page):
    buildings = [b for c in sample.compounds for b in c.buildings]
    drawn = re.findall(
        r'<g data-building="([^"]+)" data-grid="([^"]*)" data-households="(\d+)" '
        r'data-flag="([^"]*)"><title>[^<]*</title><rect [^>]*fill="([^"]+)"',
        page,
    )
    assert [d[0] for d in drawn] == [b.id for b in buildings]
    index = sample.grid_index
    for building_id, grid, households, flag, fill in drawn:
        building = next(b for b in buildings if b.id == building_id)
        homes = [h.id for u in building.units for h in u.households]
        assert int(households) == len(homes)
        assert homes[0] in index.households[grid]
        assert flag == ""
        swatch = re.search(
            rf'<i class="swatch" style="background:([^"]+)"></i>{re.escape(grid)} ', page
        )
        assert swatch is not None
        assert swatch.group(1) == fill
    level3 = [g for g in sample.grids if g.level is GridLevel.BUILDING_GROUP]
    assert len({d[4] for d in drawn}) == len(level3)
    assert len(attrs_of(page, "data-grid-row")) == len(sample.grids)


def test_households_in_no_level_3_grid_or_in_two_are_marked():
    c = built_community(40, 40, 40)
    ids = [b.id for cp in c.compounds for b in cp.buildings]
    g3 = [g for g in c.grids if g.level is GridLevel.BUILDING_GROUP]
    assert g3, "the builder makes level-3 grids"
    # the first grid also takes the second building; nobody takes the third
    first = attrs.evolve(g3[0], places=(ids[0], ids[1]))
    rest = [attrs.evolve(g, places=tuple(p for p in g.places if p != ids[2])) for g in g3[1:]]
    others = [g for g in c.grids if g.level is not GridLevel.BUILDING_GROUP]
    c = attrs.evolve(c, grids=(*others, first, *rest))
    page = html(c, as_of=AS_OF)
    flags = dict(re.findall(r'data-building="([^"]+)"[^>]*data-flag="([^"]*)"', page))
    assert flags[ids[2]] == "unassigned"
    assert flags[ids[1]] in {"double", ""}
    assert "40 households in no level-3 grid" in page
    assert 'stroke-dasharray="4 2"' in page


def test_buildings_without_locations_are_laid_out_in_rows():
    c = built_community(10, 10)
    page = html(c, as_of=AS_OF)
    assert "Buildings are laid out in rows (no locations known)" in page
    assert len(attrs_of(page, "data-building")) == 2


def test_the_party_tree_draws_every_unit_and_demonstration_household(sample, page):
    party = sample.party
    units = attrs_of(page, "data-unit")
    assert sorted(units) == sorted(u.id for u in party.units)
    kinds = Counter(attrs_of(page, "data-kind"))
    assert kinds == Counter(u.kind.value for u in party.units)
    assert len(attrs_of(page, "data-demonstration")) == len(party.demonstrations)
    report = check_community(sample, as_of=AS_OF)
    owing = {r.path for r in report["party.meetings"].reasons}
    flagged = re.findall(r'data-unit="([^"]+)" data-kind="[^"]+" data-flag="meetings"', page)
    assert {f"$.party.units[{[u.id for u in party.units].index(f)}]" for f in flagged} == owing


def test_the_calendar_counts_each_days_activities(sample, page):
    start = dt.datetime(2026, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    end = dt.datetime(2027, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    found = occurrences(sample.events, start, end)
    per_day = Counter(o.starts.date().isoformat() for o in found)
    days = dict(re.findall(r'data-day="([0-9-]+)" data-count="(\d+)"', page))
    assert len(days) == 365
    assert {d: int(n) for d, n in days.items() if int(n)} == dict(per_day)
    assert len(re.findall(r'data-holiday="off"', page)) == 33  # FACTS.md §9: 2026
    swapped = re.findall(r'data-day="([0-9-]+)"[^>]*data-workday="swapped"', page)
    assert sorted(swapped) == [
        "2026-01-04",
        "2026-02-14",
        "2026-02-28",
        "2026-05-09",
        "2026-09-20",
        "2026-10-10",
    ]
    assert 'data-festival="mid_autumn"' in page


def test_the_votes_are_bars_against_their_thresholds(sample, page):
    vote = sample.votes[0]
    tallies = tally_vote(vote, roll_of(sample))
    for tally in tallies:
        bar = re.search(
            rf'data-bar="{re.escape(tally.motion)}:area-quorum" data-share="([0-9.]+)" '
            r'data-threshold="([0-9.]+)" data-met="(true|false)"',
            page,
        )
        assert bar is not None
        assert float(bar.group(1)) == pytest.approx(
            float(tally.voted_area / tally.total_area), abs=1e-4
        )
        assert float(bar.group(2)) == pytest.approx(2 / 3, abs=1e-4)
        agree = re.search(
            rf'data-bar="{re.escape(tally.motion)}:heads-agree" [^>]*data-met="(true|false)"', page
        )
        assert agree is not None
        assert (agree.group(1) == "true") is tally.passed or not tally.quorum
    # the lift's motion fell 2,830.33 m² and 18 owners short of 3/4, as its tally says
    assert re.findall(r'data-short="([^"]+)"', page) == ["2,830.33 m² short", "18 owners short"]


def test_the_points_show_the_leaderboard_stars_and_budgets(page):
    leaders = re.findall(r'data-leader="[^"]+" data-points="(\d+)"', page)
    assert len(leaders) == 10
    assert [int(p) for p in leaders] == sorted((int(p) for p in leaders), reverse=True)
    stars = dict(re.findall(r'data-stars="(\d)" data-count="(\d+)"', page))
    assert {k: int(v) for k, v in stars.items() if int(v)} == {"0": 561, "1": 35, "4": 12}
    issuers = re.findall(r'data-issuer="([^"]+)" data-issued="(\d+)" data-budget="(\d*)"', page)
    assert [i[0] for i in issuers] == ["pts-budget-2025", "pts-budget-2026"]
    shown = re.findall(r'data-leader="([^"]+)"', page)
    assert all(re.fullmatch(r"vol-r-\d+ \S\*+", who) for who in shown)  # masked names


def test_every_failing_rule_is_listed_and_linked_to_its_section(sample, page):
    report = check_community(sample, as_of=AS_OF)
    listed = attrs_of(page, "data-rule")
    assert listed == [v.rule for v in report.failed]
    for link in attrs_of(page, "data-links"):
        assert link in SECTIONS
        assert f'id="{link}"' in page
    for anchor in re.findall(r'href="#rule-([^"]+)"', page):
        assert f'id="rule-{anchor}"' in page


def test_a_street_has_a_row_per_community_and_its_volunteers_by_month():
    street = sample_street()
    page = html(street, as_of=AS_OF)
    report = roll_up(street, as_of=AS_OF)
    rows = re.findall(r'data-community="([^"]+)" data-failed="(\d+)"', page)
    assert [(c, int(n)) for c, n in rows] == [
        (row.community, len(row.failed)) for row in report.communities
    ]
    months = re.findall(r'data-month="([0-9-]+)" data-new="(\d+)"', page)
    registered = {m.key: m.new for m in report.volunteers.by_month}
    # every month of the year to the report's day, those without a registration at 0
    assert [m for m, _ in months] == [f"2026-{n:02d}" for n in range(1, 13)]
    assert [(m, int(n)) for m, n in months] == [(m, registered.get(m, 0)) for m, _ in months]
    assert sum(int(n) for _, n in months) == sum(registered.values()) > 0
    figures = re.findall(
        r'data-figures-of="([^"]+)" data-households="(\d+)" data-uncovered="(\d+)"', page
    )
    assert [(c, int(h), int(u)) for c, h, u in figures] == [
        (f.community, f.households, f.uncovered) for f in report.figures
    ]
    failing = re.findall(
        r'id="street-rule-([^"]+)" data-rule="[^"]+" data-failing="(\d+)" data-judged="(\d+)"', page
    )
    assert [(r, int(n), int(j)) for r, n, j in failing] == [
        (row.rule, len(row.failing), row.judged) for row in report.rules if row.failing
    ]
    for row in report.communities:  # each failing rule of a row links to its line
        for rule in row.failed:
            assert f'href="#street-rule-{rule}"' in page
    assert re.findall(r'data-street-rule="([^"]+)" data-passed="(true|false)"', page) == [
        (v.rule, str(v.passed).lower()) for v in report.street_rules
    ]
    for row in report.communities:  # the volunteers' bars are labelled by name
        assert f">{row.name}</text>" in page
    by_community = re.findall(
        r'data-volunteers-of="([^"]+)" data-registered="(\d+)" data-active="(\d+)"', page
    )
    assert [(c, int(r), int(a)) for c, r, a in by_community] == [
        (c.key, c.registered, c.active) for c in report.volunteers.by_community
    ]
    assert 'lang="en"' in page


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(list(argv), out=out)
    return status, out.getvalue()


def test_the_report_command_writes_a_community_or_a_street(tmp_path: Path, sample):
    out = tmp_path / "sample.html"
    status, said = run("report", "--sample", "--html", str(out), "--as-of", "2026-12-05")
    assert status == 0
    size = len(out.read_bytes())
    assert said == f"wrote {out} ({size:,} bytes): the report of community 示例社区 (c-sample)\n"
    assert out.read_text(encoding="utf-8") == html(sample, as_of=AS_OF)
    file = tmp_path / "c.json"
    file.write_bytes(dumps(sample))
    zh = tmp_path / "zh.html"
    status, said = run(
        "report", str(file), "--html", str(zh), "--lang", "zh", "--as-of", "2026-12-05"
    )
    assert status == 0
    assert said.endswith("字节）：示例社区（c-sample）的报告\n")
    assert zh.read_text(encoding="utf-8").startswith('<!DOCTYPE html>\n<html lang="zh">')
    folder = tmp_path / "street"
    folder.mkdir()
    (folder / "a.json").write_bytes(dumps(sample))
    street_out = tmp_path / "street.html"
    status, said = run(
        "report", str(folder), "--html", str(street_out), "--as-of", "2026-12-05", "--json"
    )
    data = json.loads(said)
    assert (status, data["kind"], data["of"]) == (0, "report", "street")
    assert data["bytes"] == len(street_out.read_bytes())
    assert 'data-community="c-sample"' in street_out.read_text(encoding="utf-8")
    status, said = run(
        "report", "--sample-street", "--html", str(street_out), "--as-of", "2026-12-05"
    )
    assert (status, said.split(": ", 1)[1]) == (0, "the report of street 示例街道 (s-sample)\n")


def test_the_report_command_says_what_is_wrong(tmp_path: Path, capsys):
    assert run("report", "--html", str(tmp_path / "x.html"))[0] == 2
    assert "give one of PATH..., --sample or --sample-street" in capsys.readouterr().err
    assert run("report", "--sample", "--html", str(tmp_path / "no" / "x.html"))[0] == 2
    assert "cannot write" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text('{"id": "c", "name": "x", "grids": [{"id": 1}]}', encoding="utf-8")
    status, said = run("report", str(bad), "--html", str(tmp_path / "y.html"))
    assert status == 1
    assert "$.grids[0].id" in said
    assert not (tmp_path / "y.html").exists()


def test_a_community_that_keeps_almost_nothing_still_gets_a_whole_page():
    from neighborly import Community

    bare = Community("c-bare", "空社区")
    page = html(bare, as_of=AS_OF, lang="zh")
    assert attrs_of(page, "data-section") == list(SECTIONS)
    assert "本社区没有楼栋。" in page
    assert "未记录党组织。" in page
    assert "未记录业主表决。" in page
    days = re.findall(r'data-day="[0-9-]+" data-count="(\d+)"', page)
    assert days == ["0"] * 365  # a square a day, none with an activity


def test_one_building_without_a_location_lays_them_all_out_in_rows(sample):
    compound = sample.compounds[0]
    first = attrs.evolve(compound.buildings[0], location=None)
    moved = attrs.evolve(compound, buildings=(first, *compound.buildings[1:]))
    page = html(attrs.evolve(sample, compounds=(moved,)), as_of=AS_OF)
    assert "Buildings are laid out in rows (no locations known)" in page
    assert len(attrs_of(page, "data-building")) == len(compound.buildings)
    assert len(attrs_of(page, "data-site")) == len(compound.buildings) - 1  # the circle


def test_a_year_the_holiday_calendar_lacks_is_said_not_guessed(sample):
    from neighborly.calendar import HolidayCalendar

    page = html(sample, as_of=AS_OF, calendar=HolidayCalendar(()))
    assert "The holiday calendar has no arrangement for 2026." in page
    assert 'data-holiday="off"' not in page


def test_text_from_the_file_is_escaped_wherever_it_is_shown(sample):
    hostile = '<script>alert("x")</script>'
    page = html(attrs.evolve(sample, name=hostile), as_of=AS_OF)
    assert "<script" not in page
    assert "&lt;script&gt;" in page


def test_a_folder_street_judged_file_by_file_in_processes_is_the_roll_up_in_memory(
    tmp_path: Path,
):
    from neighborly import unstructure
    from neighborly.street import Street

    folder = tmp_path / "street"
    folder.mkdir()
    communities = sample_street().communities
    for i, one in enumerate(communities):
        (folder / f"c-{i}.json").write_bytes(dumps(one))
    status, said = run("street", str(folder), "--as-of", "2026-12-05", "--json")
    data = json.loads(said)
    expected = roll_up(Street("street", "street", communities), as_of=AS_OF)
    assert data["report"] == unstructure(expected)
    assert status == 1  # the sample fails rules
    page = tmp_path / "street.html"
    run("report", str(folder), "--html", str(page), "--as-of", "2026-12-05")
    assert page.read_text(encoding="utf-8") == html(expected, as_of=AS_OF)


def test_building_markers_are_as_large_as_their_spacing_allows_without_overlapping(sample):
    from neighborly.report import _marker_width

    page = html(sample, as_of=AS_OF)
    boxes = [
        tuple(float(v) for v in found)
        for found in re.findall(
            r'data-building="[^"]+"[^>]*>.*?<rect x="([0-9.]+)" y="([0-9.]+)" '
            r'width="([0-9.]+)" height="([0-9.]+)"',
            page,
        )
    ]
    assert len(boxes) == sum(len(c.buildings) for c in sample.compounds)
    wide = {w for _, _, w, _ in boxes}
    assert len(wide) == 1
    assert 24 < wide.pop() <= 64  # the sample's spacing leaves room for more than the least
    for (ax, ay, aw, ah), (bx, by, _, _) in itertools.combinations(boxes, 2):
        assert abs(ax - bx) >= aw or abs(ay - by) >= ah  # no two overlap
    assert _marker_width([(0.0, 0.0), (0.0, 0.0)]) == 24  # one spot: as small as allowed
    assert _marker_width([(0.0, 0.0), (500.0, 0.0)]) == 64  # far apart: as large as allowed
    assert _marker_width([(float(i), 0.0) for i in range(401)]) == 24  # too many to compare


def _contrast(a: str, b: str) -> float:
    def lum(colour: str) -> float:
        def linear(c: float) -> float:
            return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (linear(int(colour[i : i + 2], 16) / 255) for i in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((lum(a), lum(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_each_buildings_number_reads_on_its_grids_colour(sample):
    # WCAG 2 AA asks 4.5:1 for text: black or white, whichever the fill needs
    page = html(sample, as_of=AS_OF)
    pairs = re.findall(
        r'data-building="[^"]+"[^>]*>.*?fill="(#[0-9A-Fa-f]{6})".*?style="fill:(#[0-9A-F]{6})"',
        page,
    )
    assert len(pairs) == sum(len(c.buildings) for c in sample.compounds)
    assert {ink for _, ink in pairs} == {"#000000", "#FFFFFF"}  # the sample needs both
    for fill, ink in pairs:
        assert _contrast(fill, ink) >= 4.5, (fill, ink)
    # and the caption reads as one language: no English full stop in the Chinese one
    assert "楼栋按实际位置绘制。红色虚线框" in html(sample, as_of=AS_OF, lang="zh")


def test_the_chinese_captions_run_their_sentences_on_without_spaces(sample):
    page = html(sample, as_of=AS_OF, lang="zh")
    captions = [
        re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<figcaption>(.*?)</figcaption>", page)
    ]
    assert len(captions) >= 6
    for caption in captions:
        assert not re.search(r"[。；] +\S", caption), caption
    assert ">见业主表决</a>" in page  # a rule's link to its figure, as one phrase
