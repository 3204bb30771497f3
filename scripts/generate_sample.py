"""Generate the sample community shipped in ``src/neighborly/data``.

The community is synthetic but built to the scale of a real pilot compound: one
compound of 23 buildings and 3,281 households (11,000+ residents), shops, a
three-level grid of 1 + 1 + 8 grids, staff and service teams, four venues and a
year of recurring activities (weekly, monthly and on every traditional festival)
with volunteers assigned to them through 2027.  Phones are
``13800xxxxxx`` (residents) and ``13900xxxxxx`` (staff and teams); ID numbers use the
unused region code ``990000``.

The output is fully determined by ``SEED``: running the script again writes the same
bytes, and a test checks that the shipped file matches what the script makes.

    python scripts/generate_sample.py            # writes the packaged file
    python scripts/generate_sample.py --stdout   # writes the JSON to standard output
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import random
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from neighborly import Community, dumps
from neighborly._time import DEFAULT_ZONE
from neighborly.calendar import Festival
from neighborly.care import MealEnrolment
from neighborly.cases import (
    Agreement,
    Case,
    CaseKind,
    CaseLevel,
    Disputant,
    MediationSession,
    Move,
    PartyKind,
    Referral,
    ReferralTo,
    Route,
)
from neighborly.deliberation import (
    Board,
    Decision,
    Deliberation,
    DeliberationMeeting,
    Milestone,
    Progress,
    ProposalStatus,
    Resolution,
    Responsible,
    Seat,
    SeatKind,
    SupportPolicy,
    Undertaking,
    apply_resolutions,
    invitees,
    propose,
    put_on_agenda,
    support,
)
from neighborly.elections import Body, Election, ElectionBallot, Electorate, GroupRepresentatives
from neighborly.errors import Refused
from neighborly.geo import Location
from neighborly.grids import Grid, GridLevel, Role, ServiceTeam, StaffMember, TeamKind
from neighborly.owners import (
    AssemblyMeeting,
    Ballot,
    Bill,
    Candidate,
    Charge,
    Choice,
    Committee,
    CompanyActivity,
    DutyDay,
    GroupMember,
    GroupRole,
    HolidayDuty,
    JointMeeting,
    JointParty,
    Matter,
    Motion,
    Owners,
    Payment,
    PropertyCompany,
    RaisedMatter,
    Reception,
    ReceptionDay,
    Vote,
    WorkingCommittee,
    roll_of,
)
from neighborly.parking import Parking, ParkingPool, ParkingRequest, allocate
from neighborly.party import (
    CoBuildingUnit,
    Demonstration,
    Meeting,
    MeetingKind,
    MemberStatus,
    Party,
    PartyMember,
    PartyUnit,
    Pledge,
    Position,
    PositionKind,
    Project,
    ReportIn,
    ServiceDone,
    Spending,
    UnitKind,
    Window,
    meeting_events,
)
from neighborly.places import (
    Building,
    Compound,
    Household,
    Resident,
    ResidentTag,
    Shop,
    Unit,
    residents_of,
)
from neighborly.points import (
    Account,
    AccountKind,
    Book,
    EarningPolicy,
    EarningRule,
    ExpiryPolicy,
    Item,
    Ledger,
    awards,
    expiries,
    redemption,
)
from neighborly.recurrence import Recurrence
from neighborly.registries import (
    Artisan,
    Fund,
    HeritageLevel,
    MealPoint,
    Registries,
    contribute,
    pay_out,
)
from neighborly.requests import (
    EscalationPolicy,
    Outcome,
    Request,
    Urgency,
    give_feedback,
    raise_request,
)
from neighborly.requests import escalate as escalate_request
from neighborly.requests import resolve as resolve_request
from neighborly.residents_committee import (
    Attendance,
    CommitteeMember,
    CommitteeRole,
    MeetingDecision,
    Requisition,
    ResidentsCommittee,
    ResidentsGroup,
    ResidentsMeeting,
)
from neighborly.sample import _pack
from neighborly.scheduling import (
    TRADITIONAL_FESTIVALS,
    Assignment,
    Event,
    OpeningHours,
    RoleNeed,
    Venue,
    occurrences,
    recurring_event,
)
from neighborly.services import Facility
from neighborly.volunteer_admin import (
    CertificateRequest,
    Commendation,
    Cover,
    Training,
    VolunteerAdmin,
    issue_certificate,
)
from neighborly.volunteering import (
    RecordStatus,
    ServiceRecord,
    Verifier,
    Volunteer,
    correct,
    record_deadline,
)
from neighborly.waste import (
    NATIONAL,
    CollectionPoint,
    Colour,
    PointPolicy,
    Slot,
    Sorting,
    SortingCheck,
    WasteCategory,
    plan_rota,
)
from neighborly.wishes import ClaimantKind, Wish
from neighborly.wishes import acknowledge as acknowledge_wish
from neighborly.wishes import claim as claim_wish
from neighborly.wishes import contact as contact_wish
from neighborly.wishes import fulfil as fulfil_wish
from neighborly.wishes import publish as publish_wish
from neighborly.wishes import submit as submit_wish
from neighborly.wishes import verify as verify_wish

SEED = 20261122
HOUSEHOLDS = 3281
BUILDINGS = 23
LEVEL3_GRIDS = 8
AS_OF = dt.date(2026, 11, 1)
# Volunteers are assigned to every occurrence in this window, except for the two
# gaps ``assign`` leaves on purpose so the scheduling rules have something to say.
PLAN_FROM = dt.datetime(2026, 1, 1, tzinfo=DEFAULT_ZONE)
PLAN_TO = dt.datetime(2028, 1, 1, tzinfo=DEFAULT_ZONE)
SERIES_START = dt.date(2026, 1, 1)
OUTPUT = Path(__file__).resolve().parent.parent / "src" / "neighborly" / "data"
FILENAME = "sample_community.json.gz"
MODELS = "sample_community.pickle.gz"  # the same, as models (see neighborly.sample)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国红梅志海燕鹏飞云春晓文博宇浩然欣怡佳琪子涵雨轩"
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
SHOP_KINDS = (
    ("便利店", "convenience store"),
    ("理发店", "barber"),
    ("药店", "pharmacy"),
    ("早餐店", "breakfast"),
    ("快递驿站", "parcel station"),
    ("洗衣店", "laundry"),
    ("水果店", "fruit"),
    ("维修铺", "repairs"),
    ("社区诊所", "clinic"),
    ("面馆", "noodles"),
)


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.resident_seq = 0
        self.phone_seq = 0
        self.staff_phone_seq = 0
        self.id_seq = 0

    def name(self) -> str:
        given = "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2, 2))))
        return self.rng.choice(SURNAMES) + given

    def resident_phone(self) -> str:
        self.phone_seq += 1
        return f"13800{self.phone_seq:06d}"

    def staff_phone(self) -> str:
        self.staff_phone_seq += 1
        return f"13900{self.staff_phone_seq:06d}"

    def id_number(self, born: dt.date) -> str:
        self.id_seq += 1
        body = f"990000{born:%Y%m%d}{self.id_seq % 1000:03d}"
        total = sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True))
        return body + "10X98765432"[total % 11]

    def birth_date(self, age: int) -> dt.date:
        born_year = AS_OF.year - age
        day_of_year = self.rng.randrange(365)
        born = dt.date(born_year, 1, 1) + dt.timedelta(days=day_of_year)
        if born > AS_OF.replace(year=born_year) and age > 0:
            born = born.replace(year=born_year - 1) if born.month != 2 or born.day != 29 else born
        return born

    def ages(self, size: int) -> list[int]:
        if size == 1:
            return [self.rng.choice((self.rng.randint(24, 45), self.rng.randint(62, 92)))]
        head = self.rng.randint(26, 78)
        ages = [head, max(20, min(90, head + self.rng.randint(-6, 6)))]
        for _ in range(size - 2):
            if head >= 52 and self.rng.random() < 0.5:
                ages.append(max(0, head - self.rng.randint(22, 34)))
            elif head < 50 and self.rng.random() < 0.4:
                ages.append(min(95, head + self.rng.randint(24, 32)))
            else:
                ages.append(max(0, head - self.rng.randint(22, 36)))
        return ages

    def residents(self, size: int) -> tuple[Resident, ...]:
        ages = self.ages(size)
        people: list[Resident] = []
        for age in ages:
            self.resident_seq += 1
            tags: set[ResidentTag] = set()
            roll = self.rng.random()
            if age >= 18 and roll < 0.09:
                tags.add(ResidentTag.PARTY_MEMBER)
            if age >= 16 and self.rng.random() < 0.06:
                tags.add(ResidentTag.VOLUNTEER)
            if self.rng.random() < 0.015:
                tags.add(ResidentTag.DISABLED)
            if self.rng.random() < 0.012:
                tags.add(ResidentTag.LOW_INCOME)
            if age >= 40 and self.rng.random() < 0.02:
                tags.add(ResidentTag.VETERAN)
            if size == 1 and age >= 60:
                tags.add(ResidentTag.ELDER_LIVING_ALONE)
            if size == 2 and min(ages) >= 60:
                tags.add(ResidentTag.EMPTY_NEST_ELDER)
            if age < 16 and size >= 2 and max(ages) >= 60 and self.rng.random() < 0.15:
                tags.add(ResidentTag.LEFT_BEHIND_CHILD)
            if self.rng.random() < 0.1:
                people.append(
                    Resident(
                        id=f"r-{self.resident_seq:06d}",
                        name=self.name(),
                        phone=self.resident_phone() if age >= 14 else None,
                        age=age,
                        tags=frozenset(tags),
                    )
                )
                continue
            born = self.birth_date(age)
            people.append(
                Resident(
                    id=f"r-{self.resident_seq:06d}",
                    name=self.name(),
                    phone=self.resident_phone() if age >= 14 else None,
                    id_number=self.id_number(born),
                    birth_date=born,
                    tags=frozenset(tags),
                )
            )
        if size == 2 and min(ages) < 18 and self.rng.random() < 0.3:
            people[0] = attrs.evolve(people[0], tags=people[0].tags | {ResidentTag.SINGLE_PARENT})
        return tuple(people)

    def building_sizes(self) -> list[int]:
        raw = [self.rng.randint(96, 196) for _ in range(BUILDINGS)]
        scaled = [round(r * HOUSEHOLDS / sum(raw)) for r in raw]
        scaled[-1] += HOUSEHOLDS - sum(scaled)
        return scaled

    def building(self, number: int, size: int, outside_owners: list[str]) -> Building:
        units_count = 2 if size < 110 else 3 if size < 160 else 4
        doors = 2
        floors = -(-size // (units_count * doors))
        units: list[list[Household]] = [[] for _ in range(units_count)]
        made = 0
        for floor in range(1, floors + 1):
            for unit_index in range(units_count):
                for door in range(1, doors + 1):
                    if made == size:
                        break
                    made += 1
                    room = f"{floor}{door:02d}"
                    occupants = self.residents(
                        self.rng.choices((0, 1, 2, 3, 4, 5, 6), (2, 6, 17, 28, 25, 15, 7))[0]
                    )
                    owners: tuple[str, ...]
                    if occupants and self.rng.random() < 0.9:
                        owners = (occupants[0].id,)
                        if len(occupants) > 1 and self.rng.random() < 0.3:
                            owners = (occupants[0].id, occupants[1].id)
                    else:
                        if not outside_owners or self.rng.random() < 0.8:
                            outside_owners.append(f"o-{len(outside_owners) + 1:05d}")
                        owners = (self.rng.choice(outside_owners),)
                    area = Decimal(self.rng.randint(4500, 14400)) / 100
                    units[unit_index].append(
                        Household(
                            id=f"h-{number:02d}-{unit_index + 1}-{room}",
                            room=room,
                            area_m2=area,
                            owners=owners,
                            occupants=occupants,
                        )
                    )
        return Building(
            id=f"b-{number:02d}",
            number=str(number),
            floors=floors,
            units=tuple(
                Unit(id=f"u-{number:02d}-{i + 1}", number=str(i + 1), households=tuple(hs))
                for i, hs in enumerate(units)
            ),
        )


def group_buildings(sizes: list[int], low: int = 300, high: int = 500) -> list[list[int]]:
    """Consecutive buildings in LEVEL3_GRIDS groups of low..high households, as even as possible."""
    target = sum(sizes) / LEVEL3_GRIDS
    n = len(sizes)
    prefix = [0]
    for size in sizes:
        prefix.append(prefix[-1] + size)
    # best[k][i]: the smallest worst deviation splitting the first i buildings into k groups
    inf = float("inf")
    best = [[inf] * (n + 1) for _ in range(LEVEL3_GRIDS + 1)]
    cut = [[0] * (n + 1) for _ in range(LEVEL3_GRIDS + 1)]
    best[0][0] = 0.0
    for k in range(1, LEVEL3_GRIDS + 1):
        for i in range(1, n + 1):
            for j in range(k - 1, i):
                total = prefix[i] - prefix[j]
                if not low <= total <= high:
                    continue
                worst = max(best[k - 1][j], abs(total - target))
                if worst < best[k][i]:
                    best[k][i], cut[k][i] = worst, j
    if best[LEVEL3_GRIDS][n] == inf:
        msg = "no grouping keeps every grid within the band"
        raise SystemExit(msg)
    groups: list[list[int]] = []
    i = n
    for k in range(LEVEL3_GRIDS, 0, -1):
        j = cut[k][i]
        groups.append(list(range(j, i)))
        i = j
    return groups[::-1]


def build(seed: int = SEED) -> Community:
    gen = Generator(seed)
    sizes = gen.building_sizes()
    outside_owners: list[str] = []
    buildings = [gen.building(i + 1, size, outside_owners) for i, size in enumerate(sizes)]
    shops: list[Shop] = []
    for i in range(36):
        kind_zh, _ = SHOP_KINDS[i % len(SHOP_KINDS)]
        in_building = i < 24
        shops.append(
            Shop(
                id=f"s-{i + 1:02d}",
                name=f"示例{kind_zh}{i // len(SHOP_KINDS) + 1}号",
                category=kind_zh,
                building=f"b-{i % 12 + 1:02d}" if in_building else None,
            )
        )
    buildings = [attrs.evolve(b, location=building_location(i)) for i, b in enumerate(buildings)]
    compound = Compound(id="cp-1", name="示例花园", buildings=tuple(buildings), shops=tuple(shops))

    staff: list[StaffMember] = [
        StaffMember(
            "st-secretary", gen.name(), Role.PARTY_SECRETARY, gen.staff_phone(), "示例社区党委"
        ),
        StaffMember(
            "st-deputy", gen.name(), Role.DEPUTY_DIRECTOR, gen.staff_phone(), "示例社区居委会"
        ),
        StaffMember(
            "st-property",
            gen.name(),
            Role.PROPERTY_MANAGER,
            gen.staff_phone(),
            "示例物业服务有限公司",
        ),
    ]
    groups = group_buildings(sizes)
    level3: list[Grid] = []
    street_shops = [s.id for s in shops if s.building is None]
    for g, members in enumerate(groups):
        cadre = g % 2 == 0
        head = StaffMember(
            f"st-head-{g + 1}",
            gen.name(),
            Role.COMMUNITY_CADRE if cadre else Role.PROPERTY_CUSTOMER_SERVICE,
            gen.staff_phone(),
            "示例社区居委会" if cadre else "示例物业服务有限公司",
        )
        worker = StaffMember(
            f"st-worker-{g + 1}", gen.name(), Role.GRID_WORKER, gen.staff_phone(), "示例社区居委会"
        )
        leaders = [
            StaffMember(
                f"st-leader-{b + 1:02d}",
                gen.name(),
                Role.BUILDING_GROUP_LEADER,
                gen.staff_phone(),
                f"{b + 1}号楼",
            )
            for b in members
        ]
        staff.extend([head, worker, *leaders])
        places = [f"b-{b + 1:02d}" for b in members]
        share = street_shops[
            g * len(street_shops) // len(groups) : (g + 1) * len(street_shops) // len(groups)
        ]
        level3.append(
            Grid(
                id=f"g3-{g + 1}",
                name=f"第{g + 1}网格（{members[0] + 1}-{members[-1] + 1}号楼）",
                level=GridLevel.BUILDING_GROUP,
                parent="g2-1",
                head=head.id,
                staff=(head.id, worker.id, *(leader.id for leader in leaders)),
                places=(*places, *share),
            )
        )
    grids = [
        Grid(
            id="g1",
            name="示例社区一级网格",
            level=GridLevel.COMMUNITY,
            head="st-secretary",
            staff=("st-secretary", "st-deputy"),
            places=("c-sample",),
        ),
        Grid(
            id="g2-1",
            name="示例花园二级网格",
            level=GridLevel.COMPOUND,
            parent="g1",
            head="st-deputy",
            staff=("st-deputy", "st-property"),
            places=("cp-1",),
        ),
        *level3,
    ]
    teams = [
        ServiceTeam(
            "t-culture",
            "夕阳红太极舞蹈队",
            TeamKind.CULTURE,
            gen.name(),
            gen.staff_phone(),
            ("g1",),
        ),
        ServiceTeam(
            "t-sorting",
            "垃圾分类督导队",
            TeamKind.SORTING_SUPERVISION,
            gen.name(),
            gen.staff_phone(),
            ("g2-1",),
        ),
        ServiceTeam(
            "t-patrol", "平安巡逻队", TeamKind.PATROL, gen.name(), gen.staff_phone(), ("g2-1",)
        ),
        ServiceTeam(
            "t-elder-north",
            "北区助老服务队",
            TeamKind.ELDER_CARE,
            gen.name(),
            gen.staff_phone(),
            tuple(g.id for g in level3[: LEVEL3_GRIDS // 2]),
        ),
        ServiceTeam(
            "t-elder-south",
            "南区助老服务队",
            TeamKind.ELDER_CARE,
            gen.name(),
            gen.staff_phone(),
            tuple(g.id for g in level3[LEVEL3_GRIDS // 2 :]),
        ),
        ServiceTeam(
            "t-cleaning",
            "周六环境清洁队",
            TeamKind.CLEANING,
            gen.name(),
            gen.staff_phone(),
            ("g2-1",),
        ),
    ]
    volunteers = [
        r.id for h in compound.households() for r in h.occupants if ResidentTag.VOLUNTEER in r.tags
    ]
    venues, events = calendar_of()
    assignments = assign(gen, events, volunteers)
    people = volunteers_of(gen, volunteers)
    members = team_members(gen, [v.id for v in people])
    teams = [attrs.evolve(t, members=members.get(t.id, ())) for t in teams]
    records = records_of(gen, members, assignments, events, venues)
    party = party_of(gen, compound, level3, staff)
    community = Community(
        id="c-sample",
        name="示例社区",
        street="示例街道",
        compounds=(compound,),
        staff=tuple(staff),
        grids=tuple(grids),
        teams=tuple(teams),
        venues=venues,
        events=events,
        assignments=assignments,
        volunteers=people,
        records=records,
        points=points_of(gen, people, records),
        party=party,
        votes=(vote_of(gen, compound),),
        wishes=wishes_of(gen, compound, party),
        sorting=sorting_of(gen, compound, members["t-sorting"]),
        facilities=FACILITIES,
        meal_help=meal_help_of(gen, compound),
        parking=parking_of(gen, compound),
    )
    community = attrs.evolve(community, requests=requests_of(gen, community))
    community = attrs.evolve(
        community,
        deliberation=deliberation_of(gen, community),
        registries=registries_of(gen, community),
    )
    elections = elections_of(gen, community)
    return attrs.evolve(
        community,
        elections=elections,
        residents_committee=residents_committee_of(community, elections[-1]),
        cases=cases_of(),
        owners=owners_of(gen, community, elections[2]),
        property_companies=(property_company_of(community),),
        volunteer_admin=volunteer_admin_of(community),
    )


# --- volunteers, their records and their points -------------------------------------------

RECORDS_FROM = dt.date(2025, 1, 6)  # a Monday
RECORDS_TO = dt.date(2026, 11, 15)
PENDING_AFTER = dt.date(2026, 11, 8)  # records of the last week are still waiting for approval
VERIFIER = "st-deputy"
SKILLS = (
    "急救",
    "理发",
    "书法",
    "家电维修",
    "摄影",
    "心理疏导",
    "法律咨询",
    "文艺",
    "驾驶",
    "计算机",
)
TEAM_SIZES = {
    "t-sorting": 12,  # one supervisor per collection point (BRIEF.md)
    "t-patrol": 20,
    "t-elder-north": 15,
    "t-elder-south": 15,
    "t-culture": 25,
    "t-cleaning": 15,
}
EARNING = EarningPolicy(
    rules=(
        EarningRule(None, per_hour=10),
        EarningRule("sorting_supervision", per_hour=6),
        EarningRule("elder_care", per_hour=12, fixed=5),
    ),
    festival_factor=Decimal(2),
    festivals=TRADITIONAL_FESTIVALS,
    holiday_factor=Decimal("1.5"),
    daily_cap=120,
    monthly_cap=600,
)
EXPIRY = ExpiryPolicy(months=18)
CATALOGUE = (
    Item("i-rice", "大米 5 公斤", 300, 200),
    Item("i-oil", "食用油 5 升", 400, 150),
    Item("i-detergent", "洗衣液", 150, 300),
    Item("i-tissue", "抽纸一提", 80, 500),
    Item("i-haircut", "义剪理发券", 50),
    Item("i-repair", "家电维修券", 200),
)


def volunteers_of(gen: Generator, residents: list[str]) -> tuple[Volunteer, ...]:
    """A registered volunteer for every resident tagged as one."""
    made = []
    for resident in residents:
        registered = dt.date(2016, 1, 1) + dt.timedelta(days=gen.rng.randrange(3833))
        skills = frozenset(gen.rng.sample(SKILLS, gen.rng.choice((0, 1, 1, 2))))
        made.append(Volunteer(f"vol-{resident}", registered, resident=resident, skills=skills))
    return tuple(made)


def team_members(gen: Generator, volunteer_ids: list[str]) -> dict[str, tuple[str, ...]]:
    pool = list(volunteer_ids)
    gen.rng.shuffle(pool)
    members: dict[str, tuple[str, ...]] = {}
    for team, size in TEAM_SIZES.items():
        members[team], pool = tuple(sorted(pool[:size])), pool[size:]
    return members


def _record(  # noqa: PLR0917 - one argument per field of the national record
    rid: str,
    volunteer: str,
    activity: str,
    day: dt.date,
    place: str,
    content: str,
    hours: Decimal,
    kind: str,
    team: str | None,
    gen: Generator,
) -> ServiceRecord:
    entered = day + dt.timedelta(days=gen.rng.choice((0, 0, 1, 1, 2, 3, 5)))
    record = ServiceRecord(
        id=rid,
        volunteer=volunteer,
        activity=activity,
        day=day,
        place=place,
        content=content,
        hours=hours,
        organiser="示例社区居委会",
        person_in_charge="社区志愿服务站",
        entered=entered,
        team=team,
        kind=kind,
    )
    if day > PENDING_AFTER:
        return record
    decided = entered + dt.timedelta(days=gen.rng.choice((0, 1, 1, 2, 3)))
    return attrs.evolve(record, status=RecordStatus.APPROVED, verifier=VERIFIER, decided=decided)


def records_of(
    gen: Generator,
    members: dict[str, tuple[str, ...]],
    assignments: tuple[Assignment, ...],
    events: tuple[Event, ...],
    venues: tuple[Venue, ...],
) -> tuple[ServiceRecord, ...]:
    """Two years of records: each team's routine and every assignment served so far,
    with a few late entries, three rejections and one correction."""
    made = [
        *_weekly_records(gen, members),
        *_monthly_records(gen, members),
        *_assignment_records(gen, assignments, events, venues),
    ]
    return _with_mistakes(sorted(made, key=lambda r: (r.day, r.id)))


def _weekly_records(gen: Generator, members: dict[str, tuple[str, ...]]) -> list[ServiceRecord]:
    made: list[ServiceRecord] = []
    week = RECORDS_FROM
    w = 0
    while week + dt.timedelta(days=6) <= RECORDS_TO:
        for i, vol in enumerate(members["t-sorting"]):
            made.append(
                _record(
                    f"sr-sort-{week:%Y%m%d}-{i:02d}",
                    vol,
                    "垃圾分类定时定点督导",
                    week + dt.timedelta(days=6),
                    f"第{i + 1}收集点",
                    "早晚定时定点督导投放，指导二次分拣",
                    Decimal("10.5"),
                    "sorting_supervision",
                    "t-sorting",
                    gen,
                )
            )
        for i, vol in enumerate(members["t-patrol"]):
            if i % 2 == w % 2:
                made.append(
                    _record(
                        f"sr-patrol-{week:%Y%m%d}-{i:02d}",
                        vol,
                        "平安巡逻",
                        week + dt.timedelta(days=4),
                        "示例花园",
                        "夜间巡逻，检查消防通道",
                        Decimal("2.5"),
                        "patrol",
                        "t-patrol",
                        gen,
                    )
                )
        for i, vol in enumerate(members["t-cleaning"]):
            if i % 2 == w % 2:
                made.append(
                    _record(
                        f"sr-clean-{week:%Y%m%d}-{i:02d}",
                        vol,
                        "周六环境清洁",
                        week + dt.timedelta(days=5),
                        "示例花园",
                        "清理楼道杂物和绿化带垃圾",
                        Decimal("2.5"),
                        "cleaning",
                        "t-cleaning",
                        gen,
                    )
                )
        week += dt.timedelta(days=7)
        w += 1
    return made


def _monthly_records(gen: Generator, members: dict[str, tuple[str, ...]]) -> list[ServiceRecord]:
    made: list[ServiceRecord] = []
    month = dt.date(RECORDS_FROM.year, RECORDS_FROM.month, 1)
    while month <= RECORDS_TO:
        visit = month + dt.timedelta(days=(2 - month.weekday()) % 7 + 7)  # second Wednesday
        show = (month + relativedelta(months=1)) - dt.timedelta(days=1)
        show -= dt.timedelta(days=(show.weekday() - 5) % 7)  # last Saturday
        for team in ("t-elder-north", "t-elder-south"):
            for i, vol in enumerate(members[team]):
                if visit <= RECORDS_TO:
                    made.append(
                        _record(
                            f"sr-{team[2:]}-{visit:%Y%m}-{i:02d}",
                            vol,
                            "走访慰问独居老人",
                            visit,
                            "独居老人家中",
                            "上门陪伴、代购药品、检查用电安全",
                            Decimal(3),
                            "elder_care",
                            team,
                            gen,
                        )
                    )
        for i, vol in enumerate(members["t-culture"]):
            if show <= RECORDS_TO:
                made.append(
                    _record(
                        f"sr-culture-{show:%Y%m}-{i:02d}",
                        vol,
                        "社区文艺演出",
                        show,
                        "中心广场",
                        "广场文艺演出",
                        Decimal(2),
                        "culture",
                        "t-culture",
                        gen,
                    )
                )
        month += relativedelta(months=1)
    return made


def _assignment_records(
    gen: Generator,
    assignments: tuple[Assignment, ...],
    events: tuple[Event, ...],
    venues: tuple[Venue, ...],
) -> list[ServiceRecord]:
    made: list[ServiceRecord] = []
    titles = {e.id: (e.title, e.venue, e.duration) for e in events}
    places = {v.id: v.name for v in venues}
    for k, a in enumerate(sorted(assignments, key=lambda a: (a.starts, a.event, a.person))):
        if a.starts.date() > RECORDS_TO:
            continue
        title, venue, length = titles[a.event]
        hours = (Decimal(length.total_seconds()) / 3600).quantize(Decimal("0.01"))
        made.append(
            _record(
                f"sr-event-{k:05d}",
                f"vol-{a.person}",
                title,
                a.starts.date(),
                places[venue],
                f"{title}（{a.role}）",
                hours,
                "volunteer_service",
                None,
                gen,
            )
        )
    return made


def _with_mistakes(made: list[ServiceRecord]) -> tuple[ServiceRecord, ...]:
    """Two late entries, three rejections and one correction, at fixed places."""
    late = [
        i for i, r in enumerate(made) if r.kind == "patrol" and r.status is RecordStatus.APPROVED
    ][:2]
    for i in late:
        r = made[i]
        entered = record_deadline(r.day) + dt.timedelta(days=3)
        made[i] = attrs.evolve(r, entered=entered, decided=entered)
    rejected = [
        i for i, r in enumerate(made) if r.kind == "cleaning" and r.status is RecordStatus.APPROVED
    ][5:8]
    for i in rejected:
        made[i] = attrs.evolve(made[i], status=RecordStatus.REJECTED, reason="活动当天未签到")
    wrong = next(r for r in made if r.kind == "patrol" and r.day >= dt.date(2026, 3, 1))
    fixed = attrs.evolve(
        wrong,
        id=f"{wrong.id}.fix",
        hours=Decimal("1.5"),
        status=RecordStatus.SUBMITTED,
        verifier=None,
        decided=None,
    )
    on = wrong.decided + dt.timedelta(days=40)  # after its points were awarded
    corrected = correct(
        wrong,
        attrs.evolve(fixed, entered=on),
        Verifier(VERIFIER, teams=frozenset({"t-patrol"})),
        on,
        "巡逻时长录入有误",
    )
    replacement = attrs.evolve(
        corrected.replacement, status=RecordStatus.APPROVED, verifier=VERIFIER, decided=on
    )
    return tuple(sorted([*made, corrected.reversal, replacement], key=lambda r: (r.day, r.id)))


def points_of(
    gen: Generator, people: tuple[Volunteer, ...], records: tuple[ServiceRecord, ...]
) -> Book:
    """The points programme of 2025 and 2026: awards at every month's end for what was
    approved by then, a few redemptions at the love supermarket, points lapsing after
    18 months."""
    ledger = Ledger(
        [
            Account("pts-budget-2025", AccountKind.ISSUER, "2025 年志愿服务积分", budget=400_000),
            Account("pts-budget-2026", AccountKind.ISSUER, "2026 年志愿服务积分", budget=400_000),
            *(Account(f"pts-{v.id}", AccountKind.VOLUNTEER, holder=v.id) for v in people),
            Account("pts-love-shop", AccountKind.SINK, "爱心超市"),
            Account("pts-expired", AccountKind.SINK, "过期积分"),
        ],
        CATALOGUE,
    )
    accounts = {v.id: f"pts-{v.id}" for v in people}
    month = dt.date(2025, 1, 1)
    while month <= dt.date(2026, 10, 1):
        end = month + relativedelta(months=1) - dt.timedelta(days=1)
        at = dt.datetime.combine(end, dt.time(20), tzinfo=DEFAULT_ZONE)
        decided = [r for r in records if r.decided is not None and r.decided <= end]
        issuer = f"pts-budget-{end.year}"
        due = awards(decided, EARNING, ledger=ledger, issuer=issuer, accounts=accounts, at=at)
        ledger.post_all(a.posting for a in due if a.posting is not None)
        ledger.post_all(expiries(ledger, at, EXPIRY, sink="pts-expired"))
        for volunteer in sorted(accounts.values()):
            if gen.rng.random() >= 0.12:
                continue
            balance = ledger.balance(volunteer)
            choices = [i for i in CATALOGUE if i.cost <= balance and (ledger.stock(i.id) or 1) > 0]
            if choices:
                item = gen.rng.choice(choices)
                ledger.post(
                    redemption(
                        ledger,
                        volunteer,
                        item.id,
                        1,
                        key=f"redeem-{end:%Y%m}-{volunteer}",
                        at=at,
                        sink="pts-love-shop",
                    )
                )
        month += relativedelta(months=1)
    return ledger.book()


EVERY_DAY = frozenset(range(7))


def _at(hour: int, minute: int = 0) -> dt.time:
    return dt.time(hour, minute)


def venues_of() -> tuple[Venue, ...]:
    return (
        Venue(
            "v-hall",
            "党群服务中心多功能厅",
            120,
            indoor=True,
            amplified_sound=True,
            hours=(OpeningHours(EVERY_DAY, _at(8), _at(21)),),
        ),
        Venue(
            "v-meeting",
            "党员活动室",
            40,
            hours=(
                OpeningHours(frozenset(range(5)), _at(8, 30), _at(17, 30)),
                OpeningHours(frozenset({5}), _at(9), _at(12)),
            ),
        ),
        Venue(
            "v-plaza",
            "中心广场",
            300,
            indoor=False,
            amplified_sound=True,
            hours=(OpeningHours(EVERY_DAY, _at(6), _at(22)),),
        ),
        Venue(
            "v-daycare",
            "老年日间照料中心",
            50,
            hours=(OpeningHours(EVERY_DAY, _at(8), _at(17)),),
        ),
    )


def series(
    eid: str,
    title: str,
    venue: str,
    hours: tuple[dt.time, dt.time],
    **when: Any,
) -> dict[str, Any]:
    """An event's id, title, venue and first occurrence, for a recurrence starting in 2026,
    as keywords for :class:`Event`."""
    start = dt.datetime.combine(SERIES_START, hours[0], tzinfo=DEFAULT_ZONE)
    recurrence = Recurrence(start, **when)
    event = recurring_event(eid, title, venue, recurrence, hours[1])
    return {
        "id": eid,
        "title": title,
        "venue": venue,
        "starts": event.starts,
        "ends": event.ends,
        "recurrence": recurrence,
    }


def calendar_of() -> tuple[tuple[Venue, ...], tuple[Event, ...]]:
    """The community's venues and its year of activities: weekly and monthly routines,
    every traditional festival and the volunteer commemorations.

    One clash is left for the rules to find: the monthly Party day and the weekly
    health talk share the Party activity room on the first Friday of every month.
    Everything else fits its venue, its opening hours and the quiet hours.
    """
    elders = frozenset({"elders_60_plus"})
    events = (
        Event(
            **series(
                "e-saturday-service",
                "周六志愿服务",
                "v-plaza",
                (_at(8, 30), _at(11)),
                rule="FREQ=WEEKLY;BYDAY=SA",
            ),
            expected=40,
            organiser="社区志愿服务队",
            kind="volunteer_service",
            roles=(RoleNeed("志愿者", 4),),
        ),
        Event(
            **series("e-square-dance", "广场舞", "v-plaza", (_at(19), _at(21)), rule="FREQ=DAILY"),
            expected=80,
            amplified=True,
            organiser="社区文体队",
            kind="culture",
        ),
        Event(
            **series(
                "e-health-talk",
                "健康讲座",
                "v-meeting",
                (_at(14), _at(15, 30)),
                rule="FREQ=WEEKLY;BYDAY=FR",
            ),
            expected=30,
            organiser="社区卫生服务站",
            kind="health",
            audience=elders,
        ),
        Event(
            **series(
                "e-party-day",
                "主题党日",
                "v-meeting",
                (_at(14, 30), _at(16, 30)),
                rule="FREQ=MONTHLY;BYDAY=1FR",
            ),
            expected=35,
            organiser="社区党委",
            kind="party",
            audience=frozenset({"party_members"}),
        ),
        Event(
            **series(
                "e-calligraphy",
                "老年书法班",
                "v-meeting",
                (_at(9), _at(11)),
                rule="FREQ=WEEKLY;BYDAY=TU,TH",
            ),
            expected=25,
            organiser="社区老年协会",
            kind="culture",
            audience=elders,
        ),
        Event(
            **series(
                "e-couplets",
                "写春联送祝福",
                "v-hall",
                (_at(9), _at(11, 30)),
                festival=Festival.SPRING_FESTIVAL,
                weekday=5,
            ),
            expected=100,
            organiser="社区党委",
            kind="festival:spring_festival",
            roles=(RoleNeed("书法志愿者", 3),),
        ),
        Event(
            **series(
                "e-spring-festival",
                "新春团拜送福",
                "v-hall",
                (_at(9, 30), _at(11, 30)),
                festival=Festival.SPRING_FESTIVAL,
            ),
            expected=100,
            organiser="社区居委会",
            kind="festival:spring_festival",
        ),
        Event(
            **series(
                "e-lantern",
                "元宵猜灯谜",
                "v-hall",
                (_at(18, 30), _at(20, 30)),
                festival=Festival.LANTERN,
            ),
            expected=110,
            organiser="社区文体队",
            kind="festival:lantern",
            roles=(RoleNeed("志愿者", 3),),
        ),
        Event(
            **series(
                "e-longtaitou",
                "二月二义剪",
                "v-daycare",
                (_at(9), _at(11, 30)),
                festival=Festival.LONGTAITOU,
            ),
            expected=40,
            organiser="社区志愿服务队",
            kind="festival:longtaitou",
            audience=frozenset({"elders_80_plus"}),
            roles=(RoleNeed("理发志愿者", 3),),
        ),
        Event(
            **series(
                "e-lei-feng",
                "学雷锋便民服务",
                "v-plaza",
                (_at(8, 30), _at(11, 30)),
                festival=Festival.LEI_FENG_DAY,
            ),
            expected=150,
            organiser="社区志愿服务队",
            kind="volunteer_service",
            roles=(RoleNeed("志愿者", 8),),
        ),
        Event(
            **series(
                "e-qingming",
                "文明祭扫宣传",
                "v-hall",
                (_at(9), _at(10, 30)),
                festival=Festival.QINGMING,
            ),
            expected=60,
            organiser="社区居委会",
            kind="festival:qingming",
        ),
        Event(
            **series(
                "e-dragon-boat",
                "端午包粽子",
                "v-hall",
                (_at(9, 30), _at(11, 30)),
                festival=Festival.DRAGON_BOAT,
            ),
            expected=80,
            organiser="社区妇联",
            kind="festival:dragon_boat",
            roles=(RoleNeed("志愿者", 4),),
        ),
        Event(
            **series(
                "e-qixi", "七夕金婚纪念", "v-hall", (_at(15), _at(17)), festival=Festival.QIXI
            ),
            expected=60,
            organiser="社区妇联",
            kind="festival:qixi",
        ),
        Event(
            **series(
                "e-mid-autumn",
                "中秋游园会",
                "v-hall",
                (_at(18, 30), _at(20, 30)),
                festival=Festival.MID_AUTUMN,
            ),
            expected=120,
            organiser="社区文体队",
            kind="festival:mid_autumn",
            roles=(RoleNeed("志愿者", 4),),
        ),
        Event(
            **series(
                "e-double-ninth",
                "重阳敬老宴",
                "v-daycare",
                (_at(10), _at(12)),
                festival=Festival.DOUBLE_NINTH,
            ),
            expected=50,
            organiser="社区老年协会",
            kind="festival:double_ninth",
            audience=frozenset({"elders_80_plus"}),
            roles=(RoleNeed("志愿者", 6),),
        ),
        Event(
            **series(
                "e-volunteer-day",
                "国际志愿者日表彰会",
                "v-hall",
                (_at(9), _at(11)),
                festival=Festival.VOLUNTEER_DAY,
            ),
            expected=100,
            organiser="社区党委",
            kind="volunteer_service",
            roles=(RoleNeed("礼仪志愿者", 2),),
        ),
        Event(
            **series(
                "e-winter-solstice",
                "冬至包饺子",
                "v-hall",
                (_at(10), _at(12)),
                festival=Festival.WINTER_SOLSTICE,
            ),
            expected=80,
            organiser="社区居委会",
            kind="festival:winter_solstice",
            audience=frozenset({"elders_living_alone"}),
            roles=(RoleNeed("志愿者", 4),),
        ),
        Event(
            **series(
                "e-laba", "腊八施粥", "v-plaza", (_at(7, 30), _at(10)), festival=Festival.LABA
            ),
            expected=200,
            organiser="社区志愿服务队",
            kind="festival:laba",
            roles=(RoleNeed("志愿者", 6),),
        ),
    )
    return venues_of(), events


def assign(
    gen: Generator, events: tuple[Event, ...], volunteers: list[str]
) -> tuple[Assignment, ...]:
    """Volunteers for every role of every occurrence from PLAN_FROM to PLAN_TO, taken in
    turn from a shuffled list, with two gaps left on purpose: the first Winter Solstice
    dumplings are one volunteer short, and one Saturday volunteer is also put on the
    first Volunteer Day ceremony, which starts while the Saturday service is on."""
    pool = sorted(volunteers)
    gen.rng.shuffle(pool)
    turn = 0
    made: list[Assignment] = []
    short_done = False
    for occurrence in sorted(
        occurrences(events, PLAN_FROM, PLAN_TO), key=lambda o: (o.starts, o.event)
    ):
        event = next(e for e in events if e.id == occurrence.event)
        for need in event.roles:
            count = need.count
            if event.id == "e-winter-solstice" and not short_done:
                count -= 1
                short_done = True
            for _ in range(count):
                made.append(
                    Assignment(pool[turn % len(pool)], event.id, occurrence.starts, need.role)
                )
                turn += 1
    first_ceremony = next(a for a in made if a.event == "e-volunteer-day")
    same_morning = next(
        a
        for a in made
        if a.event == "e-saturday-service" and a.starts.date() == first_ceremony.starts.date()
    )
    made.append(attrs.evolve(first_ceremony, person=same_morning.person))
    return tuple(made)


def sample_json(seed: int = SEED) -> bytes:
    """The sample community as compact JSON bytes, personal data included (compact,
    since every run of the command on the sample parses it)."""
    return (
        dumps(build(seed), personal_data=True, purpose="the shipped sample: synthetic residents")
        + b"\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stdout", action="store_true", help="write the JSON to standard output")
    args = parser.parse_args(argv)
    data = sample_json()
    if args.stdout:
        sys.stdout.buffer.write(data)
        return 0
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / FILENAME).write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"wrote {OUTPUT / FILENAME} ({len(data):,} bytes of JSON)")
    (OUTPUT / MODELS).write_bytes(_pack(data))
    print(f"wrote {OUTPUT / MODELS} (its models, pickled)")
    return 0


# --- the Party organisation ----------------------------------------------------------------

# The community Party committee was elected in the 2021 round of community elections, so
# its five-year term ends next month; the grid general branches and branches in 2024.
PARTY_ELECTED = dt.date(2021, 12, 18)
BRANCHES_ELECTED = dt.date(2024, 6, 15)
MEETINGS_FROM = dt.date(2026, 1, 1)
MEETINGS_TO = dt.date(2026, 11, 15)
BRANCH_SIZE = 45
CO_BUILDING = (
    ("cb-tax", "区税务局", "机关"),
    ("cb-school", "第一中学", "学校"),
    ("cb-bank", "示例银行支行", "企业"),
    ("cb-health", "区卫生健康委员会", "机关"),
    ("cb-power", "供电所", "企业"),
    ("cb-library", "区图书馆", "事业单位"),
)


def party_of(
    gen: Generator, compound: Compound, level3: list[Grid], staff: list[StaffMember]
) -> Party:
    """The community Party committee, a general branch per level-3 grid, branches of at
    most 45 members by building, a Party group per building in each branch; the year's
    meetings (with two misses), co-building units with in-service members, projects."""
    building_of = {
        r.id: b.id for b in compound.buildings for h in b.households() for r in h.occupants
    }
    home_of = {r.id: h.id for h in compound.households() for r in h.occupants}
    party_residents = [
        r.id
        for h in compound.households()
        for r in h.occupants
        if ResidentTag.PARTY_MEMBER in r.tags
    ]
    committee = PartyUnit(
        "u-committee",
        "示例社区党委",
        UnitKind.COMMITTEE,
        places=("c-sample",),
        grids=("g1",),
        elected=PARTY_ELECTED,
    )
    units = [committee]
    people = [
        PartyMember(f"pm-{m.id}", MemberStatus.FULL, unit="u-committee", name=m.name)
        for m in staff[:3]
    ]
    positions = [
        Position("u-committee", f"pm-{staff[0].id}", PositionKind.SECRETARY, PARTY_ELECTED),
        Position("u-committee", f"pm-{staff[1].id}", PositionKind.DEPUTY_SECRETARY, PARTY_ELECTED),
        Position("u-committee", f"pm-{staff[2].id}", PositionKind.COMMITTEE_MEMBER, PARTY_ELECTED),
    ]
    for n, grid in enumerate(level3, 1):
        buildings = list(grid.places)
        general = PartyUnit(
            f"u-gb{n}",
            f"第{n}网格党总支",
            UnitKind.GENERAL_BRANCH,
            parent="u-committee",
            places=tuple(buildings),
            grids=(grid.id,),
            elected=BRANCHES_ELECTED,
        )
        units.append(general)
        here = [r for r in party_residents if building_of[r] in buildings]
        chunks = [here[i : i + BRANCH_SIZE] for i in range(0, len(here), BRANCH_SIZE)]
        branch_members: list[list[str]] = []
        for k, chunk in enumerate(chunks, 1):
            branch = PartyUnit(
                f"u-b{n}-{k}",
                f"第{n}网格第{k}党支部",
                UnitKind.BRANCH,
                parent=general.id,
                places=tuple(sorted({building_of[r] for r in chunk})),
                elected=BRANCHES_ELECTED,
            )
            units.append(branch)
            units.extend(
                PartyUnit(
                    f"u-pg-{b}-{k}", f"{b}楼栋党小组", UnitKind.GROUP, parent=branch.id, places=(b,)
                )
                for b in branch.places
            )
            ids = []
            for r in chunk:
                status = MemberStatus.PROBATIONARY if gen.rng.random() < 0.05 else MemberStatus.FULL
                joined = dt.date(1970, 1, 1) + dt.timedelta(days=gen.rng.randrange(20000))
                people.append(
                    PartyMember(
                        f"pm-{r}",
                        status,
                        unit=branch.id,
                        group=f"u-pg-{building_of[r]}-{k}",
                        resident=r,
                        joined=joined,
                    )
                )
                ids.append(f"pm-{r}")
            branch_members.append(ids)
            full_ids = [
                i
                for i in ids
                if next(p for p in reversed(people) if p.id == i).status is MemberStatus.FULL
            ]
            positions.append(
                Position(branch.id, full_ids[0], PositionKind.SECRETARY, PARTY_ELECTED)
            )
            positions.extend(
                Position(branch.id, m, PositionKind.COMMITTEE_MEMBER, PARTY_ELECTED)
                for m in full_ids[1:3]
            )
            for b in branch.places:
                leader = next(i for i in ids if building_of[i.removeprefix("pm-")] == b)
                positions.append(
                    Position(f"u-pg-{b}-{k}", leader, PositionKind.GROUP_LEADER, PARTY_ELECTED)
                )
        secretaries = [branch[0] for branch in branch_members]
        positions.append(
            Position(general.id, secretaries[0], PositionKind.SECRETARY, PARTY_ELECTED)
        )
        positions.extend(
            Position(general.id, m, PositionKind.COMMITTEE_MEMBER, PARTY_ELECTED)
            for m in secretaries[1:3]
        )
    # the property company's own branch (红色物业), three full members of its staff
    units.append(
        PartyUnit(
            PROPERTY_BRANCH,
            "示例物业服务有限公司党支部",
            UnitKind.BRANCH,
            parent="u-committee",
            elected=BRANCHES_ELECTED,
        )
    )
    staff_members = [
        PartyMember(f"pm-pc-{n}", MemberStatus.FULL, unit=PROPERTY_BRANCH, name=name)
        for n, name in enumerate(("赵经理", "钱主管", "孙师傅"), 1)
    ]
    people.extend(staff_members)
    positions.append(
        Position(PROPERTY_BRANCH, staff_members[0].id, PositionKind.SECRETARY, BRANCHES_ELECTED)
    )
    meetings = _meetings(units, positions)
    in_service, reports, services = _in_service(gen)
    people.extend(in_service)
    demonstrations = tuple(
        Demonstration(home_of[r], f"pm-{r}", dt.date(2024, 7, 1))
        for r in sorted(gen.rng.sample(party_residents, 30))
    )
    projects = (
        Project("pj-canteen", "助老食堂", "u-committee", 5_000_000, "elderly care"),
        Project("pj-after-school", "四点半课堂", "u-committee", 2_000_000, "student aid"),
        Project("pj-stairwells", "楼道微更新", "u-gb1", 3_000_000, "convenience services"),
    )
    spendings = (
        Spending("sp-1", "pj-canteen", dt.date(2026, 3, 10), 1_860_000, "厨房设备"),
        Spending("sp-2", "pj-canteen", dt.date(2026, 6, 2), 1_254_050, "上半年食材补贴"),
        Spending("sp-3", "pj-after-school", dt.date(2026, 9, 1), 480_000, "课桌椅和图书"),
        Spending("sp-4", "pj-stairwells", dt.date(2026, 5, 20), 2_970_000, "1-3号楼楼道粉刷与扶手"),
    )
    return Party(
        units=tuple(units),
        members=tuple(people),
        positions=tuple(positions),
        demonstrations=demonstrations,
        meetings=meetings,
        co_building=tuple(
            CoBuildingUnit(
                cid,
                name,
                kind,
                pledges=(
                    Pledge(
                        f"{cid}-parking",
                        "共享车位",
                        40,
                        (
                            Window(frozenset(range(5)), dt.time(19), dt.time(7)),
                            Window(frozenset({5, 6}), dt.time(0), dt.time(0)),
                        ),
                    ),
                )
                if cid in {"cb-tax", "cb-bank"}
                else (Pledge(f"{cid}-lecture", "专题讲座", 4),),
            )
            for cid, name, kind in CO_BUILDING
        ),
        reports=reports,
        services=services,
        projects=projects,
        spendings=spendings,
    )


def _meetings(units: list[PartyUnit], positions: list[Position]) -> tuple[Meeting, ...]:
    """The year's meetings of every branch and group, on the slots meeting_events gives
    them, with two misses: the first branch of grid 3 held no themed Party day in
    August, and the first group of grid 5's first branch did not meet in October."""
    with_committee = {p.unit for p in positions if p.kind is PositionKind.COMMITTEE_MEMBER}
    first_group = next(u.id for u in units if u.kind is UnitKind.GROUP and u.parent == "u-b5-1")
    made = []
    for unit in units:
        if unit.kind is UnitKind.COMMITTEE or unit.kind is UnitKind.GENERAL_BRANCH:
            continue
        first_group_of_5 = unit.id == first_group
        for event in meeting_events(
            unit,
            MEETINGS_FROM,
            "v-meeting",
            (dt.time(14, 30), dt.time(16)),
            with_committee=unit.id in with_committee,
        ):
            for occurrence in occurrences(
                [event],
                dt.datetime.combine(MEETINGS_FROM, dt.time(0), tzinfo=DEFAULT_ZONE),
                dt.datetime.combine(MEETINGS_TO, dt.time(23), tzinfo=DEFAULT_ZONE),
            ):
                day = occurrence.starts.date()
                kind = MeetingKind(event.kind.removeprefix("party:"))  # type: ignore[union-attr]
                if unit.id == "u-b3-1" and kind is MeetingKind.PARTY_DAY and day.month == 8:
                    continue
                if first_group_of_5 and day.month == 10:
                    continue
                made.append(Meeting(f"mt-{unit.id}-{kind.value}-{day:%Y%m%d}", unit.id, kind, day))
    return tuple(made)


