"""The community (社区): the composition root that puts every aggregate in one place.

A :class:`Community` holds its places (:mod:`neighborly.places`), the staff, grids and
service teams that serve them (:mod:`neighborly.grids`), its calendar
(:mod:`neighborly.scheduling`), its volunteers and their records
(:mod:`neighborly.volunteering`), its points ledger (:mod:`neighborly.points`), its
Party organisation (:mod:`neighborly.party`), its owners' votes, committee, meetings,
fees and working committee, and its property companies (:mod:`neighborly.owners`),
its volunteers' training, awards, insurance and certificates
(:mod:`neighborly.volunteer_admin`) and its services: micro-wishes, residents'
requests, garbage sorting, the facilities around it, elders' meal help, shared
parking, deliberation and the registries, and the elections it held
(:mod:`neighborly.elections`), its residents' committee
(:mod:`neighborly.residents_committee`) and its disputes (:mod:`neighborly.cases`).  One
file describes one community completely.

Nothing here checks another module's internals.  Each domain module declares, as
data, the ids its models define and the references they make (``GRID_DECLARED``,
``PARTY_DECLARED``, ...); this module mounts each declaration where its models sit
(:data:`PARTS`) and the integrity check is assembled from them, so a new sub-domain
is wired in one place: a field here and a line in :data:`PARTS`.

Ids are unique across every kind the parts define (:data:`ID_KINDS`: places and
residents, staff, grids, teams, venues, events, volunteers, records, points accounts
and catalogue items, Party units, members, meetings, co-building units, projects and
spendings, votes, wishes, requests, collection points, facilities, meal-help
enrolments, parking pools, proposals, boards, deliberation meetings, undertakings,
reception days, artisans, funds, elections, residents' groups, dispute cases, property
bills and payments, assembly meetings, property companies with their joint meetings
and activities, and volunteer trainings, awards, cover, certificate requests and
certificates).
Entries that belong to one record only (a vote's roll and motions, a fund's entries,
a co-building unit's pledges, the sorting time slots) need only be unique within it;
their owners check that.

>>> from neighborly.places import Building, Compound, Household, Unit
>>> from decimal import Decimal
>>> home = Household("h-1", "101", Decimal("89.5"))
>>> c = Community("c-1", "Lily Garden", compounds=(
...     Compound("cp-1", "Lily", (Building("b-1", "1", (Unit("u-1", "1", (home,)),)),)),))
>>> c.household("h-1").room, c.index.path("h-1")
('101', '$.compounds[0].buildings[0].units[0].households[0]')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import attrs

from neighborly._checks import (
    COUNT,
    DATE,
    IDENT,
    OPT_TEXT,
    TEXT,
    Check,
    checks,
    is_enum,
    of_type,
    opt,
    tuple_of,
)
from neighborly._model import Model
from neighborly.care import MEAL_ENROLMENT_DECLARED, MealEnrolment
from neighborly.cases import CASE_DECLARED, Case
from neighborly.deliberation.records import DELIBERATION_DECLARED, Deliberation
from neighborly.elections import ELECTION_DECLARED, Election
from neighborly.errors import Problem
from neighborly.grids import (
    GRID_DECLARED,
    STAFF_DECLARED,
    TEAM_DECLARED,
    Grid,
    GridIndex,
    ServiceTeam,
    StaffMember,
)
from neighborly.integrity import Declarations, Ids, Integrity, Known, Part
from neighborly.owners.company import PROPERTY_COMPANY_DECLARED, PropertyCompany
from neighborly.owners.record import OWNERS_DECLARED, Owners
from neighborly.owners.votes import VOTE_DECLARED, Vote
from neighborly.parking import PARKING_DECLARED, Parking
from neighborly.party.organisation import PARTY_DECLARED, Party
from neighborly.places import (
    COMMUNITY,
    COMPOUND_DECLARED,
    Compound,
    Household,
    PlaceIndex,
    PlaceTables,
    Resident,
    ResidentTag,
    Shop,
    households_of,
    residents_of,
    shops_of,
)
from neighborly.points import BOOK_DECLARED, Book
from neighborly.registries import REGISTRIES_DECLARED, Registries
from neighborly.requests import REQUEST_DECLARED, Request
from neighborly.residents_committee import RESIDENTS_COMMITTEE_DECLARED, ResidentsCommittee
from neighborly.scheduling import (
    ASSIGNMENT_DECLARED,
    EVENT_DECLARED,
    VENUE_DECLARED,
    Assignment,
    Event,
    Venue,
)
from neighborly.services import FACILITY_DECLARED, Facility
from neighborly.text import Lang, Text, check_lang, number
from neighborly.volunteer_admin import VOLUNTEER_ADMIN_DECLARED, VolunteerAdmin
from neighborly.volunteering import RECORD_DECLARED, VOLUNTEER_DECLARED, ServiceRecord, Volunteer
from neighborly.waste import SORTING_DECLARED, Sorting
from neighborly.wishes import WISH_DECLARED, Wish

__all__ = ["ID_KINDS", "PARTS", "Community", "Summary", "TagCount", "summarize"]


PARTS: tuple[Part, ...] = (
    Part("", Declarations(ids=(Ids("id", COMMUNITY),))),
    Part("compounds[*]", COMPOUND_DECLARED),
    Part("staff[*]", STAFF_DECLARED),
    Part("grids[*]", GRID_DECLARED),
    Part("teams[*]", TEAM_DECLARED),
    Part("venues[*]", VENUE_DECLARED),
    Part("events[*]", EVENT_DECLARED),
    Part("assignments[*]", ASSIGNMENT_DECLARED),
    Part("volunteers[*]", VOLUNTEER_DECLARED),
    Part("records[*]", RECORD_DECLARED),
    Part("points", BOOK_DECLARED),
    Part("party", PARTY_DECLARED),
    Part("votes[*]", VOTE_DECLARED),
    Part("wishes[*]", WISH_DECLARED),
    Part("requests[*]", REQUEST_DECLARED),
    Part("sorting", SORTING_DECLARED),
    Part("facilities[*]", FACILITY_DECLARED),
    Part("meal_help[*]", MEAL_ENROLMENT_DECLARED),
    Part("parking", PARKING_DECLARED),
    Part("deliberation", DELIBERATION_DECLARED),
    Part("registries", REGISTRIES_DECLARED),
    Part("elections[*]", ELECTION_DECLARED),
    Part("residents_committee", RESIDENTS_COMMITTEE_DECLARED),
    Part("cases[*]", CASE_DECLARED),
    Part("owners", OWNERS_DECLARED),
    Part("property_companies[*]", PROPERTY_COMPANY_DECLARED),
    Part("volunteer_admin", VOLUNTEER_ADMIN_DECLARED),
)
"""Where each module's declared ids and references sit in a community."""

