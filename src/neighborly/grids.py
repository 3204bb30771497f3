"""Grid management (网格化管理): who looks after which places, and the contact card.

A community is cut into a three-level grid.  Level 1 is the community itself, headed
by the community Party secretary; level 2 a compound or group of compounds, headed by
the community deputy director or the property company manager; level 3 a group of
buildings, headed by a community cadre or a property customer-service member, with
grid workers and building group leaders.  Every household and shop belongs to exactly
one level-3 grid, and each household's **contact card** (便民服务连心卡) lists its grid
people at all three levels and the service teams attached to its grids.

A grid names the places it covers by id (the community, compounds, buildings, units,
households or shops).  A building covers its households and the shops located in it;
a grid that lists no places covers what its child grids cover.

The rules here return :class:`~neighborly.verdicts.Verdict` objects; run them all
with :func:`check_grids`.  The household band for level-3 grids is local practice
(no national number exists; 300-500 households is common in cities), so it lives in
a :class:`GridPolicy`.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Mapping
from types import MappingProxyType
from typing import Protocol

import attrs

from neighborly._checks import (
    BOOL,
    IDENT,
    OPT_PHONE,
    OPT_TEXT,
    TEXT,
    Where,
    checks,
    enum_set,
    int_range,
    is_enum,
    of_type,
    opt,
    tuple_of,
)
from neighborly._model import Model
from neighborly.integrity import Declarations, Ids, Kind, Ref
from neighborly.places import A_PLACE, PLACE_KINDS, HoldsPlaces
from neighborly.text import Lang, Text, check_lang, number
from neighborly.verdicts import Reason, Report, Rule, Verdict

__all__ = [
    "COVERAGE_RULE",
    "GRID",
    "GRID_DECLARED",
    "HEADS_RULE",
    "NESTING_RULE",
    "RULES",
    "SIZE_RULE",
    "STAFF",
    "STAFF_DECLARED",
    "TEAM",
    "TEAM_DECLARED",
    "CardLevel",
    "CardPerson",
    "CardTeam",
    "ContactCard",
    "Grid",
    "GridIndex",
    "GridLevel",
    "GridPolicy",
    "HoldsGrids",
    "Role",
    "ServiceTeam",
    "StaffMember",
    "TeamKind",
    "check_coverage",
    "check_grids",
    "check_heads",
    "check_nesting",
    "check_sizes",
    "contact_card",
]


class GridLevel(enum.IntEnum):
    """The three grid levels; files spell them 1, 2 and 3."""

    COMMUNITY = 1
    COMPOUND = 2
    BUILDING_GROUP = 3

    @property
    def label(self) -> Text:
        """The level's name in English and Chinese."""
        return _LEVEL_LABELS[self]


_LEVEL_LABELS: Mapping[GridLevel, Text] = MappingProxyType(
    {
        GridLevel.COMMUNITY: Text("level-1 grid (community)", "一级网格（社区）"),
        GridLevel.COMPOUND: Text("level-2 grid (compound)", "二级网格（小区）"),
        GridLevel.BUILDING_GROUP: Text("level-3 grid (building group)", "三级网格（楼栋）"),
    }
)


class Role(str, enum.Enum):
    """What a staff member does in the grid system."""

    PARTY_SECRETARY = "party_secretary"
    DEPUTY_DIRECTOR = "deputy_director"
    PROPERTY_MANAGER = "property_manager"
    COMMUNITY_CADRE = "community_cadre"
    PROPERTY_CUSTOMER_SERVICE = "property_customer_service"
    GRID_WORKER = "grid_worker"
    BUILDING_GROUP_LEADER = "building_group_leader"

    @property
    def label(self) -> Text:
        """The role's name in English and Chinese."""
        return _ROLE_LABELS[self]


