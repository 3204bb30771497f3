"""The catalogue of rules: every rule neighborly has, registered once, as data.

Each domain module declares its rules as :class:`~neighborly.verdicts.Rule` constants
(``grids.RULES``, ``scheduling.RULES``, ...): a stable code, a title in English and
Chinese, the source it rests on (an article, a standard, or a local practice), the
fact it rests on as the project's table of laws and standards gives it, what it
reads, and the policy that tunes it.  The rule functions build their verdicts from
those constants; :func:`catalogue` lists them all, in the order of the modules from
the places up, like a linter's list of rules.

>>> from neighborly.rules import catalogue, rule
>>> rule("owners.tally").source.en
'Civil Code Art. 278; SPC Interpretation 法释〔2009〕7号 Arts. 8-9'
>>> len({r.code for r in catalogue()}) == len(catalogue())
True
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

from neighborly._checks import TEXT, Check, checks, of_type, tuple_of
from neighborly._model import Model
from neighborly._reading import collector_paused
from neighborly._time import DEFAULT_ZONE
from neighborly.access import RULES as ACCESS_RULES
from neighborly.calendar import HolidayCalendar
from neighborly.care import RULES as CARE_RULES
from neighborly.care import MealPolicy, check_meal_help
from neighborly.cases import RULES as CASES_RULES
from neighborly.cases import CasePolicy, check_cases, check_holders
from neighborly.community import Community
from neighborly.deliberation.accountability import RULES as ACCOUNTABILITY_RULES
from neighborly.deliberation.accountability import check_undertakings
from neighborly.deliberation.board import RULES as BOARD_RULES
from neighborly.deliberation.board import BoardPolicy, check_board
from neighborly.deliberation.meetings import RULES as DELIBERATION_MEETINGS_RULES
from neighborly.deliberation.proposals import RULES as PROPOSALS_RULES
from neighborly.deliberation.proposals import SupportPolicy
from neighborly.elections import RULES as ELECTIONS_RULES
from neighborly.elections import check_electorate, check_seated, count_election
from neighborly.errors import InvalidInput, NotFound, Problem
from neighborly.grids import RULES as GRIDS_RULES
from neighborly.grids import GridPolicy, check_grids
from neighborly.owners.assembly import RULES as ASSEMBLY_RULES
from neighborly.owners.committee import COMMITTEE_POLICIES, CommitteePolicy
from neighborly.owners.committee import RULES as COMMITTEE_RULES
from neighborly.owners.company import RULES as COMPANY_RULES
from neighborly.owners.company import HolidayDuty, check_holiday_activities
from neighborly.owners.reception import RULES as RECEPTION_RULES
from neighborly.owners.reception import check_receptions
from neighborly.owners.record import RULES as OWNERS_RECORD_RULES
from neighborly.owners.record import WorkingCommitteePolicy, check_owners
from neighborly.owners.votes import RULES as VOTES_RULES
from neighborly.owners.votes import roll_of, tally_vote
from neighborly.parking import RULES as PARKING_RULES
from neighborly.parking import ParkingPolicy, check_parking
from neighborly.party.funds import RULES as FUNDS_RULES
from neighborly.party.meetings import RULES as PARTY_MEETINGS_RULES
from neighborly.party.meetings import MeetingPolicy
from neighborly.party.organisation import check_party
from neighborly.party.structure import RULES as STRUCTURE_RULES
from neighborly.party.structure import MemberStatus, StructurePolicy
from neighborly.points import RULES as POINTS_RULES
from neighborly.points import verify_chain
from neighborly.registries import RULES as REGISTRIES_RULES
from neighborly.registries import check_meal_points
from neighborly.requests import RULES as REQUESTS_RULES
from neighborly.requests import EscalationPolicy, overdue
from neighborly.residents_committee import RULES as RESIDENTS_RULES
from neighborly.residents_committee import ResidentsCommitteePolicy, check_residents_committee
from neighborly.scheduling import RULES as SCHEDULING_RULES
from neighborly.scheduling import (
    PlanTargets,
    QuietHours,
    check_occurrences,
    check_plan,
    occurrences,
)
from neighborly.serialization import (
    DEFAULT_LIMITS,
    Format,
    Limits,
    load_data,
    parse,
    structure,
    unstructure,
)
from neighborly.services import RULES as SERVICES_RULES
from neighborly.services import CirclePolicy, check_circle
from neighborly.text import Lang, Text, check_lang
from neighborly.verdicts import Report, Rule, Verdict
from neighborly.volunteer_admin import RULES as VOLUNTEER_ADMIN_RULES
from neighborly.volunteer_admin import AdminPolicy, check_certificates, check_cover
from neighborly.volunteering import RULES as VOLUNTEERING_RULES
from neighborly.volunteering import STAR_POLICIES, RecordPolicy, StarPolicy, check_records
from neighborly.waste import RULES as WASTE_RULES
from neighborly.waste import PointPolicy, check_points, check_rota
from neighborly.wishes import RULES as WISHES_RULES
from neighborly.wishes import WishPolicy, check_wishes

__all__ = [
    "AHEAD_DAYS",
    "BUNDLES",
    "CATALOGUE",
    "PRESETS",
    "ROTA_DAYS",
    "Bundle",
    "Policies",
    "Source",
    "bundle_named",
    "catalogue",
    "check_community",
    "dump_policies",
    "load_policies",
    "policies_for",
    "rule",
]

AHEAD_DAYS = 60
"""How many days ahead of ``as_of`` the scheduling rules look at a community's events."""
ROTA_DAYS = 7
"""How many days from ``as_of`` the sorting rota is checked for."""

