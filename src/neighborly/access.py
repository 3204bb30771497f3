"""Who may do what to which record, and what they may see of people (权限与个人信息保护).

The Personal Information Protection Law asks for access on a need-to-know basis: a
grid worker sees their own grid, not the whole street; hardships (disability,
low-income status) are for those who care for people.  An :class:`Actor` has an
:class:`AccessRole` and :class:`Scope`\\ s (a street, the community, a compound, a
grid, a building, a household); :func:`can` answers whether they may take an
:class:`Action` on a :class:`Resource`, as a :class:`~neighborly.verdicts.Verdict`
naming the policy row and the scope that decided it.  The default policy is one
table (:data:`DEFAULT_TABLE`, rendered in ``docs/access.md``); pass another as an
:class:`AccessPolicy`.  :func:`redact` returns a copy of any model with what the
actor may not see masked.

    >>> from neighborly.sample import sample_community
    >>> community = sample_community()
    >>> worker = Actor("st-worker-2", AccessRole.GRID_WORKER, (Scope(ScopeKind.GRID, "g3-2"),))
    >>> resident = community.household("h-05-2-301").occupants[0]
    >>> can(worker, Action.VIEW_PERSONAL, resource_of(community, resident), community).passed
    True
    >>> other = community.household("h-01-1-101").occupants[0]
    >>> can(worker, Action.VIEW_PERSONAL, resource_of(community, other), community).passed
    False
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

from neighborly._checks import IDENT, checks, enum_set, is_enum, opt, tuple_of
from neighborly._model import Model, rebuilt
from neighborly.care import Elder, MealEnrolment
from neighborly.community import Community
from neighborly.errors import InvalidInput, NotFound, Problem
from neighborly.owners.votes import Ballot
from neighborly.parking import Allocation, ParkingRequest
from neighborly.party.structure import PartyMember
from neighborly.personal import PERSONAL, mask_id_number, mask_name, mask_phone, mask_plate
from neighborly.places import Household, Resident, ResidentTag
from neighborly.points import Account, Posting
from neighborly.requests import Request
from neighborly.scheduling import Event
from neighborly.text import Text
from neighborly.verdicts import Reason, Rule, Verdict
from neighborly.volunteering import ServiceRecord, Volunteer
from neighborly.waste import SortingCheck
from neighborly.wishes import Wish

__all__ = [
    "CAN_RULE",
    "DEFAULT_POLICY",
    "DEFAULT_TABLE",
    "PUBLIC_VIEWER",
    "RULES",
    "SENSITIVE_TAGS",
    "AccessPolicy",
    "AccessRole",
    "Action",
    "Actor",
    "Permission",
    "Reach",
    "Resource",
    "ResourceKind",
    "Scope",
    "ScopeKind",
    "can",
    "policy_table",
    "public_names",
    "redact",
    "resource_of",
]

_PIPL = Text(
    "Personal Information Protection Law Arts. 5-6 (lawful, necessary, least scope), "
    "Art. 28 (sensitive personal information); the access policy",
    "《个人信息保护法》第五、六条（合法、必要、最小范围），第二十八条（敏感个人信息）；访问策略",
)


class AccessRole(str, enum.Enum):
    """What an actor is, for access purposes."""

    STREET_OFFICIAL = "street_official"
    PARTY_SECRETARY = "party_secretary"
    COMMUNITY_STAFF = "community_staff"
    CARE_WORKER = "care_worker"
    GRID_WORKER = "grid_worker"
    BUILDING_GROUP_LEADER = "building_group_leader"
    PROPERTY_STAFF = "property_staff"
    OWNERS_COMMITTEE = "owners_committee"
    VOLUNTEER = "volunteer"
    RESIDENT = "resident"
    CO_BUILDING_CONTACT = "co_building_contact"


class ScopeKind(str, enum.Enum):
    """Where an actor's remit runs."""

    STREET = "street"
    COMMUNITY = "community"
    COMPOUND = "compound"
    GRID = "grid"
    BUILDING = "building"
    HOUSEHOLD = "household"


class Action(str, enum.Enum):
    """What an actor wants to do.  ``view_personal`` reveals names, phones, ID numbers
    and plates; ``view_sensitive`` reveals hardship tags (disability, low income)."""

    VIEW = "view"
    VIEW_PERSONAL = "view_personal"
    VIEW_SENSITIVE = "view_sensitive"
    CREATE = "create"
    UPDATE = "update"
    APPROVE = "approve"
    REVERSE = "reverse"
    EXPORT = "export"


