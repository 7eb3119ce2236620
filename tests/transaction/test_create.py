import json
from decimal import Decimal

import pytest

from currency.models import Currency
from ledger.models import JournalEntry, LedgerAccount
from ledger.selectors import balance_get
from tests.ledger.helpers import fund, support
from transaction.models import Transaction

pytestmark = pytest.mark.django_db

URL = "/api/transaction/create/"


def post(client, body, **headers):
    return client.post(
        URL, json.dumps(body), content_type="application/json", headers=headers
    )


def body(**overrides):
    return {
        "currency": "USD",
        "amount": "100.00",
        "transaction_type": "deposit",
        "description": "opening cash",
        **overrides,
    }


def cash(saraf, code="USD"):
    return balance_get(saraf_id=saraf.pk, kind="cash", currency=code)


def test_deposit_then_withdrawal_moves_cash_and_capital(owner_client, saraf):
    support(saraf, "USD")
    response = post(owner_client, body(amount="1250.5"))
    assert response.status_code == 201, response.data
    data = response.data
    assert data["currency"] == "USD"
    assert data["amount"] == "1250.50"
    assert data["transaction_type"] == "deposit"
    assert data["description"] == "opening cash"
    assert (data["balance_before"], data["balance_after"]) == ("0.00", "1250.50")
    assert data["performed_by"] == {
        "type": "owner",
        "employee_id": None,
        "name": saraf.name,
    }
    entry = JournalEntry.objects.get(pk=data["entry_id"])
    assert entry.kind == "capital_deposit"
    assert Transaction.objects.get(pk=data["id"]).entry_id == entry.pk

    response = post(owner_client, body(amount=250, transaction_type="withdrawal"))
    assert response.status_code == 201, response.data
    assert (response.data["balance_before"], response.data["balance_after"]) == (
        "1250.50",
        "1000.50",
    )
    assert cash(saraf) == Decimal("1000.50")
    assert balance_get(saraf_id=saraf.pk, kind="capital", currency="USD") == Decimal(
        "1000.50"
    )


def test_zero_decimal_currency_amounts_have_no_decimals(owner_client, saraf):
    support(saraf, "JPY")
    response = post(owner_client, body(currency="jpy", amount="500.00"))
    assert response.status_code == 201, response.data
    assert response.data["amount"] == "500"
    assert response.data["balance_after"] == "500"


def test_withdrawal_beyond_cash_is_refused_and_moves_nothing(owner_client, saraf):
    fund(saraf, "USD", "100")
    entries = JournalEntry.objects.count()
    response = post(owner_client, body(amount="100.01", transaction_type="withdrawal"))
    assert response.status_code == 400
    assert response.data["error"]["code"] == "insufficient_funds"
    assert "USD" in response.data["error"]["message"]
    assert JournalEntry.objects.count() == entries
    assert not Transaction.objects.exists()
    assert cash(saraf) == Decimal("100")


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("0", "USD"),
        ("-50", "USD"),
        ("-0.00", "USD"),
        ("NaN", "USD"),
        ("sNaN", "USD"),
        ("Infinity", "USD"),
        ("1E+30", "USD"),
        ("1" * 45, "USD"),
        ("1,000", "USD"),
        ("", "USD"),
        (None, "USD"),
        (True, "USD"),
        (1.005, "USD"),
        ("0.005", "USD"),
        ("1e3", "USD"),
        ("1.5", "JPY"),
        ("1.0005", "KWD"),
    ],
)
def test_bad_amounts_are_refused_with_invalid_amount(owner_client, saraf, amount, code):
    support(saraf, "USD", "JPY", "KWD")
    response = post(owner_client, body(amount=amount, currency=code))
    assert response.status_code == 400, response.data
    assert response.data["error"]["code"] == "invalid_amount"
    assert "amount" in response.data["error"]["fields"]
    assert not JournalEntry.objects.exists()
    assert not LedgerAccount.objects.exists()


def test_missing_amount_is_a_validation_error(owner_client, saraf):
    support(saraf, "USD")
    payload = body()
    del payload["amount"]
    response = post(owner_client, payload)
    assert response.status_code == 400
    assert "amount" in response.data["error"]["fields"]


@pytest.mark.parametrize("code", ["EUR", "XYZ", "eur"])
def test_currency_the_saraf_does_not_use_is_refused(owner_client, saraf, code):
    support(saraf, "USD")
    response = post(owner_client, body(currency=code))
    assert response.status_code == 400
    assert response.data["error"]["code"] == "currency_not_supported"
    assert "currency" in response.data["error"]["fields"]
    assert not JournalEntry.objects.exists()


def test_an_inactive_currency_is_currency_not_supported(owner_client, saraf):
    support(saraf, "USD")
    Currency.objects.filter(code="USD").update(is_active=False)
    response = post(owner_client, body())
    assert response.data["error"]["code"] == "currency_not_supported"


@pytest.mark.parametrize(
    "payload",
    [
        body(transaction_type="transfer"),
        body(description="x" * 501),
        body(description="a\x00b"),
        body(description=12345),
        body(currency=["USD"]),
    ],
)
def test_malformed_bodies_are_refused(owner_client, saraf, payload):
    support(saraf, "USD")
    response = post(owner_client, payload)
    assert response.status_code == 400
    assert not JournalEntry.objects.exists()


def test_malformed_json_is_a_400(owner_client, saraf):
    response = owner_client.post(URL, "{", content_type="application/json")
    assert response.status_code == 400
    assert response.data["error"]["code"] == "malformed_request"


@pytest.mark.parametrize(
    ("flag", "transaction_type", "allowed"),
    [
        ("deposit_to_account", "deposit", True),
        ("withdraw_from_account", "deposit", False),
        ("withdraw_from_account", "withdrawal", True),
        ("deposit_to_account", "withdrawal", False),
    ],
)
def test_employee_needs_the_flag_for_the_type(
    employee_client, saraf, flag, transaction_type, allowed
):
    fund(saraf, "USD", "500")
    client = employee_client(flag)
    response = post(client, body(transaction_type=transaction_type))
    assert response.status_code == (201 if allowed else 403)
    if allowed:
        assert response.data["performed_by"]["type"] == "employee"
    assert Transaction.objects.count() == (1 if allowed else 0)


def test_normal_users_and_anonymous_are_refused(normal_user_client, api_client):
    assert post(normal_user_client, body()).status_code == 403
    assert post(api_client, body()).status_code == 401


def test_a_body_cannot_set_the_balance(owner_client, saraf):
    support(saraf, "USD")
    response = post(owner_client, body(balance_after="999999", balance_before="5"))
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert set(error["fields"]) == {"balance_after", "balance_before"}
    assert not Transaction.objects.exists()


@pytest.mark.parametrize(
    "bad_body",
    [
        {"currency": "USD", "amount": "abc", "transaction_type": "deposit"},
        {"currency": "USD", "amount": "1"},
        ["not", "an", "object"],
    ],
)
def test_staff_without_either_flag_get_403_before_the_body_is_judged(
    employee_client, saraf, bad_body
):
    support(saraf, "USD")
    client = employee_client("view_history")
    response = post(client, bad_body)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    assert not Transaction.objects.exists()
    assert not JournalEntry.objects.exists()
