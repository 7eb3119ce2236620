from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from core.errors import ApplicationError
from otp.models import OtpCode, OtpStatus
from otp.services import otp_send, otp_verify
from otp.testing import last_code

pytestmark = pytest.mark.django_db

EMAIL = "Someone@Example.com"
PHONE = "+93791234567"


def shifted(delta):
    real_now = timezone.now()
    return mock.patch("django.utils.timezone.now", return_value=real_now + delta)


def test_send_stores_only_a_hash_and_verify_consumes_the_code():
    otp_send(channel="email", destination=EMAIL, purpose="saraf_verify")
    code = last_code(EMAIL)
    otp = OtpCode.objects.get()
    assert len(code) == 6 and code.isdigit()
    assert otp.destination == "someone@example.com"
    assert otp.status == OtpStatus.SENT
    assert code not in otp.code_hash

    otp_verify(channel="email", destination=EMAIL, purpose="saraf_verify", code=code)
    assert OtpCode.objects.get().status == OtpStatus.USED

    with pytest.raises(ApplicationError) as exc:
        otp_verify(
            channel="email", destination=EMAIL, purpose="saraf_verify", code=code
        )
    assert exc.value.code == "invalid_code"


def test_code_expires_after_ttl(settings):
    otp_send(channel="sms", destination=PHONE, purpose="normal_user_verify")
    code = last_code(PHONE)
    later = timedelta(minutes=settings.OTP_TTL_MINUTES, seconds=1)
    with shifted(later), pytest.raises(ApplicationError) as exc:
        otp_verify(
            channel="sms",
            destination=PHONE,
            purpose="normal_user_verify",
            code=code,
        )
    assert exc.value.code == "invalid_code"
    assert OtpCode.objects.get().status == OtpStatus.SENT