class ResourceKind(str, enum.Enum):
    """The kinds of record the library holds."""

    HOUSEHOLD = "household"
    RESIDENT = "resident"
    VOLUNTEER = "volunteer"
    SERVICE_RECORD = "service_record"
    POSTING = "posting"
    BALLOT = "ballot"
    REQUEST = "request"
    WISH = "wish"
    MEAL_ENROLMENT = "meal_enrolment"
    PARKING = "parking"
    SORTING_CHECK = "sorting_check"
    PARTY_MEMBER = "party_member"
    EVENT = "event"
    COMMUNITY = "community"


class Reach(str, enum.Enum):
    """How far a permission reaches: ``any`` record of the kind, those in the actor's
    ``scope``, or only those about the actor themself (``self``)."""

    ANY = "any"
    SCOPE = "scope"
    SELF = "self"


@attrs.frozen(eq=False, repr=False)
class Scope(Model):
    """A place an actor's remit covers: a street (by name, as the community's
    ``street``), the community, a compound, a grid (with the grids below it), a
    building or a household (by id)."""

    kind: ScopeKind
    id: str

    __attrs_post_init__ = checks(kind=is_enum(ScopeKind), id=IDENT)


@attrs.frozen(eq=False, repr=False)
class Actor(Model):
    """Someone asking: their id, role and scopes; ``person`` is the resident or
    volunteer they are, and ``household`` theirs, for what is about themselves."""

    id: str
    role: AccessRole
    scopes: tuple[Scope, ...] = ()
    person: str | None = None
    household: str | None = None

    __attrs_post_init__ = checks(
        id=IDENT,
        role=is_enum(AccessRole),
        scopes=tuple_of(Scope),
        person=opt(IDENT),
        household=opt(IDENT),
    )


@attrs.frozen(eq=False, repr=False)
class Resource(Model):
    """A record as access sees it: its kind and id, the household, grid or other place
    it belongs to (None: the community as a whole), and the people it is about
    (residents, volunteers or households)."""

    kind: ResourceKind
    id: str
    place: str | None = None
    subjects: frozenset[str] = frozenset()

    __attrs_post_init__ = checks(kind=is_enum(ResourceKind), id=IDENT, place=opt(IDENT))


@attrs.frozen(eq=False, repr=False)
class Permission(Model):
    """One cell of the policy table: ``role`` may take ``action`` on ``kind`` with
    this ``reach``."""

    kind: ResourceKind
    action: Action
    role: AccessRole
    reach: Reach

    __attrs_post_init__ = checks(
        kind=is_enum(ResourceKind),
        action=is_enum(Action),
        role=is_enum(AccessRole),
        reach=is_enum(Reach),
    )


_COLUMNS = (
    AccessRole.STREET_OFFICIAL,
    AccessRole.PARTY_SECRETARY,
    AccessRole.COMMUNITY_STAFF,
    AccessRole.CARE_WORKER,
    AccessRole.GRID_WORKER,
    AccessRole.BUILDING_GROUP_LEADER,
    AccessRole.PROPERTY_STAFF,
    AccessRole.OWNERS_COMMITTEE,
    AccessRole.VOLUNTEER,
    AccessRole.RESIDENT,
    AccessRole.CO_BUILDING_CONTACT,
)

