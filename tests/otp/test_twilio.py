import logging

import pytest
import requests

from otp.models import OtpCode, OtpStatus
from otp.outbox import outbox_messages
from tests.otp.fakes import FakeTwilioHttp, twilio_error

pytestmark = pytest.mark.django_db

PHONE = "+93791234567"


@pytest.fixture
def twilio(settings, monkeypatch):
    """Twilio configured, with its HTTP client replaced by `twilio.use(fake)`."""
    settings.TWILIO_ACCOUNT_SID = "AC" + "1" * 32
    settings.TWILIO_AUTH_TOKEN = "test-token"
    settings.TWILIO_PHONE_NUMBER = "+15005550006"
    settings.TWILIO_WHATSAPP_NUMBER = "+14155238886"

    class Holder:
        fake = FakeTwilioHttp()

        def use(self, fake):
            self.fake = fake
            return fake

    holder = Holder()
    monkeypatch.setattr("otp.backends.twilio_http_client", lambda: holder.fake)
    return holder


def test_sms_goes_through_twilio_from_the_sms_number(api_client, twilio):
    response = api_client.post(
        "/api/phone-otp/generate-otp/", {"phone": "0791234567"}, format="json"
    )
    assert response.status_code == 200, response.json()
    (sent,) = twilio.fake.requests
    assert sent["method"] == "POST" and sent["uri"].endswith("/Messages.json")
    assert sent["data"]["To"] == PHONE
    assert sent["data"]["From"] == "+15005550006"
    assert "Your AMU Pay code is" in sent["data"]["Body"]
    assert OtpCode.objects.get().status == OtpStatus.SENT
    assert outbox_messages() == []


def test_whatsapp_goes_through_twilio_with_whatsapp_prefixes(api_client, twilio):
    response = api_client.post("/api/wa-otp/wa-otp/", {"phone": PHONE}, format="json")
    assert response.status_code == 200, response.json()
    (sent,) = twilio.fake.requests
    assert sent["data"]["To"] == f"whatsapp:{PHONE}"
    assert sent["data"]["From"] == "whatsapp:+14155238886"


@pytest.mark.parametrize(
    ("url", "fake", "status", "code"),
    [
        (
            "/api/phone-otp/generate-otp/",
            twilio_error(400, 21211, "The 'To' number is not a valid phone number."),
            400,
            "invalid_phone",
        ),
        (
            "/api/phone-otp/generate-otp/",
            twilio_error(400, 21614, "'To' number is not a valid mobile number"),
            400,
            "invalid_phone",
        ),
        (
            "/api/phone-otp/generate-otp/",
            twilio_error(400, 21608, "The number is unverified. Trial accounts..."),
            502,
            "provider_error",
        ),
        (
            "/api/wa-otp/wa-otp/",
            twilio_error(400, 63016, "Failed to send freeform message outside window"),
            502,
            "provider_error",
        ),
        (
            "/api/phone-otp/generate-otp/",
            FakeTwilioHttp(status=500, body={"message": "Internal Server Error"}),
            502,
            "provider_error",
        ),
        (
            "/api/wa-otp/wa-otp/",
            FakeTwilioHttp(error=requests.exceptions.ReadTimeout("read timed out")),
            502,
            "provider_error",
        ),
        (
            "/api/phone-otp/generate-otp/",
            FakeTwilioHttp(error=requests.exceptions.ConnectionError("refused")),
            502,
            "provider_error",
        ),
    ],
    ids=[
        "invalid-number",
        "not-mobile",
        "trial-unverified",
        "whatsapp-window",
        "twilio-500",
        "timeout",
        "connection",
    ],
)
def test_provider_failure_is_a_clear_error_and_the_code_is_not_counted(
    api_client, twilio, caplog, url, fake, status, code
):
    twilio.use(fake)
    with caplog.at_level(logging.WARNING, logger="otp.services"):
        response = api_client.post(url, {"phone": PHONE}, format="json")
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert set(response.json()["error"]) == {"code", "message", "fields"}
    assert OtpCode.objects.get().status == OtpStatus.FAILED
    assert any(
        "otp delivery failed" in r.getMessage() and PHONE in r.getMessage()
        for r in caplog.records
    )

    verify = api_client.post(
        "/api/phone-otp/verify-otp/", {"phone": PHONE, "code": "000000"}, format="json"
    )
    assert verify.json()["error"]["code"] == "invalid_code"

    status_body = api_client.get("/api/phone-otp/phone-status/", {"phone": PHONE})
    assert status_body.json()["code_pending"] is False
    assert status_body.json()["resend_available_at"] is None

    twilio.use(FakeTwilioHttp())
    retry = api_client.post(url, {"phone": PHONE}, format="json")
    assert retry.status_code == 200, retry.json()
    assert OtpCode.objects.filter(status=OtpStatus.SENT).count() == 1
