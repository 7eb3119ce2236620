from datetime import timedelta

import pytest
from django.utils import timezone

from normal_user_account.models import NormalUser
from otp.models import OtpCode
from otp.testing import last_code
from tests.factories import NormalUserFactory
from tests.normal_user_account.conftest import (
    RESEND,
    VERIFY,
    login,
    messages_to,
    post,
)

pytestmark = pytest.mark.django_db


def verify(user, code):
    return post(VERIFY, {"normal_user_id": user.pk, "code": code})


def test_the_email_code_verifies_the_email_and_login_by_email_works(pending_user):
    response = verify(pending_user, last_code("pending@example.com"))

    assert response.status_code == 200
    assert response.json() == {"verified": True}
    pending_user.refresh_from_db()
    assert pending_user.email_verified
    assert not pending_user.phone_verified
    assert login(email="pending@example.com").status_code == 200
    assert login(phone="+93701234567").json()["error"]["code"] == "not_verified"


def test_the_whatsapp_code_verifies_the_phone(pending_user):
    response = verify(pending_user, last_code("+93701234567"))

    assert response.status_code == 200
    pending_user.refresh_from_db()
    assert pending_user.phone_verified
    assert not pending_user.email_verified


def test_a_wrong_code_is_refused_and_nothing_is_verified(pending_user):
    right = last_code("pending@example.com")
    wrong = "000000" if right != "000000" else "111111"

    response = verify(pending_user, wrong)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_code"
    pending_user.refresh_from_db()
    assert not pending_user.email_verified and not pending_user.phone_verified


def test_a_used_code_cannot_verify_again(pending_user):
    code = last_code("pending@example.com")
    assert verify(pending_user, code).status_code == 200

    response = verify(pending_user, code)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_code"
    pending_user.refresh_from_db()
    assert not pending_user.phone_verified


def test_an_expired_code_is_refused(pending_user):
    past = timezone.now() - timedelta(hours=1)
    OtpCode.objects.update(created_at=past - timedelta(minutes=10), expires_at=past)

    response = verify(pending_user, last_code("pending@example.com"))

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_code"
    pending_user.refresh_from_db()
    assert not pending_user.email_verified


def test_another_accounts_code_is_refused(pending_user):
    other = post(
        "/api/normal-user/register/",
        {
            "full_name": "Other",
            "email": "other@example.com",
            "password": "Str0ng-Passw0rd!",
        },
    ).json()
    other_code = last_code("other@example.com")

    response = verify(pending_user, other_code)

    assert response.status_code == 400
    pending_user.refresh_from_db()
    assert not pending_user.email_verified and not pending_user.phone_verified
    assert not NormalUser.objects.get(pk=other["normal_user_id"]).email_verified


def test_wrong_tries_are_counted_until_the_code_dies(settings, pending_user):
    settings.OTP_MAX_ATTEMPTS = 2
    code = last_code("pending@example.com")
    wrong = "000000" if code != "000000" else "111111"
    verify(pending_user, wrong)
    verify(pending_user, wrong)

    response = verify(pending_user, code)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "otp_locked"
    pending_user.refresh_from_db()
    assert not pending_user.email_verified


def test_verifying_a_fully_verified_account_is_a_conflict():
    user = NormalUserFactory()

    response = verify(user, "123456")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "already_verified"


@pytest.mark.parametrize(
    "data",
    [
        {"normal_user_id": "abc", "code": "123456"},
        {"normal_user_id": 10**30, "code": "123456"},
        {"normal_user_id": 0, "code": "123456"},
        {"normal_user_id": True, "code": "123456"},
        {"normal_user_id": 1},
        {"normal_user_id": 1, "code": "1" * 13},
        {"normal_user_id": 1, "code": "12\x003456"},
        {"normal_user_id": 1, "code": ["123456"]},
        ["normal_user_id", 1],
    ],
)
def test_verify_refuses_malformed_input(data):
    response = post(VERIFY, data)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"


def test_verify_an_unknown_account_is_not_found(db):
    response = post(VERIFY, {"normal_user_id": 999999, "code": "123456"})

    assert response.status_code == 404


def test_resend_sends_new_codes_and_the_old_one_stops_working(
    no_cooldown, pending_user
):
    old = last_code("pending@example.com")

    response = post(RESEND, {"normal_user_id": pending_user.pk})

    assert response.status_code == 200
    assert len(messages_to("pending@example.com")) == 2
    assert len(messages_to("+93701234567")) == 2
    new = last_code("pending@example.com")
    if old != new:
        assert verify(pending_user, old).status_code == 400
    assert verify(pending_user, new).status_code == 200


def test_resend_inside_the_cooldown_is_refused(pending_user):
    response = post(RESEND, {"normal_user_id": pending_user.pk})

    assert response.status_code == 429
    assert response.json()["error"]["code"] == "otp_cooldown"
    assert len(messages_to("pending@example.com")) == 1


def test_resend_goes_only_to_contacts_still_pending(no_cooldown, pending_user):
    verify(pending_user, last_code("pending@example.com"))

    assert post(RESEND, {"normal_user_id": pending_user.pk}).status_code == 200

    assert len(messages_to("pending@example.com")) == 1
    assert len(messages_to("+93701234567")) == 2


def test_resend_for_a_verified_account_is_a_conflict():
    user = NormalUserFactory()

    response = post(RESEND, {"normal_user_id": user.pk})

    assert response.status_code == 409
    assert messages_to(user.email) == []


def test_resend_for_an_unknown_account_is_not_found(db):
    assert post(RESEND, {"normal_user_id": 424242}).status_code == 404
