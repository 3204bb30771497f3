"""The street (街道): the communities a street office oversees, its officers, its
campaigns and each community's brand, and what the street reads across them.

    >>> from neighborly.sample import sample_street
    >>> street = sample_street()
    >>> report = roll_up(street, as_of=dt.date(2026, 12, 5))
    >>> [row.community for row in report.communities][:1]  # the worst first
    ['c-sample']

:func:`roll_up` runs every community's
:func:`~neighborly.rules.check_community` and says which rules fail where, worst
first; :func:`volunteer_statistics` counts volunteers as the seeds report them
(registered, active, new a year, a month and a day, hours served), by field of
service and by community, for one community, a street or (with
:mod:`neighborly.batch`) a city.

What the statistics count (the definitions are neighborly's own, following the
seeds' usage and MCA Order No. 67, which has volunteers registered with their
service time recorded):

- **registered**: volunteers registered on or before the period's last day;
- **new**: volunteers registered within the period; *a day* is the new divided by
  the period's days (Chengdu's "658 a day" is 230,000 over a year);
- **active**: volunteers with an approved service record of an activity within the
  period, not reversed;
- **hours**: the hours of those records (travel as the records policy counts it);
- **field of service**: the kind of the team a record was served with (a
  volunteer's fields are the kinds of the teams they belong to); records without a
  team count under ``other``.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

import attrs

from neighborly._checks import (
    DATE,
    IDENT,
    OPT_PHONE,
    OPT_TEXT,
    TEXT,
    Check,
    checks,
    duplicate_ids,
    int_range,
    is_enum,
    of_type,
    opt,
    tuple_of,
)
from neighborly._model import Model
from neighborly._reading import collector_paused
from neighborly.calendar import HolidayCalendar
from neighborly.community import Community
from neighborly.errors import InvalidInput, NotFound, Problem
from neighborly.grids import TeamKind
from neighborly.party.meetings import meeting_compliance
from neighborly.points import AccountKind, Ledger, PostingKind, post_in_order
from neighborly.rules import (
    BUNDLES,
    Policies,
    bundle_named,
    catalogue,
    check_community,
    policies_for,
)
from neighborly.text import Lang, Text, check_lang, number
from neighborly.verdicts import Reason, Rule, Verdict
from neighborly.volunteering import RecordPolicy, RecordStatus, served_hours

__all__ = [
    "STREET_RULES",
    "Brand",
    "Campaign",
    "CampaignResult",
    "CommunityRow",
    "Counts",
    "Figures",
    "Judged",
    "Officer",
    "RuleJudged",
    "RuleRow",
    "Street",
    "StreetGrid",
    "StreetGridKind",
    "StreetReport",
    "VolunteerStatistics",
    "check_street",
    "combine",
    "figures",
    "judge",
    "roll_up",
    "volunteer_statistics",
]


@attrs.frozen(eq=False, repr=False)
class Officer(Model):
    """Someone of the street office (街道办事处、街道党工委): their ``post`` in words."""

    id: str
    name: str
    post: str
    phone: str | None = None

    __attrs_post_init__ = checks(id=IDENT, name=TEXT, post=TEXT, phone=OPT_PHONE)


_TEXTS = Check(
    "type({v}) is tuple and all(type(x) is str and 0 < len(x.strip()) <= 500 for x in {v})",
    Text("an array of texts, each 1 to 500 characters", "文本数组，每项 1 至 500 个字符"),
)


class StreetGridKind(str, enum.Enum):
    """What a street grid is: a basic grid (基础网格, a 片区 of whole communities under
    one officer) or a dedicated grid (专属网格: a school, hospital or industrial park
    kept apart from the basic grids, as Xi'an's DB6101/T 3185-2024 defines)."""

    BASIC = "basic"
    DEDICATED = "dedicated"


@attrs.frozen(eq=False, repr=False)
class StreetGrid(Model):
    """A grid above community level: the communities it takes in (for a dedicated
    grid, those it lies across), the officer who heads it, and for a dedicated grid
    the places it covers, in words."""

    id: str
    name: str
    kind: StreetGridKind = StreetGridKind.BASIC
    communities: tuple[str, ...] = ()
    head: str | None = None
    places: tuple[str, ...] = ()

    __attrs_post_init__ = checks(
        id=IDENT,
        name=TEXT,
        kind=is_enum(StreetGridKind),
        communities=tuple_of(str),
        head=opt(IDENT),
        places=_TEXTS,
    )


@attrs.frozen(eq=False, repr=False)
class CampaignResult(Model):
    """What one community achieved in a campaign: its ``stars`` and ``flags`` (as in
    Gongyi's 摘星夺旗创三宜), and a ``note`` saying for what."""

    community: str
    stars: int = 0
    flags: int = 0
    note: str | None = None

    __attrs_post_init__ = checks(
        community=IDENT, stars=int_range(0, 100), flags=int_range(0, 100), note=OPT_TEXT
    )


@attrs.frozen(eq=False, repr=False)
class Campaign(Model):
    """A campaign the street runs across its communities in ``year``, with each
    community's result."""

    id: str
    name: str
    year: int
    results: tuple[CampaignResult, ...] = ()

    __attrs_post_init__ = checks(
        id=IDENT,
        name=TEXT,
        year=int_range(1949, 2100),
        results=tuple_of(CampaignResult),
        then=lambda self: _once_each(self.results, "results"),
    )


@attrs.frozen(eq=False, repr=False)
class Brand(Model):
    """A community's brand in ``year`` ("one community, one brand", 一社区一品牌): its
    ``name`` and the ``evidence`` for it (what was done, in a few words each)."""

    community: str
    year: int
    name: str
    evidence: tuple[str, ...] = ()

    __attrs_post_init__ = checks(
        community=IDENT,
        year=int_range(1949, 2100),
        name=TEXT,
        evidence=_TEXTS,
    )


def _once_each(results: Iterable[CampaignResult], field: str) -> Iterator[Problem]:
    seen: set[str] = set()
    for i, result in enumerate(results):
        if result.community in seen:
            yield Problem(
                f"$.{field}[{i}].community",
                Text("a community not listed before", "此前未列出的社区"),
                Text(f"{result.community}, listed twice", f"{result.community}，重复列出"),
            )
        seen.add(result.community)


@attrs.frozen(eq=False, repr=False)
class Street(Model):
    """A street (街道) and the communities it oversees.

    Every campaign result and brand names one of its communities; a community has at
    most one brand a year.  ``policies`` names the bundle of local policies
    (:data:`~neighborly.rules.BUNDLES`) its communities are judged by, unless a
    community names its own; every name given must be a bundle."""

    id: str
    name: str
    communities: tuple[Community, ...] = ()
    officers: tuple[Officer, ...] = ()
    campaigns: tuple[Campaign, ...] = ()
    brands: tuple[Brand, ...] = ()
    policies: str | None = None
    grids: tuple[StreetGrid, ...] = ()

    __attrs_post_init__ = checks(
        id=IDENT,
        name=TEXT,
        communities=tuple_of(Community),
        officers=tuple_of(Officer),
        campaigns=tuple_of(Campaign),
        brands=tuple_of(Brand),
        policies=opt(IDENT),
        grids=tuple_of(StreetGrid),
        then=lambda self: _street_problems(self),  # noqa: PLW0108 - defined below
    )

    def community(self, community_id: str) -> Community:
        """The community of that id; :class:`~neighborly.errors.NotFound` if none."""
        for community in self.communities:
            if community.id == community_id:
                return community
        raise NotFound("community", community_id, f"street {self.id}")


def _street_problems(street: Street) -> list[Problem]:
    problems = list(duplicate_ids("communities", (c.id for c in street.communities)))
    named = [("$.policies", street.policies)] + [
        (f"$.communities[{i}].policies", c.policies) for i, c in enumerate(street.communities)
    ]
    for path, name in named:
        if name is not None and name not in BUNDLES:
            try:
                bundle_named(name, path)
            except InvalidInput as exc:
                problems.extend(exc.problems)
    problems.extend(duplicate_ids("officers", (o.id for o in street.officers)))
    problems.extend(duplicate_ids("campaigns", (c.id for c in street.campaigns)))
    problems.extend(duplicate_ids("grids", (g.id for g in street.grids)))
    known = {c.id for c in street.communities}
    unknown = Text("a community of the street", "本街道的社区")
    officers = {o.id for o in street.officers}
    for i, grid in enumerate(street.grids):
        problems.extend(
            Problem(f"$.grids[{i}].communities[{j}]", unknown, Text.same(name))
            for j, name in enumerate(grid.communities)
            if name not in known
        )
        if grid.head is not None and grid.head not in officers:
            problems.append(
                Problem(
                    f"$.grids[{i}].head",
                    Text("an officer of the street", "本街道的工作人员"),
                    Text.same(grid.head),
                )
            )
    for i, campaign in enumerate(street.campaigns):
        for j, result in enumerate(campaign.results):
            if result.community not in known:
                problems.append(
                    Problem(
                        f"$.campaigns[{i}].results[{j}].community",
                        unknown,
                        Text.same(result.community),
                    )
                )
    seen: set[tuple[str, int]] = set()
    for i, brand in enumerate(street.brands):
        if brand.community not in known:
            problems.append(
                Problem(f"$.brands[{i}].community", unknown, Text.same(brand.community))
            )
        elif (brand.community, brand.year) in seen:
            problems.append(
                Problem(
                    f"$.brands[{i}]",
                    Text("one brand a community a year", "每个社区每年一个品牌"),
                    Text(
                        f"a second brand of {brand.community} in {brand.year}",
                        f"{brand.community} 在 {brand.year} 年的第二个品牌",
                    ),
                )
            )
        seen.add((brand.community, brand.year))
    return problems


# --- the street's own rules --------------------------------------------------------------

GRIDS_RULE = Rule(
    "street.grids",
    Text(
        "Every community is in one basic street grid, and every street grid has a head",
        "每个社区属于一个街道基础网格，每个街道网格都有负责人",
    ),
    Text(
        "neighborly's reading of the multi-level grid (街道 → 社区 → 网格)",
        "neighborly 对多级网格（街道 → 社区 → 网格）的理解",
    ),
    basis=(
        "FACTS.md §8 Multi-level structure [M]: 街道(乡镇) → 社区(村) → 网格 → 微网格; "
        "dedicated grids (专属网格) kept apart from basic grids (Xi'an DB6101/T 3185-2024) "
        "[V-2]; one basic grid a community and a head for each are neighborly's own"
    ),
    reads=Text("the street's grids and officers", "街道的网格与工作人员"),
)
STREET_RULES: tuple[Rule, ...] = (GRIDS_RULE,)
"""The rules a street is judged by, above its communities' own."""


def check_street(street: Street) -> tuple[Verdict, ...]:
    """The street's own rules: ``street.grids`` when the street keeps grids (a
    street without grids is not judged on them)."""
    if not street.grids:
        return ()
    basic: dict[str, list[str]] = {c.id: [] for c in street.communities}
    for grid in street.grids:
        if grid.kind is StreetGridKind.BASIC:
            for name in grid.communities:
                basic[name].append(grid.id)
    problems = []
    for i, community in enumerate(street.communities):
        held = basic[community.id]
        if len(held) != 1:
            problems.append(
                Reason(
                    f"$.communities[{i}]",
                    Text(
                        f"{community.id} is in {len(held)} basic street grids"
                        + (f": {', '.join(held)}" if held else ""),
                        f"{community.id} 属于 {len(held)} 个街道基础网格"
                        + (f"：{'、'.join(held)}" if held else ""),
                    ),
                    "1",
                    str(len(held)),
                )
            )
    problems.extend(
        Reason(
            f"$.grids[{i}].head",
            Text(f"street grid {grid.id} has no head", f"街道网格 {grid.id} 没有负责人"),
            "an officer",
            "null",
        )
        for i, grid in enumerate(street.grids)
        if grid.head is None
    )
    return (
        GRIDS_RULE.judge(
            problems,
            Reason(
                "$.grids",
                Text(
                    f"{len(street.communities)} communities, each in one basic street grid;"
                    f" {len(street.grids)} street grids, each with a head",
                    f"{len(street.communities)} 个社区均属于一个街道基础网格；"
                    f"{len(street.grids)} 个街道网格均有负责人",
                ),
            ),
        ),
    )


# --- volunteer statistics ---------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class Counts(Model):
    """The counts of one group (a field of service, a community, a year or a month)."""

    key: str
    registered: int = 0
    active: int = 0
    new: int = 0
    hours: Decimal = Decimal(0)

    __attrs_post_init__ = checks(
        key=TEXT,
        registered=int_range(0, 10**12),
        active=int_range(0, 10**12),
        new=int_range(0, 10**12),
        hours=Check(
            "type({v}) is _Decimal and {v} >= 0",
            Text("hours, 0 or more", "小时数，不小于 0"),
            {"_Decimal": Decimal},
        ),
    )

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.key,
            self.registered + other.registered,
            self.active + other.active,
            self.new + other.new,
            self.hours + other.hours,
        )


