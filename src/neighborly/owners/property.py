"""Property fees (物业服务费) and maintenance-fund contributions (专项维修资金): bills,
payments, how much of a period was collected, and who is in arrears.

Amounts are integer fen.  Paying fees on time is an owner's statutory duty (物业管理条例
Art. 7(5)); arrears keep an owner off the committee where the local rule says so
(:class:`~neighborly.owners.committee.CommitteePolicy`).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from fractions import Fraction

import attrs

from neighborly._checks import (
    DATE,
    IDENT,
    TEXT,
    checks,
    int_range,
    is_enum,
)
from neighborly._model import Model
from neighborly.money import yuan
from neighborly.text import Lang, Text, check_lang

__all__ = ["Arrear", "Bill", "Charge", "Collection", "Payment", "arrears", "collection"]


# --- property fees ------------------------------------------------------------------------


class Charge(str, enum.Enum):
    """What a bill is for."""

    PROPERTY_FEE = "property_fee"  # 物业服务费
    MAINTENANCE_FUND = "maintenance_fund"  # 专项维修资金


@attrs.frozen(eq=False, repr=False)
class Bill(Model):
    """A bill for an exclusive part: ``fen`` due by ``due`` for ``period`` (a label
    such as ``2026-10`` or ``2026``)."""

    id: str
    part: str
    charge: Charge
    period: str
    due: dt.date
    fen: int

    __attrs_post_init__ = checks(
        id=IDENT,
        part=IDENT,
        charge=is_enum(Charge),
        period=TEXT,
        due=DATE,
        fen=int_range(1, 10**12),
    )


@attrs.frozen(eq=False, repr=False)
class Payment(Model):
    """A payment against a bill, in fen."""

    id: str
    bill: str
    day: dt.date
    fen: int

    __attrs_post_init__ = checks(id=IDENT, bill=IDENT, day=DATE, fen=int_range(1, 10**12))


@attrs.frozen(eq=False, repr=False)
class Collection(Model):
    """How much of a period's bills was paid: the amounts in fen and the rate."""

    period: str
    billed_fen: int
    paid_fen: int
    bills: int
    paid_bills: int

    @property
    def rate(self) -> Fraction:
        """Paid over billed, exactly (1 when nothing was billed)."""
        return Fraction(self.paid_fen, self.billed_fen) if self.billed_fen else Fraction(1)

    def render(self, lang: Lang = "en") -> str:
        lang = check_lang(lang)
        percent = f"{float(self.rate) * 100:.1f}%"
        return Text(
            f"{self.period}: {yuan(self.paid_fen)} of {yuan(self.billed_fen)} yuan collected "
            f"({percent}); {self.paid_bills} of {self.bills} bills paid in full",
            f"{self.period}：应收 {yuan(self.billed_fen)} 元，实收 {yuan(self.paid_fen)} 元（{percent}）；"
            f"{self.bills} 笔中 {self.paid_bills} 笔已结清",
        ).render(lang)


def _paid(payments: Iterable[Payment], as_of: dt.date | None = None) -> dict[str, int]:
    paid: dict[str, int] = {}
    for payment in payments:
        if as_of is None or payment.day <= as_of:
            paid[payment.bill] = paid.get(payment.bill, 0) + payment.fen
    return paid


def collection(
    bills: Iterable[Bill],
    payments: Iterable[Payment],
    period: str,
    charge: Charge = Charge.PROPERTY_FEE,
) -> Collection:
    """The collection rate of ``period``'s bills of one charge (a payment beyond a
    bill's amount counts only up to it)."""
    paid = _paid(payments)
    items = [b for b in bills if b.period == period and b.charge is charge]
    settled = [min(paid.get(b.id, 0), b.fen) for b in items]
    return Collection(
        period,
        sum(b.fen for b in items),
        sum(settled),
        len(items),
        sum(1 for b, s in zip(items, settled, strict=True) if s >= b.fen),
    )


@attrs.frozen(eq=False, repr=False)
class Arrear(Model):
    """What an exclusive part owes on ``as_of``: bills past due not paid in full."""

    part: str
    charge: Charge
    fen: int
    oldest_due: dt.date
    bills: tuple[str, ...]


def arrears(
    bills: Iterable[Bill], payments: Iterable[Payment], as_of: dt.date
) -> tuple[Arrear, ...]:
    """Every part's unpaid amounts of bills due before ``as_of``, per charge, most owed first."""
    paid = _paid(payments, as_of)
    owed: dict[tuple[str, Charge], list[tuple[Bill, int]]] = {}
    for bill in bills:
        if bill.due < as_of:
            left = bill.fen - min(paid.get(bill.id, 0), bill.fen)
            if left:
                owed.setdefault((bill.part, bill.charge), []).append((bill, left))
    made = [
        Arrear(
            part,
            charge,
            sum(left for _, left in items),
            min(b.due for b, _ in items),
            tuple(b.id for b, _ in items),
        )
        for (part, charge), items in owed.items()
    ]
    return tuple(sorted(made, key=lambda a: (-a.fen, a.part, a.charge.value)))
