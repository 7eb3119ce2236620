from datetime import timedelta
from unittest import mock

import pytest
from rest_framework.exceptions import ValidationError

from core.errors import ApplicationError
from otp.models import OtpCode, OtpStatus
from otp.services import otp_send, otp_verify
from otp.testing import last_code

pytestmark = pytest.mark.django_db

EMAIL = "Someone@Example.com"
PHONE = "+93791234567"
PURPOSE = "saraf_verify"


def verify(code, *, destination=EMAIL, channel="email", purpose=PURPOSE):
    otp_verify(channel=channel, destination=destination, purpose=purpose, code=code)


def refused(code, **kwargs):
    with pytest.raises(ApplicationError) as exc:
        verify(code, **kwargs)
    assert exc.value.status == 400
    return exc.value.code


def wrong(code):
    return f"{(int(code) + 1) % 10**6:06d}"


def test_send_stores_only_a_keyed_hash_and_verify_consumes_the_code():
    otp_send(channel="email", destination=EMAIL, purpose=PURPOSE)
    code = last_code(EMAIL)
    otp = OtpCode.objects.get()
    assert len(code) == 6 and code.isdigit()
    assert otp.destination == "someone@example.com"
    assert otp.status == OtpStatus.SENT
    assert otp.code_hash != code and code not in otp.code_hash
    assert len(otp.code_hash) == 64

    verify(code)
    otp.refresh_from_db()
    assert otp.status == OtpStatus.USED and otp.used_at is not None
    assert refused(code) == "invalid_code"


def test_same_code_hashes_differently_per_destination(no_cooldown):
    with mock.patch("otp.services.secrets.randbelow", return_value=123456):
        otp_send(channel="email", destination="a@example.com", purpose=PURPOSE)
        otp_send(channel="email", destination="b@example.com", purpose=PURPOSE)
    first, second = OtpCode.objects.order_by("pk")
    assert first.code_hash != second.code_hash


def test_code_works_until_ttl_then_expires(settings, clock):
    sms = {"channel": "sms", "destination": PHONE, "purpose": "normal_user_verify"}
    otp_send(**sms)
    code = last_code(PHONE)
    clock.advance(timedelta(minutes=settings.OTP_TTL_MINUTES))
    assert refused(code, **sms) == "invalid_code"
    assert OtpCode.objects.get().status == OtpStatus.SENT


def test_code_works_just_before_expiry(settings, clock):
    otp_send(channel="email", destination=EMAIL, purpose=PURPOSE)
    clock.advance(timedelta(minutes=settings.OTP_TTL_MINUTES, seconds=-1))
    verify(last_code(EMAIL))


def test_new_code_supersedes_the_old_one(no_cooldown):
    with mock.patch("otp.services.secrets.randbelow", side_effect=[111111, 222222]):
        otp_send(channel="email", destination=EMAIL, purpose=PURPOSE)
        otp_send(channel="email", destination=EMAIL, purpose=PURPOSE)
    assert refused("111111") == "invalid_code"
    assert list(OtpCode.objects.order_by("pk").values_list("status", flat=True)) == [
        OtpStatus.SUPERSEDED,
        OtpStatus.SENT,
    ]
    verify("222222")


def test_code_is_bound_to_its_purpose_and_destination(no_cooldown):
    with mock.patch("otp.services.secrets.randbelow", side_effect=[111111, 222222]):
        otp_send(channel="email", destination=EMAIL, purpose=PURPOSE)
        otp_send(channel="email", destination="other@example.com", purpose=PURPOSE)
    assert refused("111111", destination="other@example.com") == "invalid_code"
    assert refused("111111", purpose="saraf_password_reset") == "invalid_code"
    verify("111111")


def test_max_wrong_tries_kill_the_code_even_for_the_right_one(settings, no_cooldown):
    otp_send(channel="email", destination=EMAIL, purpose=PURPOSE)
    code = last_code(EMAIL)
    for _ in range(settings.OTP_MAX_ATTEMPTS):
        assert refused(wrong(code)) == "invalid_code"
    assert refused(code) == "otp_locked"
    otp = OtpCode.objects.get()
    assert otp.attempts == settings.OTP_MAX_ATTEMPTS
    assert otp.status == OtpStatus.SENT

    otp_send(channel="email", destination=EMAIL, purpose=PURPOSE)
    verify(last_code(EMAIL))


