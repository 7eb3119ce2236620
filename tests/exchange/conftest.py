import pytest

from currency.models import SarafCurrency

SUPPORTED = ("USD", "AFN", "EUR", "JPY", "KWD")


@pytest.fixture(autouse=True)
def _currencies(saraf, other_saraf):
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
