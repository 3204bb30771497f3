"""A self-contained HTML report of a community or a street, for the people who would
rather look than read: street-office and community staff, Party secretaries and
owners' committees.

:func:`html` returns one HTML document: inline CSS and SVG, system fonts with CJK
fallbacks, no script and nothing fetched, so it opens from disk and prints on A4.
Each section draws one figure with a caption and the numbers behind it, and names
the failing rules it shows; every failing rule of
:func:`~neighborly.rules.check_community` is listed at the end, linked to the
section that shows it.  For a community:

* ``map``: the place and its grids: buildings where they stand (or laid out in rows
  where no location is known), coloured by their level-3 grid, households in no
  level-3 grid or in two marked; a table gives each grid's people;
* ``party``: the Party organisation as a tree down to the demonstration
  households, units named by a failing structure rule marked;
* ``calendar``: the year as a heat map of activities, with festivals, official
  holidays and swapped working days, double bookings and staffing shortfalls;
* ``circle``: buildings and facilities with the 5-, 10- and 15-minute rings, and the
  buildings that miss a required facility;
* ``votes``: each motion's participation and agreement, by area and by owners,
  against its thresholds;
* ``points``: the leaderboard, star levels and each issuer's budget use;
* ``rules``: every failing rule.

For a street: one row per community with its failing rules, and the volunteer
statistics by month.

Every figure carries ``data-`` attributes naming what it draws (a building's id and
grid, a unit's id and kind, a day's count), so that a test or a screen reader can
check the picture against the data.
"""

from __future__ import annotations

import datetime as dt
import html as _html
import itertools
import math
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType

import attrs

from neighborly._time import DEFAULT_ZONE
from neighborly.access import public_names
from neighborly.calendar import (
    FESTIVAL_RULES,
    Festival,
    HolidayCalendar,
    festivals,
    holiday_arrangement,
)
from neighborly.community import Community
from neighborly.errors import NotFound
from neighborly.geo import Location
from neighborly.grids import GridLevel
from neighborly.owners.votes import Tally, Threshold, Vote, roll_of, tally_vote
from neighborly.party.structure import UnitKind
from neighborly.points import AccountKind, replay
from neighborly.rules import Policies, check_community, policies_for
from neighborly.scheduling import Occurrence, occurrences, overlaps, shortfalls
from neighborly.services import Circle, CirclePolicy, kind_label, nearest, sites_of
from neighborly.street import Counts, Street, StreetReport, VolunteerStatistics, roll_up
from neighborly.text import Lang, Text, check_lang, number
from neighborly.verdicts import Report, Verdict
from neighborly.volunteering import STAR_POLICIES, StarPolicy, format_hours, standings

__all__ = ["SECTIONS", "html"]

SECTIONS: Mapping[str, Text] = MappingProxyType(
    {
        "map": Text("The place and its grids", "社区与网格"),
        "party": Text("The Party organisation", "党组织"),
        "calendar": Text("The year's activities", "全年活动"),
        "circle": Text("The 15-minute life circle", "15 分钟生活圈"),
        "votes": Text("Owners' votes", "业主表决"),
        "points": Text("Points and stars", "积分与星级"),
        "rules": Text("Failing rules", "未通过的规则"),
    }
)
"""The sections of a community's report, by anchor, in order."""

# Which section shows a rule's subject, by the rule code's prefix (longest first).
_SECTION_OF = (
    ("services.circle", "circle"),
    ("owners.tally", "votes"),
    ("grids.", "map"),
    ("party.", "party"),
    ("scheduling.", "calendar"),
    ("plan.", "calendar"),
    ("points.", "points"),
    ("volunteering.", "points"),
    ("volunteers.", "points"),
)

# Eight colours told apart by most eyes (Okabe and Ito), then four more.
PALETTE = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#999999",
    "#8DD3C7",
    "#BEBADA",
    "#FB8072",
    "#80B1D3",
)
_FLAG = "#C00000"  # a problem: dark red, legible on white
_RING = {  # the life circles, lightest outermost
    Circle.FIVE_MINUTE: "#9ECAE1",
    Circle.TEN_MINUTE: "#C6DBEF",
    Circle.FIFTEEN_MINUTE: "#EFF6FC",
}
_MARK = {  # a facility, by the circle its category is needed in
    Circle.FIVE_MINUTE: "#009E73",
    Circle.TEN_MINUTE: "#E69F00",
    Circle.FIFTEEN_MINUTE: "#CC79A7",
}
_TOP = 10
_SHOWN_REASONS = 5

_CSS = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", "PingFang SC",
  "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC",
  "WenQuanYi Micro Hei", sans-serif; color: #1a1a1a; background: #fff; margin: 0 auto;
  max-width: 960px; padding: 1rem 1.5rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.25rem; border-bottom: 2px solid #0072B2; padding-bottom: 0.2rem;
  margin-top: 2rem; }
