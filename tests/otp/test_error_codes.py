"""The codes docs/otp.md promises for malformed contacts, exactly."""

import pytest

from otp.models import OtpCode

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/api/email-otp/generate-otp/", {"email": "not-an-email"}),
        ("/api/email-otp/verify-otp/", {"email": "a@", "code": "123456"}),
        (
            "/api/phone-otp/combined/generate-otp/",
            {"email": "x", "phone": "0791234567"},
        ),
    ],
)
def test_a_malformed_email_is_a_validation_error(api_client, url, body):
    response = api_client.post(url, body, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"
    assert "email" in response.json()["error"]["fields"]
    assert not OtpCode.objects.exists()


@pytest.mark.parametrize(
    "phone",
    ["12", "+93 79 123 4567 ext. 5", "+93791234567;ext=5", "0791234567\x00", 791234567],
)
@pytest.mark.parametrize("url", ["/api/phone-otp/generate-otp/", "/api/wa-otp/wa-otp/"])
def test_a_malformed_phone_is_invalid_phone(api_client, url, phone):
    response = api_client.post(url, {"phone": phone}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_phone"
    assert "phone" in response.json()["error"]["fields"]
    assert not OtpCode.objects.exists()
