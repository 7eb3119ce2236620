from decimal import Decimal

import pytest
from rest_framework.throttling import ScopedRateThrottle

from hawala.models import HawalaSettlement, HawalaTransaction
from tests.conftest import authenticated
from tests.factories import SarafFactory
from tests.hawala.conftest import cash, fund, position, send_body, support

pytestmark = pytest.mark.django_db

LOOKUP = "/api/hawala/lookup-by-phone/"
SETTLE = "/api/hawala/settlements/"


@pytest.fixture
def sent(owner_client, sarafs):
    response = owner_client.post(
        "/api/hawala/send/", send_body(sarafs[1]), format="json"
    )
    assert response.status_code == 201
    return response.json()


def test_lookup_needs_phone_and_number(api_client, sent):
    response = api_client.post(
        LOOKUP, {"phone": "0701234567", "hawala_number": "hw-1001"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "hawala_number": "HW-1001",
        "status": "sent",
        "amount": "500.00",
        "currency": "USD",
    }


@pytest.mark.parametrize(
    "body",
    [
        {"phone": "+93701234567", "hawala_number": "HW-1002"},
        {"phone": "+93791234567", "hawala_number": "HW-1001"},
        {"phone": "+93709999999", "hawala_number": "HW-1001"},
    ],
)
def test_lookup_mismatch_is_404(api_client, sent, body):
    assert api_client.post(LOOKUP, body, format="json").status_code == 404


@pytest.mark.parametrize(
    "body",
    [{"phone": "+93701234567"}, {"phone": "x", "hawala_number": "HW-1001"}, {}],
)
def test_lookup_bad_input_is_400(api_client, sent, body):
    assert api_client.post(LOOKUP, body, format="json").status_code == 400


def test_lookup_is_throttled(api_client, sent, monkeypatch):
    rates = {**ScopedRateThrottle.THROTTLE_RATES, "lookup": "2/min"}
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", rates)
    body = {"phone": "+93701234567", "hawala_number": "HW-1001"}
    codes = [api_client.post(LOOKUP, body, format="json").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


@pytest.fixture
def same_number_from_another_saraf(sarafs, sent):
    """A third saraf sends HW-1001 to the same phone, for more money, later."""
    third = SarafFactory()
    support(third, "USD")
    response = authenticated(saraf=third).post(
        "/api/hawala/send/",
        send_body(sarafs[1], amount="900.00", fee="0"),
        format="json",
    )
    assert response.status_code == 201, response.json()
    return third


def test_lookup_of_a_number_two_sarafs_used_asks_for_the_sender(
    api_client, sarafs, same_number_from_another_saraf
):
    body = {"phone": "+93701234567", "hawala_number": "HW-1001"}
    response = api_client.post(LOOKUP, body, format="json")
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "ambiguous_hawala"
    assert "sender_saraf_id" in error["message"]
    assert set(error["fields"]) == {"sender_saraf_id"}
    names = [saraf.name for saraf in (*sarafs, same_number_from_another_saraf)]
    for leaked in ("500", "900", "USD", *names):
        assert leaked not in str(response.json())


def test_lookup_with_the_sending_saraf_finds_its_hawala(
    api_client, sarafs, same_number_from_another_saraf
):
    sender, _ = sarafs
    body = {"phone": "+93701234567", "hawala_number": "HW-1001"}
    for saraf, amount in (
        (sender, "500.00"),
        (same_number_from_another_saraf, "900.00"),
    ):
        response = api_client.post(
            LOOKUP, {**body, "sender_saraf_id": saraf.pk}, format="json"
        )
        assert response.status_code == 200, response.json()
        assert response.json() == {
            "hawala_number": "HW-1001",
            "status": "sent",
            "amount": amount,
            "currency": "USD",
        }


def test_lookup_with_a_sender_that_did_not_send_it_is_404(api_client, sarafs, sent):
    body = {"phone": "+93701234567", "hawala_number": "HW-1001"}
    for sender_saraf_id in (sarafs[1].pk, SarafFactory().pk):
        response = api_client.post(
            LOOKUP, {**body, "sender_saraf_id": sender_saraf_id}, format="json"
        )
        assert response.status_code == 404
    assert (
        api_client.post(
            LOOKUP, {**body, "sender_saraf_id": sarafs[0].pk}, format="json"
        ).json()["amount"]
        == "500.00"
    )


def test_lookup_sender_saraf_id_of_an_external_sender_hawala_is_not_its_payer(
    api_client, receiver_client, sarafs
):
    """The saraf that recorded a hawala from outside AMU Pay did not send it."""
    external = {
        "hawala_number": "DXB-1",
        "amount": "300",
        "currency": "USD",
        "source_name": "Dubai Exchange",
        "sender_name": "Ali",
        "receiver_name": "Zahra",
        "receiver_phone": "+93701234567",
        "receiver_id_number": "987",
    }
    response = receiver_client.post(
        "/api/hawala/external-receive/", external, format="json"
    )
    assert response.status_code == 201
    body = {"phone": "+93701234567", "hawala_number": "DXB-1"}
    assert api_client.post(LOOKUP, body, format="json").json()["status"] == (
        HawalaTransaction.Status.COMPLETED
    )
    response = api_client.post(
        LOOKUP, {**body, "sender_saraf_id": sarafs[1].pk}, format="json"
    )
    assert response.status_code == 404


@pytest.mark.parametrize("sender_saraf_id", [0, -1, "abc", 2**63, None])
def test_lookup_bad_sender_saraf_id_is_400(api_client, sent, sender_saraf_id):
    body = {
        "phone": "+93701234567",
        "hawala_number": "HW-1001",
        "sender_saraf_id": sender_saraf_id,
    }
    response = api_client.post(LOOKUP, body, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"


def test_ambiguous_lookups_are_throttled_too(
    api_client, same_number_from_another_saraf, monkeypatch
):
    rates = {**ScopedRateThrottle.THROTTLE_RATES, "lookup": "2/min"}
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", rates)
    body = {"phone": "+93701234567", "hawala_number": "HW-1001"}
    codes = [api_client.post(LOOKUP, body, format="json").status_code for _ in range(3)]
    assert codes == [409, 409, 429]


def _paid_out(owner_client, receiver_client, sent):
    url = f"/api/hawala/receive/{sent['id']}/"
    receiver_client.patch(url, {"status": "received"}, format="json")
    response = receiver_client.patch(
        url,
        {"status": "completed", "hawala_number": "HW-1001", "receiver_id_number": "5"},
        format="json",
    )
    assert response.status_code == 200


def test_settlement_both_sides(owner_client, receiver_client, sarafs, sent):
    sender, receiver = sarafs
    _paid_out(owner_client, receiver_client, sent)
    body = {
        "counterparty_saraf_id": receiver.pk,
        "currency": "USD",
        "amount": "200",
        "direction": "we_paid",
    }
    response = owner_client.post(SETTLE, body, format="json", HTTP_IDEMPOTENCY_KEY="s")
    assert response.status_code == 201, response.json()
    assert response.json()["position_after"] == "-300.00"
    assert response.json()["cash_after"] == "310.00"
    replay = owner_client.post(SETTLE, body, format="json", HTTP_IDEMPOTENCY_KEY="s")
    assert replay.status_code == 201
    assert HawalaSettlement.objects.count() == 1
    response = receiver_client.post(
        SETTLE,
        {**body, "counterparty_saraf_id": sender.pk, "direction": "they_paid"},
        format="json",
    )
    assert response.status_code == 201
    assert position(sender, receiver) == Decimal("-300.00")
    assert position(receiver, sender) == Decimal("300.00")
    assert cash(receiver) == Decimal("9700.00")


def test_settlement_overshoot_is_400(owner_client, receiver_client, sarafs, sent):
    sender, receiver = sarafs
    _paid_out(owner_client, receiver_client, sent)
    fund(sender, "USD", "1000")
    response = owner_client.post(
        SETTLE,
        {
            "counterparty_saraf_id": receiver.pk,
            "currency": "USD",
            "amount": "501",
            "direction": "we_paid",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "settlement_exceeds_position"
    assert response.json()["error"]["message"] == (
        "A we_paid settlement can be at most 500.00: we owe this saraf 500.00 "
        "and it owes us 0.00 in this currency."
    )
    assert cash(sender) == Decimal("1510.00")
    assert HawalaSettlement.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"direction": "gift"}, "validation_error"),
        ({"amount": "0"}, "invalid_amount"),
        ({"currency": "EUR"}, "currency_not_supported"),
        ({"counterparty_saraf_id": 10**9}, "invalid_counterparty"),
    ],
)
def test_settlement_bad_input(owner_client, sarafs, sent, overrides, code):
    body = {
        "counterparty_saraf_id": sarafs[1].pk,
        "currency": "USD",
        "amount": "1",
        "direction": "we_paid",
        **overrides,
    }
    response = owner_client.post(SETTLE, body, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code


def test_settlement_flags(employee_client, sarafs, sent):
    body = {
        "counterparty_saraf_id": sarafs[1].pk,
        "currency": "USD",
        "amount": "1",
        "direction": "we_paid",
    }
    response = employee_client("receive_transfer").post(SETTLE, body, format="json")
    assert response.status_code == 403
    response = employee_client("view_history").get("/api/hawala/positions/")
    assert response.status_code == 200