_ROLE_LABELS: Mapping[Role, Text] = MappingProxyType(
    {
        Role.PARTY_SECRETARY: Text("community Party secretary", "社区党委书记"),
        Role.DEPUTY_DIRECTOR: Text("community deputy director", "社区副主任"),
        Role.PROPERTY_MANAGER: Text("property company manager", "物业经理"),
        Role.COMMUNITY_CADRE: Text("community cadre", "社区干部"),
        Role.PROPERTY_CUSTOMER_SERVICE: Text("property customer service", "物业客服"),
        Role.GRID_WORKER: Text("grid worker", "网格员"),
        Role.BUILDING_GROUP_LEADER: Text("building group leader", "楼栋长"),
    }
)


class TeamKind(str, enum.Enum):
    """The kinds of volunteer service team a grid can call on."""

    CULTURE = "culture"
    SORTING_SUPERVISION = "sorting_supervision"
    PATROL = "patrol"
    ELDER_CARE = "elder_care"
    CLEANING = "cleaning"
    TRAFFIC_DUTY = "traffic_duty"
    GATE_DUTY = "gate_duty"
    MEDIATION = "mediation"
    OTHER = "other"

    @property
    def label(self) -> Text:
        """The kind's name in English and Chinese."""
        return _TEAM_LABELS[self]


_TEAM_LABELS: Mapping[TeamKind, Text] = MappingProxyType(
    {
        TeamKind.CULTURE: Text("culture and sports", "文体"),
        TeamKind.SORTING_SUPERVISION: Text("garbage-sorting supervision", "垃圾分类督导"),
        TeamKind.PATROL: Text("safety patrol", "治安巡逻"),
        TeamKind.ELDER_CARE: Text("elder care", "助老服务"),
        TeamKind.CLEANING: Text("cleaning", "环境清洁"),
        TeamKind.TRAFFIC_DUTY: Text("traffic duty", "交通劝导"),
        TeamKind.GATE_DUTY: Text("gate duty", "门岗值守"),
        TeamKind.MEDIATION: Text("mediation", "矛盾调解"),
        TeamKind.OTHER: Text("other service", "其他服务"),
    }
)


@attrs.frozen(eq=False, repr=False)
class StaffMember(Model):
    """Someone who serves in the grids: community staff, property staff, a building group leader.

    Their name and phone are *public contact data*: printing them on residents'
    contact cards is their purpose, so they are exported and shown unmasked.
    """

    id: str
    name: str
    role: Role
    phone: str | None = None
    organisation: str | None = None

    __attrs_post_init__ = checks(
        id=IDENT, name=TEXT, role=is_enum(Role), phone=OPT_PHONE, organisation=OPT_TEXT
    )


@attrs.frozen(eq=False, repr=False)
class Grid(Model):
    """One grid: its level, parent grid, head, staff and the places it covers (by id)."""

    id: str
    name: str
    level: GridLevel
    parent: str | None = None
    head: str | None = None
    staff: tuple[str, ...] = ()
    places: tuple[str, ...] = ()

    __attrs_post_init__ = checks(
        id=IDENT,
        name=TEXT,
        level=is_enum(GridLevel),
        parent=opt(IDENT),
        head=opt(IDENT),
        staff=tuple_of(str),
        places=tuple_of(str),
    )


@attrs.frozen(eq=False, repr=False)
class ServiceTeam(Model):
    """A volunteer service team (志愿服务队) attached to grids, with a contact.

    ``leader`` is the name people ask for; ``members`` are the ids of the registered
    volunteers in the team (see :mod:`neighborly.volunteering`).
    """

    id: str
    name: str
    kind: TeamKind
    leader: str
    phone: str | None = None
    grids: tuple[str, ...] = ()
    members: tuple[str, ...] = ()

    __attrs_post_init__ = checks(
        id=IDENT,
        name=TEXT,
        kind=is_enum(TeamKind),
        leader=TEXT,
        phone=OPT_PHONE,
        grids=tuple_of(str),
        members=tuple_of(str),
    )


