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

from collections.abc import Mapping
from types import MappingProxyType

from neighborly.access import RULES as ACCESS_RULES
from neighborly.care import RULES as CARE_RULES
from neighborly.deliberation.accountability import RULES as ACCOUNTABILITY_RULES
from neighborly.deliberation.board import RULES as BOARD_RULES
from neighborly.deliberation.meetings import RULES as DELIBERATION_MEETINGS_RULES
from neighborly.deliberation.proposals import RULES as PROPOSALS_RULES
from neighborly.errors import NotFound
from neighborly.grids import RULES as GRIDS_RULES
from neighborly.owners.assembly import RULES as ASSEMBLY_RULES
from neighborly.owners.committee import RULES as COMMITTEE_RULES
from neighborly.owners.reception import RULES as RECEPTION_RULES
from neighborly.owners.votes import RULES as VOTES_RULES
from neighborly.parking import RULES as PARKING_RULES
from neighborly.party.funds import RULES as FUNDS_RULES
from neighborly.party.meetings import RULES as PARTY_MEETINGS_RULES
from neighborly.party.structure import RULES as STRUCTURE_RULES
from neighborly.points import RULES as POINTS_RULES
from neighborly.registries import RULES as REGISTRIES_RULES
from neighborly.requests import RULES as REQUESTS_RULES
from neighborly.scheduling import RULES as SCHEDULING_RULES
from neighborly.services import RULES as SERVICES_RULES
from neighborly.verdicts import Rule
from neighborly.volunteering import RULES as VOLUNTEERING_RULES
from neighborly.waste import RULES as WASTE_RULES
from neighborly.wishes import RULES as WISHES_RULES

__all__ = ["CATALOGUE", "catalogue", "rule"]

CATALOGUE: tuple[Rule, ...] = (
    *GRIDS_RULES,
    *SCHEDULING_RULES,
    *VOLUNTEERING_RULES,
    *POINTS_RULES,
    *STRUCTURE_RULES,
    *PARTY_MEETINGS_RULES,
    *FUNDS_RULES,
    *VOTES_RULES,
    *ASSEMBLY_RULES,
    *COMMITTEE_RULES,
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