@attrs.frozen(eq=False, repr=False)
class VolunteerStatistics(Model):
    """Volunteers from ``start`` to ``end`` (both included), as the module's
    description defines them; ``by_field``, ``by_community``, ``by_year`` and
    ``by_month`` (``YYYY-MM``, new registrations) break the totals down."""

    start: dt.date
    end: dt.date
    total: Counts
    by_field: tuple[Counts, ...] = ()
    by_community: tuple[Counts, ...] = ()
    by_year: tuple[Counts, ...] = ()
    by_month: tuple[Counts, ...] = ()

    __attrs_post_init__ = checks(
        start=DATE,
        end=DATE,
        total=of_type(Counts),
        by_field=tuple_of(Counts),
        by_community=tuple_of(Counts),
        by_year=tuple_of(Counts),
        by_month=tuple_of(Counts),
    )

    @property
    def days(self) -> int:
        """The days of the period."""
        return (self.end - self.start).days + 1

    @property
    def new_a_day(self) -> Decimal:
        """New registrations a day, on average over the period, to one decimal."""
        return (Decimal(self.total.new) / self.days).quantize(Decimal("0.1"))

    def __add__(self, other: VolunteerStatistics) -> VolunteerStatistics:
        """The statistics of two disjoint groups of communities over the same period
        together (what a city job adds up); :class:`~neighborly.errors.InvalidInput`
        for statistics of another period."""
        if (self.start, self.end) != (other.start, other.end):
            raise InvalidInput(
                [
                    Problem(
                        "$.start",
                        Text(
                            f"the same period, {self.start} to {self.end}",
                            f"同一时段：{self.start} 至 {self.end}",
                        ),
                        Text.same(f"{other.start} to {other.end}"),
                    )
                ]
            )
        return VolunteerStatistics(
            self.start,
            self.end,
            self.total + other.total,
            _merged(self.by_field, other.by_field),
            _merged(self.by_community, other.by_community),
            _merged(self.by_year, other.by_year),
            _merged(self.by_month, other.by_month),
        )

    def explain(self, lang: Lang = "en") -> str:
        """The figures as lines of text."""
        lang = check_lang(lang)
        t = self.total
        if lang == "zh":
            lines = [
                f"{self.start} 至 {self.end}（{self.days} 天）：注册志愿者 {number(t.registered)} 人，"
                f"在岗服务 {number(t.active)} 人，新注册 {number(t.new)} 人（日均 {self.new_a_day} 人），"
                f"服务时长 {number(t.hours)} 小时",
            ]
        else:
            lines = [
                f"{self.start} to {self.end} ({self.days} days): {number(t.registered)} registered"
                f" volunteers, {number(t.active)} active, {number(t.new)} new ({self.new_a_day} a"
                f" day), {number(t.hours)} hours served",
            ]
        for title, rows in (
            (Text("by field of service", "按服务领域"), self.by_field),
            (Text("by community", "按社区"), self.by_community),
        ):
            lines.append(f"  {title.render(lang)}:")
            lines.extend(
                f"    {row.key}: {number(row.registered)} / {number(row.active)} / "
                f"{number(row.new)} / {number(row.hours)} h"
                for row in rows
            )
        return "\n".join(lines)


