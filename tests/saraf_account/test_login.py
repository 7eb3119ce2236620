import pytest
from django.contrib.auth import hashers
from rest_framework.test import APIClient

from core.models import AuthSession
from otp.testing import last_code
from tests.conftest import authenticated
from tests.factories import PASSWORD, EmployeeFactory, SarafFactory

pytestmark = pytest.mark.django_db

LOGIN = "/api/saraf/login/"
LOGOUT = "/api/saraf/logout/"
PROTECTED = "/api/saraf/protected/"
FORGOT = "/api/saraf/forgot-password/"
RESET = "/api/saraf/forgot-password/otp/verify/"
CHANGE = "/api/saraf/change-password/"
NEW_PASSWORD = "An0ther-Secret!"


def login(**body):
    return APIClient().post(LOGIN, body, format="json")


def bearer(access):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


@pytest.mark.parametrize("contact", ["email", "phone"])
def test_owner_logs_in_with_email_or_phone(saraf, contact):
    response = login(**{contact: getattr(saraf, contact), "password": PASSWORD})
    assert response.status_code == 200
    body = response.json()
    assert body["user_type"] == "saraf" and body["saraf_id"] == saraf.pk
    assert bearer(body["access"]).get(PROTECTED).status_code == 200


def test_owner_login_normalises_the_contact(saraf):
    response = login(email=saraf.email.upper(), password=PASSWORD)
    assert response.status_code == 200


def test_employee_logs_in_with_saraf_id_and_username(saraf):
    employee = EmployeeFactory(saraf=saraf, username="ahmad")
    response = login(saraf_id=saraf.pk, username="Ahmad", password=PASSWORD)
    assert response.status_code == 200
    body = response.json()
    assert body["user_type"] == "employee"
    assert body["employee_id"] == employee.pk and body["saraf_id"] == saraf.pk


def test_employee_of_another_saraf_cannot_log_in_through_this_saraf(saraf, other_saraf):
    EmployeeFactory(saraf=other_saraf, username="ahmad")
    response = login(saraf_id=saraf.pk, username="ahmad", password=PASSWORD)
    assert response.status_code == 401


def test_unverified_owner_with_the_right_password_is_403():
    saraf = SarafFactory(email_verified=False, phone_verified=False)
    response = login(email=saraf.email, password=PASSWORD)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "not_verified"
    assert not AuthSession.objects.exists()


def test_unverified_owner_with_a_wrong_password_gets_the_usual_401():
    saraf = SarafFactory(email_verified=False)
    response = login(email=saraf.email, password="wrong-password")
    assert response.status_code == 401


def _refusal(response):
    return response.status_code, response.json()


def test_unknown_account_wrong_password_and_inactive_get_the_same_answer(saraf):
    inactive = SarafFactory(is_active=False)
    wrong = _refusal(login(email=saraf.email, password="wrong-password"))
    unknown = _refusal(login(email="nobody@example.com", password=PASSWORD))
    deactivated = _refusal(login(email=inactive.email, password=PASSWORD))
    assert wrong == unknown == deactivated
    assert wrong[0] == 401
    assert wrong[1]["error"]["code"] == "invalid_credentials"


def test_employee_refusals_are_the_same_answer(saraf):
    EmployeeFactory(saraf=saraf, username="ahmad")
    EmployeeFactory(saraf=saraf, username="gone", is_active=False)
    answers = {
        _refusal(login(saraf_id=saraf.pk, username=u, password=p))[1]["error"]["code"]
        for u, p in [("ahmad", "nope-nope"), ("nobody", PASSWORD), ("gone", PASSWORD)]
    }
    assert answers == {"invalid_credentials"}


def test_unknown_account_still_hashes_a_password(monkeypatch):
    calls = []
    original = hashers.make_password

    def spy(password, *args, **kwargs):
        calls.append(password)
        return original(password, *args, **kwargs)

    monkeypatch.setattr("saraf_account.services.make_password", spy)
    login(email="nobody@example.com", password=PASSWORD)
    assert calls == [PASSWORD]


def test_employee_of_a_deactivated_saraf_cannot_log_in(saraf):
    EmployeeFactory(saraf=saraf, username="ahmad")
    saraf.is_active = False
    saraf.save()
    response = login(saraf_id=saraf.pk, username="ahmad", password=PASSWORD)
    assert response.status_code == 401


