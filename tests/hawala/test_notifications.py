import pytest

from tests.conftest import authenticated
from tests.factories import EmployeeFactory
from tests.hawala.conftest import send_body, support

pytestmark = pytest.mark.django_db


def notifications(client):
    return [
        (n["kind"], n["data"]["status"], n["data"]["hawala_number"])
        for n in client.get("/api/messages/notifications/").json()["results"]
    ]


def test_each_step_of_an_internal_hawala_notifies_the_other_saraf(
    owner_client, receiver_client, sarafs, django_capture_on_commit_callbacks
):
    _, receiver = sarafs
    clerk = EmployeeFactory(saraf=receiver, receive_transfer=True)
    bystander = EmployeeFactory(saraf=receiver)
    with django_capture_on_commit_callbacks(execute=True):
        sent = owner_client.post(
            "/api/hawala/send/",
            send_body(receiver, receiver_id_number="1400-0101-555"),
            format="json",
        )
    hawala_id = sent.json()["id"]
    assert notifications(receiver_client) == [("hawala_received", "sent", "HW-1001")]
    assert notifications(authenticated(employee=clerk)) == [
        ("hawala_received", "sent", "HW-1001")
    ]
    assert notifications(authenticated(employee=bystander)) == []
    assert notifications(owner_client) == []

    with django_capture_on_commit_callbacks(execute=True):
        receiver_client.patch(
            f"/api/hawala/receive/{hawala_id}/", {"status": "received"}, format="json"
        )
    assert notifications(owner_client) == [("hawala_status", "received", "HW-1001")]


def test_cancelling_notifies_the_receiver_and_refusals_notify_nobody(
    owner_client, receiver_client, sarafs, django_capture_on_commit_callbacks
):
    _, receiver = sarafs
    with django_capture_on_commit_callbacks(execute=True):
        hawala_id = owner_client.post(
            "/api/hawala/send/", send_body(receiver), format="json"
        ).json()["id"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        refused = receiver_client.patch(
            f"/api/hawala/receive/{hawala_id}/",
            {
                "status": "completed",
                "hawala_number": "WRONG",
                "receiver_id_number": "1",
            },
            format="json",
        )
    assert refused.status_code == 409
    assert callbacks == []
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.patch(
            f"/api/hawala/status/{hawala_id}/", {"status": "cancelled"}, format="json"
        )
    assert notifications(receiver_client) == [
        ("hawala_status", "cancelled", "HW-1001"),
        ("hawala_received", "sent", "HW-1001"),
    ]


@pytest.mark.parametrize(
    ("currency", "amount", "shown"),
    [("USD", "500", "500.00"), ("JPY", "1200", "1200"), ("KWD", "1.25", "1.250")],
)
def test_notification_shows_the_amount_in_the_currencys_minor_units(
    owner_client,
    receiver_client,
    sarafs,
    django_capture_on_commit_callbacks,
    currency,
    amount,
    shown,
):
    sender, receiver = sarafs
    support(sender, currency)
    support(receiver, currency)
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(
            "/api/hawala/send/",
            send_body(receiver, currency=currency, amount=amount, fee="0"),
            format="json",
        )
    assert response.status_code == 201, response.json()
    with django_capture_on_commit_callbacks(execute=True):
        receiver_client.patch(
            f"/api/hawala/receive/{response.json()['id']}/",
            {"status": "received"},
            format="json",
        )
    (incoming,) = receiver_client.get("/api/messages/notifications/").json()["results"]
    assert incoming["title"] == "Incoming hawala HW-1001"
    assert incoming["body"] == f"{shown} {currency} for محمد گل"
    (status,) = owner_client.get("/api/messages/notifications/").json()["results"]
    assert status["title"] == "Hawala HW-1001 received"
    assert status["body"] == f"{shown} {currency} for محمد گل"
