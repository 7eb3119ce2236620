"""Only a proven contact is the owner's: resets and sign-ups respect that."""

from datetime import timedelta

import pytest
from django.utils import timezone

from normal_user_account.models import NormalUser
from otp.testing import last_code
from tests.factories import PASSWORD, NormalUserFactory
from tests.normal_user_account.conftest import (
    FORGOT,
    NEW_PASSWORD,
    REGISTER,
    RESET,
    VERIFY,
    login,
    post,
)

pytestmark = pytest.mark.django_db

SQUATTED_EMAIL = "real.owner@example.com"


def register(**overrides):
    body = {"full_name": "Real Owner", "email": SQUATTED_EMAIL, "password": PASSWORD}
    body.update(overrides)
    return post(REGISTER, body)


def reset_code_to(destination):
    try:
        return last_code(destination, purpose="normal_user_password_reset")
    except AssertionError:
        return None


def test_forgot_password_through_an_unverified_email_sends_nothing():
    user = NormalUserFactory(email=SQUATTED_EMAIL, email_verified=False)
    unverified = post(FORGOT, {"email": user.email})
    unknown = post(FORGOT, {"email": "nobody@example.com"})
    assert unverified.status_code == unknown.status_code == 200
    assert unverified.json() == unknown.json()
    assert reset_code_to(user.email) is None


def test_reset_through_an_unverified_email_is_refused_and_changes_nothing():
    user = NormalUserFactory(email=SQUATTED_EMAIL, email_verified=False)
    response = post(
        RESET, {"email": user.email, "code": "123456", "new_password": NEW_PASSWORD}
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_code"
    user.refresh_from_db()
    assert user.check_password(PASSWORD) and not user.email_verified


def test_a_reset_code_for_a_pending_user_dies_once_another_contact_is_verified():
    user = NormalUserFactory(email_verified=False, phone_verified=False)
    post(FORGOT, {"email": user.email})
    code = reset_code_to(user.email)
    assert code
    NormalUser.objects.filter(pk=user.pk).update(phone_verified=True)
    response = post(
        RESET, {"email": user.email, "code": code, "new_password": NEW_PASSWORD}
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_code"
    user.refresh_from_db()
    assert user.check_password(PASSWORD) and not user.email_verified


def test_registering_an_email_another_user_never_verified_takes_it_from_it():
    squatter = NormalUserFactory(email=SQUATTED_EMAIL, email_verified=False)
    response = register()
    assert response.status_code == 201
    squatter.refresh_from_db()
    assert squatter.email is None and not squatter.email_verified
    assert login(phone=squatter.phone).status_code == 200
    new = NormalUser.objects.get(pk=response.json()["normal_user_id"])
    assert new.email == SQUATTED_EMAIL and not new.email_verified
    assert last_code(SQUATTED_EMAIL, purpose="normal_user_verify")


def test_the_squatters_old_code_no_longer_verifies_the_email(no_cooldown):
    squatter = NormalUserFactory(email=SQUATTED_EMAIL, email_verified=False)
    post("/api/normal-user/resend-otp/", {"normal_user_id": squatter.pk})
    register()
    new = NormalUser.objects.get(email=SQUATTED_EMAIL)
    code = last_code(SQUATTED_EMAIL, purpose="normal_user_verify")
    response = post(VERIFY, {"normal_user_id": squatter.pk, "code": code})
    assert response.status_code == 409
    squatter.refresh_from_db()
    assert squatter.email is None and not squatter.email_verified
    assert post(VERIFY, {"normal_user_id": new.pk, "code": code}).status_code == 200


def test_a_verified_email_stays_with_its_holder():
    NormalUserFactory(email=SQUATTED_EMAIL, email_verified=True)
    response = register()
    assert response.status_code == 409
    assert response.json()["error"]["fields"].keys() == {"email"}


def test_a_refused_registration_detaches_nothing():
    squatter = NormalUserFactory(email=SQUATTED_EMAIL, email_verified=False)
    NormalUserFactory(phone="+93701234567", phone_verified=True)
    response = register(phone="0701234567")
    assert response.status_code == 409
    assert response.json()["error"]["fields"].keys() == {"phone"}
    squatter.refresh_from_db()
    assert squatter.email == SQUATTED_EMAIL
    assert NormalUser.objects.count() == 2


def test_a_recent_pending_registration_still_holds_its_email():
    NormalUserFactory(email=SQUATTED_EMAIL, email_verified=False, phone_verified=False)
    assert register().status_code == 409


def test_an_abandoned_pending_registration_is_replaced():
    old = NormalUserFactory(
        email=SQUATTED_EMAIL, email_verified=False, phone_verified=False
    )
    NormalUser.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(hours=25)
    )
    response = register()
    assert response.status_code == 201
    assert not NormalUser.objects.filter(pk=old.pk).exists()


def _worked_then_unverified(**fields):
    """An account that logged in, liked things..., then an admin unticked its
    verified flags, a month ago."""
    user = NormalUserFactory(email=SQUATTED_EMAIL, **fields)
    NormalUser.objects.filter(pk=user.pk).update(
        email_verified=False,
        phone_verified=False,
        last_login=timezone.now(),
        created_at=timezone.now() - timedelta(days=30),
    )
    return user


def test_an_account_that_logged_in_is_never_deleted_to_free_a_contact():
    old = _worked_then_unverified()

    assert register().status_code == 201

    old.refresh_from_db()
    assert old.email is None
    assert old.phone


def test_an_account_keeps_its_only_contact_even_unverified():
    old = _worked_then_unverified(phone=None, phone_verified=False)

    response = register()

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "contact_taken"
    old.refresh_from_db()
    assert old.email == SQUATTED_EMAIL


def test_an_account_that_logged_in_is_not_reset_through_an_unverified_contact():
    user = _worked_then_unverified()

    assert post(FORGOT, {"email": user.email}).status_code == 200

    assert reset_code_to(user.email) is None


def test_taking_over_a_pending_account_drops_the_squatters_phone(no_cooldown):
    squatter_phone = "+93701111111"
    signed_up = register(phone=squatter_phone, password="Squatter-Pass-2026!")
    user_id = signed_up.json()["normal_user_id"]
    squatter_code = last_code(squatter_phone, purpose="normal_user_verify")
    post(FORGOT, {"email": SQUATTED_EMAIL})
    reset = post(
        RESET,
        {
            "email": SQUATTED_EMAIL,
            "code": reset_code_to(SQUATTED_EMAIL),
            "new_password": NEW_PASSWORD,
        },
    )
    assert reset.status_code == 200

    user = NormalUser.objects.get(pk=user_id)
    assert (user.email_verified, user.phone, user.phone_verified) == (True, None, False)
    again = post(VERIFY, {"normal_user_id": user_id, "code": squatter_code})
    assert again.json()["error"]["code"] == "already_verified"
    post(FORGOT, {"phone": squatter_phone})
    assert reset_code_to(squatter_phone) is None
    assert login(email=SQUATTED_EMAIL, password=NEW_PASSWORD).status_code == 200