CATALOGUE: tuple[Rule, ...] = (
    *GRIDS_RULES,
    *SCHEDULING_RULES,
    *VOLUNTEERING_RULES,
    *VOLUNTEER_ADMIN_RULES,
    *POINTS_RULES,
    *STRUCTURE_RULES,
    *PARTY_MEETINGS_RULES,
    *FUNDS_RULES,
    *VOTES_RULES,
    *ASSEMBLY_RULES,
    *COMMITTEE_RULES,
    *OWNERS_RECORD_RULES,
    *COMPANY_RULES,
    *RECEPTION_RULES,
    *WISHES_RULES,
    *REQUESTS_RULES,
    *WASTE_RULES,
    *SERVICES_RULES,
    *CARE_RULES,
    *PARKING_RULES,
    *PROPOSALS_RULES,
    *BOARD_RULES,
    *DELIBERATION_MEETINGS_RULES,
    *ACCOUNTABILITY_RULES,
    *REGISTRIES_RULES,
    *ELECTIONS_RULES,
    *RESIDENTS_RULES,
    *CASES_RULES,
    *ACCESS_RULES,
)
"""Every rule, module by module from the places up."""

_BY_CODE: Mapping[str, Rule] = MappingProxyType({r.code: r for r in CATALOGUE})
if len(_BY_CODE) != len(CATALOGUE):  # pragma: no cover - a test holds it too
    msg = "a rule code is registered twice"
    raise ValueError(msg)


def catalogue() -> tuple[Rule, ...]:
    """Every rule neighborly has, each once: code, titles, source, basis, what it reads
    and the policy that tunes it."""
    return CATALOGUE


def rule(code: str) -> Rule:
    """The rule with this code; :class:`~neighborly.errors.NotFound` if there is none."""
    found = _BY_CODE.get(code)
    if found is None:
        raise NotFound("rule", code)
    return found


