"""Accounts, balanced transactions and a ledger that answers balance queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Dict, List, Optional, Tuple

from .money import CurrencyMismatch, Money

ACCOUNT_KINDS = ("asset", "liability", "equity", "income", "expense")


class UnbalancedTransaction(ValueError):
    """Raised when a transaction's postings do not sum to zero in every currency."""


class UnknownAccount(KeyError):
    """Raised when a posting or query names an account that was never opened."""


@dataclass(frozen=True)
class Account:
    """A named account holding a single currency."""

    name: str
    currency: str
    kind: str = "asset"

    def __post_init__(self) -> None:
        if self.kind not in ACCOUNT_KINDS:
            raise ValueError(f"unknown account kind: {self.kind!r}")
        if not self.name or self.name != self.name.strip():
            raise ValueError("account names must be non-empty and trimmed")

    @property
    def normal_sign(self) -> int:
        """+1 for debit-normal accounts (assets, expenses), -1 for credit-normal ones."""
        return 1 if self.kind in ("asset", "expense") else -1


@dataclass(frozen=True)
class Posting:
    """One leg of a transaction: an amount moved into (positive) or out of an account."""

    account: str
    amount: Money


@dataclass(frozen=True)
class Transaction:
    """A dated set of postings that balance to zero."""

    date: date
    postings: Tuple[Posting, ...]
    memo: Optional[str] = None

    def totals(self) -> Dict[str, Money]:
        """Sum of the postings per currency."""
        totals: Dict[str, Money] = {}
        for posting in self.postings:
            currency = posting.amount.currency
            totals[currency] = totals.get(currency, Money.zero(currency)) + posting.amount
        return totals

    def is_balanced(self) -> bool:
        return all(total.is_zero() for total in self.totals().values())


class Ledger:
    """An in-memory book of accounts and transactions, kept in date order."""

    def __init__(self) -> None:
        self._accounts: Dict[str, Account] = {}
        self._transactions: List[Transaction] = []

    def open(self, name: str, currency: str, kind: str = "asset") -> Account:
        """Opens a new account; names are unique."""
        if name in self._accounts:
            raise ValueError(f"account already open: {name}")
        account = Account(name, currency, kind)
        self._accounts[name] = account
        return account

    def account(self, name: str) -> Account:
        try:
            return self._accounts[name]
        except KeyError:
            raise UnknownAccount(name) from None

    @property
    def accounts(self) -> List[Account]:
        """Open accounts in name order."""
        return [self._accounts[name] for name in sorted(self._accounts)]

    def post(self, when: date, memo: Optional[str], *postings: Tuple[str, Money]) -> Transaction:
        """Records a transaction.

        Every account must be open and hold the posting's currency, and the
        postings must balance. Same-day transactions keep their posting order.
        """
        if len(postings) < 2:
            raise UnbalancedTransaction("a transaction needs at least two postings")
        legs = []
        for name, amount in postings:
            account = self.account(name)
            if amount.currency != account.currency:
                raise CurrencyMismatch(account.currency, amount.currency)
            legs.append(Posting(name, amount))
        txn = Transaction(when, tuple(legs), memo)
        if not txn.is_balanced():
            raise UnbalancedTransaction(f"postings do not balance: {txn.totals()}")
        self._transactions.append(txn)
        self._transactions.sort(key=lambda t: t.date)
        return txn

    def transactions(
        self,
        account: Optional[str] = None,
        start: Optional[date] = None,
        end: Optional[date] = None,
    ) -> List[Transaction]:
        """Transactions in date order, optionally for one account and within [start, end]."""
        result = []
        for txn in self._transactions:
            if start is not None and txn.date < start:
                continue
            if end is not None and txn.date > end:
                continue
            if account is not None and not any(p.account == account for p in txn.postings):
                continue
            result.append(txn)
        return result

    def balance(self, name: str, as_of: Optional[date] = None) -> Money:
        """Sum of the postings to ``name`` up to and including the day ``as_of``."""
        account = self.account(name)
        total = Money.zero(account.currency)
        for txn in self._transactions:
            if as_of is not None and txn.date >= as_of:
                break
            for posting in txn.postings:
                if posting.account == name:
                    total = total + posting.amount
        return total

    def find(self, text: str) -> List[Transaction]:
        """Transactions whose memo contains ``text``, ignoring case."""
        needle = text.lower()
        return [txn for txn in self._transactions if needle in txn.memo.lower()]
