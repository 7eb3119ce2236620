"""A saraf the public directory hides (inactive, or no verified contact) is not
someone a normal user can reach: no new conversation, no message."""

import pytest

from msg.models import Conversation, Message, Participant
from saraf_account.models import SarafAccount
from tests.conftest import authenticated
from tests.factories import EmployeeFactory, SarafFactory
from tests.msg.conftest import CREATE, SEND, open_conversation, send_text

pytestmark = pytest.mark.django_db

USER_CREATE = "/api/messages/normal-user/conversations/create/"
USER_SEND = "/api/messages/normal-user/messages/send/"
UNVERIFIED = {"email_verified": False, "phone_verified": False}
HIDDEN = [UNVERIFIED, {"is_active": False}]


def _hide(saraf, hidden):
    SarafAccount.objects.filter(pk=saraf.pk).update(**hidden)


@pytest.mark.parametrize("path", [CREATE, USER_CREATE])
@pytest.mark.parametrize("who", ["saraf", "employee"])
def test_a_normal_user_cannot_open_a_conversation_with_an_unverified_saraf(
    normal_user_client, path, who
):
    hidden = SarafFactory(**UNVERIFIED)
    target = (
        hidden.pk if who == "saraf" else EmployeeFactory(saraf=hidden, chat=True).pk
    )

    response = normal_user_client.post(
        path, {"participants": [{"kind": who, "id": target}]}, format="json"
    )

    assert response.status_code == 404, response.content
    error = response.json()["error"]
    assert error["code"] == "participant_not_found"
    assert error["fields"] == {"participants": [f"{who}:{target}"]}
    assert Conversation.objects.count() == Participant.objects.count() == 0


def test_a_group_with_one_hidden_saraf_is_refused_whole(normal_user_client, saraf):
    hidden = SarafFactory(**UNVERIFIED)

    response = normal_user_client.post(
        CREATE,
        {
            "participants": [
                {"kind": "saraf", "id": saraf.pk},
                {"kind": "saraf", "id": hidden.pk},
            ]
        },
        format="json",
    )

    assert response.status_code == 404
    assert response.json()["error"]["fields"] == {
        "participants": [f"saraf:{hidden.pk}"]
    }
    assert Conversation.objects.count() == 0


@pytest.mark.parametrize("path", [SEND, USER_SEND])
@pytest.mark.parametrize("hidden", HIDDEN)
def test_a_normal_user_cannot_message_a_saraf_hidden_since(
    normal_user_client, saraf, path, hidden
):
    employee = EmployeeFactory(saraf=saraf, chat=True)
    direct = open_conversation(normal_user_client, ("saraf", saraf.pk))
    with_employee = open_conversation(normal_user_client, ("employee", employee.pk))
    send_text(normal_user_client, direct, "salaam")
    _hide(saraf, hidden)

    for conversation_id in (direct, with_employee):
        response = normal_user_client.post(
            path, {"conversation_id": conversation_id, "text": "hello?"}, format="json"
        )
        assert response.status_code == 404, response.content
        assert response.json()["error"]["code"] == "participant_not_found"
    assert list(Message.objects.values_list("text", flat=True)) == ["salaam"]


def test_an_unverified_sarafs_own_staff_still_chat(saraf, owner_client):
    _hide(saraf, UNVERIFIED)
    employee = EmployeeFactory(saraf=saraf, chat=True)

    conversation = open_conversation(owner_client, ("employee", employee.pk))

    assert send_text(authenticated(employee=employee), conversation, "till count?")
