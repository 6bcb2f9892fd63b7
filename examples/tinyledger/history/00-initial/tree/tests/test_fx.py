from decimal import Decimal

import pytest

from tinyledger import MissingRate, Money, RateTable


@pytest.fixture
def table():
    rates = RateTable()
    rates.set("EUR", "USD", "1.10")
    rates.set("USD", "JPY", "150")
    return rates


def test_rate_of_a_currency_against_itself_is_one(table):
    assert table.rate("GBP", "GBP") == Decimal(1)


def test_direct_rate(table):
    assert table.rate("EUR", "USD") == Decimal("1.10")


def test_inverse_rate(table):
    assert table.rate("USD", "EUR") == Decimal(1) / Decimal("1.10")


def test_missing_rate_raises(table):
    with pytest.raises(MissingRate):
        table.rate("EUR", "GBP")


def test_set_rejects_non_positive_rates(table):
    with pytest.raises(ValueError):
        table.set("EUR", "GBP", "0")
    with pytest.raises(ValueError):
        table.set("EUR", "GBP", "-0.8")


def test_convert_direct(table):
    assert table.convert(Money.of("10.00", "EUR"), "USD") == Money.of("11.00", "USD")


def test_convert_same_currency_is_identity(table):
    amount = Money.of("3.21", "EUR")
    assert table.convert(amount, "EUR") is amount


def test_convert_rounds_to_target_precision(table):
    assert table.convert(Money.of("1.23", "USD"), "JPY") == Money.of("184", "JPY")
