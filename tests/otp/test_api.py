from datetime import timedelta
from unittest import mock

import pytest
from rest_framework.throttling import ScopedRateThrottle

from otp.models import OtpCode, OtpStatus, VerifiedContact
from otp.outbox import outbox_messages
from otp.testing import last_code

pytestmark = pytest.mark.django_db

EMAIL = "user@example.com"
PHONE = "+93791234567"


def post(client, url, body):
    return client.post(url, body, format="json")


def error_code(response):
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {
        "code",
        "message",
        "fields",
    }
    return body["error"]["code"]


def wrong(code):
    return f"{(int(code) + 1) % 10**6:06d}"


def test_email_code_round_trip(api_client, settings):
    response = post(api_client, "/api/email-otp/generate-otp/", {"email": EMAIL})
    assert response.status_code == 200
    assert response.json() == {
        "sent": True,
        "expires_in_seconds": settings.OTP_TTL_MINUTES * 60,
        "resend_available_in_seconds": settings.OTP_RESEND_COOLDOWN_SECONDS,
    }

    status = api_client.get("/api/email-otp/email-status/", {"email": EMAIL}).json()
    assert status["verified"] is False
    assert status["code_pending"] is True
    assert status["expires_at"] is not None
    assert status["resend_available_at"] is not None

    response = post(
        api_client,
        "/api/email-otp/verify-otp/",
        {"email": " USER@example.com", "code": last_code(EMAIL)},
    )
    assert response.status_code == 200
    assert response.json() == {"verified": True}
    assert VerifiedContact.objects.get().destination == EMAIL

    status = api_client.get("/api/email-otp/email-status/", {"email": EMAIL}).json()
    assert status["verified"] is True
    assert status["code_pending"] is False
    assert status["expires_at"] is None


def test_email_has_html_and_plain_text_parts(api_client):
    post(api_client, "/api/email-otp/generate-otp/", {"email": EMAIL})
    (message,) = outbox_messages()
    code = message["code"]
    assert message["channel"] == "email"
    assert message["to"] == [EMAIL]
    assert message["subject"]
    assert code in message["body"] and "<" not in message["body"]
    assert code in message["html_body"] and "<html" in message["html_body"]
    assert message["created_at"]


def test_email_is_a_multipart_message_with_an_html_alternative(api_client, settings):
    from django.core import mail

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    post(api_client, "/api/email-otp/generate-otp/", {"email": EMAIL})
    (message,) = mail.outbox
    assert message.to == [EMAIL]
    assert message.alternatives[0].mimetype == "text/html"
    assert message.message().is_multipart()


def test_phone_code_round_trip(api_client):
    response = post(api_client, "/api/phone-otp/generate-otp/", {"phone": "0791234567"})
    assert response.status_code == 200
    assert outbox_messages()[0]["channel"] == "sms"
    assert outbox_messages()[0]["to"] == [PHONE]

    response = post(
        api_client,
        "/api/phone-otp/verify-otp/",
        {"phone": "+93 79 123 4567", "code": last_code(PHONE)},
    )
    assert response.status_code == 200
    status = api_client.get("/api/phone-otp/phone-status/", {"phone": PHONE}).json()
    assert status["verified"] is True


def test_whatsapp_code_round_trip(api_client):
    response = post(api_client, "/api/wa-otp/wa-otp/", {"phone": PHONE})
    assert response.status_code == 200
    assert outbox_messages()[0]["channel"] == "whatsapp"
    response = post(
        api_client,
        "/api/wa-otp/verify-wa-otp/",
        {"phone": PHONE, "code": last_code(PHONE)},
    )
    assert response.status_code == 200
    assert VerifiedContact.objects.get(destination=PHONE).kind == "phone"


def test_combined_sends_both_and_verifies_both(api_client):
    body = {"email": EMAIL, "phone": PHONE}
    response = post(api_client, "/api/phone-otp/combined/generate-otp/", body)
    assert response.status_code == 200
    assert {m["channel"] for m in outbox_messages()} == {"sms", "email"}

    status = api_client.get("/api/phone-otp/combined/status/", body).json()
    assert status["verified"] is False
    assert status["email"]["code_pending"] and status["phone"]["code_pending"]

    response = post(
        api_client,
        "/api/phone-otp/combined/verify-otp/",
        {**body, "email_code": last_code(EMAIL), "phone_code": last_code(PHONE)},
    )
    assert response.status_code == 200
    status = api_client.get("/api/phone-otp/combined/status/", body).json()
    assert status["verified"] is True
    assert status["email"]["verified"] and status["phone"]["verified"]