STAFF = Kind("staff", Text("a staff member", "工作人员"))
GRID = Kind("grid", Text("a grid", "网格"))
TEAM = Kind("team", Text("a service team", "志愿服务队"))

STAFF_DECLARED = Declarations(ids=(Ids("id", STAFF),))
"""A staff member defines its id."""
GRID_DECLARED = Declarations(
    ids=(Ids("id", GRID),),
    refs=(
        Ref("parent", ("grid",)),
        Ref("head", ("staff",)),
        Ref("staff[*]", ("staff",)),
        Ref("places[*]", PLACE_KINDS, what=A_PLACE),
    ),
)
"""A grid defines its id and names its parent grid, its head and staff, and places."""
TEAM_DECLARED = Declarations(
    ids=(Ids("id", TEAM),),
    refs=(Ref("grids[*]", ("grid",)), Ref("members[*]", ("volunteer",))),
)
"""A service team defines its id and names its grids and its member volunteers."""


class HoldsGrids(HoldsPlaces, Protocol):
    """What the grid rules need of a community: its places, staff, grids and service
    teams, and what each grid covers (:class:`GridIndex`, built once)."""

    @property
    def staff(self) -> tuple[StaffMember, ...]:
        """The staff, in file order."""

    @property
    def grids(self) -> tuple[Grid, ...]:
        """The grids, in file order."""

    @property
    def teams(self) -> tuple[ServiceTeam, ...]:
        """The service teams, in file order."""

    @property
    def grid_index(self) -> GridIndex:
        """What each grid covers (built once)."""


_DEFAULT_HEADS: Mapping[GridLevel, frozenset[Role]] = MappingProxyType(
    {
        GridLevel.COMMUNITY: frozenset({Role.PARTY_SECRETARY}),
        GridLevel.COMPOUND: frozenset({Role.DEPUTY_DIRECTOR, Role.PROPERTY_MANAGER}),
        GridLevel.BUILDING_GROUP: frozenset(
            {Role.COMMUNITY_CADRE, Role.PROPERTY_CUSTOMER_SERVICE, Role.GRID_WORKER}
        ),
    }
)


@attrs.frozen(eq=False, repr=False)
class GridPolicy(Model):
    """The local choices grid rules depend on.

    The defaults follow common urban practice: 300-500 households per level-3 grid
    (there is no national number; some places use 200-300), and heads as in the
    three-level model: the Party secretary at level 1, the deputy director or the
    property manager at level 2, a community cadre, property customer-service member
    or grid worker at level 3.

    >>> GridPolicy(min_households=200, max_households=300).max_households
    300
    """

    min_households: int = 300
    max_households: int = 500
    level1_heads: frozenset[Role] = _DEFAULT_HEADS[GridLevel.COMMUNITY]
    level2_heads: frozenset[Role] = _DEFAULT_HEADS[GridLevel.COMPOUND]
    level3_heads: frozenset[Role] = _DEFAULT_HEADS[GridLevel.BUILDING_GROUP]

    __attrs_post_init__ = checks(
        min_households=int_range(0, 1_000_000),
        max_households=int_range(1, 1_000_000),
        level1_heads=enum_set(Role),
        level2_heads=enum_set(Role),
        level3_heads=enum_set(Role),
        where=(
            Where(
                "self.min_households <= self.max_households",
                "$.max_households",
                Text("a number no smaller than min_households", "不小于 min_households 的数"),
                shows="max_households",
            ),
        ),
    )

    def heads_for(self, level: GridLevel) -> frozenset[Role]:
        """The roles that may head a grid of ``level``."""
        return (self.level1_heads, self.level2_heads, self.level3_heads)[level - 1]


# --- what each grid covers ------------------------------------------------------------


