from decimal import Decimal

import pytest

from hawala.models import HawalaTransaction
from ledger.models import JournalEntry
from tests.hawala.conftest import cash, fee_income, position, send_body, support

pytestmark = pytest.mark.django_db

SEND = "/api/hawala/send/"


def test_send_internal_answers_201_sent(owner_client, sarafs):
    sender, receiver = sarafs
    response = owner_client.post(SEND, send_body(receiver), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "sent"
    assert body["mode"] == "internal"
    assert body["direction"] == "outgoing"
    assert (body["amount"], body["fee"], body["currency"]) == ("500.00", "10.00", "USD")
    assert body["destination_saraf_id"] == receiver.pk
    assert body["receiver_name"] == "محمد گل"
    assert cash(sender) == Decimal("510.00")
    assert fee_income(sender) == Decimal("10.00")
    assert position(sender, receiver) == Decimal("-500.00")


def test_send_external_receiver_is_pending(owner_client, sarafs):
    _, receiver = sarafs
    body = send_body(receiver, destination_name="Herat Saraf")
    del body["destination_saraf_id"]
    response = owner_client.post(SEND, body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "pending"
    assert response.json()["mode"] == "external_receiver"


def test_send_fee_is_optional(owner_client, sarafs):
    sender, receiver = sarafs
    body = send_body(receiver)
    del body["fee"]
    response = owner_client.post(SEND, body, format="json")
    assert response.status_code == 201
    assert response.json()["fee"] == "0.00"
    assert cash(sender) == Decimal("500.00")


def test_same_idempotency_key_twice_sends_one_hawala(owner_client, sarafs):
    sender, receiver = sarafs
    first = owner_client.post(
        SEND, send_body(receiver), format="json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    second = owner_client.post(
        SEND, send_body(receiver), format="json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert HawalaTransaction.objects.count() == 1
    assert cash(sender) == Decimal("510.00")
    other = owner_client.post(
        SEND,
        send_body(receiver, hawala_number="HW-2"),
        format="json",
        HTTP_IDEMPOTENCY_KEY="k-1",
    )
    assert other.status_code == 422


def test_duplicate_number_is_409(owner_client, sarafs):
    _, receiver = sarafs
    owner_client.post(SEND, send_body(receiver), format="json")
    response = owner_client.post(
        SEND, send_body(receiver, hawala_number="hw-1001"), format="json"
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "duplicate_hawala_number"
    assert HawalaTransaction.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"amount": "0"}, "invalid_amount"),
        ({"amount": "-5"}, "invalid_amount"),
        ({"amount": "NaN"}, "invalid_amount"),
        ({"amount": "1e3"}, "invalid_amount"),
        ({"amount": "1.005"}, "invalid_amount"),
        ({"amount": True}, "invalid_amount"),
        ({"fee": "-1"}, "invalid_amount"),
        ({"fee": "0.001"}, "invalid_amount"),
        ({"currency": "EUR"}, "currency_not_supported"),
        ({"currency": "US"}, "validation_error"),
        ({"currency": "ZZZ"}, "currency_not_supported"),
        ({"receiver_phone": "12"}, "invalid_phone"),
        ({"hawala_number": "a b"}, "validation_error"),
        ({"hawala_number": "A" * 65}, "validation_error"),
        ({"hawala_number": "HW\x00"}, "validation_error"),
        ({"sender_name": "x" * 201}, "validation_error"),
        ({"sender_name": 12345}, "validation_error"),
        ({"receiver_id_number": 12345}, "validation_error"),
        ({"sender_name": "\u200c\u0640\u200f"}, "validation_error"),
        ({"receiver_name": "Ali\u202eNAHK"}, "validation_error"),
        ({"receiver_name": "Ali\u2067Khan\u2069"}, "validation_error"),
        ({"receiver_name": "Ali\nKhan"}, "validation_error"),
        ({"destination_saraf_id": "abc"}, "validation_error"),
        ({"destination_saraf_id": 10**30}, "validation_error"),
        ({"destination_saraf_id": 999999}, "invalid_destination"),
        ({"destination_name": "Both"}, "validation_error"),
    ],
)
def test_bad_send_is_400_and_moves_nothing(owner_client, sarafs, overrides, code):
    sender, receiver = sarafs
    response = owner_client.post(SEND, send_body(receiver, **overrides), format="json")
    assert response.status_code == 400, response.json()
    assert response.json()["error"]["code"] == code
    assert HawalaTransaction.objects.count() == 0
    assert not JournalEntry.objects.filter(saraf=sender).exists()


