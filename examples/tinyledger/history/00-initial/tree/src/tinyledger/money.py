"""Money amounts: an integer number of minor units plus an ISO 4217 currency code."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import List, Sequence, Union

#: Decimal places per supported currency.
MINOR_UNITS = {"USD": 2, "EUR": 2, "GBP": 2, "CHF": 2, "JPY": 0, "KWD": 3}

Number = Union[Decimal, int, str]


class CurrencyMismatch(ValueError):
    """Raised when an operation mixes two currencies."""

    def __init__(self, left: str, right: str) -> None:
        super().__init__(f"currency mismatch: {left} vs {right}")
        self.left = left
        self.right = right


def minor_units(currency: str) -> int:
    """Number of decimal places used by ``currency``."""
    try:
        return MINOR_UNITS[currency]
    except KeyError:
        raise ValueError(f"unknown currency: {currency!r}") from None


@dataclass(frozen=True)
class Money:
    """An exact amount of one currency, stored as integer minor units (cents)."""

    minor: int
    currency: str

    def __post_init__(self) -> None:
        minor_units(self.currency)
        if isinstance(self.minor, bool) or not isinstance(self.minor, int):
            raise TypeError("minor units must be an int")

    @classmethod
    def of(cls, amount: Number, currency: str, rounding: str = ROUND_HALF_EVEN) -> "Money":
        """Builds Money from an amount in major units, rounded to the currency's precision."""
        places = minor_units(currency)
        value = amount if isinstance(amount, Decimal) else Decimal(amount)
        minor = value.scaleb(places).quantize(Decimal(1), rounding=rounding)
        return cls(int(minor), currency)

    @classmethod
    def zero(cls, currency: str) -> "Money":
        return cls(0, currency)

    @property
    def amount(self) -> Decimal:
        """The amount in major units, e.g. ``Decimal("12.30")``."""
        return Decimal(self.minor).scaleb(-minor_units(self.currency))

    def _check(self, other: "Money") -> None:
        if self.currency != other.currency:
            raise CurrencyMismatch(self.currency, other.currency)

    def __add__(self, other: object) -> "Money":
        if not isinstance(other, Money):
            return NotImplemented
        self._check(other)
        return Money(self.minor + other.minor, self.currency)

    def __radd__(self, other: object) -> "Money":
        # Lets sum() start from its default 0.
        if other == 0:
            return self
        return NotImplemented

    def __sub__(self, other: object) -> "Money":
        if not isinstance(other, Money):
            return NotImplemented
        self._check(other)
        return Money(self.minor - other.minor, self.currency)

    def __neg__(self) -> "Money":
        return Money(-self.minor, self.currency)

    def __abs__(self) -> "Money":
        return Money(abs(self.minor), self.currency)

    def __mul__(self, factor: Number) -> "Money":
        if isinstance(factor, Money):
            return NotImplemented
        return Money.of(self.amount * Decimal(factor), self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: "Money") -> bool:
        self._check(other)
        return self.minor < other.minor

    def __le__(self, other: "Money") -> bool:
        self._check(other)
        return self.minor <= other.minor

    def __gt__(self, other: "Money") -> bool:
        self._check(other)
        return self.minor > other.minor

    def __ge__(self, other: "Money") -> bool:
        self._check(other)
        return self.minor >= other.minor

    def is_zero(self) -> bool:
        return self.minor == 0

    def is_negative(self) -> bool:
        return self.minor < 0

    def allocate(self, ratios: Sequence[int]) -> List["Money"]:
        """Splits the amount by integer ratios without losing a minor unit.

        Leftover minor units go one each to the earliest parts, so
        ``Money.of("1.00", "USD").allocate([1, 1, 1])`` is 0.34, 0.33, 0.33.
        """
        if not ratios or any(r < 0 for r in ratios):
            raise ValueError("ratios must be non-negative and not empty")
        total = sum(ratios)
        if total == 0:
            raise ValueError("ratios must not all be zero")
        parts = [self.minor * r // total for r in ratios]
        remainder = self.minor - sum(parts)
        for i in range(remainder):
            parts[i] += 1
        return [Money(p, self.currency) for p in parts]

    def split(self, n: int) -> List["Money"]:
        """Splits the amount into ``n`` near-equal parts."""
        if n < 1:
            raise ValueError("n must be at least 1")
        return self.allocate([1] * n)

    def __str__(self) -> str:
        return f"{self.amount:.{minor_units(self.currency)}f} {self.currency}"