class GridIndex:
    """What every grid of a community covers, expanded to households and shops.

    Use ``community.grid_index``, which builds it once.
    """

    def __init__(self, community: HoldsGrids) -> None:
        # The grids, not the community: the community keeps this index, and an index
        # holding it back would be a cycle only the cyclic collector frees.
        self._in_order = tuple(community.grids)
        places = community.index
        self.grids: dict[str, Grid] = {g.id: g for g in community.grids}
        self.position: dict[str, int] = {g.id: i for i, g in enumerate(community.grids)}
        self.children: dict[str, list[str]] = defaultdict(list)
        for grid in community.grids:
            if grid.parent is not None:
                self.children[grid.parent].append(grid.id)
        own_households: dict[str, frozenset[str]] = {}
        own_shops: dict[str, frozenset[str]] = {}
        for grid in community.grids:
            own_households[grid.id] = frozenset(
                h.id for place in grid.places for h in places.households_in(place)
            )
            own_shops[grid.id] = frozenset(
                s.id for place in grid.places for s in places.shops_in(place)
            )
        self.households: dict[str, frozenset[str]] = {}
        self.shops: dict[str, frozenset[str]] = {}
        for grid in community.grids:
            self._resolve(grid.id, own_households, own_shops)

    def _resolve(
        self,
        root: str,
        own_households: Mapping[str, frozenset[str]],
        own_shops: Mapping[str, frozenset[str]],
    ) -> None:
        """A grid with places covers them; one without covers what its children cover.

        Depth first with a stack of its own, so a chain of grids as long as the file
        allows costs time in proportion to it and no recursion; a grid met again on
        its own path (a cycle, which the nesting rule reports) covers its own places.
        """
        on_path: set[str] = set()
        stack: list[tuple[str, bool]] = [(root, False)]
        while stack:
            grid_id, children_done = stack.pop()
            if children_done:
                on_path.discard(grid_id)
                households: set[str] = set()
                shops: set[str] = set()
                for child in self.children.get(grid_id, ()):
                    households |= self.households[child]
                    shops |= self.shops[child]
                self.households[grid_id] = frozenset(households)
                self.shops[grid_id] = frozenset(shops)
                continue
            if grid_id in self.households:
                continue
            if self.grids[grid_id].places or grid_id in on_path:
                self.households[grid_id] = own_households[grid_id]
                self.shops[grid_id] = own_shops[grid_id]
                continue
            on_path.add(grid_id)
            stack.append((grid_id, True))
            stack.extend((child, False) for child in reversed(self.children.get(grid_id, ())))

    def path(self, grid_id: str) -> str:
        """The JSON path of a grid."""
        return f"$.grids[{self.position[grid_id]}]"

    def lowest_grids(self) -> dict[str, list[str]]:
        """Each household's and shop's level-3 grids, in file order (a place in none
        is left out): what coverage is judged on."""
        found: dict[str, list[str]] = {}
        for grid in self._in_order:
            if grid.level == GridLevel.BUILDING_GROUP:
                for place_id in self.households[grid.id] | self.shops[grid.id]:
                    found.setdefault(place_id, []).append(grid.id)
        return found

    def covering(self, place_id: str, level: GridLevel) -> tuple[Grid, ...]:
        """The grids of ``level`` that cover a household or shop, in file order."""
        return tuple(
            g
            for g in self._in_order
            if g.level == level
            and (place_id in self.households[g.id] or place_id in self.shops[g.id])
        )


# --- rules ----------------------------------------------------------------------------

_SIZE_SOURCE = Text(
    "local practice: no national number; 300-500 households per urban grid is common "
    "(set by GridPolicy)",
    "地方实践：国家未作统一规定，城市网格常见为 300-500 户（由 GridPolicy 设定）",
)
_THREE_LEVEL_SOURCE = Text(
    "the three-level grid model: level 1 the community, level 2 the compound, "
    "level 3 the building group; grids are drawn within one community "
    "(Opinions on strengthening primary-level governance, 2021)",
    "三级网格模式：一级社区、二级小区、三级楼栋；依托村（社区）统一划分综合网格"
    "（《关于加强基层治理体系和治理能力现代化建设的意见》，2021）",
)