DEFAULT_TABLE = """\
kind           action         street secretary staff care  grid  leader property owners volunteer resident cobuild
household      view           scope  scope     scope scope scope scope  scope    -      -         self     -
household      update         -      scope     scope -     scope -      -        -      -         -        -
resident       view           scope  scope     scope scope scope scope  scope    -      -         self     -
resident       view_personal  -      scope     scope scope scope scope  scope    -      -         self     -
resident       view_sensitive -      -         scope scope scope -      -        -      -         self     -
resident       update         -      scope     scope -     scope -      -        -      -         self     -
resident       export         scope  scope     -     -     -     -      -        -      -         self     -
volunteer      view           -      scope     scope scope scope -      -        -      self      -        -
volunteer      view_personal  -      scope     scope -     scope -      -        -      self      -        -
volunteer      create         -      scope     scope -     -     -      -        -      -         -        -
service_record view           -      scope     scope scope scope -      -        -      self      -        -
service_record create         -      scope     scope scope scope -      -        -      self      -        -
service_record approve        -      scope     scope -     -     -      -        -      -         -        -
posting        view           -      scope     scope -     -     -      -        -      self      self     -
posting        create         -      scope     scope -     -     -      -        -      -         -        -
posting        reverse        -      scope     -     -     -     -      -        -      -         -        -
ballot         view           scope  -         -     -     -     -      -        scope  -         self     -
ballot         create         -      -         -     -     -     -      -        -      -         self     -
request        view           -      scope     scope scope scope scope  scope    -      -         self     -
request        create         -      -         scope -     scope scope  -        -      -         self     -
request        update         -      scope     scope -     scope scope  scope    -      -         -        -
wish           view           -      scope     scope scope scope scope  -        -      any       self     any
wish           create         -      -         scope scope scope -      -        -      -         self     -
wish           approve        -      scope     scope -     -     -      -        -      -         -        -
wish           update         -      -         scope -     -     -      -        -      any       self     any
meal_enrolment view           -      -         scope scope scope -      -        -      -         self     -
meal_enrolment create         -      -         scope scope -     -      -        -      -         -        -
parking        view           -      -         scope -     -     -      scope    -      -         self     any
parking        create         -      -         scope -     -     -      scope    -      -         self     -
parking        view_personal  -      -         scope -     -     -      scope    -      -         self     -
sorting_check  view           -      -         scope -     scope scope  -        -      any       self     -
sorting_check  create         -      -         scope -     -     -      -        -      any       -        -
party_member   view           -      scope     -     -     -     -      -        -      -         self     -
party_member   view_personal  -      scope     -     -     -     -      -        -      -         self     -
event          view           any    any       any   any   any   any    any      any    any       any      any
event          create         -      scope     scope -     -     -      -        -      -         -        -
community      view           scope  scope     scope scope scope scope  scope    scope  any       any      any
community      export         scope  scope     -     -     -     -      -        -      -         -        -
"""
"""The default policy, one row per (record kind, action) and one column per role:
``any``, ``scope`` (records in the actor's scopes), ``self`` (records about the actor
or their household) or ``-`` (not allowed).  What is not in the table is not allowed."""


def _parse_table(table: str) -> tuple[Permission, ...]:
    rows = [line.split() for line in table.strip().splitlines()]
    header, body = rows[0], rows[1:]
    problems: list[Problem] = []
    permissions: list[Permission] = []
    for number, row in enumerate(body, start=1):
        if len(row) != len(header):
            problems.append(
                Problem(
                    f"$.table[{number}]",
                    Text(
                        f"{len(header)} columns as in the header", f"与表头相同的 {len(header)} 列"
                    ),
                    Text.same(f"{len(row)} columns"),
                )
            )
            continue
        try:
            kind, action = ResourceKind(row[0]), Action(row[1])
            reaches = [None if cell == "-" else Reach(cell) for cell in row[2:]]
        except ValueError as exc:
            problems.append(
                Problem(
                    f"$.table[{number}]",
                    Text("a known kind, action and reach", "已知的记录类型、操作和范围"),
                    Text.same(str(exc)),
                )
            )
            continue
        permissions.extend(
            Permission(kind, action, role, reach)
            for role, reach in zip(_COLUMNS, reaches, strict=True)
            if reach is not None
        )
    if problems:
        raise InvalidInput(problems)
    return tuple(permissions)


def _index_permissions(policy: AccessPolicy) -> list[Problem]:
    seen: dict[tuple[ResourceKind, Action, AccessRole], int] = {}
    problems = []
    for i, p in enumerate(policy.permissions):
        key = (p.kind, p.action, p.role)
        if key in seen:
            problems.append(
                Problem(
                    f"$.permissions[{i}]",
                    Text(
                        f"one reach per kind, action and role (already at $.permissions[{seen[key]}])",
                        f"每种记录、操作和角色只有一个范围（已在 $.permissions[{seen[key]}] 给出）",
                    ),
                    Text.same(f"{p.kind.value}/{p.action.value}/{p.role.value}"),
                )
            )
        seen[key] = i
    # a plain dict (private to the policy), so the policy pickles to a worker
    object.__setattr__(
        policy, "_reaches", {(p.kind, p.action, p.role): p.reach for p in policy.permissions}
    )
    return problems


