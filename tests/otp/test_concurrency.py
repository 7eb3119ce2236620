from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection

from core.errors import ApplicationError
from otp.models import OtpCode, OtpStatus
from otp.services import otp_send, otp_verify
from otp.testing import last_code

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

EMAIL = "race@example.com"
PURPOSE = "saraf_verify"


def run_together(fn, count):
    barrier = Barrier(count)

    def call(n):
        barrier.wait()
        try:
            return fn(n)
        except ApplicationError as exc:
            return exc.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(call, range(count)))


def test_parallel_wrong_guesses_cannot_exceed_the_attempt_limit(settings):
    otp_send(channel="email", destination=EMAIL, purpose=PURPOSE)
    code = last_code(EMAIL)
    guesses = [f"{(int(code) + n) % 10**6:06d}" for n in range(1, 13)]

    results = run_together(
        lambda n: otp_verify(
            channel="email", destination=EMAIL, purpose=PURPOSE, code=guesses[n]
        ),
        len(guesses),
    )
    assert results.count("invalid_code") == settings.OTP_MAX_ATTEMPTS
    assert results.count("otp_locked") == len(guesses) - settings.OTP_MAX_ATTEMPTS
    assert OtpCode.objects.get().attempts == settings.OTP_MAX_ATTEMPTS
    with pytest.raises(ApplicationError):
        otp_verify(channel="email", destination=EMAIL, purpose=PURPOSE, code=code)


def test_parallel_right_guesses_consume_the_code_once():
    otp_send(channel="email", destination=EMAIL, purpose=PURPOSE)
    code = last_code(EMAIL)
    results = run_together(
        lambda n: otp_verify(
            channel="email", destination=EMAIL, purpose=PURPOSE, code=code
        ),
        6,
    )
    assert results.count(None) == 1
    assert results.count("invalid_code") == 5
    assert OtpCode.objects.get().status == OtpStatus.USED


def test_parallel_sends_to_one_destination_respect_the_cooldown():
    results = run_together(
        lambda n: otp_send(channel="email", destination=EMAIL, purpose=PURPOSE), 6
    )
    assert results.count(None) == 1
    assert results.count("otp_cooldown") == 5
    assert OtpCode.objects.count() == 1


def test_parallel_sends_from_one_address_respect_the_client_cap(settings):
    settings.OTP_HOURLY_CAP_PER_CLIENT = 3
    results = run_together(
        lambda n: otp_send(
            channel="sms",
            destination=f"+9379123450{n}",
            purpose=PURPOSE,
            client_ip="198.51.100.1",
        ),
        8,
    )
    assert results.count(None) == 3
    assert results.count("otp_rate_limited") == 5
    assert OtpCode.objects.count() == 3