_PLACES_AND_GRIDS = Text("the places and the grids", "地点与网格")

COVERAGE_RULE = Rule(
    "grids.coverage",
    Text(
        "Every household and shop is in exactly one level-3 grid",
        "每户住户和每家商户属于且仅属于一个三级网格",
    ),
    _THREE_LEVEL_SOURCE,
    basis="FACTS.md §8 Grid management: 依托村（社区）统一划分综合网格 [V]; BRIEF.md: every household "
    "and shop belongs to exactly one lowest-level grid",
    reads=_PLACES_AND_GRIDS,
)
HEADS_RULE = Rule(
    "grids.heads",
    Text("Every grid has a head of the right level", "每个网格都有相应层级的网格长"),
    _THREE_LEVEL_SOURCE,
    basis="BRIEF.md Grids: level 1 the community Party secretary; level 2 the deputy director "
    "or the property manager; level 3 community cadres and property customer service",
    reads=Text("the grids and the staff", "网格与工作人员"),
    policy="grids",
)
SIZE_RULE = Rule(
    "grids.size",
    Text("Each level-3 grid holds the households the policy allows", "每个三级网格的户数符合规定"),
    _SIZE_SOURCE,
    basis="FACTS.md §8 Households per grid [C/M]: no national number; about 300-500 households "
    "per base grid in cities (some 200-300)",
    reads=_PLACES_AND_GRIDS,
    policy="grids",
)
NESTING_RULE = Rule(
    "grids.nesting",
    Text("The grid tree nests inside the place tree", "网格层级与地点层级相互嵌套"),
    _THREE_LEVEL_SOURCE,
    basis="FACTS.md §8 Multi-level structure [M]: 街道 -> 社区 -> 网格 -> 微网格; BRIEF.md: a "
    "three-level grid",
    reads=_PLACES_AND_GRIDS,
)
RULES: tuple[Rule, ...] = (COVERAGE_RULE, HEADS_RULE, SIZE_RULE, NESTING_RULE)
"""The grid rules, in the order :func:`check_grids` runs them."""


def check_coverage(community: HoldsGrids) -> Verdict:
    """``grids.coverage``: every household and shop is in exactly one level-3 grid.

    Names each household or shop that is in none, and each that is in several
    (with the grids).
    """
    places = community.index
    grids_of = community.grid_index.lowest_grids()
    households = tuple(community.households())
    shops = tuple(community.shops())
    reasons: list[Reason] = []
    for kind, items in ((Text("household", "住户"), households), (Text("shop", "商户"), shops)):
        for item in items:
            grids = grids_of.get(item.id, [])
            if len(grids) == 1:
                continue
            if not grids:
                message = Text(
                    f"{kind.en} {item.id} is in no level-3 grid",
                    f"{kind.zh} {item.id} 不属于任何三级网格",
                )
            else:
                listed = ", ".join(grids)
                message = Text(
                    f"{kind.en} {item.id} is in {len(grids)} level-3 grids: {listed}",
                    f"{kind.zh} {item.id} 同时属于 {len(grids)} 个三级网格：{listed}",
                )
            reasons.append(Reason(places.path(item.id), message, "1", str(len(grids))))
    return COVERAGE_RULE.judge(
        reasons,
        Reason(
            "$",
            Text(
                f"{number(len(households))} households and {number(len(shops))} shops, "
                "each in exactly one level-3 grid",
                f"{number(len(households))} 户住户和 {number(len(shops))} 家商户"
                "均属于且仅属于一个三级网格",
            ),
            "1",
            "1",
        ),
    )


