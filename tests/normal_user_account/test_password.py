import pytest

from core.models import AuthSession
from otp.models import OtpCode
from otp.testing import last_code
from tests.conftest import authenticated
from tests.factories import PASSWORD, NormalUserFactory
from tests.normal_user_account.conftest import (
    CHANGE_PASSWORD,
    FORGOT,
    NEW_PASSWORD,
    PROFILE,
    RESET,
    login,
    messages_to,
    post,
)

pytestmark = pytest.mark.django_db


def test_forgot_password_sends_a_reset_code_by_email(verified_user):
    response = post(FORGOT, {"email": "Verified@Example.com"})

    assert response.status_code == 200
    message = messages_to("verified@example.com")[-1]
    assert message["channel"] == "email"
    assert message["purpose"] == "normal_user_password_reset"


def test_forgot_password_by_phone_uses_whatsapp(verified_user):
    assert post(FORGOT, {"phone": "0702222222"}).status_code == 200

    assert messages_to("+93702222222")[-1]["channel"] == "whatsapp"


def test_forgot_password_answers_the_same_whatever_the_account(verified_user):
    NormalUserFactory(email="inactive@example.com", is_active=False)
    existing = post(FORGOT, {"email": "verified@example.com"})
    in_cooldown = post(FORGOT, {"email": "verified@example.com"})
    unknown = post(FORGOT, {"email": "nobody@example.com"})
    inactive = post(FORGOT, {"email": "inactive@example.com"})

    answers = {(r.status_code, str(r.json())) for r in (existing, in_cooldown, unknown)}
    answers.add((inactive.status_code, str(inactive.json())))
    assert len(answers) == 1
    assert existing.status_code == 200
    assert len(messages_to("verified@example.com")) == 1
    assert messages_to("nobody@example.com") == []
    assert messages_to("inactive@example.com") == []


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"email": "verified@example.com", "phone": "+93702222222"},
        {"email": "nope"},
        {"phone": "12"},
        {"email": "x" * 250 + "@example.com"},
        {"email": "verified@example.com", "extra": 1},
        ["verified@example.com"],
    ],
)
def test_forgot_password_refuses_malformed_input(verified_user, data):
    response = post(FORGOT, data)

    assert response.status_code == 400
    assert OtpCode.objects.count() == 0


def reset(code, password=NEW_PASSWORD, **contact):
    return post(RESET, {**contact, "code": code, "new_password": password})


def test_reset_password_sets_it_and_ends_every_session(verified_user):
    old_sessions = [authenticated(normal_user=verified_user) for _ in range(2)]
    post(FORGOT, {"email": "verified@example.com"})

    response = reset(last_code("verified@example.com"), email="verified@example.com")

    assert response.status_code == 200
    for client in old_sessions:
        assert client.get(PROFILE).status_code == 401
    assert login(email="verified@example.com").status_code == 401
    assert login(email="verified@example.com", password=NEW_PASSWORD).status_code == 200


def test_reset_by_phone(verified_user):
    post(FORGOT, {"phone": "+93702222222"})

    response = reset(last_code("+93702222222"), phone="0702222222")

    assert response.status_code == 200
    assert login(phone="+93702222222", password=NEW_PASSWORD).status_code == 200


def test_reset_proves_the_contact_so_it_becomes_verified(pending_user):
    post(FORGOT, {"email": "pending@example.com"})

    response = reset(last_code("pending@example.com"), email="pending@example.com")

    assert response.status_code == 200

    pending_user.refresh_from_db()
    assert pending_user.email_verified
    assert not pending_user.phone_verified


def test_reset_with_a_wrong_code_changes_nothing(verified_user):
    post(FORGOT, {"email": "verified@example.com"})
    code = last_code("verified@example.com")
    wrong = "000000" if code != "000000" else "111111"
    session = authenticated(normal_user=verified_user)

    response = reset(wrong, email="verified@example.com")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_code"
    assert login(email="verified@example.com").status_code == 200
    assert session.get(PROFILE).status_code == 200


def test_reset_codes_are_single_use(verified_user):
    post(FORGOT, {"email": "verified@example.com"})
    code = last_code("verified@example.com")
    assert reset(code, email="verified@example.com").status_code == 200

    response = reset(code, password="Yet-An0ther-One!", email="verified@example.com")

    assert response.status_code == 400
    assert login(email="verified@example.com", password=NEW_PASSWORD).status_code == 200


def test_a_verification_code_cannot_reset_the_password(pending_user):
    response = reset(last_code("pending@example.com"), email="pending@example.com")

    assert response.status_code == 400
    pending_user.refresh_from_db()
    assert pending_user.check_password(PASSWORD)


