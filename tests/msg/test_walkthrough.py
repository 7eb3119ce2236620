"""The docs/messaging.md and docs/social.md walkthrough, through the API."""

import pytest
from rest_framework.test import APIClient

from tests.conftest import authenticated
from tests.factories import EmployeeFactory
from tests.msg.media import png_bytes, upload

pytestmark = pytest.mark.django_db

M = "/api/messages"
S = "/api/saraf-social"


def test_customer_saraf_and_employee_walkthrough(
    normal_user_client, owner_client, saraf
):
    user, owner = normal_user_client, owner_client
    clerk = authenticated(employee=EmployeeFactory(saraf=saraf, chat=True))

    conversation = user.post(
        f"{M}/normal-user/conversations/create/",
        {"participants": [{"kind": "saraf", "id": saraf.pk}]},
        format="json",
    ).json()["id"]
    text = user.post(
        f"{M}/normal-user/messages/send/",
        {"conversation_id": conversation, "text": "سلام، حواله‌ام از هرات رسیده؟"},
        format="json",
    ).json()["id"]
    image = user.post(
        f"{M}/normal-user/messages/send/",
        {"conversation_id": conversation, "image": upload("r.png", png_bytes())},
        format="multipart",
    ).json()
    status_path = f"{M}/normal-user/messages/{text}/status/"
    assert user.get(status_path).json()["status"] == "sent"

    assert clerk.get(f"{M}/conversations/").json()["results"][0]["unread_count"] == 2
    assert user.get(status_path).json()["status"] == "delivered"
    clerk.get(f"{M}/conversations/{conversation}/")
    assert user.get(status_path).json()["status"] == "read"
    assert clerk.get(image["attachment_url"]).status_code == 200
    assert APIClient().get(image["attachment_url"]).status_code == 401
    reply = clerk.post(
        f"{M}/messages/send/",
        {"conversation_id": conversation, "text": "بلی، فردا ساعت ۱۰ بیایید."},
        format="json",
    ).json()["id"]

    notifications = user.get(f"{M}/normal-user/notifications/").json()
    assert notifications["unread_count"] == 1
    note = notifications["results"][0]["id"]
    assert user.get(f"{M}/normal-user/notifications/{note}/").json()["is_read"]
    assert owner.get(f"{M}/notifications/").json()["unread_count"] == 2
    assert owner.post(f"{M}/notifications/read-all/").json() == {"updated": 2}

    user.get(f"{M}/normal-user/conversations/{conversation}/")
    assert clerk.get(f"{M}/messages/{reply}/status/").json()["status"] == "read"

    assert (
        user.delete(f"{M}/normal-user/conversations/{conversation}/delete/").status_code
        == 204
    )
    assert user.get(f"{M}/normal-user/conversations/").json()["count"] == 0
    assert owner.get(f"{M}/conversations/").json()["count"] == 1

    likes = [
        user.post(f"{S}/like/", {"saraf_id": saraf.pk}, format="json").json()["liked"]
        for _ in range(3)
    ]
    assert likes == [True, False, True]
    assert (
        user.post(
            f"{S}/comment/create/",
            {"saraf_id": saraf.pk, "text": "خدمات خوب و سریع، تشکر"},
            format="json",
        ).status_code
        == 201
    )
    stats = APIClient().get(f"{S}/saraf/{saraf.pk}/stats/").json()
    assert (stats["likes_count"], stats["comments_count"], stats["rank"]) == (1, 1, 1)
