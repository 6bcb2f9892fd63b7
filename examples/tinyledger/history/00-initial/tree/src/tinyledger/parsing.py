"""Parsing amounts, money and dates from user input and bank exports."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Optional, Tuple

from .money import MINOR_UNITS, Money

#: Currency symbols understood by :func:`parse_money`.
SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}

#: Date formats tried in order by :func:`parse_date`.
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d %b %Y", "%Y%m%d")

_CODE_FIRST = re.compile(r"^([A-Z]{3})\s*(.+)$")
_CODE_LAST = re.compile(r"^(.+?)\s*([A-Z]{3})$")


class ParseError(ValueError):
    """Raised for input that cannot be parsed; the message quotes the input."""


def parse_amount(text: str) -> Decimal:
    """Parses ``"1,234.50"``, ``"-12"``, ``"+3"`` or ``"(12.50)"`` (accounting negative)."""
    raw = text.strip()
    if not raw:
        raise ParseError("empty amount")
    negative = False
    if raw.startswith("(") and raw.endswith(")"):
        negative = True
        raw = raw[1:-1].strip()
    cleaned = raw.replace(",", "")
    value = Decimal(cleaned)
    if not value.is_finite():
        raise ParseError(f"amount is not finite: {text!r}")
    return -value if negative else value


def _split_currency(raw: str) -> Tuple[str, Optional[str]]:
    """Splits ``"$12"``, ``"USD 12"`` or ``"12 USD"`` into amount text and currency code."""
    sign = ""
    body = raw
    if body.startswith("-"):
        sign, body = "-", body[1:].lstrip()
    if body[:1] in SYMBOLS:
        return sign + body[1:].strip(), SYMBOLS[body[:1]]
    match = _CODE_FIRST.match(body)
    if match:
        return sign + match.group(2), match.group(1)
    match = _CODE_LAST.match(body)
    if match:
        return sign + match.group(1), match.group(2)
    return raw, None


def parse_money(text: str, default_currency: Optional[str] = None) -> Money:
    """Parses ``"$1,200.00"``, ``"EUR 12.5"``, ``"12.5 EUR"`` or a bare amount in ``default_currency``."""
    amount_text, code = _split_currency(text.strip())
    if code is None:
        if default_currency is None:
            raise ParseError(f"no currency in {text!r} and no default given")
        code = default_currency
    if code not in MINOR_UNITS:
        raise ParseError(f"unknown currency {code!r} in {text!r}")
    return Money.of(parse_amount(amount_text), code)


def parse_date(text: str) -> date:
    """Parses a date in any of :data:`DATE_FORMATS`."""
    raw = text.strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise ParseError(f"not a date: {text!r}")