nav ol { columns: 2; padding-left: 1.2rem; }
figure { margin: 0.5rem 0 1rem; }
figcaption { font-size: 0.9rem; color: #333; margin-top: 0.3rem; }
svg { max-width: 100%; height: auto; font-size: 11px; }
svg text { fill: #1a1a1a; }
table { border-collapse: collapse; font-size: 0.85rem; margin: 0.5rem 0; }
th, td { border: 1px solid #bbb; padding: 0.15rem 0.4rem; text-align: left; }
th { background: #eef3f8; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.key, th.key { white-space: nowrap; }
.fail { color: #C00000; font-weight: 600; }
.pass { color: #006400; }
.rules li { margin-bottom: 0.4rem; }
.legend span { display: inline-block; margin-right: 0.8rem; font-size: 0.85rem; }
.swatch { display: inline-block; width: 0.8rem; height: 0.8rem; vertical-align: middle;
  margin-right: 0.25rem; border: 1px solid #555; }
.muted { color: #555; font-size: 0.85rem; }
@media print {
  @page { size: A4; margin: 15mm; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  section { break-inside: avoid-page; }
  h2 { break-after: avoid; }
  nav { display: none; }
  a { color: inherit; text-decoration: none; }
}
"""


def _e(value: object) -> str:
    return _html.escape(str(value), quote=True)


def _t(text: Text, lang: Lang) -> str:
    return _e(text.render(lang))


def _section_of(rule: str) -> str:
    for prefix, section in _SECTION_OF:
        if rule.startswith(prefix):
            return section
    return "rules"


@attrs.frozen
class _Context:
    """What every section needs: the community, the day, the language, all verdicts."""

    community: Community
    as_of: dt.date
    lang: Lang
    policies: Policies
    calendar: HolidayCalendar | None
    report: Report

    def t(self, en: str, zh: str) -> str:
        """The text in the report's language, escaped for HTML."""
        return _e(self.raw(en, zh))

    def raw(self, en: str, zh: str) -> str:
        """The text in the report's language, as it is (to be escaped once, later)."""
        return zh if self.lang == "zh" else en

    def failing(self, section: str) -> list[Verdict]:
        return [v for v in self.report.failed if _section_of(v.rule) == section]

    def sentences(self, *written: str) -> str:
        """Sentences one after another: a space between them in English, none in
        Chinese (where a full stop ends one)."""
        return ("" if self.lang == "zh" else " ").join(written)


# --- the page ----------------------------------------------------------------------------


def html(
    subject: Community | Street | StreetReport,
    *,
    as_of: dt.date,
    lang: Lang = "en",
    policies: Policies | None = None,
    calendar: HolidayCalendar | None = None,
    stars: StarPolicy | None = None,
) -> str:
    """The report of a community or a street on ``as_of``, as one HTML document in
    ``lang`` (a street's :class:`~neighborly.street.StreetReport`, already rolled
    up, is drawn as it is).  ``policies`` judge (without them, what the community or street names,
    else the national defaults); ``calendar`` gives the holidays (the shipped years
    when None); ``stars`` rates volunteers' hours (national when None)."""
    lang = check_lang(lang)
    if isinstance(subject, StreetReport):
        return _street_page(subject, lang)
    if isinstance(subject, Street):
        report = roll_up(subject, as_of=as_of, policies=policies, calendar=calendar)
        return _street_page(report, lang)
    p = policies_for(subject, policies)
    judged = check_community(subject, as_of=as_of, policies=p, calendar=calendar)
    ctx = _Context(subject, as_of, lang, p, calendar, judged)
    sections = [
        _map_section(ctx),
        _party_section(ctx),
        _calendar_section(ctx),
        _circle_section(ctx),
        _votes_section(ctx),
        _points_section(ctx, stars or STAR_POLICIES["national"]),
        _rules_section(ctx),
    ]
    title = f"{subject.name} ({subject.id})"
    passed, total = len(judged) - len(judged.failed), len(judged)
    lead = ctx.t(
        f"As of {as_of}: {passed} of {total} rules passed, {len(judged.failed)} failed.",
        f"截至 {as_of}：{total} 条规则中 {passed} 条通过，{len(judged.failed)} 条未通过。",
    )
    nav = "".join(
        f'<li><a href="#{key}">{_t(label, lang)}</a></li>' for key, label in SECTIONS.items()
    )
    return _page(
        title,
        lang,
        f"<h1>{_e(title)}</h1><p>{lead}</p>"
        f'<nav aria-label="{ctx.t("Sections", "目录")}"><ol>{nav}</ol></nav>' + "".join(sections),
    )


def _page(title: str, lang: Lang, body: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head>"
        f"<body>{body}</body></html>\n"
    )


def _section(ctx: _Context, key: str, figure: str, caption: str, more: str = "") -> str:
    failing = ctx.failing(key)
    named = (
        "<p>"
        + ctx.t("Failing here: ", "本节未通过：")
        + ", ".join(f'<a class="fail" href="#rule-{_e(v.rule)}">{_e(v.rule)}</a>' for v in failing)
        + "</p>"
        if failing
        else ""
    )
    return (
        f'<section id="{key}" data-section="{key}"><h2>{_t(SECTIONS[key], ctx.lang)}</h2>'
        f"<figure>{figure}<figcaption>{caption}</figcaption></figure>{named}{more}</section>"
    )


def _svg(  # noqa: PLR0917 - the frame, its text alternatives, its drawing and its name
    width: int, height: int, title: str, desc: str, body: str, name: str
) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{name}-t {name}-d" '
        f'data-figure="{name}"><title id="{name}-t">{title}</title>'
        f'<desc id="{name}-d">{desc}</desc>{body}</svg>'
    )


def _drawn(  # noqa: PLR0917 - the section, its frame, its words and its shapes
    ctx: _Context,
    key: str,
    size: tuple[int, int],
    desc: str,
    parts: Sequence[str],
    legend: tuple[str, str],
) -> tuple[str, str]:
    """A section's figure, titled by the section and described by ``desc``, and its
    caption: the description and then how to read the shapes (``legend``, in English
    and Chinese)."""
    figure = _svg(*size, _t(SECTIONS[key], ctx.lang), desc, "".join(parts), f"{key}-figure")
    return figure, ctx.sentences(desc, ctx.t(*legend))


def _none(ctx: _Context, key: str, en: str, zh: str) -> str:
    return (
        f'<section id="{key}" data-section="{key}"><h2>{_t(SECTIONS[key], ctx.lang)}</h2>'
        f'<p class="muted">{ctx.t(en, zh)}</p></section>'
    )


# --- the map ---------------------------------------------------------------------------


def _projector(points: Sequence[Location], width: int, height: int, margin: int) -> _Project:
    """A projection of ``points`` into a drawing at most ``width`` by ``height``
    (its own ``height`` is what the points need at that scale)."""
    lat0 = sum(p.latitude for p in points) / len(points)
    kx = math.cos(math.radians(lat0))
    xs = [p.longitude * kx for p in points]
    ys = [-p.latitude for p in points]
    span_x = max(max(xs) - min(xs), 1e-9)
    span_y = max(max(ys) - min(ys), 1e-9)
    scale = min((width - 2 * margin) / span_x, (height - 2 * margin) / span_y)
    drawn = math.ceil(span_y * scale) + 2 * margin
    return _Project(min(xs), min(ys), kx, scale, margin, drawn)


@attrs.frozen
class _Project:
    x0: float
    y0: float
    kx: float
    scale: float
    margin: int
    height: int

    def __call__(self, where: Location) -> tuple[float, float]:
        x = (where.longitude * self.kx - self.x0) * self.scale + self.margin
        y = (-where.latitude - self.y0) * self.scale + self.margin
        return round(x, 1), round(y, 1)

    def metres(self, metres: float) -> float:
        """A distance in metres on the drawing (a degree of latitude is 111,195 m)."""
        return metres / 111_195.0 * self.scale


def _map_section(ctx: _Context) -> str:
    community = ctx.community
    buildings = [b for c in community.compounds for b in c.buildings]
    if not buildings:
        return _none(ctx, "map", "No buildings in this community.", "本社区没有楼栋。")
    level3 = [g for g in community.grids if g.level is GridLevel.BUILDING_GROUP]
    colour = {g.id: PALETTE[i % len(PALETTE)] for i, g in enumerate(level3)}
    grids_of = community.grid_index.lowest_grids()
    places = community.index
    width, height, margin = 720, 460, 40
    located = [b for b in buildings if b.location is not None]
    if len(located) == len(buildings):
        project = _projector([b.location for b in located if b.location], width, height, margin)
        height = project.height
        spots = {b.id: project(b.location) for b in located if b.location}
        layout = ctx.t("Buildings are drawn where they stand", "楼栋按实际位置绘制")
    else:
        per_row = 8
        spots = {
            b.id: (margin + (i % per_row) * 80.0, margin + (i // per_row) * 60.0)
            for i, b in enumerate(buildings)
        }
        height = margin * 2 + 60 * ((len(buildings) - 1) // per_row + 1)
        layout = ctx.t(
            "Buildings are laid out in rows (no locations known)", "楼栋按行排列（未标注位置）"
        )
    wide = _marker_width(list(spots.values()))
    high, font = wide * 0.75, max(11, round(wide / 4))
    parts: list[str] = []
    unassigned = doubled = 0
    for building in buildings:
        x, y = spots[building.id]
        households = [h.id for h in places.households_in(building.id)]
        counts = Counter(g for h in households for g in grids_of.get(h, ())[:1])
        main = counts.most_common(1)[0][0] if counts else None
        none = sum(1 for h in households if not grids_of.get(h))
        two = sum(1 for h in households if len(grids_of.get(h, ())) > 1)
        unassigned += none
        doubled += two
        flag = "unassigned" if none else "double" if two else ""
        fill = colour.get(main, "#FFFFFF") if main else "#FFFFFF"
        stroke = (
            f'stroke="{_FLAG}" stroke-width="3" stroke-dasharray="4 2"'
            if flag
            else 'stroke="#333" stroke-width="1"'
        )
        label = ctx.t(
            f"Building {building.number}: grid {main or 'none'}, {len(households)} households"
            + (f", {none} in no level-3 grid" if none else "")
            + (f", {two} in two" if two else ""),
            f"{building.number} 号楼：网格 {main or '无'}，{len(households)} 户"
            + (f"，{none} 户不在任何三级网格" if none else "")
            + (f"，{two} 户在两个网格" if two else ""),
        )
        parts.append(
            f'<g data-building="{_e(building.id)}" data-grid="{_e(main or "")}" '
            f'data-households="{len(households)}" data-flag="{flag}">'
            f"<title>{label}</title>"
            f'<rect x="{x - wide / 2:.1f}" y="{y - high / 2:.1f}" width="{wide:.1f}" '
            f'height="{high:.1f}" rx="2" fill="{fill}" {stroke}/>'
            f'<text x="{x}" y="{y + font / 3:.1f}" text-anchor="middle" font-size="{font}" '
            f'style="fill:{_ink(fill)}">{_e(building.number)}</text></g>'
        )
    desc = ctx.t(
        f"{len(buildings)} buildings coloured by their level-3 grid ({len(level3)} grids); "
        f"{unassigned} households in no level-3 grid, {doubled} in two.",
        f"{len(buildings)} 栋楼按所属三级网格着色（共 {len(level3)} 个网格）；"
        f"{unassigned} 户不在任何三级网格，{doubled} 户在两个网格。",
    )
    figure = _svg(width, height, _t(SECTIONS["map"], ctx.lang), desc, "".join(parts), "map-figure")
    legend = "".join(
        f'<span><i class="swatch" style="background:{colour[g.id]}"></i>{_e(g.id)} {_e(g.name)}</span>'
        for g in level3
    )
    caption = ctx.sentences(desc, layout + ctx.t(". ", "。")) + ctx.t(
        "A dashed red outline marks a building with a household in no level-3 grid or in two.",
        "红色虚线框表示该楼有住户不在任何三级网格或同时在两个网格。",
    )
    return _section(
        ctx, "map", figure, caption, f'<p class="legend">{legend}</p>' + _grid_table(ctx)
    )


def _ink(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` (``#RRGGBB``): the higher
    contrast ratio by WCAG 2's relative luminance."""

    def linear(channel: str) -> float:
        c = int(channel, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(fill[i : i + 2]) for i in (1, 3, 5))
    lum = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#FFFFFF"


_MARKER_SMALLEST, _MARKER_LARGEST = 24.0, 64.0
_MARKER_PAIRS = 400  # buildings up to which every pair is compared to size the markers


def _marker_width(spots: Sequence[tuple[float, float]]) -> float:
    """How wide a building's marker is drawn (its height three quarters of that): as
    wide as the buildings' spacing allows without two overlapping, from 24 to 64
    units of the drawing; 24 for more than 400 buildings, where comparing every pair
    would cost more than the drawing."""
    if len(spots) < 2 or len(spots) > _MARKER_PAIRS:
        return _MARKER_SMALLEST
    room = min(
        max(abs(ax - bx), abs(ay - by) / 0.75)
        for (ax, ay), (bx, by) in itertools.combinations(spots, 2)
    )
    return max(_MARKER_SMALLEST, min(_MARKER_LARGEST, 0.85 * room))


def _grid_table(ctx: _Context) -> str:
    community = ctx.community
    staff = {s.id: s.name for s in community.staff}
    index = community.grid_index
    rows = []
    for grid in community.grids:
        people = ", ".join(staff.get(s, s) for s in grid.staff)
        head = staff.get(grid.head, grid.head) if grid.head else "-"
        rows.append(
            f'<tr data-grid-row="{_e(grid.id)}"><td>{_e(grid.id)}</td><td>{_e(grid.name)}</td>'
            f'<td class="num">{grid.level.value}</td>'
            f'<td class="num">{number(len(index.households[grid.id]))}</td>'
            f"<td>{_e(head)}</td><td>{_e(people or '-')}</td></tr>"
        )
    columns = ctx.t(
        "grid,name,level,households,head,staff",
        "网格,名称,层级,户数,网格长,网格员",
    ).split(",")
    cells = "".join(
        f'<th class="num">{h}</th>' if i in (2, 3) else f"<th>{h}</th>"
        for i, h in enumerate(columns)
    )
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


# --- the Party tree --------------------------------------------------------------------


def _flagged_units(ctx: _Context) -> dict[str, str]:
    """The units a failing Party rule names: ``structure`` for a structure rule (size,
    committee, leaders, term), ``meetings`` for meetings owed."""
    party = ctx.community.party
    if party is None:
        return {}
    flagged: dict[str, str] = {}
    for verdict in ctx.report.failed:
        if not verdict.rule.startswith("party."):
            continue
        kind = "meetings" if verdict.rule == "party.meetings" else "structure"
        for reason in verdict.reasons:
            if reason.path.startswith("$.party.units["):
                at = reason.path[len("$.party.units[") :].split("]", 1)[0]
                if at.isdigit() and int(at) < len(party.units):
                    unit = party.units[int(at)].id
                    if flagged.get(unit) != "structure":
                        flagged[unit] = kind
    return flagged


def _tree_layout(
    children: dict[str | None, list[str]], row_h: int
) -> tuple[dict[str, float], dict[str, int], int]:
    """Each node's height and depth, leaves one under another and parents centred on
    their children, walked with a stack of its own (no recursion); a node met again
    (a cycle, which the structure rules report) is drawn once.  ``children`` is
    trimmed to the children drawn."""
    y_of: dict[str, float] = {}
    depth: dict[str, int] = {}
    leaf = 0
    stack: list[tuple[str, int, bool]] = [(r, 0, False) for r in reversed(children.get(None, []))]
    while stack:
        unit_id, level, done = stack.pop()
        if done:
            kids = children.get(unit_id, [])
            y_of[unit_id] = (y_of[kids[0]] + y_of[kids[-1]]) / 2
            continue
        if unit_id in depth:
            continue
        depth[unit_id] = level
        kids = [k for k in children.get(unit_id, []) if k not in depth]
        children[unit_id] = kids
        if kids:
            stack.append((unit_id, level, True))
            stack.extend((k, level + 1, False) for k in reversed(kids))
        else:
            y_of[unit_id] = 14 + leaf * row_h
            leaf += 1
    return y_of, depth, leaf


def _party_section(ctx: _Context) -> str:
    party = ctx.community.party
    if party is None or not party.units:
        return _none(ctx, "party", "No Party organisation recorded.", "未记录党组织。")
    units = {u.id: u for u in party.units}
    children: dict[str | None, list[str]] = {}
    for unit in party.units:
        parent = unit.parent if unit.parent in units else None
        children.setdefault(parent, []).append(unit.id)
    group_of = {m.id: m.group or m.unit for m in party.members}
    demos: Counter[str] = Counter()
    for demonstration in party.demonstrations:
        group = group_of.get(demonstration.member)
        if group is not None and group in units:
            demos[group] += 1
    row_h, col_w, box_w = 20, 175, 160
    y_of, depth, leaf = _tree_layout(children, row_h)
    flagged = _flagged_units(ctx)
    parts: list[str] = []
    for unit_id, level in depth.items():
        for kid in children.get(unit_id, []):
            x1, y1 = level * col_w + box_w, y_of[unit_id]
            x2, y2 = (level + 1) * col_w, y_of[kid]
            mid = (x1 + x2) / 2
            parts.append(
                f'<path d="M{x1},{y1} H{mid} V{y2} H{x2}" fill="none" stroke="#888" '
                'stroke-width="1"/>'
            )
    for unit_id, level in depth.items():
        unit = units[unit_id]
        x, y = level * col_w, y_of[unit_id]
        flag = flagged.get(unit_id, "")
        stroke, fill = {
            "structure": (f'stroke="{_FLAG}" stroke-width="2.5"', "#FDECEA"),
            "meetings": ('stroke="#B35900" stroke-width="2" stroke-dasharray="3 2"', "#FFF4E5"),
        }.get(flag, ('stroke="#0072B2"', "#EAF2FA"))
        name = unit.name if len(unit.name) <= 14 else unit.name[:13] + "…"
        owed = ctx.t(" - meetings owed", "，会议未开足") if flag == "meetings" else ""
        broken = (
            ctx.t(" - a structure rule fails", "，结构规则未通过") if flag == "structure" else ""
        )
        parts.append(
            f'<g data-unit="{_e(unit_id)}" data-kind="{unit.kind.value}" '
            f'data-flag="{flag}"><title>{_e(unit.name)} '
            f"({_t(unit.kind.label, ctx.lang)}){broken}{owed}</title>"
            f'<rect x="{x}" y="{y - 8}" width="{box_w}" height="16" rx="3" fill="{fill}" '
            f"{stroke}/>"
            f'<text x="{x + 4}" y="{y + 4}">{_e(name)}</text></g>'
        )
        parts.extend(
            f'<circle data-demonstration="{_e(unit_id)}" cx="{x + box_w + 8 + k * 9}" '
            f'cy="{y}" r="3.5" fill="#D55E00"><title>'
            + ctx.t("a demonstration household", "党员示范户")
            + "</title></circle>"
            for k in range(demos.get(unit_id, 0))
        )
    width = (max(depth.values(), default=0) + 1) * col_w + 60
    height = max(leaf, 1) * row_h + 10
    kinds = Counter(u.kind for u in party.units)
    summary = ", ".join(f"{k.label.render(ctx.lang)} {kinds[k]}" for k in UnitKind if kinds.get(k))
    structure = sum(1 for f in flagged.values() if f == "structure")
    meetings = len(flagged) - structure
    desc = ctx.t(
        f"{len(depth)} units ({summary}) and {sum(demos.values())} demonstration households; "
        f"{structure} units named by a failing structure rule, {meetings} owing meetings.",
        f"{len(depth)} 个组织（{summary}），党员示范户 {sum(demos.values())} 户；"
        f"{structure} 个组织未通过结构规则，{meetings} 个组织会议未开足。",
    )
    figure, caption = _drawn(
        ctx,
        "party",
        (width, height),
        desc,
        parts,
        (
            "Orange dots are demonstration households; a red box is a unit a structure rule "
            "names, a dashed brown one a unit owing meetings.",
            "橙色圆点为党员示范户；红框为结构规则点名的组织，棕色虚线框为会议未开足的组织。",
        ),
    )
    return _section(ctx, "party", figure, caption)


# --- the calendar ----------------------------------------------------------------------


@attrs.frozen
class _Year:
    """What the calendar draws of a year: activities a day, festivals, holidays and
    swapped working days (``known``: whether the holiday calendar has the year), and
    the days with a double booking or a staffing shortfall."""

    year: int
    found: tuple[Occurrence, ...]
    per_day: Counter[dt.date]
    festivals: dict[dt.date, Festival]
    off: frozenset[dt.date]
    worked: frozenset[dt.date]
    known: bool
    clashes: frozenset[dt.date]
    short: frozenset[dt.date]


def _year_of(ctx: _Context) -> _Year:
    year = ctx.as_of.year
    start = dt.datetime.combine(dt.date(year, 1, 1), dt.time(0), DEFAULT_ZONE)
    end = dt.datetime.combine(dt.date(year + 1, 1, 1), dt.time(0), DEFAULT_ZONE)
    found = tuple(occurrences(ctx.community.events, start, end, calendar=ctx.calendar))
    try:
        arrangement = holiday_arrangement(year, ctx.calendar)
    except NotFound:
        off: frozenset[dt.date] = frozenset()
        worked: frozenset[dt.date] = frozenset()
        known = False
    else:
        off = frozenset(
            p.first + dt.timedelta(days=n)
            for p in arrangement.periods
            for n in range((p.last - p.first).days + 1)
        )
        worked = frozenset(arrangement.workdays)
        known = True
    return _Year(
        year,
        found,
        Counter(o.starts.astimezone(DEFAULT_ZONE).date() for o in found),
        {day: f for f, day in festivals(year)},
        off,
        worked,
        known,
        frozenset(o.starts.astimezone(DEFAULT_ZONE).date() for o, _ in overlaps(found)),
        frozenset(
            o.starts.astimezone(DEFAULT_ZONE).date()
            for o, _, _ in shortfalls(found, ctx.community.events, ctx.community.assignments)
        ),
    )


def _day_cell(ctx: _Context, facts: _Year, day: dt.date, at: tuple[int, int], most: int) -> str:
    x, y = at
    cell = _CELL
    count = facts.per_day.get(day, 0)
    fill = f"rgba(0,114,178,{0.25 + 0.75 * count / most:.2f})" if count else "#F2F2F2"
    marks = []
    stroke = 'stroke="#fff"'
    attributes = ""
    if day in facts.off:
        stroke = 'stroke="#009E73" stroke-width="2"'
        marks.append(ctx.t("official holiday", "法定节假日"))
        attributes += ' data-holiday="off"'
    if day in facts.worked:
        stroke = 'stroke="#E69F00" stroke-width="2"'
        marks.append(ctx.t("swapped working day", "调休上班"))
        attributes += ' data-workday="swapped"'
    problem = day in facts.clashes or day in facts.short
    if day in facts.clashes:
        marks.append(ctx.t("double booking", "场地冲突"))
    if day in facts.short:
        marks.append(ctx.t("short-staffed", "人手不足"))
    festival = facts.festivals.get(day)
    if festival is not None:
        marks.append(_t(FESTIVAL_RULES[festival].name, ctx.lang))
        attributes += f' data-festival="{festival.value}"'
    label = f"{day}: " + ctx.t(f"{count} activities", f"{count} 场活动")
    if marks:
        label += " (" + ", ".join(marks) + ")"
    drawn = [
        f'<g data-day="{day}" data-count="{count}" data-flag="{"problem" if problem else ""}"'
        f"{attributes}><title>{label}</title>"
        f'<rect x="{x}" y="{y}" width="{cell - 1}" height="{cell - 1}" fill="{fill}" {stroke}/>'
    ]
    if festival is not None:
        drawn.append(f'<circle cx="{x + 6}" cy="{y + 6}" r="2" fill="#CC79A7"/>')
    if problem:
        drawn.append(
            f'<path d="M{x + 1},{y + 1} L{x + cell - 2},{y + cell - 2} M{x + cell - 2},{y + 1} '
            f'L{x + 1},{y + cell - 2}" stroke="{_FLAG}" stroke-width="1.5"/>'
        )
    drawn.append("</g>")
    return "".join(drawn)


_CELL = 13


def _calendar_section(ctx: _Context) -> str:
    facts = _year_of(ctx)
    year = facts.year
    first = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - first).days
    most = max(facts.per_day.values(), default=0) or 1
    left, top = 30, 18
    parts = []
    for n in range(days):
        day = first + dt.timedelta(days=n)
        week = (n + first.weekday()) // 7
        at = (left + week * _CELL, top + day.weekday() * _CELL)
        parts.append(_day_cell(ctx, facts, day, at, most))
    for month in range(1, 13):
        week = ((dt.date(year, month, 1) - first).days + first.weekday()) // 7
        parts.append(f'<text x="{left + week * _CELL}" y="12">{month}</text>')
    parts.extend(
        f'<text x="0" y="{top + (2 * k) * _CELL + 10}">{name}</text>'
        for k, name in enumerate(ctx.t("Mon,Wed,Fri", "一,三,五").split(","))
    )
    active = len(facts.per_day)
    found = len(facts.found)
    busiest = max(facts.per_day.values(), default=0)
    desc = ctx.t(
        f"{year}: {found} activities on {active} days (at most {busiest} a day); "
        f"{len(facts.festivals)} festivals, {len(facts.off)} days of official holidays, "
        f"{len(facts.worked)} swapped working days; {len(facts.clashes)} days with a double "
        f"booking, {len(facts.short)} with a staffing shortfall.",
        f"{year} 年：{active} 天共 {found} 场活动（单日最多 {busiest} 场）；"
        f"传统节日 {len(facts.festivals)} 个，法定节假日 {len(facts.off)} 天，"
        f"调休上班 {len(facts.worked)} 天；场地冲突 {len(facts.clashes)} 天，"
        f"人手不足 {len(facts.short)} 天。",
    )
    if not facts.known:
        desc = ctx.sentences(
            desc,
            ctx.t(
                f"The holiday calendar has no arrangement for {year}.",
                f"节假日安排缺少 {year} 年。",
            ),
        )
    figure = _svg(
        left + 54 * _CELL,
        top + 7 * _CELL + 4,
        _t(SECTIONS["calendar"], ctx.lang),
        desc,
        "".join(parts),
        "calendar-figure",
    )
    caption = ctx.sentences(
        desc,
        ctx.t(
            "Darker blue: more activities. Green outline: official holiday; orange: swapped "
            "working day; pink dot: festival; red cross: a double booking or a shortfall.",
            "蓝色越深活动越多。绿框：法定节假日；橙框：调休上班；粉点：传统节日；"
            "红叉：场地冲突或人手不足。",
        ),
    )
    return _section(ctx, "calendar", figure, caption)


# --- the life circle -------------------------------------------------------------------


def _circle_section(ctx: _Context) -> str:
    community = ctx.community
    sites = sites_of(community)
    if not sites or not community.facilities:
        return _none(
            ctx,
            "circle",
            "No buildings with locations, or no facilities, to draw the life circle.",
            "没有标注位置的楼栋或没有设施，无法绘制生活圈。",
        )
    policy: CirclePolicy = ctx.policies.circle
    required = {r.category: r.circle for r in policy.requirements}
    found = nearest(sites, community.facilities, required, policy)
    gaps: dict[str, list[str]] = {}
    for hit in found:
        limit = policy.limit_m(required[hit.category])
        if hit.walking_m is None or hit.walking_m > limit:
            gaps.setdefault(hit.site, []).append(kind_label(hit.category).render(ctx.lang))
    width, margin = 720, 30
    centre = Location(
        sum(site.location.latitude for site in sites) / len(sites),
        sum(site.location.longitude for site in sites) / len(sites),
    )
    reach = policy.limit_m(Circle.FIFTEEN_MINUTE) / policy.detour_factor / 111_195.0
    wide = reach / max(math.cos(math.radians(centre.latitude)), 1e-6)
    corners = [
        Location(
            max(-90.0, min(90.0, centre.latitude + dy)),
            max(-180.0, min(180.0, centre.longitude + dx)),
        )
        for dy, dx in ((reach, 0.0), (-reach, 0.0), (0.0, wide), (0.0, -wide))
    ]
    points = [s.location for s in sites] + [f.location for f in community.facilities] + corners
    project = _projector(points, width, 560, margin)
    height = project.height
    parts = []
    cx, cy = project(centre)
    for circle in reversed(Circle):
        radius = project.metres(policy.limit_m(circle) / policy.detour_factor)
        parts.append(
            f'<circle data-ring="{circle.value}" cx="{cx}" cy="{cy}" r="{radius:.1f}" '
            f'fill="{_RING[circle]}" fill-opacity="0.35" stroke="#0072B2" stroke-width="1"/>'
            f'<text x="{cx + radius * 0.71:.1f}" y="{cy - radius * 0.71:.1f}">'
            f"{_t(circle.label, ctx.lang)}</text>"
        )
    for facility in community.facilities:
        x, y = project(facility.location)
        label = f"{facility.name} ({kind_label(facility.category).render(ctx.lang)})"
        wanted = required.get(facility.category)
        parts.append(
            f'<g data-facility="{_e(facility.id)}" data-category="{_e(facility.category)}">'
            f"<title>{_e(label)}</title>"
            f'<path d="M{x},{y - 6} L{x + 6},{y + 5} L{x - 6},{y + 5} Z" '
            f'fill="{_MARK[wanted] if wanted else "#FFFFFF"}" stroke="#1a1a1a" stroke-width="0.8"/>'
            "</g>"
        )
    for site in sites:
        x, y = project(site.location)
        missing = gaps.get(site.id, [])
        fill = _FLAG if missing else "#333"
        label = site.id + (": " + ctx.t("misses ", "缺少 ") + ", ".join(missing) if missing else "")
        parts.append(
            f'<g data-site="{_e(site.id)}" data-gaps="{len(missing)}"><title>{_e(label)}</title>'
            f'<rect x="{x - 4}" y="{y - 4}" width="8" height="8" fill="{fill}"/></g>'
        )
    walking = ", ".join(f"{policy.limit_m(c)} m" for c in Circle)
    desc = ctx.t(
        f"{len(sites)} buildings and {len(community.facilities)} facilities; rings around the "
        f"buildings' centre at the 5-, 10- and 15-minute walks ({walking}, divided by the "
        f"detour factor {policy.detour_factor:g}); {len(gaps)} buildings miss a facility "
        "required within their circle.",
        f"{len(sites)} 栋楼、{len(community.facilities)} 处设施；以楼栋中心为圆心的圆环为 5、10、15 "
        f"分钟步行距离（{walking}，除以绕行系数 {policy.detour_factor:g}）；"
        f"{len(gaps)} 栋楼在其生活圈内缺少必需设施。",
    )
    figure, caption = _drawn(
        ctx,
        "circle",
        (width, height),
        desc,
        parts,
        (
            "Triangles are facilities, green for those needed within 5 minutes, orange within "
            "10, pink within 15, white for others; squares are buildings, red ones miss a "
            "facility.",
            "三角为设施：绿色为五分钟内应有的，橙色为十分钟，粉色为十五分钟，白色为其他；"
            "方块为楼栋，红色表示缺少设施。",
        ),
    )
    rows = "".join(
        f"<tr><td>{_e(site)}</td><td>{_e(', '.join(missing))}</td></tr>"
        for site, missing in sorted(gaps.items())
    )
    table = (
        f"<table><thead><tr><th>{ctx.t('building', '楼栋')}</th>"
        f"<th>{ctx.t('missing within its circle', '生活圈内缺少')}</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
        if rows
        else ""
    )
    return _section(ctx, "circle", figure, caption, table)


# --- votes -----------------------------------------------------------------------------


def _shortfall(
    share_of: tuple[Decimal | int, Decimal | int], threshold: Threshold, lang: Lang
) -> str:
    """How far a share falls short of its threshold, in square metres or owners (the
    least that would do for owners; for area, the gap to the threshold itself)."""
    part, whole = share_of
    if not whole or threshold.met(part, whole):
        return ""
    if isinstance(part, Decimal) or isinstance(whole, Decimal):
        short = threshold.share * Fraction(whole) - Fraction(part)
        return Text(f"{number(short)} m² short", f"差 {number(short)} 平方米").render(lang)
    missing = threshold.least(int(whole)) - int(part)
    return Text(f"{number(missing)} owners short", f"差 {number(missing)} 人").render(lang)


def _bar(  # noqa: PLR0917 - one argument per thing the bar shows
    y: float,
    label: str,
    share_of: tuple[Decimal | int, Decimal | int],
    threshold: Threshold,
    detail: str,
    name: str,
    short: str = "",
) -> str:
    width = 420
    part, whole = share_of
    share = float(Fraction(part) / Fraction(whole)) if whole else 0.0
    met = threshold.met(part, whole) if whole else False
    line = float(threshold.share) * width
    colour = "#009E73" if met else _FLAG
    return (
        f'<g data-bar="{_e(name)}" data-share="{share:.4f}" data-threshold="{float(threshold.share):.4f}" '
        f'data-met="{str(met).lower()}"><title>{_e(detail)}</title>'
        f'<text x="0" y="{y + 11}">{_e(label)}</text>'
        f'<rect x="170" y="{y}" width="{width}" height="14" fill="#EEE"/>'
        f'<rect x="170" y="{y}" width="{share * width:.1f}" height="14" fill="{colour}"/>'
        f'<line x1="{170 + line:.1f}" x2="{170 + line:.1f}" y1="{y - 3}" y2="{y + 17}" '
        'stroke="#1a1a1a" stroke-width="2"/>'
        f'<text x="{170 + width + 6}" y="{y + 11}">{share * 100:.1f}%'
        + (
            f' <tspan data-short="{_e(short)}" fill="{_FLAG}">({_e(short)})</tspan>'
            if short
            else ""
        )
        + "</text></g>"
    )


def _votes_section(ctx: _Context) -> str:
    community = ctx.community
    if not community.votes:
        return _none(ctx, "votes", "No owners' votes recorded.", "未记录业主表决。")
    roll = roll_of(community) if any(not v.roll for v in community.votes) else ()
    figures = [_vote_figure(ctx, vote, tally_vote(vote, roll)) for vote in community.votes]
    caption = ctx.t(
        "Each motion: participation must reach its threshold (the black line) by area and "
        "by owners; then agreement, as a share of those taking part.",
        "每个议题：参与表决的面积和人数须达到门槛（黑线）；同意的比例按参与表决者计算。",
    )
    return _section(ctx, "votes", "".join(figures), caption)


def _vote_figure(ctx: _Context, vote: Vote, tallies: Sequence[Tally]) -> str:
    policy = vote.policy
    motions = {m.id: m for m in vote.motions}
    parts = []
    y = 4.0
    lines = []
    for tally in tallies:
        motion = motions[tally.motion]
        agree = policy.special if motion.matter in policy.special_matters else policy.ordinary
        parts.append(
            f'<text x="0" y="{y + 12}" font-weight="bold">{_e(motion.title)} '
            f"({ctx.t('passed', '通过') if tally.passed else ctx.t('not passed', '未通过')})</text>"
        )
        y += 20
        rows: tuple[tuple[str, str, tuple[Decimal | int, Decimal | int], Threshold], ...] = (
            (
                "area-quorum",
                ctx.raw("taking part, area", "参与表决面积"),
                (tally.voted_area, tally.total_area),
                policy.quorum_area,
            ),
            (
                "heads-quorum",
                ctx.raw("taking part, owners", "参与表决人数"),
                (tally.voted_heads, tally.total_heads),
                policy.quorum_heads,
            ),
            (
                "area-agree",
                ctx.raw("agreeing, area", "同意面积"),
                (tally.agree_area, tally.voted_area),
                agree,
            ),
            (
                "heads-agree",
                ctx.raw("agreeing, owners", "同意人数"),
                (tally.agree_heads, tally.voted_heads),
                agree,
            ),
        )
        for key, label, share, threshold in rows:
            detail = (
                f"{label}: {number(share[0])} / {number(share[1])}; "
                f"{threshold.describe().render(ctx.lang)}"
            )
            short = _shortfall(share, threshold, ctx.lang)
            parts.append(_bar(y, label, share, threshold, detail, f"{tally.motion}:{key}", short))
            y += 22
        y += 8
        lines.append(tally.verdict.explain(ctx.lang))
    desc = _e(" ".join(line.replace("\n", " ") for line in lines))
    figure = _svg(760, int(y) + 4, _e(vote.title), desc, "".join(parts), f"vote-{_e(vote.id)}")
    return f"<h3>{_e(vote.title)}</h3>{figure}"


# --- points ----------------------------------------------------------------------------


def _points_section(ctx: _Context, stars: StarPolicy) -> str:
    community = ctx.community
    book = community.points
    rated = standings(community.volunteers, community.records, ctx.as_of, stars)
    if book is None and not rated:
        return _none(ctx, "points", "No points ledger or volunteers.", "没有积分台账或志愿者。")
    parts = []
    y = 4.0
    balances = replay(book).balances if book is not None else {}
    names = public_names(community)  # as the points command shows them
    shown = {v: f"{v} {name}" if name else v for v, name in names.items()}
    holder = {
        a.id: shown.get(a.holder or "", a.holder or a.id)
        for a in (book.accounts if book else ())
        if a.kind is AccountKind.VOLUNTEER
    }
    board = sorted(((balances.get(a, 0), holder[a]) for a in holder), key=lambda p: (-p[0], p[1]))[
        :_TOP
    ]
    top = max((p for p, _ in board), default=0) or 1
    parts.append(
        f'<text x="0" y="{y + 12}" font-weight="bold">{ctx.t("Leaderboard", "积分榜")}</text>'
    )
    y += 20
    for points, who in board:
        parts.append(
            f'<g data-leader="{_e(who)}" data-points="{points}"><title>{_e(who)}: {points}</title>'
            f'<text x="0" y="{y + 11}">{_e(who)}</text>'
            f'<rect x="170" y="{y}" width="{points / top * 400:.1f}" height="14" fill="#0072B2"/>'
            f'<text x="{176 + points / top * 400:.1f}" y="{y + 11}">{number(points)}</text></g>'
        )
        y += 18
    y += 10
    levels = Counter(s.stars for s in rated)
    most = max(levels.values(), default=0) or 1
    parts.append(
        f'<text x="0" y="{y + 12}" font-weight="bold">{ctx.t("Star levels", "星级分布")}</text>'
    )
    y += 20
    for level in range(len(stars.thresholds) + 1):
        count = levels.get(level, 0)
        parts.append(
            f'<g data-stars="{level}" data-count="{count}">'
            f'<text x="0" y="{y + 11}">{"★" * level or "-"}</text>'
            f'<rect x="170" y="{y}" width="{count / most * 400:.1f}" height="14" fill="#E69F00"/>'
            f'<text x="{176 + count / most * 400:.1f}" y="{y + 11}">{number(count)}</text></g>'
        )
        y += 18
    y += 10
    issuers = [a for a in (book.accounts if book else ()) if a.kind is AccountKind.ISSUER]
    if issuers:
        parts.append(
            f'<text x="0" y="{y + 12}" font-weight="bold">{ctx.t("Budget used", "预算使用")}</text>'
        )
        y += 20
    for account in issuers:
        issued = -balances.get(account.id, 0)
        budget = account.budget
        share = min(issued / budget, 1.0) if budget else 0.0
        label = f"{number(issued)} / {number(budget) if budget is not None else '∞'}"
        parts.append(
            f'<g data-issuer="{_e(account.id)}" data-issued="{issued}" data-budget="{budget or ""}">'
            f"<title>{_e(account.name or account.id)}: {label}</title>"
            f'<text x="0" y="{y + 11}">{_e(account.name or account.id)}</text>'
            f'<rect x="170" y="{y}" width="400" height="14" fill="#EEE"/>'
            f'<rect x="170" y="{y}" width="{share * 400:.1f}" height="14" fill="#009E73"/>'
            f'<text x="576" y="{y + 11}">{label}</text></g>'
        )
        y += 18
    desc = ctx.t(
        f"The top {len(board)} volunteers by points; {len(rated)} volunteers by star level "
        f"({stars.name} scale); {len(issuers)} issuers' budget use.",
        f"积分前 {len(board)} 名志愿者；{len(rated)} 名志愿者的星级分布（{stars.name} 标准）；"
        f"{len(issuers)} 个发放账户的预算使用。",
    )
    hours = sum((s.hours for s in rated), Decimal(0))
    caption = ctx.sentences(
        desc,
        ctx.t(
            f"{format_hours(hours)} approved hours in all.",
            f"已审核服务共 {format_hours(hours)} 小时。",
        ),
    )
    figure = _svg(
        680, int(y) + 4, _t(SECTIONS["points"], ctx.lang), desc, "".join(parts), "points-figure"
    )
    return _section(ctx, "points", figure, caption)


# --- the failing rules -----------------------------------------------------------------


def _reasons(verdict: Verdict, lang: Lang) -> Iterator[str]:
    shown = verdict.reasons[:_SHOWN_REASONS]
    for reason in shown:
        yield f"<li>{_e(reason.message.render(lang))} <code>{_e(reason.path)}</code></li>"
    if len(verdict.reasons) > len(shown):
        more = len(verdict.reasons) - len(shown)
        yield "<li>" + _e(Text(f"... and {more} more", f"……另有 {more} 条").render(lang)) + "</li>"


def _rules_section(ctx: _Context) -> str:
    failed = list(ctx.report.failed)
    if not failed:
        return _none(ctx, "rules", "Every rule passed.", "全部规则均已通过。")
    seen: Counter[str] = Counter()
    items = []
    for verdict in failed:
        seen[verdict.rule] += 1
        anchor = f"rule-{verdict.rule}" + (
            f"-{seen[verdict.rule]}" if seen[verdict.rule] > 1 else ""
        )
        section = _section_of(verdict.rule)
        link = (
            f' <a href="#{section}">{ctx.t("see ", "见")}{_t(SECTIONS[section], ctx.lang)}</a>'
            if section != "rules"
            else ""
        )
        source = (
            f' <span class="muted">{_t(verdict.source, ctx.lang)}</span>' if verdict.source else ""
        )
        items.append(
            f'<li id="{_e(anchor)}" data-rule="{_e(verdict.rule)}" data-links="{section}">'
            f'<span class="fail">{_e(verdict.rule)}</span> {_t(verdict.title, ctx.lang)}{link}'
            f"{source}<ul>{''.join(_reasons(verdict, ctx.lang))}</ul></li>"
        )
    body = f'<ol class="rules">{"".join(items)}</ol>'
    return (
        f'<section id="rules" data-section="rules"><h2>{_t(SECTIONS["rules"], ctx.lang)}</h2>'
        f"<p>{ctx.t(f'{len(failed)} rules failed.', f'{len(failed)} 条规则未通过。')}</p>{body}</section>"
    )


# --- a street --------------------------------------------------------------------------


def _street_page(report: StreetReport, lang: Lang) -> str:
    zh = lang == "zh"

    def t(en: str, zh_text: str) -> str:
        return _e(zh_text if zh else en)

    rows = []
    for row in report.communities:
        failing = ", ".join(
            f'<a href="#street-rule-{_e(rule)}">{_e(rule)}</a>' for rule in row.failed
        )
        rows.append(
            f'<tr data-community="{_e(row.community)}" data-failed="{len(row.failed)}">'
            f'<td class="key">{_e(row.name)}</td><td class="key">{_e(row.community)}</td>'
            f'<td class="num">{len(row.failed)} / {row.judged}</td><td>{failing or "-"}</td></tr>'
        )
    table = (
        f'<table><thead><tr><th class="key">{t("community", "社区")}</th><th class="key">id</th>'
        f'<th class="num">{t("failing", "未通过")}</th><th>{t("rules", "规则")}</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    chart = _month_chart(report.volunteers, lang)
    names = {row.community: row.name for row in report.communities}
    by_community = _community_chart(report.volunteers.by_community, names, lang)
    title = f"{report.name} ({report.street})"
    total = report.volunteers.total
    lead = t(
        f"As of {report.as_of}: {len(report.communities)} communities; "
        f"{sum(1 for r in report.communities if r.failed)} with failing rules. "
        f"Volunteers: {number(total.registered)} registered, {number(total.active)} active, "
        f"{format_hours(total.hours)} hours this year.",
        f"截至 {report.as_of}：{len(report.communities)} 个社区，"
        f"{sum(1 for r in report.communities if r.failed)} 个有未通过的规则。"
        f"志愿者：注册 {number(total.registered)} 人，活跃 {number(total.active)} 人，"
        f"本年服务 {format_hours(total.hours)} 小时。",
    )
    body = (
        f"<h1>{_e(title)}</h1><p>{lead}</p>"
        f'<section id="communities" data-section="communities"><h2>{t("Communities", "各社区")}</h2>'
        f"{table}</section>"
        + _street_figures(report, names, lang)
        + _street_rules(report, names, lang)
        + f'<section id="volunteers" data-section="volunteers"><h2>{t("Volunteers", "志愿者")}</h2>'
        f"<figure>{chart}<figcaption>"
        + t(
            "New registrations by month, this year up to the day of the report.",
            "本年截至报告日各月新注册的志愿者人数。",
        )
        + f"</figcaption></figure><figure>{by_community}<figcaption>"
        + t(
            "Each community's volunteers this year: active of those registered, and hours.",
            "本年各社区志愿者：已注册者中的活跃者及服务时长。",
        )
        + "</figcaption></figure></section>"
    )
    return _page(title, lang, body)


def _street_figures(report: StreetReport, names: Mapping[str, str], lang: Lang) -> str:
    """Each community's figures as a table: households, grid coverage, life-circle
    gaps, Party meetings held of those due, and points."""
    if not report.figures:
        return ""

    def shown(value: int | None) -> str:
        return "-" if value is None else number(value)

    def pair(part: int | None, whole: int | None) -> str:
        return "-" if part is None or whole is None else f"{number(part)} / {number(whole)}"

    rows = [
        f'<tr data-figures-of="{_e(f.community)}" data-households="{f.households}" '
        f'data-uncovered="{f.uncovered}">'
        f'<td class="key">{_e(names.get(f.community, f.community))}</td>'
        f'<td class="num">{number(f.households)}</td>'
        f'<td class="num{" fail" if f.uncovered else ""}">{number(f.uncovered)}</td>'
        f'<td class="num{" fail" if f.circle_gaps else ""}">{shown(f.circle_gaps)}</td>'
        f'<td class="num">{pair(f.meetings_held, f.meetings_due)}</td>'
        f'<td class="num">{shown(f.points_awarded)}</td>'
        f'<td class="num">{shown(f.points_redeemed)}</td>'
        f'<td class="num">{shown(f.points_held)}</td></tr>'
        for f in report.figures
    ]
    heads = [
        ("community", "社区"),
        ("households", "户数"),
        ("not in one level-3 grid", "不在唯一三级网格"),
        ("life-circle gaps", "生活圈缺口"),
        ("Party meetings held / due", "党组织会议 已开 / 应开"),
        ("points awarded", "发放积分"),
        ("redeemed", "兑换积分"),
        ("held", "结余积分"),
    ]
    numeric = ' class="num"'
    header = "".join(
        f"<th{numeric if i else ''}>{_e(zh if lang == 'zh' else en)}</th>"
        for i, (en, zh) in enumerate(heads)
    )
    caption = Text(
        "Households and shops not in exactly one level-3 grid, buildings' gaps to the "
        "15-minute life circle, the Party meetings of this year's ended periods, and "
        "points (- where a community records none).",
        "不在且仅在一个三级网格中的住户和商户、各楼到 15 分钟生活圈的缺口、本年已结束各期的"
        "党组织会议，以及积分（社区未记录者为 -）。",
    ).render(lang)
    return (
        f'<section id="figures" data-section="figures"><h2>'
        f"{_e(Text('Figures', '各项数字').render(lang))}</h2>"
        f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        f'<p class="muted">{_e(caption)}</p></section>'
    )


def _street_rules(report: StreetReport, names: Mapping[str, str], lang: Lang) -> str:
    """The rules failing anywhere, the most widely failed first, each with its title
    and the communities failing it; then the street's own rules."""
    failing = [row for row in report.rules if row.failing]
    items = "".join(
        f'<tr id="street-rule-{_e(row.rule)}" data-rule="{_e(row.rule)}" '
        f'data-failing="{len(row.failing)}" data-judged="{row.judged}">'
        f'<td class="key"><span class="fail">{_e(row.rule)}</span></td><td>{_t(row.title, lang)}</td>'
        f'<td class="num">{len(row.failing)} / {row.judged}</td>'
        f"<td>{_e(', '.join(names.get(c, c) for c in row.failing))}</td></tr>"
        for row in failing
    )
    heads = Text("rule", "规则"), Text("what it asks", "要求"), Text("failing", "未通过")
    where = Text("communities", "社区")
    table = (
        "<table><thead><tr>"
        + "".join(f"<th>{_e(h.render(lang))}</th>" for h in heads[:2])
        + f'<th class="num">{_e(heads[2].render(lang))}</th><th>{_e(where.render(lang))}</th>'
        + f"</tr></thead><tbody>{items}</tbody></table>"
        if failing
        else f"<p>{_e(Text('Every rule passed everywhere.', '各社区全部规则均已通过。').render(lang))}</p>"
    )
    own = "".join(
        f'<li data-street-rule="{_e(v.rule)}" data-passed="{str(v.passed).lower()}">'
        f'<span class="{"pass" if v.passed else "fail"}">{_e(v.rule)}</span> '
        f"{_t(v.title, lang)}<ul>{''.join(_reasons(v, lang))}</ul></li>"
        for v in report.street_rules
    )
    street = (
        f"<h3>{_e(Text('The street itself', '街道自身').render(lang))}</h3><ul>{own}</ul>"
        if own
        else ""
    )
    return (
        f'<section id="rules" data-section="rules"><h2>'
        f"{_e(Text('Rules failing', '未通过的规则').render(lang))}</h2>{table}{street}</section>"
    )


def _month_chart(volunteers: VolunteerStatistics, lang: Lang) -> str:
    """New registrations a month, as bars with their numbers: every month from the
    period's first to its last, those without any at nought."""
    found = {m.key: m.new for m in volunteers.by_month}
    keys = []
    year, month = volunteers.start.year, volunteers.start.month
    while (year, month) <= (volunteers.end.year, volunteers.end.month):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    if not keys:
        return ""
    width, height, left, bottom, top = 680, 220, 40, 30, 20
    step = (width - left - 10) / len(keys)
    most = max(found.values(), default=0) or 1
    parts = []
    for i, key in enumerate(keys):
        new = found.get(key, 0)
        h = new / most * (height - bottom - top)
        x = left + i * step
        parts.append(
            f'<g data-month="{_e(key)}" data-new="{new}">'
            f"<title>{_e(key)}: {new}</title>"
            f'<rect x="{x + 2:.1f}" y="{height - bottom - h:.1f}" width="{max(step - 4, 1):.1f}" '
            f'height="{h:.1f}" fill="#56B4E9"/>'
            f'<text x="{x + step / 2:.1f}" y="{height - bottom - h - 4:.1f}" '
            f'text-anchor="middle">{number(new)}</text>'
            f'<text x="{x + step / 2:.1f}" y="{height - 10}" text-anchor="middle">'
            f"{_e(key[2:])}</text></g>"
        )
    desc = _e(
        Text(
            f"New registrations in each of {len(keys)} months; at most {most} in a month.",
            f"{len(keys)} 个月的新注册志愿者人数；单月最多 {most} 人。",
        ).render(lang)
    )
    return _svg(width, height, desc, desc, "".join(parts), "volunteers-figure")


def _community_chart(communities: Sequence[Counts], names: Mapping[str, str], lang: Lang) -> str:
    """Each community's registered and active volunteers, as bars, with its hours;
    each labelled with its name (``names``, by id), else its id."""
    if not communities:
        return ""
    most = max(c.registered for c in communities) or 1
    parts = []
    y = 4.0
    for c in communities:
        registered = c.registered / most * 400
        active = c.active / most * 400
        hours = Text(f"{format_hours(c.hours)} h", f"{format_hours(c.hours)} 小时").render(lang)
        name = names.get(c.key, c.key)
        label = name if len(name) <= 14 else name[:13] + "…"  # the whole in the title
        parts.append(
            f'<g data-volunteers-of="{_e(c.key)}" data-registered="{c.registered}" '
            f'data-active="{c.active}"><title>{_e(name)} ({_e(c.key)}): {c.active} / '
            f"{c.registered}, {_e(hours)}</title>"
            f'<text x="0" y="{y + 11}">{_e(label)}</text>'
            f'<rect x="170" y="{y}" width="{registered:.1f}" height="14" fill="#C6DBEF"/>'
            f'<rect x="170" y="{y}" width="{active:.1f}" height="14" fill="#0072B2"/>'
            f'<text x="{176 + registered:.1f}" y="{y + 11}">{number(c.active)} / '
            f"{number(c.registered)}, {_e(hours)}</text></g>"
        )
        y += 20
    desc = _e(
        Text(
            f"{len(communities)} communities: active volunteers (dark) of those registered "
            "(light), and the hours served.",
            f"{len(communities)} 个社区：已注册志愿者（浅色）中的活跃志愿者（深色）及服务时长。",
        ).render(lang)
    )
    return _svg(800, int(y) + 4, desc, desc, "".join(parts), "communities-figure")
