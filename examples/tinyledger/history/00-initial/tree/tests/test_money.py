from decimal import Decimal

import pytest

from tinyledger import CurrencyMismatch, Money


def usd(amount):
    return Money.of(amount, "USD")


def test_of_rounds_half_even():
    assert usd("0.125").minor == 12
    assert usd("0.135").minor == 14


def test_of_respects_currency_precision():
    assert Money.of("1200", "JPY").minor == 1200
    assert Money.of("1.2345", "KWD").minor == 1234


def test_unknown_currency_is_rejected():
    with pytest.raises(ValueError):
        Money.of("1", "XXX")


def test_minor_units_must_be_int():
    with pytest.raises(TypeError):
        Money(1.5, "USD")


def test_amount_round_trip():
    assert Money.of("12.30", "EUR").amount == Decimal("12.30")


def test_add_and_subtract():
    assert usd("1.25") + usd("2.50") == usd("3.75")
    assert usd("1.25") - usd("2.50") == usd("-1.25")


def test_sum_starts_from_zero():
    assert sum([usd("1"), usd("2"), usd("3")]) == usd("6")


def test_mixing_currencies_raises():
    with pytest.raises(CurrencyMismatch):
        usd("1") + Money.of("1", "EUR")


def test_negation_and_abs():
    assert -usd("3") == usd("-3")
    assert abs(usd("-3")) == usd("3")


def test_multiply_rounds_to_cents():
    assert usd("10.00") * Decimal("0.333") == usd("3.33")
    assert 3 * usd("0.10") == usd("0.30")


def test_comparisons():
    assert usd("1") < usd("2") <= usd("2")
    assert usd("5") > usd("-5")
    with pytest.raises(CurrencyMismatch):
        usd("1") < Money.of("1", "GBP")


def test_allocate_even_split():
    assert usd("100").allocate([1, 1]) == [usd("50"), usd("50")]


def test_allocate_remainder():
    assert usd("1.00").allocate([1, 1, 1]) == [usd("0.34"), usd("0.33"), usd("0.33")]


def test_allocate_by_weight():
    assert usd("10.00").allocate([70, 30]) == [usd("7.00"), usd("3.00")]


def test_split_negative_amount_keeps_total():
    parts = usd("-1.00").split(3)
    assert sum(parts) == usd("-1.00")
    assert parts == [usd("-0.33"), usd("-0.33"), usd("-0.34")]


def test_allocate_rejects_bad_ratios():
    with pytest.raises(ValueError):
        usd("1").allocate([])
    with pytest.raises(ValueError):
        usd("1").allocate([0, 0])
    with pytest.raises(ValueError):
        usd("1").allocate([2, -1])


def test_str():
    assert str(usd("1.5")) == "1.50 USD"
    assert str(Money.of("5", "JPY")) == "5 JPY"
