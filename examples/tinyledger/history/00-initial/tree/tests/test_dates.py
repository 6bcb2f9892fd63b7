from datetime import date

from tinyledger.dates import add_months, iter_months, month_end, month_start, quarter, quarter_bounds


def test_month_start_and_end():
    assert month_start(date(2024, 2, 17)) == date(2024, 2, 1)
    assert month_end(date(2024, 2, 17)) == date(2024, 2, 29)
    assert month_end(date(2023, 2, 1)) == date(2023, 2, 28)


def test_add_months_within_year():
    assert add_months(date(2024, 1, 15), 1) == date(2024, 2, 15)


def test_add_months_across_years():
    assert add_months(date(2024, 11, 10), 3) == date(2025, 2, 10)
    assert add_months(date(2024, 3, 10), -3) == date(2023, 12, 10)


def test_add_zero_months():
    assert add_months(date(2024, 7, 4), 0) == date(2024, 7, 4)


def test_quarter():
    assert [quarter(date(2024, m, 1)) for m in (1, 3, 4, 8, 12)] == [1, 1, 2, 3, 4]


def test_quarter_bounds():
    assert quarter_bounds(date(2024, 5, 20)) == (date(2024, 4, 1), date(2024, 6, 30))
    assert quarter_bounds(date(2023, 2, 1)) == (date(2023, 1, 1), date(2023, 3, 31))


def test_iter_months_is_inclusive():
    months = list(iter_months(date(2024, 11, 15), date(2025, 2, 1)))
    assert months == [date(2024, 11, 1), date(2024, 12, 1), date(2025, 1, 1), date(2025, 2, 1)]


def test_iter_months_empty_when_end_is_before_start():
    assert list(iter_months(date(2024, 5, 1), date(2024, 4, 30))) == []
