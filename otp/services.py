"""One-time codes: send, verify, and remember verified contacts.

Call `otp_verify` outside any enclosing `transaction.atomic`: a refused code
raises, and an enclosing block rolling back would undo the wrong-try count.
"""

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from core.contacts import normalize_email, normalize_phone
from otp.backends import DeliveryError, email_send, phone_backend
from otp.exceptions import (
    InvalidCodeError,
    InvalidEmailError,
    InvalidPhoneError,
    OtpLockedError,
    ProviderError,
)
from otp.models import Channel, ContactKind, OtpCode, OtpStatus, VerifiedContact
from otp.selectors import otp_send_check

logger = logging.getLogger(__name__)

CONTACT_PURPOSE = "contact_verify"

PURPOSES = {
    "contact_verify": "Confirm your contact details",
    "saraf_verify": "Verify your saraf account",
    "saraf_password_reset": "Reset your saraf account password",
    "normal_user_verify": "Verify your AMU Pay account",
    "normal_user_password_reset": "Reset your AMU Pay password",
}


def otp_normalize_destination(*, channel: str, destination: str) -> str:
    """The canonical form of an email (lower case) or phone number (E.164)."""
    if channel == Channel.EMAIL:
        email = normalize_email(str(destination))
        try:
            validate_email(email)
        except DjangoValidationError:
            raise InvalidEmailError() from None
        return email
    if channel in (Channel.SMS, Channel.WHATSAPP):
        return normalize_phone(destination)
    raise ValueError(f"unknown OTP channel {channel!r}")


def _code_hash(*, destination: str, purpose: str, code: str) -> str:
    # Keyed with SECRET_KEY and bound to the destination and purpose, so a
    # leaked table cannot be brute-forced over the 10^6 codes and a code for
    # one destination never matches another's.
    return salted_hmac(
        "otp.code", f"{destination}|{purpose}|{code}", algorithm="sha256"
    ).hexdigest()


def _lock_send_keys(*keys: str) -> None:
    """Serialise sends sharing a destination or client address until commit.

    SQLite needs nothing: its IMMEDIATE transactions already serialise writers.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for key in sorted(keys):
            digest = hashlib.blake2b(key.encode(), digest_size=8).digest()
            lock_id = int.from_bytes(digest, "big", signed=True)
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_id])


def _check_purpose(purpose: str) -> None:
    if purpose not in PURPOSES:
        raise ValueError(f"unknown OTP purpose {purpose!r}")


@transaction.atomic
def _otp_reserve(
    *, channel: str, destination: str, purpose: str, client_ip: str | None, code: str
) -> OtpCode:
    keys = [f"otp:destination:{destination}"]
    if client_ip:
        keys.append(f"otp:client:{client_ip}")
    _lock_send_keys(*keys)
    otp_send_check(destination=destination, purpose=purpose, client_ip=client_ip)
    now = timezone.now()
    return OtpCode.objects.create(
        channel=channel,
        destination=destination,
        purpose=purpose,
        code_hash=_code_hash(destination=destination, purpose=purpose, code=code),
        status=OtpStatus.SENDING,
        client_ip=client_ip,
        created_at=now,
        expires_at=now + timedelta(minutes=settings.OTP_TTL_MINUTES),
    )


def _deliver(*, otp: OtpCode, code: str) -> None:
    ttl = settings.OTP_TTL_MINUTES
    if otp.channel == Channel.EMAIL:
        context = {
            "subject": PURPOSES[otp.purpose],
            "intro": f"{PURPOSES[otp.purpose]} with this code.",
            "code": code,
            "ttl_minutes": ttl,
        }
        email_send(
            to=otp.destination,
            subject=f"AMU Pay: {PURPOSES[otp.purpose]}",
            text=render_to_string("otp/code_email.txt", context),
            html=render_to_string("otp/code_email.html", context),
            code=code,
            purpose=otp.purpose,
        )
        return
    phone_backend().send(
        channel=otp.channel,
        to=otp.destination,
        body=f"Your AMU Pay code is {code}. It expires in {ttl} minutes. "
        "Never share it.",
        code=code,
        purpose=otp.purpose,
    )


def otp_send(
    *,
    channel: str,
    destination: str,
    purpose: str,
    client_ip: str | None = None,
    deliver: bool = True,
) -> None:
    """Send a fresh 6-digit code; it replaces any earlier code for the purpose.

    Refuses with 429 `otp_cooldown` or `otp_rate_limited`. A provider failure
    leaves no usable or counted code behind, is logged, and answers 502
    `provider_error` (400 `invalid_phone`/`invalid_email` when the provider
    refused the address itself).

    `deliver=False` records the code without sending it: a decoy for a
    request that must not reveal whether an account exists, counted by the
    cooldown, the caps and `otp_status` exactly like a real one.
    """
    _check_purpose(purpose)
    destination = otp_normalize_destination(channel=channel, destination=destination)
    client_ip = (client_ip or "")[:64] or None
    code = f"{secrets.randbelow(10**6):06d}"
    otp = _otp_reserve(
        channel=channel,
        destination=destination,
        purpose=purpose,
        client_ip=client_ip,
        code=code,
    )
    # Delivery runs outside the reserving transaction so no lock is held
    # while the provider answers.
    try:
        if deliver:
            _deliver(otp=otp, code=code)
    except DeliveryError as exc:
        OtpCode.objects.filter(pk=otp.pk).update(status=OtpStatus.FAILED)
        logger.warning(
            "otp delivery failed: channel=%s destination=%s purpose=%s otp_id=%s: %s",
            channel,
            destination,
            purpose,
            otp.pk,
            exc.reason,
        )
        if exc.bad_destination:
            if channel == Channel.EMAIL:
                raise InvalidEmailError() from exc
            raise InvalidPhoneError() from exc
        raise ProviderError(channel=channel) from exc
    _otp_mark_sent(otp=otp)


@transaction.atomic
def _otp_mark_sent(*, otp: OtpCode) -> None:
    OtpCode.objects.filter(
        destination=otp.destination,
        purpose=otp.purpose,
        status__in=[OtpStatus.SENT, OtpStatus.SENDING],
        pk__lt=otp.pk,
    ).update(status=OtpStatus.SUPERSEDED)
    OtpCode.objects.filter(pk=otp.pk, status=OtpStatus.SENDING).update(
        status=OtpStatus.SENT
    )


@dataclass(frozen=True)
class OtpCheck:
    """One code to check; `field` names it in the error's fields."""

    channel: str
    destination: str
    purpose: str
    code: str
    field: str = "code"