def _in_service(
    gen: Generator,
) -> tuple[list[PartyMember], tuple[ReportIn, ...], tuple[ServiceDone, ...]]:
    members, reports, services = [], [], []
    for k in range(40):
        cid = CO_BUILDING[k % len(CO_BUILDING)][0]
        member = PartyMember(f"pm-in-{k:02d}", MemberStatus.FULL, employer=cid, name=gen.name())
        members.append(member)
        if gen.rng.random() < 0.9:
            reports.append(
                ReportIn(member.id, dt.date(2025, 3, 1) + dt.timedelta(days=gen.rng.randrange(500)))
            )
        for _ in range(gen.rng.choice((0, 1, 2, 2, 3, 4))):
            day = dt.date(2026, 1, 1) + dt.timedelta(days=gen.rng.randrange(318))
            services.append(
                ServiceDone(
                    member.id,
                    day,
                    gen.rng.choice(
                        ("走访困难家庭", "政策宣讲", "义诊", "楼道清洁", "四点半课堂辅导")
                    ),
                )
            )
    return members, tuple(reports), tuple(services)


# --- an owners' vote --------------------------------------------------------------------------


def vote_of(gen: Generator, compound: Compound) -> Vote:
    """The 2026 owners' assembly: replacing the property company (item 4, an ordinary
    majority: it passes) and raising the maintenance fund for new lifts (item 6, three
    quarters: it falls short on area). About 72% of the owners vote, some by proxy.
    The roll is the compound's households as they stood on the day."""
    motions = (
        Motion("mo-manager", "解聘现物业服务企业并选聘新物业服务企业", Matter.PROPERTY_MANAGER),
        Motion("mo-lifts", "续筹专项维修资金用于加装电梯", Matter.RAISE_FUND),
    )
    ballots = []
    seen_owners: set[tuple[str, ...]] = set()
    for household in compound.households():
        owners = household.owners
        if owners in seen_owners or gen.rng.random() >= 0.72:
            continue
        seen_owners.add(owners)
        proxy = gen.rng.random() < 0.08
        for motion, agree in (("mo-manager", 0.62), ("mo-lifts", 0.74)):
            roll_ = gen.rng.random()
            choice = (
                Choice.AGREE
                if roll_ < agree
                else Choice.DISAGREE
                if roll_ < 0.95
                else Choice.ABSTAIN
            )
            ballots.append(
                Ballot(
                    household.id,
                    choice,
                    proxy=gen.name() if proxy else None,
                    authorisation=f"委托书-{household.id}" if proxy else None,
                    motion=motion,
                )
            )
    return Vote(
        "vote-2026",
        "2026 年第一次业主大会",
        roll=roll_of(compound),
        motions=motions,
        ballots=tuple(ballots),
    )


