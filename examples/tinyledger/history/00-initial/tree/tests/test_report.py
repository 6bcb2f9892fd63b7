from datetime import date

import pytest

from tinyledger import Ledger, Money
from tinyledger.report import format_money, render_table, render_trial_balance, trial_balance, truncate


def usd(amount):
    return Money.of(amount, "USD")


@pytest.fixture
def book():
    ledger = Ledger()
    ledger.open("assets:checking", "USD")
    ledger.open("assets:savings", "USD")
    ledger.open("expenses:rent", "USD", kind="expense")
    ledger.open("income:salary", "USD", kind="income")
    ledger.post(
        date(2024, 1, 1), "Salary", ("assets:checking", usd("2500")), ("income:salary", usd("-2500"))
    )
    ledger.post(
        date(2024, 1, 3), "Rent", ("expenses:rent", usd("1200")), ("assets:checking", usd("-1200"))
    )
    return ledger


def test_format_money_groups_thousands():
    assert format_money(usd("1234.5")) == "1,234.50 USD"


def test_format_money_negative_in_parentheses():
    assert format_money(usd("-12")) == "(12.00) USD"


def test_format_money_without_grouping():
    assert format_money(usd("1234.5"), thousands=False) == "1234.50 USD"


def test_format_money_yen_has_no_decimals():
    assert format_money(Money.of("1200", "JPY")) == "1,200 JPY"


def test_truncate_leaves_short_text_alone():
    assert truncate("rent", 10) == "rent"
    assert truncate("groceries", 9) == "groceries"


def test_truncate_rejects_non_positive_width():
    with pytest.raises(ValueError):
        truncate("rent", 0)


def test_render_table_aligns_columns():
    table = render_table(["Name", "Qty"], [["apple", "3"], ["kiwi", "12"]], align=["<", ">"])
    assert table == "Name   Qty\n-----  ---\napple    3\nkiwi    12\n"


def test_render_table_rejects_ragged_rows():
    with pytest.raises(ValueError):
        render_table(["a", "b"], [["1"]])


def test_trial_balance_skips_zero_accounts(book):
    assert trial_balance(book) == [
        ("assets:checking", usd("1300")),
        ("expenses:rent", usd("1200")),
        ("income:salary", usd("-2500")),
    ]


def test_render_trial_balance(book):
    assert render_trial_balance(book) == (
        "Account                 Balance\n"
        "---------------  --------------\n"
        "assets:checking    1,300.00 USD\n"
        "expenses:rent      1,200.00 USD\n"
        "income:salary    (2,500.00) USD\n"
    )
