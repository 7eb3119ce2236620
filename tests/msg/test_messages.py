import pytest
from django.core.files.storage import default_storage

from core.uploads import MB, private_storage
from msg.models import DeliveryStatus, Message, MessageDelivery
from tests.conftest import authenticated
from tests.factories import SarafFactory
from tests.msg.conftest import SEND, open_conversation, send_text
from tests.msg.media import (
    HTML_BEHIND_GIF,
    OGG_OPUS,
    SVG_WITH_SCRIPT,
    decompression_bomb,
    png_bytes,
    upload,
)

pytestmark = pytest.mark.django_db


def status_of(client, message_id):
    response = client.get(f"/api/messages/messages/{message_id}/status/")
    assert response.status_code == 200, response.content
    return response.json()


def stored_files():
    storage = private_storage()
    return storage.listdir("msg")[1] if storage.exists("msg") else []


def test_send_text_as_json(normal_user_client, user_conversation, normal_user):
    response = normal_user_client.post(
        SEND,
        {"conversation_id": user_conversation, "text": "  سلام، حواله‌ام رسید؟  "},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["message_type"] == "text"
    assert body["text"] == "سلام، حواله‌ام رسید؟"
    assert body["attachment_url"] is None
    assert body["sender"] == {
        "kind": "normal_user",
        "id": normal_user.pk,
        "name": normal_user.full_name,
        "saraf_id": None,
    }
    assert body["is_mine"] is True


def test_send_image_multipart_is_reencoded_under_a_random_private_name(
    normal_user_client, owner_client, stranger_client, user_conversation
):
    response = normal_user_client.post(
        SEND,
        {
            "conversation_id": user_conversation,
            "text": "receipt",
            "image": upload("receipt.png", png_bytes(), "image/png"),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["message_type"] == "image"
    assert body["attachment_content_type"] == "image/png"
    message = Message.objects.get(pk=body["id"])
    assert "receipt" not in message.attachment.name
    assert message.attachment.name.startswith("msg/")
    assert private_storage().exists(message.attachment.name)
    assert not default_storage.exists(message.attachment.name)
    with pytest.raises(ValueError):
        message.attachment.url  # noqa: B018 - private files have no public URL

    url = body["attachment_url"]
    assert url.endswith(f"/api/messages/messages/{message.pk}/attachment/")
    served = owner_client.get(url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content).startswith(b"\x89PNG")
    assert stranger_client.get(url).status_code == 404


def test_send_audio(normal_user_client, owner_client, user_conversation):
    response = normal_user_client.post(
        SEND,
        {
            "conversation_id": user_conversation,
            "audio": upload("voice.ogg", OGG_OPUS, "audio/ogg"),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert response.json()["message_type"] == "audio"
    assert response.json()["attachment_content_type"] == "audio/ogg"
    served = owner_client.get(response.json()["attachment_url"])
    assert b"".join(served.streaming_content) == OGG_OPUS


def test_a_text_message_has_no_attachment_to_serve(
    normal_user_client, user_conversation
):
    message_id = send_text(normal_user_client, user_conversation, "hi")
    response = normal_user_client.get(
        f"/api/messages/messages/{message_id}/attachment/"
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"text": ""}, "empty_message"),
        ({"text": "   "}, "empty_message"),
        ({}, "empty_message"),
        ({"text": "x" * 4001}, "validation_error"),
        ({"text": "bad\x00byte"}, "validation_error"),
        ({"text": 12345}, "validation_error"),
        ({"text": ["a"]}, "validation_error"),
        ({"text": "hi", "conversation_id": "abc"}, "validation_error"),
        ({"text": "hi", "conversation_id": None}, "validation_error"),
        ({"text": "hi", "image": "not a file"}, "validation_error"),
    ],
)
def test_bad_messages_are_refused_and_nothing_is_stored(
    normal_user_client, user_conversation, fields, code
):
    body = {"conversation_id": user_conversation, **fields}
    response = normal_user_client.post(SEND, body, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code
    assert Message.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "name", "data", "content_type"),
    [
        ("image", "photo.jpg", b"this is only text", "image/jpeg"),
        ("image", "logo.svg", SVG_WITH_SCRIPT, "image/svg+xml"),
        ("image", "cat.gif", HTML_BEHIND_GIF, "image/gif"),
        ("image", "bomb.png", decompression_bomb(), "image/png"),
        ("image", "empty.png", b"", "image/png"),
        ("audio", "voice.ogg", b"just text", "audio/ogg"),
        ("audio", "voice.mp3", SVG_WITH_SCRIPT, "audio/mpeg"),
        ("audio", "voice.ogg", b"", "audio/ogg"),
        ("audio", "voice.ogg", png_bytes(), "audio/ogg"),
    ],
)
def test_fake_media_is_refused_and_nothing_is_stored(
    normal_user_client, user_conversation, field, name, data, content_type
):
    response = normal_user_client.post(
        SEND,
        {
            "conversation_id": user_conversation,
            field: upload(name, data, content_type),
        },
        format="multipart",
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_file"
    assert field in error["fields"]
    assert Message.objects.count() == 0
    assert stored_files() == []


def test_oversized_image_is_refused(normal_user_client, user_conversation):
    response = normal_user_client.post(
        SEND,
        {
            "conversation_id": user_conversation,
            "image": upload("big.png", png_bytes() + b"\x00" * (5 * MB)),
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "file_too_large"
    assert Message.objects.count() == 0


def test_image_and_audio_together_are_refused(normal_user_client, user_conversation):
    response = normal_user_client.post(
        SEND,
        {
            "conversation_id": user_conversation,
            "image": upload("a.png", png_bytes()),
            "audio": upload("a.ogg", OGG_OPUS),
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert Message.objects.count() == 0
    assert stored_files() == []


def test_sending_to_a_conversation_you_are_not_in_is_404(
    user_conversation, stranger_client, other_owner_client, other_saraf_employee_client
):
    for client in (stranger_client, other_owner_client, other_saraf_employee_client):
        response = client.post(
            SEND,
            {
                "conversation_id": user_conversation,
                "image": upload("a.png", png_bytes()),
            },
            format="multipart",
        )
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "conversation_not_found"
    assert Message.objects.count() == 0
    assert stored_files() == []


def test_delivery_moves_sent_delivered_read_per_recipient(
    normal_user_client, owner_client, chat_employee_client, saraf, normal_user
):
    other = SarafFactory()
    other_client = authenticated(saraf=other)
    group = open_conversation(
        normal_user_client, ("saraf", saraf.pk), ("saraf", other.pk), title="rates"
    )
    message_id = send_text(normal_user_client, group, "What is the USD rate?")
    status = status_of(normal_user_client, message_id)
    assert status["status"] == "sent"
    assert {d["recipient"]["id"]: d["status"] for d in status["deliveries"]} == {
        saraf.pk: "sent",
        other.pk: "sent",
    }

    owner_client.get("/api/messages/conversations/")
    status = status_of(normal_user_client, message_id)
    assert {d["recipient"]["id"]: d["status"] for d in status["deliveries"]} == {
        saraf.pk: "delivered",
        other.pk: "sent",
    }
    assert status["status"] == "sent"

    chat_employee_client.get(f"/api/messages/conversations/{group}/")
    other_client.get("/api/messages/conversations/")
    status = status_of(normal_user_client, message_id)
    assert {d["recipient"]["id"]: d["status"] for d in status["deliveries"]} == {
        saraf.pk: "read",
        other.pk: "delivered",
    }
    read = next(d for d in status["deliveries"] if d["recipient"]["id"] == saraf.pk)
    assert read["read_at"] is not None and read["delivered_at"] is not None

    other_client.get(f"/api/messages/conversations/{group}/")
    assert status_of(other_client, message_id)["status"] == "read"
    assert not MessageDelivery.objects.exclude(status=DeliveryStatus.READ).exists()


def test_the_sender_reading_does_not_mark_its_own_message_read(
    normal_user_client, user_conversation
):
    message_id = send_text(normal_user_client, user_conversation, "hi")
    normal_user_client.get(f"/api/messages/conversations/{user_conversation}/")
    assert status_of(normal_user_client, message_id)["status"] == "sent"


def test_message_status_of_someone_elses_message_is_404(
    normal_user_client, user_conversation, stranger_client, other_owner_client
):
    message_id = send_text(normal_user_client, user_conversation, "hi")
    for client in (stranger_client, other_owner_client):
        response = client.get(f"/api/messages/messages/{message_id}/status/")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "message_not_found"


def test_a_stored_file_gone_missing_is_404(
    normal_user_client, owner_client, user_conversation
):
    response = normal_user_client.post(
        SEND,
        {"conversation_id": user_conversation, "image": upload("a.png", png_bytes())},
        format="multipart",
    )
    message = Message.objects.get(pk=response.json()["id"])
    private_storage().delete(message.attachment.name)
    missing = owner_client.get(response.json()["attachment_url"])
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "attachment_missing"
