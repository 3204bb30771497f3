"""Party-building project funds (党建项目金): projects with budgets in fen, spendings
against them, and the rule that no project is overspent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import attrs

from neighborly._checks import (
    DATE,
    IDENT,
    OPT_TEXT,
    TEXT,
    checks,
    int_range,
)
from neighborly._model import Model
from neighborly.errors import Conflict, NotFound
from neighborly.money import yuan
from neighborly.text import Text
from neighborly.verdicts import Reason, Rule, Verdict

__all__ = [
    "FUNDS_RULE",
    "RULES",
    "FundLine",
    "Project",
    "Spending",
    "check_funds",
    "funds",
    "spend",
]


# --- Party-building project funds ---------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class Project(Model):
    """A Party-building project (党建项目) with its budget in fen."""

    id: str
    name: str
    unit: str
    budget_fen: int
    category: str | None = None

    __attrs_post_init__ = checks(
        id=IDENT, name=TEXT, unit=IDENT, budget_fen=int_range(0, 10**12), category=OPT_TEXT
    )


@attrs.frozen(eq=False, repr=False)
class Spending(Model):
    """Money spent on a project, in fen."""

    id: str
    project: str
    day: dt.date
    fen: int
    purpose: str

    __attrs_post_init__ = checks(
        id=IDENT, project=IDENT, day=DATE, fen=int_range(1, 10**12), purpose=TEXT
    )


@attrs.frozen(eq=False, repr=False)
class FundLine(Model):
    """A project's budget, what is spent and what remains, in fen."""

    project: str
    name: str
    budget_fen: int
    spent_fen: int

    @property
    def remaining_fen(self) -> int:
        return self.budget_fen - self.spent_fen


def spend(
    projects: Iterable[Project], spendings: Sequence[Spending], spending: Spending
) -> tuple[Spending, ...]:
    """``spendings`` with ``spending`` added; raises
    :class:`~neighborly.errors.Refused` (``party.funds``) when it would take the
    project over its budget, :class:`~neighborly.errors.NotFound` for an unknown
    project and :class:`~neighborly.errors.Conflict` for a repeated id."""
    budgets = {p.id: p for p in projects}
    project = budgets.get(spending.project)
    if project is None:
        raise NotFound("project", spending.project)
    if any(s.id == spending.id for s in spendings):
        raise Conflict("spending", spending.id)
    spent = sum(s.fen for s in spendings if s.project == spending.project)
    if spent + spending.fen > project.budget_fen:
        over = spent + spending.fen - project.budget_fen
        raise FUNDS_RULE.refuse(
            Text(
                f"{spending.id}: {project.name} has {yuan(project.budget_fen - spent)} yuan left of "
                f"{yuan(project.budget_fen)}; {yuan(spending.fen)} would overspend by {yuan(over)}",
                f"{spending.id}：{project.name}预算 {yuan(project.budget_fen)} 元，余 "
                f"{yuan(project.budget_fen - spent)} 元，支出 {yuan(spending.fen)} 元将超支 {yuan(over)} 元",
            ),
            str(project.budget_fen - spent),
            str(spending.fen),
        )
    return (*spendings, spending)


def funds(projects: Iterable[Project], spendings: Iterable[Spending]) -> tuple[FundLine, ...]:
    """Each project's budget, spending and remainder, in fen."""
    spent: dict[str, int] = {}
    for s in spendings:
        spent[s.project] = spent.get(s.project, 0) + s.fen
    return tuple(FundLine(p.id, p.name, p.budget_fen, spent.get(p.id, 0)) for p in projects)


FUNDS_RULE = Rule(
    "party.funds",
    Text("No project overspends its budget", "党建项目不超预算"),
    Text(
        "the project's own budget: Party-building project funds are granted per named project",
        "项目自身预算：党建项目金按具名项目拨付",
    ),
    basis="BRIEF.md Party: Party-building project funds (党建项目金) finance named service projects",
    reads=Text("the projects and their spendings", "党建项目与支出"),
    refuses=("neighborly.party.funds.spend",),
)

RULES: tuple[Rule, ...] = (FUNDS_RULE,)
"""The rules of this module, as data (see :func:`neighborly.rules.catalogue`)."""


def check_funds(projects: Sequence[Project], spendings: Iterable[Spending]) -> Verdict:
    """``party.funds``: no project has spent more than its budget."""
    problems = [
        Reason(
            f"$.party.projects[{i}]",
            Text(
                f"{line.name}: spent {yuan(line.spent_fen)} of {yuan(line.budget_fen)} yuan "
                f"({yuan(-line.remaining_fen)} over)",
                f"{line.name}：预算 {yuan(line.budget_fen)} 元，已支出 {yuan(line.spent_fen)} 元"
                f"（超支 {yuan(-line.remaining_fen)} 元）",
            ),
            str(line.budget_fen),
            str(line.spent_fen),
        )
        for i, line in enumerate(funds(projects, spendings))  # one line per project, in order
        if line.remaining_fen < 0
    ]
    return Verdict.from_reasons(
        FUNDS_RULE.code,
        FUNDS_RULE.title,
        problems,
        Reason(
            "$.party.projects",
            Text(f"{len(projects)} projects within budget", f"{len(projects)} 个项目均未超支"),
        ),
        FUNDS_RULE.source,
    )
