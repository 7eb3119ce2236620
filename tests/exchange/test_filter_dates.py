import pytest

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
