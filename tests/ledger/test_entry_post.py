from decimal import Decimal

import pytest

from core.auth import Identity
from core.errors import ApplicationError
from ledger.models import AppendOnlyError, JournalEntry, LedgerAccount, Posting
from ledger.selectors import balance_get, balances_list
from ledger.services import (
    Leg,
    UnbalancedEntryError,
    account_set_credit_limit,
    entry_post,
)
from saraf_create_accounts.models import CustomerAccount
from tests.ledger.helpers import fund, support

pytestmark = pytest.mark.django_db


def owner(saraf):
    return Identity(kind="saraf", session_id="s", saraf=saraf)


def customer_of(saraf, n=1):
    return CustomerAccount.objects.create(
        saraf=saraf,
        sequence=n,
        account_number=f"C{saraf.pk}-{n}",
        full_name=f"Customer {n}",
        phone=f"+9379000000{n}",
        account_type="customer",
    )


def deposit(saraf, customer, amount, code="USD", performed_by=None):
    amount = Decimal(amount)
    return entry_post(
        saraf_id=saraf.pk,
        kind="customer_deposit",
        legs=[
            Leg("cash", code, amount),
            Leg("customer", code, amount, customer_account_id=customer.pk),
        ],
        performed_by=performed_by or owner(saraf),
        amount=amount,
        currency=code,
        customer_account_id=customer.pk,
    )


def test_entry_post_moves_balances_and_records_before_after(saraf):
    support(saraf, "USD")
    customer = customer_of(saraf)
    fund(saraf, "USD", "100.00")
    entry = deposit(saraf, customer, "25.50")

    assert entry.balance_after("cash", "USD") == Decimal("125.50")
    assert entry.balance_after("customer", "USD", customer.pk) == Decimal("25.50")
    cash = entry.posting_for("cash")
    assert (cash.balance_before, cash.amount) == (Decimal("100.00"), Decimal("25.50"))
    assert entry.performed_by_type == "owner"
    reloaded = JournalEntry.objects.get(pk=entry.pk)
    assert reloaded.balance_after("customer", "USD", customer.pk) == Decimal("25.5")
    assert balance_get(saraf_id=saraf.pk, kind="cash", currency="usd") == Decimal(
        "125.50"
    )
    assert balances_list(
        saraf_id=saraf.pk, kind="customer", customer_account_id=customer.pk
    ) == [{"currency": "USD", "balance": Decimal("25.50")}]


def test_balance_get_is_zero_without_an_account(saraf):
    result = balance_get(saraf_id=saraf.pk, kind="cash", currency="JPY")
    assert result == 0
    assert str(result) == "0"


def test_entry_post_refuses_cash_below_zero_and_changes_nothing(saraf):
    support(saraf, "USD")
    fund(saraf, "USD", "10.00")
    entries_before = JournalEntry.objects.count()
    with pytest.raises(ApplicationError) as caught:
        entry_post(
            saraf_id=saraf.pk,
            kind="capital_withdrawal",
            legs=[
                Leg("cash", "USD", Decimal("-10.01")),
                Leg("capital", "USD", Decimal("-10.01")),
            ],
            performed_by=None,
        )
    assert caught.value.code == "insufficient_funds"
    assert "USD" in caught.value.message
    assert JournalEntry.objects.count() == entries_before
    assert balance_get(saraf_id=saraf.pk, kind="cash", currency="USD") == Decimal("10")


def test_customer_may_go_down_to_its_credit_limit(saraf):
    support(saraf, "USD")
    customer = customer_of(saraf)
    fund(saraf, "USD", "500")
    give = [
        Leg("cash", "USD", Decimal("-50")),
        Leg("customer", "USD", Decimal("-50"), customer_account_id=customer.pk),
    ]
    with pytest.raises(ApplicationError) as caught:
        entry_post(
            saraf_id=saraf.pk, kind="customer_withdraw", legs=give, performed_by=None
        )
    assert caught.value.code == "insufficient_funds"

    account_set_credit_limit(
        saraf_id=saraf.pk,
        customer_account_id=customer.pk,
        currency="usd",
        limit=Decimal("50"),
        performed_by=owner(saraf),
    )
    entry = entry_post(
        saraf_id=saraf.pk, kind="customer_withdraw", legs=give, performed_by=None
    )
    assert entry.balance_after("customer", "USD", customer.pk) == Decimal("-50")
    with pytest.raises(ApplicationError) as caught:
        account_set_credit_limit(
            saraf_id=saraf.pk,
            customer_account_id=customer.pk,
            currency="USD",
            limit=Decimal("49"),
            performed_by=owner(saraf),
        )
    assert caught.value.code == "credit_limit_below_debt"
    assert caught.value.status == 409


