from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from core.errors import ApplicationError
from ledger.models import JournalEntry, LedgerAccount, Posting
from ledger.selectors import balance_get
from ledger.services import Leg, entry_post, entry_reverse
from tests.ledger.helpers import fund, support
from tests.ledger.test_entry_post import customer_of, deposit, owner

pytestmark = pytest.mark.django_db


def verify():
    out, err = StringIO(), StringIO()
    call_command("verify_ledger", stdout=out, stderr=err)
    return out.getvalue()


def test_reversal_posts_negated_legs_once(saraf):
    support(saraf, "USD")
    customer = customer_of(saraf)
    entry = deposit(saraf, customer, "40")
    reversal = entry_reverse(
        saraf_id=saraf.pk, entry_id=entry.pk, performed_by=owner(saraf)
    )
    assert reversal.reverses_id == entry.pk
    assert reversal.kind == "reversal"
    assert reversal.balance_after("cash", "USD") == 0
    assert reversal.balance_after("customer", "USD", customer.pk) == 0
    with pytest.raises(ApplicationError) as caught:
        entry_reverse(saraf_id=saraf.pk, entry_id=entry.pk, performed_by=None)
    assert (caught.value.code, caught.value.status) == ("already_reversed", 409)
    with pytest.raises(ApplicationError) as caught:
        entry_reverse(saraf_id=saraf.pk, entry_id=reversal.pk, performed_by=None)
    assert caught.value.code == "reversal_not_reversible"
    assert JournalEntry.objects.count() == 2
    assert "ledger OK: 2 accounts, 2 entries" in verify()


def test_reversal_respects_floors_and_tenancy(saraf, other_saraf):
    support(saraf, "USD")
    customer = customer_of(saraf)
    entry = deposit(saraf, customer, "40")
    withdraw_all = deposit(saraf, customer, "10")
    fund(saraf, "USD", "1")
    entry_post(
        saraf_id=saraf.pk,
        kind="customer_withdraw",
        legs=[
            Leg("cash", "USD", Decimal("-50")),
            Leg("customer", "USD", Decimal("-50"), customer_account_id=customer.pk),
        ],
        performed_by=None,
    )
    with pytest.raises(ApplicationError) as caught:
        entry_reverse(saraf_id=saraf.pk, entry_id=entry.pk, performed_by=None)
    assert caught.value.code == "insufficient_funds"
    with pytest.raises(ApplicationError) as caught:
        entry_reverse(
            saraf_id=other_saraf.pk, entry_id=withdraw_all.pk, performed_by=None
        )
    assert caught.value.status == 404
    assert not JournalEntry.objects.filter(kind="reversal").exists()


def test_verify_ledger_ok_on_an_empty_ledger():
    assert verify().strip() == "ledger OK: 0 accounts, 0 entries"


def test_verify_ledger_names_a_corrupted_balance(saraf):
    support(saraf, "USD")
    fund(saraf, "USD", "100")
    cash = LedgerAccount.objects.get(kind="cash")
    LedgerAccount.objects.filter(pk=cash.pk).update(balance=Decimal("90"))
    err = StringIO()
    with pytest.raises(CommandError, match="ledger BROKEN"):
        call_command("verify_ledger", stdout=StringIO(), stderr=err)
    assert f"account {cash.pk}" in err.getvalue()
    assert "cached balance 90" in err.getvalue()


@pytest.mark.skipif(
    "connection.vendor == 'postgresql'",
    reason="PostgreSQL refuses these rows itself (see test_postgres_guards)",
)
def test_verify_ledger_names_an_unbalanced_entry_and_a_broken_chain(saraf):
    support(saraf, "USD")
    entry = fund(saraf, "USD", "100")
    cash = LedgerAccount.objects.get(kind="cash")
    Posting.objects.create(
        entry=entry,
        saraf=saraf,
        account=cash,
        currency_id="USD",
        amount=Decimal("5"),
        balance_before=Decimal("0"),
        balance_after=Decimal("5"),
    )
    LedgerAccount.objects.filter(pk=cash.pk).update(balance=Decimal("105"))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("verify_ledger", stdout=StringIO(), stderr=err)
    report = err.getvalue()
    assert f"entry {entry.pk}: does not balance in USD, off by 5" in report
    assert f"account {cash.pk}: posting" in report
    assert "starts at 0" in report


@pytest.mark.postgres
def test_postgres_refuses_an_unbalanced_entry(saraf):
    support(saraf, "USD")
    entry = fund(saraf, "USD", "100")
    cash = LedgerAccount.objects.get(kind="cash")
    with (
        pytest.raises(IntegrityError, match="does not balance"),
        transaction.atomic(),
    ):
        Posting.objects.create(
            entry=entry,
            saraf=saraf,
            account=cash,
            currency_id="USD",
            amount=Decimal("5"),
            balance_before=Decimal("100"),
            balance_after=Decimal("105"),
        )
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.mark.postgres
def test_postgres_refuses_changing_a_posting(saraf):
    support(saraf, "USD")
    entry = fund(saraf, "USD", "100")
    with (
        pytest.raises(Exception, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE ledger_posting SET amount = 1 WHERE entry_id = %s", [entry.pk]
        )


def test_database_refuses_negative_cash(saraf):
    support(saraf, "USD")
    fund(saraf, "USD", "1")
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerAccount.objects.filter(kind="cash").update(balance=Decimal("-1"))
    assert balance_get(saraf_id=saraf.pk, kind="cash", currency="USD") == 1


def test_exact_decimal_chains_hold_on_every_database(saraf):
    support(saraf, "USD")
    fund(saraf, "USD", "9999.99")
    entry = entry_post(
        saraf_id=saraf.pk,
        kind="capital_withdrawal",
        legs=[
            Leg("cash", "USD", Decimal("-1312.81")),
            Leg("capital", "USD", Decimal("-1312.81")),
        ],
        performed_by=None,
    )
    assert entry.balance_after("cash", "USD") == Decimal("8687.18")
    assert balance_get(saraf_id=saraf.pk, kind="cash", currency="USD") == Decimal(
        "8687.18"
    )
    assert verify().startswith("ledger OK")


@pytest.mark.postgres
def test_postgres_refuses_a_posting_whose_after_is_not_before_plus_amount(saraf):
    support(saraf, "USD")
    entry = fund(saraf, "USD", "100")
    cash = LedgerAccount.objects.get(kind="cash")
    with (
        pytest.raises(IntegrityError, match="posting_after_is_before_plus_amount"),
        transaction.atomic(),
    ):
        Posting.objects.create(
            entry=entry,
            saraf=saraf,
            account=cash,
            currency_id="USD",
            amount=Decimal("5"),
            balance_before=Decimal("100"),
            balance_after=Decimal("106"),
        )
