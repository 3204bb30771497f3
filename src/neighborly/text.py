"""Bilingual text: every message neighborly shows a person exists in English and Chinese.

This module sits at the very bottom of the package and imports nothing of neighborly:
the errors, the invariant checks and the verdicts are all built from :class:`Text`.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Literal, get_args

import attrs

from neighborly._model import Model

__all__ = [
    "LANGS",
    "WEEKDAY_NAMES",
    "Lang",
    "Text",
    "check_lang",
    "figure",
    "number",
    "whole_at_least",
]

Lang = Literal["en", "zh"]
"""A language for messages: ``"en"`` (English) or ``"zh"`` (Simplified Chinese)."""

LANGS: tuple[Lang, ...] = get_args(Lang)

WEEKDAY_NAMES: dict[Lang, tuple[str, ...]] = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
}
"""Short weekday names, Monday first, as ``date.weekday()`` counts."""


def check_lang(lang: str) -> Lang:
    """Return ``lang`` as a :data:`Lang`, or raise ``ValueError`` naming the languages on offer."""
    if lang == "en":
        return "en"
    if lang == "zh":
        return "zh"
    msg = f"lang must be one of {', '.join(LANGS)}, got {lang!r}"
    raise ValueError(msg)


@attrs.frozen(eq=False, repr=False)
class Text(Model):
    """One message in English and Chinese.

    >>> Text("3 households", "3 户").render("zh")
    '3 户'
    """

    en: str
    zh: str

    def __attrs_post_init__(self) -> None:
        # A Text is built by code, not read from a file (the converter checks both
        # strings and reports data problems with their paths); a non-string here is
        # a programming error, so it is a TypeError, like attrs' own type checks.
        for name, value in (("en", self.en), ("zh", self.zh)):
            if type(value) is not str:
                msg = f"Text.{name} must be a str, got {type(value).__name__}"
                raise TypeError(msg)

    def render(self, lang: Lang = "en") -> str:
        """The message in ``lang``."""
        return self.zh if check_lang(lang) == "zh" else self.en

    @classmethod
    def same(cls, text: str) -> Text:
        """A message that reads the same in both languages (numbers, identifiers)."""
        return cls(text, text)

    def __str__(self) -> str:
        return self.en


def number(value: int | Decimal | Fraction | float) -> str:
    """Format a quantity for people: thousands separated, at most two decimals, no trailing zeros.

    >>> number(3281), number(Decimal("6666.6667")), number(Fraction(200, 3))
    ('3,281', '6,666.67', '66.67')
    """
    if isinstance(value, int):
        return f"{value:,}"
    quantised = (
        Decimal(value.numerator) / Decimal(value.denominator)
        if isinstance(value, Fraction)
        else Decimal(str(value))
    )
    text = f"{quantised.quantize(Decimal('0.01')):,}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def figure(value: Fraction | int) -> str:
    """A count as a language-neutral figure (``Reason.expected``): whole numbers as
    they are, others with two decimals and no separators.

    >>> figure(4), figure(Fraction(20, 3))
    ('4', '6.67')
    """
    fraction = Fraction(value)
    return str(fraction.numerator) if fraction.denominator == 1 else f"{float(fraction):.2f}"


def whole_at_least(value: Fraction | int) -> int:
    """The smallest whole number of people or households that reaches ``value``
    (2/3 of 10 members is 7), computed exactly.

    >>> whole_at_least(Fraction(20, 3)), whole_at_least(6)
    (7, 6)
    """
    fraction = Fraction(value)
    return -(-fraction.numerator // fraction.denominator)