# --- policies ------------------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class Policies(Model):
    """Every policy a rule takes, in one value; each field defaults to the national
    default (or the common practice where no national number exists).

    A locality changes what its rules say by giving its own: in Python
    (``Policies(grids=GridPolicy(200, 300))``), as a named preset (:data:`PRESETS`), or
    from a TOML file of the same shape (:func:`load_policies`)::

        [grids]
        min_households = 200
        max_households = 300
    """

    grids: GridPolicy = attrs.field(factory=GridPolicy)
    quiet_hours: QuietHours = attrs.field(factory=QuietHours)
    plan: PlanTargets = attrs.field(factory=PlanTargets)
    records: RecordPolicy = attrs.field(factory=RecordPolicy)
    stars: StarPolicy = attrs.field(factory=StarPolicy)
    structure: StructurePolicy = attrs.field(factory=StructurePolicy)
    meetings: MeetingPolicy = attrs.field(factory=MeetingPolicy)
    committee: CommitteePolicy = attrs.field(factory=CommitteePolicy)
    wishes: WishPolicy = attrs.field(factory=WishPolicy)
    escalation: EscalationPolicy = attrs.field(factory=EscalationPolicy)
    waste: PointPolicy = attrs.field(factory=PointPolicy)
    circle: CirclePolicy = attrs.field(factory=CirclePolicy)
    meals: MealPolicy = attrs.field(factory=MealPolicy)
    parking: ParkingPolicy = attrs.field(factory=ParkingPolicy)
    board: BoardPolicy = attrs.field(factory=BoardPolicy)
    support: SupportPolicy = attrs.field(factory=SupportPolicy)
    residents: ResidentsCommitteePolicy = attrs.field(factory=ResidentsCommitteePolicy)
    cases: CasePolicy = attrs.field(factory=CasePolicy)
    working_committee: WorkingCommitteePolicy = attrs.field(factory=WorkingCommitteePolicy)
    property: HolidayDuty = attrs.field(factory=HolidayDuty)
    volunteer_admin: AdminPolicy = attrs.field(factory=AdminPolicy)

    __attrs_post_init__ = checks(
        grids=of_type(GridPolicy),
        quiet_hours=of_type(QuietHours),
        plan=of_type(PlanTargets),
        records=of_type(RecordPolicy),
        stars=of_type(StarPolicy),
        structure=of_type(StructurePolicy),
        meetings=of_type(MeetingPolicy),
        committee=of_type(CommitteePolicy),
        wishes=of_type(WishPolicy),
        escalation=of_type(EscalationPolicy),
        waste=of_type(PointPolicy),
        circle=of_type(CirclePolicy),
        meals=of_type(MealPolicy),
        parking=of_type(ParkingPolicy),
        board=of_type(BoardPolicy),
        support=of_type(SupportPolicy),
        residents=of_type(ResidentsCommitteePolicy),
        cases=of_type(CasePolicy),
        working_committee=of_type(WorkingCommitteePolicy),
        property=of_type(HolidayDuty),
        volunteer_admin=of_type(AdminPolicy),
    )


_FIELDS = tuple(f.name for f in attrs.fields(Policies))  # in the order Policies declares


def load_policies(
    source: str | os.PathLike[str] | bytes,
    *,
    format: Format = "toml",
    limits: Limits = DEFAULT_LIMITS,
) -> Policies:
    """Policies read from a TOML or JSON file (a path, its format by its suffix) or from
    bytes (TOML unless ``format`` says ``json``): each section is one field of
    :class:`Policies`, and what a file leaves out keeps its default.
    :class:`~neighborly.errors.InvalidInput` names every bad value by path.

    >>> load_policies(b"[grids]\\nmin_households = 200\\n").grids.min_households
    200
    """
    data = (
        parse(source, format=format, limits=limits)
        if isinstance(source, bytes)
        else load_data(source, limits=limits)
    )
    if isinstance(data, dict) and "none" in data:
        data = _with_nones(data)
    return structure(data, Policies, max_problems=limits.max_problems)


