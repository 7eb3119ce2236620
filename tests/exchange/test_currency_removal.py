"""Removing a currency (DELETE /api/balance/{currency}/delete/) retires its rates."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from currency.models import SarafCurrency
from exchange.models import ExchangeRate, ExchangeRateVersion
from tests.conftest import authenticated

pytestmark = pytest.mark.django_db


def _remove(client, code):
    return client.delete(f"/api/balance/{code}/delete/")


def _live_pairs(saraf):
    return sorted(
        f"{rate.pair} {rate.rate_type}"
        for rate in ExchangeRate.objects.filter(saraf=saraf, retired_at__isnull=True)
    )


def test_removing_a_currency_retires_its_rates_on_either_side_and_keeps_history(
    owner_client, api_client, saraf, make_rate
):
    usd_afn = make_rate("USD", "AFN", "person")
    eur_usd = make_rate("EUR", "USD", "customer", buy="1.05", sell="1.1")
    make_rate("EUR", "AFN", "person", buy="76", sell="77")

    response = _remove(owner_client, "USD")

    assert response.status_code == 204
    assert _live_pairs(saraf) == ["EUR-AFN person"]
    board = api_client.get(f"/api/exchange/public/{saraf.pk}/").json()
    assert [row["pair"] for row in board["results"]] == ["EUR-AFN"]
    own = owner_client.get("/api/exchange/").json()["results"]
    assert [row["pair"] for row in own] == ["EUR-AFN"]
    for rate in (usd_afn, eur_usd):
        detail = owner_client.get(f"/api/exchange/{rate['id']}/").json()
        assert detail["retired_at"] is not None
        assert detail["history_count"] == 1
        assert detail["buy_rate"] == rate["buy_rate"]


def test_a_removed_currency_rate_cannot_be_changed_or_recreated(
    owner_client, saraf, make_rate
):
    rate = make_rate("USD", "AFN", "person")
    _remove(owner_client, "USD")

    patch = owner_client.patch(
        f"/api/exchange/{rate['id']}/", {"buy_rate": "70.5"}, format="json"
    )
    create = owner_client.post(
        "/api/exchange/create/",
        {
            "from_currency": "AFN",
            "to_currency": "USD",
            "rate_type": "person",
            "buy_rate": "0.014",
            "sell_rate": "0.015",
        },
        format="json",
    )
    deal = owner_client.post(
        "/api/exchange/deals/",
        {
            "from_currency": "USD",
            "to_currency": "AFN",
            "amount": "10",
            "rate_type": "person",
        },
        format="json",
    )

    assert patch.status_code == 400
    assert patch.json()["error"]["code"] == "currency_not_supported"
    assert create.status_code == 400
    assert create.json()["error"]["code"] == "currency_not_supported"
    assert "to_currency" in create.json()["error"]["fields"]
    assert deal.json()["error"]["code"] == "currency_not_supported"
    assert ExchangeRateVersion.objects.filter(rate_id=rate["id"]).count() == 1
    assert _live_pairs(saraf) == []


def test_adding_the_currency_again_leaves_the_old_rate_retired(
    owner_client, saraf, make_rate
):
    old = make_rate("USD", "AFN", "person")
    _remove(owner_client, "USD")
    owner_client.post("/api/currency/supported/", {"code": "USD"}, format="json")

    new = make_rate("USD", "AFN", "person", buy="72", sell="73")

    assert new["id"] != old["id"]
    assert _live_pairs(saraf) == ["USD-AFN person"]
    assert ExchangeRate.objects.get(pk=old["id"]).retired_at is not None


def test_the_employee_who_removed_the_currency_is_recorded_as_retiring_its_rates(
    make_employee, saraf, make_rate
):
    rate = make_rate("USD", "AFN", "person")
    make_employee("add_currency")
    remover = make_employee("add_currency")

    assert _remove(authenticated(employee=remover), "USD").status_code == 204

    retired = ExchangeRate.objects.get(pk=rate["id"])
    assert retired.retired_by_employee_id == remover.pk


def test_a_refused_removal_leaves_every_rate_live(owner_client, saraf, make_rate, fund):
    make_rate("USD", "AFN", "person")
    fund(saraf, "USD", "5")

    response = _remove(owner_client, "USD")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "balance_not_zero"
    assert _live_pairs(saraf) == ["USD-AFN person"]
    assert SarafCurrency.objects.filter(saraf=saraf, currency_id="USD").exists()


def test_another_sarafs_rates_in_that_currency_stay_live(
    owner_client, other_owner_client, other_saraf, make_rate
):
    make_rate("USD", "AFN", "person", client=other_owner_client)

    _remove(owner_client, "USD")

    assert _live_pairs(other_saraf) == ["USD-AFN person"]


def test_the_migration_retires_rates_left_in_a_currency_removed_before(
    saraf, other_saraf, make_rate
):
    orphan = make_rate("USD", "AFN", "person")
    kept = make_rate("EUR", "AFN", "person", buy="76", sell="77")
    SarafCurrency.objects.filter(saraf=saraf, currency_id="USD").delete()
    migration = importlib.import_module(
        "exchange.migrations.0003_retire_rates_of_removed_currencies"
    )

    migration.retire_orphans(apps, None)

    assert ExchangeRate.objects.get(pk=orphan["id"]).retired_at is not None
    assert ExchangeRate.objects.get(pk=kept["id"]).retired_at is None
    assert ExchangeRateVersion.objects.get(rate_id=orphan["id"]).buy_rate == Decimal(
        "70"
    )