# --- community services: sorting, micro-wishes, requests -----------------------------------

SORTING_POINTS = 12  # the pilot's 12 points for 3,281 households (BRIEF.md)
ROTA_FROM = dt.date(2026, 11, 1)
ROTA_TO = dt.date(2027, 12, 31)
ROTA_GAP = (dt.date(2026, 11, 24), "cp-1-pt-07", "pm")  # a supervisor off sick, not yet covered
INSPECTED_BUILDING = "b-01"  # daily checks are kept for one building, to keep the file small
INSPECTIONS_FROM = dt.date(2026, 10, 1)
INSPECTIONS_TO = dt.date(2026, 11, 21)


def sorting_of(gen: Generator, compound: Compound, members: tuple[str, ...]) -> Sorting:
    """Twelve collection points (one short of a hazardous bin), two duty slots a day, a
    rota through 2027 with one uncovered duty, and daily checks for one building."""
    full = PointPolicy().bins()
    points = []
    for i in range(SORTING_POINTS):
        bins = full
        if i == 4:  # the hazardous bin at point 5 was taken away for repair
            bins = tuple(b for b in full if b.category is not WasteCategory.HAZARDOUS)
        points.append(
            CollectionPoint(f"cp-1-pt-{i + 1:02d}", compound.id, f"{i + 1}号投放点", bins)
        )
    slots = (Slot("am", _at(7), _at(9)), Slot("pm", _at(18), _at(20)))
    rota = tuple(
        d
        for d in plan_rota(points, slots, members, ROTA_FROM, ROTA_TO)
        if (d.day, d.point, d.slot) != ROTA_GAP
    )
    building = next(b for b in compound.buildings if b.id == INSPECTED_BUILDING)
    inspections = []
    day = INSPECTIONS_FROM
    while day <= INSPECTIONS_TO:
        for household in building.households():
            if not household.occupants:
                continue
            inspections.append(
                SortingCheck(
                    household.id,
                    day,
                    compliant=gen.rng.random() < 0.93,
                    inspector=members[day.toordinal() % len(members)],
                )
            )
        day += dt.timedelta(days=1)
    return Sorting(
        team="t-sorting",
        scheme=NATIONAL.with_bin_colour(WasteCategory.RESIDUAL, Colour.YELLOW, "pilot-yellow"),
        points=tuple(points),
        slots=slots,
        rota=rota,
        inspections=tuple(inspections),
    )


