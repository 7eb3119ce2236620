from decimal import Decimal

import pytest
from rest_framework.throttling import ScopedRateThrottle

from hawala.models import HawalaSettlement
from tests.hawala.conftest import cash, fund, position, send_body

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
    assert "(open position: -500.00)" in response.json()["error"]["message"]
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
