from datetime import date, datetime, time

import pytest
from django.utils import timezone

from exchange.models import ExchangeRateVersion

LISTS = [
    "/api/exchange/",
    "/api/exchange/search/?q=usd&",
    "/api/exchange/deals/",
    "/api/exchange/statistics/",
]


def _url(base, query):
    return f"{base}{query}" if base.endswith("&") else f"{base}?{query}"


@pytest.mark.parametrize("base", LISTS)
@pytest.mark.parametrize(
    "query",
    [
        "date_from=0001-01-01",
        "date_to=0001-01-01",
        "date_from=9999-12-31T23:59:59-12:00",
        "date_to=9999-12-31",
        "date_from=1899-12-31T23:59:59Z",
    ],
)
def test_a_date_filter_datetime_cannot_hold_is_refused_not_a_500(
    owner_client, base, query
):
    response = owner_client.get(_url(base, query))

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"


@pytest.mark.parametrize("query", ["at=0001-01-01", "at=9999-12-31T23:59:59-12:00"])
@pytest.mark.parametrize("base", LISTS[:2])
def test_a_rate_board_moment_datetime_cannot_hold_is_refused(owner_client, base, query):
    response = owner_client.get(_url(base, query))

    assert response.status_code == 400


@pytest.mark.parametrize("base", LISTS)
def test_dates_within_the_bounds_still_filter(owner_client, base):
    response = owner_client.get(_url(base, "date_from=1900-01-01&date_to=2999-12-31"))

    assert response.status_code == 200


def _local(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.mark.parametrize("base", ["/api/exchange/", "/api/exchange/search/?q=usd&"])
def test_a_rate_changed_today_is_found_by_todays_date(owner_client, make_rate, base):
    rate = make_rate()
    today = timezone.localdate().isoformat()

    response = owner_client.get(_url(base, f"date_from={today}&date_to={today}"))

    assert response.status_code == 200, response.json()
    assert [r["id"] for r in response.json()["results"]] == [rate["id"]]


def test_a_plain_date_to_includes_that_whole_local_day(owner_client, make_rate):
    rate = make_rate()
    day = date(2026, 12, 4)
    # 00:10 in Kabul is 19:40 UTC the day before: a UTC reading would miss it.
    for moment in (_local(day, 0, 10), _local(day, 23, 59)):
        ExchangeRateVersion.objects.filter(rate_id=rate["id"]).update(
            effective_from=moment
        )

        def found(query):
            response = owner_client.get(f"/api/exchange/?{query}")
            assert response.status_code == 200, response.json()
            return [r["id"] for r in response.json()["results"]] == [rate["id"]]

        assert found("date_to=2026-12-04")
        assert found("date_from=2026-12-04&date_to=2026-12-04")
        assert not found("date_to=2026-12-03")
        assert not found("date_from=2026-12-05")


def test_a_date_to_with_a_time_still_ends_at_that_moment(owner_client, make_rate):
    rate = make_rate()
    moment = _local(date(2026, 12, 4), 12)
    ExchangeRateVersion.objects.filter(rate_id=rate["id"]).update(effective_from=moment)

    def count(date_to):
        response = owner_client.get("/api/exchange/", {"date_to": date_to})
        assert response.status_code == 200, response.json()
        return response.json()["count"]

    assert count("2026-12-04T12:00:00+04:30") == 1
    assert count("2026-12-04T11:59:59+04:30") == 0


def test_deals_and_statistics_made_today_are_found_by_todays_date(
    owner_client, saraf, make_rate, fund
):
    make_rate("USD", "AFN", buy="70", sell="72")
    fund(saraf, "AFN", "10000")
    deal = owner_client.post(
        "/api/exchange/deals/",
        {
            "from_currency": "USD",
            "to_currency": "AFN",
            "amount": "10",
            "rate_type": "person",
        },
        format="json",
    ).json()
    today = timezone.localdate().isoformat()
    query = f"date_from={today}&date_to={today}"

    deals = owner_client.get(f"/api/exchange/deals/?{query}").json()
    statistics = owner_client.get(f"/api/exchange/statistics/?{query}").json()

    assert [d["id"] for d in deals["results"]] == [deal["id"]]
    assert [row["bought"]["deals"] for row in statistics] == [1]