def check_heads(community: HoldsGrids, policy: GridPolicy | None = None) -> Verdict:
    """``grids.heads``: every grid has a head whose role fits the grid's level."""
    policy = policy if policy is not None else GridPolicy()
    index = community.grid_index
    staff = {s.id: s for s in community.staff}
    reasons: list[Reason] = []
    for grid in community.grids:
        allowed = policy.heads_for(grid.level)
        allowed_en = " or ".join(sorted(r.label.en for r in allowed)) or "nobody"
        allowed_zh = "或".join(sorted(r.label.zh for r in allowed)) or "无"
        expected = "|".join(sorted(r.value for r in allowed))
        if grid.head is None:
            reasons.append(
                Reason(
                    f"{index.path(grid.id)}.head",
                    Text(
                        f"{grid.level.label.en} {grid.id} has no head; needs a {allowed_en}",
                        f"{grid.level.label.zh} {grid.id} 没有网格长，应由{allowed_zh}担任",
                    ),
                    expected,
                    "null",
                )
            )
            continue
        head = staff[grid.head]
        if head.role not in allowed:
            reasons.append(
                Reason(
                    f"{index.path(grid.id)}.head",
                    Text(
                        f"{grid.level.label.en} {grid.id} is headed by {head.name}, "
                        f"a {head.role.label.en}; needs a {allowed_en}",
                        f"{grid.level.label.zh} {grid.id} 的网格长 {head.name} 是"
                        f"{head.role.label.zh}，应由{allowed_zh}担任",
                    ),
                    expected,
                    head.role.value,
                )
            )
    return HEADS_RULE.judge(
        reasons,
        Reason(
            "$.grids",
            Text(
                f"all {len(community.grids)} grids have a head of the right role",
                f"全部 {len(community.grids)} 个网格均有符合层级要求的网格长",
            ),
        ),
    )


def check_sizes(community: HoldsGrids, policy: GridPolicy | None = None) -> Verdict:
    """``grids.size``: each level-3 grid holds between the policy's minimum and maximum
    number of households (inclusive)."""
    policy = policy if policy is not None else GridPolicy()
    index = community.grid_index
    low, high = policy.min_households, policy.max_households
    expected = f"{low}..{high}"
    reasons: list[Reason] = []
    sizes: list[int] = []
    for grid in community.grids:
        if grid.level != GridLevel.BUILDING_GROUP:
            continue
        size = len(index.households[grid.id])
        sizes.append(size)
        if size < low:
            message = Text(
                f"level-3 grid {grid.id} needs at least {number(low)} households, "
                f"has {number(size)} ({number(low - size)} short)",
                f"三级网格 {grid.id} 至少应有 {number(low)} 户，实有 {number(size)} 户"
                f"（差 {number(low - size)} 户）",
            )
        elif size > high:
            message = Text(
                f"level-3 grid {grid.id} may hold at most {number(high)} households, "
                f"has {number(size)} ({number(size - high)} over)",
                f"三级网格 {grid.id} 最多 {number(high)} 户，实有 {number(size)} 户"
                f"（超出 {number(size - high)} 户）",
            )
        else:
            continue
        reasons.append(Reason(index.path(grid.id), message, expected, str(size)))
    if sizes:
        summary = Text(
            f"{len(sizes)} level-3 grids, each within {number(low)}-{number(high)} households "
            f"(smallest {number(min(sizes))}, largest {number(max(sizes))})",
            f"{len(sizes)} 个三级网格均在 {number(low)}-{number(high)} 户之间"
            f"（最少 {number(min(sizes))} 户，最多 {number(max(sizes))} 户）",
        )
    else:
        summary = Text("there are no level-3 grids to measure", "没有需要核对规模的三级网格")
    return SIZE_RULE.judge(
        reasons,
        Reason("$.grids", summary, expected, ""),
        title=Text(
            f"Each level-3 grid holds {number(low)}-{number(high)} households",
            f"每个三级网格 {number(low)}-{number(high)} 户",
        ),
    )


