"""Month and quarter arithmetic for statement periods."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Iterator, Tuple


def month_start(d: date) -> date:
    """The first day of ``d``'s month."""
    return d.replace(day=1)


def month_end(d: date) -> date:
    """The last day of ``d``'s month."""
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def add_months(d: date, months: int) -> date:
    """Shifts ``d`` by whole months, clamping the day to the target month's length.

    ``add_months(date(2024, 1, 31), 1)`` is ``date(2024, 2, 29)``.
    """
    index = d.year * 12 + (d.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last_day = calendar.monthrange(d.year, d.month)[1]
    return date(year, month, min(d.day, last_day))


def quarter(d: date) -> int:
    """The calendar quarter (1-4) that ``d`` falls in."""
    return (d.month - 1) // 3 + 1


def quarter_bounds(d: date) -> Tuple[date, date]:
    """First and last day of ``d``'s quarter."""
    first_month = 3 * (quarter(d) - 1) + 1
    start = date(d.year, first_month, 1)
    return start, month_end(add_months(start, 2))


def iter_months(start: date, end: date) -> Iterator[date]:
    """The first day of every month from ``start``'s month through ``end``'s month."""
    current = month_start(start)
    last = month_start(end)
    while current <= last:
        yield current
        current = add_months(current, 1)
