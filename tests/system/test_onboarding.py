"""A saraf signs up, proves its contacts and hires a cashier, who then logs out."""

import pytest
from rest_framework.test import APIClient

from otp.testing import last_code

pytestmark = pytest.mark.django_db

OWNER_PASSWORD = "Kab0l-Exchange-2026"
CASHIER_PASSWORD = "Cash1er-Desk-Secret"


def bearer(access):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


def test_saraf_onboarding_through_the_api():
    anonymous = APIClient()

    registered = anonymous.post(
        "/api/saraf/register/",
        {
            "name": "Shahr-e Naw Exchange",
            "license_no": "KBL-2026-0042",
            "email": "Owner@ShahreNaw.af",
            "phone": "0799123456",
            "password": OWNER_PASSWORD,
            "province": "Kabul",
        },
        format="json",
    )
    assert registered.status_code == 201
    saraf_id = registered.json()["saraf_id"]
    assert registered.json()["status"] == "pending_verification"

    early = anonymous.post(
        "/api/saraf/login/",
        {"email": "owner@shahrenaw.af", "password": OWNER_PASSWORD},
        format="json",
    )
    assert early.status_code == 403
    assert early.json()["error"]["code"] == "not_verified"

    code = last_code("owner@shahrenaw.af", purpose="saraf_verify")
    assert last_code("+93799123456", purpose="saraf_verify")
    verified = anonymous.post(
        "/api/saraf/otp/verify/", {"saraf_id": saraf_id, "code": code}, format="json"
    )
    assert verified.status_code == 200
    assert verified.json() == {"verified": True}

    owner_login = anonymous.post(
        "/api/saraf/login/",
        {"email": "owner@shahrenaw.af", "password": OWNER_PASSWORD},
        format="json",
    )
    assert owner_login.status_code == 200
    assert owner_login.json()["user_type"] == "saraf"
    owner = bearer(owner_login.json()["access"])

    listed = anonymous.get("/api/saraf/list/", {"search": "shahr"}).json()
    assert [s["saraf_id"] for s in listed["results"]] == [saraf_id]

    hired = owner.post(
        "/api/saraf/employees/",
        {
            "username": "cashier1",
            "password": CASHIER_PASSWORD,
            "full_name": "Ahmad Cashier",
            "template": "cashier",
        },
        format="json",
    )
    assert hired.status_code == 201
    employee_id = hired.json()["employee_id"]
    assert hired.json()["permissions"]["deposit_to_account"] is True
    assert hired.json()["permissions"]["add_employee"] is False

    cashier_login = anonymous.post(
        "/api/saraf/login/",
        {"saraf_id": saraf_id, "username": "cashier1", "password": CASHIER_PASSWORD},
        format="json",
    )
    assert cashier_login.status_code == 200
    tokens = cashier_login.json()
    assert tokens["user_type"] == "employee"
    assert tokens["employee_id"] == employee_id
    cashier = bearer(tokens["access"])

    me = cashier.get("/api/saraf/permissions/").json()
    assert me["permissions"]["deposit_to_account"] is True
    refused = cashier.post(
        "/api/saraf/employees/",
        {"username": "friend", "password": CASHIER_PASSWORD, "full_name": "Friend"},
        format="json",
    )
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "permission_denied"

    logged_out = cashier.post(
        "/api/saraf/logout/", {"refresh": tokens["refresh"]}, format="json"
    )
    assert logged_out.status_code == 200
    assert cashier.get("/api/saraf/protected/").status_code == 401
    stale_refresh = anonymous.post(
        "/token/refresh/", {"refresh": tokens["refresh"]}, format="json"
    )
    assert stale_refresh.status_code == 401

    assert owner.get("/api/saraf/protected/").status_code == 200
