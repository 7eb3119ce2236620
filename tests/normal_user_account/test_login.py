from unittest import mock

import jwt
import pytest
from django.contrib.auth.hashers import make_password

from core.models import AuthSession
from tests.factories import PASSWORD, NormalUserFactory
from tests.normal_user_account.conftest import LOGIN, PROFILE, bearer, login, post

pytestmark = pytest.mark.django_db


def test_login_by_email_answers_tokens_that_work(verified_user):
    response = login(email="VERIFIED@example.com")

    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"access", "refresh", "user_type", "normal_user_id"}
    assert data["user_type"] == "normal_user"
    assert data["normal_user_id"] == verified_user.pk
    claims = jwt.decode(data["access"], options={"verify_signature": False})
    assert claims["user_type"] == "normal_user"
    assert claims["normal_user_id"] == verified_user.pk
    profile = bearer(data["access"]).get(PROFILE)
    assert profile.status_code == 200
    assert profile.json()["normal_user_id"] == verified_user.pk
    verified_user.refresh_from_db()
    assert verified_user.last_login is not None


def test_login_by_phone_in_local_format(verified_user):
    response = login(phone="0702 222 222")

    assert response.status_code == 200
    assert response.json()["normal_user_id"] == verified_user.pk


def test_wrong_password_and_unknown_account_get_the_same_answer(verified_user):
    wrong = login(email="verified@example.com", password="Not-The-Passw0rd")
    unknown = login(email="nobody@example.com", password="Not-The-Passw0rd")

    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["error"]["code"] == "invalid_credentials"
    assert AuthSession.objects.count() == 0


def test_an_unknown_account_still_costs_a_password_hash(db):
    with mock.patch(
        "normal_user_account.services.make_password", wraps=make_password
    ) as hashed:
        login(email="nobody@example.com")

    hashed.assert_called_once_with(PASSWORD)


def test_unverified_contact_is_told_only_after_the_right_password(pending_user):
    wrong = login(email="pending@example.com", password="Not-The-Passw0rd")
    right = login(email="pending@example.com")

    assert wrong.status_code == 401
    assert wrong.json()["error"]["code"] == "invalid_credentials"
    assert right.status_code == 403
    assert right.json()["error"]["code"] == "not_verified"
    assert AuthSession.objects.count() == 0


def test_a_deactivated_account_cannot_log_in():
    NormalUserFactory(email="gone@example.com", is_active=False)

    response = login(email="gone@example.com")

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "account_inactive"
    assert AuthSession.objects.count() == 0


def test_repeated_failures_lock_the_account_even_for_the_right_password(
    settings, verified_user
):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        assert login(email="verified@example.com", password="Wr0ng-one").status_code
    locked = login(email="verified@example.com")

    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "throttled"
    assert AuthSession.objects.count() == 0
    assert login(phone="+93702222222").status_code == 200


def test_a_successful_login_clears_earlier_failures(settings, verified_user):
    settings.LOGIN_FAILURE_LIMIT = 3
    login(email="verified@example.com", password="Wr0ng-one")
    login(email="verified@example.com", password="Wr0ng-one")
    assert login(email="verified@example.com").status_code == 200
    login(email="verified@example.com", password="Wr0ng-one")
    login(email="verified@example.com", password="Wr0ng-one")

    assert login(email="verified@example.com").status_code == 200


def test_unknown_accounts_are_locked_out_like_real_ones(settings, db):
    settings.LOGIN_FAILURE_LIMIT = 2
    login(email="nobody@example.com")
    login(email="nobody@example.com")

    assert login(email="nobody@example.com").status_code == 429


@pytest.mark.parametrize(
    "data",
    [
        {"password": PASSWORD},
        {"email": "verified@example.com", "phone": "+93702222222", "password": "x"},
        {"email": "verified@example.com"},
        {"email": "verified@example.com", "password": ""},
        {"email": "verified@example.com", "password": 12345678},
        {"email": "verified@example.com", "password": "p" * 129},
        {"email": "verified@example.com", "password": "Str0ng\x00"},
        {"phone": "not a phone", "password": PASSWORD},
        {"email": ["verified@example.com"], "password": PASSWORD},
        [{"email": "verified@example.com", "password": PASSWORD}],
    ],
)
def test_login_refuses_malformed_input(verified_user, data):
    response = post(LOGIN, data)

    assert response.status_code == 400
    assert AuthSession.objects.count() == 0


def test_login_refuses_a_body_that_is_not_json(db):
    from rest_framework.test import APIClient

    response = APIClient().generic(
        "POST", LOGIN, "{email: x}", content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "malformed_request"
