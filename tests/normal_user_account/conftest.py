import pytest
from rest_framework.test import APIClient

from normal_user_account.models import NormalUser
from otp.outbox import outbox_messages
from tests.factories import PASSWORD, NormalUserFactory

REGISTER = "/api/normal-user/register/"
VERIFY = "/api/normal-user/verify-otp/"
RESEND = "/api/normal-user/resend-otp/"
LOGIN = "/api/normal-user/login/"
LOGOUT = "/api/normal-user/logout/"
FORGOT = "/api/normal-user/forgot-password/"
RESET = "/api/normal-user/reset-password/"
PROFILE = "/api/normal-user/profile/"
CHANGE_PASSWORD = "/api/normal-user/change-password/"

NEW_PASSWORD = "An0ther-Str0ng-One!"


def messages_to(destination):
    return [m for m in outbox_messages() if destination in m["to"]]


def post(path, body, client=None):
    return (client or APIClient()).post(path, body, format="json")


def login(email=None, phone=None, password=PASSWORD):
    body = {"password": password}
    if email:
        body["email"] = email
    if phone:
        body["phone"] = phone
    return post(LOGIN, body)


def bearer(access):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


@pytest.fixture
def no_cooldown(settings):
    settings.OTP_RESEND_COOLDOWN_SECONDS = 0


@pytest.fixture
def pending_user(db):
    """Registered through the API with an email and a phone, nothing verified."""
    response = post(
        REGISTER,
        {
            "full_name": "Pending Person",
            "email": "pending@example.com",
            "phone": "+93701234567",
            "password": PASSWORD,
        },
    )
    assert response.status_code == 201, response.json()
    return NormalUser.objects.get(pk=response.json()["normal_user_id"])


@pytest.fixture
def verified_user(db):
    return NormalUserFactory(email="verified@example.com", phone="+93702222222")
