import pytest

from msg.models import Notification
from msg.services import notification_create, notification_create_for_saraf_staff
from tests.conftest import authenticated
from tests.factories import EmployeeFactory
from tests.msg.conftest import send_text

pytestmark = pytest.mark.django_db

LIST = "/api/messages/notifications/"


def test_a_new_message_notifies_every_other_participant(
    normal_user_client, owner_client, user_conversation, normal_user
):
    message_id = send_text(normal_user_client, user_conversation, "Is it ready?")
    owner_list = owner_client.get(LIST).json()
    assert owner_list["unread_count"] == 1
    [notification] = owner_list["results"]
    assert notification["kind"] == "message"
    assert normal_user.full_name in notification["title"]
    assert notification["body"] == "Is it ready?"
    assert notification["data"] == {
        "conversation_id": user_conversation,
        "message_id": message_id,
    }
    assert normal_user_client.get(LIST).json()["count"] == 0


def test_get_marks_read_and_patch_can_mark_unread(owner_client, saraf):
    created = notification_create(
        recipient_saraf_id=saraf.pk, kind="hawala_received", title="t", body="b"
    )
    path = f"{LIST}{created.pk}/"
    read = owner_client.get(path)
    assert read.status_code == 200
    assert read.json()["is_read"] is True
    assert read.json()["read_at"] is not None
    assert owner_client.get(LIST).json()["unread_count"] == 0

    unread = owner_client.patch(path, {"is_read": False}, format="json")
    assert unread.json()["is_read"] is False
    assert owner_client.get(LIST).json()["unread_count"] == 1
    assert owner_client.patch(path, {}, format="json").json()["is_read"] is True

    bad = owner_client.patch(path, {"is_read": "maybe"}, format="json")
    assert bad.status_code == 400


def test_read_all(normal_user_client, normal_user):
    for n in range(3):
        notification_create(
            recipient_normal_user_id=normal_user.pk, kind="x", title=f"{n}", body=""
        )
    response = normal_user_client.post(f"{LIST}read-all/")
    assert response.json() == {"updated": 3}
    assert normal_user_client.get(LIST).json()["unread_count"] == 0
    mirror = normal_user_client.get("/api/messages/normal-user/notifications/")
    assert mirror.json()["count"] == 3


def test_someone_elses_notification_is_404_and_stays_unread(
    owner_client, other_owner_client, normal_user_client, saraf
):
    created = notification_create(
        recipient_saraf_id=saraf.pk, kind="x", title="t", body="b"
    )
    for client in (other_owner_client, normal_user_client):
        response = client.get(f"{LIST}{created.pk}/")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "notification_not_found"
        client.post(f"{LIST}read-all/")
    created.refresh_from_db()
    assert created.is_read is False


def test_employee_sees_only_its_own_notifications_even_without_chat(
    saraf, make_employee
):
    clerk = make_employee("receive_transfer")
    notification_create(recipient_saraf_id=saraf.pk, kind="x", title="owner", body="")
    notification_create(recipient_employee_id=clerk.pk, kind="x", title="me", body="")
    listed = authenticated(employee=clerk).get(LIST).json()
    assert [n["title"] for n in listed["results"]] == ["me"]


def test_notification_create_needs_exactly_one_recipient(saraf, normal_user):
    with pytest.raises(ValueError):
        notification_create(kind="x", title="t", body="b")
    with pytest.raises(ValueError):
        notification_create(
            recipient_saraf_id=saraf.pk,
            recipient_normal_user_id=normal_user.pk,
            kind="x",
            title="t",
            body="b",
        )
    assert Notification.objects.count() == 0


def test_notify_saraf_staff_reaches_the_owner_and_flagged_active_employees(
    saraf, other_saraf
):
    clerk = EmployeeFactory(saraf=saraf, receive_transfer=True)
    EmployeeFactory(saraf=saraf, receive_transfer=True, is_active=False)
    EmployeeFactory(saraf=saraf, receive_transfer=False)
    EmployeeFactory(saraf=other_saraf, receive_transfer=True)
    created = notification_create_for_saraf_staff(
        saraf_id=saraf.pk,
        flag="receive_transfer",
        kind="hawala_received",
        title="Hawala H-1 is addressed to you",
        body="500 USD from Saraf Herat",
        data={"hawala_id": 7},
    )
    assert {(n.recipient_kind, n.recipient_employee_id) for n in created} == {
        ("saraf", None),
        ("employee", clerk.pk),
    }
    assert all(n.data == {"hawala_id": 7} for n in created)
    owner_only = notification_create_for_saraf_staff(
        saraf_id=saraf.pk, flag=None, kind="hawala_status", title="t", body=""
    )
    assert [n.recipient_kind for n in owner_only] == ["saraf"]


def test_notification_list_is_a_fixed_number_of_queries(
    owner_client, saraf, django_assert_max_num_queries
):
    for n in range(30):
        notification_create(
            recipient_saraf_id=saraf.pk, kind="x", title=f"{n}", body=""
        )
    with django_assert_max_num_queries(5):
        response = owner_client.get(LIST, {"page_size": 30})
    assert len(response.json()["results"]) == 30


def test_unknown_notification_id_is_404(owner_client):
    assert owner_client.get(f"{LIST}99999/").status_code == 404
    assert owner_client.patch(f"{LIST}99999/", {}, format="json").status_code == 404
