"""neighborly: typed models and explainable rules for Chinese urban community governance.

The public face is re-exported here; see the module of each concept for details:
:mod:`neighborly.places`, :mod:`neighborly.grids`, :mod:`neighborly.calendar`,
:mod:`neighborly.verdicts`,
:mod:`neighborly.errors`, :mod:`neighborly.serialization`.
"""

from neighborly._text import Lang, Text
from neighborly.calendar import LunarDate, LunarMonth, SolarTerm, solar_term, to_lunar
from neighborly.errors import (
    Conflict,
    IllegalTransition,
    InvalidInput,
    NeighborlyError,
    NotFound,
    Problem,
)
from neighborly.grids import (
    CardLevel,
    CardPerson,
    CardTeam,
    ContactCard,
    Grid,
    GridLevel,
    GridPolicy,
    Role,
    ServiceTeam,
    StaffMember,
    TeamKind,
    check_coverage,
    check_grids,
    check_heads,
    check_nesting,
    check_sizes,
    contact_card,
)
from neighborly.places import (
    Building,
    Community,
    Compound,
    Household,
    Resident,
    ResidentTag,
    Shop,
    Summary,
    TagCount,
    Unit,
    is_resident_id_number,
    summarize,
)
from neighborly.sample import sample_community
from neighborly.serialization import dumps, load_community, loads, structure, unstructure
from neighborly.verdicts import Reason, Report, Verdict

__version__ = "0.1.0"

__all__ = [
    "Building",
    "CardLevel",
    "CardPerson",
    "CardTeam",
    "Community",
    "Compound",
    "Conflict",
    "ContactCard",
    "Grid",
    "GridLevel",
    "GridPolicy",
    "Household",
    "IllegalTransition",
    "InvalidInput",
    "Lang",
    "LunarDate",
    "LunarMonth",
    "NeighborlyError",
    "NotFound",
    "Problem",
    "Reason",
    "Report",
    "Resident",
    "ResidentTag",
    "Role",
    "ServiceTeam",
    "Shop",
    "SolarTerm",
    "StaffMember",
    "Summary",
    "TagCount",
    "TeamKind",
    "Text",
    "Unit",
    "Verdict",
    "__version__",
    "check_coverage",
    "check_grids",
    "check_heads",
    "check_nesting",
    "check_sizes",
    "contact_card",
    "dumps",
    "is_resident_id_number",
    "load_community",
    "loads",
    "sample_community",
    "solar_term",
    "structure",
    "summarize",
    "to_lunar",
    "unstructure",
]
