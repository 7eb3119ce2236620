"""Two sarafs sign up, send and pay out a hawala, check its receipt, settle up,
and cancel a second hawala — balances, positions and the ledger agree at each step.
"""

import io
from io import StringIO

import pytest
from django.core.management import call_command
from pypdf import PdfReader
from rest_framework.test import APIClient

from otp.testing import last_code

pytestmark = pytest.mark.django_db

PASSWORD = "Hawala-Desk-2026!"


def bearer(access):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


def sign_up(name, email, license_no):
    anonymous = APIClient()
    registered = anonymous.post(
        "/api/saraf/register/",
        {"name": name, "license_no": license_no, "email": email, "password": PASSWORD},
        format="json",
    )
    assert registered.status_code == 201, registered.json()
    saraf_id = registered.json()["saraf_id"]
    code = last_code(email, purpose="saraf_verify")
    verified = anonymous.post(
        "/api/saraf/otp/verify/", {"saraf_id": saraf_id, "code": code}, format="json"
    )
    assert verified.status_code == 200
    login = anonymous.post(
        "/api/saraf/login/", {"email": email, "password": PASSWORD}, format="json"
    )
    assert login.status_code == 200
    client = bearer(login.json()["access"])
    added = client.post("/api/currency/supported/", {"code": "USD"}, format="json")
    assert added.status_code == 201
    return saraf_id, client


def cash(client):
    response = client.get("/api/balance/USD/")
    assert response.status_code == 200
    return response.json()["balance"]


def positions(client):
    response = client.get("/api/hawala/positions/")
    assert response.status_code == 200
    return {
        (row["counterparty_saraf_id"], row["currency"]): row["balance"]
        for row in response.json()["results"]
    }


def ledger_ok():
    out = StringIO()
    call_command("verify_ledger", stdout=out)
    return out.getvalue().startswith("ledger OK")


def test_hawala_between_two_sarafs_end_to_end():
    kabul_id, kabul = sign_up("Kabul Exchange", "kabul@example.af", "KBL-1")
    herat_id, herat = sign_up("Herat Exchange", "herat@example.af", "HRT-1")
    opening = herat.post(
        "/api/transaction/create/",
        {
            "currency": "USD",
            "amount": "5000.00",
            "transaction_type": "deposit",
            "description": "opening cash",
        },
        format="json",
    )
    assert opening.status_code == 201, opening.json()
    assert (cash(kabul), cash(herat)) == ("0.00", "5000.00")

    hawala = {
        "hawala_number": "KBL-0001",
        "amount": "1000.00",
        "currency": "USD",
        "fee": "25.00",
        "sender_name": "احمد کریمی",
        "sender_phone": "0791234567",
        "receiver_name": "ګل احمد",
        "receiver_phone": "0701234567",
        "receiver_id_number": "1400-0101-77",
        "destination_saraf_id": herat_id,
    }
    sent = kabul.post(
        "/api/hawala/send/", hawala, format="json", HTTP_IDEMPOTENCY_KEY="send-1"
    )
    assert sent.status_code == 201, sent.json()
    hawala_id = sent.json()["id"]
    retried = kabul.post(
        "/api/hawala/send/", hawala, format="json", HTTP_IDEMPOTENCY_KEY="send-1"
    )
    assert retried.json()["id"] == hawala_id
    assert cash(kabul) == "1025.00"
    assert positions(kabul) == {(herat_id, "USD"): "-1000.00"}
    assert positions(herat) == {}
    assert ledger_ok()

    incoming = herat.get("/api/hawala/receive/").json()["results"]
    assert [row["id"] for row in incoming] == [hawala_id]
    url = f"/api/hawala/receive/{hawala_id}/"
    accepted = herat.patch(url, {"status": "received"}, format="json")
    assert accepted.json()["status"] == "received"
    wrong = herat.patch(
        url,
        {"status": "completed", "hawala_number": "KBL-0001", "receiver_id_number": "1"},
        format="json",
    )
    assert wrong.status_code == 400
    assert cash(herat) == "5000.00"
    paid = herat.patch(
        url,
        {
            "status": "completed",
            "hawala_number": "KBL-0001",
            "receiver_id_number": "1400 0101 77",
        },
        format="json",
        HTTP_IDEMPOTENCY_KEY="pay-1",
    )
    assert paid.status_code == 200, paid.json()
    assert paid.json()["status"] == "completed"
    assert cash(herat) == "4000.00"
    assert positions(herat) == {(kabul_id, "USD"): "1000.00"}
    assert positions(kabul) == {(herat_id, "USD"): "-1000.00"}
    assert ledger_ok()

    receipt = kabul.post(f"/api/hawala/generate-receipt/{hawala_id}/")
    assert receipt.status_code == 201
    code = receipt.json()["verification_code"]
    pdf = kabul.get(f"/api/hawala/receipt/{hawala_id}/?format=pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "KBL-0001" in text and "1000.00 USD" in text and code in text
    anonymous = APIClient()
    checked = anonymous.get(f"/api/hawala/receipts/verify/{code}/")
    assert checked.json() == {
        "genuine": True,
        "hawala_number": "KBL-0001",
        "status": "completed",
    }
    looked_up = anonymous.post(
        "/api/hawala/lookup-by-phone/",
        {"phone": "+93701234567", "hawala_number": "KBL-0001"},
        format="json",
    )
    assert looked_up.json() == {
        "hawala_number": "KBL-0001",
        "status": "completed",
        "amount": "1000.00",
        "currency": "USD",
    }

    settlement = {"currency": "USD", "amount": "1000.00"}
    we_paid = kabul.post(
        "/api/hawala/settlements/",
        {**settlement, "counterparty_saraf_id": herat_id, "direction": "we_paid"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="settle-1",
    )
    assert we_paid.status_code == 201, we_paid.json()
    they_paid = herat.post(
        "/api/hawala/settlements/",
        {**settlement, "counterparty_saraf_id": kabul_id, "direction": "they_paid"},
        format="json",
    )
    assert they_paid.status_code == 201
    assert (cash(kabul), cash(herat)) == ("25.00", "5000.00")
    assert positions(kabul) == {(herat_id, "USD"): "0.00"}
    assert positions(herat) == {(kabul_id, "USD"): "0.00"}
    assert ledger_ok()

    second = kabul.post(
        "/api/hawala/send/",
        {**hawala, "hawala_number": "KBL-0002", "amount": "200.00", "fee": "5.00"},
        format="json",
    )
    assert second.status_code == 201
    assert cash(kabul) == "230.00"
    assert positions(kabul) == {(herat_id, "USD"): "-200.00"}
    cancelled = kabul.patch(
        f"/api/hawala/status/{second.json()['id']}/",
        {"status": "cancelled"},
        format="json",
    )
    assert cancelled.json()["status"] == "cancelled"
    assert cash(kabul) == "25.00"
    assert positions(kabul) == {(herat_id, "USD"): "0.00"}
    late = herat.patch(
        f"/api/hawala/receive/{second.json()['id']}/",
        {"status": "received"},
        format="json",
    )
    assert late.status_code == 409
    assert ledger_ok()