def test_wrong_tries_below_the_limit_leave_the_code_usable():
    otp_send(channel="email", destination=EMAIL, purpose=PURPOSE)
    code = last_code(EMAIL)
    refused(wrong(code))
    refused("abc")
    verify(code)


def test_verify_without_any_code_is_invalid_code():
    assert refused("123456") == "invalid_code"


def test_resend_inside_cooldown_is_refused_with_seconds_left(settings, clock):
    otp_send(channel="sms", destination=PHONE, purpose=PURPOSE)
    clock.advance(timedelta(seconds=20))
    with pytest.raises(ApplicationError) as exc:
        otp_send(channel="sms", destination=PHONE, purpose=PURPOSE)
    assert exc.value.status == 429
    assert exc.value.code == "otp_cooldown"
    assert exc.value.fields["retry_after_seconds"] == (
        settings.OTP_RESEND_COOLDOWN_SECONDS - 20
    )
    assert OtpCode.objects.count() == 1

    clock.advance(timedelta(seconds=settings.OTP_RESEND_COOLDOWN_SECONDS - 20))
    otp_send(channel="sms", destination=PHONE, purpose=PURPOSE)
    assert OtpCode.objects.count() == 2


def test_cooldown_is_per_purpose():
    otp_send(channel="sms", destination=PHONE, purpose=PURPOSE)
    otp_send(channel="sms", destination=PHONE, purpose="saraf_password_reset")
    assert OtpCode.objects.count() == 2


def test_hourly_cap_per_destination(settings, no_cooldown, clock):
    settings.OTP_HOURLY_CAP_PER_DESTINATION = 3
    for _ in range(3):
        otp_send(channel="whatsapp", destination=PHONE, purpose=PURPOSE)
    with pytest.raises(ApplicationError) as exc:
        otp_send(channel="sms", destination=PHONE, purpose="saraf_password_reset")
    assert (exc.value.status, exc.value.code) == (429, "otp_rate_limited")
    assert exc.value.fields["retry_after_seconds"] == 3600
    assert OtpCode.objects.count() == 3

    otp_send(channel="sms", destination="+93791234568", purpose=PURPOSE)
    clock.advance(timedelta(hours=1))
    otp_send(channel="sms", destination=PHONE, purpose=PURPOSE)


def test_hourly_cap_per_client_address(settings, no_cooldown):
    settings.OTP_HOURLY_CAP_PER_CLIENT = 2
    ip = "203.0.113.7"
    otp_send(channel="sms", destination="+93791234561", purpose=PURPOSE, client_ip=ip)
    otp_send(channel="email", destination=EMAIL, purpose=PURPOSE, client_ip=ip)
    with pytest.raises(ApplicationError) as exc:
        otp_send(
            channel="sms", destination="+93791234562", purpose=PURPOSE, client_ip=ip
        )
    assert (exc.value.status, exc.value.code) == (429, "otp_rate_limited")
    assert OtpCode.objects.count() == 2

    otp_send(
        channel="sms",
        destination="+93791234562",
        purpose=PURPOSE,
        client_ip="203.0.113.8",
    )


def test_malformed_email_is_refused_before_anything_is_stored():
    with pytest.raises(ApplicationError) as exc:
        otp_send(channel="email", destination="not-an-email", purpose=PURPOSE)
    assert (exc.value.status, exc.value.code) == (400, "invalid_email")
    assert not OtpCode.objects.exists()


def test_malformed_phone_is_refused_before_anything_is_stored():
    with pytest.raises(ValidationError) as exc:
        otp_send(channel="sms", destination="12", purpose=PURPOSE)
    assert exc.value.get_codes() == ["invalid_phone"]
    assert not OtpCode.objects.exists()


def test_unknown_purpose_or_channel_is_a_programming_error():
    with pytest.raises(ValueError, match="purpose"):
        otp_send(channel="email", destination=EMAIL, purpose="bogus")
    with pytest.raises(ValueError, match="channel"):
        otp_send(channel="pigeon", destination=EMAIL, purpose=PURPOSE)
