"""Shortest sequences the money model found, kept as plain tests."""

from decimal import Decimal

import pytest

from core.auth import Identity
from core.models import IdentityKind
from currency.services import saraf_currency_add
from hawala.services import external_counterparty_id, hawala_send
from ledger.management.commands.verify_ledger import (
    account_problems,
    chain_problems,
    entry_problems,
)
from ledger.selectors import balance_get
from tests.factories import SarafFactory


@pytest.mark.django_db
def test_two_sends_whose_sum_binary_floating_point_cannot_hold_are_booked_exactly():
    """4.95 + 3541.95 is 3546.8999999999996 in binary floating point: SQLite's
    CHECK after = before + amount once refused the second send with an
    IntegrityError (ledger migration 0003 now leaves that check to PostgreSQL)."""
    saraf = SarafFactory()
    saraf_currency_add(saraf_id=saraf.pk, code="USD")
    identity = Identity(kind=IdentityKind.SARAF, session_id="model", saraf=saraf)
    for number, amount in (("H-1", "4.95"), ("H-2", "3541.95")):
        hawala_send(
            identity=identity,
            hawala_number=number,
            amount=Decimal(amount),
            currency="USD",
            sender_name="Sender",
            receiver_name="Receiver",
            receiver_phone="+93700000009",
            destination_name="Outside Saraf",
        )

    assert balance_get(saraf_id=saraf.pk, kind="cash", currency="USD") == Decimal(
        "3546.90"
    )
    assert balance_get(
        saraf_id=saraf.pk,
        kind="position",
        currency="USD",
        counterparty_id=external_counterparty_id(),
    ) == Decimal("-3546.90")
    assert [*account_problems(), *entry_problems(), *chain_problems()] == []
