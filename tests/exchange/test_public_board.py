from tests.conftest import authenticated

PUBLIC_FIELDS = {
    "pair",
    "from_currency",
    "to_currency",
    "rate_type",
    "buy_rate",
    "sell_rate",
    "updated_at",
}


def test_board_shows_current_rates_without_a_token(
    api_client, saraf, make_rate, make_employee, owner_client
):
    dealer = make_employee("manage_rates", full_name="Secret Dealer")
    usd = make_rate("USD", "AFN", "person", buy="70", sell="71")
    make_rate("EUR", "AFN", "exchanger", buy="76", sell="77")
    authenticated(employee=dealer).patch(
        f"/api/exchange/{usd['id']}/", {"sell_rate": "71.5"}, format="json"
    )
    retired = make_rate("USD", "AFN", "customer")
    owner_client.delete(f"/api/exchange/{retired['id']}/")

    response = api_client.get(f"/api/exchange/public/{saraf.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    rows = {(r["pair"], r["rate_type"]): r for r in body["results"]}
    assert set(rows) == {("USD-AFN", "person"), ("EUR-AFN", "exchanger")}
    assert (
        rows[("USD-AFN", "person")]["buy_rate"],
        rows[("USD-AFN", "person")]["sell_rate"],
    ) == (
        "70",
        "71.5",
    )
    for row in body["results"]:
        assert set(row) == PUBLIC_FIELDS
    text = response.content.decode()
    for secret in (
        "Secret Dealer",
        saraf.email,
        saraf.phone,
        saraf.name,
    ):
        assert secret not in text
    assert "history" not in text and "changed_by" not in text and "version" not in text


def test_board_ignores_a_token_and_shows_only_that_saraf(
    api_client, saraf, other_saraf, make_rate, other_owner_client
):
    make_rate("USD", "AFN")
    make_rate("EUR", "AFN", client=other_owner_client)

    mine = api_client.get(f"/api/exchange/public/{saraf.pk}/").json()
    theirs = other_owner_client.get(f"/api/exchange/public/{other_saraf.pk}/").json()

    assert [r["pair"] for r in mine["results"]] == ["USD-AFN"]
    assert [r["pair"] for r in theirs["results"]] == ["EUR-AFN"]


def test_board_of_an_unknown_or_inactive_saraf_is_not_found(
    api_client, saraf, make_rate
):
    make_rate()
    saraf.is_active = False
    saraf.save(update_fields=["is_active"])

    assert api_client.get(f"/api/exchange/public/{saraf.pk}/").status_code == 404
    assert api_client.get("/api/exchange/public/987654/").status_code == 404


def test_board_of_a_saraf_the_directory_hides_is_not_found(
    api_client, saraf, make_rate
):
    make_rate()
    saraf.email_verified = saraf.phone_verified = False
    saraf.save(update_fields=["email_verified", "phone_verified"])

    board = api_client.get(f"/api/exchange/public/{saraf.pk}/")
    directory = api_client.get("/api/saraf/list/").json()

    assert board.status_code == 404
    assert board.json()["error"]["code"] == "not_found"
    assert saraf.pk not in [row["saraf_id"] for row in directory["results"]]

    saraf.phone_verified = True
    saraf.save(update_fields=["phone_verified"])
    assert api_client.get(f"/api/exchange/public/{saraf.pk}/").status_code == 200


def test_board_is_throttled_per_client(api_client, saraf):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import ScopedRateThrottle

    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "public": "2/min"}
    original = ScopedRateThrottle.THROTTLE_RATES
    ScopedRateThrottle.THROTTLE_RATES = rates
    try:
        codes = [
            api_client.get(f"/api/exchange/public/{saraf.pk}/").status_code
            for _ in range(3)
        ]
    finally:
        ScopedRateThrottle.THROTTLE_RATES = original

    assert codes == [200, 200, 429]
