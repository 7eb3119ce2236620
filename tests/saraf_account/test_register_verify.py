from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from otp.testing import last_code
from saraf_account.models import SarafAccount
from tests.factories import PASSWORD, SarafFactory

pytestmark = pytest.mark.django_db

REGISTER = "/api/saraf/register/"
VERIFY = "/api/saraf/otp/verify/"
RESEND = "/api/saraf/otp/resend/"


def register(client=None, **overrides):
    body = {
        "name": "Kabul Exchange",
        "license_no": "LIC-1",
        "email": "Owner@Example.com",
        "phone": "0791234567",
        "password": PASSWORD,
        "province": "Kabul",
        "address": "Shahr-e Naw",
    }
    body.update(overrides)
    body = {k: v for k, v in body.items() if v is not None}
    return (client or APIClient()).post(REGISTER, body, format="json")


def test_register_creates_pending_saraf_and_sends_a_code_to_each_contact():
    response = register()
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "pending_verification"
    saraf = SarafAccount.objects.get(pk=body["saraf_id"])
    assert saraf.email == "owner@example.com"
    assert saraf.phone == "+93791234567"
    assert not saraf.email_verified and not saraf.phone_verified
    assert saraf.password != PASSWORD and saraf.check_password(PASSWORD)
    assert last_code("owner@example.com", purpose="saraf_verify", channel="email")
    assert last_code("+93791234567", purpose="saraf_verify", channel="sms")


def test_register_with_phone_only():
    response = register(email=None)
    assert response.status_code == 201
    assert SarafAccount.objects.get().email is None


def test_register_accepts_null_for_the_unused_contact():
    response = register(client=None, phone=None, email="solo@example.com")
    assert response.status_code == 201
    response = APIClient().post(
        REGISTER,
        {
            "name": "N",
            "license_no": "L",
            "email": None,
            "phone": "0791111111",
            "password": PASSWORD,
        },
        format="json",
    )
    assert response.status_code == 201


def test_register_needs_a_contact():
    response = register(email=None, phone=None)
    assert response.status_code == 400
    assert not SarafAccount.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [{"email": "OWNER@example.com "}, {"phone": "+93 79 123 4567", "email": None}],
)
def test_register_refuses_a_taken_contact_after_normalising(overrides):
    SarafFactory(email="owner@example.com", phone="+93791234567", phone_verified=True)
    response = register(**{"email": "new@example.com", "phone": None, **overrides})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "contact_taken"
    assert SarafAccount.objects.count() == 1


def test_register_refuses_a_weak_password():
    response = register(password="12345678")
    assert response.status_code == 400
    assert "password" in response.json()["error"]["fields"]
    assert not SarafAccount.objects.exists()


def test_register_refuses_an_invalid_phone():
    response = register(phone="12")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_phone"


def test_register_ignores_status_and_verification_in_the_body():
    response = register(
        email_verified=True, is_active=False, is_license_verified=True, status="active"
    )
    saraf = SarafAccount.objects.get(pk=response.json()["saraf_id"])
    assert not saraf.email_verified and not saraf.is_license_verified
    assert saraf.is_active


def test_verify_with_the_email_code_marks_only_the_email_verified():
    saraf_id = register().json()["saraf_id"]
    code = last_code("owner@example.com", purpose="saraf_verify")
    response = APIClient().post(
        VERIFY, {"saraf_id": saraf_id, "code": code}, format="json"
    )
    assert response.status_code == 200
    assert response.json() == {"verified": True}
    saraf = SarafAccount.objects.get(pk=saraf_id)
    assert saraf.email_verified and not saraf.phone_verified
    assert saraf.status == "active"


def test_verify_with_the_phone_code_marks_the_phone_verified():
    saraf_id = register().json()["saraf_id"]
    code = last_code("+93791234567", purpose="saraf_verify")
    response = APIClient().post(
        VERIFY, {"saraf_id": saraf_id, "code": code}, format="json"
    )
    assert response.status_code == 200
    saraf = SarafAccount.objects.get(pk=saraf_id)
    assert saraf.phone_verified and not saraf.email_verified


def test_verify_with_a_wrong_code_changes_nothing():
    saraf_id = register().json()["saraf_id"]
    codes = {last_code("owner@example.com"), last_code("+93791234567")}
    wrong = next(c for c in ("000000", "111111", "222222") if c not in codes)
    response = APIClient().post(
        VERIFY, {"saraf_id": saraf_id, "code": wrong}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_code"
    assert SarafAccount.objects.get(pk=saraf_id).status == "pending_verification"


def test_verify_unknown_saraf_is_404():
    response = APIClient().post(
        VERIFY, {"saraf_id": 999999, "code": "123456"}, format="json"
    )
    assert response.status_code == 404


def test_verify_an_already_verified_saraf_is_409(saraf):
    saraf.phone_verified = True
    saraf.save()
    response = APIClient().post(
        VERIFY, {"saraf_id": saraf.pk, "code": "123456"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "already_verified"


def test_resend_inside_the_cooldown_is_429():
    saraf_id = register().json()["saraf_id"]
    response = APIClient().post(RESEND, {"saraf_id": saraf_id}, format="json")
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "otp_cooldown"


def test_resend_after_the_cooldown_sends_a_new_code(settings):
    settings.OTP_RESEND_COOLDOWN_SECONDS = 0
    saraf_id = register(phone=None).json()["saraf_id"]
    first = last_code("owner@example.com")
    response = APIClient().post(RESEND, {"saraf_id": saraf_id}, format="json")
    assert response.status_code == 200
    second = last_code("owner@example.com")
    verify = APIClient().post(
        VERIFY, {"saraf_id": saraf_id, "code": second}, format="json"
    )
    assert verify.status_code == 200
    if first != second:
        stale = APIClient().post(
            VERIFY, {"saraf_id": saraf_id, "code": first}, format="json"
        )
        assert stale.status_code == 409


def test_an_abandoned_unverified_signup_frees_its_contacts():
    squatter = SarafFactory(
        email="owner@example.com", email_verified=False, phone_verified=False
    )
    SarafAccount.objects.filter(pk=squatter.pk).update(
        created_at=timezone.now() - timedelta(days=2)
    )
    response = register()
    assert response.status_code == 201
    assert not SarafAccount.objects.filter(pk=squatter.pk).exists()
    assert SarafAccount.objects.get().email == "owner@example.com"


def test_a_recent_unverified_signup_still_holds_its_contacts():
    SarafFactory(email="owner@example.com", email_verified=False, phone_verified=False)
    assert register().status_code == 409


def test_an_old_verified_saraf_keeps_its_contacts():
    old = SarafFactory(phone="+93791234567", email_verified=False, phone_verified=True)
    SarafAccount.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=200)
    )
    response = register()
    assert response.status_code == 409
    assert set(response.json()["error"]["fields"]) == {"phone"}
    assert SarafAccount.objects.filter(pk=old.pk).exists()
