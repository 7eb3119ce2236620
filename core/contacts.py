"""Normalised contacts: one account per normalised email or phone."""

import logging
import re
from datetime import timedelta

import phonenumbers
from django.conf import settings
from django.db import transaction
from django.db.models import ProtectedError, Q, RestrictedError
from django.utils import timezone
from rest_framework import serializers

logger = logging.getLogger(__name__)


def normalize_email(value: str) -> str:
    return value.strip().lower()


# What people write in a phone number: digits (any script's: phonenumbers reads
# Persian ones), an optional leading +, spaces, dashes, dots and brackets.
# phonenumbers itself would silently drop an extension ("ext. 5", ";ext=5",
# "x5"), a NUL byte or trailing letters and keep the bare number. The length
# is bounded before any pattern runs: no input costs more than 32 characters.
PHONE_MAX_LENGTH = 32
PHONE_CHARACTERS = re.compile(r"\+?[\d \u00a0().\-]+")


def _invalid_phone():
    return serializers.ValidationError(
        "Enter a valid phone number (e.g. 0791234567 or +93791234567), "
        "without an extension.",
        code="invalid_phone",
    )


def normalize_phone(value: str) -> str:
    """Return the E.164 form of a phone number, or raise a 400 `invalid_phone`.

    Only a string of the characters a phone number is written with is read:
    anything else (a number, an extension, letters, control characters) is
    refused rather than stripped.
    """
    if not isinstance(value, str):
        raise _invalid_phone()
    value = value.strip()
    if len(value) > PHONE_MAX_LENGTH or not PHONE_CHARACTERS.fullmatch(value):
        raise _invalid_phone()
    try:
        number = phonenumbers.parse(value, settings.PHONE_DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or number.extension or not phonenumbers.is_valid_number(number):
        raise _invalid_phone()
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class PhoneField(serializers.CharField):
    """A phone number in (a JSON string), its E.164 form out."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", PHONE_MAX_LENGTH)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            raise _invalid_phone()
        return normalize_phone(super().to_internal_value(data))


class NormalizedEmailField(serializers.EmailField):
    def to_internal_value(self, data):
        return normalize_email(super().to_internal_value(data))


# A sign-up that proved no contact within this time no longer holds its email
# or phone: someone else may not lock a contact away by registering it first.
ABANDONED_REGISTRATION_AFTER = timedelta(hours=24)


def is_pending(account) -> bool:
    """Signed up, proved no contact and never logged in: nothing hangs off it.

    An account whose verified flags an admin unticked after it worked is not
    pending: it keeps its history and cannot be taken over or deleted."""
    return not account.is_verified and account.last_login is None


def contact_may_reset(account, *, field: str) -> bool:
    """Whether a password reset code may go to this account's `field` contact.

    Only a verified contact proves who owns the account. A pending account may
    be taken over through any of its contacts, since the code proves that one.
    """
    return getattr(account, f"{field}_verified") or is_pending(account)


def contact_proven_by_reset(account, *, field: str) -> list[str]:
    """Mark `field` verified once a reset code proved it; returns the fields to save.

    Resetting a pending account is taking it over, so its other contact, which
    nobody proved, is dropped with it: it may be a squatter's, who would
    otherwise verify it with the code it got at sign-up and reset back.
    """
    other = "phone" if field == "email" else "email"
    changed = [f"{field}_verified"]
    if is_pending(account) and getattr(account, other):
        setattr(account, other, None)
        setattr(account, f"{other}_verified", False)
        changed += [other, f"{other}_verified"]
    setattr(account, f"{field}_verified", True)
    return changed


TAKEN = "An account with this contact already exists."


def _detach_or_refuse(model, holder, field: str, taken: dict) -> None:
    """Take the unproven `field` off `holder`, unless it is the only contact the
    holder has left (every account keeps one to log in and reset with)."""
    other = "phone" if field == "email" else "email"
    if not getattr(holder, other):
        taken[field] = [TAKEN]
        return
    model.objects.filter(pk=holder.pk).update(
        **{field: None, f"{field}_verified": False}, updated_at=timezone.now()
    )
    setattr(holder, field, None)
    setattr(holder, f"{field}_verified", False)
    logger.info(
        "unverified %s detached from %s %s for a new registration",
        field,
        model._meta.label,
        holder.pk,
    )


def contacts_claim(
    *, model, email: str | None, phone: str | None
) -> dict[str, list[str]]:
    """Free the contacts a new `model` registration wants; return those still taken.

    Runs inside the registering transaction, with the holders' rows locked, so
    the caller rolls everything back when anything is still taken.

    - a contact verified by its holder stays with it;
    - a pending holder (`is_pending`) older than ABANDONED_REGISTRATION_AFTER
      is deleted; a younger one keeps its contacts;
    - any other holder (it has another verified contact, or it has logged in)
      loses the unproven contact, unless that is the only contact it has left.
    """
    cutoff = timezone.now() - ABANDONED_REGISTRATION_AFTER
    taken = {}
    # Every holder is locked at once, in pk order: two sign-ups each wanting
    # one contact of two holders would otherwise lock them crosswise (a
    # deadlock, a 500).
    wanted = Q(pk__in=[])
    if email:
        wanted |= Q(email=email)
    if phone:
        wanted |= Q(phone=phone)
    holders = list(model.objects.select_for_update().filter(wanted).order_by("pk"))
    for field, value in (("email", email), ("phone", phone)):
        holder = next(
            (h for h in holders if value and getattr(h, field) == value), None
        )
        if holder is None:
            continue
        if getattr(holder, f"{field}_verified"):
            taken[field] = [TAKEN]
        elif is_pending(holder) and holder.created_at < cutoff:
            pk = holder.pk
            try:
                with transaction.atomic():
                    holder.delete()
            except (ProtectedError, RestrictedError):
                _detach_or_refuse(model, holder, field, taken)
            else:
                holders.remove(holder)
                logger.info(
                    "abandoned registration %s %s deleted to free its contacts",
                    model._meta.label,
                    pk,
                )
        elif not is_pending(holder):
            _detach_or_refuse(model, holder, field, taken)
        else:
            taken[field] = [TAKEN]
    return taken