WISH_TITLES = (
    ("一袋大米和一桶油", 12_000),
    ("一台电饭煲", 19_900),
    ("冬天的棉被", 15_000),
    ("孩子的书包和文具", 8_000),
    ("一副老花镜", 6_000),
    ("助行器", 18_000),
    ("电暖器", 16_000),
    ("课外读物一套", 9_000),
    ("轮椅坐垫", 5_000),
    ("保温杯", 4_000),
    ("一次上门理发", 3_000),
    ("一箱牛奶", 7_000),
)


def wishes_of(gen: Generator, compound: Compound, party: Party) -> tuple[Wish, ...]:
    """Twelve wishes from needy residents at every stage: most answered with rice and
    oil and acknowledged, some on the wall, one claim past its contact deadline."""
    needy = [
        r
        for h in compound.households()
        for r in h.occupants
        if r.tags
        & {ResidentTag.ELDER_LIVING_ALONE, ResidentTag.LOW_INCOME, ResidentTag.SINGLE_PARENT}
    ]
    wishers = gen.rng.sample(needy, len(WISH_TITLES))
    units = [u.id for u in party.co_building]
    members = [m.id for m in party.members]
    made = []
    for i, (resident, (title, fen)) in enumerate(zip(wishers, WISH_TITLES, strict=True)):
        day = dt.date(2026, 9, 1) + dt.timedelta(days=6 * i)
        wish, _ = submit_wish(f"wish-{i + 1:02d}", resident, title, fen, day)
        if i == 11:
            made.append(wish)  # just submitted, waiting to be verified
            continue
        wish, _ = verify_wish(wish, "st-deputy", day + dt.timedelta(days=1))
        wish, _ = publish_wish(wish, day + dt.timedelta(days=2))
        if i in {9, 10}:
            made.append(wish)  # on the wish wall
            continue
        claimant, kind = (
            (units[i % len(units)], ClaimantKind.CO_BUILDING_UNIT)
            if i % 2 == 0
            else (members[i * 7 % len(members)], ClaimantKind.PARTY_MEMBER)
        )
        claimed = day + dt.timedelta(days=4)
        wish, _ = claim_wish(wish, claimant, kind, claimed)
        if i == 8:
            made.append(wish)  # claimed on 2026-10-23, no contact yet: past its 7 days
            continue
        wish = contact_wish(wish, claimed + dt.timedelta(days=2))
        if i == 7:
            made.append(wish)  # in hand
            continue
        wish, _ = fulfil_wish(wish, claimed + dt.timedelta(days=5), (f"photo-{wish.id}.jpg",))
        if i != 6:
            wish, _ = acknowledge_wish(wish, claimed + dt.timedelta(days=6))
        made.append(wish)
    return tuple(made)


