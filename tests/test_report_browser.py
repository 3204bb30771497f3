"""The HTML report as a person sees it: opened from disk in a real headless Chromium,
each section photographed, and each figure's shapes counted against the data.

It needs Playwright's Python client and a Chromium on the machine (Debian's
``chromium``), as the documentation site's test does; where one is missing the test
is skipped, unless ``NEIGHBORLY_REQUIRE_BROWSER=1`` (CI sets it) makes that a failure.
With ``NEIGHBORLY_SCREENSHOTS=DIR`` the photographs are also written to DIR, which is
how the documentation's pictures of the report are made (``make screenshots``).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser import CHROMIUM, FLAGS
from neighborly.grids import GridLevel
from neighborly.report import SECTIONS, html
from neighborly.sample import sample_community
from neighborly.scheduling import occurrences

AS_OF = dt.date(2026, 12, 5)
PICTURED = ("map", "party", "calendar", "circle", "votes", "points")

pytestmark = pytest.mark.slow


def _need_browser() -> None:
    missing = None
    if importlib.util.find_spec("playwright") is None:
        missing = "playwright is not installed"
    elif CHROMIUM is None:
        missing = "no chromium on the path"
    if missing is not None:
        if os.environ.get("NEIGHBORLY_REQUIRE_BROWSER") == "1":
            pytest.fail(f"the report's browser test must run here, but {missing}")
        pytest.skip(missing)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="module")
def sample():
    return sample_community()


def _open(browser: Any, path: Path) -> tuple[Any, list[str]]:
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(path.as_uri())
    return page, asked


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_section_is_drawn_from_disk_with_nothing_fetched(browser, sample, tmp_path, lang):
    path = tmp_path / f"report-{lang}.html"
    path.write_text(html(sample, as_of=AS_OF, lang=lang), encoding="utf-8")
    page, asked = _open(browser, path)
    assert asked == [path.as_uri()]  # the page alone: no font, style or script fetched
    assert page.evaluate("document.documentElement.lang") == lang
    shots = Path(os.environ.get("NEIGHBORLY_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    for key in SECTIONS:
        section = page.locator(f"#{key}")
        box = section.bounding_box()
        assert box is not None
        assert box["width"] > 300
        assert box["height"] > 40
        if key in PICTURED:
            picture = shots / f"report-{key}.{lang}.png"
            section.screenshot(path=str(picture))
            assert picture.stat().st_size > 2_000
    for svg in page.locator("svg[role=img]").all():
        first, second = (svg.get_attribute("aria-labelledby") or "").split()
        assert (page.locator(f"#{first}").text_content() or "").strip()
        assert (page.locator(f"#{second}").text_content() or "").strip()
    page.close()


def test_the_figures_hold_what_the_data_says(browser, sample, tmp_path):
    path = tmp_path / "report.html"
    path.write_text(html(sample, as_of=AS_OF), encoding="utf-8")
    page, _ = _open(browser, path)
    # the map: one shape per building, filled with its level-3 grid's legend colour
    buildings = [b for c in sample.compounds for b in c.buildings]
    drawn = page.locator("#map [data-building]")
    assert drawn.count() == len(buildings)
    fills = page.evaluate(
        """() => [...document.querySelectorAll('#map [data-building]')].map(g =>
            [g.dataset.grid, getComputedStyle(g.querySelector('rect')).fill])"""
    )
    legend = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('#map .legend span')].map(s =>
            [s.textContent.split(' ')[0], getComputedStyle(s.querySelector('i')).backgroundColor]))"""
    )
    level3 = [g.id for g in sample.grids if g.level is GridLevel.BUILDING_GROUP]
    assert sorted(legend) == sorted(level3)
    assert all(legend[grid] == fill for grid, fill in fills)
    assert len({fill for _, fill in fills}) == len(level3)
    # the tree: a box per unit and a dot per demonstration household
    party = sample.party
    assert page.locator("#party [data-unit] rect").count() == len(party.units)
    assert page.locator("#party [data-demonstration]").count() == len(party.demonstrations)
    kinds = Counter(
        page.evaluate("""() => [...document.querySelectorAll('#party [data-unit]')]
        .map(g => g.dataset.kind)""")
    )
    assert kinds == Counter(u.kind.value for u in party.units)
    # the calendar: a square a day, those with activities as many as the days that have them
    start = dt.datetime(2026, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    found = occurrences(sample.events, start, start.replace(year=2027))
    active = len({o.starts.date() for o in found})
    assert page.locator("#calendar [data-day]").count() == 365
    assert page.locator('#calendar [data-day]:not([data-count="0"])').count() == active
    # every failing rule's link leads to a section on the page
    targets = page.evaluate(
        "() => [...document.querySelectorAll('#rules a')].map(a => a.getAttribute('href'))"
    )
    assert targets
    for target in targets:
        assert page.locator(target).count() == 1
    page.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_streets_report_shows_each_community_and_the_volunteers_by_month(browser, tmp_path, lang):
    from neighborly.sample import sample_street
    from neighborly.street import roll_up

    street = sample_street()
    path = tmp_path / f"street-{lang}.html"
    path.write_text(html(street, as_of=AS_OF, lang=lang), encoding="utf-8")
    page, asked = _open(browser, path)
    assert asked == [path.as_uri()]
    report = roll_up(street, as_of=AS_OF)
    rows = page.evaluate(
        """() => [...document.querySelectorAll('[data-community]')]
            .map(r => [r.dataset.community, Number(r.dataset.failed)])"""
    )
    assert rows == [[row.community, len(row.failed)] for row in report.communities]
    bars = page.locator("#volunteers [data-month] rect")
    assert bars.count() == 12  # every month of the year to the report's day
    assert page.locator("#figures [data-figures-of]").count() == len(report.figures)
    assert page.locator("#rules [data-failing]").count() == sum(
        1 for r in report.rules if r.failing
    )
    heights = page.evaluate(
        """() => [...document.querySelectorAll('#volunteers [data-month]')].map(g =>
            [Number(g.dataset.new), g.querySelector('rect').getBBox().height])"""
    )
    busiest = max(new for new, _ in heights)
    tallest = max(height for _, height in heights)
    assert busiest > 0
    for new, height in heights:  # each bar as tall as its month's share of the busiest
        assert height == pytest.approx(tallest * new / busiest, abs=0.2)
    assert page.locator("#volunteers [data-volunteers-of]").count() == len(
        report.volunteers.by_community
    )
    shots = Path(os.environ.get("NEIGHBORLY_SCREENSHOTS") or tmp_path)
    page.locator("#volunteers").screenshot(path=str(shots / f"report-street.{lang}.png"))
    page.close()


def test_the_report_prints_on_a4(browser, sample, tmp_path):
    path = tmp_path / "report.html"
    path.write_text(html(sample, as_of=AS_OF), encoding="utf-8")
    page, _ = _open(browser, path)
    page.emulate_media(media="print")
    assert page.locator("nav").is_hidden()  # the table of contents is for the screen
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page>>") + pdf.count(b"/Type/Page") >= 3
    page.close()