def check_nesting(community: HoldsGrids) -> Verdict:
    """``grids.nesting``: the grid tree nests inside the place tree.

    Exactly one level-1 grid, with no parent; every other grid's parent is one level
    up; and every grid covers only places its parent covers.
    """
    index = community.grid_index
    reasons: list[Reason] = []
    roots = [g for g in community.grids if g.level == GridLevel.COMMUNITY]
    if len(roots) != 1 and community.grids:
        reasons.append(
            Reason(
                "$.grids",
                Text(
                    f"a community has exactly one level-1 grid; found {len(roots)}",
                    f"一个社区应有且仅有一个一级网格，实有 {len(roots)} 个",
                ),
                "1",
                str(len(roots)),
            )
        )
    for grid in community.grids:
        path = index.path(grid.id)
        if grid.level == GridLevel.COMMUNITY:
            if grid.parent is not None:
                reasons.append(
                    Reason(
                        f"{path}.parent",
                        Text(
                            f"level-1 grid {grid.id} is the top of the tree and has no parent; "
                            f"found {grid.parent}",
                            f"一级网格 {grid.id} 是最高层级，不应有上级网格，实有 {grid.parent}",
                        ),
                        "null",
                        grid.parent,
                    )
                )
            continue
        if grid.parent is None:
            reasons.append(
                Reason(
                    f"{path}.parent",
                    Text(
                        f"level-{int(grid.level)} grid {grid.id} needs a level-{int(grid.level) - 1} "
                        "parent grid; it has none",
                        f"{int(grid.level)} 级网格 {grid.id} 应隶属于一个 {int(grid.level) - 1} 级网格，"
                        "实际没有上级",
                    ),
                    str(int(grid.level) - 1),
                    "null",
                )
            )
            continue
        parent = index.grids[grid.parent]
        if parent.level != grid.level - 1:
            reasons.append(
                Reason(
                    f"{path}.parent",
                    Text(
                        f"level-{int(grid.level)} grid {grid.id} must sit under a "
                        f"level-{int(grid.level) - 1} grid; {parent.id} is level {int(parent.level)}",
                        f"{int(grid.level)} 级网格 {grid.id} 应隶属于 {int(grid.level) - 1} 级网格，"
                        f"而 {parent.id} 是 {int(parent.level)} 级",
                    ),
                    str(int(grid.level) - 1),
                    str(int(parent.level)),
                )
            )
        outside = (index.households[grid.id] - index.households[parent.id]) | (
            index.shops[grid.id] - index.shops[parent.id]
        )
        if outside:
            shown = ", ".join(sorted(outside)[:5]) + (" ..." if len(outside) > 5 else "")
            reasons.append(
                Reason(
                    f"{path}.places",
                    Text(
                        f"grid {grid.id} covers {number(len(outside))} places its parent "
                        f"{parent.id} does not: {shown}",
                        f"网格 {grid.id} 覆盖了上级网格 {parent.id} 之外的 {number(len(outside))} 处："
                        f"{shown}",
                    ),
                    "0",
                    str(len(outside)),
                )
            )
    return NESTING_RULE.judge(
        reasons,
        Reason(
            "$.grids",
            Text(
                f"{len(community.grids)} grids form one tree inside the community",
                f"{len(community.grids)} 个网格在社区内构成一棵完整的网格树",
            ),
        ),
    )


def check_grids(community: HoldsGrids, policy: GridPolicy | None = None) -> Report:
    """Every grid rule, in order: coverage, heads, sizes, nesting."""
    policy = policy if policy is not None else GridPolicy()
    return Report(
        (
            check_coverage(community),
            check_heads(community, policy),
            check_sizes(community, policy),
            check_nesting(community),
        )
    )


# --- the contact card -----------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class CardPerson(Model):
    """A person on a contact card, with the phone to call."""

    name: str
    role: Role
    phone: str | None
    head: bool = False

    __attrs_post_init__ = checks(name=TEXT, role=is_enum(Role), phone=OPT_PHONE, head=BOOL)


