"""What the ``demo`` and ``check`` commands say about a community's everyday services:
micro-wishes, requests, garbage sorting, the life circle, elder care and parking.

Pure functions from models to figures and text; the command does the I/O.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import attrs

from neighborly._model import Model
from neighborly._time import DEFAULT_ZONE
from neighborly.care import Elder, MealsServed, Visit, elder_roster, meals_on, next_visits
from neighborly.community import Community
from neighborly.deliberation.accountability import TenThings, ten_things
from neighborly.deliberation.meetings import DeliberationMeeting
from neighborly.money import yuan
from neighborly.requests import resolution_report
from neighborly.serialization import unstructure
from neighborly.text import Lang, Text, number
from neighborly.verdicts import Report, Verdict
from neighborly.waste import (
    PointPlan,
    StipendStatement,
    plan_points,
    stipend_statements,
)
from neighborly.wishes import WishStatus

ROTA_DAYS = 7
SHOWN_REASONS = 5


@attrs.frozen(eq=False, repr=False)
class ServicesView(Model):
    """Everything the services sections show, worked out once; a part the community
    keeps no data for is None."""

    as_of: dt.date
    wishes: tuple[tuple[WishStatus, int], ...] | None
    wishes_verdict: Verdict | None
    requests_open: int
    requests_shares: tuple[tuple[str, str], ...] | None
    requests_verdict: Verdict | None
    points_plan: tuple[PointPlan, ...] | None
    points_verdict: Verdict | None
    rota_verdict: Verdict | None
    stipend: tuple[StipendStatement, ...]
    circle_verdict: Verdict | None
    roster: tuple[Elder, ...]
    visits: tuple[Visit, ...]
    meals: tuple[MealsServed, ...]
    meals_verdict: Verdict | None
    parking_tonight: int
    parking_verdict: Verdict | None
    ten_things: TenThings | None = None
    next_meeting: DeliberationMeeting | None = None
    agenda: tuple[tuple[str, str], ...] = ()
    deliberation_verdicts: tuple[Verdict, ...] = ()
    artisans: int = 0
    fund_fen: int | None = None
    registry_verdicts: tuple[Verdict, ...] = ()

    def verdicts(self) -> tuple[Verdict, ...]:
        """Every rule that ran, in the order shown."""
        found = (
            self.wishes_verdict,
            self.requests_verdict,
            self.points_verdict,
            self.rota_verdict,
            self.circle_verdict,
            self.meals_verdict,
            self.parking_verdict,
            *self.deliberation_verdicts,
            *self.registry_verdicts,
        )
        return tuple(v for v in found if v is not None)


def _one_line(text: str) -> str:
    """Prose shown on one line of a listing: its lines joined by " / "."""
    return " / ".join(part.strip() for part in text.splitlines() if part.strip())


def _one(judged: Report, code: str) -> Verdict | None:
    return next((v for v in judged if v.rule == code), None)


def services_view(community: Community, as_of: dt.date, judged: Report) -> ServicesView:
    """The services figures of ``community`` on ``as_of``, with their verdicts taken
    from ``judged`` (the community's :func:`~neighborly.rules.check_community` report,
    so the section shows what the exit status counts, under the same policies)."""
    counts = Counter(w.status for w in community.wishes)
    shares = resolution_report(community.requests) if community.requests else None
    sorting = community.sorting
    stipend: tuple[StipendStatement, ...] = ()
    if sorting is not None:
        checked = [c.day for c in sorting.inspections if c.day <= as_of]
        if checked:
            latest = max(checked)
            stipend = stipend_statements(sorting.inspections, latest.year, latest.month)
    upcoming = next_visits(community, as_of)
    evening = dt.datetime.combine(as_of, dt.time(20), DEFAULT_ZONE)
    parking = community.parking
    record = community.deliberation
    report = None
    upcoming_meeting: DeliberationMeeting | None = None
    agenda: tuple[tuple[str, str], ...] = ()
    deliberation_verdicts: list[Verdict] = []
    if record is not None:
        report = ten_things(record.proposals, record.undertakings, as_of.year, as_of)
        coming = sorted(
            (m for m in record.meetings if m.starts.date() >= as_of), key=lambda m: m.starts
        )
        if coming:
            upcoming_meeting = coming[0]
            described = {p.id: p.description for p in record.proposals}
            agenda = tuple((item, described.get(item, item)) for item in upcoming_meeting.agenda)
        deliberation_verdicts.extend(
            v
            for v in judged
            if v.rule in {"deliberation.overdue", "deliberation.board", "deliberation.reception"}
        )
    registries = community.registries
    registry_verdicts = tuple(v for v in judged if v.rule == "registries.meal_points")
    return ServicesView(
        as_of=as_of,
        wishes=tuple((s, counts[s]) for s in WishStatus if counts[s]) if community.wishes else None,
        wishes_verdict=_one(judged, "wishes.contact"),
        requests_open=sum(1 for r in community.requests if r.resolved is None),
        requests_shares=(
            tuple((level, f"{float(share):.0%}") for level, share in shares.items())
            if shares is not None
            else None
        ),
        requests_verdict=_one(judged, "requests.overdue"),
        points_plan=plan_points(community) if sorting is not None else None,
        points_verdict=_one(judged, "waste.points"),
        rota_verdict=_one(judged, "waste.rota"),
        stipend=stipend,
        circle_verdict=_one(judged, "services.circle"),
        roster=elder_roster(community, as_of),
        visits=upcoming,
        meals=meals_on(community, as_of),
        meals_verdict=_one(judged, "care.meals"),
        parking_tonight=(
            sum(1 for a in parking.allocations if a.starts <= evening < a.ends)
            if parking is not None
            else 0
        ),
        parking_verdict=_one(judged, "parking.allocations"),
        ten_things=report,
        next_meeting=upcoming_meeting,
        agenda=agenda,
        deliberation_verdicts=tuple(deliberation_verdicts),
        artisans=len(registries.artisans) if registries is not None else 0,
        fund_fen=sum(f.balance for f in registries.funds)
        if registries is not None and registries.funds
        else None,
        registry_verdicts=registry_verdicts,
    )


def verdict_lines(verdict: Verdict, lang: Lang, limit: int = SHOWN_REASONS) -> list[str]:
    """A verdict as text with at most ``limit`` reasons and a count of the rest."""
    lines = verdict.explain(lang).splitlines()
    head = 2 if verdict.source is not None else 1
    reasons = lines[head:]
    if len(reasons) <= limit:
        return lines
    more = len(reasons) - limit
    tail = Text(
        f"  ... and {number(more)} more (--json lists all)",
        f"  ……另有 {number(more)} 条（--json 可列出全部）",
    )
    return [*lines[: head + limit], tail.render(lang)]


_STATUS = {
    WishStatus.SUBMITTED: Text("submitted", "待审核"),
    WishStatus.VERIFIED: Text("verified", "已审核"),
    WishStatus.PUBLISHED: Text("on the wall", "已发布"),
    WishStatus.CLAIMED: Text("claimed", "已认领"),
    WishStatus.FULFILLED: Text("fulfilled", "已实现"),
    WishStatus.ACKNOWLEDGED: Text("acknowledged", "已确认"),
    WishStatus.REJECTED: Text("rejected", "未通过"),
    WishStatus.WITHDRAWN: Text("withdrawn", "已撤回"),
    WishStatus.EXPIRED: Text("expired", "已过期"),
}
_LEVELS = {
    "building": Text("in the building", "楼栋内"),
    "compound": Text("in the compound", "小区内"),
    "community": Text("at the community", "社区"),
}


def sections(view: ServicesView, lang: Lang) -> list[tuple[Text, list[str]]]:
    """(heading, lines) for each part the community keeps data for."""
    found: list[tuple[Text, list[str]]] = []
    sep = "、" if lang == "zh" else ", "
    if view.wishes is not None and view.wishes_verdict is not None:
        total = sum(n for _, n in view.wishes)
        parts = sep.join(f"{_STATUS[s].render(lang)} {number(n)}" for s, n in view.wishes)
        line = Text(f"{number(total)} wishes: {parts}", f"微心愿 {number(total)} 个：{parts}")
        found.append(
            (
                Text("Micro-wishes", "微心愿"),
                [line.render(lang), *verdict_lines(view.wishes_verdict, lang)],
            )
        )
    if view.requests_shares is not None and view.requests_verdict is not None:
        shares = sep.join(f"{_LEVELS[k].render(lang)} {v}" for k, v in view.requests_shares)
        line = Text(
            f"{number(view.requests_open)} open; resolved {shares}",
            f"在办 {number(view.requests_open)} 件；办结分布：{shares}",
        )
        found.append(
            (
                Text("Residents' requests", "居民诉求"),
                [line.render(lang), *verdict_lines(view.requests_verdict, lang)],
            )
        )
    if view.points_plan is not None and view.points_verdict is not None:
        lines = [
            Text(
                f"{p.compound}: {number(p.households)} households, {p.needed} points needed, "
                f"{p.present} set up",
                f"{p.compound}：{number(p.households)} 户，需投放点 {p.needed} 个，已设 {p.present} 个",
            ).render(lang)
            for p in view.points_plan
        ]
        lines += verdict_lines(view.points_verdict, lang)
        if view.rota_verdict is not None:
            lines += verdict_lines(view.rota_verdict, lang)
        if view.stipend:
            first = view.stipend[0]
            total = sum(s.fen for s in view.stipend)
            lines.append(
                Text(
                    f"Stipend {first.year}-{first.month:02d}: {number(len(view.stipend))} "
                    f"households checked, {yuan(total)} yuan in all",
                    f"{first.year} 年 {first.month} 月分类补贴：检查 {number(len(view.stipend))} 户，"
                    f"合计 {yuan(total)} 元",
                ).render(lang)
            )
        found.append((Text("Garbage sorting", "垃圾分类"), lines))
    if view.circle_verdict is not None:
        found.append(
            (
                Text("15-minute life circle", "十五分钟生活圈"),
                verdict_lines(view.circle_verdict, lang),
            )
        )
    if view.roster or view.meals or view.meals_verdict is not None:
        alone = sum(1 for e in view.roster if e.living_alone)
        recorded = sum(1 for e in view.roster if e.age_source.value == "recorded")
        lines = [
            Text(
                f"{number(len(view.roster))} residents aged 80+ on {view.as_of} ({number(alone)} "
                f"living alone; {number(recorded)} by recorded age, no birth date)",
                f"{view.as_of} 80 岁以上居民 {number(len(view.roster))} 人（独居 {number(alone)} 人；"
                f"{number(recorded)} 人无出生日期，按登记年龄）",
            ).render(lang)
        ]
        if view.visits:
            visit = view.visits[0]
            festival = visit.festival.label.render(lang)
            lines.append(
                Text(
                    f"Next visits: {festival} {visit.last_day}, {number(len(view.visits))} "
                    f"residents from {visit.first_day}",
                    f"下次走访：{festival}（{visit.last_day}），{number(len(view.visits))} 人，"
                    f"自 {visit.first_day} 起",
                ).render(lang)
            )
        for served in view.meals:
            lines.append(
                Text(
                    f"Lunches at {served.point} today: {number(served.eat_in)} eaten in, "
                    f"{number(served.delivered)} delivered",
                    f"{served.point} 今日午餐：堂食 {number(served.eat_in)} 份，送餐 "
                    f"{number(served.delivered)} 份",
                ).render(lang)
            )
        if view.meals_verdict is not None:
            lines += verdict_lines(view.meals_verdict, lang)
        found.append((Text("Elder care", "为老服务"), lines))
    found.extend(_later_sections(view, lang))
    if view.parking_verdict is not None:
        lines = [
            Text(
                f"Shared spaces taken tonight at 20:00: {number(view.parking_tonight)}",
                f"今晚 20:00 已占用共享车位 {number(view.parking_tonight)} 个",
            ).render(lang),
            *verdict_lines(view.parking_verdict, lang),
        ]
        found.append((Text("Shared parking", "错时共享停车"), lines))
    return found


def _later_sections(view: ServicesView, lang: Lang) -> list[tuple[Text, list[str]]]:
    """The deliberation and registries sections, when the community keeps them."""
    found: list[tuple[Text, list[str]]] = []
    if view.ten_things is not None:
        lines = [view.ten_things.render(lang)]
        if view.next_meeting is not None:
            starts = view.next_meeting.starts.astimezone(DEFAULT_ZONE)
            lines.append(
                Text(
                    f"Next deliberation meeting {view.next_meeting.id}, {starts:%Y-%m-%d %H:%M}: "
                    f"{len(view.agenda)} items, {len(view.next_meeting.invited)} invited",
                    f"下次协商议事会 {view.next_meeting.id}（{starts:%Y-%m-%d %H:%M}）：议题 "
                    f"{len(view.agenda)} 项，邀请 {len(view.next_meeting.invited)} 人",
                ).render(lang)
            )
            lines.extend(f"  - {item} {_one_line(title)}" for item, title in view.agenda)
        for verdict in view.deliberation_verdicts:
            lines += verdict_lines(verdict, lang)
        found.append((Text("Deliberation: the ten things", "协商议事：民生微十事"), lines))
    if view.registry_verdicts or view.artisans or view.fund_fen is not None:
        lines = [
            Text(
                f"{number(view.artisans)} community artisans; mutual-care fund balance "
                f"{yuan(view.fund_fen or 0)} yuan",
                f"社区能人 {number(view.artisans)} 名；互助金余额 {yuan(view.fund_fen or 0)} 元",
            ).render(lang)
        ]
        for verdict in view.registry_verdicts:
            lines += verdict_lines(verdict, lang)
        found.append((Text("Registries", "登记名录"), lines))
    return found


def services_data(view: ServicesView) -> dict[str, Any]:
    """The figures and verdicts as JSON-ready data."""
    return {
        "as_of": view.as_of.isoformat(),
        "wishes": None if view.wishes is None else {s.value: n for s, n in view.wishes},
        "requests": {
            "open": view.requests_open,
            "resolved": None if view.requests_shares is None else dict(view.requests_shares),
        },
        "collection_points": unstructure(list(view.points_plan or ())),
        "stipend": unstructure(list(view.stipend)),
        "elders": len(view.roster),
        "next_visits": unstructure(list(view.visits)),
        "meals": unstructure(list(view.meals)),
        "parking_tonight": view.parking_tonight,
        "ten_things": None if view.ten_things is None else unstructure(view.ten_things),
        "next_meeting": None
        if view.next_meeting is None
        else {"id": view.next_meeting.id, "agenda": [item for item, _ in view.agenda]},
        "artisans": view.artisans,
        "fund_fen": view.fund_fen,
        "verdicts": unstructure(list(view.verdicts())),
    }
