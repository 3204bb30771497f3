"""What the ``points`` and ``demo`` commands say about a community's points and stars.

Pure functions from models to text or JSON-ready data; the command does the I/O.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

import attrs

from neighborly._model import Model
from neighborly.access import public_names
from neighborly.community import Community
from neighborly.points import AccountKind, Book, Replay, replay, verify_chain
from neighborly.serialization import unstructure
from neighborly.text import Lang, Text, number
from neighborly.verdicts import Report, Verdict
from neighborly.volunteer_admin import (
    AdminPolicy,
    CertificateDue,
    certificates_due,
    check_certificates,
    check_cover,
)
from neighborly.volunteering import (
    StarPolicy,
    StarStanding,
    check_records,
    format_hours,
    standings,
)


@attrs.frozen(eq=False, repr=False)
class Standing(Model):
    """One volunteer on the leaderboard."""

    volunteer: str
    name: str | None
    account: str | None
    points: int
    hours: Decimal
    stars: int


@attrs.frozen(eq=False, repr=False)
class PointsView(Model):
    """Everything the commands show about a community's points."""

    book: Book | None
    chain: Verdict | None
    replayed: Replay | None
    board: tuple[Standing, ...]
    stars: tuple[StarStanding, ...]
    records: Report
    due: tuple[CertificateDue, ...] = ()
    admin: Report = attrs.field(factory=lambda: Report(()))

    @property
    def passed(self) -> bool:
        chain_ok = self.chain is None or self.chain.passed
        replay_ok = self.replayed is None or not self.replayed.violations
        return chain_ok and replay_ok and self.records.passed and self.admin.passed


def points_view(
    community: Community,
    as_of: dt.date,
    policy: StarPolicy,
    admin_policy: AdminPolicy | None = None,
) -> PointsView:
    stars = standings(community.volunteers, community.records, as_of, policy)
    by_volunteer = {s.volunteer: s for s in stars}
    book = community.points
    chain = verify_chain(book) if book is not None else None
    replayed = replay(book) if book is not None else None
    accounts = {
        a.holder: a.id for a in (book.accounts if book else ()) if a.kind is AccountKind.VOLUNTEER
    }
    names = public_names(community)  # what a member of the public may see
    board = []
    for volunteer in community.volunteers:
        account = accounts.get(volunteer.id)
        points = replayed.balances.get(account, 0) if replayed and account else 0
        standing = by_volunteer[volunteer.id]
        board.append(
            Standing(
                volunteer.id,
                names[volunteer.id],
                account,
                points,
                standing.hours,
                standing.stars,
            )
        )
    board.sort(key=lambda s: (-s.points, -s.hours, s.volunteer))
    admin = community.volunteer_admin
    due: tuple[CertificateDue, ...] = ()
    checked = Report(())
    if admin is not None:
        due = certificates_due(admin, as_of, admin_policy)
        checked = Report(
            (
                check_cover(admin, community.records, admin_policy),
                check_certificates(admin, community.records, as_of, admin_policy).under(
                    "$.volunteer_admin"
                ),
            )
        )
    return PointsView(
        book,
        chain,
        replayed,
        tuple(board),
        stars,
        check_records(community.records),
        due,
        checked,
    )


def certificates_text(view: PointsView, lang: Lang) -> list[str]:
    """The certificate requests still waiting, oldest first, and the administration
    rules' verdicts."""
    if not view.admin.verdicts:
        return [
            Text(
                "No volunteer administration in this community.", "本社区没有志愿者管理记录。"
            ).render(lang)
        ]
    lines = [
        Text(
            f"Certificates due: {len(view.due)}",
            f"待出具的服务记录证明：{len(view.due)} 份",
        ).render(lang)
    ]
    for due in view.due:
        late = Text(" (overdue)", "（已逾期）").render(lang) if due.overdue else ""
        lines.append(
            Text(
                f"  {due.request}: {due.volunteer}, asked {due.requested}, due by {due.due}{late}",
                f"  {due.request}：{due.volunteer}，{due.requested} 申请，应于 {due.due} 前出具{late}",
            ).render(lang)
        )
    lines.append(view.admin.explain(lang))
    return lines


