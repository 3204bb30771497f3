"""neighborly: typed models and explainable rules for Chinese urban community governance.

The package's face is short: the community, loading and dumping it, the errors and
the verdicts, and bilingual text.  Everything else lives in the module of its
concept, one aggregate each, and is imported from there::

    from neighborly import Community, load_community, sample_community
    from neighborly.grids import check_grids, contact_card
    from neighborly.owners import roll_of, tally_vote

The names here are loaded on first use (PEP 562), so ``import neighborly`` costs
almost nothing until a model or a rule is needed.  How the modules fit together:
``docs/architecture.md``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name -> the public module it lives in
_HOMES = {
    "Community": "neighborly.community",
    "sample_community": "neighborly.sample",
    "dumps": "neighborly.serialization",
    "load": "neighborly.serialization",
    "load_community": "neighborly.serialization",
    "loads": "neighborly.serialization",
    "structure": "neighborly.serialization",
    "unstructure": "neighborly.serialization",
    "Conflict": "neighborly.errors",
    "IllegalTransition": "neighborly.errors",
    "InvalidInput": "neighborly.errors",
    "NeighborlyError": "neighborly.errors",
    "NotFound": "neighborly.errors",
    "Problem": "neighborly.errors",
    "Refused": "neighborly.errors",
    "Reason": "neighborly.verdicts",
    "Report": "neighborly.verdicts",
    "Verdict": "neighborly.verdicts",
    "Lang": "neighborly.text",
    "Text": "neighborly.text",
}

__all__ = [
    "Community",
    "Conflict",
    "IllegalTransition",
    "InvalidInput",
    "Lang",
    "NeighborlyError",
    "NotFound",
    "Problem",
    "Reason",
    "Refused",
    "Report",
    "Text",
    "Verdict",
    "__version__",
    "dumps",
    "load",
    "load_community",
    "loads",
    "sample_community",
    "structure",
    "unstructure",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        msg = f"module 'neighborly' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # found once, then an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


if TYPE_CHECKING:  # what the names are, for type checkers and editors
    from neighborly.community import Community
    from neighborly.errors import (
        Conflict,
        IllegalTransition,
        InvalidInput,
        NeighborlyError,
        NotFound,
        Problem,
        Refused,
    )
    from neighborly.sample import sample_community
    from neighborly.serialization import (
        dumps,
        load,
        load_community,
        loads,
        structure,
        unstructure,
    )
    from neighborly.text import Lang, Text
    from neighborly.verdicts import Reason, Report, Verdict
