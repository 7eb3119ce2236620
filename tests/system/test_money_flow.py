"""Issue 3's walkthrough: a customer's money in two currencies, through the API only.

Every answer is checked against DESIGN.md's table (deposit +/+, withdraw −/−,
give +/−, take −/+ on customer/saraf), then the balances, the history, the
totals, the activity feed and `verify_ledger` must all agree.
"""

import io
import uuid
from decimal import Decimal

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

STEPS = [
    ("deposit", "USD", "500", "500.00", "500.00"),
    ("deposit", "AFN", "70000", "70000.00", "70000.00"),
    ("withdraw", "USD", "120.25", "379.75", "379.75"),
    ("give-money", "AFN", "1000", "71000.00", "69000.00"),
    ("take-money", "USD", "0.50", "379.25", "380.25"),
    ("take-money", "AFN", "2500.75", "68499.25", "71500.75"),
    ("give-money", "USD", "80", "459.25", "300.25"),
    ("withdraw", "AFN", "499.25", "68000.00", "71001.50"),
]


def post(client, url, body, key=None):
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(url, body, format="json", headers=headers)


def test_customer_money_in_two_currencies_agrees_everywhere(owner_client, saraf):
    for code in ("usd", "AFN"):
        assert (
            post(owner_client, "/api/currency/supported/", {"code": code}).status_code
            == 201
        )

    created = post(
        owner_client,
        "/api/saraf-create-accounts/create/",
        {
            "full_name": "Ahmad Karimi",
            "phone": "0791234567",
            "account_type": "customer",
        },
    )
    assert created.status_code == 201, created.content
    account = created.json()["id"]
    base = f"/api/saraf-create-accounts/{account}"

    for operation, currency, amount, customer, cash in STEPS:
        key = str(uuid.uuid4())
        body = {"currency": currency, "amount": amount}
        response = post(owner_client, f"{base}/{operation}/", body, key)
        assert response.status_code == 201, (operation, currency, response.content)
        moved = response.json()
        assert (moved["customer_balance"], moved["saraf_balance"]) == (customer, cash)
        replay = post(owner_client, f"{base}/{operation}/", body, key)
        assert replay.json() == moved
        assert replay.headers["Idempotent-Replayed"] == "true"

    refused = post(
        owner_client, f"{base}/withdraw/", {"currency": "USD", "amount": "5000"}
    )
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "insufficient_funds"

    expected_customer = [
        {"currency": "AFN", "balance": "68000.00"},
        {"currency": "USD", "balance": "459.25"},
    ]
    assert owner_client.get(f"{base}/balances/").json() == expected_customer
    assert owner_client.get(f"{base}/").json()["balances"] == expected_customer
    assert owner_client.get("/api/balance/").json() == [
        {"currency": "AFN", "balance": "71001.50"},
        {"currency": "USD", "balance": "300.25"},
    ]

    history = owner_client.get(f"{base}/transactions/", {"page_size": 200}).json()
    assert history["count"] == len(STEPS)
    rows = list(reversed(history["results"]))
    for row, (operation, currency, amount, customer, _) in zip(
        rows, STEPS, strict=True
    ):
        assert (row["currency"], row["balance_after"]) == (currency, customer)
        sign = "" if operation in ("deposit", "give-money") else "-"
        assert Decimal(row["amount"]) == Decimal(amount)
        assert row["change"] == sign + row["amount"]
        assert row["performed_by"]["type"] == "owner"

    def totals(path):
        return {
            row["currency"]: (row["total"], row["count"])
            for row in owner_client.get(f"{base}/{path}/").json()
        }

    assert totals("deposit-amounts") == {
        "AFN": ("70000.00", 1),
        "USD": ("500.00", 1),
    }
    assert totals("withdrawal-amounts") == {
        "AFN": ("499.25", 1),
        "USD": ("120.25", 1),
    }
    assert totals("given-amounts") == {"AFN": ("1000.00", 1), "USD": ("80.00", 1)}
    assert totals("taken-amounts") == {"AFN": ("2500.75", 1), "USD": ("0.50", 1)}

    activity = owner_client.get("/api/saraf/activity/", {"page_size": 200}).json()
    assert activity["count"] == len(STEPS)
    assert {row["customer_account"] for row in activity["results"]} == {account}

    out = io.StringIO()
    call_command("verify_ledger", stdout=out)
    assert out.getvalue().startswith("ledger OK")