REQUEST_KINDS = (
    ("漏水", "楼上卫生间漏水，天花板渗水"),
    ("噪音", "楼下夜间装修噪音"),
    ("电梯", "电梯异响，停运两次"),
    ("停车", "消防通道被私家车占用"),
    ("绿化", "楼前树枝遮挡窗户"),
    ("宠物", "楼道内有宠物粪便"),
    ("照明", "单元门口路灯不亮"),
    ("邻里纠纷", "晾晒衣物滴水引起纠纷"),
)
REQUESTS_FROM = dt.datetime(2026, 10, 8, 9, tzinfo=DEFAULT_ZONE)


def requests_of(gen: Generator, community: Community) -> tuple[Request, ...]:
    """Forty requests since October: most resolved in the building, some in the compound,
    a few at the community, and the latest still open."""
    households = [h.id for h in community.households() if h.occupants]
    made = []
    for i in range(40):
        category, description = REQUEST_KINDS[i % len(REQUEST_KINDS)]
        urgency = Urgency.URGENT if category in {"漏水", "电梯"} and i % 3 == 0 else Urgency.NORMAL
        at = REQUESTS_FROM + dt.timedelta(days=i, hours=gen.rng.randrange(10))
        request, _ = raise_request(
            f"rq-{i + 1:03d}",
            community,
            gen.rng.choice(households),
            category,
            urgency,
            description,
            at,
        )
        if i >= 37:
            made.append(request)  # still open
            continue
        limit = EscalationPolicy().limit(urgency, request.level)
        climbs = 2 if i % 10 == 4 else 1 if i % 4 == 1 else 0
        for _ in range(climbs):
            request, _ = escalate_request(
                request, community, request.entered_level + limit + dt.timedelta(hours=1)
            )
            limit = EscalationPolicy().limit(urgency, request.level)
        done = request.entered_level + dt.timedelta(hours=gen.rng.randrange(2, 40))
        outcome = Outcome.MEDIATED if category == "邻里纠纷" else Outcome.FIXED
        request, _ = resolve_request(request, done, outcome)
        made.append(give_feedback(request, satisfied=gen.rng.random() < 0.9))
    return tuple(made)