def test_one_contacts_code_cannot_reset_another_account(verified_user):
    other = NormalUserFactory(email="other@example.com")
    post(FORGOT, {"email": "other@example.com"})

    response = reset(last_code("other@example.com"), email="verified@example.com")

    assert response.status_code == 400
    verified_user.refresh_from_db()
    assert verified_user.check_password(PASSWORD)
    other.refresh_from_db()
    assert other.check_password(PASSWORD)


def test_reset_for_an_unknown_account_answers_like_a_wrong_code(verified_user):
    post(FORGOT, {"email": "verified@example.com"})
    code = last_code("verified@example.com")
    wrong = "000000" if code != "000000" else "111111"

    unknown = reset("123456", email="nobody@example.com")
    known = reset(wrong, email="verified@example.com")

    assert unknown.status_code == known.status_code == 400
    assert unknown.json() == known.json()


def test_a_weak_new_password_is_refused_and_the_code_still_works(verified_user):
    post(FORGOT, {"email": "verified@example.com"})
    code = last_code("verified@example.com")

    weak = reset(code, password="password", email="verified@example.com")

    assert weak.status_code == 400
    assert "new_password" in weak.json()["error"]["fields"]
    assert reset(code, email="verified@example.com").status_code == 200


def test_reset_clears_the_login_lockout(settings, verified_user):
    settings.LOGIN_FAILURE_LIMIT = 2
    login(email="verified@example.com", password="Wr0ng-one")
    login(email="verified@example.com", password="Wr0ng-one")
    assert login(email="verified@example.com").status_code == 429
    post(FORGOT, {"email": "verified@example.com"})

    reset(last_code("verified@example.com"), email="verified@example.com")

    assert login(email="verified@example.com", password=NEW_PASSWORD).status_code == 200


def test_change_password_ends_the_other_sessions_only(normal_user):
    current = authenticated(normal_user=normal_user)
    other = authenticated(normal_user=normal_user)

    response = current.post(
        CHANGE_PASSWORD,
        {"old_password": PASSWORD, "new_password": NEW_PASSWORD},
        format="json",
    )

    assert response.status_code == 200
    assert current.get(PROFILE).status_code == 200
    assert other.get(PROFILE).status_code == 401
    normal_user.refresh_from_db()
    assert normal_user.check_password(NEW_PASSWORD)


def test_change_password_with_a_wrong_old_password_changes_nothing(
    normal_user, normal_user_client
):
    other = authenticated(normal_user=normal_user)

    response = normal_user_client.post(
        CHANGE_PASSWORD,
        {"old_password": "Wr0ng-one", "new_password": NEW_PASSWORD},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "wrong_password"
    assert "old_password" in response.json()["error"]["fields"]
    normal_user.refresh_from_db()
    assert normal_user.check_password(PASSWORD)
    assert other.get(PROFILE).status_code == 200


def test_change_password_locks_after_repeated_wrong_old_passwords(
    settings, normal_user, normal_user_client
):
    settings.LOGIN_FAILURE_LIMIT = 2
    body = {"old_password": "Wr0ng-one", "new_password": NEW_PASSWORD}
    normal_user_client.post(CHANGE_PASSWORD, body, format="json")
    normal_user_client.post(CHANGE_PASSWORD, body, format="json")

    response = normal_user_client.post(
        CHANGE_PASSWORD, {**body, "old_password": PASSWORD}, format="json"
    )

    assert response.status_code == 429
    normal_user.refresh_from_db()
    assert normal_user.check_password(PASSWORD)


@pytest.mark.parametrize(
    "data",
    [
        {"old_password": PASSWORD},
        {"old_password": PASSWORD, "new_password": "short"},
        {"old_password": PASSWORD, "new_password": "p" * 129},
        {"old_password": PASSWORD, "new_password": "Str0ng-\x00-Passw0rd"},
        {"old_password": PASSWORD, "new_password": 1234567890123},
        [PASSWORD, NEW_PASSWORD],
    ],
)
def test_change_password_refuses_malformed_input(normal_user, normal_user_client, data):
    response = normal_user_client.post(CHANGE_PASSWORD, data, format="json")

    assert response.status_code == 400
    normal_user.refresh_from_db()
    assert normal_user.check_password(PASSWORD)
    assert AuthSession.objects.filter(revoked_at__isnull=True).count() == 1


def test_change_password_needs_a_token(api_client):
    response = api_client.post(
        CHANGE_PASSWORD,
        {"old_password": PASSWORD, "new_password": NEW_PASSWORD},
        format="json",
    )

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
