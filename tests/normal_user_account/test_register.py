import pytest
from rest_framework.test import APIClient

from normal_user_account.models import NormalUser
from otp.models import OtpCode
from tests.factories import PASSWORD, NormalUserFactory
from tests.normal_user_account.conftest import REGISTER, messages_to, post

pytestmark = pytest.mark.django_db


def body(**overrides):
    data = {
        "full_name": "Ahmad Karimi",
        "email": "Ahmad.Karimi@Example.COM",
        "phone": "0791234567",
        "password": PASSWORD,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_register_with_both_contacts_creates_a_pending_account_and_sends_two_codes():
    response = post(REGISTER, body())

    assert response.status_code == 201
    user = NormalUser.objects.get()
    assert response.json() == {
        "normal_user_id": user.pk,
        "status": "pending_verification",
    }
    assert user.email == "ahmad.karimi@example.com"
    assert user.phone == "+93791234567"
    assert not user.email_verified and not user.phone_verified
    assert user.check_password(PASSWORD)
    assert user.password != PASSWORD
    email_message = messages_to("ahmad.karimi@example.com")[-1]
    phone_message = messages_to("+93791234567")[-1]
    assert email_message["channel"] == "email"
    assert phone_message["channel"] == "whatsapp"
    assert {email_message["purpose"], phone_message["purpose"]} == {
        "normal_user_verify"
    }


@pytest.mark.parametrize("missing", ["email", "phone"])
def test_register_with_one_contact(missing):
    response = post(REGISTER, {k: v for k, v in body().items() if k != missing})

    assert response.status_code == 201
    user = NormalUser.objects.get()
    assert getattr(user, missing) is None
    assert OtpCode.objects.count() == 1


@pytest.mark.parametrize(
    "taken",
    [
        {"email": "ahmad.karimi@example.com"},
        {"phone": "+93791234567"},
    ],
)
def test_register_refuses_a_contact_already_taken_in_any_spelling(taken):
    NormalUserFactory(**taken)

    response = post(REGISTER, body())

    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "contact_taken"
    assert set(error["fields"]) == set(taken)
    assert NormalUser.objects.count() == 1
    assert OtpCode.objects.count() == 0


def test_register_refuses_a_weak_password_on_the_password_field():
    response = post(REGISTER, body(password="12345678"))

    assert response.status_code == 400
    assert "password" in response.json()["error"]["fields"]
    assert NormalUser.objects.count() == 0


def test_register_refuses_a_password_like_the_email():
    response = post(REGISTER, body(password="ahmad.karimi@example"))

    assert response.status_code == 400
    assert "password" in response.json()["error"]["fields"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (body(email=None, phone=None), "non_field_errors"),
        (body(phone="12345"), "phone"),
        (body(phone="+1 555"), "phone"),
        (body(email="not-an-email"), "email"),
        (body(email=123), "email"),
        (body(full_name=""), "full_name"),
        (body(full_name="x" * 201), "full_name"),
        (body(full_name="Ahmad\x00Karimi"), "full_name"),
        (body(full_name={"first": "Ahmad"}), "full_name"),
        (body(full_name=["Ahmad"]), "full_name"),
        (body(full_name=123), "full_name"),
        (body(password=12345678), "password"),
        (body(password="p" * 129), "password"),
        (body(password=None), "password"),
        (body(email="a@example.com\x00"), "email"),
        (body(phone=["+93791234567"]), "phone"),
        ({**body(), "email_verified": True}, "email_verified"),
        ({**body(), "is_active": False}, "is_active"),
        ({**body(), "status": "active"}, "status"),
    ],
)
def test_register_refuses_bad_input_and_creates_nothing(data, field):
    response = post(REGISTER, data)

    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert NormalUser.objects.count() == 0
    assert OtpCode.objects.count() == 0


def test_a_bad_phone_is_reported_as_invalid_phone():
    response = post(REGISTER, body(phone="0000"))

    assert response.json()["error"]["code"] == "invalid_phone"


@pytest.mark.parametrize(
    ("raw", "content_type"),
    [
        ('{"full_name": "Ahmad", ', "application/json"),
        ("[1, 2, 3]", "application/json"),
        ('"just a string"', "application/json"),
        ("null", "application/json"),
        ("\xff\xfe", "application/json"),
    ],
)
def test_register_refuses_bodies_that_are_not_an_object(raw, content_type):
    response = APIClient().generic("POST", REGISTER, raw, content_type=content_type)

    assert response.status_code == 400
    assert response.json()["error"]["code"] in {"malformed_request", "validation_error"}
    assert NormalUser.objects.count() == 0


def test_register_refuses_when_the_client_used_up_its_hourly_codes(
    settings,
):
    settings.OTP_HOURLY_CAP_PER_CLIENT = 1
    assert post(REGISTER, body(phone=None)).status_code == 201

    response = post(REGISTER, body(email="second@example.com", phone=None))

    assert response.status_code == 429
    assert NormalUser.objects.count() == 1