@attrs.frozen(eq=False, repr=False)
class AccessPolicy(Model):
    """An access policy: its permissions (what is not listed is refused) and the
    resident tags that are sensitive (shown only to those who may ``view_sensitive``)."""

    permissions: tuple[Permission, ...]
    sensitive_tags: frozenset[ResidentTag] = frozenset(
        {
            ResidentTag.DISABLED,
            ResidentTag.LOW_INCOME,
            # these tell a stranger which door a vulnerable person is alone behind
            # (PIPL Art. 28: information whose leak easily harms personal safety,
            # and minors' information)
            ResidentTag.ELDER_LIVING_ALONE,
            ResidentTag.EMPTY_NEST_ELDER,
            ResidentTag.LEFT_BEHIND_CHILD,
            ResidentTag.SINGLE_PARENT,
        }
    )
    _reaches: Mapping[tuple[ResourceKind, Action, AccessRole], Reach] = attrs.field(
        init=False, eq=False, repr=False, hash=False, factory=dict
    )

    __attrs_post_init__ = checks(
        permissions=tuple_of(Permission),
        sensitive_tags=enum_set(ResidentTag),
        then=_index_permissions,
    )

    @classmethod
    def from_table(cls, table: str, **kwargs: Any) -> AccessPolicy:
        """A policy from a table laid out like :data:`DEFAULT_TABLE` (the same columns);
        a malformed row raises :class:`~neighborly.errors.InvalidInput` naming it."""
        return cls(_parse_table(table), **kwargs)

    def reach(self, role: AccessRole, action: Action, kind: ResourceKind) -> Reach | None:
        """How far ``role`` may take ``action`` on ``kind``, or None."""
        return self._reaches.get((kind, action, role))


PUBLIC_VIEWER = Actor("public", AccessRole.RESIDENT)
"""Anyone: a resident who is nobody in particular, so sees nobody's personal data.
The command's output is redacted for this viewer."""

DEFAULT_POLICY = AccessPolicy.from_table(DEFAULT_TABLE)
"""The policy of :data:`DEFAULT_TABLE`, with disability, low income, elders living
alone or with their children away, left-behind children and single parents
sensitive."""

SENSITIVE_TAGS = DEFAULT_POLICY.sensitive_tags
"""Resident tags that are sensitive personal information by default."""


def policy_table(policy: AccessPolicy = DEFAULT_POLICY) -> str:
    """The policy as a Markdown table (the one ``docs/access.md`` shows)."""
    header = ["kind", "action", *(role.value for role in _COLUMNS)]
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    pairs: list[tuple[ResourceKind, Action]] = []
    for permission in policy.permissions:
        if (permission.kind, permission.action) not in pairs:
            pairs.append((permission.kind, permission.action))
    for kind, action in pairs:
        cells = [
            (reach.value if (reach := policy.reach(role, action, kind)) is not None else "-")
            for role in _COLUMNS
        ]
        lines.append("| " + " | ".join([kind.value, action.value, *cells]) + " |")
    return "\n".join(lines)


# --- resources and scopes --------------------------------------------------------------


def resource_of(community: Community, record: object) -> Resource:
    """The :class:`Resource` a model of ``community`` is, for :func:`can`: its kind, the
    place it belongs to and whom it is about.  Raises
    :class:`~neighborly.errors.NotFound` for a model access does not know."""
    describe = _describers().get(type(record))
    if describe is None:
        raise NotFound("kind of record access knows", type(record).__name__)
    found: Resource = describe(community, record)
    return found


