from decimal import Decimal

import pytest

from hawala.models import HawalaTransaction
from ledger.models import JournalEntry
from tests.conftest import authenticated
from tests.factories import EmployeeFactory, SarafFactory
from tests.hawala.conftest import cash, position, send_body, support

pytestmark = pytest.mark.django_db


@pytest.fixture
def hawala(owner_client, sarafs):
    _, receiver = sarafs
    response = owner_client.post(
        "/api/hawala/send/",
        send_body(receiver, receiver_id_number="1400-0101-555"),
        format="json",
    )
    return HawalaTransaction.objects.get(pk=response.json()["id"])


def _receive(client, hawala_id, **body):
    return client.patch(f"/api/hawala/receive/{hawala_id}/", body, format="json")


def _pay(client, hawala_id, **overrides):
    body = {
        "status": "completed",
        "hawala_number": "HW-1001",
        "receiver_id_number": "1400 0101 555",
    }
    body.update(overrides)
    return _receive(client, hawala_id, **body)


def test_incoming_list_shows_hawalas_sent_to_us(receiver_client, owner_client, hawala):
    response = receiver_client.get("/api/hawala/receive/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["id"] == hawala.pk
    assert row["direction"] == "incoming"
    assert row["fee"] is None
    assert owner_client.get("/api/hawala/receive/").json()["count"] == 0


def test_accept_then_pay_out(receiver_client, sarafs, hawala):
    sender, receiver = sarafs
    response = _receive(receiver_client, hawala.pk, status="received")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "received"
    response = _pay(receiver_client, hawala.pk)
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "completed"
    assert cash(receiver) == Decimal("9500.00")
    assert position(receiver, sender) == Decimal("500.00")
    assert position(sender, receiver) == Decimal("-500.00")


@pytest.mark.parametrize(
    "overrides",
    [{"hawala_number": "HW-9999"}, {"receiver_id_number": "1400-0101-556"}],
)
def test_wrong_number_or_id_is_400_and_changes_nothing(
    receiver_client, sarafs, hawala, overrides
):
    _, receiver = sarafs
    _receive(receiver_client, hawala.pk, status="received")
    response = _pay(receiver_client, hawala.pk, **overrides)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "verification_failed"
    hawala.refresh_from_db()
    assert hawala.status == "received"
    assert cash(receiver) == Decimal("10000.00")
    assert not JournalEntry.objects.filter(saraf=receiver, kind="hawala_payout")


def test_payout_needs_number_and_id(receiver_client, hawala):
    _receive(receiver_client, hawala.pk, status="received")
    response = _receive(receiver_client, hawala.pk, status="completed")
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {
        "hawala_number",
        "receiver_id_number",
    }


def test_pay_before_accept_is_invalid_transition(receiver_client, hawala):
    response = _pay(receiver_client, hawala.pk)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "invalid_transition"


def test_second_payout_is_409_and_cash_falls_once(receiver_client, sarafs, hawala):
    _, receiver = sarafs
    _receive(receiver_client, hawala.pk, status="received")
    assert _pay(receiver_client, hawala.pk).status_code == 200
    again = _pay(receiver_client, hawala.pk)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "invalid_transition"
    assert cash(receiver) == Decimal("9500.00")


def test_other_saraf_gets_404(hawala, owner_client):
    stranger = SarafFactory()
    support(stranger, "USD")
    client = authenticated(saraf=stranger)
    assert _receive(client, hawala.pk, status="received").status_code == 404
    assert _pay(client, hawala.pk).status_code == 404
    response = client.patch(
        f"/api/hawala/status/{hawala.pk}/", {"status": "cancelled"}, format="json"
    )
    assert response.status_code == 404
    assert _receive(owner_client, hawala.pk, status="received").status_code == 404
    assert _receive(owner_client, 10**12, status="received").status_code == 404


def test_flags_per_step(sarafs, hawala):
    _, receiver = sarafs

    def employee(*flags):
        return authenticated(
            employee=EmployeeFactory(saraf=receiver, **dict.fromkeys(flags, True))
        )

    assert (
        _receive(employee("deliver_amount"), hawala.pk, status="received").status_code
        == 403
    )
    accepter = employee("receive_transfer")
    response = _receive(accepter, hawala.pk, status="received")
    assert response.status_code == 200
    assert response.json()["received_by_employee_id"] is not None
    assert _pay(accepter, hawala.pk).status_code == 403
    payer = employee("deliver_amount")
    response = _pay(payer, hawala.pk)
    assert response.status_code == 200
    assert response.json()["paid_by_employee_id"] is not None


def _assert_unchanged(hawala, status="sent"):
    hawala.refresh_from_db()
    assert hawala.status == status
    assert hawala.cancel_entry_id is None
    assert hawala.payout_entry_id is None


@pytest.mark.parametrize("target", ["pending", "sent", "cancelled"])
def test_receive_to_another_real_status_is_invalid_transition(
    receiver_client, sarafs, hawala, target
):
    _, receiver = sarafs
    entries = JournalEntry.objects.count()
    response = _receive(receiver_client, hawala.pk, status=target)
    assert response.status_code == 409, response.json()
    assert response.json()["error"]["code"] == "invalid_transition"
    _assert_unchanged(hawala)
    assert JournalEntry.objects.count() == entries
    assert cash(receiver) == Decimal("10000.00")


def test_receive_refusal_of_another_sarafs_hawala_is_404(hawala):
    stranger = SarafFactory()
    client = authenticated(saraf=stranger)
    response = _receive(client, hawala.pk, status="cancelled")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert _receive(client, 10**20, status="pending").status_code == 404


@pytest.mark.parametrize("target", ["banana", 5, None, "", "SENT", ["sent"]])
@pytest.mark.parametrize("path", ["receive", "status"])
def test_status_that_is_no_hawala_status_is_400(
    owner_client, receiver_client, hawala, path, target
):
    client = receiver_client if path == "receive" else owner_client
    entries = JournalEntry.objects.count()
    response = client.patch(
        f"/api/hawala/{path}/{hawala.pk}/", {"status": target}, format="json"
    )
    assert response.status_code == 400, response.json()
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert "status" in error["fields"]
    _assert_unchanged(hawala)
    assert JournalEntry.objects.count() == entries


@pytest.mark.parametrize("target", ["pending", "sent", "received", "completed"])
def test_sender_status_to_another_real_status_is_invalid_transition(
    owner_client, sarafs, hawala, target
):
    sender, receiver = sarafs
    entries = JournalEntry.objects.count()
    response = owner_client.patch(
        f"/api/hawala/status/{hawala.pk}/", {"status": target}, format="json"
    )
    assert response.status_code == 409, response.json()
    assert response.json()["error"]["code"] == "invalid_transition"
    _assert_unchanged(hawala)
    assert JournalEntry.objects.count() == entries
    assert cash(sender) == Decimal("510.00")
    assert position(sender, receiver) == Decimal("-500.00")


@pytest.mark.parametrize("target", ["pending", "received"])
def test_external_receiver_to_unreachable_status_is_invalid_transition(
    owner_client, sarafs, target
):
    body = send_body(sarafs[1], destination_name="Herat Saraf")
    del body["destination_saraf_id"]
    hawala_id = owner_client.post("/api/hawala/send/", body, format="json").json()["id"]
    response = owner_client.patch(
        f"/api/hawala/status/{hawala_id}/", {"status": target}, format="json"
    )
    assert response.status_code == 409, response.json()
    assert response.json()["error"]["code"] == "invalid_transition"
    assert HawalaTransaction.objects.get(pk=hawala_id).status == "pending"


def test_idempotent_payout(receiver_client, sarafs, hawala):
    _, receiver = sarafs
    _receive(receiver_client, hawala.pk, status="received")
    body = {
        "status": "completed",
        "hawala_number": "HW-1001",
        "receiver_id_number": "1400-0101-555",
    }
    url = f"/api/hawala/receive/{hawala.pk}/"
    first = receiver_client.patch(url, body, format="json", HTTP_IDEMPOTENCY_KEY="p1")
    second = receiver_client.patch(url, body, format="json", HTTP_IDEMPOTENCY_KEY="p1")
    assert first.status_code == second.status_code == 200
    assert second["Idempotent-Replayed"] == "true"
    assert cash(receiver) == Decimal("9500.00")


def test_sender_cancels_before_payout(owner_client, sarafs, hawala):
    sender, receiver = sarafs
    response = owner_client.patch(
        f"/api/hawala/status/{hawala.pk}/", {"status": "cancelled"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "cancelled"
    assert cash(sender) == Decimal("0.00")
    assert position(sender, receiver) == Decimal("0.00")
    again = owner_client.patch(
        f"/api/hawala/status/{hawala.pk}/", {"status": "cancelled"}, format="json"
    )
    assert again.status_code == 409


def test_cancelled_hawala_cannot_be_received(owner_client, receiver_client, hawala):
    owner_client.patch(
        f"/api/hawala/status/{hawala.pk}/", {"status": "cancelled"}, format="json"
    )
    response = _receive(receiver_client, hawala.pk, status="received")
    assert response.status_code == 409


def test_internal_hawala_cannot_be_marked_completed_by_sender(owner_client, hawala):
    response = owner_client.patch(
        f"/api/hawala/status/{hawala.pk}/", {"status": "completed"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "invalid_transition"


def test_external_receiver_marked_sent_then_completed(owner_client, sarafs):
    body = send_body(sarafs[1], destination_name="Herat Saraf")
    del body["destination_saraf_id"]
    hawala_id = owner_client.post("/api/hawala/send/", body, format="json").json()["id"]
    url = f"/api/hawala/status/{hawala_id}/"
    assert (
        owner_client.patch(url, {"status": "sent"}, format="json").json()["status"]
        == "sent"
    )
    response = owner_client.patch(url, {"status": "completed"}, format="json")
    assert response.json()["status"] == "completed"
    assert response.json()["paid_at"] is not None
    assert owner_client.patch(url, {"status": "sent"}, format="json").status_code == 409


def test_status_patch_needs_send_transfer(employee_client, hawala):
    response = employee_client("deliver_amount").patch(
        f"/api/hawala/status/{hawala.pk}/", {"status": "cancelled"}, format="json"
    )
    assert response.status_code == 403


def test_external_receive_pays_out(receiver_client, sarafs):
    _, receiver = sarafs
    body = {
        "hawala_number": "DXB-77",
        "amount": "300",
        "currency": "USD",
        "source_name": "Dubai Exchange",
        "sender_name": "Ali",
        "receiver_name": "زهرا",
        "receiver_phone": "0791234567",
        "receiver_id_number": "987",
    }
    response = receiver_client.post(
        "/api/hawala/external-receive/", body, format="json", HTTP_IDEMPOTENCY_KEY="x"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "completed"
    assert response.json()["receiver_phone"] == "+93791234567"
    # No fee is recorded for a hawala from outside AMU Pay (docs/hawala.md).
    assert response.json()["fee"] == "0.00"
    again = receiver_client.post(
        "/api/hawala/external-receive/", body, format="json", HTTP_IDEMPOTENCY_KEY="x"
    )
    assert again.status_code == 201
    assert cash(receiver) == Decimal("9700.00")
    duplicate = receiver_client.post(
        "/api/hawala/external-receive/", body, format="json"
    )
    assert duplicate.status_code == 409


def test_external_receive_without_cash_is_insufficient_funds(owner_client, sarafs):
    body = {
        "hawala_number": "DXB-78",
        "amount": "300",
        "currency": "USD",
        "source_name": "Dubai Exchange",
        "sender_name": "Ali",
        "receiver_name": "Zahra",
        "receiver_id_number": "987",
    }
    response = owner_client.post("/api/hawala/external-receive/", body, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "insufficient_funds"
    assert HawalaTransaction.objects.count() == 0


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "receipt", None),
        ("post", "generate-receipt", None),
        ("patch", "receive", {"status": "received"}),
        ("patch", "status", {"status": "cancelled"}),
    ],
)
def test_ids_too_large_for_the_database_are_404(owner_client, method, path, body):
    url = f"/api/hawala/{path}/{10**20}/"
    response = getattr(owner_client, method)(url, body, format="json")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_receive_and_settle_need_a_receiving_flag(employee_client, hawala):
    client = employee_client("chat", "view_history")
    response = _receive(client, hawala.pk, status="nonsense")
    assert response.status_code == 403
    assert client.post("/api/hawala/settlements/", {}, format="json").status_code == 403
