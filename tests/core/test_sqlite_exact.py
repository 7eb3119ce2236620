"""SQLite keeps decimals as floats: a value it would round is refused, not stored."""

import json
from decimal import Decimal

import pytest
from django.db import connection

from core.errors import ApplicationError
from core.sqlite.base import significant_digits
from ledger.models import JournalEntry
from ledger.selectors import balance_get
from tests.ledger.helpers import support

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="PostgreSQL's numeric is exact"
    ),
]


def deposit(client, amount):
    return client.post(
        "/api/transaction/create/",
        json.dumps(
            {"currency": "USD", "amount": amount, "transaction_type": "deposit"}
        ),
        content_type="application/json",
    )


@pytest.mark.parametrize(
    ("value", "digits"),
    [
        ("0", 0),
        ("100.00000000", 1),
        ("100.50", 4),
        ("0.00100", 1),
        ("1002000", 4),
        ("-12.5", 3),
    ],
)
def test_significant_digits(value, digits):
    assert significant_digits(Decimal(value)) == digits


def test_an_amount_sqlite_would_round_is_refused_and_nothing_moves(owner_client, saraf):
    support(saraf, "USD")

    response = deposit(owner_client, "12345678901234.56")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_amount"
    assert not JournalEntry.objects.exists()
    assert balance_get(saraf_id=saraf.pk, kind="cash", currency="USD") == 0


def test_a_balance_sqlite_would_round_is_refused(owner_client, saraf):
    support(saraf, "USD")
    assert deposit(owner_client, "9999999999999.99").status_code == 201

    response = deposit(owner_client, "0.01")

    assert response.status_code == 201
    assert response.json()["balance_after"] == "10000000000000.00"
    response = deposit(owner_client, "0.01")
    assert response.status_code == 400
    assert balance_get(saraf_id=saraf.pk, kind="cash", currency="USD") == Decimal(
        "10000000000000.00"
    )


def test_the_largest_exact_value_round_trips():
    value = Decimal("9999999999999.99")
    assert connection.ops.adapt_decimalfield_value(value) is not None
    with pytest.raises(ApplicationError):
        connection.ops.adapt_decimalfield_value(Decimal("99999999999999.99"))
