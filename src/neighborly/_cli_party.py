"""What the ``demo`` and ``check`` commands say about a community's Party organisation.

Pure functions from models to text; the command does the I/O.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from neighborly.party.meetings import meeting_compliance, quarter_of
from neighborly.party.organisation import Party
from neighborly.party.structure import MemberStatus, UnitKind
from neighborly.text import Lang, Text, number

_NAMES = {
    UnitKind.COMMITTEE: ("Party committee", "Party committees", "个党委"),
    UnitKind.GENERAL_BRANCH: ("general branch", "general branches", "个党总支"),
    UnitKind.BRANCH: ("branch", "branches", "个党支部"),
    UnitKind.JOINT_BRANCH: ("joint branch", "joint branches", "个联合党支部"),
    UnitKind.GROUP: ("Party group", "Party groups", "个党小组"),
}


def _count(kind: UnitKind, count: int, lang: Lang) -> str:
    one, many, zh = _NAMES[kind]
    if lang == "zh":
        return f"{number(count)} {zh}"
    return f"{number(count)} {one if count == 1 else many}"


def summary_text(party: Party, as_of: dt.date, lang: Lang) -> list[str]:
    """Two lines: the organisation in numbers, and this quarter's meetings so far."""
    kinds = Counter(u.kind for u in party.units)
    parts = [_count(kind, kinds[kind], lang) for kind in UnitKind if kinds[kind]]
    full = sum(1 for m in party.members if m.status is MemberStatus.FULL)
    in_service = sum(1 for m in party.members if m.in_service)
    first, _ = quarter_of(as_of)
    compliance = meeting_compliance(
        party.units, party.meetings, first, as_of, positions=party.positions
    )
    held = sum(1 for m in party.meetings if first <= m.day <= as_of)
    missing = sum(unit.missing for unit in compliance)
    open_now = sum(1 for unit in compliance for status in unit.statuses if not status.current_met)
    return [
        Text(
            f"{', '.join(parts)}; {number(len(party.members))} members ({number(full)} full, "
            f"{number(len(party.members) - full)} probationary), {number(in_service)} in service "
            f"with {number(len(party.co_building))} co-building units; "
            f"{number(len(party.demonstrations))} demonstration households",
            f"{'、'.join(parts)}；党员 {number(len(party.members))} 名（正式 {number(full)} 名、预备 "
            f"{number(len(party.members) - full)} 名），在职党员 {number(in_service)} 名、共建单位 "
            f"{number(len(party.co_building))} 个；党员示范户 {number(len(party.demonstrations))} 户",
        ).render(lang),
        Text(
            f"This quarter ({first} to {as_of}): {number(held)} meetings held, {number(missing)} "
            f"missed in months already over, {number(open_now)} still due this period",
            f"本季度（{first} 至 {as_of}）：已开会 {number(held)} 次，已过月份缺 {number(missing)} 次，"
            f"本期尚待召开 {number(open_now)} 次",
        ).render(lang),
    ]
