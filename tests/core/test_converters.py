import pytest


@pytest.mark.parametrize("raw", ["0", "01", "00001", str(2**63), str(2**70), "9" * 19])
def test_ids_outside_bigint_are_not_found(owner_client, raw):
    response = owner_client.get(f"/api/saraf-create-accounts/{raw}/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_largest_bigint_id_is_routed_and_not_found(owner_client):
    response = owner_client.get(f"/api/hawala/receipt/{2**63 - 1}/")
    assert response.status_code == 404


def test_unrouted_paths_answer_in_the_error_shape(api_client):
    response = api_client.get("/api/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "not_found", "message": "Not found.", "fields": {}}
    }


@pytest.mark.parametrize(
    "path", ["/api/no-such-thing/", f"/api/exchange/{2**70}/", "/api/exchange/0/"]
)
def test_with_debug_on_unrouted_api_paths_still_answer_json(api_client, settings, path):
    settings.DEBUG = True
    response = api_client.get(path)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("debug", [True, False])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_write_without_the_trailing_slash_is_a_404_naming_the_slash(
    owner_client, settings, debug, method
):
    settings.DEBUG = debug
    response = getattr(owner_client, method)(
        "/api/transaction/create", {"currency": "USD", "amount": "1"}, format="json"
    )
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "not_found"
    assert error["message"].endswith("end in a slash: /api/transaction/create/")


def test_a_read_without_the_trailing_slash_is_still_redirected(owner_client):
    response = owner_client.get("/api/balance")
    assert response.status_code == 301
    assert response["Location"] == "/api/balance/"


def test_an_unknown_path_without_a_slash_is_a_plain_404(owner_client):
    response = owner_client.post("/api/no-such-thing", {}, format="json")
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "Not found."


@pytest.mark.parametrize("debug", [True, False])
def test_a_host_not_allowed_answers_400_in_the_error_shape(api_client, settings, debug):
    settings.DEBUG = debug
    settings.ALLOWED_HOSTS = ["api.amupay.af"]
    response = api_client.get("/api/currency/available/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"


@pytest.mark.parametrize("debug", [True, False])
def test_the_browsable_api_keeps_a_views_own_error(owner_client, settings, debug):
    settings.DEBUG = debug
    response = owner_client.post(
        "/api/transaction/create/",
        {"currency": "USD", "amount": "-1", "transaction_type": "deposit"},
        format="json",
        HTTP_ACCEPT="text/html",
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert b"invalid_amount" in response.content
