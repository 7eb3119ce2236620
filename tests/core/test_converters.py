import pytest


@pytest.mark.parametrize("raw", ["0", str(2**63), str(2**70), "9" * 19])
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
