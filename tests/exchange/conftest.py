import pytest

from currency.models import Currency, SarafCurrency
from tests.ledger.helpers import ensure_currencies

SUPPORTED = ("USD", "AFN", "EUR", "JPY", "KWD")


@pytest.fixture(autouse=True)
def _currencies(saraf, other_saraf):
    if Currency.objects.filter(code__in=SUPPORTED).count() != len(SUPPORTED):
        ensure_currencies()
    for owner in (saraf, other_saraf):
        SarafCurrency.objects.bulk_create(
            [SarafCurrency(saraf=owner, currency_id=code) for code in SUPPORTED]
        )


@pytest.fixture
def make_rate(owner_client):
    """Create a rate through the API and return its JSON."""

    def make(
        from_currency="USD",
        to_currency="AFN",
        rate_type="person",
        buy="70.00",
        sell="71.00",
        client=None,
        **extra,
    ):
        response = (client or owner_client).post(
            "/api/exchange/create/",
            {
                "from_currency": from_currency,
                "to_currency": to_currency,
                "rate_type": rate_type,
                "buy_rate": buy,
                "sell_rate": sell,
                **extra,
            },
            format="json",
        )
        assert response.status_code == 201, response.json()
        return response.json()

    return make


@pytest.fixture
def fund():
    """Put cash into a saraf's till (capital in), or money on a customer account."""
    from decimal import Decimal

    from ledger.services import Leg, entry_post

    def fund(saraf, currency, amount, customer_account=None):
        amount = Decimal(amount)
        if customer_account is None:
            legs = [Leg("cash", currency, amount), Leg("capital", currency, amount)]
        else:
            legs = [
                Leg("cash", currency, amount),
                Leg("customer", currency, amount, customer_account.pk),
            ]
        entry_post(saraf_id=saraf.pk, kind="test_funding", legs=legs, performed_by=None)

    return fund


@pytest.fixture
def customer_account():
    from saraf_create_accounts.services import customer_account_create

    def make(saraf, full_name="Ahmad Karimi", phone="+93791234567"):
        return customer_account_create(
            saraf_id=saraf.pk, full_name=full_name, phone=phone, account_type="customer"
        )

    return make


def balance(saraf, kind, currency, customer_account=None):
    from ledger.selectors import balance_get

    return balance_get(
        saraf_id=saraf.pk,
        kind=kind,
        currency=currency,
        customer_account_id=customer_account.pk if customer_account else None,
    )
