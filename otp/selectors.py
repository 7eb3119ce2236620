import math
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from otp.exceptions import OtpCooldownError, OtpRateLimitedError
from otp.models import OtpCode, OtpStatus, VerifiedContact

HOUR = timedelta(hours=1)


def _counted():
    """Codes that count toward the cooldown and the caps: all but failed ones."""
    return OtpCode.objects.exclude(status=OtpStatus.FAILED)


def _seconds_until(moment: datetime, now: datetime) -> int:
    return max(1, math.ceil((moment - now).total_seconds()))


def otp_resend_available_at(
    *, destination: str, purpose: str, client_ip: str | None = None
) -> tuple[datetime | None, str | None]:
    """When the next code may be sent, and which rule holds it back until then.

    Returns (None, None) when a code may be sent now.
    """
    now = timezone.now()
    last_sent = (
        _counted()
        .filter(destination=destination, purpose=purpose)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    cooldown = timedelta(seconds=settings.OTP_RESEND_COOLDOWN_SECONDS)
    if last_sent is not None and last_sent + cooldown > now:
        return last_sent + cooldown, "cooldown"

    caps = [(dict(destination=destination), settings.OTP_HOURLY_CAP_PER_DESTINATION)]
    if client_ip:
        caps.append((dict(client_ip=client_ip), settings.OTP_HOURLY_CAP_PER_CLIENT))
    free_at = None
    for lookup, cap in caps:
        newest = list(
            _counted()
            .filter(**lookup, created_at__gt=now - HOUR)
            .order_by("-created_at")
            .values_list("created_at", flat=True)[:cap]
        )
        if len(newest) >= cap:
            # A slot frees when the cap-th newest code leaves the hour window.
            at = newest[cap - 1] + HOUR
            free_at = at if free_at is None else max(free_at, at)
    if free_at is not None:
        return free_at, "rate_limited"
    return None, None


def otp_send_check(
    *, destination: str, purpose: str, client_ip: str | None = None
) -> None:
    """Raise 429 `otp_cooldown` or `otp_rate_limited` if no code may go out now."""
    available_at, rule = otp_resend_available_at(
        destination=destination, purpose=purpose, client_ip=client_ip
    )
    if rule is None:
        return
    seconds = _seconds_until(available_at, timezone.now())
    if rule == "cooldown":
        raise OtpCooldownError(seconds=seconds)
    raise OtpRateLimitedError(seconds=seconds)


def otp_status(*, destination: str, purpose: str) -> dict:
    """What a public status endpoint may say about a contact's codes."""
    now = timezone.now()
    latest = (
        OtpCode.objects.filter(
            destination=destination, purpose=purpose, status=OtpStatus.SENT
        )
        .order_by("-pk")
        .first()
    )
    pending = (
        latest is not None
        and latest.expires_at > now
        and latest.attempts < settings.OTP_MAX_ATTEMPTS
    )
    resend_available_at, _ = otp_resend_available_at(
        destination=destination, purpose=purpose
    )
    return {
        "verified": VerifiedContact.objects.filter(destination=destination).exists(),
        "code_pending": pending,
        "expires_at": latest.expires_at if pending else None,
        "resend_available_at": resend_available_at,
    }