def test_repeated_failures_lock_the_account_even_for_the_right_password(
    saraf, settings
):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        assert login(email=saraf.email, password="wrong-password").status_code == 401
    locked = login(email=saraf.email, password=PASSWORD)
    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "throttled"
    by_phone = login(phone=saraf.phone, password=PASSWORD)
    assert by_phone.status_code == 429


def test_unknown_accounts_lock_the_same_way(settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    for _ in range(2):
        login(email="nobody@example.com", password=PASSWORD)
    assert login(email="nobody@example.com", password=PASSWORD).status_code == 429


def test_employee_lockout(saraf, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    EmployeeFactory(saraf=saraf, username="ahmad")
    for _ in range(2):
        login(saraf_id=saraf.pk, username="ahmad", password="wrong-password")
    response = login(saraf_id=saraf.pk, username="ahmad", password=PASSWORD)
    assert response.status_code == 429


@pytest.mark.parametrize(
    "body",
    [
        {"password": PASSWORD},
        {"email": "a@example.com", "phone": "0791234567", "password": PASSWORD},
        {"username": "ahmad", "password": PASSWORD},
        {"saraf_id": 1, "password": PASSWORD},
        {"email": "a@example.com"},
        {"saraf_id": 1, "username": "ahmad", "email": "a@example.com", "password": "x"},
    ],
)
def test_login_body_shape_is_checked(body):
    assert login(**body).status_code == 400


def test_logout_kills_access_and_refresh_at_once(saraf):
    tokens = login(email=saraf.email, password=PASSWORD).json()
    client = bearer(tokens["access"])
    response = client.post(LOGOUT, {"refresh": tokens["refresh"]}, format="json")
    assert response.status_code == 200
    assert client.get(PROTECTED).status_code == 401
    refreshed = APIClient().post(
        "/token/refresh/", {"refresh": tokens["refresh"]}, format="json"
    )
    assert refreshed.status_code == 401


def test_logout_with_another_sessions_refresh_token_is_refused(saraf):
    first = login(email=saraf.email, password=PASSWORD).json()
    second = login(email=saraf.email, password=PASSWORD).json()
    response = bearer(first["access"]).post(
        LOGOUT, {"refresh": second["refresh"]}, format="json"
    )
    assert response.status_code == 400
    assert bearer(second["access"]).get(PROTECTED).status_code == 200


def test_logout_needs_a_login():
    assert APIClient().post(LOGOUT, {"refresh": "x"}, format="json").status_code == 401


def test_forgot_password_answers_the_same_whether_or_not_the_account_exists(saraf):
    known = APIClient().post(FORGOT, {"email": saraf.email}, format="json")
    unknown = APIClient().post(FORGOT, {"email": "nobody@example.com"}, format="json")
    assert known.status_code == unknown.status_code == 200
    assert known.json() == unknown.json()
    assert last_code(saraf.email, purpose="saraf_password_reset")
    with pytest.raises(AssertionError):
        last_code("nobody@example.com")


def test_forgot_password_inside_the_cooldown_still_answers_200(saraf):
    APIClient().post(FORGOT, {"email": saraf.email}, format="json")
    again = APIClient().post(FORGOT, {"email": saraf.email}, format="json")
    assert again.status_code == 200


def test_reset_sets_the_password_and_ends_every_session():
    saraf = SarafFactory(phone_verified=True)
    old = login(email=saraf.email, password=PASSWORD).json()
    APIClient().post(FORGOT, {"phone": saraf.phone}, format="json")
    code = last_code(saraf.phone, purpose="saraf_password_reset")
    response = APIClient().post(
        RESET,
        {"phone": saraf.phone, "code": code, "new_password": NEW_PASSWORD},
        format="json",
    )
    assert response.status_code == 200
    assert bearer(old["access"]).get(PROTECTED).status_code == 401
    assert login(email=saraf.email, password=PASSWORD).status_code == 401
    assert login(email=saraf.email, password=NEW_PASSWORD).status_code == 200
    saraf.refresh_from_db()
    assert saraf.phone_verified


def test_reset_with_a_wrong_code_changes_nothing(saraf):
    APIClient().post(FORGOT, {"email": saraf.email}, format="json")
    code = last_code(saraf.email)
    wrong = "000000" if code != "000000" else "111111"
    response = APIClient().post(
        RESET,
        {"email": saraf.email, "code": wrong, "new_password": NEW_PASSWORD},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_code"
    assert login(email=saraf.email, password=PASSWORD).status_code == 200


def test_reset_for_an_unknown_account_is_the_same_invalid_code():
    response = APIClient().post(
        RESET,
        {"email": "nobody@example.com", "code": "123456", "new_password": NEW_PASSWORD},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_code"


def test_reset_refuses_a_weak_password_without_spending_the_code(saraf):
    APIClient().post(FORGOT, {"email": saraf.email}, format="json")
    code = last_code(saraf.email)
    weak = APIClient().post(
        RESET,
        {"email": saraf.email, "code": code, "new_password": "password"},
        format="json",
    )
    assert weak.status_code == 400
    assert "new_password" in weak.json()["error"]["fields"]
    strong = APIClient().post(
        RESET,
        {"email": saraf.email, "code": code, "new_password": NEW_PASSWORD},
        format="json",
    )
    assert strong.status_code == 200


def test_owner_changes_password_and_other_sessions_end(saraf):
    current = login(email=saraf.email, password=PASSWORD).json()
    other = login(email=saraf.email, password=PASSWORD).json()
    client = bearer(current["access"])
    response = client.post(
        CHANGE,
        {"old_password": PASSWORD, "new_password": NEW_PASSWORD},
        format="json",
    )
    assert response.status_code == 200
    assert client.get(PROTECTED).status_code == 200
    assert bearer(other["access"]).get(PROTECTED).status_code == 401
    assert login(email=saraf.email, password=NEW_PASSWORD).status_code == 200


def test_employee_changes_its_own_password(saraf):
    employee = EmployeeFactory(saraf=saraf)
    client = authenticated(employee=employee)
    response = client.post(
        CHANGE,
        {"old_password": PASSWORD, "new_password": NEW_PASSWORD},
        format="json",
    )
    assert response.status_code == 200
    employee.refresh_from_db()
    assert employee.check_password(NEW_PASSWORD)
    saraf.refresh_from_db()
    assert saraf.check_password(PASSWORD)


def test_change_password_with_a_wrong_old_password_is_400(owner_client, saraf):
    response = owner_client.post(
        CHANGE,
        {"old_password": "not-it-at-all", "new_password": NEW_PASSWORD},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "wrong_password"
    saraf.refresh_from_db()
    assert saraf.check_password(PASSWORD)


def test_change_password_refuses_a_weak_new_password(owner_client):
    response = owner_client.post(
        CHANGE, {"old_password": PASSWORD, "new_password": "123"}, format="json"
    )
    assert response.status_code == 400
    assert "new_password" in response.json()["error"]["fields"]


def test_normal_user_cannot_use_saraf_change_password(normal_user_client):
    response = normal_user_client.post(
        CHANGE,
        {"old_password": PASSWORD, "new_password": NEW_PASSWORD},
        format="json",
    )
    assert response.status_code == 403


@pytest.mark.parametrize("username", ["has space", "ümlaut\tname", "x" * 64])
def test_odd_unknown_usernames_are_a_plain_401(saraf, username):
    response = login(saraf_id=saraf.pk, username=username, password=PASSWORD)
    assert response.status_code == 401


def test_lockout_counts_the_client_behind_trusted_proxies(saraf, settings):
    settings.LOGIN_FAILURE_LIMIT = 1
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    for attempt in range(4):
        APIClient().post(
            LOGIN,
            {"email": f"nobody{attempt}@example.com", "password": "x"},
            format="json",
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )
    blocked = APIClient().post(
        LOGIN,
        {"email": saraf.email, "password": PASSWORD},
        format="json",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    other_client = APIClient().post(
        LOGIN,
        {"email": saraf.email, "password": PASSWORD},
        format="json",
        HTTP_X_FORWARDED_FOR="198.51.100.9",
    )
    assert blocked.status_code == 429
    assert other_client.status_code == 200