# --- the life circle: where the buildings and the facilities are -----------------------

ORIGIN = (30.65800, 104.06200)  # the compound's south-west corner (WGS-84)
NORTH_M = 1 / 111_195.0  # degrees of latitude per metre
EAST_M = 1 / (111_195.0 * 0.86034)  # degrees of longitude per metre at 30.66 N


def _offset(east_m: float, north_m: float) -> Location:
    return Location(round(ORIGIN[0] + north_m * NORTH_M, 6), round(ORIGIN[1] + east_m * EAST_M, 6))


def building_location(index: int) -> Location:
    """Buildings stand in rows of six, 60 m apart east-west and 55 m north-south."""
    row, column = divmod(index, 6)
    return _offset(30 + 60 * column, 30 + 55 * row)


WEEKDAYS_8_TO_17 = (OpeningHours(frozenset(range(5)), _at(8), _at(17)),)
DAILY_7_TO_21 = (OpeningHours(frozenset(range(7)), _at(7), _at(21)),)


def _facility(  # noqa: PLR0917 - one argument per column of the table below
    fid: str,
    name: str,
    kind: str,
    east: float,
    north: float,
    hours: tuple[OpeningHours, ...] = (),
) -> Facility:
    return Facility(fid, name, kind, _offset(east, north), hours)


FACILITIES = (
    # Metres east and north of the compound's south-west corner. The station, canteen
    # and day care share the Party-and-masses service centre in the middle; the
    # kindergarten is at the west end, so the far east buildings walk more than 300 m;
    # the nearest middle school is across the river to the north-east.
    _facility(
        "fac-station",
        "示例社区党群服务中心",
        "community_service_station",
        180,
        110,
        WEEKDAYS_8_TO_17,
    ),
    _facility("fac-canteen", "长者食堂", "community_canteen", 190, 110, DAILY_7_TO_21),
    _facility("fac-meal", "长者助餐点", "meal_help", 190, 115, DAILY_7_TO_21),
    _facility("fac-daycare", "日间照料中心", "elderly_day_care", 170, 120, WEEKDAYS_8_TO_17),
    _facility("fac-kinder", "示例幼儿园", "kindergarten", 60, 150),
    _facility("fac-clinic", "社区卫生服务站", "health_station", 200, 60, DAILY_7_TO_21),
    _facility("fac-shop", "便民超市", "convenience_store", 180, 200, DAILY_7_TO_21),
    _facility("fac-primary", "示例小学", "primary_school", 180, -120),
    _facility("fac-middle", "第一中学", "middle_school", 720, 420),
    _facility("fac-hospital", "街道社区卫生服务中心", "health_centre", -300, 300),
    _facility("fac-nursing", "区养老院", "nursing_home", 500, -300),
    _facility("fac-culture", "街道文化活动中心", "culture_centre", -200, -150),
    _facility("fac-market", "示例农贸市场", "market", 450, 350, DAILY_7_TO_21),
    _facility("fac-park", "区税务局共享停车场", "parking", 380, 240),
)


# --- elder care and shared parking ----------------------------------------------------------

MEALS_FROM = dt.date(2026, 3, 1)


def meal_help_of(gen: Generator, compound: Compound) -> tuple[MealEnrolment, ...]:
    """Sixty elders of 70 and over enrolled at the meal-help point since March: those of
    80 and over have lunch delivered, the others eat in, some on weekdays only; one
    younger resident was signed up for delivery by mistake (``care.meals`` finds it)."""
    elders = [
        r for h in compound.households() for r in h.occupants if (r.age_on(MEALS_FROM) or 0) >= 70
    ]
    made = []
    for i, resident in enumerate(sorted(gen.rng.sample(elders, 60), key=lambda r: r.id)):
        age = resident.age_on(MEALS_FROM) or 0
        # delivery from 80; one resident of 70-79 was signed up for delivery by mistake
        delivered = age >= 80 or i == 7
        made.append(
            MealEnrolment(
                f"meal-{i + 1:03d}",
                resident.id,
                "fac-meal",
                MEALS_FROM + dt.timedelta(days=gen.rng.randrange(200)),
                frozenset(range(5)) if not delivered and i % 3 == 0 else frozenset(range(7)),
                delivered=delivered,
            )
        )
    return tuple(made)


PARKING_FROM = dt.date(2026, 11, 9)
PARKING_DAYS = 28


def parking_of(gen: Generator, compound: Compound) -> Parking:
    """The tax bureau's and the bank's 40 pledged spaces each, staff 07:30-18:30 and
    08:00-18:00 on working days, and residents' overnight and weekend stays for four
    weeks from 9 November: every allocation made through ``allocate``."""
    pools = (
        ParkingPool(
            "pk-tax",
            "cb-tax",
            "cb-tax-parking",
            "区税务局共享停车场",
            40,
            _at(7, 30),
            _at(18, 30),
            _offset(380, 240),
        ),
        ParkingPool(
            "pk-bank",
            "cb-bank",
            "cb-bank-parking",
            "示例银行支行共享停车场",
            40,
            _at(8),
            _at(18),
            _offset(-120, 260),
        ),
    )
    parking = Parking(pools=pools)
    households = [h.id for h in compound.households() if h.occupants]
    seq = 0
    for offset in range(PARKING_DAYS):
        day = PARKING_FROM + dt.timedelta(days=offset)
        for pool in pools:
            for _ in range(gen.rng.randrange(20, 36)):
                seq += 1
                if day.weekday() >= 5:
                    starts = dt.datetime.combine(day, _at(gen.rng.randrange(8, 20)), DEFAULT_ZONE)
                    ends = starts + dt.timedelta(hours=gen.rng.randrange(2, 10))
                else:
                    starts = dt.datetime.combine(
                        day, pool.staff_until, DEFAULT_ZONE
                    ) + dt.timedelta(minutes=30 * gen.rng.randrange(0, 4))
                    ends = dt.datetime.combine(
                        day + dt.timedelta(days=1), pool.staff_from, DEFAULT_ZONE
                    )
                plate = f"川A{gen.rng.randrange(10000, 99999)}"
                request = ParkingRequest(
                    f"pr-{seq:05d}", gen.rng.choice(households), pool.id, starts, ends, plate
                )
                try:
                    parking, _ = allocate(parking, request)
                except Refused:
                    continue  # turned away (full, or the household already parked)
    return parking


# --- deliberation and registries ------------------------------------------------------------

TEN_THINGS = (
    # (place, category, description, supporters, outcome); outcome None: still open
    ("b-05", "加装电梯", "5号楼加装电梯", 40, "adopted"),
    ("cp-1", "停车", "小区消防通道划线禁停", 120, "adopted"),
    ("b-12", "照明", "12号楼单元门口加装路灯", 30, "adopted"),
    ("cp-1", "绿化", "中心花园增设休息座椅", 90, "adopted"),
    ("cp-1", "文化", "开办老年书法班", 70, "rejected"),
    ("b-18", "安全", "18号楼楼道堆物清理", 25, "adopted"),
    ("cp-1", "便民", "增设快递柜", 150, "on_agenda"),
    ("b-03", "环境", "3号楼垃圾投放点移位", 35, "on_agenda"),
    ("cp-1", "养老", "长者食堂延长供餐时间", 8, None),
    ("b-21", "维修", "21号楼屋面防水", 5, None),
)
DELIBERATION_POLICY = SupportPolicy(min_supports=20)


def _at9(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, _at(9), DEFAULT_ZONE)


