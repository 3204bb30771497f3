"""The places a community is made of, and the people living in them.

A :class:`Community` (社区) contains compounds (小区), which contain buildings (楼栋),
which contain units or stairwells (单元), which contain households (户); shops (商户)
sit in compounds.  Every object has a string id that is unique across the whole
community file, so a grid can name any place by its id.

The community also carries the people and structures that look after it
(staff, grids and service teams, defined in :mod:`neighborly.grids`), so one file
describes one community completely.

Residents' personal data (name, phone, ID number) is masked in ``repr`` and ``str``
and left out of exported data unless the caller opts in explicitly
(:func:`neighborly.serialization.unstructure` with ``personal_data=True``).

>>> r = Resident(id="r1", name="张伟", phone="13812345678")
>>> "138****5678" in repr(r), "13812345678" in repr(r), "张*" in str(r)
(True, False, True)
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs

from neighborly._checks import (
    COUNT,
    DATE,
    IDENT,
    OPT_PHONE,
    OPT_TEXT,
    POSITIVE_DECIMAL,
    TEXT,
    Check,
    Where,
    checks,
    enum_set,
    int_range,
    is_enum,
    of_type,
    opt,
    tuple_of,
)
from neighborly._personal import (
    PERSONAL,
    mask_id_number,
    mask_name,
    mask_phone,
    masked,
    tags_repr,
)
from neighborly._tags import ResidentTag
from neighborly._text import Lang, Text, check_lang, number
from neighborly.care import MealEnrolment
from neighborly.deliberation import Deliberation
from neighborly.errors import NotFound, Problem
from neighborly.grids import Grid, GridIndex, ServiceTeam, StaffMember
from neighborly.owners import ExclusivePart, Vote
from neighborly.parking import Parking
from neighborly.party import Party
from neighborly.points import AccountKind, Book
from neighborly.registries import Registries
from neighborly.requests import Request
from neighborly.scheduling import Assignment, Event, Venue
from neighborly.services import Facility, Location
from neighborly.volunteering import ServiceRecord, Volunteer
from neighborly.waste import Sorting
from neighborly.wishes import Wish

__all__ = [
    "PERSONAL",
    "Building",
    "Community",
    "Compound",
    "Household",
    "PlaceIndex",
    "Resident",
    "ResidentTag",
    "Shop",
    "Summary",
    "TagCount",
    "Unit",
    "is_resident_id_number",
    "mask_id_number",
    "mask_name",
    "mask_phone",
    "roll_of",
    "summarize",
]


# --- personal data: validation and masking ------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"
_ID_ZERO_SUM = ord("0") * sum(_ID_WEIGHTS)
_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def is_resident_id_number(value: str) -> bool:
    """Whether ``value`` is a well-formed 18-character resident identity number (GB 11643-1999).

    Checks the length, the digits, the embedded birth date and the ISO 7064
    MOD 11-2 check character; it cannot check that the number was ever issued.

    >>> is_resident_id_number("11010519491231002X"), is_resident_id_number("110105194912310021")
    (True, False)
    """
    if len(value) != 18 or not value.isascii():
        return False
    body = value[:17]
    if not body.isdigit():
        return False
    total = sum(map(operator.mul, body.encode("ascii"), _ID_WEIGHTS)) - _ID_ZERO_SUM
    if _ID_CHECK_CHARS[total % 11] != value[17].upper():
        return False
    return _valid_ymd(int(body[6:14]))


def _valid_ymd(ymd: int) -> bool:
    """Whether an 8-digit YYYYMMDD number is a real date."""
    year, month_day = divmod(ymd, 10000)
    month, day = divmod(month_day, 100)
    if not 1 <= month <= 12 or day < 1 or year < 1:
        return False
    if month == 2 and day == 29:
        return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return day <= _MONTH_DAYS[month]


def _ymd(day: dt.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


RESIDENT_ID_NUMBER = Check(
    "type({v}) is str and _is_id({v})",
    Text(
        "an 18-character resident identity number with a valid check character (GB 11643)",
        "18 位公民身份号码，校验码正确（GB 11643）",
    ),
    {"_is_id": is_resident_id_number},
)


# --- the place tree ---------------------------------------------------------------------


@attrs.frozen
class Resident:
    """A person living in a household.

    Give ``birth_date`` where it is known, else ``age`` as recorded; never both.
    ``name``, ``phone``, ``id_number`` and ``tags`` (which can tell of disability or
    low income) are personal data.
    """

    id: str
    name: str | None = attrs.field(default=None, repr=masked(mask_name), metadata=PERSONAL)
    phone: str | None = attrs.field(default=None, repr=masked(mask_phone), metadata=PERSONAL)
    id_number: str | None = attrs.field(
        default=None, repr=masked(mask_id_number), metadata=PERSONAL
    )
    birth_date: dt.date | None = None
    age: int | None = None
    tags: frozenset[ResidentTag] = attrs.field(
        default=frozenset(), repr=tags_repr, metadata=PERSONAL
    )

    __attrs_post_init__ = checks(
        id=IDENT,
        name=OPT_TEXT,
        phone=OPT_PHONE,
        id_number=opt(RESIDENT_ID_NUMBER),
        birth_date=opt(DATE),
        age=opt(int_range(0, 150)),
        tags=enum_set(ResidentTag),
        where=(
            Where(
                "self.age is None or self.birth_date is None",
                "$.age",
                Text("either age or birth_date, not both", "age 与 birth_date 只能给出其一"),
                shows="age",
            ),
            Where(
                "self.id_number is None or self.birth_date is None"
                " or int(self.id_number[6:14]) == _ymd(self.birth_date)",
                "$.birth_date",
                Text(
                    "the birth date written in id_number",
                    "与身份证号中的出生日期一致",
                ),
                {"_ymd": _ymd},
                shows="birth_date",
            ),
        ),
    )

    def age_on(self, day: dt.date) -> int | None:
        """Age in whole years on ``day``: from the birth date if known, else the recorded age."""
        if self.birth_date is None:
            return self.age
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years


@attrs.frozen
class Household:
    """One household (户): a flat with its exclusive-part area, owners and occupants.

    ``owners`` are owner ids; the same id on several households is the same person
    (an owner who lives in the community should use their resident id).
    """

    id: str
    room: str
    area_m2: Decimal
    owners: tuple[str, ...] = ()
    occupants: tuple[Resident, ...] = ()

    __attrs_post_init__ = checks(
        id=IDENT,
        room=TEXT,
        area_m2=POSITIVE_DECIMAL,
        owners=tuple_of(str),
        occupants=tuple_of(Resident),
    )


@attrs.frozen
class Unit:
    """A unit or stairwell (单元) of a building."""

    id: str
    number: str
    households: tuple[Household, ...] = ()

    __attrs_post_init__ = checks(id=IDENT, number=TEXT, households=tuple_of(Household))


@attrs.frozen
class Building:
    """A building (楼栋), made of units; ``location`` (WGS-84) places it on the map for
    the life-circle rules."""

    id: str
    number: str
    units: tuple[Unit, ...] = ()
    floors: int | None = None
    location: Location | None = None

    __attrs_post_init__ = checks(
        id=IDENT,
        number=TEXT,
        units=tuple_of(Unit),
        floors=opt(int_range(1, 200)),
        location=opt(of_type(Location)),
    )

    def households(self) -> Iterator[Household]:
        """Every household of the building, unit by unit."""
        for unit in self.units:
            yield from unit.households


@attrs.frozen
class Shop:
    """A shop or business (商户) in a compound; ``building`` names the building it is in, if any."""

    id: str
    name: str
    category: str | None = None
    building: str | None = None

    __attrs_post_init__ = checks(id=IDENT, name=TEXT, category=OPT_TEXT, building=opt(IDENT))


@attrs.frozen
class Compound:
    """A residential compound (小区) with its buildings and shops."""

    id: str
    name: str
    buildings: tuple[Building, ...] = ()
    shops: tuple[Shop, ...] = ()

    __attrs_post_init__ = checks(
        id=IDENT, name=TEXT, buildings=tuple_of(Building), shops=tuple_of(Shop)
    )

    def households(self) -> Iterator[Household]:
        """Every household of the compound, building by building."""
        for building in self.buildings:
            yield from building.households()


def _community_integrity(community: Community) -> list[Problem]:
    return _Integrity(community).problems()


@attrs.frozen
class Community:
    """A community (社区): its places, the staff, grids and service teams that serve them,
    its calendar (venues, events and who is assigned to them), its volunteers with
    their service records, its service-points ledger (``points``, a
    :class:`~neighborly.points.Book`), its Party organisation (``party``, a
    :class:`~neighborly.party.Party`), its owners' votes (``votes``; a vote with
    no roll of its own counts the community's households, see :func:`roll_of`), and
    its services: micro-wishes (``wishes``), residents' requests (``requests``), the
    garbage-sorting programme (``sorting``, a :class:`~neighborly.waste.Sorting`), the
    facilities around it (``facilities``, for the life circle), elders' meal-help
    enrolments (``meal_help``, see :mod:`neighborly.care`), the car parks
    co-building units share (``parking``, see :mod:`neighborly.parking`), its
    deliberation records (``deliberation``) and its registries (``registries``:
    artisans, mutual-care funds, meal-help points).

    Ids are unique across the whole community.  Every reference (a shop's building,
    a grid's parent, head, staff and places, a team's grids and members, an event's
    venue, an assignment's event and person, who is a staff member or a resident, a
    volunteer's resident, a record's volunteer, team and grid, a points account's
    holder, a Party unit's places and grids, a Party member's resident, a
    demonstration household, a wish's resident, a request's household and grid, the
    sorting team, a collection point's compound, a duty's volunteer, an inspected
    household and its inspector, an enrolment's resident and meal-help point, a
    parking pool's co-building unit and pledge, an allocation's household, a
    proposal's household, place and supporters, a board's compound, an artisan's
    resident, a meal point's facility) must name something that exists; construction
    fails
    otherwise, naming each broken reference by path.
    Whether the grids *cover* the places well is a governance question answered by
    the rules in :mod:`neighborly.grids`, not by construction.
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
        then=_community_integrity,
    )

    def __getstate__(self) -> dict[str, Any]:
        """Pickle the data, not the lookup caches (they are rebuilt on first use)."""
        return {f.name: getattr(self, f.name) for f in attrs.fields(Community) if f.init}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_cache", {})

    def households(self) -> Iterator[Household]:
        """Every household, compound by compound."""
        for compound in self.compounds:
            yield from compound.households()

    def shops(self) -> Iterator[Shop]:
        """Every shop, compound by compound."""
        for compound in self.compounds:
            yield from compound.shops

    def residents(self) -> Iterator[Resident]:
        """Every resident, household by household."""
        for household in self.households():
            yield from household.occupants

    @property
    def index(self) -> PlaceIndex:
        """Lookups by id over this community, built once on first use."""
        index = self._cache.get("places")
        if index is None:
            index = self._cache["places"] = PlaceIndex(self)
        return index

    @property
    def grid_index(self) -> GridIndex:
        """What each grid covers, built once on first use (see :mod:`neighborly.grids`)."""
        index = self._cache.get("grids")
        if index is None:
            index = self._cache["grids"] = GridIndex(self)
        return index

    def household(self, household_id: str) -> Household:
        """The household with this id; :class:`~neighborly.errors.NotFound` if none."""
        return self.index.household(household_id)