def otp_verify_all(*, checks: list[OtpCheck]) -> None:
    """Consume every code if all are right; otherwise consume none and raise.

    Each wrong code costs one of its OTP_MAX_ATTEMPTS tries; after the last
    one the code is dead (`otp_locked`) until a new one is sent.
    """
    resolved = []
    for check in checks:
        _check_purpose(check.purpose)
        destination = otp_normalize_destination(
            channel=check.channel, destination=check.destination
        )
        resolved.append((check, destination))

    failures = []
    with transaction.atomic():
        now = timezone.now()
        latest_ids = {}
        for check, destination in resolved:
            latest_ids[check.field] = (
                OtpCode.objects.filter(
                    destination=destination,
                    purpose=check.purpose,
                    status=OtpStatus.SENT,
                )
                .order_by("-pk")
                .values_list("pk", flat=True)
                .first()
            )
        locked = {
            otp.pk: otp
            for otp in OtpCode.objects.select_for_update()
            .filter(pk__in=[pk for pk in latest_ids.values() if pk])
            .order_by("pk")
        }
        for check, destination in resolved:
            otp = locked.get(latest_ids[check.field])
            if otp is None or otp.status != OtpStatus.SENT or otp.expires_at <= now:
                failures.append(InvalidCodeError(field=check.field))
            elif otp.attempts >= settings.OTP_MAX_ATTEMPTS:
                failures.append(OtpLockedError(field=check.field))
            elif not constant_time_compare(
                otp.code_hash,
                _code_hash(
                    destination=destination, purpose=check.purpose, code=str(check.code)
                ),
            ):
                OtpCode.objects.filter(pk=otp.pk).update(attempts=F("attempts") + 1)
                failures.append(InvalidCodeError(field=check.field))
        if not failures:
            OtpCode.objects.filter(pk__in=list(locked)).update(
                status=OtpStatus.USED, used_at=now
            )
    if failures:
        error = failures[0]
        for other in failures[1:]:
            error.fields.update(other.fields)
        raise error


def otp_verify(*, channel: str, destination: str, purpose: str, code: str) -> None:
    """Consume the latest code sent to `destination` for `purpose`, or raise.

    400 `invalid_code` when it is wrong, expired, used or superseded; 400
    `otp_locked` once OTP_MAX_ATTEMPTS wrong tries have killed it.
    """
    otp_verify_all(
        checks=[
            OtpCheck(
                channel=channel, destination=destination, purpose=purpose, code=code
            )
        ]
    )


@transaction.atomic
def contact_mark_verified(*, channel: str, destination: str) -> VerifiedContact:
    kind = ContactKind.EMAIL if channel == Channel.EMAIL else ContactKind.PHONE
    contact, _ = VerifiedContact.objects.update_or_create(
        destination=destination,
        defaults={"kind": kind, "verified_at": timezone.now()},
    )
    return contact


def contact_verify(*, checks: list[OtpCheck]) -> None:
    """Check `contact_verify` codes and remember each contact as verified."""
    otp_verify_all(checks=checks)
    for check in checks:
        contact_mark_verified(
            channel=check.channel,
            destination=otp_normalize_destination(
                channel=check.channel, destination=check.destination
            ),
        )


def contact_codes_send(
    *, targets: list[tuple[str, str]], client_ip: str | None = None
) -> None:
    """Send a `contact_verify` code to each (channel, destination) in order.

    Nothing goes out when any target is inside its cooldown or over a cap.
    """
    normalized = [
        (channel, otp_normalize_destination(channel=channel, destination=destination))
        for channel, destination in targets
    ]
    for _, destination in normalized:
        otp_send_check(
            destination=destination, purpose=CONTACT_PURPOSE, client_ip=client_ip
        )
    for channel, destination in normalized:
        otp_send(
            channel=channel,
            destination=destination,
            purpose=CONTACT_PURPOSE,
            client_ip=client_ip,
        )
