import pytest

from tests.msg.conftest import SEND, send_text

pytestmark = pytest.mark.django_db

HUGE = 10**20
BIGINT_OVERFLOW = 2**63


@pytest.mark.parametrize("pk", [0, BIGINT_OVERFLOW, HUGE])
@pytest.mark.parametrize(
    ("method", "template"),
    [
        ("get", "/api/messages/conversations/{}/"),
        ("delete", "/api/messages/conversations/{}/delete/"),
        ("get", "/api/messages/messages/{}/status/"),
        ("get", "/api/messages/messages/{}/attachment/"),
        ("get", "/api/messages/notifications/{}/"),
        ("patch", "/api/messages/notifications/{}/"),
        ("get", "/api/messages/normal-user/conversations/{}/"),
    ],
)
def test_out_of_range_ids_are_404(normal_user_client, method, template, pk):
    response = getattr(normal_user_client, method)(template.format(pk))
    assert response.status_code == 404


@pytest.mark.parametrize(
    "body", [[], ["text"], "text", 5, None, {"conversation_id": [1], "text": "x"}]
)
def test_odd_json_bodies_are_400(normal_user_client, user_conversation, body):
    response = normal_user_client.post(SEND, body, format="json")
    assert response.status_code == 400
    assert "error" in response.json()


@pytest.mark.parametrize(
    "params",
    [
        {"q": "a\x00b"},
        {"q": "hi", "page": "abc"},
        {"q": "hi", "page": "999"},
        {"q": "hi", "page_size": "-5"},
        {"q": "hi", "page_size": "abc"},
    ],
)
def test_odd_search_queries_never_500(normal_user_client, user_conversation, params):
    send_text(normal_user_client, user_conversation, "hi there")
    response = normal_user_client.get("/api/messages/messages/search/", params)
    assert response.status_code in (200, 400, 404)
    assert response.status_code != 200 or response.json()["count"] == 1


def test_unknown_conversation_id_in_send_is_404(normal_user_client):
    for conversation_id in (1, 2**63 - 1):
        response = normal_user_client.post(
            SEND, {"conversation_id": conversation_id, "text": "x"}, format="json"
        )
        assert response.status_code == 404


def test_multipart_with_an_empty_conversation_id_is_400(normal_user_client):
    response = normal_user_client.post(
        SEND, {"conversation_id": "", "text": "x"}, format="multipart"
    )
    assert response.status_code == 400


def test_create_with_a_wrong_content_type_is_415(normal_user_client):
    response = normal_user_client.post(
        "/api/messages/conversations/create/",
        data="participants=1",
        content_type="text/plain",
    )
    assert response.status_code == 415


def test_a_bad_item_after_good_ones_names_the_error(normal_user_client, saraf):
    response = normal_user_client.post(
        "/api/messages/conversations/create/",
        {
            "participants": [
                {"kind": "saraf", "id": saraf.pk},
                {"kind": "normal_user", "id": 2**63},
            ]
        },
        format="json",
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert error["message"].startswith("participants: Ensure this value")
    assert error["fields"]["participants"][0] == {}
