"""Plain-text reports: aligned tables and trial balances."""

from __future__ import annotations

from datetime import date
from typing import List, Optional, Sequence, Tuple

from .ledger import Ledger
from .money import Money, minor_units


def format_money(money: Money, thousands: bool = True) -> str:
    """Formats ``1,234.50 USD``; negative amounts in parentheses: ``(12.00) USD``."""
    places = minor_units(money.currency)
    magnitude = abs(money.amount)
    body = f"{magnitude:,.{places}f}" if thousands else f"{magnitude:.{places}f}"
    if money.is_negative():
        body = f"({body})"
    return f"{body} {money.currency}"


def truncate(text: str, width: int) -> str:
    """Shortens ``text`` to at most ``width`` characters, marking the cut with an ellipsis."""
    if width < 1:
        raise ValueError("width must be positive")
    if len(text) <= width:
        return text
    return text[:width] + "…"


def render_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    max_width: int = 40,
    align: Optional[Sequence[str]] = None,
) -> str:
    """Renders a fixed-width table with a rule under the headers.

    Columns are as wide as their widest cell, capped at ``max_width``; ``align``
    gives ``"<"`` or ``">"`` per column (left by default).
    """
    columns = len(headers)
    for row in rows:
        if len(row) != columns:
            raise ValueError(f"expected {columns} cells, got {len(row)}: {row!r}")
    cells = [[truncate(cell, max_width) for cell in row] for row in [headers, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(columns)]
    aligns = list(align) if align is not None else ["<"] * columns
    lines = []
    for index, row in enumerate(cells):
        line = "  ".join(f"{cell:{aligns[i]}{widths[i]}}" for i, cell in enumerate(row))
        lines.append(line.rstrip())
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines) + "\n"


def trial_balance(ledger: Ledger, as_of: Optional[date] = None) -> List[Tuple[str, Money]]:
    """Every account's balance, in account-name order, leaving out zero balances."""
    rows = []
    for account in ledger.accounts:
        balance = ledger.balance(account.name, as_of)
        if not balance.is_zero():
            rows.append((account.name, balance))
    return rows


def render_trial_balance(ledger: Ledger, as_of: Optional[date] = None) -> str:
    """The trial balance as a two-column table with right-aligned amounts."""
    rows = [(name, format_money(balance)) for name, balance in trial_balance(ledger, as_of)]
    return render_table(["Account", "Balance"], rows, align=["<", ">"])
