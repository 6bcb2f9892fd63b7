from datetime import date

import pytest

from tinyledger import (
    CurrencyMismatch,
    Ledger,
    Money,
    UnbalancedTransaction,
    UnknownAccount,
)


def usd(amount):
    return Money.of(amount, "USD")


@pytest.fixture
def book():
    ledger = Ledger()
    ledger.open("assets:checking", "USD")
    ledger.open("expenses:food", "USD", kind="expense")
    ledger.open("income:salary", "USD", kind="income")
    ledger.post(
        date(2024, 1, 1), "Salary", ("assets:checking", usd("1000")), ("income:salary", usd("-1000"))
    )
    ledger.post(
        date(2024, 1, 5), "Groceries", ("expenses:food", usd("45.20")), ("assets:checking", usd("-45.20"))
    )
    ledger.post(
        date(2024, 1, 9), "Coffee beans", ("expenses:food", usd("12.00")), ("assets:checking", usd("-12.00"))
    )
    return ledger


def test_open_rejects_duplicates(book):
    with pytest.raises(ValueError):
        book.open("assets:checking", "USD")


def test_open_rejects_unknown_kind():
    with pytest.raises(ValueError):
        Ledger().open("misc", "USD", kind="vibes")


def test_normal_sign_follows_kind(book):
    assert book.account("assets:checking").normal_sign == 1
    assert book.account("income:salary").normal_sign == -1


def test_unknown_account_raises(book):
    with pytest.raises(UnknownAccount):
        book.balance("assets:savings")


def test_post_requires_balance(book):
    with pytest.raises(UnbalancedTransaction):
        book.post(date(2024, 1, 2), "Oops", ("assets:checking", usd("1")), ("income:salary", usd("-2")))


def test_post_requires_two_postings(book):
    with pytest.raises(UnbalancedTransaction):
        book.post(date(2024, 1, 2), "Alone", ("assets:checking", usd("0")))


def test_post_rejects_currency_mismatch(book):
    eur = Money.of("5", "EUR")
    with pytest.raises(CurrencyMismatch):
        book.post(date(2024, 1, 2), "Euros", ("assets:checking", eur), ("income:salary", -eur))


def test_balance_sums_postings(book):
    assert book.balance("assets:checking") == usd("942.80")
    assert book.balance("expenses:food") == usd("57.20")


def test_balance_as_of_between_dates(book):
    assert book.balance("assets:checking", as_of=date(2024, 1, 7)) == usd("954.80")


def test_balance_before_first_transaction_is_zero(book):
    assert book.balance("assets:checking", as_of=date(2023, 12, 31)).is_zero()


def test_transactions_filter_by_account_and_range(book):
    food = book.transactions(account="expenses:food")
    assert [t.memo for t in food] == ["Groceries", "Coffee beans"]
    window = book.transactions(start=date(2024, 1, 2), end=date(2024, 1, 9))
    assert [t.memo for t in window] == ["Groceries", "Coffee beans"]


def test_transactions_are_kept_in_date_order(book):
    book.post(date(2024, 1, 3), "Lunch", ("expenses:food", usd("9")), ("assets:checking", usd("-9")))
    assert [t.date.day for t in book.transactions()] == [1, 3, 5, 9]


def test_find_ignores_case(book):
    assert [t.memo for t in book.find("COFFEE")] == ["Coffee beans"]
    assert book.find("rent") == []