def _stars(count: int) -> str:
    return "★" * count if count else "-"


def leaderboard_text(view: PointsView, top: int, lang: Lang, policy: StarPolicy) -> list[str]:
    shown = view.board[:top]
    lines = [
        Text(
            f"Leaderboard: top {len(shown)} of {number(len(view.board))} volunteers "
            f"(stars: {policy.name})",
            f"积分榜：{number(len(view.board))} 名志愿者中的前 {len(shown)} 名（星级标准：{policy.name}）",
        ).render(lang)
    ]
    for rank, s in enumerate(shown, 1):
        who = f"{s.volunteer} {s.name}" if s.name else s.volunteer
        points = f"{number(s.points)} 分" if lang == "zh" else f"{number(s.points)} points"
        hours = f"{format_hours(s.hours)} 小时" if lang == "zh" else f"{format_hours(s.hours)} h"
        lines.append(f"  {rank:>3}. {who}  {points}  {_stars(s.stars)}  {hours}")
    counts = Counter(s.stars for s in view.stars)
    parts = [f"{_stars(level)} {number(counts[level])}" for level in sorted(counts, reverse=True)]
    lines.append(Text("Stars: ", "星级分布：").render(lang) + ", ".join(parts))
    return lines


def ledger_text(view: PointsView, lang: Lang) -> list[str]:
    if view.book is None or view.chain is None or view.replayed is None:
        return [Text("No points ledger in this community.", "本社区没有积分台账。").render(lang)]
    book, replayed = view.book, view.replayed
    lines = [view.chain.explain(lang)]
    if book.head is not None:
        lines.append(
            Text(
                f"  head {book.head} (keep a copy elsewhere)",
                f"  末端哈希 {book.head}（请另行留存）",
            ).render(lang)
        )
    lines.append(replayed.explain(lang))
    names = {a.id: a.name or a.id for a in book.accounts}
    for account in book.accounts:
        balance = replayed.balances.get(account.id, 0)
        if account.kind is AccountKind.ISSUER:
            budget = f"{number(account.budget)}" if account.budget is not None else "∞"
            lines.append(
                Text(
                    f"  issuer {account.id} ({names[account.id]}): issued {number(-balance)} of {budget}",
                    f"  发放账户 {account.id}（{names[account.id]}）：已发放 {number(-balance)} / {budget}",
                ).render(lang)
            )
        elif account.kind is AccountKind.SINK:
            lines.append(
                Text(
                    f"  sink {account.id} ({names[account.id]}): {number(balance)}",
                    f"  去向账户 {account.id}（{names[account.id]}）：{number(balance)}",
                ).render(lang)
            )
    for item in book.catalogue:
        left = replayed.stock.get(item.id)
        stock = Text("unlimited", "不限").render(lang) if left is None else number(left)
        lines.append(
            Text(
                f"  item {item.id} {item.name}: {number(item.cost)} points, {stock} left",
                f"  物品 {item.id} {item.name}：{number(item.cost)} 分，库存 {stock}",
            ).render(lang)
        )
    return lines


def points_data(view: PointsView, top: int) -> dict[str, Any]:
    counts = Counter(s.stars for s in view.stars)
    return {
        "head": view.book.head if view.book else None,
        "chain": unstructure(view.chain) if view.chain else None,
        "replay": unstructure(view.replayed) if view.replayed else None,
        "leaderboard": unstructure(list(view.board[:top])),
        "stars": {str(level): counts[level] for level in sorted(counts)},
        "records": unstructure(view.records),
        "certificates_due": unstructure(list(view.due)),
        "administration": unstructure(view.admin),
    }
