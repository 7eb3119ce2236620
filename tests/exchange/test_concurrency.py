"""Real threads, each with its own PostgreSQL connection, against the API."""

import threading
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection

from exchange.models import ExchangeDeal, ExchangeRate, ExchangeRateVersion
from tests.conftest import authenticated
from tests.exchange.conftest import balance

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

DEALS = "/api/exchange/deals/"


def run_together(calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)
    errors = []

    def worker(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as exc:  # noqa: BLE001 - re-raised in the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results


def test_two_walk_in_deals_cannot_both_spend_the_same_cash(saraf, make_rate, fund):
    make_rate("USD", "AFN", "person", buy="70", sell="71")
    fund(saraf, "AFN", "10000")
    clients = [authenticated(saraf=saraf) for _ in range(2)]
    body = {
        "from_currency": "USD",
        "to_currency": "AFN",
        "amount": "100",
        "rate_type": "person",
    }

    responses = run_together(
        [lambda c=c: c.post(DEALS, body, format="json") for c in clients]
    )

    codes = sorted(r.status_code for r in responses)
    assert codes == [201, 400]
    refused = next(r for r in responses if r.status_code == 400)
    assert refused.json()["error"]["code"] == "insufficient_funds"
    assert ExchangeDeal.objects.count() == 1
    assert balance(saraf, "cash", "AFN") == Decimal("3000.00")
    assert balance(saraf, "cash", "USD") == Decimal("100.00")
    call_command("verify_ledger")


def test_the_same_idempotency_key_at_once_makes_one_deal(saraf, make_rate, fund):
    make_rate("USD", "AFN", "person", buy="70", sell="71")
    fund(saraf, "AFN", "100000")
    clients = [authenticated(saraf=saraf) for _ in range(3)]
    body = {
        "from_currency": "USD",
        "to_currency": "AFN",
        "amount": "10",
        "rate_type": "person",
    }

    responses = run_together(
        [
            lambda c=c: c.post(
                DEALS, body, format="json", HTTP_IDEMPOTENCY_KEY="same-key"
            )
            for c in clients
        ]
    )

    assert {r.status_code for r in responses} <= {201, 409}
    assert 201 in {r.status_code for r in responses}
    assert ExchangeDeal.objects.count() == 1
    assert balance(saraf, "cash", "AFN") == Decimal("99300.00")


def test_concurrent_rate_updates_each_keep_their_version(saraf, make_rate):
    rate = make_rate("USD", "AFN", "person", buy="70", sell="80")
    clients = [authenticated(saraf=saraf) for _ in range(4)]

    responses = run_together(
        [
            lambda c=c, i=i: c.patch(
                f"/api/exchange/{rate['id']}/", {"buy_rate": f"7{i}.5"}, format="json"
            )
            for i, c in enumerate(clients)
        ]
    )

    assert [r.status_code for r in responses] == [200] * 4
    versions = ExchangeRateVersion.objects.filter(rate_id=rate["id"])
    assert versions.count() == 5
    newest = versions.order_by("-effective_from", "-pk").first()
    assert ExchangeRate.objects.get(pk=rate["id"]).current_version_id == newest.pk


def test_concurrent_creates_of_one_pair_and_type_make_one_rate(saraf):
    clients = [authenticated(saraf=saraf) for _ in range(3)]
    body = {
        "from_currency": "USD",
        "to_currency": "AFN",
        "rate_type": "person",
        "buy_rate": "70",
        "sell_rate": "71",
    }

    responses = run_together(
        [
            lambda c=c: c.post("/api/exchange/create/", body, format="json")
            for c in clients
        ]
    )

    assert sorted(r.status_code for r in responses) == [201, 409, 409]
    assert {r.json()["error"]["code"] for r in responses if r.status_code == 409} == {
        "rate_exists"
    }
    assert ExchangeRate.objects.count() == 1
    assert ExchangeRateVersion.objects.count() == 1


def test_rate_writes_racing_a_currency_removal_never_leave_a_live_rate_in_it(
    saraf, make_rate
):
    from currency.models import SarafCurrency

    rates = [make_rate("USD", "AFN", t) for t in ("person", "exchanger")]
    clients = [authenticated(saraf=saraf) for _ in range(6)]
    create = {
        "from_currency": "EUR",
        "to_currency": "USD",
        "rate_type": "person",
        "buy_rate": "1.05",
        "sell_rate": "1.1",
    }
    calls = [
        lambda c=clients[i], r=rates[i % 2], i=i: c.patch(
            f"/api/exchange/{r['id']}/", {"buy_rate": f"70.{i + 1}"}, format="json"
        )
        for i in range(4)
    ]
    calls.insert(2, lambda c=clients[4]: c.delete("/api/balance/USD/delete/"))
    calls.append(
        lambda c=clients[5]: c.post("/api/exchange/create/", create, format="json")
    )

    responses = run_together(calls)

    assert responses[2].status_code == 204
    assert {r.status_code for r in responses} <= {200, 201, 204, 400}
    for response in responses:
        if response.status_code == 400:
            assert response.json()["error"]["code"] == "currency_not_supported"
    assert not SarafCurrency.objects.filter(saraf=saraf, currency_id="USD").exists()
    live = ExchangeRate.objects.filter(saraf=saraf, retired_at__isnull=True)
    assert not live.filter(from_currency="USD").exists()
    assert not live.filter(to_currency="USD").exists()
    for rate in ExchangeRate.objects.filter(saraf=saraf):
        # A version written after the retirement would be a change to a dead rate.
        assert rate.current_version.effective_from <= rate.retired_at
