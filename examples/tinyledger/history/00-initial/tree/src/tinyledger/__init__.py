"""tinyledger: a tiny double-entry ledger with exact money arithmetic."""

from .fx import MissingRate, RateTable
from .ledger import Account, Ledger, Posting, Transaction, UnbalancedTransaction, UnknownAccount
from .money import CurrencyMismatch, Money
from .parsing import ParseError, parse_amount, parse_date, parse_money

__version__ = "0.1.0"

__all__ = [
    "Account",
    "CurrencyMismatch",
    "Ledger",
    "MissingRate",
    "Money",
    "ParseError",
    "Posting",
    "RateTable",
    "Transaction",
    "UnbalancedTransaction",
    "UnknownAccount",
    "parse_amount",
    "parse_date",
    "parse_money",
]