def test_combined_verify_with_one_wrong_code_consumes_neither(api_client):
    body = {"email": EMAIL, "phone": PHONE}
    post(api_client, "/api/phone-otp/combined/generate-otp/", body)
    email_code, phone_code = last_code(EMAIL), last_code(PHONE)

    response = post(
        api_client,
        "/api/phone-otp/combined/verify-otp/",
        {**body, "email_code": email_code, "phone_code": wrong(phone_code)},
    )
    assert response.status_code == 400
    assert error_code(response) == "invalid_code"
    assert set(response.json()["error"]["fields"]) == {"phone_code"}
    assert not VerifiedContact.objects.exists()
    assert set(OtpCode.objects.values_list("status", flat=True)) == {OtpStatus.SENT}

    response = post(
        api_client,
        "/api/phone-otp/combined/verify-otp/",
        {**body, "email_code": email_code, "phone_code": phone_code},
    )
    assert response.status_code == 200


def test_combined_generate_sends_nothing_when_one_contact_is_in_cooldown(api_client):
    post(api_client, "/api/email-otp/generate-otp/", {"email": EMAIL})
    response = post(
        api_client,
        "/api/phone-otp/combined/generate-otp/",
        {"email": EMAIL, "phone": PHONE},
    )
    assert response.status_code == 429
    assert error_code(response) == "otp_cooldown"
    assert OtpCode.objects.count() == 1


def test_wrong_code_is_refused_and_five_wrong_tries_kill_the_code(api_client, settings):
    post(api_client, "/api/email-otp/generate-otp/", {"email": EMAIL})
    code = last_code(EMAIL)
    for _ in range(settings.OTP_MAX_ATTEMPTS):
        response = post(
            api_client,
            "/api/email-otp/verify-otp/",
            {"email": EMAIL, "code": wrong(code)},
        )
        assert response.status_code == 400
        assert error_code(response) == "invalid_code"
    response = post(
        api_client, "/api/email-otp/verify-otp/", {"email": EMAIL, "code": code}
    )
    assert response.status_code == 400
    assert error_code(response) == "otp_locked"
    assert not VerifiedContact.objects.exists()
    status = api_client.get("/api/email-otp/email-status/", {"email": EMAIL}).json()
    assert status["code_pending"] is False


def test_code_of_another_destination_is_refused(api_client, no_cooldown):
    with mock.patch("otp.services.secrets.randbelow", side_effect=[111111, 222222]):
        post(api_client, "/api/email-otp/generate-otp/", {"email": EMAIL})
        post(api_client, "/api/email-otp/generate-otp/", {"email": "other@example.com"})
    response = post(
        api_client,
        "/api/email-otp/verify-otp/",
        {"email": "other@example.com", "code": "111111"},
    )
    assert response.status_code == 400
    assert error_code(response) == "invalid_code"
    assert not VerifiedContact.objects.exists()


def test_resend_inside_cooldown_answers_429_with_seconds_left(
    api_client, settings, clock
):
    post(api_client, "/api/phone-otp/generate-otp/", {"phone": PHONE})
    clock.advance(timedelta(seconds=15))
    response = post(api_client, "/api/phone-otp/generate-otp/", {"phone": PHONE})
    assert response.status_code == 429
    assert error_code(response) == "otp_cooldown"
    seconds = settings.OTP_RESEND_COOLDOWN_SECONDS - 15
    assert response.json()["error"]["fields"] == {"retry_after_seconds": seconds}
    assert str(seconds) in response.json()["error"]["message"]
    assert OtpCode.objects.count() == 1

    status = api_client.get("/api/phone-otp/phone-status/", {"phone": PHONE}).json()
    assert status["resend_available_at"] is not None


def test_hourly_cap_per_client_address_through_the_api(
    api_client, settings, no_cooldown
):
    settings.OTP_HOURLY_CAP_PER_CLIENT = 2
    for n in range(2):
        response = post(
            api_client, "/api/phone-otp/generate-otp/", {"phone": f"+9379123456{n}"}
        )
        assert response.status_code == 200
    response = post(api_client, "/api/phone-otp/generate-otp/", {"phone": PHONE})
    assert response.status_code == 429
    assert error_code(response) == "otp_rate_limited"
    assert OtpCode.objects.count() == 2
    assert OtpCode.objects.filter(client_ip="127.0.0.1").count() == 2


def test_status_of_an_unknown_contact_says_nothing_about_accounts(api_client, saraf):
    for email in (saraf.email, "nobody@example.com"):
        status = api_client.get("/api/email-otp/email-status/", {"email": email})
        assert status.status_code == 200
        assert status.json() == {
            "verified": False,
            "code_pending": False,
            "expires_at": None,
            "resend_available_at": None,
        }