def _with_nones(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with each field its ``none`` list names set to no value (a dotted
    name: ``committee.max_members``)."""
    names = data["none"]
    if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
        raise InvalidInput(
            [
                Problem(
                    "$.none",
                    Text("an array of dotted field names", "由带点字段名组成的数组"),
                    Text.same(repr(names)[:80]),
                )
            ]
        )
    out = {k: v for k, v in data.items() if k != "none"}
    for i, name in enumerate(names):
        *tables, key = name.split(".")
        place = out
        for table in tables:
            inner = place.get(table)
            if inner is None:
                inner = place[table] = {}
            elif not isinstance(inner, dict):
                raise InvalidInput(
                    [
                        Problem(
                            f"$.none[{i}]",
                            Text("a field of a table", "表中的字段"),
                            Text.same(name),
                        )
                    ]
                )
            else:
                inner = place[table] = dict(inner)
            place = inner
        place[key] = None
    return out


@attrs.frozen(eq=False, repr=False)
class Source(Model):
    """Where a bundle's number comes from: the ``field`` of :class:`Policies` it sets
    and what ``says`` so (a regulation and its article)."""

    field: str
    says: Text

    __attrs_post_init__ = checks(
        field=Check(
            "{v} in _FIELDS", Text("a field of Policies", "Policies 的字段"), {"_FIELDS": _FIELDS}
        ),
        says=of_type(Text),
    )


@attrs.frozen(eq=False, repr=False)
class Bundle(Model):
    """A named jurisdiction's policies: the national defaults with the numbers its own
    rules change, each with its :class:`Source`.  A number without a source is not
    invented: every field that differs from the national default names its source,
    and no source names a field left at the national default."""

    name: str
    place: Text
    policies: Policies
    sources: tuple[Source, ...] = ()

    __attrs_post_init__ = checks(
        name=TEXT,
        place=of_type(Text),
        policies=of_type(Policies),
        sources=tuple_of(Source),
        then=lambda self: _sourced(self),  # noqa: PLW0108 - defined below
    )

    @property
    def changed(self) -> tuple[str, ...]:
        """The fields of :class:`Policies` this bundle sets otherwise than national."""
        return _changed(self.policies)

    def explain(self, lang: Lang = "en") -> str:
        """What the bundle changes and on what authority, then what it keeps."""
        lang = check_lang(lang)
        says = {s.field: s.says for s in self.sources}
        lines = [f"{self.name}: {self.place.render(lang)}"]
        lines.extend(f"  {field}: {says[field].render(lang)}" for field in self.changed)
        kept = Text(
            "every other policy: the national default",
            "其余策略：全国默认值",
        )
        lines.append(f"  {kept.render(lang)}")
        return "\n".join(lines)


_NATIONAL = Policies()


def _changed(policies: Policies) -> tuple[str, ...]:
    national = unstructure(_NATIONAL)
    mine = unstructure(policies)
    return tuple(field for field in _FIELDS if mine[field] != national[field])


def _sourced(bundle: Bundle) -> list[Problem]:
    changed = bundle.changed
    named = {s.field for s in bundle.sources}
    unsourced = [
        Problem(
            f"$.policies.{field}",
            Text(
                "the national default, or a source for the change", "全国默认值，或为改动注明出处"
            ),
            Text.same(f"{field} changed without a source"),
        )
        for field in changed
        if field not in named
    ]
    stale = [
        Problem(
            f"$.sources[{i}].field",
            Text("a field the bundle changes", "本组合改动的字段"),
            Text.same(f"{source.field}, kept at the national default"),
        )
        for i, source in enumerate(bundle.sources)
        if source.field not in changed
    ]
    return unsourced + stale


BUNDLES: Mapping[str, Bundle] = MappingProxyType(
    {
        "national": Bundle("national", Text("national defaults", "全国默认"), Policies()),
        "beijing": Bundle(
            "beijing",
            Text("Beijing", "北京"),
            Policies(stars=STAR_POLICIES["beijing"], committee=COMMITTEE_POLICIES["beijing"]),
            (
                Source(
                    "stars",
                    Text(
                        "star levels at 100/200/500/800/1000 hours: Beijing's earlier"
                        " 志愿者管理办法 (FACTS.md §5)",
                        "星级 100/200/500/800/1000 小时：北京此前的志愿者管理办法（FACTS.md §5）",
                    ),
                ),
                Source(
                    "committee",
                    Text(
                        "owners' committee of at least 5, odd, 3 for 100 households or fewer,"
                        " no dishonest judgment debtors or interested members: 北京市物业管理"
                        "条例 (2020) Arts. 39-41",
                        "业主委员会不少于 5 人、单数，100 户以下可为 3 人，失信被执行人和利害关系人"
                        "不得当选：《北京市物业管理条例》（2020）第三十九至四十一条",
                    ),
                ),
            ),
        ),
        "shanghai": Bundle(
            "shanghai",
            Text("Shanghai", "上海"),
            Policies(committee=COMMITTEE_POLICIES["shanghai"]),
            (
                Source(
                    "committee",
                    Text(
                        "owners' committee of at least 5, odd, 3 for 10,000 m² or less, terms"
                        " of 3-5 years, no owners in arrears: 上海市住宅物业管理规定 Art. 20",
                        "业主委员会不少于 5 人、单数，10,000 平方米以下可为 3 人，任期 3 至 5 年，"
                        "欠费业主不得当选：《上海市住宅物业管理规定》第二十条",
                    ),
                ),
            ),
        ),
        "zhangjiagang": Bundle(
            "zhangjiagang",
            Text("Zhangjiagang", "张家港"),
            Policies(stars=STAR_POLICIES["zhangjiagang"]),
            (
                Source(
                    "stars",
                    Text(
                        "star levels at 30/60/100/200/300 hours: Zhangjiagang's volunteer"
                        " star scale (FACTS.md §5)",
                        "星级 30/60/100/200/300 小时：张家港志愿者星级标准（FACTS.md §5）",
                    ),
                ),
            ),
        ),
    }
)
"""The named bundles: the national defaults, and the places the table of laws and
standards has sourced local numbers for (every other number stays national)."""


def bundle_named(name: str, path: str = "$.policies") -> Bundle:
    """The bundle of that name; :class:`~neighborly.errors.InvalidInput` at ``path``
    naming the bundles there are when there is none."""
    found = BUNDLES.get(name)
    if found is None:
        names = ", ".join(BUNDLES)
        raise InvalidInput(
            [
                Problem(
                    path,
                    Text(f"the name of a bundle: {names}", f"策略包的名称：{names}"),
                    Text.same(name),
                )
            ]
        )
    return found


def policies_for(
    community: Community,
    policies: Policies | None = None,
    street: str | None = None,
) -> Policies:
    """The policies ``community`` is judged by: ``policies`` when given, else the
    bundle its file names (``community.policies``), else the bundle its street's file
    names (``street``), else the national defaults.  A name that is no bundle is
    :class:`~neighborly.errors.InvalidInput` at ``$.policies``."""
    if policies is not None:
        return policies
    name = community.policies if community.policies is not None else street
    return Policies() if name is None else bundle_named(name).policies


PRESETS: Mapping[str, Policies] = MappingProxyType(
    {name: bundle.policies for name, bundle in BUNDLES.items()}
)
"""Each bundle's policies by name (``--preset``)."""


def dump_policies(policies: Policies) -> str:
    """``policies`` as the TOML :func:`load_policies` reads back equal: only what
    differs from the national defaults, key by key (what a file leaves out keeps its
    default), and under ``none`` the dotted names of the fields that have no value
    (such as no maximum), which TOML cannot write as a value.

    >>> print(dump_policies(PRESETS["zhangjiagang"]), end="")
    [stars]
    name = "zhangjiagang"
    thresholds = [30, 60, 100, 200, 300]
    """
    changes = _difference(unstructure(policies), unstructure(_NATIONAL))
    nones: list[str] = []
    body = _without_nones(changes, "", nones)
    head = f"none = [{', '.join(_toml_string(n) for n in nones)}]\n" if nones else ""
    return head + _toml_tables(body)


def _difference(mine: Any, national: Any, *, sections: bool = True) -> Any:
    """The keys of ``mine`` whose values differ from ``national``'s, section by section;
    a value inside a section that is itself a table (a share) is written whole."""
    found = {}
    for key, value in mine.items():
        other = national.get(key)
        if sections and isinstance(value, dict) and isinstance(other, dict):
            inner = _difference(value, other, sections=False)
            if inner:
                found[key] = inner
        elif value != other:
            found[key] = value
    return found


def _without_nones(data: dict[str, Any], prefix: str, nones: list[str]) -> dict[str, Any]:
    kept: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if value is None:
            nones.append(name)
        elif isinstance(value, dict):
            kept[key] = _without_nones(value, f"{name}.", nones)
        else:
            _no_none_inside(value, name)
            kept[key] = value
    return kept


def _no_none_inside(value: Any, name: str) -> None:
    inside = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    for item in inside:
        if item is None:
            msg = f"{name} holds a value with no value inside a list, which TOML cannot write"
            raise ValueError(msg)
        _no_none_inside(item, name)


def _toml_tables(body: dict[str, Any]) -> str:
    """Each top-level key as a ``[table]`` of its keys; deeper tables inline."""
    out = []
    for section, keys in body.items():
        out.append(f"[{_toml_key(section)}]\n")
        out.extend(f"{_toml_key(key)} = {_toml_value(value)}\n" for key, value in keys.items())
    return "".join(out)


_BARE = re.compile(r"[A-Za-z0-9_-]+")


def _toml_key(key: str) -> str:
    return key if _BARE.fullmatch(key) else _toml_string(key)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        inner = ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items())
        return "{" + inner + "}"
    msg = f"no TOML form for {type(value).__name__}"
    raise TypeError(msg)


