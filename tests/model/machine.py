"""A plain-Python model of the books, and a state machine that checks the real ones.

After TigerBeetle's simulation testing: hypothesis drives random sequences of
money operations through the services of three sarafs (two customer accounts
each, AFN and USD), while `Books` computes, with nothing but dicts and Decimal,
what every ledger balance must be and whether each operation must be refused.
After every step the database must agree with the model to the last minor
unit, every floor must hold, `verify_ledger` must find nothing, and a refused
operation must have written nothing.
"""

import itertools
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, localcontext

from django.db import transaction
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from rest_framework.exceptions import ValidationError

from core.auth import Identity
from core.errors import ApplicationError
from core.models import IdentityKind
from currency.services import saraf_currency_add
from exchange.services import deal_create, rate_create
from hawala.models import HawalaTransaction
from hawala.services import (
    external_counterparty_id,
    hawala_complete,
    hawala_external_receive,
    hawala_receive,
    hawala_send,
    hawala_update_status,
    settlement_record,
)
from ledger.management.commands.verify_ledger import (
    account_problems,
    chain_problems,
    entry_problems,
)
from ledger.models import ENTRY_KINDS, JournalEntry, LedgerAccount
from ledger.services import entry_reverse
from saraf_create_accounts.services import (
    customer_account_create,
    customer_account_deactivate,
    customer_credit_limit_set,
    deposit_to_account,
    give_money,
    take_money,
    withdraw_from_account,
)
from tests.factories import SarafFactory
from transaction.services import transaction_create

CURRENCIES = ("AFN", "USD")
SARAFS = 3
ACCOUNTS_PER_SARAF = 2
# USD→AFN, customer rates, set for the first two sarafs only (the third has none).
BUY, SELL = Decimal("70.25"), Decimal("71.50")
CENT = Decimal("0.01")
OPENING_CASH = Decimal("10000")

amounts = st.one_of(
    st.sampled_from(
        [Decimal(v) for v in ("0.01", "1", "10", "99.99", "250", "1000", "5000")]
    ),
    st.integers(min_value=1, max_value=500_000).map(lambda cents: Decimal(cents) / 100),
)
sarafs = st.integers(min_value=0, max_value=SARAFS - 1)
accounts = st.integers(min_value=0, max_value=SARAFS * ACCOUNTS_PER_SARAF - 1)
currencies = st.sampled_from(CURRENCIES)
picks = st.integers(min_value=0, max_value=10**6)

Cash, Customer, Capital = "cash", "customer", "capital"
Position, Fee, Exchange = "position", "fee_income", "exchange"


def key(saraf, kind, code, account=None, counterparty=None):
    return (saraf, kind, code, account, counterparty)


def refusal_code(exc):
    if isinstance(exc, ApplicationError):
        return exc.code
    codes = exc.get_codes()
    while isinstance(codes, (dict, list)):
        codes = next(iter(codes.values())) if isinstance(codes, dict) else codes[0]
    return codes


@dataclass
class Entry:
    saraf: int
    pk: int
    legs: dict
    reversible: bool
    is_reversal: bool = False
    reversed: bool = False


@dataclass
class Hawala:
    pk: int
    number: str
    sender: int
    destination: int | None
    code: str
    amount: Decimal
    status: str
    send: Entry


class Books:
    """What every balance must be: a dict of ledger keys to Decimal, and the floors."""

    def __init__(self):
        self.balances = defaultdict(Decimal)
        self.limits = defaultdict(Decimal)

    def floor_broken(self, legs):
        for k, change in legs.items():
            saraf, kind, code, account, _ = k
            after = self.balances[k] + change
            if kind == Cash and after < 0:
                return True
            if kind == Customer and after < -self.limits[(saraf, account, code)]:
                return True
        return False

    def apply(self, legs):
        for k, change in legs.items():
            self.balances[k] += change


def convert(amount, *, from_code):
    """The deal's target amount: USD→AFN at the buy rate, AFN→USD at the sell rate."""
    with localcontext() as context:
        context.prec = 60
        exact = amount * BUY if from_code == "USD" else amount / SELL
        return exact.quantize(CENT, rounding=ROUND_HALF_EVEN)


class MoneyMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.savepoint = transaction.savepoint()
        self.books = Books()
        self.entries: list[Entry] = []
        self.hawalas: list[Hawala] = []
        self.numbers = itertools.count(1)
        owners = [SarafFactory() for _ in range(SARAFS)]
        self.sarafs = [owner.pk for owner in owners]
        self.external = external_counterparty_id()
        self.identity = {}
        self.accounts = []
        self.closed = set()
        for index, (owner, saraf_id) in enumerate(
            zip(owners, self.sarafs, strict=True)
        ):
            identity = Identity(
                kind=IdentityKind.SARAF, session_id="model", saraf=owner
            )
            self.identity[saraf_id] = identity
            for code in CURRENCIES:
                saraf_currency_add(saraf_id=saraf_id, code=code)
            for number in range(ACCOUNTS_PER_SARAF):
                account = customer_account_create(
                    saraf_id=saraf_id,
                    full_name=f"Customer {index}-{number}",
                    phone=f"+9370{index}{number}00000",
                    account_type="customer",
                )
                self.accounts.append((saraf_id, account.pk))
            if index < 2:
                rate_create(
                    saraf_id=saraf_id,
                    from_currency="USD",
                    to_currency="AFN",
                    rate_type="customer",
                    buy_rate=BUY,
                    sell_rate=SELL,
                    performed_by=identity,
                )

        for saraf_id in self.sarafs:
            for code in CURRENCIES:
                self.capital_movement_of(saraf_id, code, OPENING_CASH, deposit=True)

    def teardown(self):
        transaction.savepoint_rollback(self.savepoint)

    # -- the one way an operation is attempted -------------------------------

    def attempt(self, saraf, legs, call, *, refusal=None, reversible=False):
        """Call the service; it must succeed iff the model says so.

        `refusal` is the code a business rule makes the model expect; otherwise
        a broken floor expects `insufficient_funds`. On success the model books
        the legs; on refusal nothing may have been written.
        """
        if refusal is None and self.books.floor_broken(legs):
            refusal = "insufficient_funds"
        before = JournalEntry.objects.count()
        if refusal is not None:
            try:
                call()
            except (ApplicationError, ValidationError) as exc:
                assert refusal_code(exc) == refusal, (refusal_code(exc), refusal)
            else:
                raise AssertionError(f"expected {refusal}, the operation succeeded")
            assert JournalEntry.objects.count() == before
            return None
        result = call()
        entry = JournalEntry.objects.filter(saraf_id=saraf).latest("pk")
        assert JournalEntry.objects.count() == before + 1
        self.books.apply(legs)
        recorded = Entry(saraf, entry.pk, dict(legs), reversible)
        self.entries.append(recorded)
        return result, recorded

    # -- capital ------------------------------------------------------------

    @rule(s=sarafs, code=currencies, amount=amounts, deposit=st.booleans())
    def capital_movement(self, s, code, amount, deposit):
        self.capital_movement_of(self.sarafs[s], code, amount, deposit=deposit)

    def capital_movement_of(self, saraf, code, amount, *, deposit):
        change = amount if deposit else -amount
        self.attempt(
            saraf,
            {key(saraf, Cash, code): change, key(saraf, Capital, code): change},
            lambda: transaction_create(
                identity=self.identity[saraf],
                currency=code,
                amount=amount,
                transaction_type="deposit" if deposit else "withdrawal",
            ),
            reversible=True,
        )

    # -- customer accounts --------------------------------------------------

    @rule(
        a=accounts,
        code=currencies,
        amount=amounts,
        operation=st.sampled_from(["deposit", "withdraw", "give", "take"]),
    )
    def customer_movement(self, a, code, amount, operation):
        saraf, account = self.accounts[a]
        cash, customer, capital = {
            "deposit": (1, 1, 0),
            "withdraw": (-1, -1, 0),
            "give": (-1, 1, -2),
            "take": (1, -1, 2),
        }[operation]
        service = {
            "deposit": deposit_to_account,
            "withdraw": withdraw_from_account,
            "give": give_money,
            "take": take_money,
        }[operation]
        legs = {
            key(saraf, Cash, code): cash * amount,
            key(saraf, Customer, code, account): customer * amount,
        }
        if capital:
            legs[key(saraf, Capital, code)] = capital * amount
        self.attempt(
            saraf,
            legs,
            refusal=self._inactive(account),
            call=lambda: service(
                saraf_id=saraf,
                account_id=account,
                currency=code,
                amount=amount,
                performed_by=self.identity[saraf],
            ),
            reversible=True,
        )

    @rule(
        a=accounts,
        code=currencies,
        amount=st.sampled_from([Decimal("1.005"), Decimal("0.001")]),
    )
    def too_many_decimals_refused(self, a, code, amount):
        saraf, account = self.accounts[a]
        self.attempt(
            saraf,
            {},
            lambda: deposit_to_account(
                saraf_id=saraf,
                account_id=account,
                currency=code,
                amount=amount,
                performed_by=self.identity[saraf],
            ),
            refusal=self._inactive(account) or "invalid_amount",
        )

    @rule(
        a=accounts,
        code=currencies,
        limit=st.sampled_from([Decimal(v) for v in ("0", "50", "500")]),
    )
    def credit_limit(self, a, code, limit):
        saraf, account = self.accounts[a]
        balance = self.books.balances[key(saraf, Customer, code, account)]
        if account in self.closed:
            self.attempt(
                saraf,
                {},
                lambda: customer_credit_limit_set(
                    saraf_id=saraf,
                    account_id=account,
                    currency=code,
                    limit=limit,
                    performed_by=self.identity[saraf],
                ),
                refusal="account_inactive",
            )
            return
        try:
            customer_credit_limit_set(
                saraf_id=saraf,
                account_id=account,
                currency=code,
                limit=limit,
                performed_by=self.identity[saraf],
            )
        except ApplicationError as exc:
            assert balance < -limit, (exc.code, balance, limit)
            assert exc.code == "credit_limit_below_debt"
        else:
            assert balance >= -limit, (balance, limit)
            self.books.limits[(saraf, account, code)] = limit

    @rule(a=accounts)
    def account_closed(self, a):
        saraf, account = self.accounts[a]
        left = any(
            self.books.balances[key(saraf, Customer, code, account)]
            for code in CURRENCIES
        )
        before = JournalEntry.objects.count()
        try:
            customer_account_deactivate(saraf_id=saraf, account_id=account)
        except ApplicationError as exc:
            assert left and account not in self.closed, exc.code
            assert exc.code == "balance_not_zero"
        else:
            assert not left or account in self.closed
            self.closed.add(account)
        assert JournalEntry.objects.count() == before

    def _inactive(self, account):
        return "account_inactive" if account in self.closed else None

    # -- hawala -------------------------------------------------------------

    @rule(
        s=sarafs,
        to=st.one_of(st.none(), st.integers(min_value=1, max_value=SARAFS - 1)),
        code=currencies,
        amount=amounts,
        fee=st.sampled_from([Decimal("0"), Decimal("0.50"), Decimal("5")]),
    )
    def hawala_sent(self, s, to, code, amount, fee):
        """`to` None: to a saraf outside AMU Pay; else to the saraf `to` places on."""
        saraf = self.sarafs[s]
        destination = None if to is None else self.sarafs[(s + to) % SARAFS]
        counterparty = destination or self.external
        legs = {
            key(saraf, Cash, code): amount + fee,
            key(saraf, Position, code, counterparty=counterparty): -amount,
        }
        if fee:
            legs[key(saraf, Fee, code)] = fee
        number = f"H-{next(self.numbers)}"
        outcome = self.attempt(
            saraf,
            legs,
            lambda: hawala_send(
                identity=self.identity[saraf],
                hawala_number=number,
                amount=amount,
                currency=code,
                fee=fee,
                sender_name="Sender",
                receiver_name="Receiver",
                receiver_phone="+93700000009",
                destination_saraf_id=destination,
                destination_name="" if destination else "Outside Saraf",
            ),
        )
        hawala, entry = outcome
        self.hawalas.append(
            Hawala(
                pk=hawala.pk,
                number=number,
                sender=saraf,
                destination=destination,
                code=code,
                amount=amount,
                status="sent" if destination else "pending",
                send=entry,
            )
        )

    def _internal(self, pick, status):
        """An internal hawala; for an even `pick`, one in `status` when there is one."""
        internal = [h for h in self.hawalas if h.destination is not None]
        ready = [h for h in internal if h.status == status]
        choices = ready if ready and pick % 2 == 0 else internal
        return choices[pick // 2 % len(choices)] if choices else None

    @precondition(lambda self: self.hawalas)
    @rule(pick=picks)
    def hawala_received(self, pick):
        hawala = self._internal(pick, "sent")
        if hawala is None:
            return

        def call():
            return hawala_receive(
                identity=self.identity[hawala.destination], hawala_id=hawala.pk
            )

        if hawala.status != "sent":
            self.attempt(hawala.destination, {}, call, refusal="invalid_transition")
            return
        before = JournalEntry.objects.count()
        call()
        assert JournalEntry.objects.count() == before
        hawala.status = "received"

    @precondition(lambda self: self.hawalas)
    @rule(pick=picks)
    def hawala_paid_out(self, pick):
        hawala = self._internal(pick, "received")
        if hawala is None:
            return
        payer = hawala.destination
        refusal = None if hawala.status == "received" else "invalid_transition"
        outcome = self.attempt(
            payer,
            {
                key(payer, Cash, hawala.code): -hawala.amount,
                key(
                    payer, Position, hawala.code, counterparty=hawala.sender
                ): hawala.amount,
            },
            lambda: hawala_complete(
                identity=self.identity[payer],
                hawala_id=hawala.pk,
                hawala_number=f" {hawala.number.lower()} ",
                receiver_id_number="TZ-1",
            ),
            refusal=refusal,
        )
        if outcome is not None:
            hawala.status = "completed"

    @precondition(lambda self: self.hawalas)
    @rule(pick=picks)
    def hawala_cancelled(self, pick):
        hawala = self.hawalas[pick % len(self.hawalas)]
        cancellable = (
            {"sent", "received"} if hawala.destination else {"pending", "sent"}
        )
        if hawala.status not in cancellable:
            refusal = "invalid_transition"
        elif hawala.send.reversed:
            refusal = "already_reversed"
        else:
            refusal = None
        outcome = self.attempt(
            hawala.sender,
            {k: -v for k, v in hawala.send.legs.items()},
            lambda: hawala_update_status(
                identity=self.identity[hawala.sender],
                hawala_id=hawala.pk,
                status="cancelled",
            ),
            refusal=refusal,
        )
        if outcome is not None:
            hawala.status = "cancelled"
            hawala.send.reversed = True
            outcome[1].is_reversal = True

    @rule(s=sarafs, code=currencies, amount=amounts)
    def hawala_from_outside_paid_out(self, s, code, amount):
        saraf = self.sarafs[s]
        self.attempt(
            saraf,
            {
                key(saraf, Cash, code): -amount,
                key(saraf, Position, code, counterparty=self.external): amount,
            },
            lambda: hawala_external_receive(
                identity=self.identity[saraf],
                hawala_number=f"X-{next(self.numbers)}",
                amount=amount,
                currency=code,
                source_name="Outside Saraf",
                sender_name="Sender",
                receiver_name="Receiver",
                receiver_id_number="TZ-2",
            ),
        )

    @rule(
        s=sarafs,
        other=st.integers(min_value=0, max_value=SARAFS - 1),
        code=currencies,
        amount=amounts,
        we_paid=st.booleans(),
        portion=st.sampled_from([None, Decimal("1"), Decimal("0.5")]),
    )
    def settlement(self, s, other, code, amount, we_paid, portion):
        """`other` 0 is the outside world; else the saraf `other` places on.

        With a `portion`, settle that part of the open position, towards zero.
        """
        saraf = self.sarafs[s]
        counterparty = self.sarafs[(s + other) % SARAFS] if other else self.external
        position = key(saraf, Position, code, counterparty=counterparty)
        open_amount = self.books.balances[position]
        if portion is not None and abs(open_amount) * portion >= CENT:
            amount = (abs(open_amount) * portion).quantize(CENT)
            we_paid = open_amount < 0
        sign = 1 if we_paid else -1
        legs = {key(saraf, Cash, code): -sign * amount, position: sign * amount}
        refusal = None
        if self.books.floor_broken(legs):
            refusal = "insufficient_funds"
        elif (self.books.balances[position] + sign * amount) * sign > 0:
            refusal = "settlement_exceeds_position"
        self.attempt(
            saraf,
            legs,
            lambda: settlement_record(
                identity=self.identity[saraf],
                counterparty_saraf_id=counterparty,
                currency=code,
                amount=amount,
                direction="we_paid" if we_paid else "they_paid",
            ),
            refusal=refusal,
        )

    # -- exchange -----------------------------------------------------------

    @rule(
        s=st.integers(min_value=0, max_value=1),
        a=st.integers(min_value=0, max_value=ACCOUNTS_PER_SARAF),
        from_code=currencies,
        amount=amounts,
    )
    def exchange_deal(self, s, a, from_code, amount):
        """`a` 0 is a walk-in customer paying cash; else that customer account."""
        saraf = self.sarafs[s]
        to_code = "AFN" if from_code == "USD" else "USD"
        target = convert(amount, from_code=from_code)
        account = None
        if a:
            account = [pk for owner, pk in self.accounts if owner == saraf][a - 1]
            legs = {
                key(saraf, Customer, from_code, account): -amount,
                key(saraf, Customer, to_code, account): target,
            }
        else:
            legs = {
                key(saraf, Cash, from_code): amount,
                key(saraf, Cash, to_code): -target,
            }
        legs[key(saraf, Exchange, from_code)] = -amount
        legs[key(saraf, Exchange, to_code)] = target
        outcome = self.attempt(
            saraf,
            legs,
            lambda: deal_create(
                saraf_id=saraf,
                from_currency=from_code,
                to_currency=to_code,
                amount=amount,
                rate_type="customer",
                customer_account_id=account,
                performed_by=self.identity[saraf],
            ),
            refusal="amount_too_small" if target == 0 else self._inactive(account),
            reversible=True,
        )
        if outcome is not None:
            deal = outcome[0]
            assert deal.target_amount == target
            assert deal.rate == (BUY if from_code == "USD" else SELL)

    @rule(s=st.just(SARAFS - 1), amount=amounts)
    def exchange_without_rate_refused(self, s, amount):
        saraf = self.sarafs[s]
        self.attempt(
            saraf,
            {},
            lambda: deal_create(
                saraf_id=saraf,
                from_currency="USD",
                to_currency="AFN",
                amount=amount,
                rate_type="customer",
                performed_by=self.identity[saraf],
            ),
            refusal="no_rate",
        )

    # -- reversals ----------------------------------------------------------

    def _reversible(self):
        # entry_reverse does not ask whether a customer account is still open
        # (see docs/testing.md), so the model leaves closed accounts' entries be.
        return [
            e
            for e in self.entries
            if e.reversible and not {k[3] for k in e.legs} & self.closed
        ]

    @precondition(lambda self: self._reversible())
    @rule(pick=picks)
    def reversal(self, pick):
        candidates = self._reversible()
        entry = candidates[pick % len(candidates)]
        if entry.is_reversal:
            refusal = "reversal_not_reversible"
        elif entry.reversed:
            refusal = "already_reversed"
        else:
            refusal = None
        outcome = self.attempt(
            entry.saraf,
            {k: -v for k, v in entry.legs.items()},
            lambda: entry_reverse(
                saraf_id=entry.saraf,
                entry_id=entry.pk,
                performed_by=self.identity[entry.saraf],
            ),
            refusal=refusal,
            reversible=True,
        )
        if outcome is not None:
            entry.reversed = True
            outcome[1].is_reversal = True

    # -- after every step ---------------------------------------------------

    @invariant()
    def every_balance_is_the_models(self):
        rows = LedgerAccount.objects.filter(saraf_id__in=self.sarafs).values_list(
            "saraf_id",
            "kind",
            "currency_id",
            "customer_account_id",
            "counterparty_id",
            "balance",
            "credit_limit",
        )
        actual = {}
        for saraf, kind, code, account, counterparty, balance, limit in rows:
            k = key(saraf, kind, code, account, counterparty)
            actual[k] = balance
            if kind == Cash:
                assert balance >= 0, (k, balance)
            if kind == Customer:
                assert limit == self.books.limits[(saraf, account, code)], k
                assert balance >= -limit, (k, balance, limit)
        expected = {k: v for k, v in self.books.balances.items() if v}
        for k in set(actual) | set(expected):
            assert actual.get(k, 0) == expected.get(k, 0), (
                k,
                actual.get(k),
                expected.get(k),
            )

    @invariant()
    def the_ledger_verifies(self):
        problems = [*account_problems(), *entry_problems(), *chain_problems()]
        assert problems == []
        posted = set(JournalEntry.objects.values_list("kind", flat=True))
        assert posted <= set(ENTRY_KINDS), "an entry kind the activity filter lacks"

    @invariant()
    def every_hawala_has_the_models_status(self):
        statuses = dict(
            HawalaTransaction.objects.filter(
                pk__in=[h.pk for h in self.hawalas]
            ).values_list("pk", "status")
        )
        assert statuses == {h.pk: h.status for h in self.hawalas}
