import pytest

from core.errors import ApplicationError
from currency.models import Currency, SarafCurrency
from currency.selectors import currency_require_supported
from tests.ledger.helpers import support

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "minor_units"),
    [("AFN", 2), ("USD", 2), ("JPY", 0), ("KWD", 3), ("IRR", 2), ("EUR", 2)],
)
def test_iso_currencies_are_loaded_with_their_minor_units(code, minor_units):
    assert Currency.objects.get(code=code).minor_units == minor_units


def test_available_lists_every_active_currency_without_login(api_client):
    Currency.objects.filter(code="ZAR").update(is_active=False)
    response = api_client.get("/api/currency/available/")
    assert response.status_code == 200
    codes = [row["code"] for row in response.data]
    required = "AFN USD EUR GBP PKR IRR INR AED SAR TRY CNY RUB CAD AUD CHF JPY"
    required += " SEK NOK DKK KWD QAR UZS TJS TMT KZT"
    assert set(required.split()) <= set(codes)
    assert "ZAR" not in codes
    usd = next(row for row in response.data if row["code"] == "USD")
    assert usd == {"code": "USD", "name": "US Dollar", "symbol": "$", "minor_units": 2}


def test_supported_lists_only_the_callers_currencies(owner_client, saraf, other_saraf):
    support(saraf, "USD", "AFN")
    support(other_saraf, "EUR")
    response = owner_client.get("/api/currency/supported/")
    assert response.status_code == 200
    assert [row["code"] for row in response.data] == ["AFN", "USD"]


def test_supported_needs_saraf_staff(normal_user_client, api_client):
    assert normal_user_client.get("/api/currency/supported/").status_code == 403
    assert api_client.get("/api/currency/supported/").status_code == 401


def test_add_currency_creates_then_is_idempotent(owner_client, saraf):
    first = owner_client.post("/api/currency/supported/", {"code": "usd"})
    assert first.status_code == 201
    assert first.data["code"] == "USD"
    again = owner_client.post("/api/currency/supported/", {"code": "USD"})
    assert again.status_code == 200
    assert SarafCurrency.objects.filter(saraf=saraf).count() == 1


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"code": "XYZ"}, "currency_not_supported"),
        ({"code": "U1D"}, "currency_not_supported"),
        ({"code": "US"}, "validation_error"),
        ({}, "validation_error"),
        ({"code": ["USD"]}, "validation_error"),
    ],
)
def test_add_currency_refuses_bad_codes(owner_client, saraf, body, code):
    response = owner_client.post("/api/currency/supported/", body, format="json")
    assert response.status_code == 400
    assert response.data["error"]["code"] == code
    assert not SarafCurrency.objects.filter(saraf=saraf).exists()


def test_add_currency_refuses_an_inactive_currency(owner_client, saraf):
    Currency.objects.filter(code="ZAR").update(is_active=False)
    response = owner_client.post("/api/currency/supported/", {"code": "ZAR"})
    assert response.status_code == 400
    assert response.data["error"]["code"] == "currency_not_supported"


def test_add_currency_needs_the_flag(employee_client, saraf):
    without = employee_client("view_history")
    assert without.post("/api/currency/supported/", {"code": "USD"}).status_code == 403
    with_flag = employee_client("add_currency")
    assert (
        with_flag.post("/api/currency/supported/", {"code": "USD"}).status_code == 201
    )
    assert SarafCurrency.objects.filter(saraf=saraf, currency="USD").exists()


def test_require_supported_refuses_unknown_and_unsupported(saraf):
    support(saraf, "USD")
    assert currency_require_supported(saraf_id=saraf.pk, code="usd").code == "USD"
    for code in ["EUR", "XXX", "", None, 5, "US D"]:
        with pytest.raises(ApplicationError) as caught:
            currency_require_supported(saraf_id=saraf.pk, code=code)
        assert caught.value.code == "currency_not_supported"
        assert caught.value.status == 400