_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def _toml_string(text: str) -> str:
    return (
        '"'
        + "".join(
            _ESCAPES.get(c) or (f"\\u{ord(c):04x}" if ord(c) < 0x20 or ord(c) == 0x7F else c)
            for c in text
        )
        + '"'
    )


# --- one entry point ----------------------------------------------------------------


def check_community(
    community: Community,
    *,
    as_of: dt.date,
    policies: Policies | None = None,
    calendar: HolidayCalendar | None = None,
) -> Report:
    """Every registered rule whose inputs the community holds, in catalogue order:
    the grids; its events over the :data:`AHEAD_DAYS` days from ``as_of``, and the
    annual plan of ``as_of``'s calendar year against ``policies.plan``; service records,
    their insurance cover and the certificates asked for, and the points chain; the
    Party organisation (this quarter's meetings); each owners' vote, motion by
    motion; the owners' record (committee, candidates, meetings, the working
    committee) and each property company's holiday duty; and its services: wishes,
    requests and dispute cases (at noon on ``as_of``; who holds each move), garbage
    sorting (the rota for :data:`ROTA_DAYS` days), the life
    circle, meal help, shared parking, deliberation and the registries; each election,
    counted by its rules, and who elected and stood in it; the residents' committee
    (area, size, term, meetings, requisitions).

    Working days (the records' deadlines, the car parks' staff hours, events and
    reception days that move or skip holidays) are counted by ``calendar``: the
    shipped holiday arrangements when None, or
    :func:`~neighborly.calendar.official_calendar` with a user's years added.

    ``policies`` decides; without it, the bundle the community names
    (``community.policies``, see :func:`policies_for`), else the national defaults.

    To judge another year's plan, call :func:`~neighborly.scheduling.check_plan`.

    The cyclic garbage collector is paused while the rules run (they build no
    cycles; left running it would walk every model the program holds, again and
    again: with a street's communities in memory, a sixth of the time).
    """
    with collector_paused():
        return _check_community(community, as_of, policies, calendar)