@functools.cache
def _describers() -> Mapping[type, Any]:
    """Per model type, how to see it as a resource (built on first use)."""
    k = ResourceKind
    return MappingProxyType(
        {
            Household: lambda _c, r: Resource(k.HOUSEHOLD, r.id, r.id, frozenset({r.id})),
            Resident: lambda c, r: Resource(
                k.RESIDENT, r.id, c.index.home_of(r.id), frozenset({r.id})
            ),
            Elder: lambda _c, r: Resource(
                k.RESIDENT, r.resident, r.household, frozenset({r.resident})
            ),
            Volunteer: lambda c, r: Resource(
                k.VOLUNTEER, r.id, _home_of(c, r.resident), _people(r.id, r.resident)
            ),
            ServiceRecord: _service_record,
            Posting: _posting,
            Ballot: lambda c, r: Resource(
                k.BALLOT, r.part, _known_place(c, r.part), frozenset({r.part})
            ),
            Request: lambda _c, r: Resource(k.REQUEST, r.id, r.household, frozenset({r.household})),
            Wish: lambda c, r: Resource(
                k.WISH, r.id, c.index.home_of(r.resident), frozenset({r.resident})
            ),
            MealEnrolment: lambda c, r: Resource(
                k.MEAL_ENROLMENT, r.id, c.index.home_of(r.resident), frozenset({r.resident})
            ),
            Allocation: lambda _c, r: Resource(
                k.PARKING, r.request, r.household, frozenset({r.household})
            ),
            ParkingRequest: lambda _c, r: Resource(
                k.PARKING, r.id, r.household, frozenset({r.household})
            ),
            SortingCheck: lambda _c, r: Resource(
                k.SORTING_CHECK,
                f"{r.household}@{r.day.isoformat()}",
                r.household,
                frozenset({r.household}),
            ),
            PartyMember: lambda c, r: Resource(
                k.PARTY_MEMBER, r.id, _home_of(c, r.resident), _people(r.id, r.resident)
            ),
            Event: lambda _c, r: Resource(k.EVENT, r.id),
            Community: lambda _c, r: Resource(k.COMMUNITY, r.id),
        }
    )


def _home_of(community: Community, resident: str | None) -> str | None:
    return community.index.home_of(resident) if resident else None


def _service_record(community: Community, record: Any) -> Resource:
    volunteer = community.known.get("volunteer", record.volunteer)
    resident = volunteer.resident if isinstance(volunteer, Volunteer) else None
    place = record.grid or _home_of(community, resident)
    return Resource(
        ResourceKind.SERVICE_RECORD, record.id, place, _people(record.volunteer, resident)
    )


def _posting(community: Community, posting: Any) -> Resource:
    """A posting is about the holders of its accounts (a volunteer, with the resident
    they are, or a household) and sits at the first holder's home, or, for a holder
    who does not live here, in the grid where its service record was done."""
    people: set[str] = set()
    homes: list[str] = []
    for account_id in (posting.source, posting.target):
        account = community.known.get("account", account_id)
        holder = account.holder if isinstance(account, Account) else None
        if holder is None:
            continue
        volunteer = community.known.get("volunteer", holder)
        if isinstance(volunteer, Volunteer):
            people |= _people(holder, volunteer.resident)
            home = _home_of(community, volunteer.resident)
        else:
            people.add(holder)
            home = holder
        if home is not None:
            homes.append(home)
    place = _known_place(community, next(iter(homes), None))
    if place is None and posting.record:  # a holder who lives elsewhere: where they served
        record = community.known.get("record", posting.record)
        place = record.grid if isinstance(record, ServiceRecord) else None
    return Resource(ResourceKind.POSTING, posting.key, place, frozenset(people))


def _people(*ids: str | None) -> frozenset[str]:
    return frozenset(i for i in ids if i)


def _known_place(community: Community, place: str | None) -> str | None:
    return place if place is not None and community.index.kind(place) is not None else None