def roll_of(community: Community) -> tuple[ExclusivePart, ...]:
    """The community's households as an owner roll: each household an exclusive part
    with its registered area and its owners (a household with none recorded counts
    as one owner of its own)."""
    return tuple(
        ExclusivePart(
            household.id,
            household.owners or (f"owner-of-{household.id}",),
            registered_area=household.area_m2,
        )
        for household in community.households()
    )


# --- lookups -------------------------------------------------------------------------


_CHILDREN = ("compounds", "buildings", "units", "households")


class PlaceIndex:
    """Where every place of a community is: its kind, its object and its JSON path.

    Built from a :class:`Community` (use :attr:`Community.index`, which caches it).
    Each id maps to its kind and its position in the tree, so paths and parents are
    worked out on demand and building the index stays cheap.
    """

    def __init__(self, community: Community) -> None:
        self.community = community
        # id -> (kind, indices down the tree); shops: ("shop", (compound, shop))
        self._where: dict[str, tuple[str, tuple[int, ...]]] = {community.id: ("community", ())}
        where = self._where
        for ci, compound in enumerate(community.compounds):
            where[compound.id] = ("compound", (ci,))
            for si, shop in enumerate(compound.shops):
                where[shop.id] = ("shop", (ci, si))
            for bi, building in enumerate(compound.buildings):
                where[building.id] = ("building", (ci, bi))
                for ui, unit in enumerate(building.units):
                    where[unit.id] = ("unit", (ci, bi, ui))
                    for hi, household in enumerate(unit.households):
                        where[household.id] = ("household", (ci, bi, ui, hi))

    def kind(self, place_id: str) -> str | None:
        """``community``, ``compound``, ``building``, ``unit``, ``household``, ``shop``, or
        None for an id that names no place."""
        found = self._where.get(place_id)
        return found[0] if found is not None else None

    def _locate(self, place_id: str, kind: str | None = None) -> tuple[str, tuple[int, ...]]:
        found = self._where.get(place_id)
        if found is None or (kind is not None and found[0] != kind):
            raise NotFound(kind or "place", place_id, self.community.id)
        return found

    def get(self, place_id: str) -> Community | Compound | Building | Unit | Household | Shop:
        """The place with this id; :class:`~neighborly.errors.NotFound` if none."""
        kind, indices = self._locate(place_id)
        if kind == "shop":
            return self.community.compounds[indices[0]].shops[indices[1]]
        node: Any = self.community
        for field, index in zip(_CHILDREN, indices):  # noqa: B905 - indices may be shorter
            node = getattr(node, field)[index]
        return node  # type: ignore[no-any-return]

    def household(self, household_id: str) -> Household:
        """The household with this id; :class:`~neighborly.errors.NotFound` if none."""
        self._locate(household_id, "household")
        return self.get(household_id)  # type: ignore[return-value]

    def shop(self, shop_id: str) -> Shop:
        """The shop with this id; :class:`~neighborly.errors.NotFound` if none."""
        self._locate(shop_id, "shop")
        return self.get(shop_id)  # type: ignore[return-value]

    def building_of(self, household_id: str) -> tuple[Compound, Building, Unit]:
        """The compound, building and unit a household is in."""
        _, (ci, bi, ui, _) = self._locate(household_id, "household")
        compound = self.community.compounds[ci]
        building = compound.buildings[bi]
        return compound, building, building.units[ui]

    def path(self, place_id: str) -> str:
        """The JSON path of a place (``$.compounds[0].buildings[3]...``)."""
        kind, indices = self._locate(place_id)
        if kind == "shop":
            return f"$.compounds[{indices[0]}].shops[{indices[1]}]"
        return "$" + "".join(f".{field}[{i}]" for field, i in zip(_CHILDREN, indices))  # noqa: B905

    def households_in(self, place_id: str) -> tuple[Household, ...]:
        """The households a place holds: itself for a household, all below it otherwise."""
        place = self.get(place_id)
        if isinstance(place, Household):
            return (place,)
        if isinstance(place, Shop):
            return ()
        if isinstance(place, Unit):
            return place.households
        return tuple(place.households())

    def shops_in(self, place_id: str) -> tuple[Shop, ...]:
        """The shops a place holds: a shop itself, the shops located in a building, or all
        shops of a compound or of the community."""
        place = self.get(place_id)
        if isinstance(place, Shop):
            return (place,)
        if isinstance(place, Building):
            ci = self._where[place_id][1][0]
            return tuple(s for s in self.community.compounds[ci].shops if s.building == place_id)
        if isinstance(place, Compound):
            return place.shops
        if isinstance(place, Community):
            return tuple(place.shops())
        return ()