def _check_community(
    community: Community,
    as_of: dt.date,
    policies: Policies | None,
    calendar: HolidayCalendar | None,
) -> Report:
    p = policies_for(community, policies)
    verdicts: list[Verdict] = [*check_grids(community, p.grids)]
    if community.events:
        start = dt.datetime.combine(as_of, dt.time(0), DEFAULT_ZONE)
        found = occurrences(
            community.events, start, start + dt.timedelta(days=AHEAD_DAYS), calendar=calendar
        )
        verdicts.extend(
            check_occurrences(
                found,
                community.events,
                community.venues,
                quiet=p.quiet_hours,
                assignments=community.assignments,
            )
        )
        verdicts.extend(check_plan(community.events, as_of.year, p.plan, calendar=calendar))
    if community.records:
        verdicts.extend(check_records(community.records, p.records, calendar))
    admin = community.volunteer_admin
    if admin is not None:
        verdicts.append(check_cover(admin, community.records, p.volunteer_admin))
        verdicts.append(
            check_certificates(admin, community.records, as_of, p.volunteer_admin, p.records).under(
                "$.volunteer_admin"
            )
        )
    if community.points is not None:
        verdicts.append(verify_chain(community.points))
    if community.party is not None:
        verdicts.extend(
            check_party(community.party, as_of, structure=p.structure, meetings=p.meetings)
        )
    if community.votes:
        # only a vote not yet held (no ballots, no roll of its own) counts today's households
        roll = roll_of(community) if any(not vote.roll for vote in community.votes) else ()
        verdicts.extend(
            t.verdict.under(f"$.votes[{i}]")
            for i, vote in enumerate(community.votes)
            for t in tally_vote(vote, roll)
        )
    verdicts.extend(_owners(community, as_of, p, calendar))
    verdicts.extend(_services(community, as_of, p, calendar))
    verdicts.extend(_elections(community))
    if community.residents_committee is not None:
        verdicts.extend(
            check_residents_committee(community.residents_committee, community, as_of, p.residents)
        )
    return Report(verdicts)