class _Judge:
    """One actor's reach in one community, worked out once."""

    def __init__(self, actor: Actor, community: Community, policy: AccessPolicy) -> None:
        self.actor = actor
        self.community = community
        self.policy = policy
        self._households: set[str] | None = None
        self._grids: set[str] | None = None
        self.everything = any(
            (s.kind is ScopeKind.COMMUNITY and s.id == community.id)
            or (
                s.kind is ScopeKind.STREET
                and community.street is not None
                and s.id == community.street
            )
            for s in actor.scopes
        )

    def households(self) -> set[str]:
        if self._households is None:
            found: set[str] = set()
            index = self.community.index
            grid_index = self.community.grid_index
            for scope in self.actor.scopes:
                if scope.kind is ScopeKind.GRID:
                    found |= grid_index.households.get(scope.id, frozenset())
                elif index.kind(scope.id) == scope.kind.value:
                    found.update(h.id for h in index.households_in(scope.id))
            self._households = found
        return self._households

    def grids(self) -> set[str]:
        """The actor's grids and every grid below them."""
        if self._grids is None:
            below: dict[str, list[str]] = {}
            for grid in self.community.grids:
                if grid.parent is not None:
                    below.setdefault(grid.parent, []).append(grid.id)
            found: set[str] = set()
            stack = [s.id for s in self.actor.scopes if s.kind is ScopeKind.GRID]
            while stack:
                grid_id = stack.pop()
                if grid_id not in found:
                    found.add(grid_id)
                    stack.extend(below.get(grid_id, ()))
            self._grids = found
        return self._grids

    def in_scope(self, place: str | None) -> bool:
        if self.everything:
            return True
        if place is None:
            return False
        if place in self.community.grid_index.grids:
            return place in self.grids()
        return place in self.households()

    def about_self(self, resource: Resource) -> bool:
        mine = {self.actor.person, self.actor.household} - {None}
        return bool(mine & resource.subjects) or (
            resource.place is not None and resource.place == self.actor.household
        )

    def allowed(self, action: Action, resource: Resource) -> tuple[bool, Reach | None]:
        reach = self.policy.reach(self.actor.role, action, resource.kind)
        if reach is None:
            return False, None
        if reach is Reach.ANY:
            return True, reach
        if reach is Reach.SELF:
            return self.about_self(resource), reach
        return self.in_scope(resource.place), reach


CAN_RULE = Rule(
    "access.can",
    Text("Access on a need-to-know basis", "按需知悉的访问控制"),
    _PIPL,
    basis=(
        "Personal Information Protection Law (2021) Arts. 5-6: lawful, necessary, least scope; "
        "Art. 28: sensitive personal information"
    ),
    reads=Text("an actor, an action and a resource", "操作者、操作与资源"),
    policy="access",
)

RULES: tuple[Rule, ...] = (CAN_RULE,)
"""The rules of this module, as data (see :func:`neighborly.rules.catalogue`)."""


def can(
    actor: Actor,
    action: Action,
    resource: Resource,
    community: Community,
    policy: AccessPolicy = DEFAULT_POLICY,
) -> Verdict:
    """Rule ``access.can``: whether ``actor`` may take ``action`` on ``resource`` in
    ``community`` under ``policy``, saying which policy cell and which scope decided."""
    judge = _Judge(actor, community, policy)
    allowed, reach = judge.allowed(action, resource)
    role, what = actor.role.value, f"{action.value} {resource.kind.value} {resource.id}"
    cell = f"{resource.kind.value}/{action.value}/{role}"
    if reach is None:
        message = Text(
            f"{actor.id} ({role}) may not {what}: the policy gives {role} no access to "
            f"{action.value} on {resource.kind.value}",
            f"{actor.id}（{role}）无权 {what}：策略未授予该角色对 {resource.kind.value} 的 {action.value} 权限",
        )
        expected, actual = "a policy row allowing it", f"{cell}: -"
    elif reach is Reach.ANY:
        message = Text(
            f"{actor.id} ({role}) may {what}: {cell} is any",
            f"{actor.id}（{role}）可 {what}：{cell} 为 any",
        )
        expected, actual = "any", "any"
    elif reach is Reach.SELF:
        mine = ", ".join(sorted(p for p in (actor.person, actor.household) if p)) or "nobody"
        message = Text(
            f"{actor.id} ({role}) {'may' if allowed else 'may not'} {what}: {cell} is self, "
            f"and the record is {'' if allowed else 'not '}about {mine}",
            f"{actor.id}（{role}）{'可' if allowed else '不可'} {what}：{cell} 为 self，"
            f"该记录{'' if allowed else '不'}涉及 {mine}",
        )
        expected, actual = f"about {mine}", ", ".join(sorted(resource.subjects)) or "nobody"
    else:
        scopes = ", ".join(f"{s.kind.value} {s.id}" for s in actor.scopes) or "none"
        place = resource.place or "the community as a whole"
        message = Text(
            f"{actor.id} ({role}) {'may' if allowed else 'may not'} {what}: {cell} is scope, "
            f"and {place} is {'' if allowed else 'not '}within {scopes}",
            f"{actor.id}（{role}）{'可' if allowed else '不可'} {what}：{cell} 为 scope，"
            f"{place} {'在' if allowed else '不在'} {scopes} 范围内",
        )
        expected, actual = f"within {scopes}", place
    return Verdict(
        CAN_RULE.code,
        allowed,
        CAN_RULE.title,
        (Reason("$", message, expected, actual),),
        CAN_RULE.source,
    )