@pytest.mark.parametrize(
    "legs",
    [
        [],
        [Leg("cash", "USD", Decimal("5"))],
        [Leg("cash", "USD", Decimal("5")), Leg("capital", "USD", Decimal("4"))],
        [Leg("cash", "USD", Decimal("0")), Leg("capital", "USD", Decimal("0"))],
        [Leg("cash", "USD", Decimal("5")), Leg("capital", "EUR", Decimal("5"))],
        [Leg("customer", "USD", Decimal("5")), Leg("cash", "USD", Decimal("5"))],
        [Leg("vault", "USD", Decimal("5")), Leg("cash", "USD", Decimal("5"))],
        [Leg("cash", "USD", 5.0), Leg("capital", "USD", 5.0)],
    ],
)
def test_entry_post_refuses_unbalanced_or_malformed_legs(saraf, legs):
    support(saraf, "USD", "EUR")
    with pytest.raises(UnbalancedEntryError):
        entry_post(saraf_id=saraf.pk, kind="x", legs=legs, performed_by=None)
    assert not Posting.objects.exists()


def test_entry_post_refuses_amounts_finer_than_the_currency(saraf):
    support(saraf, "JPY")
    with pytest.raises(UnbalancedEntryError):
        entry_post(
            saraf_id=saraf.pk,
            kind="capital_deposit",
            legs=[
                Leg("cash", "JPY", Decimal("1.5")),
                Leg("capital", "JPY", Decimal("1.5")),
            ],
            performed_by=None,
        )


def test_entry_post_refuses_an_unsupported_currency(saraf):
    with pytest.raises(ApplicationError) as caught:
        entry_post(
            saraf_id=saraf.pk,
            kind="capital_deposit",
            legs=[
                Leg("cash", "EUR", Decimal("1")),
                Leg("capital", "EUR", Decimal("1")),
            ],
            performed_by=None,
        )
    assert caught.value.code == "currency_not_supported"
    assert not LedgerAccount.objects.exists()


def test_entry_post_refuses_another_sarafs_customer_or_performer(saraf, other_saraf):
    support(saraf, "USD")
    foreign = customer_of(other_saraf)
    with pytest.raises(ValueError):
        deposit(saraf, foreign, "5")
    with pytest.raises(ValueError):
        deposit(saraf, customer_of(saraf), "5", performed_by=owner(other_saraf))
    assert not JournalEntry.objects.exists()


def test_postings_and_entries_are_append_only(saraf):
    support(saraf, "USD")
    entry = fund(saraf, "USD", "5")
    posting = entry.postings.first()
    posting.amount = Decimal("6")
    with pytest.raises(AppendOnlyError):
        posting.save()
    with pytest.raises(AppendOnlyError):
        posting.delete()
    with pytest.raises(AppendOnlyError):
        Posting.objects.filter(pk=posting.pk).update(amount=1)
    with pytest.raises(AppendOnlyError):
        JournalEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyError):
        entry.save()


def test_two_legs_on_one_account_chain_their_balances(saraf):
    support(saraf, "USD")
    fund(saraf, "USD", "10")
    entry = entry_post(
        saraf_id=saraf.pk,
        kind="adjust",
        legs=[
            Leg("cash", "USD", Decimal("5")),
            Leg("cash", "USD", Decimal("-3")),
            Leg("capital", "USD", Decimal("2")),
        ],
        performed_by=None,
    )
    cash = [p for p in entry.postings.order_by("pk") if p.account.kind == "cash"]
    assert [(p.balance_before, p.balance_after) for p in cash] == [
        (Decimal("10"), Decimal("15")),
        (Decimal("15"), Decimal("12")),
    ]


def test_a_balance_beyond_the_column_is_refused_not_a_database_error(saraf):
    fund(saraf, "USD", "9000000000000000")
    with pytest.raises(ApplicationError) as caught:
        fund(saraf, "USD", "1000000000000000")
    assert caught.value.code == "invalid_amount"
    assert balance_get(saraf_id=saraf.pk, kind="cash", currency="USD") == Decimal(
        "9000000000000000"
    )
