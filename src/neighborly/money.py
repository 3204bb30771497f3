"""Money: amounts are whole fen (分), shown to people as yuan (元) with two decimals.

Every amount neighborly keeps (a property fee, a sorting stipend, a fund's balance, a
wish's value, a project's budget) is an ``int`` of fen, so sums are exact and nothing
rounds.  This module turns fen into yuan for people and yuan written by people into
fen.

>>> yuan(810), yuan(-5), amount(30).render("zh")
('8.10', '-0.05', '0.30 元')
>>> to_fen("12.5"), to_fen(3)
(1250, 300)
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from neighborly.errors import InvalidInput, Problem
from neighborly.text import Text

__all__ = ["FEN_PER_YUAN", "amount", "to_fen", "yuan"]

FEN_PER_YUAN = 100
"""One yuan is 100 fen."""


def yuan(fen: int) -> str:
    """Integer fen as yuan with two decimals: ``yuan(810) == "8.10"``."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), FEN_PER_YUAN)
    return f"{sign}{whole}.{cents:02d}"


def amount(fen: int) -> Text:
    """An amount in words: ``8.10 yuan`` / ``8.10 元``."""
    shown = yuan(fen)
    return Text(f"{shown} yuan", f"{shown} 元")


_TO_FEN = Text(
    'an amount of yuan with at most two decimals, such as 12, "12.5" or "0.30"',
    '最多两位小数的元金额，如 12、"12.5" 或 "0.30"',
)


def to_fen(value: str | int | Decimal) -> int:
    """An amount of yuan written by a person (``"12.5"``, ``3``, ``Decimal("0.30")``) as
    whole fen; :class:`~neighborly.errors.InvalidInput` for anything that is not a
    finite amount with at most two decimals (``"0.305"`` is refused, not rounded) or
    whose fen would not fit in 18 digits."""
    number = _decimal(value)
    # The exponent bounds it before any arithmetic (1e999999999 yuan would overflow the
    # decimal context); quantizing to the fen finds a third decimal, however tiny.
    if (
        number is None
        or not number.is_finite()
        or number.adjusted() >= _YUAN_DIGITS
        or number != number.quantize(_ONE_FEN)
    ):
        raise InvalidInput([Problem("$", _TO_FEN, _shown(value))])
    return int(number * FEN_PER_YUAN)


_MAX_FEN = 10**18
_YUAN_DIGITS = 16  # under 10**16 yuan, so under 10**18 fen
_ONE_FEN = Decimal("0.01")
_MAX_TEXT = 40  # characters: a person's "12.50" needs a handful


def _decimal(value: object) -> Decimal | None:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, str) and len(value) <= _MAX_TEXT:
        try:
            return Decimal(value.strip())
        except InvalidOperation:
            return None
    return None


def _shown(value: object) -> Text:
    if isinstance(value, str):
        return Text.same(
            repr(value) if len(value) <= _MAX_TEXT else repr(value[:_MAX_TEXT]) + "..."
        )
    if isinstance(value, Decimal) or (
        type(value) is int and abs(value) < _MAX_FEN  # a longer int cannot become a str
    ):
        return Text.same(str(value))
    if type(value) is int:
        return Text("a whole number of more than 18 digits", "超过 18 位的整数")
    return Text(f"a value of type {type(value).__name__}", f"{type(value).__name__} 类型的值")
