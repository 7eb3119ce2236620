"""Only a proven contact is the owner's: resets and sign-ups respect that."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from ledger.models import LedgerAccount
from otp.testing import last_code
from saraf_account.models import SarafAccount
from tests.factories import PASSWORD, SarafFactory
from tests.hawala.conftest import fund, support

pytestmark = pytest.mark.django_db

REGISTER = "/api/saraf/register/"
LOGIN = "/api/saraf/login/"
FORGOT = "/api/saraf/forgot-password/"
RESET = "/api/saraf/forgot-password/otp/verify/"
NEW_PASSWORD = "An0ther-Secret!"
SQUATTED_PHONE = "+93791234567"


def post(path, body):
    return APIClient().post(path, body, format="json")


def register(**overrides):
    body = {
        "name": "Kabul Exchange",
        "license_no": "LIC-1",
        "phone": "0791234567",
        "password": PASSWORD,
    }
    body.update(overrides)
    return post(REGISTER, body)


def reset_codes_to(destination):
    try:
        return last_code(destination, purpose="saraf_password_reset")
    except AssertionError:
        return None


def test_forgot_password_through_an_unverified_phone_sends_nothing():
    saraf = SarafFactory(phone=SQUATTED_PHONE, email_verified=True)
    unverified = post(FORGOT, {"phone": saraf.phone})
    unknown = post(FORGOT, {"phone": "+93781111111"})
    assert unverified.status_code == unknown.status_code == 200
    assert unverified.json() == unknown.json()
    assert reset_codes_to(saraf.phone) is None


def test_reset_through_an_unverified_phone_is_refused_and_changes_nothing():
    saraf = SarafFactory(phone=SQUATTED_PHONE, email_verified=True)
    response = post(
        RESET, {"phone": saraf.phone, "code": "123456", "new_password": NEW_PASSWORD}
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_code"
    saraf.refresh_from_db()
    assert saraf.check_password(PASSWORD)
    assert not saraf.phone_verified


def test_a_pending_saraf_can_be_reset_through_its_unverified_contact():
    saraf = SarafFactory(email_verified=False)
    post(FORGOT, {"email": saraf.email})
    code = reset_codes_to(saraf.email)
    response = post(
        RESET, {"email": saraf.email, "code": code, "new_password": NEW_PASSWORD}
    )
    assert response.status_code == 200
    saraf.refresh_from_db()
    assert saraf.email_verified and saraf.check_password(NEW_PASSWORD)


def test_a_reset_code_for_a_pending_saraf_dies_once_another_contact_is_verified():
    saraf = SarafFactory(email_verified=False)
    post(FORGOT, {"email": saraf.email})
    code = reset_codes_to(saraf.email)
    SarafAccount.objects.filter(pk=saraf.pk).update(phone_verified=True)
    response = post(
        RESET, {"email": saraf.email, "code": code, "new_password": NEW_PASSWORD}
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_code"
    saraf.refresh_from_db()
    assert saraf.check_password(PASSWORD) and not saraf.email_verified


def test_registering_a_phone_another_saraf_never_verified_takes_it_from_it():
    squatter = SarafFactory(phone=SQUATTED_PHONE, email_verified=True)
    response = register()
    assert response.status_code == 201
    squatter.refresh_from_db()
    assert squatter.phone is None and not squatter.phone_verified
    assert squatter.email_verified
    new = SarafAccount.objects.get(pk=response.json()["saraf_id"])
    assert new.phone == SQUATTED_PHONE
    assert last_code(SQUATTED_PHONE, purpose="saraf_verify")


def test_the_old_holder_keeps_logging_in_with_its_verified_email():
    squatter = SarafFactory(phone=SQUATTED_PHONE, email_verified=True)
    register()
    response = post(LOGIN, {"email": squatter.email, "password": PASSWORD})
    assert response.status_code == 200


def test_a_verified_phone_stays_with_its_holder():
    holder = SarafFactory(phone=SQUATTED_PHONE, phone_verified=True)
    response = register()
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "contact_taken"
    holder.refresh_from_db()
    assert holder.phone == SQUATTED_PHONE


def test_a_refused_registration_detaches_nothing():
    squatter = SarafFactory(phone=SQUATTED_PHONE, email_verified=True)
    verified = SarafFactory(email="taken@example.com", email_verified=True)
    response = register(email="taken@example.com")
    assert response.status_code == 409
    assert set(response.json()["error"]["fields"]) == {"email"}
    squatter.refresh_from_db()
    assert squatter.phone == SQUATTED_PHONE
    assert SarafAccount.objects.count() == 2 and verified.pk


def test_a_recent_pending_registration_still_holds_its_phone():
    SarafFactory(phone=SQUATTED_PHONE, email_verified=False)
    assert register().status_code == 409


def test_an_abandoned_pending_registration_is_replaced():
    old = SarafFactory(phone=SQUATTED_PHONE, email_verified=False)
    SarafAccount.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(hours=25)
    )
    assert register().status_code == 201
    assert not SarafAccount.objects.filter(pk=old.pk).exists()


def test_an_abandoned_saraf_with_history_loses_the_phone_but_is_kept():
    """An admin unticked its verified flags; its ledger rows must not block a
    sign-up (nor make it a 500) and must not be deleted."""
    old = SarafFactory(phone=SQUATTED_PHONE)
    support(old, "USD")
    fund(old, "USD", "100")
    SarafAccount.objects.filter(pk=old.pk).update(
        email_verified=False,
        phone_verified=False,
        created_at=timezone.now() - timedelta(hours=25),
    )

    assert register().status_code == 201

    old.refresh_from_db()
    assert old.phone is None
    assert LedgerAccount.objects.filter(saraf=old).exists()


def test_a_saraf_with_history_keeps_its_only_contact():
    old = SarafFactory(phone=SQUATTED_PHONE, email=None, email_verified=False)
    support(old, "USD")
    fund(old, "USD", "100")
    SarafAccount.objects.filter(pk=old.pk).update(
        phone_verified=False, created_at=timezone.now() - timedelta(hours=25)
    )

    response = register()

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "contact_taken"
    old.refresh_from_db()
    assert old.phone == SQUATTED_PHONE


def test_verifying_a_phone_taken_by_a_newer_registration_is_refused():
    squatter = SarafFactory(phone=SQUATTED_PHONE, email_verified=True)
    APIClient().post("/api/saraf/otp/resend/", {"saraf_id": squatter.pk}, format="json")
    squatter_code = last_code(SQUATTED_PHONE, purpose="saraf_verify")
    register()
    response = post(
        "/api/saraf/otp/verify/", {"saraf_id": squatter.pk, "code": squatter_code}
    )
    # Its phone is gone; the email it kept is verified: nothing left to verify.
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "already_verified"
    squatter.refresh_from_db()
    assert squatter.phone is None and not squatter.phone_verified


def test_taking_over_a_pending_saraf_drops_the_squatters_phone(settings):
    settings.OTP_RESEND_COOLDOWN_SECONDS = 0
    victim = "victim@example.com"
    signed_up = register(email=victim, password="Squatter-Pass-2026!")
    saraf_id = signed_up.json()["saraf_id"]
    squatter_code = last_code(SQUATTED_PHONE, purpose="saraf_verify")
    post(FORGOT, {"email": victim})
    reset = post(
        RESET,
        {"email": victim, "code": reset_codes_to(victim), "new_password": NEW_PASSWORD},
    )
    assert reset.status_code == 200

    saraf = SarafAccount.objects.get(pk=saraf_id)
    assert (saraf.email_verified, saraf.phone, saraf.phone_verified) == (
        True,
        None,
        False,
    )
    again = post(
        "/api/saraf/otp/verify/", {"saraf_id": saraf_id, "code": squatter_code}
    )
    assert again.json()["error"]["code"] == "already_verified"
    post(FORGOT, {"phone": SQUATTED_PHONE})
    assert reset_codes_to(SQUATTED_PHONE) is None


def _trace_of_a_reset_request(email, ip):
    client = APIClient(REMOTE_ADDR=ip)
    assert client.post(FORGOT, {"email": email}, format="json").status_code == 200
    status = client.get("/api/email-otp/email-status/", {"email": email}).json()
    other = client.post(
        "/api/email-otp/generate-otp/", {"email": f"other-{ip}@example.com"}
    )
    return status["resend_available_at"] is not None, other.status_code


def test_a_reset_request_leaves_the_same_trace_whether_the_account_exists(settings):
    """The OTP caps and status counted only codes really sent, so they told
    whether forgot-password had found an account."""
    settings.OTP_HOURLY_CAP_PER_CLIENT = 1
    settings.OTP_HOURLY_CAP_PER_DESTINATION = 1
    known = SarafFactory()

    found = _trace_of_a_reset_request(known.email, "10.0.0.1")
    unknown = _trace_of_a_reset_request("nobody@example.com", "10.0.0.2")

    assert found == unknown == (True, 429)
    assert reset_codes_to(known.email) is not None
    assert reset_codes_to("nobody@example.com") is None