@attrs.frozen(eq=False, repr=False)
class CardLevel(Model):
    """The people of one grid on a card."""

    level: GridLevel
    grid_id: str
    grid_name: str
    people: tuple[CardPerson, ...]

    __attrs_post_init__ = checks(
        level=is_enum(GridLevel), grid_id=IDENT, grid_name=TEXT, people=tuple_of(CardPerson)
    )


@attrs.frozen(eq=False, repr=False)
class CardTeam(Model):
    """A service team on a card."""

    name: str
    kind: TeamKind
    leader: str
    phone: str | None

    __attrs_post_init__ = checks(name=TEXT, kind=is_enum(TeamKind), leader=TEXT, phone=OPT_PHONE)


@attrs.frozen(eq=False, repr=False)
class ContactCard(Model):
    """A household's contact card (便民服务连心卡): its grid people at every level, with
    their phones unmasked (that is the card's purpose), and the service teams of its grids."""

    household_id: str
    address: Text
    levels: tuple[CardLevel, ...]
    teams: tuple[CardTeam, ...]

    __attrs_post_init__ = checks(
        household_id=IDENT,
        address=of_type(Text),
        levels=tuple_of(CardLevel),
        teams=tuple_of(CardTeam),
    )

    def render(self, lang: Lang = "en") -> str:
        """The card as text, one line per person."""
        lang = check_lang(lang)
        zh = lang == "zh"
        lines = [
            ("便民服务连心卡 · " if zh else "Contact card · ") + self.address.render(lang),
        ]
        for level in self.levels:
            lines.append(f"  {level.level.label.render(lang)} · {level.grid_name}")
            for person in level.people:
                title = person.role.label.render(lang)
                if person.head:
                    title += "，网格长" if zh else ", grid head"
                phone = person.phone or ("未登记" if zh else "no phone")
                lines.append(f"    {person.name}{_bracket(title, zh=zh)} {phone}")
        if not self.levels:
            lines.append("  尚未划入任何网格" if zh else "  not yet in any grid")
        if self.teams:
            lines.append("  服务队" if zh else "  Service teams")
            for team in self.teams:
                phone = team.phone or ("未登记" if zh else "no phone")
                kind = _bracket(team.kind.label.render(lang), zh=zh)
                lines.append(f"    {team.name}{kind} {team.leader} {phone}")
        return "\n".join(lines)


def _bracket(text: str, *, zh: bool) -> str:
    return f"（{text}）" if zh else f" ({text})"


def contact_card(community: HoldsGrids, household_id: str) -> ContactCard:
    """The contact card of one household.

    Lists, from level 3 up to level 1, every grid that covers the household, with its
    head first and then its staff, and the service teams attached to any of those
    grids.  Raises :class:`~neighborly.errors.NotFound` for an unknown household.
    """
    places = community.index
    household = places.household(household_id)
    compound, building, unit = places.building_of(household.id)
    index = community.grid_index
    staff = {s.id: s for s in community.staff}
    levels: list[CardLevel] = []
    grid_ids: set[str] = set()
    for level in (GridLevel.BUILDING_GROUP, GridLevel.COMPOUND, GridLevel.COMMUNITY):
        for grid in index.covering(household.id, level):
            grid_ids.add(grid.id)
            people: list[CardPerson] = []
            if grid.head is not None:
                head = staff[grid.head]
                people.append(CardPerson(head.name, head.role, head.phone, head=True))
            for member_id in grid.staff:
                if member_id == grid.head:
                    continue
                member = staff[member_id]
                people.append(CardPerson(member.name, member.role, member.phone))
            levels.append(CardLevel(level, grid.id, grid.name, tuple(people)))
    teams = tuple(
        CardTeam(t.name, t.kind, t.leader, t.phone)
        for t in community.teams
        if grid_ids.intersection(t.grids)
    )
    address = Text(
        f"{compound.name}, building {building.number}, unit {unit.number}, room {household.room}",
        f"{compound.name} {building.number}号楼 {unit.number}单元 {household.room}室",
    )
    return ContactCard(household.id, address, tuple(levels), teams)