# --- redaction --------------------------------------------------------------------------

_PERSONAL_KEY = next(iter(PERSONAL))
_MASKS = MappingProxyType(
    {"name": mask_name, "phone": mask_phone, "id_number": mask_id_number, "plate": mask_plate}
)


def redact(
    record: Any,
    *,
    for_actor: Actor,
    community: Community,
    policy: AccessPolicy = DEFAULT_POLICY,
) -> Any:
    """A copy of ``record`` (any model, or a tuple or list of them, a whole community
    included) with what ``for_actor`` may not see masked: personal fields (names,
    phones, ID numbers keeping the last four, plates) unless they may
    ``view_personal`` the record they belong to, and the policy's sensitive tags
    removed unless they may ``view_sensitive`` the resident.  Nothing else changes."""
    judge = _Judge(for_actor, community, policy)
    return _redact(record, judge, community)


def public_names(community: Community) -> dict[str, str | None]:
    """Each volunteer's name as a member of the public may see it
    (:data:`PUBLIC_VIEWER`, masked by the default policy): the volunteer's own, else
    the resident's they are, else None; what a leaderboard shows."""
    residents = {r.id: r for r in community.residents()}
    names: dict[str, str | None] = {}
    for volunteer in community.volunteers:
        name = redact(volunteer, for_actor=PUBLIC_VIEWER, community=community).name
        if name is None and volunteer.resident is not None:
            person = residents[volunteer.resident]
            name = redact(person, for_actor=PUBLIC_VIEWER, community=community).name
        names[volunteer.id] = name
    return names


def _redact(value: Any, judge: _Judge, community: Community) -> Any:
    if isinstance(value, tuple):
        return tuple(_redact(v, judge, community) for v in value)
    if isinstance(value, list):
        return [_redact(v, judge, community) for v in value]
    if not attrs.has(type(value)):
        return value
    changes = _own_changes(value, judge, community)
    for field in attrs.fields(type(value)):
        if not field.init or field.name in changes:
            continue
        inner = getattr(value, field.name)
        if isinstance(inner, tuple | list) or attrs.has(type(inner)):
            redacted = _redact(inner, judge, community)
            if redacted is not inner:
                changes[field.name] = redacted
    return _evolve(value, changes) if changes else value


def _own_changes(value: Any, judge: _Judge, community: Community) -> dict[str, Any]:
    """The masked personal fields and removed sensitive tags of one model."""
    changes: dict[str, Any] = {}
    personal = [f for f in attrs.fields(type(value)) if f.metadata.get(_PERSONAL_KEY)]
    if not personal and not hasattr(value, "tags"):
        return changes
    resource = _resource_or_none(community, value)
    if (
        personal
        and not judge.allowed(
            Action.VIEW_PERSONAL, resource or Resource(ResourceKind.COMMUNITY, community.id)
        )[0]
    ):
        for field in personal:
            shown = getattr(value, field.name)
            if isinstance(shown, str):
                changes[field.name] = _MASKS.get(field.name, mask_name)(shown)
            elif isinstance(shown, dt.date):  # a birth date: no part of it is shown
                changes[field.name] = None
    if resource is not None and resource.kind is ResourceKind.RESIDENT:
        tags = value.tags & judge.policy.sensitive_tags
        if tags and not judge.allowed(Action.VIEW_SENSITIVE, resource)[0]:
            changes["tags"] = value.tags - tags
    return changes


def _evolve(value: Any, changes: Mapping[str, Any]) -> Any:
    """``attrs.evolve`` with the checks turned into what they are: a masked value is
    not a valid phone or ID number, so the copy is built without re-checking them."""
    # Built as unpickling builds a model: without its checks, derived state (such
    # as Community's indexes) left to fill again.
    cls = type(value)
    if not issubclass(cls, Model):
        return attrs.evolve(value, **changes)
    return rebuilt(cls, tuple(changes.get(name, getattr(value, name)) for name in cls._stored))


def _resource_or_none(community: Community, value: object) -> Resource | None:
    try:
        return resource_of(community, value)
    except NotFound:
        return None