_INTEGRITY = Integrity(PARTS)

ID_KINDS: tuple[str, ...] = _INTEGRITY.kinds
"""Every kind of id a community defines; ids are unique across all of them."""


def _integrity(community: Community) -> Iterator[Problem]:
    return _INTEGRITY.problems(community)


@attrs.frozen(eq=False, repr=False)
class Community(Model):
    """A community (社区) and everything it keeps, each aggregate in its own field.

    Every reference (a grid's places, an event's venue, a record's volunteer, a Party
    unit's grids, a wish's resident, ...) must name an id of the right kind in this
    community, and ids are unique across the community; construction fails otherwise,
    naming each problem by path.  Whether the grids *cover* the places well is a
    governance question answered by the rules (:func:`neighborly.rules.check_community`),
    not by construction.

    ``policies`` names the bundle of local policies its rules are judged by
    (:data:`neighborly.rules.BUNDLES`, such as ``"beijing"``) when the caller gives
    none; the national defaults when it is None.
    """

    id: str
    name: str
    street: str | None = None
    compounds: tuple[Compound, ...] = ()
    staff: tuple[StaffMember, ...] = ()
    grids: tuple[Grid, ...] = ()
    teams: tuple[ServiceTeam, ...] = ()
    venues: tuple[Venue, ...] = ()
    events: tuple[Event, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    volunteers: tuple[Volunteer, ...] = ()
    records: tuple[ServiceRecord, ...] = ()
    points: Book | None = None
    party: Party | None = None
    votes: tuple[Vote, ...] = ()
    wishes: tuple[Wish, ...] = ()
    requests: tuple[Request, ...] = ()
    sorting: Sorting | None = None
    facilities: tuple[Facility, ...] = ()
    meal_help: tuple[MealEnrolment, ...] = ()
    parking: Parking | None = None
    deliberation: Deliberation | None = None
    registries: Registries | None = None
    elections: tuple[Election, ...] = ()
    residents_committee: ResidentsCommittee | None = None
    cases: tuple[Case, ...] = ()
    owners: Owners | None = None
    property_companies: tuple[PropertyCompany, ...] = ()
    volunteer_admin: VolunteerAdmin | None = None
    policies: str | None = None
    # Indexes derived from the fields above, built by this class on first use.
    _cache: dict[str, Any] = attrs.field(init=False, factory=dict, eq=False, repr=False, hash=False)

    __attrs_post_init__ = checks(
        id=IDENT,
        name=TEXT,
        street=OPT_TEXT,
        compounds=tuple_of(Compound),
        staff=tuple_of(StaffMember),
        grids=tuple_of(Grid),
        teams=tuple_of(ServiceTeam),
        venues=tuple_of(Venue),
        events=tuple_of(Event),
        assignments=tuple_of(Assignment),
        volunteers=tuple_of(Volunteer),
        records=tuple_of(ServiceRecord),
        points=opt(of_type(Book)),
        party=opt(of_type(Party)),
        votes=tuple_of(Vote),
        wishes=tuple_of(Wish),
        requests=tuple_of(Request),
        sorting=opt(of_type(Sorting)),
        facilities=tuple_of(Facility),
        meal_help=tuple_of(MealEnrolment),
        parking=opt(of_type(Parking)),
        deliberation=opt(of_type(Deliberation)),
        registries=opt(of_type(Registries)),
        elections=tuple_of(Election),
        residents_committee=opt(of_type(ResidentsCommittee)),
        cases=tuple_of(Case),
        owners=opt(of_type(Owners)),
        property_companies=tuple_of(PropertyCompany),
        volunteer_admin=opt(of_type(VolunteerAdmin)),
        policies=opt(IDENT),
        then=_integrity,
    )

    def households(self) -> Iterator[Household]:
        """Every household, compound by compound."""
        return households_of(self.compounds)

    def shops(self) -> Iterator[Shop]:
        """Every shop, compound by compound."""
        return shops_of(self.compounds)

    def residents(self) -> Iterator[Resident]:
        """Every resident, household by household."""
        return residents_of(self.compounds)

    @property
    def index(self) -> PlaceIndex:
        """Lookups by id over this community's places (their tables built once, on first
        use)."""
        tables: PlaceTables | None = self._cache.get("places")
        if tables is None:
            index = PlaceIndex(self)
            self._cache["places"] = index.tables
            return index
        return PlaceIndex(self, tables)

    @property
    def grid_index(self) -> GridIndex:
        """What each grid covers, built once on first use (see :mod:`neighborly.grids`)."""
        index: GridIndex | None = self._cache.get("grids")
        if index is None:
            index = self._cache["grids"] = GridIndex(self)
        return index

    @property
    def known(self) -> Known:
        """Every id of the community by kind (:data:`ID_KINDS`) with the object that
        defines it, built once on first use."""
        known: Known | None = self._cache.get("known")
        if known is None:
            # kept without the community itself, which keeps it (a cycle otherwise)
            known = self._cache["known"] = _INTEGRITY.known(self).without(COMMUNITY.name)
        return known.replacing(COMMUNITY.name, {self.id: self})

    def household(self, household_id: str) -> Household:
        """The household with this id; :class:`~neighborly.errors.NotFound` if none."""
        return self.index.household(household_id)


# --- a summary -----------------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class TagCount(Model):
    """How many residents carry one tag."""

    tag: ResidentTag
    count: int

    __attrs_post_init__ = checks(tag=is_enum(ResidentTag), count=COUNT)


@attrs.frozen(eq=False, repr=False)
class Summary(Model):
    """Counts that describe a community at a glance, on a given day."""

    community_id: str
    name: str
    as_of: dt.date
    compounds: int
    buildings: int
    units: int
    households: int
    residents: int
    shops: int
    staff: int
    grids_by_level: tuple[int, ...]
    teams: int
    aged_80_plus: int
    tags: tuple[TagCount, ...]

    __attrs_post_init__ = checks(
        community_id=IDENT,
        name=TEXT,
        as_of=DATE,
        compounds=COUNT,
        buildings=COUNT,
        units=COUNT,
        households=COUNT,
        residents=COUNT,
        shops=COUNT,
        staff=COUNT,
        grids_by_level=Check(
            "type({v}) is tuple and len({v}) == 3 and all(type(n) is int and n >= 0 for n in {v})",
            Text("three counts (levels 1, 2, 3)", "三个计数（一、二、三级）"),
        ),
        teams=COUNT,
        aged_80_plus=COUNT,
        tags=tuple_of(TagCount),
    )

    def render(self, lang: Lang = "en") -> str:
        """Four lines of counts, in English or Chinese."""
        zh = check_lang(lang) == "zh"
        level1, level2, level3 = self.grids_by_level
        tag_counts = (" · " if not zh else "，").join(
            f"{t.tag.label.render(lang)} {number(t.count)}" + (" 人" if zh else "")
            for t in self.tags
        )
        if zh:
            return "\n".join(
                [
                    f"{self.name}（{self.community_id}），截至 {self.as_of.isoformat()}",
                    f"  小区 {number(self.compounds)} 个，楼栋 {number(self.buildings)} 栋，"
                    f"单元 {number(self.units)} 个，住户 {number(self.households)} 户，"
                    f"居民 {number(self.residents)} 人，商户 {number(self.shops)} 家",
                    f"  工作人员 {number(self.staff)} 人，网格 {level1 + level2 + level3} 个"
                    f"（一级 {level1}、二级 {level2}、三级 {level3}），服务队 {self.teams} 支",
                    f"  80 岁以上 {number(self.aged_80_plus)} 人"
                    + (f"，{tag_counts}" if tag_counts else ""),
                ]
            )
        return "\n".join(
            [
                f"{self.name} ({self.community_id}), as of {self.as_of.isoformat()}",
                f"  compounds {number(self.compounds)} · buildings {number(self.buildings)} · "
                f"units {number(self.units)} · households {number(self.households)} · "
                f"residents {number(self.residents)} · shops {number(self.shops)}",
                f"  staff {number(self.staff)} · grids {level1 + level2 + level3} "
                f"(level 1: {level1}, level 2: {level2}, level 3: {level3}) · "
                f"service teams {self.teams}",
                f"  aged 80+ {number(self.aged_80_plus)}"
                + (f" · {tag_counts}" if tag_counts else ""),
            ]
        )


def summarize(community: Community, as_of: dt.date) -> Summary:
    """Count a community's places, people, grids and residents' circumstances on ``as_of``."""
    buildings = units = households = residents = aged_80_plus = 0
    tag_counts = dict.fromkeys(ResidentTag, 0)
    for compound in community.compounds:
        buildings += len(compound.buildings)
        for building in compound.buildings:
            units += len(building.units)
            for unit in building.units:
                households += len(unit.households)
                for household in unit.households:
                    residents += len(household.occupants)
                    for resident in household.occupants:
                        age = resident.age_on(as_of)
                        if age is not None and age >= 80:
                            aged_80_plus += 1
                        for tag in resident.tags:
                            tag_counts[tag] += 1
    levels = [0, 0, 0]
    for grid in community.grids:
        levels[grid.level - 1] += 1
    return Summary(
        community_id=community.id,
        name=community.name,
        as_of=as_of,
        compounds=len(community.compounds),
        buildings=buildings,
        units=units,
        households=households,
        residents=residents,
        shops=sum(len(c.shops) for c in community.compounds),
        staff=len(community.staff),
        grids_by_level=(levels[0], levels[1], levels[2]),
        teams=len(community.teams),
        aged_80_plus=aged_80_plus,
        tags=tuple(TagCount(tag, count) for tag, count in tag_counts.items() if count),
    )
