from decimal import Decimal

import pytest

from currency.models import SarafCurrency
from ledger.models import JournalEntry, LedgerAccount, Posting
from ledger.services import Leg, entry_post
from tests.ledger.helpers import fund, support
from tests.ledger.test_entry_post import customer_of

pytestmark = pytest.mark.django_db


def test_list_shows_cash_for_every_supported_currency(owner_client, saraf, other_saraf):
    support(saraf, "USD", "AFN", "JPY")
    fund(saraf, "USD", "1250.5")
    fund(other_saraf, "EUR", "9")
    response = owner_client.get("/api/balance/")
    assert response.status_code == 200
    assert response.json() == [
        {"currency": "AFN", "balance": "0.00"},
        {"currency": "JPY", "balance": "0"},
        {"currency": "USD", "balance": "1250.50"},
    ]


def test_detail_shows_one_currency(owner_client, saraf):
    fund(saraf, "USD", "10")
    response = owner_client.get("/api/balance/usd/")
    assert response.status_code == 200
    assert response.json() == {"currency": "USD", "balance": "10.00"}


@pytest.mark.parametrize("code", ["EUR", "XYZ", "US", "toolong"])
def test_detail_of_another_currency_is_currency_not_supported(
    owner_client, saraf, code
):
    support(saraf, "USD")
    response = owner_client.get(f"/api/balance/{code}/")
    assert response.status_code == 400
    assert response.data["error"]["code"] == "currency_not_supported"


def test_balances_need_saraf_staff(normal_user_client, api_client, employee_client):
    assert normal_user_client.get("/api/balance/").status_code == 403
    assert api_client.get("/api/balance/").status_code == 401
    assert employee_client().get("/api/balance/").status_code == 200


def test_delete_removes_a_zero_currency_and_keeps_history(owner_client, saraf):
    entry = fund(saraf, "USD", "10")
    entry_post(
        saraf_id=saraf.pk,
        kind="capital_withdrawal",
        legs=[
            Leg("cash", "USD", Decimal("-10")),
            Leg("capital", "USD", Decimal("-10")),
        ],
        performed_by=None,
    )
    response = owner_client.delete("/api/balance/USD/delete/")
    assert response.status_code == 204
    assert not SarafCurrency.objects.filter(saraf=saraf).exists()
    assert JournalEntry.objects.filter(pk=entry.pk).exists()
    assert Posting.objects.count() == 4
    assert LedgerAccount.objects.filter(saraf=saraf).count() == 2
    again = owner_client.delete("/api/balance/USD/delete/")
    assert again.data["error"]["code"] == "currency_not_supported"


def test_delete_refuses_while_any_account_holds_money(owner_client, saraf):
    support(saraf, "USD")
    customer = customer_of(saraf)
    fund(saraf, "USD", "10")
    entry_post(
        saraf_id=saraf.pk,
        kind="customer_give",
        legs=[
            Leg("cash", "USD", Decimal("-10")),
            Leg("customer", "USD", Decimal("10"), customer_account_id=customer.pk),
            Leg("capital", "USD", Decimal("-20")),
        ],
        performed_by=None,
    )
    response = owner_client.delete("/api/balance/USD/delete/")
    assert response.status_code == 409
    assert response.data["error"]["code"] == "balance_not_zero"
    assert "customer" in response.data["error"]["message"]
    assert SarafCurrency.objects.filter(saraf=saraf, currency="USD").exists()


def test_delete_needs_add_currency(employee_client, saraf):
    support(saraf, "USD")
    assert (
        employee_client("view_history").delete("/api/balance/USD/delete/").status_code
        == 403
    )
    assert (
        employee_client("add_currency").delete("/api/balance/USD/delete/").status_code
        == 204
    )


def test_money_cannot_move_in_a_removed_currency(owner_client, saraf):
    support(saraf, "USD")
    owner_client.delete("/api/balance/USD/delete/")
    response = owner_client.post(
        "/api/transaction/create/",
        {"currency": "USD", "amount": "5", "transaction_type": "deposit"},
        format="json",
    )
    assert response.data["error"]["code"] == "currency_not_supported"
    assert not JournalEntry.objects.exists()


def test_list_query_count_is_fixed(owner_client, saraf, django_assert_num_queries):
    support(saraf, "USD")
    fund(saraf, "USD", "1")
    with django_assert_num_queries(3):
        assert len(owner_client.get("/api/balance/").json()) == 1
    support(saraf, "AFN", "EUR", "JPY", "KWD")
    fund(saraf, "EUR", "2")
    with django_assert_num_queries(3):
        assert len(owner_client.get("/api/balance/").json()) == 5
