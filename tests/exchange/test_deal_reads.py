from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from exchange.models import ExchangeDeal

DEALS = "/api/exchange/deals/"


@pytest.fixture
def deals(owner_client, saraf, make_rate, fund, customer_account):
    """Three deals: two walk-in USD<->AFN (person), one EUR->AFN on an account."""
    make_rate("USD", "AFN", "person", buy="70", sell="72")
    make_rate("EUR", "AFN", "customer", buy="76", sell="78")
    account = customer_account(saraf)
    fund(saraf, "AFN", "100000")
    fund(saraf, "USD", "1000")
    fund(saraf, "EUR", "500", customer_account=account)
    bodies = [
        {
            "from_currency": "USD",
            "to_currency": "AFN",
            "amount": "100",
            "rate_type": "person",
        },
        {
            "from_currency": "AFN",
            "to_currency": "USD",
            "amount": "7200",
            "rate_type": "person",
        },
        {
            "from_currency": "EUR",
            "to_currency": "AFN",
            "amount": "50",
            "rate_type": "customer",
            "customer_account_id": account.pk,
        },
    ]
    created = []
    for body in bodies:
        response = owner_client.post(DEALS, body, format="json")
        assert response.status_code == 201, response.json()
        created.append(response.json())
    return {"account": account, "deals": created}


def _ids(client, query=""):
    response = client.get(f"{DEALS}{query}")
    assert response.status_code == 200, response.json()
    return [d["id"] for d in response.json()["results"]]


def test_list_is_newest_first_and_filters(owner_client, deals):
    usd_afn, afn_usd, eur_afn = (d["id"] for d in deals["deals"])
    account = deals["account"]

    assert _ids(owner_client) == [eur_afn, afn_usd, usd_afn]
    assert _ids(owner_client, "?pair=USD-AFN") == [usd_afn]
    assert _ids(owner_client, "?to_currency=AFN") == [eur_afn, usd_afn]
    assert _ids(owner_client, "?from_currency=afn") == [afn_usd]
    assert _ids(owner_client, f"?customer_account_id={account.pk}") == [eur_afn]
    assert _ids(owner_client, "?walk_in=true") == [afn_usd, usd_afn]
    assert _ids(owner_client, "?rate_type=customer") == [eur_afn]
    later = (timezone.now() + timedelta(minutes=1)).isoformat()
    assert _ids(owner_client, f"?date_from={later.replace('+', '%2B')}") == []
    assert len(_ids(owner_client, f"?date_to={later.replace('+', '%2B')}")) == 3


@pytest.mark.parametrize(
    "query",
    ["?pair=USD", "?date_from=nope", "?customer_account_id=x", "?walk_in=maybe"],
)
def test_list_refuses_bad_filters(owner_client, query):
    response = owner_client.get(f"{DEALS}{query}")

    assert response.status_code == 400


def test_list_uses_a_fixed_number_of_queries(
    owner_client, deals, django_assert_num_queries, saraf, fund
):
    # session + count + page + currency minor units
    with django_assert_num_queries(4):
        first = owner_client.get(DEALS)
    for _ in range(4):
        owner_client.post(
            DEALS,
            {
                "from_currency": "USD",
                "to_currency": "AFN",
                "amount": "1",
                "rate_type": "person",
            },
            format="json",
        )
    with django_assert_num_queries(4):
        second = owner_client.get(DEALS)

    assert second.json()["count"] == first.json()["count"] + 4


def test_detail_and_receipt(owner_client, deals, saraf):
    eur_afn = deals["deals"][2]
    account = deals["account"]

    detail = owner_client.get(f"{DEALS}{eur_afn['id']}/")
    receipt = owner_client.get(f"{DEALS}{eur_afn['id']}/receipt/")

    assert detail.status_code == 200
    assert detail.json()["target_amount"] == "3800.00"
    assert receipt.status_code == 200
    body = receipt.json()
    assert body["receipt_number"] == f"EX-{saraf.pk}-{eur_afn['id']:08d}"
    assert body["customer"] == {
        "walk_in": False,
        "account_number": account.account_number,
        "full_name": account.full_name,
    }
    assert body["customer_gives"] == "50.00 EUR"
    assert body["customer_receives"] == "3800.00 AFN"
    assert body["rate"] == "1 EUR = 76 AFN (buy)"
    assert body["saraf"]["name"] == saraf.name
    assert body["deal"]["id"] == eur_afn["id"]
    assert body["issued_at"] == detail.json()["created_at"]