def deliberation_of(gen: Generator, community: Community) -> Deliberation:
    """This year's ten things: six adopted at the June meeting (one done, one behind,
    one overdue), one rejected, two waiting for the December meeting, two gathering
    support; the compound's board; monthly reception days with what residents raised."""
    board = Board(
        "board-cp-1",
        "cp-1",
        (
            Seat(SeatKind.PARTY_BRANCH, "st-secretary"),
            Seat(SeatKind.OWNERS_COMMITTEE, "o-00001"),
            Seat(SeatKind.PROPERTY_COMPANY, "st-property"),
            Seat(SeatKind.BUILDING_GROUP_LEADER, "st-leader-05"),
            Seat(SeatKind.GRID_WORKER, "st-worker-2"),
        ),
    )
    proposals = []
    for i, (place, category, description, backers, outcome) in enumerate(TEN_THINGS):
        households = [h.id for h in community.index.households_in(place) if h.occupants]
        when = _at9(
            dt.date(2026, 4, 1) if outcome in {"adopted", "rejected"} else dt.date(2026, 11, 2)
        )
        when += dt.timedelta(days=i)
        proposal, _ = propose(
            f"mt-{i + 1:02d}",
            community,
            households[0],
            category,
            description,
            place,
            when,
            DELIBERATION_POLICY,
        )
        for household in gen.rng.sample(households[1:], min(backers, len(households) - 1)):
            proposal, _ = support(proposal, community, household, when + dt.timedelta(days=3))
        if outcome is not None:
            proposal, _ = put_on_agenda(
                proposal, community, when + dt.timedelta(days=10), DELIBERATION_POLICY
            )
        proposals.append(proposal)
    june_items = tuple(
        p.id for p in proposals if TEN_THINGS[int(p.id[3:]) - 1][4] in {"adopted", "rejected"}
    )
    june = DeliberationMeeting(
        "dm-2026-06",
        board.id,
        _at9(dt.date(2026, 6, 10)).replace(hour=19),
        agenda=june_items,
        invited=invitees(community, board, [p for p in proposals if p.id in june_items]),
        present=board.members(),
        resolutions=tuple(
            Resolution(
                pid,
                Decision.ADOPTED
                if TEN_THINGS[int(pid[3:]) - 1][4] == "adopted"
                else Decision.REJECTED,
            )
            for pid in june_items
        ),
        minutes="六项议定实施，一项暂缓（另有书画社开班）",
        published=_at9(dt.date(2026, 6, 12)),
    )
    proposals = list(apply_resolutions(june, proposals))
    december_items = tuple(p.id for p in proposals if p.status is ProposalStatus.ON_AGENDA)
    december = DeliberationMeeting(
        "dm-2026-12",
        board.id,
        _at9(dt.date(2026, 12, 3)).replace(hour=19),
        agenda=december_items,
        invited=invitees(community, board, [p for p in proposals if p.id in december_items]),
    )
    undertakings = (
        _undertaking(
            "mt-01",
            "5号楼加装电梯",
            dt.date(2026, 12, 31),
            ((dt.date(2026, 8, 1), 40), (dt.date(2026, 11, 1), 70)),
        ),
        _undertaking("mt-02", "消防通道划线", dt.date(2026, 8, 31), ((dt.date(2026, 7, 20), 100),)),
        _undertaking("mt-03", "单元门口路灯", dt.date(2026, 9, 30), ((dt.date(2026, 9, 1), 50),)),
        _undertaking("mt-04", "花园座椅", dt.date(2026, 10, 31), ((dt.date(2026, 10, 15), 100),)),
        _undertaking("mt-06", "楼道堆物清理", dt.date(2026, 7, 31), ((dt.date(2026, 7, 10), 100),)),
    )
    schedule = ReceptionDay(
        "rd-cp-1",
        "cp-1",
        "st-property",
        Recurrence(_at9(dt.date(2026, 1, 7)), rule="FREQ=MONTHLY;BYDAY=1WE"),
    )
    households = [h.id for h in community.households() if h.occupants]
    receptions = tuple(
        Reception(
            schedule.id,
            day,
            ("st-property", "st-deputy"),
            gen.rng.randrange(5, 25),
            tuple(
                RaisedMatter(gen.rng.choice(households), category, description)
                for category, description in gen.rng.sample(REQUEST_KINDS, 2)
            ),
        )
        for day in schedule.days(dt.date(2026, 1, 1), dt.date(2026, 11, 22))
    )
    return Deliberation(
        tuple(proposals), (board,), (june, december), undertakings, (schedule,), receptions
    )


def _undertaking(
    proposal: str, title: str, due: dt.date, reports: tuple[tuple[dt.date, int], ...]
) -> Undertaking:
    lift = proposal == "mt-01"
    finished = next((day for day, percent in reports if percent == 100), None)
    return Undertaking(
        f"u-{proposal}",
        proposal,
        title,
        Responsible.COMMUNITY if lift else Responsible.PROPERTY_COMPANY,
        "示例社区居委会" if lift else "示例物业服务有限公司",
        dt.date(2026, 6, 15),
        due,
        milestones=(
            (Milestone("完成施工", due - dt.timedelta(days=10), finished),) if not lift else ()
        ),
        updates=tuple(Progress(day, percent) for day, percent in reports),
    )


def registries_of(gen: Generator, community: Community) -> Registries:
    """Four artisans (one a municipal heritage bearer), the workers' mutual-care fund
    and the meal-help point with its capacity."""
    people = [r for r in community.residents() if (r.age_on(dt.date(2026, 11, 1)) or 0) >= 50]
    chosen = gen.rng.sample(people, 4)
    artisans = (
        Artisan(
            "art-1",
            chosen[0].id,
            frozenset({"剪纸"}),
            "剪纸",
            HeritageLevel.MUNICIPAL,
            "市级非遗传承人-2019-031",
        ),
        Artisan("art-2", chosen[1].id, frozenset({"面塑", "糖画"})),
        Artisan("art-3", chosen[2].id, frozenset({"家电维修"})),
        Artisan("art-4", chosen[3].id, frozenset({"书法", "篆刻"})),
    )
    staff = [s.id for s in community.staff]
    fund = Fund("fund-workers", "社区工作者互助金")
    for month in range(1, 12):
        for member in staff[:12]:
            fund, _ = contribute(
                fund, f"c-{month:02d}-{member}", dt.date(2026, month, 5), member, 2_000
            )
        if month in {3, 7, 10}:
            fund, _ = pay_out(
                fund,
                f"p-{month:02d}",
                dt.date(2026, month, 20),
                gen.rng.choice(staff),
                30_000,
                "住院慰问",
            )
    return Registries(artisans, (fund,), (MealPoint("fac-meal", 60, 20, "示例社区长者食堂"),))


# --- elections and the residents' committee -------------------------------------------

RC_ELECTED = dt.date(2026, 6, 10)


def _party_election(
    gen: Generator, community: Community, unit: str, present_share: float, eid: str
) -> Election:
    """A branch committee's election of 2024-06-15: three seats from four full members,
    those present marking up to three each."""
    if community.party is None:
        msg = "the sample has a Party organisation"
        raise ValueError(msg)
    full = [m.id for m in community.party.members if m.unit == unit and m.status.value == "full"]
    candidates = tuple(full[:4])
    here = tuple(full[: round(len(full) * present_share)])
    ballots = []
    for who in here:
        liked = [c for c in candidates if gen.rng.random() < (0.9 if c != candidates[3] else 0.3)]
        ballots.append(ElectionBallot(who, tuple(liked[:3])))
    return Election(
        eid,
        Body.PARTY,
        f"{unit} 支部委员会换届选举",
        dt.date(2024, 6, 15),
        3,
        candidates,
        tuple(full),
        here,
        ballots=tuple(ballots),
        issued=len(here),
    )


def elections_of(gen: Generator, community: Community) -> tuple[Election, ...]:
    """Two branch elections (the second with exactly 4/5 of its members present: void),
    the owners' committee of 2026 and the residents' committee of 2026 (last)."""
    compound = community.compounds[0]
    roll = roll_of(compound)
    owners_seen: set[tuple[str, ...]] = set()
    owner_ballots = []
    candidates = tuple(dict.fromkeys(p.owners[0] for p in roll[::97]))[:7]
    for part in roll:
        if part.owners in owners_seen or gen.rng.random() >= 0.74:
            continue
        owners_seen.add(part.owners)
        owner_ballots.append(
            ElectionBallot(part.id, tuple(c for c in candidates if gen.rng.random() < 0.55)[:5])
        )
    owners = Election(
        "el-oc-2026",
        Body.OWNERS_COMMITTEE,
        "第二届业主委员会选举",
        dt.date(2026, 9, 20),
        5,
        candidates,
        roll=roll,
        ballots=tuple(owner_ballots),
    )
    groups = []
    for building in compound.buildings:
        adults = [
            r.id
            for unit in building.units
            for h in unit.households
            for r in h.occupants
            if (r.age_on(RC_ELECTED) or 0) >= 18
        ]
        groups.append(
            GroupRepresentatives(f"rg-{building.id}", tuple(adults[: 2 + len(adults) % 2]))
        )
    electors = tuple(r for g in groups for r in g.representatives)
    standing = tuple(electors[::5][:9])
    residents = Election(
        "el-rc-2026",
        Body.RESIDENTS_COMMITTEE,
        "第十二届居民委员会选举",
        RC_ELECTED,
        7,
        standing,
        electors,
        electorate=Electorate.GROUP_REPRESENTATIVES,
        groups=tuple(groups),
        ballots=tuple(
            ElectionBallot(who, tuple(c for c in standing if gen.rng.random() < 0.6)[:7])
            for who in electors
            if gen.rng.random() < 0.95
        ),
    )
    return (
        _party_election(gen, community, "u-b1-1", 0.92, "el-b1-1-2024"),
        _party_election(gen, community, "u-b1-2", 0.8, "el-b1-2-2024"),
        owners,
        residents,
    )


def residents_committee_of(community: Community, election: Election) -> ResidentsCommittee:
    """The committee elected on 2026-06-10, a residents' group for each building, two
    meetings (one decision carried by too few) and two requisitions: the groups' one
    is backed by enough groups and waits for a meeting, the households' one is not."""
    from neighborly.elections import count_election

    elected = count_election(election).elected
    seats = tuple(
        CommitteeMember(r, CommitteeRole.DIRECTOR if i == 0 else CommitteeRole.MEMBER)
        for i, r in enumerate(elected)
    )
    compound = community.compounds[0]
    residents = {r.id for r in residents_of(community.compounds)}
    groups = []
    for building in compound.buildings:
        homes = tuple(h.id for unit in building.units for h in unit.households)
        leader = next(
            (r.id for unit in building.units for h in unit.households for r in h.occupants), None
        )
        groups.append(
            ResidentsGroup(f"rg-{building.id}", f"{building.number} 号楼居民小组", homes, leader)
        )
    if not all(g.leader in residents for g in groups):
        msg = "every group's leader is a resident"
        raise ValueError(msg)
    meetings = (
        ResidentsMeeting(
            "rm-2026-03",
            dt.date(2026, 3, 20),
            Attendance.GROUPS,
            58,
            41,
            (MeetingDecision("修订居民公约", 33),),
        ),
        ResidentsMeeting(
            "rm-2026-08",
            dt.date(2026, 8, 15),
            Attendance.GROUPS,
            58,
            37,
            (
                MeetingDecision("兴办社区老年助餐点", 30),
                MeetingDecision("向住户筹集楼道照明改造费用", 17),  # short of half: not carried
            ),
        ),
    )
    requisitions = (
        Requisition(
            "q-2026-10",
            dt.date(2026, 10, 30),
            Attendance.GROUPS,
            tuple(g.id for g in groups[:9]),
            "讨论小区停车收费调整",
        ),
        Requisition(
            "q-2026-11",
            dt.date(2026, 11, 12),
            Attendance.HOUSEHOLDS,
            tuple(h.id for h in list(compound.households())[:120]),
            "讨论撤换居委会委员",
        ),
    )
    return ResidentsCommittee(
        seats,
        RC_ELECTED,
        election.id,
        tuple(groups),
        meetings,
        requisitions,
    )


# --- disputes ------------------------------------------------------------------------------


def _case_at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), DEFAULT_ZONE)


