"""Personal data (个人信息): the field marker and the masks shown in place of the data.

A model field whose metadata is :data:`PERSONAL` holds personal data (a resident's
name, phone, ID number, birth date and circumstances; a volunteer's name; a proxy's
name; a car's plate): its
``repr`` is masked, and :func:`neighborly.serialization.unstructure` leaves it out
unless a purpose is given.  The masks keep enough to recognise a value and no more.

>>> mask_phone("13812345678"), mask_name("张伟"), mask_id_number("11010519491231002X")
('138****5678', '张*', '**************002X')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from neighborly._checks import PERSONAL_KEY

__all__ = [
    "PERSONAL",
    "date_repr",
    "mask_id_number",
    "mask_name",
    "mask_phone",
    "mask_plate",
    "masked",
    "tags_repr",
]

PERSONAL: Mapping[str, bool] = MappingProxyType({PERSONAL_KEY: True})
"""Field metadata marking personal data: masked in ``repr``, left out of default exports."""


def mask_phone(value: str) -> str:
    """A phone number with its middle hidden: ``13812345678`` becomes ``138****5678``."""
    if len(value) >= 8:
        return value[:3] + "*" * (len(value) - 7) + value[-4:]
    return "*" * max(len(value) - 2, 0) + value[-2:]


def mask_id_number(value: str) -> str:
    """An ID number with all but its last four characters hidden."""
    return "*" * max(len(value) - 4, 0) + value[-4:]


def mask_name(value: str) -> str:
    """A name with all but its first character hidden: ``张伟`` becomes ``张*``."""
    return value[:1] + "*" * (len(value) - 1) if len(value) > 1 else "*"


def mask_plate(value: str) -> str:
    """A number plate with all but its first two and last two characters hidden:
    ``川A12345`` becomes ``川A***45``."""
    if len(value) <= 4:
        return "*" * len(value)
    return value[:2] + "*" * (len(value) - 4) + value[-2:]


def masked(mask: Callable[[str], str]) -> Callable[[str | None], str]:
    """A ``repr`` for a personal field: the masked value, quoted, or ``None``."""

    def show(value: str | None) -> str:
        return "None" if value is None else repr(mask(value))

    return show


def date_repr(value: object) -> str:
    """A ``repr`` for a personal date (a birth date, which with the last characters of
    an ID number would rebuild it): whether there is one, not which."""
    return "None" if value is None else "'****-**-**'"


def tags_repr(tags: frozenset[object]) -> str:
    """A ``repr`` for a person's tags, which can say what hardship they live with: only
    how many there are."""
    return f"<{len(tags)} tags>"