def test_another_sarafs_deal_is_not_found(other_owner_client, deals):
    deal_id = deals["deals"][0]["id"]

    assert other_owner_client.get(f"{DEALS}{deal_id}/").status_code == 404
    assert other_owner_client.get(f"{DEALS}{deal_id}/receipt/").status_code == 404
    assert other_owner_client.get(DEALS).json()["count"] == 0
    assert other_owner_client.get("/api/exchange/statistics/").json() == []


def test_reading_deals_needs_a_dealing_or_history_flag(employee_client, deals):
    deal_id = deals["deals"][0]["id"]
    plain = employee_client("chat")
    historian = employee_client("view_history")

    assert plain.get(DEALS).status_code == 403
    assert plain.get(f"{DEALS}{deal_id}/receipt/").status_code == 403
    assert plain.get("/api/exchange/statistics/").status_code == 403
    assert historian.get(DEALS).json()["count"] == 3
    assert historian.get(f"{DEALS}{deal_id}/receipt/").status_code == 200


def test_statistics_per_pair_bought_sold_and_weighted_rate(owner_client, deals):
    owner_client.post(
        DEALS,
        {
            "from_currency": "USD",
            "to_currency": "AFN",
            "amount": "300",
            "rate_type": "person",
        },
        format="json",
    )

    response = owner_client.get("/api/exchange/statistics/")

    assert response.status_code == 200
    rows = {row["pair"]: row for row in response.json()}
    assert set(rows) == {"USD-AFN", "EUR-AFN"}
    usd = rows["USD-AFN"]
    assert usd["bought"] == {
        "deals": 2,
        "volume": "400.00",
        "quote_volume": "28000.00",
        "average_rate": "70",
    }
    assert usd["sold"] == {
        "deals": 1,
        "volume": "100.00",
        "quote_volume": "7200.00",
        "average_rate": "72",
    }
    eur = rows["EUR-AFN"]
    assert eur["bought"]["volume"] == "50.00"
    assert eur["sold"] == {
        "deals": 0,
        "volume": "0.00",
        "quote_volume": "0.00",
        "average_rate": None,
    }


def test_statistics_weighted_average_and_period_filters(owner_client, deals):
    rate_id = owner_client.get("/api/exchange/?pair=USD-AFN").json()["results"][0]["id"]
    owner_client.patch(f"/api/exchange/{rate_id}/", {"buy_rate": "71"}, format="json")
    owner_client.post(
        DEALS,
        {
            "from_currency": "USD",
            "to_currency": "AFN",
            "amount": "300",
            "rate_type": "person",
        },
        format="json",
    )
    old = ExchangeDeal.objects.get(pk=deals["deals"][0]["id"])
    ExchangeDeal.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=40)
    )

    everything = owner_client.get("/api/exchange/statistics/?pair=USD-AFN").json()
    recent = owner_client.get(
        "/api/exchange/statistics/",
        {
            "pair": "USD-AFN",
            "date_from": (timezone.now() - timedelta(days=1)).isoformat(),
        },
    ).json()
    monthly = owner_client.get(
        "/api/exchange/statistics/?pair=USD-AFN&group_by=month"
    ).json()

    # (100 * 70 + 300 * 71) / 400 = 70.75
    assert everything[0]["bought"]["average_rate"] == "70.75"
    assert recent[0]["bought"] == {
        "deals": 1,
        "volume": "300.00",
        "quote_volume": "21300.00",
        "average_rate": "71",
    }
    assert len(monthly) == 2
    assert all(row["period"] for row in monthly)
    assert (
        Decimal(monthly[0]["bought"]["volume"])
        + Decimal(monthly[1]["bought"]["volume"])
        == 400
    )
