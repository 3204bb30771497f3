"""What the ``demo`` and ``check`` commands say about a community's owners: the
owners' committee, the year's property fees, the working committee and the
property companies.

Pure functions from models to text; the command does the I/O.
"""

from __future__ import annotations

import datetime as dt

from neighborly.community import Community
from neighborly.owners.property import arrears, collection
from neighborly.text import Lang, Text, number

SHOWN_PERIODS = 3


def owners_text(community: Community, as_of: dt.date, lang: Lang) -> list[str]:
    """One line for each part the community keeps: the committee, the fee collection
    of the last periods billed (at most :data:`SHOWN_PERIODS`) with the households in
    arrears on ``as_of``, the working committee and each property company."""
    lines: list[Text] = []
    owners = community.owners
    if owners is not None:
        committee = owners.committee
        if committee is not None:
            filed = (
                Text(f"filed {committee.filed}", f"{committee.filed} 备案")
                if committee.filed is not None
                else Text("not filed", "未备案")
            )
            lines.append(
                Text(
                    f"Owners' committee: {len(committee.members)} members elected "
                    f"{committee.elected} for {committee.term_years} years, {filed.en}",
                    f"业主委员会：{len(committee.members)} 名委员，{committee.elected} 选出，"
                    f"任期 {committee.term_years} 年，{filed.zh}",
                )
            )
        periods = sorted({b.period for b in owners.bills})[-SHOWN_PERIODS:]
        lines.extend(
            Text(
                f"Property fees {collection(owners.bills, owners.payments, period).render('en')}",
                f"物业费 {collection(owners.bills, owners.payments, period).render('zh')}",
            )
            for period in periods
        )
        if owners.bills:
            owing = {a.part for a in arrears(owners.bills, owners.payments, as_of)}
            lines.append(
                Text(
                    f"Households in arrears on {as_of}: {number(len(owing))}",
                    f"截至 {as_of} 欠费户数：{number(len(owing))}",
                )
            )
        working = owners.working_committee
        if working is not None:
            state = (
                Text("standing", "运行中")
                if working.ended is None
                else Text(f"ended {working.ended}", f"{working.ended} 结束")
            )
            lines.append(
                Text(
                    f"Owners' working committee: {len(working.members)} members since "
                    f"{working.formed}, {state.en}; {number(len(working.duty))} duty days recorded",
                    f"业主工作委员会：{len(working.members)} 名成员，{working.formed} 成立，"
                    f"{state.zh}；值班记录 {number(len(working.duty))} 天",
                )
            )
    for company in community.property_companies:
        branch = company.party_branch or Text("none", "无").render(lang)
        last = max((m.day for m in company.joint_meetings), default=None)
        lines.append(
            Text(
                f"{company.name}: serves {', '.join(company.compounds)} since "
                f"{company.serves_from}; Party branch {branch}; "
                f"{len(company.joint_meetings)} joint meetings (last {last or '-'}); "
                f"{len(company.activities)} activities",
                f"{company.name}：自 {company.serves_from} 起服务 {'、'.join(company.compounds)}；"
                f"党支部 {branch}；联席会议 {len(company.joint_meetings)} 次"
                f"（最近 {last or '-'}）；活动 {len(company.activities)} 次",
            )
        )
    return [line.render(lang) for line in lines]