def test_send_to_itself_is_400(owner_client, sarafs):
    sender, _ = sarafs
    response = owner_client.post(SEND, send_body(sender), format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_destination"


def test_destination_must_support_the_currency(owner_client, sarafs):
    sender, receiver = sarafs
    support(sender, "EUR")
    response = owner_client.post(
        SEND, send_body(receiver, currency="EUR"), format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "currency_not_supported"
    assert "destination" in response.json()["error"]["message"]


def test_malformed_json_is_400(owner_client, sarafs):
    response = owner_client.post(SEND, "{nope", content_type="application/json")
    assert response.status_code == 400


def test_body_cannot_set_status_or_owner(owner_client, sarafs):
    sender, receiver = sarafs
    response = owner_client.post(
        SEND,
        send_body(receiver, status="completed", saraf_id=receiver.pk),
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"status", "saraf_id"}
    assert not HawalaTransaction.objects.exists()


@pytest.mark.parametrize("typo", [{"fees": "10.00"}, {"destination_saraf": 2}])
def test_a_misspelt_key_is_refused_not_ignored(owner_client, sarafs, typo):
    """`fees` ignored would send without the fee the customer paid."""
    _, receiver = sarafs
    body = send_body(receiver, **typo)
    body.pop("fee")
    response = owner_client.post(SEND, body, format="json")
    assert response.status_code == 400
    assert set(typo) <= set(response.json()["error"]["fields"])
    assert not HawalaTransaction.objects.exists()


def test_send_needs_send_transfer(employee_client, sarafs):
    _, receiver = sarafs
    response = employee_client("receive_transfer").post(
        SEND, send_body(receiver), format="json"
    )
    assert response.status_code == 403
    response = employee_client("send_transfer").post(
        SEND, send_body(receiver), format="json"
    )
    assert response.status_code == 201
    assert response.json()["created_by_employee_id"] is not None


def test_send_needs_login(api_client, sarafs):
    _, receiver = sarafs
    response = api_client.post(SEND, send_body(receiver), format="json")
    assert response.status_code == 401


def test_normal_user_cannot_send(normal_user_client, sarafs):
    _, receiver = sarafs
    response = normal_user_client.post(SEND, send_body(receiver), format="json")
    assert response.status_code == 403


@pytest.mark.parametrize(
    "fields", [{"is_active": False}, {"email_verified": False, "phone_verified": False}]
)
def test_destination_must_be_active_and_verified(owner_client, sarafs, fields):
    _, receiver = sarafs
    type(receiver).objects.filter(pk=receiver.pk).update(**fields)
    response = owner_client.post(SEND, send_body(receiver), format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_destination"


# str.upper() turns some non-ASCII letters into ASCII ones ("ß" -> "SS",
# "ﬁ" -> "FI", "ı" -> "I", "ſ" -> "S"); a hawala number is checked before.
NON_ASCII_NUMBERS = ["hw-ß1", "ﬁ-1", "ıd-7", "ſ-1", "HW-١٢", "ＨＷ１", "HW-1001\u212a"]


def _assert_bad_number(response):
    assert response.status_code == 400, response.json()
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert error["fields"]["hawala_number"] == [
        "Use letters, digits and - _ / . only (at most 64)."
    ]


@pytest.mark.parametrize("number", NON_ASCII_NUMBERS)
def test_non_ascii_hawala_number_is_400_and_moves_nothing(owner_client, sarafs, number):
    sender, receiver = sarafs
    response = owner_client.post(
        SEND, send_body(receiver, hawala_number=number), format="json"
    )
    _assert_bad_number(response)
    assert HawalaTransaction.objects.count() == 0
    assert not JournalEntry.objects.filter(saraf=sender).exists()


@pytest.mark.parametrize("number", NON_ASCII_NUMBERS)
def test_non_ascii_number_on_external_receive_is_400(receiver_client, sarafs, number):
    _, receiver = sarafs
    body = {
        "hawala_number": number,
        "amount": "300",
        "currency": "USD",
        "source_name": "Dubai Exchange",
        "sender_name": "Ali",
        "receiver_name": "Zahra",
        "receiver_id_number": "987",
    }
    response = receiver_client.post(
        "/api/hawala/external-receive/", body, format="json"
    )
    _assert_bad_number(response)
    assert HawalaTransaction.objects.count() == 0
    assert cash(receiver) == Decimal("10000.00")


def test_non_ascii_number_does_not_match_its_upper_case_look_alike(
    owner_client, receiver_client, api_client, sarafs
):
    _, receiver = sarafs
    response = owner_client.post(
        SEND,
        send_body(receiver, hawala_number="HW-SS1", receiver_id_number="77"),
        format="json",
    )
    assert response.status_code == 201, response.json()
    hawala_id = response.json()["id"]
    lookup = api_client.post(
        "/api/hawala/lookup-by-phone/",
        {"phone": "+93701234567", "hawala_number": "hw-ß1"},
        format="json",
    )
    _assert_bad_number(lookup)
    url = f"/api/hawala/receive/{hawala_id}/"
    accepted = receiver_client.patch(url, {"status": "received"}, format="json")
    assert accepted.status_code == 200
    payout = receiver_client.patch(
        url,
        {"status": "completed", "hawala_number": "hw-ß1", "receiver_id_number": "77"},
        format="json",
    )
    _assert_bad_number(payout)
    assert HawalaTransaction.objects.get(pk=hawala_id).status == "received"
    assert cash(receiver) == Decimal("10000.00")


def test_lower_case_ascii_number_is_stored_upper_case(owner_client, sarafs):
    response = owner_client.post(
        SEND, send_body(sarafs[1], hawala_number="kbl-0001/a"), format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["hawala_number"] == "KBL-0001/A"
