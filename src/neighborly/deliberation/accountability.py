"""Carrying adopted proposals out: undertakings with milestones and progress, overdue
detection, and the yearly report of the "ten things" (民生微十事).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable

import attrs

from neighborly._checks import (
    DATE,
    IDENT,
    OPT_PROSE,
    TEXT,
    Where,
    checks,
    int_range,
    is_enum,
    opt,
    tuple_of,
)
from neighborly._model import Model
from neighborly.deliberation.proposals import Proposal, ProposalStatus
from neighborly.text import Lang, Text, check_lang
from neighborly.verdicts import Reason, Rule, Verdict

__all__ = [
    "OVERDUE_RULE",
    "RULES",
    "Milestone",
    "Progress",
    "Progressed",
    "Responsible",
    "TenThings",
    "Undertaking",
    "check_undertakings",
    "report_progress",
    "ten_things",
]


# --- accountability -------------------------------------------------------------------


class Responsible(str, enum.Enum):
    """Who carries an adopted proposal out."""

    PROPERTY_COMPANY = "property_company"
    COMMUNITY = "community"
    CO_BUILDING_UNIT = "co_building_unit"
    OWNERS_COMMITTEE = "owners_committee"
    STREET = "street"


@attrs.frozen(eq=False, repr=False)
class Milestone(Model):
    """A step of an undertaking, due on ``due``, ``done`` on a day or not yet."""

    title: str
    due: dt.date
    done: dt.date | None = None

    __attrs_post_init__ = checks(title=TEXT, due=DATE, done=opt(DATE))


@attrs.frozen(eq=False, repr=False)
class Progress(Model):
    """A dated progress report: ``percent`` done (0-100) and what happened."""

    day: dt.date
    percent: int
    note: str | None = None

    __attrs_post_init__ = checks(day=DATE, percent=int_range(0, 100), note=OPT_PROSE)


@attrs.frozen(eq=False, repr=False)
class Undertaking(Model):
    """An adopted proposal carried out (承办事项): who is responsible (a kind and the party's id
    or name), when it started and is due, its milestones and its progress reports
    (in date order, never going back)."""

    id: str
    proposal: str
    title: str
    responsible: Responsible
    party: str
    started: dt.date
    due: dt.date
    milestones: tuple[Milestone, ...] = ()
    updates: tuple[Progress, ...] = ()

    __attrs_post_init__ = checks(
        id=IDENT,
        proposal=IDENT,
        title=TEXT,
        responsible=is_enum(Responsible),
        party=TEXT,
        started=DATE,
        due=DATE,
        milestones=tuple_of(Milestone),
        updates=tuple_of(Progress),
        where=(
            Where(
                "self.started <= self.due",
                "$.due",
                Text("a day on or after started", "不早于 started 的日期"),
                shows="due",
            ),
            Where(
                "all(a.day <= b.day and a.percent <= b.percent"
                " for a, b in zip(self.updates, self.updates[1:]))",
                "$.updates",
                Text(
                    "progress reports in date order, never going back",
                    "进度按日期排列且不回退",
                ),
                shows="updates",
            ),
        ),
    )

    def percent(self, as_of: dt.date) -> int:
        """Progress as last reported on or before ``as_of`` (0 before any report)."""
        reported = [u.percent for u in self.updates if u.day <= as_of]
        return reported[-1] if reported else 0

    def finished(self, as_of: dt.date) -> bool:
        """Whether 100% was reported on or before ``as_of``."""
        return self.percent(as_of) == 100


@attrs.frozen(eq=False, repr=False)
class Progressed(Model):
    undertaking: str
    percent: int
    day: dt.date


def report_progress(
    undertaking: Undertaking, day: dt.date, percent: int, note: str | None = None
) -> tuple[Undertaking, Progressed]:
    """A new progress report.  Refused (``deliberation.progress``) when it is dated
    before the last report or reports less than it, since progress reports are a
    record, not a forecast."""
    if undertaking.updates:
        last = undertaking.updates[-1]
        if day < last.day or percent < last.percent:
            raise PROGRESS_RULE.refuse(
                Text(
                    f"{undertaking.id}: the last report ({last.day}, {last.percent}%) cannot be "
                    f"followed by {day}, {percent}%",
                    f"{undertaking.id}：上次报告为 {last.day}、{last.percent}%，不能报告 {day}、{percent}%",
                ),
                f">={last.day} and >={last.percent}%",
                f"{day}, {percent}%",
            )
    update = Progress(day, percent, note)
    return attrs.evolve(undertaking, updates=(*undertaking.updates, update)), Progressed(
        undertaking.id, percent, day
    )


OVERDUE_RULE = Rule(
    "deliberation.overdue",
    Text("Adopted proposals carried out on time", "议定事项按期落实"),
    Text("local practice: results published and followed up", "基层实践：结果公开、跟踪落实"),
    basis="BRIEF.md Services map: livelihood micro-ten-things (民生微十事) collected from residents and carried out",
    reads=Text("the undertakings and their milestones", "承诺事项与节点"),
)

PROGRESS_RULE = Rule(
    "deliberation.progress",
    Text("Progress reported in order, never backwards", "进度按时间顺序报告且不倒退"),
    Text(
        "local practice: progress reports are a record, not a forecast",
        "基层实践：进度报告是记录而非预测",
    ),
    basis="BRIEF.md Services map: livelihood micro-ten-things (民生微十事) collected from residents and carried out",
    reads=Text("the undertaking's last report", "承诺事项的上一次进度报告"),
    refuses=("neighborly.deliberation.accountability.report_progress",),
)

RULES: tuple[Rule, ...] = (OVERDUE_RULE, PROGRESS_RULE)
"""The rules of this module, as data (see :func:`neighborly.rules.catalogue`)."""


def check_undertakings(undertakings: Iterable[Undertaking], as_of: dt.date) -> Verdict:
    """Rule ``deliberation.overdue``: no milestone is past its day undone and no
    undertaking past its due day short of 100% on ``as_of``."""
    undertakings = tuple(undertakings)
    problems: list[Reason] = []
    for i, undertaking in enumerate(undertakings):
        path = f"$.undertakings[{i}]"
        for milestone in undertaking.milestones:
            if milestone.due < as_of and (milestone.done is None or milestone.done > as_of):
                late = (as_of - milestone.due).days
                problems.append(
                    Reason(
                        f"{path}.milestones",
                        Text(
                            f"{undertaking.id} ({undertaking.party}): {milestone.title} was due "
                            f"{milestone.due}, not done ({late} days late)",
                            f"{undertaking.id}（{undertaking.party}）：{milestone.title} 应于 {milestone.due} "
                            f"完成，尚未完成（逾期 {late} 天）",
                        ),
                        milestone.due.isoformat(),
                        "not done",
                    )
                )
        if undertaking.due < as_of and not undertaking.finished(as_of):
            late = (as_of - undertaking.due).days
            problems.append(
                Reason(
                    path,
                    Text(
                        f"{undertaking.id} ({undertaking.party}): due {undertaking.due}, "
                        f"{undertaking.percent(as_of)}% done ({late} days late)",
                        f"{undertaking.id}（{undertaking.party}）：应于 {undertaking.due} 完成，"
                        f"完成 {undertaking.percent(as_of)}%（逾期 {late} 天）",
                    ),
                    "100%",
                    f"{undertaking.percent(as_of)}%",
                )
            )
    return Verdict.from_reasons(
        OVERDUE_RULE.code,
        OVERDUE_RULE.title,
        problems,
        Reason(
            "$.undertakings",
            Text(
                f"{len(undertakings)} undertakings on time on {as_of}",
                f"截至 {as_of}，{len(undertakings)} 个项目均未逾期",
            ),
        ),
        OVERDUE_RULE.source,
    )


@attrs.frozen(eq=False, repr=False)
class TenThings(Model):
    """A year's "ten things" report: proposals made, adopted, done and overdue (ids)."""

    year: int
    as_of: dt.date
    proposed: tuple[str, ...]
    adopted: tuple[str, ...]
    done: tuple[str, ...]
    overdue: tuple[str, ...]

    def render(self, lang: Lang = "en") -> str:
        """One line with the four counts."""
        return Text(
            f"{self.year} (as of {self.as_of}): {len(self.proposed)} proposed, "
            f"{len(self.adopted)} adopted, {len(self.done)} done, {len(self.overdue)} overdue",
            f"{self.year} 年（截至 {self.as_of}）：提出 {len(self.proposed)} 件，议定 "
            f"{len(self.adopted)} 件，办结 {len(self.done)} 件，逾期 {len(self.overdue)} 件",
        ).render(check_lang(lang))


def ten_things(
    proposals: Iterable[Proposal], undertakings: Iterable[Undertaking], year: int, as_of: dt.date
) -> TenThings:
    """The year's report: proposals submitted in ``year``; of them, those adopted;
    their undertakings finished by ``as_of``; and those overdue then (an undertaking past its
    due day short of 100%, or a milestone past its day undone)."""
    made = [p for p in proposals if p.submitted.year == year]
    adopted = [p.id for p in made if p.status is ProposalStatus.ADOPTED]
    carried = {p.proposal: p for p in undertakings}
    done = [pid for pid in adopted if pid in carried and carried[pid].finished(as_of)]
    late = {
        pid
        for pid in adopted
        if pid in carried and not check_undertakings([carried[pid]], as_of).passed
    }
    return TenThings(
        year,
        as_of,
        tuple(p.id for p in made),
        tuple(adopted),
        tuple(done),
        tuple(pid for pid in adopted if pid in late),
    )
