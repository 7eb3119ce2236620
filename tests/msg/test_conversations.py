import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.auth import Identity
from msg.models import Conversation, Participant
from msg.services import conversation_create
from tests.conftest import authenticated
from tests.factories import EmployeeFactory, NormalUserFactory, SarafFactory
from tests.msg.conftest import CREATE, open_conversation, send_text

pytestmark = pytest.mark.django_db

LIST = "/api/messages/conversations/"


def detail(conversation_id):
    return f"/api/messages/conversations/{conversation_id}/"


def test_normal_user_opens_a_direct_conversation_with_a_saraf(
    normal_user_client, normal_user, saraf
):
    response = normal_user_client.post(
        CREATE, {"participants": [{"kind": "saraf", "id": saraf.pk}]}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["kind"] == "direct"
    assert body["created"] is True
    assert body["unread_count"] == 0
    assert body["last_message"] is None
    assert {(p["kind"], p["id"]) for p in body["participants"]} == {
        ("normal_user", normal_user.pk),
        ("saraf", saraf.pk),
    }
    again = normal_user_client.post(
        CREATE, {"participants": [{"kind": "saraf", "id": saraf.pk}]}, format="json"
    )
    assert again.status_code == 200
    assert again.json()["id"] == body["id"]
    assert again.json()["created"] is False
    assert Conversation.objects.count() == 1


def test_the_other_side_opening_the_same_pair_gets_the_same_conversation(
    normal_user_client, owner_client, normal_user, saraf
):
    first = open_conversation(normal_user_client, ("saraf", saraf.pk))
    second = open_conversation(owner_client, ("normal_user", normal_user.pk))
    assert first == second


def test_group_conversation_with_every_kind_of_participant(
    owner_client, saraf, chat_employee, normal_user
):
    other = SarafFactory()
    response = owner_client.post(
        CREATE,
        {
            "title": "حواله کابل ـ هرات",
            "participants": [
                {"kind": "employee", "id": chat_employee.pk},
                {"kind": "normal_user", "id": normal_user.pk},
                {"kind": "saraf", "id": other.pk},
                {"kind": "saraf", "id": saraf.pk},
            ],
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["kind"] == "group"
    assert body["title"] == "حواله کابل ـ هرات"
    assert len(body["participants"]) == 4


@pytest.mark.parametrize(
    "target",
    [
        lambda: ("saraf", 999_999),
        lambda: ("saraf", SarafFactory(is_active=False).pk),
        lambda: ("normal_user", NormalUserFactory(is_active=False).pk),
        lambda: ("employee", EmployeeFactory(chat=False).pk),
        lambda: ("employee", EmployeeFactory(chat=True, is_active=False).pk),
    ],
)
def test_someone_who_cannot_chat_is_not_found_and_nothing_is_created(
    normal_user_client, target
):
    kind, pk = target()
    response = normal_user_client.post(
        CREATE, {"participants": [{"kind": kind, "id": pk}]}, format="json"
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "participant_not_found"
    assert Conversation.objects.count() == 0
    assert Participant.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"participants": []},
        {"participants": "saraf"},
        {"participants": [{"kind": "admin", "id": 1}]},
        {"participants": [{"kind": "saraf", "id": "abc"}]},
        {"participants": [{"kind": "saraf", "id": 10**30}]},
        {"participants": [{"kind": "saraf", "id": -1}]},
        {"participants": [{"kind": "saraf"}]},
        {"participants": [{"kind": "saraf", "id": 1}], "title": "x" * 121},
        {"participants": [{"kind": "saraf", "id": 1}], "title": 5},
    ],
)
def test_malformed_create_is_a_400(normal_user_client, body):
    response = normal_user_client.post(CREATE, body, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"
    assert Conversation.objects.count() == 0


def test_malformed_json_is_a_400(normal_user_client):
    response = normal_user_client.post(
        CREATE, data="{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "malformed_request"


def test_a_conversation_with_only_yourself_is_refused(normal_user_client, normal_user):
    response = normal_user_client.post(
        CREATE,
        {"participants": [{"kind": "normal_user", "id": normal_user.pk}]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "no_participants"
    assert Conversation.objects.count() == 0


def test_list_is_newest_activity_first_with_unread_and_last_message(
    normal_user_client, owner_client, normal_user
):
    first = open_conversation(owner_client, ("normal_user", normal_user.pk))
    second = open_conversation(owner_client, ("saraf", SarafFactory().pk))
    send_text(owner_client, second, "second")
    send_text(owner_client, first, "سلام، حواله شما رسید")
    send_text(owner_client, first, "لطفاً تشریف بیاورید")

    owner_list = owner_client.get(LIST).json()
    assert [c["id"] for c in owner_list["results"]] == [first, second]
    assert owner_list["results"][0]["last_message"]["text"] == "لطفاً تشریف بیاورید"
    assert owner_list["results"][0]["unread_count"] == 0

    user_list = normal_user_client.get(LIST).json()
    assert user_list["count"] == 1
    assert user_list["results"][0]["unread_count"] == 2
    assert user_list["results"][0]["last_message"]["is_mine"] is False


def test_list_runs_a_fixed_number_of_queries_whatever_the_page_size(
    owner_client, saraf
):
    def queries_for(page_size):
        with CaptureQueriesContext(connection) as captured:
            response = owner_client.get(LIST, {"page_size": page_size})
        assert response.status_code == 200
        assert len(response.json()["results"]) == page_size
        return len(captured)

    for _ in range(12):
        conversation = open_conversation(
            owner_client,
            ("normal_user", NormalUserFactory().pk),
            ("employee", EmployeeFactory(saraf=saraf, chat=True).pk),
        )
        send_text(owner_client, conversation, "hello")
    assert queries_for(2) == queries_for(12) <= 7


def test_employee_with_chat_handles_the_saraf_inbox(
    normal_user_client, chat_employee_client, user_conversation, saraf
):
    send_text(normal_user_client, user_conversation, "Is my hawala ready?")
    listed = chat_employee_client.get(LIST).json()
    assert [c["id"] for c in listed["results"]] == [user_conversation]
    reply = chat_employee_client.post(
        "/api/messages/messages/send/",
        {"conversation_id": user_conversation, "text": "Yes, come at 10."},
        format="json",
    )
    assert reply.status_code == 201
    assert reply.json()["sender"]["kind"] == "employee"
    assert reply.json()["sender"]["saraf_id"] == saraf.pk
    seen = normal_user_client.get(detail(user_conversation)).json()
    assert [m["text"] for m in seen["messages"]["results"]] == [
        "Yes, come at 10.",
        "Is my hawala ready?",
    ]


def test_employee_without_chat_is_refused(employee_client, user_conversation):
    client = employee_client("send_transfer")
    assert client.get(LIST).status_code == 403
    assert client.get(detail(user_conversation)).status_code == 403
    response = client.post(
        "/api/messages/messages/send/",
        {"conversation_id": user_conversation, "text": "hi"},
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_other_sarafs_and_their_employees_cannot_read_a_conversation(
    user_conversation, other_owner_client, other_saraf_employee_client, stranger_client
):
    for client in (other_owner_client, other_saraf_employee_client, stranger_client):
        response = client.get(detail(user_conversation))
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "conversation_not_found"
        assert client.get(LIST).json()["count"] == 0


def test_an_employees_own_chat_stays_private_from_colleagues_and_other_sarafs(
    saraf, normal_user, owner_client, other_owner_client
):
    alice = EmployeeFactory(saraf=saraf, chat=True)
    bob_client = authenticated(employee=EmployeeFactory(saraf=saraf, chat=True))
    alice_client = authenticated(employee=alice)
    private = open_conversation(alice_client, ("normal_user", normal_user.pk))
    send_text(alice_client, private, "private")
    assert bob_client.get(detail(private)).status_code == 404
    assert other_owner_client.get(detail(private)).status_code == 404
    assert owner_client.get(detail(private)).status_code == 404
    assert alice_client.get(detail(private)).status_code == 200


def test_detail_paginates_messages_newest_first(normal_user_client, user_conversation):
    for n in range(5):
        send_text(normal_user_client, user_conversation, f"message {n}")
    page = normal_user_client.get(detail(user_conversation), {"page_size": 2}).json()
    assert page["messages"]["count"] == 5
    assert [m["text"] for m in page["messages"]["results"]] == [
        "message 4",
        "message 3",
    ]
    assert page["messages"]["next"] is not None
    assert all(m["is_mine"] for m in page["messages"]["results"])


def test_unknown_conversation_is_404(normal_user_client):
    assert normal_user_client.get(detail(987654)).status_code == 404


def test_delete_hides_for_me_only_and_a_new_message_brings_it_back(
    normal_user_client, owner_client, user_conversation
):
    send_text(normal_user_client, user_conversation, "hello")
    response = normal_user_client.delete(
        f"/api/messages/conversations/{user_conversation}/delete/"
    )
    assert response.status_code == 204
    assert normal_user_client.get(LIST).json()["count"] == 0
    assert owner_client.get(LIST).json()["count"] == 1
    assert Conversation.objects.filter(pk=user_conversation).exists()

    send_text(owner_client, user_conversation, "we are open until 5")
    back = normal_user_client.get(LIST).json()
    assert [c["id"] for c in back["results"]] == [user_conversation]
    assert back["results"][0]["unread_count"] == 1


def test_deleting_a_conversation_you_are_not_in_is_404_and_changes_nothing(
    user_conversation, stranger_client, other_owner_client
):
    for client in (stranger_client, other_owner_client):
        response = client.delete(
            f"/api/messages/conversations/{user_conversation}/delete/"
        )
        assert response.status_code == 404
    assert not Participant.objects.filter(hidden_at__isnull=False).exists()


def test_normal_user_mirrors_refuse_sarafs(owner_client, user_conversation):
    for path in (
        "/api/messages/normal-user/conversations/",
        f"/api/messages/normal-user/conversations/{user_conversation}/",
        "/api/messages/normal-user/notifications/",
    ):
        assert owner_client.get(path).status_code == 403


def test_normal_user_mirrors_work_like_the_main_endpoints(normal_user_client, saraf):
    created = normal_user_client.post(
        "/api/messages/normal-user/conversations/create/",
        {"participants": [{"kind": "saraf", "id": saraf.pk}]},
        format="json",
    )
    assert created.status_code == 201
    conversation_id = created.json()["id"]
    sent = normal_user_client.post(
        "/api/messages/normal-user/messages/send/",
        {"conversation_id": conversation_id, "text": "salaam"},
        format="json",
    )
    assert sent.status_code == 201
    status = normal_user_client.get(
        f"/api/messages/normal-user/messages/{sent.json()['id']}/status/"
    )
    assert status.json()["status"] == "sent"
    listed = normal_user_client.get("/api/messages/normal-user/conversations/")
    assert listed.json()["count"] == 1
    assert (
        normal_user_client.get(
            f"/api/messages/normal-user/conversations/{conversation_id}/"
        ).status_code
        == 200
    )
    deleted = normal_user_client.delete(
        f"/api/messages/normal-user/conversations/{conversation_id}/delete/"
    )
    assert deleted.status_code == 204


def test_anonymous_is_401(api_client):
    response = api_client.get(LIST)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_both_sides_opening_a_direct_conversation_at_once_get_the_same_one():
    saraf, user = SarafFactory(), NormalUserFactory()
    owner = Identity(kind="saraf", session_id="s1", saraf=saraf)
    customer = Identity(kind="normal_user", session_id="s2", normal_user=user)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def open_as(identity, target):
        try:
            barrier.wait()
            conversation, _ = conversation_create(
                identity=identity, participants=[target]
            )
            results.append(conversation.pk)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=open_as, args=(owner, ("normal_user", user.pk))),
        threading.Thread(target=open_as, args=(customer, ("saraf", saraf.pk))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(results)) == 1
    assert Conversation.objects.count() == 1
    assert Participant.objects.count() == 2


def test_detail_runs_a_fixed_number_of_queries_whatever_the_page_size(
    normal_user_client, owner_client, chat_employee_client, user_conversation
):
    for n in range(6):
        send_text(normal_user_client, user_conversation, f"q {n}")
        send_text(owner_client, user_conversation, f"a {n}")
        send_text(chat_employee_client, user_conversation, f"e {n}")

    def queries_for(page_size):
        with CaptureQueriesContext(connection) as captured:
            response = normal_user_client.get(
                detail(user_conversation), {"page_size": page_size}
            )
        assert len(response.json()["messages"]["results"]) == page_size
        return len(captured)

    assert queries_for(2) == queries_for(18) <= 8