class _Integrity:
    """Unique ids and resolvable references across a community.

    A first pass only counts and collects ids (cheap); paths are worked out only
    when something is wrong.
    """

    def __init__(self, community: Community) -> None:
        self.c = community

    def problems(self) -> list[Problem]:
        c = self.c
        places: set[str] = {c.id}
        households: set[str] = set()
        residents: set[str] = set()
        count = 1
        residents_count = 0
        for compound in c.compounds:
            places.add(compound.id)
            count += 1 + len(compound.shops)
            places.update(shop.id for shop in compound.shops)
            for building in compound.buildings:
                places.add(building.id)
                count += 1 + len(building.units)
                for unit in building.units:
                    places.add(unit.id)
                    count += len(unit.households)
                    for household in unit.households:
                        places.add(household.id)
                        households.add(household.id)
                        residents_count += len(household.occupants)
                        residents.update([r.id for r in household.occupants])
        staff = {s.id for s in c.staff}
        grids = {g.id for g in c.grids}
        teams = {t.id for t in c.teams}
        venues = {v.id for v in c.venues}
        events = {e.id for e in c.events}
        volunteers = {v.id for v in c.volunteers}
        records = {r.id for r in c.records}
        wishes = {w.id for w in c.wishes}
        requests = {r.id for r in c.requests}
        facilities = {f.id for f in c.facilities}
        enrolments = {e.id for e in c.meal_help}
        total = (
            count
            + residents_count
            + len(c.staff)
            + len(c.grids)
            + len(c.teams)
            + len(c.venues)
            + len(c.events)
            + len(c.volunteers)
            + len(c.records)
            + len(c.wishes)
            + len(c.requests)
            + len(c.facilities)
            + len(c.meal_help)
        )
        distinct = len(
            places
            | residents
            | staff
            | grids
            | teams
            | venues
            | events
            | volunteers
            | records
            | wishes
            | requests
            | facilities
            | enrolments
        )
        problems: list[Problem] = []
        if distinct != total:
            problems.extend(self._duplicates())
        problems.extend(self._references(places, staff, grids))
        problems.extend(self._calendar_references(venues, events, staff, residents))
        problems.extend(self._volunteer_references(volunteers, residents, teams, grids))
        problems.extend(self._holder_references(volunteers, households))
        problems.extend(self._party_references(places, grids, residents, households))
        problems.extend(self._service_references(grids, residents, households))
        problems.extend(self._meal_references(residents, facilities))
        problems.extend(self._parking_references(households))
        problems.extend(self._deliberation_references(places, households))
        problems.extend(self._registry_references(residents, facilities))
        problems.extend(self._sorting_references(teams, volunteers, staff, households))
        return problems

    def _all_ids(self) -> Iterator[tuple[str, str]]:
        c = self.c
        yield c.id, "$.id"
        for ci, compound in enumerate(c.compounds):
            cp = f"$.compounds[{ci}]"
            yield compound.id, f"{cp}.id"
            for si, shop in enumerate(compound.shops):
                yield shop.id, f"{cp}.shops[{si}].id"
            for bi, building in enumerate(compound.buildings):
                bp = f"{cp}.buildings[{bi}]"
                yield building.id, f"{bp}.id"
                for ui, unit in enumerate(building.units):
                    up = f"{bp}.units[{ui}]"
                    yield unit.id, f"{up}.id"
                    for hi, household in enumerate(unit.households):
                        hp = f"{up}.households[{hi}]"
                        yield household.id, f"{hp}.id"
                        for ri, resident in enumerate(household.occupants):
                            yield resident.id, f"{hp}.occupants[{ri}].id"
        for field in (
            "staff",
            "grids",
            "teams",
            "venues",
            "events",
            "volunteers",
            "records",
            "wishes",
            "requests",
            "facilities",
            "meal_help",
        ):
            for i, item in enumerate(getattr(c, field)):
                yield item.id, f"$.{field}[{i}].id"

    def _duplicates(self) -> Iterator[Problem]:
        first: dict[str, str] = {}
        for key, path in self._all_ids():
            if key in first:
                yield Problem(
                    path,
                    Text(
                        f"an id not used elsewhere in the community (already used at {first[key]})",
                        f"社区内唯一的标识（已在 {first[key]} 使用）",
                    ),
                    Text.same(f'"{key}"'),
                )
            else:
                first[key] = path

    def _references(self, places: set[str], staff: set[str], grids: set[str]) -> Iterator[Problem]:
        yield from self._shop_references()
        yield from self._grid_references(places, staff, grids)
        for ti, team in enumerate(self.c.teams):
            for i, grid_id in enumerate(team.grids):
                if grid_id not in grids:
                    yield _missing(f"$.teams[{ti}].grids[{i}]", grid_id, Text("a grid", "网格"))

    def _calendar_references(
        self, venues: set[str], events: set[str], staff: set[str], residents: set[str]
    ) -> Iterator[Problem]:
        for ei, event in enumerate(self.c.events):
            if event.venue not in venues:
                yield _missing(f"$.events[{ei}].venue", event.venue, Text("a venue", "场地"))
        a_person = Text("a staff member or a resident", "工作人员或居民")
        for ai, assignment in enumerate(self.c.assignments):
            if assignment.event not in events:
                yield _missing(
                    f"$.assignments[{ai}].event", assignment.event, Text("an event", "活动")
                )
            if assignment.person not in staff and assignment.person not in residents:
                yield _missing(f"$.assignments[{ai}].person", assignment.person, a_person)

    def _volunteer_references(
        self, volunteers: set[str], residents: set[str], teams: set[str], grids: set[str]
    ) -> Iterator[Problem]:
        a_volunteer = Text("a volunteer", "志愿者")
        for ti, team in enumerate(self.c.teams):
            for i, member in enumerate(team.members):
                if member not in volunteers:
                    yield _missing(f"$.teams[{ti}].members[{i}]", member, a_volunteer)
        for vi, volunteer in enumerate(self.c.volunteers):
            if volunteer.resident is not None and volunteer.resident not in residents:
                yield _missing(
                    f"$.volunteers[{vi}].resident", volunteer.resident, Text("a resident", "居民")
                )
        for ri, record in enumerate(self.c.records):
            rp = f"$.records[{ri}]"
            if record.volunteer not in volunteers:
                yield _missing(f"{rp}.volunteer", record.volunteer, a_volunteer)
            if record.team is not None and record.team not in teams:
                yield _missing(f"{rp}.team", record.team, Text("a service team", "志愿服务队"))
            if record.grid is not None and record.grid not in grids:
                yield _missing(f"{rp}.grid", record.grid, Text("a grid", "网格"))
        records = {r.id for r in self.c.records}
        for ri, record in enumerate(self.c.records):
            for field in ("reverses", "corrects"):
                target = getattr(record, field)
                if target is not None and target not in records:
                    yield _missing(
                        f"$.records[{ri}].{field}", target, Text("a service record", "志愿服务记录")
                    )

    def _holder_references(self, volunteers: set[str], households: set[str]) -> Iterator[Problem]:
        book = self.c.points
        if book is None:
            return
        for ai, account in enumerate(book.accounts):
            holder = account.holder
            if holder is None:
                continue
            if account.kind is AccountKind.VOLUNTEER and holder not in volunteers:
                yield _missing(
                    f"$.points.accounts[{ai}].holder", holder, Text("a volunteer", "志愿者")
                )
            elif account.kind is AccountKind.HOUSEHOLD and holder not in households:
                yield _missing(
                    f"$.points.accounts[{ai}].holder", holder, Text("a household", "住户")
                )

    def _party_references(
        self, places: set[str], grids: set[str], residents: set[str], households: set[str]
    ) -> Iterator[Problem]:
        party = self.c.party
        if party is None:
            return
        a_place = Text("a place of the community", "本社区的地点")
        for ui, unit in enumerate(party.units):
            for i, place in enumerate(unit.places):
                if place not in places:
                    yield _missing(f"$.party.units[{ui}].places[{i}]", place, a_place)
            for i, grid in enumerate(unit.grids):
                if grid not in grids:
                    yield _missing(f"$.party.units[{ui}].grids[{i}]", grid, Text("a grid", "网格"))
        for mi, member in enumerate(party.members):
            if member.resident is not None and member.resident not in residents:
                yield _missing(
                    f"$.party.members[{mi}].resident", member.resident, Text("a resident", "居民")
                )
        for di, demonstration in enumerate(party.demonstrations):
            if demonstration.household not in households:
                yield _missing(
                    f"$.party.demonstrations[{di}].household",
                    demonstration.household,
                    Text("a household", "住户"),
                )

    def _service_references(
        self, grids: set[str], residents: set[str], households: set[str]
    ) -> Iterator[Problem]:
        for wi, wish in enumerate(self.c.wishes):
            if wish.resident not in residents:
                yield _missing(
                    f"$.wishes[{wi}].resident", wish.resident, Text("a resident", "居民")
                )
        for ri, request in enumerate(self.c.requests):
            if request.household not in households:
                yield _missing(
                    f"$.requests[{ri}].household", request.household, Text("a household", "住户")
                )
            if request.grid not in grids:
                yield _missing(f"$.requests[{ri}].grid", request.grid, Text("a grid", "网格"))

    def _meal_references(self, residents: set[str], facilities: set[str]) -> Iterator[Problem]:
        for mi, enrolment in enumerate(self.c.meal_help):
            if enrolment.resident not in residents:
                yield _missing(
                    f"$.meal_help[{mi}].resident", enrolment.resident, Text("a resident", "居民")
                )
            if enrolment.point not in facilities:
                yield _missing(
                    f"$.meal_help[{mi}].point", enrolment.point, Text("a facility", "服务设施")
                )

    def _parking_references(self, households: set[str]) -> Iterator[Problem]:
        parking = self.c.parking
        if parking is None:
            return
        units = {u.id: u for u in self.c.party.co_building} if self.c.party is not None else {}
        for pi, pool in enumerate(parking.pools):
            pp = f"$.parking.pools[{pi}]"
            unit = units.get(pool.unit)
            if unit is None:
                yield _missing(f"{pp}.unit", pool.unit, Text("a co-building unit", "共建单位"))
                continue
            pledge = next((p for p in unit.pledges if p.id == pool.pledge), None)
            if pledge is None:
                yield _missing(
                    f"{pp}.pledge", pool.pledge, Text(f"a pledge of {unit.id}", f"{unit.id} 的承诺")
                )
            elif pool.spaces > pledge.quantity:
                yield Problem(
                    f"{pp}.spaces",
                    Text(
                        f"at most the {pledge.quantity} spaces pledged ({pledge.id})",
                        f"不超过承诺的 {pledge.quantity} 个车位（{pledge.id}）",
                    ),
                    Text.same(str(pool.spaces)),
                )
        for ai, allocation in enumerate(parking.allocations):
            if allocation.household not in households:
                yield _missing(
                    f"$.parking.allocations[{ai}].household",
                    allocation.household,
                    Text("a household", "住户"),
                )

    def _deliberation_references(self, places: set[str], households: set[str]) -> Iterator[Problem]:
        record = self.c.deliberation
        if record is None:
            return
        for pi, proposal in enumerate(record.proposals):
            pp = f"$.deliberation.proposals[{pi}]"
            if proposal.household not in households:
                yield _missing(f"{pp}.household", proposal.household, Text("a household", "住户"))
            if proposal.place not in places:
                yield _missing(f"{pp}.place", proposal.place, Text("a place", "地点"))
            for si, given in enumerate(proposal.supports):
                if given.household not in households:
                    yield _missing(
                        f"{pp}.supports[{si}].household",
                        given.household,
                        Text("a household", "住户"),
                    )
        compounds = {c.id for c in self.c.compounds}
        for bi, board in enumerate(record.boards):
            if board.compound not in compounds:
                yield _missing(
                    f"$.deliberation.boards[{bi}].compound",
                    board.compound,
                    Text("a compound", "小区"),
                )

    def _registry_references(self, residents: set[str], facilities: set[str]) -> Iterator[Problem]:
        registries = self.c.registries
        if registries is None:
            return
        for ai, artisan in enumerate(registries.artisans):
            if artisan.resident not in residents:
                yield _missing(
                    f"$.registries.artisans[{ai}].resident",
                    artisan.resident,
                    Text("a resident", "居民"),
                )
        for mi, point in enumerate(registries.meal_points):
            if point.facility not in facilities:
                yield _missing(
                    f"$.registries.meal_points[{mi}].facility",
                    point.facility,
                    Text("a facility", "服务设施"),
                )

    def _sorting_references(
        self, teams: set[str], volunteers: set[str], staff: set[str], households: set[str]
    ) -> Iterator[Problem]:
        sorting = self.c.sorting
        if sorting is None:
            return
        if sorting.team is not None and sorting.team not in teams:
            yield _missing("$.sorting.team", sorting.team, Text("a service team", "志愿服务队"))
        compounds = {c.id for c in self.c.compounds}
        for pi, point in enumerate(sorting.points):
            if point.compound not in compounds:
                yield _missing(
                    f"$.sorting.points[{pi}].compound", point.compound, Text("a compound", "小区")
                )
        for di, duty in enumerate(sorting.rota):
            if duty.volunteer not in volunteers:
                yield _missing(
                    f"$.sorting.rota[{di}].volunteer", duty.volunteer, Text("a volunteer", "志愿者")
                )
        a_checker = Text("a volunteer or a staff member", "志愿者或工作人员")
        for ii, check in enumerate(sorting.inspections):
            ip = f"$.sorting.inspections[{ii}]"
            if check.household not in households:
                yield _missing(f"{ip}.household", check.household, Text("a household", "住户"))
            inspector = check.inspector
            if inspector is not None and inspector not in volunteers and inspector not in staff:
                yield _missing(f"{ip}.inspector", inspector, a_checker)

    def _shop_references(self) -> Iterator[Problem]:
        for ci, compound in enumerate(self.c.compounds):
            buildings = {b.id for b in compound.buildings}
            for si, shop in enumerate(compound.shops):
                if shop.building is not None and shop.building not in buildings:
                    yield _missing(
                        f"$.compounds[{ci}].shops[{si}].building",
                        shop.building,
                        Text("a building of the same compound", "同一小区内的楼栋"),
                    )

    def _grid_references(
        self, places: set[str], staff: set[str], grids: set[str]
    ) -> Iterator[Problem]:
        a_staff_member = Text("a staff member", "工作人员")
        a_place = Text(
            "a place: the community, a compound, building, unit, household or shop",
            "地点：社区、小区、楼栋、单元、住户或商户",
        )
        for gi, grid in enumerate(self.c.grids):
            gp = f"$.grids[{gi}]"
            if grid.parent is not None and grid.parent not in grids:
                yield _missing(f"{gp}.parent", grid.parent, Text("a grid", "网格"))
            if grid.head is not None and grid.head not in staff:
                yield _missing(f"{gp}.head", grid.head, a_staff_member)
            for i, member in enumerate(grid.staff):
                if member not in staff:
                    yield _missing(f"{gp}.staff[{i}]", member, a_staff_member)
            for i, place in enumerate(grid.places):
                if place not in places:
                    yield _missing(f"{gp}.places[{i}]", place, a_place)


def _missing(path: str, key: str, what: Text) -> Problem:
    return Problem(
        path,
        Text(f"the id of {what.en} in this community", f"本社区内{what.zh}的标识"),
        Text(f'"{key}", which names nothing here', f'"{key}"，本社区内不存在'),
    )


# --- a summary -----------------------------------------------------------------------


@attrs.frozen
class TagCount:
    """How many residents carry one tag."""

    tag: ResidentTag
    count: int

    __attrs_post_init__ = checks(tag=is_enum(ResidentTag), count=COUNT)


@attrs.frozen
class Summary:
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
