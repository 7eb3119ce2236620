from unittest import mock

import pytest
from django.utils import timezone


class Clock:
    def __init__(self):
        self.now = timezone.now()

    def advance(self, delta):
        self.now += delta


@pytest.fixture
def clock():
    """Freeze django.utils.timezone.now; `clock.advance(delta)` moves it."""
    frozen = Clock()
    with mock.patch("django.utils.timezone.now", side_effect=lambda: frozen.now):
        yield frozen


@pytest.fixture
def no_cooldown(settings):
    settings.OTP_RESEND_COOLDOWN_SECONDS = 0