def _owners(
    community: Community, as_of: dt.date, p: Policies, calendar: HolidayCalendar | None
) -> list[Verdict]:
    """The owners' record (committee, candidates, meetings, working committee) over
    today's roll, and each property company's holiday activities where a duty asks."""
    verdicts: list[Verdict] = []
    owners = community.owners
    if owners is not None:
        roll = roll_of(community)
        verdicts.extend(
            v.under("$.owners")
            for v in check_owners(owners, roll, as_of, p.committee, p.working_committee)
        )
    for i, company in enumerate(community.property_companies):
        if company.duty.asks() or p.property.asks():
            verdicts.append(
                check_holiday_activities(company, as_of, p.property, calendar=calendar).under(
                    f"$.property_companies[{i}]"
                )
            )
    return verdicts


def _elections(community: Community) -> list[Verdict]:
    """Each election counted by its rules, and who elected and stood in it checked
    against the community's residents, households and full Party members."""
    if not community.elections:
        return []
    party = community.party
    full = frozenset(
        m.id for m in (party.members if party is not None else ()) if m.status is MemberStatus.FULL
    )
    verdicts: list[Verdict] = []
    counted = {}
    for i, election in enumerate(community.elections):
        at = f"$.elections[{i}]"
        counted[election.id] = count_election(election)
        verdicts.append(counted[election.id].verdict.under(at))
        verdicts.append(check_electorate(election, community, full).under(at))
    by_id = {e.id: e for e in community.elections}
    residents = community.residents_committee
    if residents is not None and residents.election in by_id:
        seats = [s.resident for s in residents.seats]
        verdicts.append(
            check_seated(
                seats,
                by_id[residents.election],
                path="$.residents_committee.seats",
                result=counted[residents.election],
            )
        )
    owners = community.owners.committee if community.owners is not None else None
    if owners is not None and owners.election in by_id:
        verdicts.append(
            check_seated(
                owners.members,
                by_id[owners.election],
                path="$.owners.committee.members",
                result=counted[owners.election],
            )
        )
    return verdicts


def _services(
    community: Community, as_of: dt.date, p: Policies, calendar: HolidayCalendar | None
) -> list[Verdict]:
    verdicts: list[Verdict] = []
    if community.wishes:
        verdicts.append(check_wishes(community.wishes, as_of, p.wishes))
    noon = dt.datetime.combine(as_of, dt.time(12), DEFAULT_ZONE)
    if community.requests:
        verdicts.append(overdue(community.requests, noon, p.escalation))
    if community.cases:
        verdicts.extend(check_cases(community.cases, noon, p.cases))
        units = community.party.units if community.party is not None else ()
        verdicts.append(check_holders(community.cases, community.grids, units))
    sorting = community.sorting
    if sorting is not None:
        verdicts.append(check_points(community, p.waste))
        if sorting.slots:
            last = as_of + dt.timedelta(days=ROTA_DAYS - 1)
            verdicts.append(check_rota(community, as_of, last))
    located = any(b.location is not None for c in community.compounds for b in c.buildings)
    if located and community.facilities:
        verdicts.append(check_circle(community, p.circle))
    if community.meal_help:
        verdicts.append(check_meal_help(community, p.meals))
    if community.parking is not None:
        verdicts.append(check_parking(community, p.parking, calendar=calendar))
    record = community.deliberation
    if record is not None:
        verdicts.append(check_undertakings(record.undertakings, as_of))
        if record.boards:
            verdicts.append(check_board(record.boards, p.board))
        first_day = dt.date(as_of.year, 1, 1)
        verdicts.extend(
            check_receptions(
                schedule, record.receptions, first_day, as_of, position=i, calendar=calendar
            ).under("$.deliberation")
            for i, schedule in enumerate(record.reception_days)
        )
    registries = community.registries
    if registries is not None and registries.meal_points:
        verdicts.append(check_meal_points(community, as_of))
    return verdicts
