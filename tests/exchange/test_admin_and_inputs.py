import pytest


@pytest.mark.parametrize(
    "model", ["exchangerate", "exchangerateversion", "exchangedeal"]
)
def test_admin_lists_are_read_only_and_load(admin_client, model, make_rate):
    rate = make_rate()

    listing = admin_client.get(f"/admin/exchange/{model}/")
    add = admin_client.get(f"/admin/exchange/{model}/add/")

    assert listing.status_code == 200
    assert add.status_code == 403
    if model == "exchangerate":
        change = admin_client.get(f"/admin/exchange/exchangerate/{rate['id']}/change/")
        assert change.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/api/exchange/99999999999999999999/",
        "/api/exchange/99999999999999999999/history/",
        "/api/exchange/deals/99999999999999999999/",
        "/api/exchange/deals/99999999999999999999/receipt/",
    ],
)
def test_huge_ids_are_not_found(owner_client, path):
    response = owner_client.get(path)

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_huge_public_saraf_id_is_not_found(api_client):
    assert (
        api_client.get("/api/exchange/public/99999999999999999999/").status_code == 404
    )


@pytest.mark.parametrize(
    "query",
    [
        "/api/exchange/?pair=U%00D-AFN",
        "/api/exchange/search/?q=%00abc",
        "/api/exchange/search/?q=" + "a" * 51,
        "/api/exchange/deals/?customer_account_id=99999999999999999999",
        "/api/exchange/deals/?date_to=2020-13-01",
        "/api/exchange/statistics/?group_by=week",
    ],
)
def test_bad_query_parameters_are_400(owner_client, query):
    response = owner_client.get(query)

    assert response.status_code == 400
    assert "error" in response.json()


@pytest.mark.parametrize(
    "body",
    [
        [],
        "text",
        {
            "from_currency": ["USD"],
            "to_currency": "AFN",
            "amount": "1",
            "rate_type": "person",
        },
        {
            "from_currency": "USD",
            "to_currency": "AFN",
            "amount": {"v": 1},
            "rate_type": "person",
        },
        {
            "from_currency": "USD",
            "to_currency": "AFN",
            "amount": "1",
            "rate_type": "person",
            "customer_account_id": 99999999999999999999,
        },
        {
            "from_currency": "USD",
            "to_currency": "AFN",
            "amount": "1",
            "rate_type": "person",
            "customer_account_id": True,
        },
    ],
)
def test_malformed_deal_bodies_are_400(owner_client, body):
    response = owner_client.post("/api/exchange/deals/", body, format="json")

    assert response.status_code == 400
    assert "error" in response.json()


@pytest.mark.parametrize(
    "path",
    [
        "/api/exchange/?from_currency=&pair=&rate_type=&at=&date_from=",
        "/api/exchange/search/?q=&to_currency=",
        "/api/exchange/deals/?walk_in=&customer_account_id=&pair=&date_to=",
        "/api/exchange/statistics/?group_by=&pair=",
    ],
)
def test_empty_query_parameters_mean_no_filter(owner_client, make_rate, path):
    make_rate()

    response = owner_client.get(path)

    assert response.status_code == 200, response.json()
