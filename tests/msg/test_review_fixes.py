"""Regressions found by the fresh-eyes review of messaging."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from msg.models import Conversation, MessageDelivery, Participant
from tests.factories import EmployeeFactory, NormalUserFactory, SarafFactory
from tests.msg.conftest import CREATE, SEND, open_conversation, send_text

pytestmark = pytest.mark.django_db

LIST = "/api/messages/conversations/"
STATS = "/api/messages/messages/stats/"


def _create(client, refs):
    body = {"participants": [{"kind": kind, "id": pk} for kind, pk in refs]}
    with CaptureQueriesContext(connection) as captured:
        response = client.post(CREATE, body, format="json")
    return response, len(captured)


def test_a_long_participant_list_is_refused_before_any_lookup(normal_user_client):
    refs = [("saraf", 10_000 + n) for n in range(2000)]
    _, baseline = _create(normal_user_client, [("saraf", 99_999)])

    response, queries = _create(normal_user_client, refs)

    assert response.status_code == 400
    assert "participants" in response.json()["error"]["fields"]
    assert queries < baseline
    assert Conversation.objects.count() == 0


def test_participants_are_looked_up_in_a_fixed_number_of_queries(normal_user_client):
    def unknown(n):
        return [
            (kind, 10_000 + i)
            for i in range(n)
            for kind in ("saraf", "employee", "normal_user")
        ]

    few, few_queries = _create(normal_user_client, unknown(1))
    many, many_queries = _create(normal_user_client, unknown(16))

    assert few.status_code == many.status_code == 404
    assert many.json()["error"]["code"] == "participant_not_found"
    assert len(many.json()["error"]["fields"]["participants"]) == 48
    assert few_queries == many_queries
    assert Participant.objects.count() == 0


def test_a_group_of_real_identities_still_opens_with_everyone(normal_user_client):
    saraf = SarafFactory()
    employee = EmployeeFactory(chat=True)
    other_user = NormalUserFactory()
    refs = [
        ("saraf", saraf.pk),
        ("employee", employee.pk),
        ("normal_user", other_user.pk),
        ("saraf", saraf.pk),
    ]

    response, _ = _create(normal_user_client, refs)

    assert response.status_code == 201
    assert [(p["kind"], p["id"]) for p in response.json()["participants"]][1:] == [
        ("saraf", saraf.pk),
        ("employee", employee.pk),
        ("normal_user", other_user.pk),
    ]


def test_an_employee_beside_its_saraf_does_not_receive_its_own_message(
    owner_client, chat_employee, chat_employee_client, normal_user
):
    group = open_conversation(
        owner_client,
        ("normal_user", normal_user.pk),
        ("employee", chat_employee.pk),
    )
    send_text(chat_employee_client, group, "the rate is 70.5 today")
    to_saraf = MessageDelivery.objects.get(recipient__kind="saraf")

    listed = chat_employee_client.get(LIST).json()["results"]
    assert [(c["id"], c["unread_count"]) for c in listed] == [(group, 0)]
    stats = chat_employee_client.get(STATS).json()
    assert (stats["sent"], stats["received"], stats["unread"]) == (1, 0, 0)
    chat_employee_client.get(f"/api/messages/conversations/{group}/")
    to_saraf.refresh_from_db()
    assert (to_saraf.status, to_saraf.delivered_at, to_saraf.read_at) == (
        "sent",
        None,
        None,
    )

    owner_list = owner_client.get(LIST).json()["results"]
    assert owner_list[0]["unread_count"] == 1
    owner_client.get(f"/api/messages/conversations/{group}/")
    to_saraf.refresh_from_db()
    assert to_saraf.status == "read"


def test_notification_list_is_a_fixed_number_of_queries_whatever_the_page_size(
    normal_user_client, owner_client, normal_user
):
    conversation = open_conversation(owner_client, ("normal_user", normal_user.pk))
    for n in range(12):
        send_text(owner_client, conversation, f"hawala {n}")

    def queries_for(page_size):
        with CaptureQueriesContext(connection) as captured:
            response = normal_user_client.get(
                "/api/messages/notifications/", {"page_size": page_size}
            )
        assert len(response.json()["results"]) == page_size
        return len(captured)

    assert queries_for(2) == queries_for(12)


INVISIBLE = [
    "\u200b",
    "\u200c\u200d",
    "\u0640\u064b",
    "\ufeff \u2060",
    "\u200f\n\u200e",
]


@pytest.mark.parametrize("query", INVISIBLE)
def test_a_search_with_nothing_visible_is_a_400_not_every_message(
    normal_user_client, owner_client, user_conversation, query
):
    send_text(owner_client, user_conversation, "hawala received")

    response = normal_user_client.get("/api/messages/messages/search/", {"q": query})

    assert response.status_code == 400
    assert response.json()["error"]["fields"]["q"]


@pytest.mark.parametrize("text", INVISIBLE)
def test_a_message_with_nothing_visible_is_empty(
    normal_user_client, user_conversation, text
):
    response = normal_user_client.post(
        "/api/messages/messages/send/",
        {"conversation_id": user_conversation, "text": text},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "empty_message"
    assert not MessageDelivery.objects.exists()


def test_text_with_zero_width_joiners_is_kept_and_found(
    normal_user_client, user_conversation
):
    send_text(normal_user_client, user_conversation, "حواله\u200cها رسید")
    found = normal_user_client.get(
        "/api/messages/messages/search/", {"q": "حوالهها"}
    ).json()
    assert [m["text"] for m in found["results"]] == ["حواله\u200cها رسید"]


def test_a_message_of_blank_glyphs_is_empty(normal_user_client, saraf):
    conversation = open_conversation(normal_user_client, ("saraf", saraf.pk))
    response = normal_user_client.post(
        SEND, {"conversation_id": conversation, "text": "\u3164\u2800"}, format="json"
    )
    assert response.status_code == 400


def test_fifty_others_is_one_too_many(normal_user_client):
    refs = [("saraf", 10_000 + n) for n in range(50)]
    response, _ = _create(normal_user_client, refs)
    assert response.json()["error"]["code"] == "too_many_participants"
