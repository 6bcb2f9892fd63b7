"""Exchange-rate tables and currency conversion."""

from __future__ import annotations

from decimal import Decimal
from typing import Dict, Tuple

from .money import Money, Number, minor_units


class MissingRate(LookupError):
    """Raised when no rate, direct or inverse, is known for a currency pair."""

    def __init__(self, base: str, quote: str) -> None:
        super().__init__(f"no rate for {base}/{quote}")
        self.base = base
        self.quote = quote


class RateTable:
    """Rates quoted as ``1 base = rate quote``; the inverse of a quoted pair is derived."""

    def __init__(self) -> None:
        self._rates: Dict[Tuple[str, str], Decimal] = {}

    def set(self, base: str, quote: str, rate: Number) -> None:
        """Records the rate for ``base/quote``, replacing an earlier one."""
        minor_units(base)
        minor_units(quote)
        if base == quote:
            raise ValueError("a currency has no rate against itself")
        value = rate if isinstance(rate, Decimal) else Decimal(rate)
        if not value.is_finite() or value <= 0:
            raise ValueError(f"rates must be positive: {rate!r}")
        self._rates[(base, quote)] = value

    def rate(self, base: str, quote: str) -> Decimal:
        """How many units of ``quote`` one unit of ``base`` buys."""
        if base == quote:
            return Decimal(1)
        direct = self._rates.get((base, quote))
        if direct is not None:
            return direct
        inverse = self._rates.get((quote, base))
        if inverse is not None:
            return Decimal(1) / inverse
        raise MissingRate(base, quote)

    def convert(self, money: Money, to: str) -> Money:
        """Converts ``money`` into currency ``to``, rounding to its precision."""
        if money.currency == to:
            return money
        direct = self._rates.get((money.currency, to))
        if direct is not None:
            return Money.of(money.amount * direct, to)
        inverse = self._rates.get((to, money.currency))
        if inverse is not None:
            # Dividing by the stored rate keeps the full precision of the quote.
            return Money.of(money.amount * inverse, to)
        raise MissingRate(money.currency, to)