def test_generate_is_throttled_per_client(api_client, monkeypatch, no_cooldown):
    monkeypatch.setattr(
        ScopedRateThrottle, "THROTTLE_RATES", {"otp": "2/min", "public": "2/min"}
    )
    for n in range(2):
        post(api_client, "/api/email-otp/generate-otp/", {"email": f"u{n}@example.com"})
    response = post(api_client, "/api/email-otp/generate-otp/", {"email": EMAIL})
    assert response.status_code == 429
    assert error_code(response) == "throttled"
    assert OtpCode.objects.count() == 2


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("/api/email-otp/generate-otp/", {}, "email"),
        ("/api/email-otp/generate-otp/", {"email": "not-an-email"}, "email"),
        ("/api/email-otp/generate-otp/", {"email": ["a@example.com"]}, "email"),
        ("/api/email-otp/generate-otp/", {"email": "a\x00@example.com"}, "email"),
        ("/api/email-otp/generate-otp/", {"email": "a" * 250 + "@x.com"}, "email"),
        ("/api/email-otp/verify-otp/", {"email": EMAIL}, "code"),
        ("/api/email-otp/verify-otp/", {"email": EMAIL, "code": "12a456"}, "code"),
        ("/api/email-otp/verify-otp/", {"email": EMAIL, "code": 123456}, "code"),
        ("/api/email-otp/verify-otp/", {"email": EMAIL, "code": "1234567"}, "code"),
        ("/api/email-otp/verify-otp/", {"email": EMAIL, "code": "١٢٣٤٥٦"}, "code"),
        ("/api/email-otp/verify-otp/", {"email": EMAIL, "code": None}, "code"),
        ("/api/phone-otp/generate-otp/", {}, "phone"),
        ("/api/phone-otp/generate-otp/", {"phone": "12"}, "phone"),
        ("/api/phone-otp/generate-otp/", {"phone": "not a phone"}, "phone"),
        ("/api/phone-otp/generate-otp/", {"phone": {"n": 1}}, "phone"),
        ("/api/phone-otp/generate-otp/", {"phone": True}, "phone"),
        ("/api/phone-otp/verify-otp/", {"phone": PHONE, "code": ""}, "code"),
        ("/api/phone-otp/combined/generate-otp/", {"email": EMAIL}, "phone"),
        (
            "/api/phone-otp/combined/verify-otp/",
            {"email": EMAIL, "phone": PHONE},
            "email_code",
        ),
        ("/api/wa-otp/wa-otp/", {"phone": "+1"}, "phone"),
        ("/api/wa-otp/verify-wa-otp/", {"phone": PHONE, "code": [1]}, "code"),
    ],
)
def test_malformed_input_is_a_400_in_the_error_shape(api_client, url, body, field):
    response = post(api_client, url, body)
    assert response.status_code == 400
    assert error_code(response) in {"validation_error", "invalid_phone"}
    assert field in response.json()["error"]["fields"]
    assert not OtpCode.objects.exists()


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("/api/email-otp/email-status/", {}),
        ("/api/email-otp/email-status/", {"email": "nope"}),
        ("/api/phone-otp/phone-status/", {"phone": "12"}),
        ("/api/phone-otp/combined/status/", {"email": EMAIL}),
    ],
)
def test_malformed_status_query_is_a_400(api_client, url, query):
    response = api_client.get(url, query)
    assert response.status_code == 400
    assert error_code(response) in {"validation_error", "invalid_phone"}


def test_malformed_json_is_a_400(api_client):
    response = api_client.post(
        "/api/email-otp/generate-otp/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert error_code(response) == "malformed_request"


def test_request_body_cannot_set_verification(api_client):
    response = post(
        api_client,
        "/api/email-otp/verify-otp/",
        {"email": EMAIL, "code": "123456", "verified": True},
    )
    assert response.status_code == 400
    assert not VerifiedContact.objects.exists()


@pytest.mark.parametrize(
    ("backend", "status", "code"),
    [
        ("tests.otp.fakes.BrokenSmtpBackend", 502, "provider_error"),
        ("tests.otp.fakes.RefusingSmtpBackend", 400, "invalid_email"),
    ],
)
def test_email_provider_failure_leaves_no_counted_code(
    api_client, settings, caplog, backend, status, code
):
    settings.EMAIL_BACKEND = backend
    response = post(api_client, "/api/email-otp/generate-otp/", {"email": EMAIL})
    assert response.status_code == status
    assert error_code(response) == code
    assert OtpCode.objects.get().status == OtpStatus.FAILED
    assert "otp delivery failed" in caplog.text

    settings.EMAIL_BACKEND = "otp.backends.OutboxEmailBackend"
    response = post(api_client, "/api/email-otp/generate-otp/", {"email": EMAIL})
    assert response.status_code == 200