def cases_of() -> tuple[Case, ...]:
    """Three disputes: a neighbours' noise complaint handed to the grid Party branch the
    next day with its reason (Hefei) and settled by a signed agreement; owners against
    the property company, sent from the building straight to the community without a
    reason and open there past its 30 days; owners against the developer, mediated by
    the community as a third party (Gongyi) and referred to the people's mediation
    committee."""
    neighbours = (
        Disputant("p1", PartyKind.HOUSEHOLD, "h-05-2-301"),
        Disputant("p2", PartyKind.HOUSEHOLD, "h-05-2-401"),
    )
    noise_opened = _case_at(dt.date(2026, 11, 2))
    noise = Case(
        id="case-noise",
        kind=CaseKind.NEIGHBOUR,
        title="楼上夜间噪声",
        opened=noise_opened,
        parties=neighbours,
        moves=(
            Move(noise_opened, CaseLevel.BUILDING, Route.GRID, "g3-2"),
            Move(
                _case_at(dt.date(2026, 11, 3)),
                CaseLevel.COMPOUND,
                Route.PARTY,
                "u-b1-1",
                "双方均为党员，楼栋长直接交网格党支部调处",
            ),
        ),
        sessions=(
            MediationSession(
                _case_at(dt.date(2026, 11, 5), 19), "st-head-1", ("p1", "p2"), "面对面调解"
            ),
        ),
        agreement=Agreement(
            dt.date(2026, 11, 5),
            "晚十点后不进行装修和健身活动；楼上加装地垫",
            ("p1", "p2"),
            "网格党支部书记",
        ),
        closed=_case_at(dt.date(2026, 11, 5), 21),
    )
    owners = (
        Disputant("o1", PartyKind.HOUSEHOLD, "h-01-1-101"),
        Disputant("o2", PartyKind.HOUSEHOLD, "h-01-1-201"),
        Disputant("pc", PartyKind.PROPERTY_COMPANY, name="示例物业服务有限公司"),
    )
    lift_opened = _case_at(dt.date(2026, 10, 8))
    lift = Case(
        id="case-lift",
        kind=CaseKind.PROPERTY_SERVICE,
        title="电梯长期停运维修费用分担",
        opened=lift_opened,
        parties=owners,
        moves=(
            Move(lift_opened, CaseLevel.BUILDING, Route.GRID, "g3-1"),
            Move(
                _case_at(dt.date(2026, 10, 10)), CaseLevel.COMMUNITY, Route.GRID, "g1"
            ),  # no reason
        ),
        sessions=(
            MediationSession(_case_at(dt.date(2026, 10, 20), 15), "st-deputy", ("o1", "pc")),
        ),
    )
    developer_opened = _case_at(dt.date(2026, 5, 10))
    developer = Case(
        id="case-developer",
        kind=CaseKind.DEVELOPER,
        title="地下车位产权与配建承诺",
        opened=developer_opened,
        parties=(
            Disputant("owners", PartyKind.OWNER, name="业主代表"),
            Disputant("dev", PartyKind.DEVELOPER, name="示例置业有限公司"),
        ),
        moves=(Move(developer_opened, CaseLevel.COMMUNITY, Route.GRID, "g1"),),
        sessions=(
            MediationSession(_case_at(dt.date(2026, 5, 15), 14), "st-secretary", ("owners", "dev")),
            MediationSession(_case_at(dt.date(2026, 5, 28), 14), "st-secretary", ("owners", "dev")),
        ),
        referral=Referral(
            ReferralTo.PEOPLES_MEDIATION,
            _case_at(dt.date(2026, 6, 1)),
            "分歧涉及产权登记，移交街道人民调解委员会",
        ),
        closed=_case_at(dt.date(2026, 6, 1)),
    )
    return (noise, lift, developer)


# --- the owners' record, the property company, volunteer administration -------------------

FEES_DUE = dt.date(2026, 3, 31)
FEE_PER_M2_MONTH_FEN = 150  # 1.50 yuan per m2 a month


def owners_of(gen: Generator, community: Community, election: Election) -> Owners:
    """The owners' record: the preparatory group of the 2026 election, the committee
    it elected (filed 8 days late), its candidates with one tenant who owns nothing,
    the year's property bills (about 96% paid), the election meeting and an
    extraordinary meeting announced 11 days ahead, and the working committee formed
    in 2025 that is still standing after the committee was elected, with a gap in its
    duty."""
    from neighborly.elections import count_election

    compound = community.compounds[0]
    elected = count_election(election).elected
    committee = Committee(
        elected, election.held, 5, filed=dt.date(2026, 10, 28), election=election.id
    )
    owner_ids = {o for h in compound.households() for o in h.owners}
    tenant = next(r.id for h in compound.households() for r in h.occupants if r.id not in owner_ids)
    candidates = (*(Candidate(c) for c in election.candidates), Candidate(tenant))
    bills = []
    payments = []
    for household in compound.households():
        fen = int(household.area_m2 * FEE_PER_M2_MONTH_FEN * 12)
        bill = Bill(
            f"bill-{household.id}", household.id, Charge.PROPERTY_FEE, "2026", FEES_DUE, fen
        )
        bills.append(bill)
        draw = gen.rng.random()
        if draw < 0.955:
            day = FEES_DUE - dt.timedelta(days=gen.rng.randrange(90))
            payments.append(Payment(f"pay-{household.id}", bill.id, day, fen))
        elif draw < 0.975:
            payments.append(
                Payment(f"pay-{household.id}", bill.id, FEES_DUE - dt.timedelta(days=10), fen // 2)
            )
    parts = [h.id for h in compound.households()]
    meetings = (
        AssemblyMeeting("am-2026-09", dt.date(2026, 9, 1), election.held),
        AssemblyMeeting(
            "am-2026-11",
            dt.date(2026, 10, 28),
            dt.date(2026, 11, 8),
            extraordinary=True,
            requested_by=tuple(parts[::4]),
        ),
    )
    group = (
        GroupMember("街道办 王主任", GroupRole.STREET_OFFICE, leader=True),
        GroupMember("居委会 李委员", GroupRole.RESIDENTS_COMMITTEE),
        GroupMember("建设单位代表", GroupRole.DEVELOPER),
        *(GroupMember(f"业主代表 {n}", GroupRole.OWNER) for n in range(1, 5)),
    )
    adults = [r.id for h in list(compound.households())[::300] for r in h.occupants[:1]][:7]
    formed = dt.date(2025, 4, 12)
    duty = tuple(
        DutyDay(formed + dt.timedelta(days=n), adults[n % len(adults)])
        for n in range((dt.date(2026, 11, 30) - formed).days + 1)
        if formed + dt.timedelta(days=n) != dt.date(2026, 11, 27)  # nobody that Friday
    )
    working = WorkingCommittee(tuple(adults), formed, duty)
    return Owners(
        preparatory_group=group,
        committee=committee,
        candidates=candidates,
        meetings=meetings,
        bills=tuple(bills),
        payments=tuple(payments),
        working_committee=working,
    )


PROPERTY_BRANCH = "u-property"


def property_company_of(community: Community) -> PropertyCompany:
    """The company the owners chose in 2025, bound by its contract to hold an activity
    on every official holiday and on the Lantern and Double Ninth festivals (within 3
    days); it held none for the Dragon Boat holiday.  Its own Party branch, and
    monthly joint meetings with the community Party committee and the residents'
    committee."""
    compound = community.compounds[0]
    held = [
        ("元旦游园", dt.date(2026, 1, 1)),
        ("春节送福", dt.date(2026, 2, 17)),
        ("元宵猜灯谜", dt.date(2026, 3, 3)),
        ("清明文明祭扫宣传", dt.date(2026, 4, 4)),
        ("劳动节义务维修", dt.date(2026, 5, 2)),
        ("中秋月饼DIY", dt.date(2026, 9, 25)),
        ("国庆升旗", dt.date(2026, 10, 1)),
        ("重阳敬老", dt.date(2026, 10, 18)),
    ]
    meetings = tuple(
        JointMeeting(
            f"jm-2026-{month:02d}",
            dt.date(2026, month, 10),
            frozenset(
                {
                    JointParty.PROPERTY_COMPANY,
                    JointParty.COMMUNITY_PARTY,
                    JointParty.RESIDENTS_COMMITTEE,
                }
            ),
            ("物业服务月度通报",),
        )
        for month in range(1, 11)
    )
    return PropertyCompany(
        id="pc-sample",
        name="示例物业服务有限公司",
        compounds=(compound.id,),
        serves_from=dt.date(2025, 7, 1),
        party_branch=PROPERTY_BRANCH,
        joint_meetings=meetings,
        activities=tuple(CompanyActivity(f"pa-{day:%Y%m%d}", day, title) for title, day in held),
        duty=HolidayDuty(
            holidays=True,
            festivals=frozenset({Festival.LANTERN, Festival.DOUBLE_NINTH}),
            days_around=3,
        ),
    )


def volunteer_admin_of(community: Community) -> VolunteerAdmin:
    """Trainings, two awards, accident cover for the patrol team with a gap early in
    January 2026 (the patrols of those days were outside cover), and three certificate
    requests: one answered truly, one stating 6 hours more than the approved
    records, one still waiting."""
    members = next(t.members for t in community.teams if t.id == "t-patrol")
    culture = next(t.members for t in community.teams if t.id == "t-culture")
    records = community.records
    trainings = (
        Training(
            "tr-first-aid",
            "应急救护培训",
            "心肺复苏与止血包扎",
            Decimal(4),
            "区红十字会",
            dt.date(2026, 4, 18),
            tuple(members[:10]),
        ),
        Training(
            "tr-patrol",
            "平安巡逻安全培训",
            "夜间巡逻与消防通道检查",
            Decimal("1.5"),
            "示例社区",
            dt.date(2025, 1, 4),
            tuple(members),
        ),
    )
    awards = (
        Commendation(
            "aw-2025-1", members[0], "2025 年度优秀志愿者", dt.date(2025, 12, 5), "示例街道"
        ),
        Commendation(
            "aw-2025-2", culture[0], "2025 年度优秀志愿者", dt.date(2025, 12, 5), "示例街道"
        ),
    )
    cover = (
        Cover(
            "cov-2025", "示例保险公司", tuple(members), dt.date(2025, 1, 1), dt.date(2025, 12, 31)
        ),
        Cover(
            "cov-2026", "示例保险公司", tuple(members), dt.date(2026, 1, 10), dt.date(2026, 12, 31)
        ),
    )
    first, second, third = members[1], members[2], culture[1]
    requests = (
        CertificateRequest("creq-1", first, dt.date(2026, 6, 1), "升学材料"),
        CertificateRequest("creq-2", second, dt.date(2026, 9, 1), "求职材料"),
        CertificateRequest("creq-3", third, dt.date(2026, 11, 10), "评优材料"),
    )
    true = issue_certificate(
        records,
        id="cert-1",
        volunteer=first,
        issued=dt.date(2026, 6, 3),
        unit="示例社区志愿服务站",
        last=dt.date(2026, 5, 31),
        request=requests[0],
    )
    honest = issue_certificate(
        records,
        id="cert-2",
        volunteer=second,
        issued=dt.date(2026, 9, 4),
        unit="示例社区志愿服务站",
        last=dt.date(2026, 8, 31),
        request=requests[1],
    )
    padded = attrs.evolve(honest, hours=honest.hours + Decimal(6))
    return VolunteerAdmin(
        trainings=trainings,
        awards=awards,
        cover=cover,
        requests=requests,
        certificates=(true, padded),
        risky_kinds=frozenset({"patrol"}),
    )


if __name__ == "__main__":
    raise SystemExit(main())
