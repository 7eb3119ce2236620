from datetime import timedelta

import pytest
from django.utils import timezone

from exchange.models import ExchangeRate, ExchangeRateVersion

CREATE = "/api/exchange/create/"


def _body(**overrides):
    body = {
        "from_currency": "USD",
        "to_currency": "AFN",
        "rate_type": "person",
        "buy_rate": "70.25",
        "sell_rate": "71.50",
    }
    body.update(overrides)
    return body


def test_create_rate_returns_it_with_its_first_version(owner_client):
    response = owner_client.post(CREATE, _body(from_currency="usd"), format="json")

    assert response.status_code == 201
    data = response.json()
    assert data["pair"] == "USD-AFN"
    assert data["rate_type"] == "person"
    assert (data["buy_rate"], data["sell_rate"]) == ("70.25", "71.5")
    assert data["changed_by"] == {
        "kind": "owner",
        "employee_id": None,
        "full_name": None,
    }
    assert data["history_count"] == 1
    assert [v["id"] for v in data["history"]] == [data["version_id"]]
    rate = ExchangeRate.objects.get(pk=data["id"])
    assert (
        rate.current_version.buy_rate.compare_total(rate.current_version.buy_rate) == 0
    )


@pytest.mark.parametrize(
    "value",
    [
        "0",
        "0.00",
        "-1",
        "NaN",
        "Infinity",
        "1e3",
        "1.123456789",
        "",
        None,
        True,
        "abc",
        " 70",
        "1,000",
        "1234567890123",
    ],
)
def test_create_refuses_a_bad_rate(owner_client, value):
    response = owner_client.post(CREATE, _body(buy_rate=value), format="json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_rate"
    assert "buy_rate" in response.json()["error"]["fields"]
    assert not ExchangeRate.objects.exists()


def test_create_accepts_eight_decimals_and_json_numbers(owner_client):
    response = owner_client.post(
        CREATE,
        _body(
            from_currency="AFN",
            to_currency="USD",
            buy_rate=0.01398,
            sell_rate="0.01428571",
        ),
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["buy_rate"] == "0.01398"
    assert response.json()["sell_rate"] == "0.01428571"


@pytest.mark.parametrize("literal", ["70.000000000000001", "7.1E1", "7e1"])
def test_create_judges_a_json_number_by_the_text_sent(owner_client, literal):
    response = owner_client.post(
        CREATE,
        data=f'{{"from_currency": "USD", "to_currency": "AFN", "rate_type": "person",'
        f' "buy_rate": {literal}, "sell_rate": "71"}}',
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_rate"
    assert not ExchangeRate.objects.exists()


def test_create_refuses_a_same_currency_pair(owner_client):
    response = owner_client.post(CREATE, _body(to_currency="USD"), format="json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "same_currency"
    assert not ExchangeRate.objects.exists()


def test_create_refuses_a_currency_the_saraf_lacks(owner_client):
    response = owner_client.post(CREATE, _body(to_currency="GBP"), format="json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "currency_not_supported"
    assert "to_currency" in response.json()["error"]["fields"]
    assert not ExchangeRate.objects.exists()


@pytest.mark.parametrize("code", ["US", "USDX", "U$D", "12 "])
def test_create_refuses_a_malformed_currency_code(owner_client, code):
    response = owner_client.post(CREATE, _body(from_currency=code), format="json")

    assert response.status_code == 400
    assert not ExchangeRate.objects.exists()


def test_buy_above_sell_needs_the_explicit_override(owner_client):
    refused = owner_client.post(
        CREATE, _body(buy_rate="72", sell_rate="71"), format="json"
    )
    accepted = owner_client.post(
        CREATE, _body(buy_rate="72", sell_rate="71", allow_inverted=True), format="json"
    )

    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "inverted_rate"
    assert accepted.status_code == 201
    assert accepted.json()["inverted_allowed"] is True


def test_a_second_live_rate_for_the_same_pair_and_type_is_a_conflict(
    owner_client, make_rate
):
    first = make_rate()

    response = owner_client.post(CREATE, _body(), format="json")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "rate_exists"
    assert response.json()["error"]["fields"]["id"] == [str(first["id"])]
    assert make_rate(rate_type="exchanger")["id"] != first["id"]


def test_update_adds_a_version_and_keeps_the_earlier_one(
    owner_client, make_rate, make_employee
):
    from tests.conftest import authenticated

    rate = make_rate(buy="70", sell="71")
    dealer = make_employee("manage_rates", full_name="Rate Dealer")

    response = authenticated(employee=dealer).put(
        f"/api/exchange/{rate['id']}/",
        {"buy_rate": "70.5", "sell_rate": "71.25"},
        format="json",
    )

    assert response.status_code == 200
    data = response.json()
    assert data["id"] == rate["id"]
    assert (data["buy_rate"], data["sell_rate"]) == ("70.5", "71.25")
    assert data["history_count"] == 2
    newest, oldest = data["history"]
    assert newest["changed_by"] == {
        "kind": "employee",
        "employee_id": dealer.pk,
        "full_name": "Rate Dealer",
    }
    assert (oldest["buy_rate"], oldest["sell_rate"]) == ("70", "71")
    assert oldest["changed_by"]["kind"] == "owner"
    history = owner_client.get(f"/api/exchange/{rate['id']}/history/").json()
    assert history["count"] == 2
    assert [v["buy_rate"] for v in history["results"]] == ["70.5", "70"]


def test_patch_changes_one_side_and_checks_the_pair_stays_in_order(
    owner_client, make_rate
):
    rate = make_rate(buy="70", sell="71")

    ok = owner_client.patch(
        f"/api/exchange/{rate['id']}/", {"sell_rate": "72"}, format="json"
    )
    inverted = owner_client.patch(
        f"/api/exchange/{rate['id']}/", {"buy_rate": "73"}, format="json"
    )

    assert ok.status_code == 200
    assert (ok.json()["buy_rate"], ok.json()["sell_rate"]) == ("70", "72")
    assert inverted.status_code == 400
    assert inverted.json()["error"]["code"] == "inverted_rate"
    assert ExchangeRateVersion.objects.filter(rate_id=rate["id"]).count() == 2


def test_put_needs_both_rates_and_an_unchanged_value_writes_no_version(
    owner_client, make_rate
):
    rate = make_rate(buy="70", sell="71")

    partial = owner_client.put(
        f"/api/exchange/{rate['id']}/", {"buy_rate": "70"}, format="json"
    )
    same = owner_client.put(
        f"/api/exchange/{rate['id']}/",
        {"buy_rate": "70.000", "sell_rate": "71"},
        format="json",
    )

    assert partial.status_code == 400
    assert same.status_code == 200
    assert ExchangeRateVersion.objects.filter(rate_id=rate["id"]).count() == 1


def test_update_refuses_a_bad_rate_and_changes_nothing(owner_client, make_rate):
    rate = make_rate()

    response = owner_client.patch(
        f"/api/exchange/{rate['id']}/", {"sell_rate": "-3"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_rate"
    assert ExchangeRateVersion.objects.filter(rate_id=rate["id"]).count() == 1


def test_delete_retires_the_rate_and_keeps_its_history(owner_client, make_rate):
    rate = make_rate()
    owner_client.patch(
        f"/api/exchange/{rate['id']}/", {"sell_rate": "75"}, format="json"
    )

    response = owner_client.delete(f"/api/exchange/{rate['id']}/")

    assert response.status_code == 204
    detail = owner_client.get(f"/api/exchange/{rate['id']}/").json()
    assert detail["retired_at"] is not None
    assert detail["history_count"] == 2
    assert owner_client.get("/api/exchange/").json()["count"] == 0
    again = owner_client.patch(
        f"/api/exchange/{rate['id']}/", {"sell_rate": "76"}, format="json"
    )
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "rate_retired"
    assert owner_client.delete(f"/api/exchange/{rate['id']}/").status_code == 409
    replacement = make_rate(buy="69", sell="70")
    assert replacement["id"] != rate["id"]


def test_list_filters_by_pair_currency_and_type(owner_client, make_rate):
    make_rate("USD", "AFN", "person")
    make_rate("USD", "AFN", "exchanger", buy="70.1", sell="70.9")
    make_rate("EUR", "AFN", "person", buy="76", sell="77")
    make_rate("EUR", "USD", "customer", buy="1.05", sell="1.1")

    def pairs(query):
        response = owner_client.get(f"/api/exchange/{query}")
        assert response.status_code == 200, response.json()
        return sorted((r["pair"], r["rate_type"]) for r in response.json()["results"])

    assert len(pairs("")) == 4
    assert pairs("?pair=usd-afn") == [("USD-AFN", "exchanger"), ("USD-AFN", "person")]
    assert pairs("?to_currency=AFN&rate_type=person") == [
        ("EUR-AFN", "person"),
        ("USD-AFN", "person"),
    ]
    assert pairs("?from_currency=EUR") == [
        ("EUR-AFN", "person"),
        ("EUR-USD", "customer"),
    ]


@pytest.mark.parametrize(
    "query",
    [
        "?pair=USDAFN",
        "?rate_type=vip",
        "?at=yesterday",
        "?date_from=x",
        "?from_currency=US",
    ],
)
def test_list_refuses_bad_filters(owner_client, query):
    response = owner_client.get(f"/api/exchange/{query}")

    assert response.status_code == 400
    assert response.json()["error"]["code"] in (
        "validation_error",
        "currency_not_supported",
    )


def test_at_returns_the_value_in_force_then(owner_client, make_rate):
    rate = make_rate(buy="70", sell="71")
    ExchangeRateVersion.objects.filter(rate_id=rate["id"]).update(
        effective_from=timezone.now() - timedelta(days=2)
    )
    owner_client.patch(
        f"/api/exchange/{rate['id']}/", {"buy_rate": "70.5"}, format="json"
    )
    yesterday = (timezone.now() - timedelta(days=1)).isoformat()
    three_days_ago = (timezone.now() - timedelta(days=3)).isoformat()

    then = owner_client.get("/api/exchange/", {"at": yesterday}).json()["results"]
    now = owner_client.get("/api/exchange/").json()["results"]
    before = owner_client.get("/api/exchange/", {"at": three_days_ago}).json()[
        "results"
    ]

    assert [(r["id"], r["buy_rate"]) for r in then] == [(rate["id"], "70")]
    assert [(r["id"], r["buy_rate"]) for r in now] == [(rate["id"], "70.5")]
    assert before == []


def test_at_includes_a_rate_retired_later_and_not_one_retired_before(
    owner_client, make_rate
):
    rate = make_rate()
    ExchangeRateVersion.objects.filter(rate_id=rate["id"]).update(
        effective_from=timezone.now() - timedelta(days=2)
    )
    owner_client.delete(f"/api/exchange/{rate['id']}/")

    yesterday = owner_client.get(
        "/api/exchange/", {"at": (timezone.now() - timedelta(days=1)).isoformat()}
    ).json()
    tomorrow = owner_client.get(
        "/api/exchange/", {"at": (timezone.now() + timedelta(days=1)).isoformat()}
    ).json()

    assert [r["id"] for r in yesterday["results"]] == [rate["id"]]
    assert tomorrow["count"] == 0


def test_date_range_filters_on_when_the_value_took_effect(owner_client, make_rate):
    old = make_rate("USD", "AFN")
    make_rate("EUR", "AFN", buy="76", sell="77")
    ExchangeRateVersion.objects.filter(rate_id=old["id"]).update(
        effective_from=timezone.now() - timedelta(days=10)
    )

    recent = owner_client.get(
        "/api/exchange/",
        {"date_from": (timezone.now() - timedelta(days=1)).isoformat()},
    ).json()
    older = owner_client.get(
        "/api/exchange/", {"date_to": (timezone.now() - timedelta(days=5)).isoformat()}
    ).json()
    backwards = owner_client.get(
        "/api/exchange/",
        {"date_from": timezone.now().isoformat(), "date_to": "2020-01-01T00:00:00Z"},
    )

    assert [r["pair"] for r in recent["results"]] == ["EUR-AFN"]
    assert [r["pair"] for r in older["results"]] == ["USD-AFN"]
    assert backwards.status_code == 400


def test_search_matches_codes_and_names(owner_client, make_rate):
    make_rate("USD", "AFN")
    make_rate("EUR", "AFN", buy="76", sell="77")
    make_rate("EUR", "USD", buy="1.05", sell="1.1")

    def search(q, **extra):
        response = owner_client.get("/api/exchange/search/", {"q": q, **extra})
        assert response.status_code == 200, response.json()
        return sorted(r["pair"] for r in response.json()["results"])

    assert search("usd") == ["EUR-USD", "USD-AFN"]
    assert search("euro afghani") == ["EUR-AFN"]
    assert search("USD", rate_type="exchanger") == []
    assert search("") == ["EUR-AFN", "EUR-USD", "USD-AFN"]


def test_list_uses_a_fixed_number_of_queries(
    owner_client, make_rate, django_assert_num_queries
):
    make_rate("USD", "AFN")
    # session + count + page
    with django_assert_num_queries(3):
        owner_client.get("/api/exchange/")
    for pair in (("EUR", "AFN"), ("EUR", "USD"), ("JPY", "AFN")):
        make_rate(*pair, buy="1", sell="2")
    for rate_type in ("exchanger", "customer"):
        make_rate("USD", "AFN", rate_type)

    with django_assert_num_queries(3):
        response = owner_client.get("/api/exchange/")

    assert response.json()["count"] == 6


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_need_manage_rates(employee_client, make_rate, method):
    rate = make_rate()
    client = employee_client("create_exchange", "view_history")
    path = CREATE if method == "post" else f"/api/exchange/{rate['id']}/"

    response = getattr(client, method)(path, _body(rate_type="customer"), format="json")

    assert response.status_code == 403
    assert ExchangeRate.objects.count() == 1
    assert ExchangeRateVersion.objects.count() == 1


def test_any_staff_member_reads_rates(employee_client, make_rate):
    rate = make_rate()
    client = employee_client()

    assert client.get("/api/exchange/").json()["count"] == 1
    assert client.get(f"/api/exchange/{rate['id']}/").status_code == 200


def test_normal_users_and_anonymous_callers_cannot_use_the_staff_endpoints(
    api_client, normal_user_client
):
    assert api_client.get("/api/exchange/").status_code == 401
    assert normal_user_client.get("/api/exchange/").status_code == 403
    assert normal_user_client.post(CREATE, _body(), format="json").status_code == 403


def test_another_sarafs_rate_is_not_found(other_owner_client, make_rate):
    rate = make_rate()
    path = f"/api/exchange/{rate['id']}/"

    assert other_owner_client.get(path).status_code == 404
    assert other_owner_client.get(f"{path}history/").status_code == 404
    assert (
        other_owner_client.patch(path, {"buy_rate": "1"}, format="json").status_code
        == 404
    )
    assert (
        other_owner_client.put(
            path, {"buy_rate": "1", "sell_rate": "2"}, format="json"
        ).status_code
        == 404
    )
    assert other_owner_client.delete(path).status_code == 404
    assert other_owner_client.get("/api/exchange/").json()["count"] == 0
    assert ExchangeRateVersion.objects.count() == 1
    assert ExchangeRate.objects.get().retired_at is None


def test_unknown_rate_and_malformed_json_are_clear_errors(owner_client):
    assert owner_client.get("/api/exchange/999999/").status_code == 404
    response = owner_client.generic(
        "POST", CREATE, "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "malformed_request"


def test_at_now_and_the_default_list_agree(owner_client, make_rate):
    usd = make_rate("USD", "AFN")
    make_rate("EUR", "AFN", buy="76", sell="77")
    retired = make_rate("USD", "AFN", "customer")
    owner_client.patch(
        f"/api/exchange/{usd['id']}/", {"buy_rate": "70.5"}, format="json"
    )
    owner_client.delete(f"/api/exchange/{retired['id']}/")
    soon = (timezone.now() + timedelta(seconds=1)).isoformat()

    default = owner_client.get("/api/exchange/").json()["results"]
    at_now = owner_client.get("/api/exchange/", {"at": soon}).json()["results"]

    assert default == at_now
    assert [(r["pair"], r["buy_rate"]) for r in default] == [
        ("EUR-AFN", "76"),
        ("USD-AFN", "70.5"),
    ]


@pytest.mark.parametrize("q", ["دالر", "%", "_", "%%", "   ", "-/ ,.", "؋", "123"])
def test_search_without_a_currency_word_is_refused(owner_client, make_rate, q):
    make_rate("USD", "AFN")

    response = owner_client.get("/api/exchange/search/", {"q": q})

    assert response.status_code == 400, response.json()
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert list(error["fields"]) == ["q"]
    assert "currency code" in error["fields"]["q"][0]


def test_search_wildcards_are_not_patterns(owner_client, make_rate):
    make_rate("USD", "AFN")
    make_rate("EUR", "AFN", buy="76", sell="77")

    def search(q):
        response = owner_client.get("/api/exchange/search/", {"q": q})
        assert response.status_code == 200, response.json()
        return sorted(r["pair"] for r in response.json()["results"])

    # % and _ only separate words, as spaces do: never "anything".
    assert search("eur%") == search("eur") == ["EUR-AFN"]
    assert search("%eur_") == ["EUR-AFN"]
    assert search("e_r") == search("e r")
    assert search("x%") == []


@pytest.mark.parametrize(
    "method, body",
    [
        ("put", {"buy_rate": "72", "sell_rate": "71"}),
        ("put", {"buy_rate": "72.00", "sell_rate": 71, "allow_inverted": False}),
        ("patch", {"buy_rate": "72"}),
        ("patch", {"sell_rate": "71.0"}),
        ("patch", {}),
    ],
)
def test_resending_an_inverted_rates_values_is_a_no_op(
    owner_client, make_rate, method, body
):
    rate = make_rate(buy="72", sell="71", allow_inverted=True)

    response = getattr(owner_client, method)(
        f"/api/exchange/{rate['id']}/", body, format="json"
    )

    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["buy_rate"], data["sell_rate"]) == ("72", "71")
    assert data["version_id"] == rate["version_id"]
    assert data["inverted_allowed"] is True
    assert ExchangeRateVersion.objects.filter(rate_id=rate["id"]).count() == 1


def test_changing_an_inverted_rate_still_needs_the_override(owner_client, make_rate):
    rate = make_rate(buy="72", sell="71", allow_inverted=True)
    url = f"/api/exchange/{rate['id']}/"

    refused = owner_client.patch(url, {"buy_rate": "73"}, format="json")
    accepted = owner_client.patch(
        url, {"buy_rate": "73", "allow_inverted": True}, format="json"
    )

    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "inverted_rate"
    assert accepted.status_code == 200
    assert ExchangeRateVersion.objects.filter(rate_id=rate["id"]).count() == 2


@pytest.mark.parametrize("inverted", [False, True])
@pytest.mark.parametrize(
    "method, body, unknown",
    [
        ("patch", {"rate": "70"}, ["rate"]),
        ("patch", {"buy": "70", "sell": "71"}, ["buy", "sell"]),
        ("patch", {"buy_rate": "69", "retired_at": None}, ["retired_at"]),
        ("put", {"buy_rate": "69", "sell_rate": "75", "saraf_id": 9}, ["saraf_id"]),
    ],
)
def test_an_update_naming_unknown_fields_is_refused_by_name(
    owner_client, make_rate, method, body, unknown, inverted
):
    buy, sell = ("72", "71") if inverted else ("70", "71")
    rate = make_rate(buy=buy, sell=sell, allow_inverted=inverted)

    response = getattr(owner_client, method)(
        f"/api/exchange/{rate['id']}/", body, format="json"
    )

    assert response.status_code == 400, response.json()
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert sorted(error["fields"]) == unknown
    assert ExchangeRateVersion.objects.filter(rate_id=rate["id"]).count() == 1


def test_create_refuses_a_misspelt_key_instead_of_ignoring_it(owner_client):
    response = owner_client.post(
        CREATE, _body(allow_invert=True, saraf_id=2), format="json"
    )
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"allow_invert", "saraf_id"}
    assert not ExchangeRate.objects.exists()
