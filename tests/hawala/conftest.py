from decimal import Decimal

import pytest

from core.auth import Identity
from core.models import IdentityKind
from currency.models import SarafCurrency
from ledger.models import LedgerAccount
from ledger.selectors import balance_get
from ledger.services import Leg, entry_post
from tests.conftest import authenticated
from tests.ledger.helpers import ensure_currencies


def owner_identity(saraf):
    return Identity(kind=IdentityKind.SARAF, session_id="test", saraf=saraf)


def employee_identity(employee):
    return Identity(
        kind=IdentityKind.EMPLOYEE,
        session_id="test",
        saraf=employee.saraf,
        employee=employee,
    )


def support(saraf, *codes):
    ensure_currencies()
    for code in codes:
        SarafCurrency.objects.get_or_create(saraf=saraf, currency_id=code)


def fund(saraf, code, amount):
    """Put cash into a saraf's till against its capital (a system entry)."""
    amount = Decimal(amount)
    entry_post(
        saraf_id=saraf.pk,
        kind="test_capital",
        legs=[
            Leg(kind=LedgerAccount.Kind.CASH, currency=code, amount=amount),
            Leg(kind=LedgerAccount.Kind.CAPITAL, currency=code, amount=amount),
        ],
        performed_by=None,
    )


def cash(saraf, code="USD"):
    return balance_get(saraf_id=saraf.pk, kind="cash", currency=code)


def position(saraf, counterparty, code="USD"):
    return balance_get(
        saraf_id=saraf.pk,
        kind="position",
        currency=code,
        counterparty_id=counterparty.pk,
    )


def fee_income(saraf, code="USD"):
    return balance_get(saraf_id=saraf.pk, kind="fee_income", currency=code)


@pytest.fixture
def sarafs(saraf, other_saraf):
    """Two sarafs working in USD and AFN; the receiver has 10,000 USD in cash."""
    support(saraf, "USD", "AFN")
    support(other_saraf, "USD", "AFN")
    fund(other_saraf, "USD", "10000")
    return saraf, other_saraf


@pytest.fixture
def receiver_client(other_saraf):
    return authenticated(saraf=other_saraf)


def send_body(destination, **overrides):
    body = {
        "hawala_number": "HW-1001",
        "amount": "500.00",
        "currency": "USD",
        "fee": "10.00",
        "sender_name": "Ahmad Karimi",
        "sender_phone": "+93791234567",
        "receiver_name": "محمد گل",
        "receiver_phone": "+93701234567",
        "destination_saraf_id": destination.pk,
    }
    body.update(overrides)
    return body
