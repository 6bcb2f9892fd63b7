from datetime import date
from decimal import Decimal

import pytest

from tinyledger import Money, ParseError, parse_amount, parse_date, parse_money


def test_parse_amount_plain():
    assert parse_amount("12.50") == Decimal("12.50")


def test_parse_amount_with_thousands_separators():
    assert parse_amount(" 1,234.56 ") == Decimal("1234.56")


@pytest.mark.parametrize(
    "text, expected",
    [("-3", Decimal("-3")), ("+3", Decimal("3")), ("(12.00)", Decimal("-12.00"))],
    ids=["minus", "plus", "parentheses"],
)
def test_parse_amount_signs(text, expected):
    assert parse_amount(text) == expected


def test_parse_amount_empty_raises():
    with pytest.raises(ParseError):
        parse_amount("   ")


def test_parse_amount_rejects_infinity():
    with pytest.raises(ParseError):
        parse_amount("Infinity")


def test_parse_money_symbol():
    assert parse_money("$1,200.00") == Money.of("1200", "USD")
    assert parse_money("-$5") == Money.of("-5", "USD")


def test_parse_money_code_prefix_and_suffix():
    assert parse_money("EUR 12.5") == Money.of("12.50", "EUR")
    assert parse_money("12.5 EUR") == Money.of("12.50", "EUR")


def test_parse_money_default_currency():
    assert parse_money("7", default_currency="GBP") == Money.of("7", "GBP")


def test_parse_money_without_currency_raises():
    with pytest.raises(ParseError):
        parse_money("7")


def test_parse_money_unknown_currency_raises():
    with pytest.raises(ParseError):
        parse_money("12 XYZ")


@pytest.mark.parametrize(
    "text",
    ["2024-03-01", "01/03/2024", "1 Mar 2024", "20240301"],
    ids=["iso", "day-month-year", "month-name", "compact"],
)
def test_parse_date_formats(text):
    assert parse_date(text) == date(2024, 3, 1)


def test_parse_date_rejects_garbage():
    with pytest.raises(ParseError):
        parse_date("the first of March")