def _merged(one: tuple[Counts, ...], other: tuple[Counts, ...]) -> tuple[Counts, ...]:
    found: dict[str, Counts] = {row.key: row for row in one}
    for row in other:
        found[row.key] = found[row.key] + row if row.key in found else row
    return tuple(found[key] for key in sorted(found))


def volunteer_statistics(
    communities: Iterable[Community],
    start: dt.date,
    end: dt.date,
    policy: RecordPolicy | None = None,
) -> VolunteerStatistics:
    """The volunteers of ``communities`` from ``start`` to ``end`` (see the module's
    description for what each figure counts).  One pass over each community's
    volunteers and records; communities are added up by :meth:`VolunteerStatistics.__add__`,
    so the figures of a city are the sum of its parts in any grouping."""
    _period(start, end)
    total: VolunteerStatistics | None = None
    for community in communities:
        one = _statistics_of(community, start, end, policy)
        total = one if total is None else total + one
    return total if total is not None else VolunteerStatistics(start, end, Counts("total"))


def _period(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise InvalidInput(
            [
                Problem(
                    "$.end",
                    Text(f"a day on or after the start, {start}", f"不早于开始日 {start} 的日期"),
                    Text.same(str(end)),
                )
            ]
        )


def _statistics_of(
    community: Community, start: dt.date, end: dt.date, policy: RecordPolicy | None
) -> VolunteerStatistics:
    kinds = {team.id: team.kind.value for team in community.teams}
    fields_of: dict[str, set[str]] = {}
    for team in community.teams:
        for member in team.members:
            fields_of.setdefault(member, set()).add(team.kind.value)
    reversed_ids = {r.reverses for r in community.records if r.reverses is not None}
    served: dict[str, Decimal] = {}
    hours_by_field: dict[str, Decimal] = {}
    active_fields: dict[str, set[str]] = {}
    for record in community.records:
        if (
            record.status is not RecordStatus.APPROVED
            or record.reverses is not None
            or record.id in reversed_ids
            or not start <= record.day <= end
        ):
            continue
        hours = served_hours(record, policy)
        served[record.volunteer] = served.get(record.volunteer, Decimal(0)) + hours
        field = kinds.get(record.team or "", TeamKind.OTHER.value)
        hours_by_field[field] = hours_by_field.get(field, Decimal(0)) + hours
        active_fields.setdefault(field, set()).add(record.volunteer)
    registered = [v for v in community.volunteers if v.registered <= end]
    new = [v for v in registered if v.registered >= start]
    fields: dict[str, Counts] = {}
    for volunteer in registered:
        for field in fields_of.get(volunteer.id, {TeamKind.OTHER.value}):
            row = fields.get(field, Counts(field))
            fields[field] = row + Counts(field, 1, 0, int(volunteer.registered >= start))
    for field, members in active_fields.items():
        row = fields.get(field, Counts(field))
        fields[field] = row + Counts(field, 0, len(members), 0, hours_by_field[field])
    hours = sum(served.values(), Decimal(0))
    total = Counts("total", len(registered), len(served), len(new), hours)
    years: Counter[str] = Counter(str(v.registered.year) for v in new)
    months: Counter[str] = Counter(f"{v.registered:%Y-%m}" for v in new)
    return VolunteerStatistics(
        start,
        end,
        total,
        tuple(fields[key] for key in sorted(fields)),
        (attrs.evolve(total, key=community.id),),
        tuple(Counts(key, new=n) for key, n in sorted(years.items())),
        tuple(Counts(key, new=n) for key, n in sorted(months.items())),
    )


# --- the roll-up --------------------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class CommunityRow(Model):
    """One community's part of a roll-up: the rules it fails, of how many judged."""

    community: str
    name: str
    failed: tuple[str, ...]
    judged: int

    __attrs_post_init__ = checks(
        community=IDENT, name=TEXT, failed=tuple_of(str), judged=int_range(0, 10**6)
    )


@attrs.frozen(eq=False, repr=False)
class RuleRow(Model):
    """One rule across the street: the communities that fail it, of how many judged."""

    rule: str
    title: Text
    failing: tuple[str, ...]
    judged: int

    __attrs_post_init__ = checks(
        rule=TEXT, title=of_type(Text), failing=tuple_of(str), judged=int_range(0, 10**6)
    )


@attrs.frozen(eq=False, repr=False)
class Figures(Model):
    """What a street reads across its communities, one community's part.

    - ``households``, and ``uncovered``: households and shops not in exactly one
      level-3 grid (the problems of ``grids.coverage``);
    - ``circle_gaps``: the buildings' gaps to the 15-minute life circle, a building
      without a location counted as one (the problems of ``services.circle``; None
      when the community records no facilities);
    - ``meetings_due`` and ``meetings_held``: the Party meetings owed in the periods of
      ``as_of``'s year that have ended by ``as_of``, and how many of them were held
      (None without a Party organisation);
    - ``points_awarded``, ``points_redeemed`` and ``points_held``: points awarded and
      redeemed (not reversed, refused entries left out as a replay does) and the
      volunteers' balances (None without a points book)."""

    community: str
    households: int
    uncovered: int
    circle_gaps: int | None = None
    meetings_due: int | None = None
    meetings_held: int | None = None
    points_awarded: int | None = None
    points_redeemed: int | None = None
    points_held: int | None = None

    __attrs_post_init__ = checks(
        community=IDENT,
        households=int_range(0, 10**9),
        uncovered=int_range(0, 10**9),
        circle_gaps=opt(int_range(0, 10**9)),
        meetings_due=opt(int_range(0, 10**9)),
        meetings_held=opt(int_range(0, 10**9)),
        points_awarded=opt(int_range(0, 10**15)),
        points_redeemed=opt(int_range(0, 10**15)),
        points_held=opt(int_range(-(10**15), 10**15)),
    )


def _problems_of(report: Iterable[Verdict], rule: str) -> int | None:
    """How many problems the verdicts of ``rule`` name (None when it did not run)."""
    found = [v for v in report if v.rule == rule]
    if not found:
        return None
    return sum(len(v.reasons) for v in found if not v.passed)


def figures(
    community: Community,
    report: Iterable[Verdict],
    as_of: dt.date,
    policies: Policies | None = None,
) -> Figures:
    """``community``'s :class:`Figures` on ``as_of``; ``report`` is its
    :func:`~neighborly.rules.check_community` on that day, whose coverage and life
    circle problems are counted."""
    verdicts = tuple(report)
    p = policies_for(community, policies)
    households = sum(1 for _ in community.households())
    due = held = None
    if community.party is not None:
        party = community.party
        compliance = meeting_compliance(
            party.units,
            party.meetings,
            dt.date(as_of.year, 1, 1),
            as_of,
            policy=p.meetings,
            positions=party.positions,
        )
        statuses = [s for unit in compliance for s in unit.statuses]
        due, held = sum(s.due for s in statuses), sum(s.held for s in statuses)
    awarded = redeemed = balance = None
    if community.points is not None:
        book = community.points
        ledger = Ledger(book.accounts, book.catalogue)
        postings = [entry.posting for entry in book.entries]
        refused = {index for index, _ in post_in_order(ledger, postings)}
        # what the ledger holds (a key posted again with the same content is held
        # once), less what was reversed; read from the postings, with no hash chain
        kept, seen = [], set()
        for i, x in enumerate(postings):
            if i not in refused and x.key not in seen:
                seen.add(x.key)
                if ledger.reversed_by(x.key) is None:
                    kept.append(x)
        awarded = sum(x.points for x in kept if x.kind is PostingKind.AWARD)
        redeemed = sum(x.points for x in kept if x.kind is PostingKind.REDEMPTION)
        held_by = ledger.balances()
        balance = sum(
            held_by.get(a.id, 0) for a in book.accounts if a.kind is AccountKind.VOLUNTEER
        )
    return Figures(
        community.id,
        households,
        _problems_of(verdicts, "grids.coverage") or 0,
        _problems_of(verdicts, "services.circle") if community.facilities else None,
        due,
        held,
        awarded,
        redeemed,
        balance,
    )


@attrs.frozen(eq=False, repr=False)
class StreetReport(Model):
    """A street's roll-up on ``as_of``: each community with its failing rules (the
    most failures first), each rule with the communities failing it (failing in
    the most communities first, then by code), and this year's volunteer
    statistics up to ``as_of``; and each community's :class:`Figures` (grid
    coverage, life-circle gaps, Party meetings, points) in the street's order."""

    street: str
    name: str
    as_of: dt.date
    communities: tuple[CommunityRow, ...]
    rules: tuple[RuleRow, ...]
    volunteers: VolunteerStatistics
    figures: tuple[Figures, ...] = ()
    street_rules: tuple[Verdict, ...] = ()

    __attrs_post_init__ = checks(
        street=IDENT,
        name=TEXT,
        as_of=DATE,
        communities=tuple_of(CommunityRow),
        rules=tuple_of(RuleRow),
        volunteers=of_type(VolunteerStatistics),
        figures=tuple_of(Figures),
        street_rules=tuple_of(Verdict),
    )

    @property
    def passed(self) -> bool:
        """Whether every community passed every rule judged, and the street its own."""
        return not any(row.failed for row in self.communities) and all(
            v.passed for v in self.street_rules
        )

    def explain(self, lang: Lang = "en") -> str:
        """The roll-up as text: the communities worst first, the failing rules with
        where they fail, and the volunteers."""
        lang = check_lang(lang)
        zh = lang == "zh"
        lines = [
            f"{self.name} ({self.street})，{self.as_of}"
            if zh
            else f"{self.name} ({self.street}), {self.as_of}",
            "社区（未通过规则最多者在前）：" if zh else "Communities, most failing rules first:",
        ]
        for row in self.communities:
            failed = len(row.failed)
            lines.append(
                f"  {row.name} ({row.community})：{failed}/{row.judged} 条未通过"
                if zh
                else f"  {row.name} ({row.community}): {failed} of {row.judged} rules failing"
            )
        failing = [row for row in self.rules if row.failing]
        lines.append("未通过的规则：" if zh else "Failing rules, in most communities first:")
        lines.extend(
            f"  {row.rule} {row.title.render(lang)}: {len(row.failing)}/{row.judged} — "
            + ", ".join(row.failing)
            for row in failing
        )
        if not failing:
            lines.append("  （无）" if zh else "  (none)")
        if self.street_rules:
            lines.append("街道自身的规则：" if zh else "The street's own rules:")
            lines.extend(
                "  " + line for v in self.street_rules for line in v.explain(lang).splitlines()
            )
        lines.append("志愿者：" if zh else "Volunteers:")
        lines.extend("  " + line for line in self.volunteers.explain(lang).splitlines())
        if self.figures:
            lines.append(
                "各社区：网格覆盖、生活圈缺口、党组织会议、积分："
                if zh
                else "By community: grid coverage, life-circle gaps, Party meetings, points:"
            )
            lines.extend("  " + _figures_line(f, zh=zh) for f in self.figures)
        return "\n".join(lines)


def _figures_line(f: Figures, *, zh: bool) -> str:
    none = "—"
    gaps = none if f.circle_gaps is None else number(f.circle_gaps)
    meetings = (
        none
        if f.meetings_due is None
        else f"{number(f.meetings_held or 0)}/{number(f.meetings_due)}"
    )
    points = (
        none
        if f.points_awarded is None
        else (
            f"发放 {number(f.points_awarded)}，兑换 {number(f.points_redeemed or 0)}，"
            f"结余 {number(f.points_held or 0)}"
            if zh
            else f"{number(f.points_awarded)} awarded, {number(f.points_redeemed or 0)} redeemed,"
            f" {number(f.points_held or 0)} held"
        )
    )
    if zh:
        return (
            f"{f.community}：{number(f.households)} 户，未恰入一个三级网格 {number(f.uncovered)}；"
            f"生活圈缺口 {gaps}；会议 已开/应开 {meetings}；积分 {points}"
        )
    return (
        f"{f.community}: {number(f.households)} households, {number(f.uncovered)} not in"
        f" exactly one level-3 grid; life-circle gaps {gaps}; meetings held/due {meetings};"
        f" points {points}"
    )


RULE_TITLES: dict[str, Text] = {rule.code: rule.title for rule in catalogue()}
"""Each catalogued rule's title: a rule's verdicts may carry a title of their own
(a vote's motion), the roll-up names the rule."""


@attrs.frozen(eq=False, repr=False)
class RuleJudged(Model):
    """A rule that judged a community, once however many verdicts it gave: its title
    and whether any of them failed."""

    rule: str
    title: Text
    failed: bool


@attrs.frozen(eq=False, repr=False)
class Judged(Model):
    """What a street's roll-up keeps of one community: its id, name and bundle, each
    rule that judged it once (its title, and whether any of its verdicts failed), its
    :class:`Figures` and its volunteers.  Small, so that communities can be judged one
    at a time, or in other processes, and only this kept."""

    community: str
    name: str
    policies: str | None
    rules: tuple[RuleJudged, ...]
    figures: Figures
    volunteers: VolunteerStatistics


def judge(
    community: Community,
    *,
    as_of: dt.date,
    policies: Policies | None = None,
    street_policies: str | None = None,
    calendar: HolidayCalendar | None = None,
) -> Judged:
    """One community's part of a street's roll-up on ``as_of`` (see :func:`roll_up`;
    ``street_policies`` is the street's bundle), with the cyclic garbage collector
    paused (see :func:`~neighborly.rules.check_community`)."""
    with collector_paused():
        return _judge(community, as_of, policies, street_policies, calendar)


def _judge(
    community: Community,
    as_of: dt.date,
    policies: Policies | None,
    street_policies: str | None,
    calendar: HolidayCalendar | None,
) -> Judged:
    judged_by = policies_for(community, policies, street_policies)
    report = check_community(community, as_of=as_of, policies=judged_by, calendar=calendar)
    rules: dict[str, tuple[Text, bool]] = {}
    for verdict in report:  # a rule may give several verdicts (one a vote): once each
        title, failed = rules.get(
            verdict.rule, (RULE_TITLES.get(verdict.rule, verdict.title), False)
        )
        rules[verdict.rule] = (title, failed or not verdict.passed)
    first = dt.date(as_of.year, 1, 1)
    return Judged(
        community.id,
        community.name,
        community.policies,
        tuple(RuleJudged(rule, title, failed) for rule, (title, failed) in rules.items()),
        figures(community, report, as_of, judged_by),
        volunteer_statistics((community,), first, as_of, judged_by.records),
    )


def roll_up(
    street: Street,
    *,
    as_of: dt.date,
    policies: Policies | None = None,
    calendar: HolidayCalendar | None = None,
) -> StreetReport:
    """Every community's :func:`~neighborly.rules.check_community` on ``as_of``, rolled
    up: which rules fail where, worst first; and the volunteers of ``as_of``'s year
    up to ``as_of``.  Each community is judged by ``policies`` when given, else by
    the bundle it names, else by the street's, else by the national defaults
    (:func:`~neighborly.rules.policies_for`)."""
    judged = [
        judge(
            community,
            as_of=as_of,
            policies=policies,
            street_policies=street.policies,
            calendar=calendar,
        )
        for community in street.communities
    ]
    return combine(street, judged, as_of=as_of)


def combine(street: Street, judged: Sequence[Judged], *, as_of: dt.date) -> StreetReport:
    """The roll-up of ``street`` from its communities judged one by one (by
    :func:`judge`, in the street's order; ``street`` need not hold the communities
    themselves: its own rules see each community's id, name and bundle)."""
    rows: list[CommunityRow] = []
    titles: dict[str, Text] = {}
    failing: dict[str, list[str]] = {}
    counted: dict[str, int] = {}  # rule -> how many communities it judged
    for one in judged:
        failed = []
        for seen in one.rules:
            titles.setdefault(seen.rule, seen.title)
            counted[seen.rule] = counted.get(seen.rule, 0) + 1
            if seen.failed:
                failed.append(seen.rule)
                failing.setdefault(seen.rule, []).append(one.community)
        rows.append(CommunityRow(one.community, one.name, tuple(failed), len(one.rules)))
    rows.sort(key=lambda row: (-len(row.failed), row.community))
    rules = sorted(
        (
            RuleRow(rule, titles[rule], tuple(failing.get(rule, ())), counted[rule])
            for rule in counted
        ),
        key=lambda row: (-len(row.failing), row.rule),
    )
    volunteers = VolunteerStatistics(dt.date(as_of.year, 1, 1), as_of, Counts("total"))
    for one in judged:  # each counted by its own records policy
        volunteers += one.volunteers
    if not street.communities:
        stubs = tuple(Community(j.community, j.name, policies=j.policies) for j in judged)
        street = attrs.evolve(street, communities=stubs)
    return StreetReport(
        street.id,
        street.name,
        as_of,
        tuple(rows),
        tuple(rules),
        volunteers,
        tuple(one.figures for one in judged),
        check_street(street),
    )
