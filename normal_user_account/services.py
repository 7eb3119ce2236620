"""Sign-up, verification, login and passwords of normal users.

A phone number gets its codes over WhatsApp: the seed registers normal users by
"Email OR WhatsApp number".
"""

import logging
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.auth import session_create, sessions_revoke_all
from core.contacts import contact_may_reset, contact_proven_by_reset, contacts_claim
from core.errors import ApplicationError, NotFoundError
from core.login_guard import login_guard_check, login_guard_clear, login_guard_fail
from normal_user_account.exceptions import (
    AccountInactiveError,
    AlreadyVerifiedError,
    ContactTakenError,
    InvalidCredentialsError,
    NotVerifiedError,
    WrongPasswordError,
)
from normal_user_account.models import NormalUser
from normal_user_account.selectors import normal_user_get_by_contact
from otp.exceptions import InvalidCodeError
from otp.services import otp_send, otp_verify

logger = logging.getLogger(__name__)

VERIFY_PURPOSE = "normal_user_verify"
RESET_PURPOSE = "normal_user_password_reset"
PHONE_CHANNEL = "whatsapp"


@dataclass(frozen=True)
class Contact:
    field: str
    value: str

    @property
    def channel(self):
        return "email" if self.field == "email" else PHONE_CHANNEL

    @property
    def verified_flag(self):
        return f"{self.field}_verified"

    @property
    def guard_key(self):
        return f"normal_user:{self.field}:{self.value}"


def contact_of(*, email: str | None = None, phone: str | None = None) -> Contact:
    return Contact("email", email) if email else Contact("phone", phone)


def _pending_contacts(user):
    return [
        Contact(field, getattr(user, field))
        for field in ("email", "phone")
        if getattr(user, field) and not getattr(user, f"{field}_verified")
    ]


def _check_password_rules(password, *, user, field):
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None


def _taken_contacts(*, email, phone):
    return {
        field: ["An account with this contact already exists."]
        for field, value in (("email", email), ("phone", phone))
        if value and NormalUser.objects.filter(**{field: value}).exists()
    }


def _not_found():
    return NotFoundError("No such normal user.")


@transaction.atomic
def normal_user_register(
    *,
    full_name: str,
    password: str,
    email: str | None = None,
    phone: str | None = None,
    client_ip: str | None = None,
) -> NormalUser:
    """Create a pending account and send a code to each contact.

    Email and phone must already be normalised (`core.contacts`). A contact
    another account holds unverified is taken from it as `contacts_claim` says.
    The codes go out inside the creating transaction: if one cannot be sent,
    neither the account nor any usable code survives, and the caller can simply
    retry.
    """
    user = NormalUser(full_name=full_name, email=email, phone=phone)
    _check_password_rules(password, user=user, field="password")
    if taken := contacts_claim(model=NormalUser, email=email, phone=phone):
        raise ContactTakenError(taken)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        # A concurrent sign-up took the contact between the check and the insert.
        raise ContactTakenError(_taken_contacts(email=email, phone=phone)) from None
    for contact in _pending_contacts(user):
        otp_send(
            channel=contact.channel,
            destination=contact.value,
            purpose=VERIFY_PURPOSE,
            client_ip=client_ip,
        )
    return user


def normal_user_verify(*, normal_user_id: int, code: str) -> NormalUser:
    """Mark verified the pending contact this code was sent to.

    The code is checked outside any enclosing transaction on purpose: a wrong
    try must stay counted by the OTP service even though this call fails.
    """
    user = NormalUser.objects.filter(pk=normal_user_id).first()
    if user is None:
        raise _not_found()
    pending = _pending_contacts(user)
    if not pending:
        raise AlreadyVerifiedError()
    errors = []
    for contact in pending:
        try:
            otp_verify(
                channel=contact.channel,
                destination=contact.value,
                purpose=VERIFY_PURPOSE,
                code=code,
            )
        except ApplicationError as exc:
            errors.append(exc)
            continue
        with transaction.atomic():
            # A contact given to a newer registration meanwhile stays unproven here.
            updated = NormalUser.objects.filter(
                pk=user.pk, **{contact.field: contact.value}
            ).update(**{contact.verified_flag: True}, updated_at=timezone.now())
        if not updated:
            raise InvalidCodeError()
        user.refresh_from_db()
        return user
    raise next((e for e in errors if e.code != "invalid_code"), errors[0])


def normal_user_resend_code(
    *, normal_user_id: int, client_ip: str | None = None
) -> None:
    """Send a fresh verification code to each contact not verified yet."""
    user = NormalUser.objects.filter(pk=normal_user_id).first()
    if user is None:
        raise _not_found()
    pending = _pending_contacts(user)
    if not pending:
        raise AlreadyVerifiedError()
    for contact in pending:
        otp_send(
            channel=contact.channel,
            destination=contact.value,
            purpose=VERIFY_PURPOSE,
            client_ip=client_ip,
        )


def normal_user_login(
    *, contact: Contact, password: str, client_ip: str | None, request=None
) -> tuple[NormalUser, dict]:
    """Check the password and open a session.

    A wrong password and an unknown contact fail alike (an unknown contact still
    costs one password hash); whether the account is inactive or unverified is
    told only to someone who knows the password.
    """
    login_guard_check(account_key=contact.guard_key, client_ip=client_ip)
    user = normal_user_get_by_contact(**{contact.field: contact.value})
    if user is None:
        make_password(password)
        password_ok = False
    else:
        password_ok = user.check_password(password)
    if not password_ok:
        login_guard_fail(account_key=contact.guard_key, client_ip=client_ip)
        raise InvalidCredentialsError()
    login_guard_clear(account_key=contact.guard_key)
    if not user.is_active:
        raise AccountInactiveError()
    if not getattr(user, contact.verified_flag):
        raise NotVerifiedError()
    return user, session_create(normal_user=user, request=request)


def normal_user_password_reset_request(
    *, contact: Contact, client_ip: str | None = None
) -> None:
    """Send a reset code if an active account holds this contact and may be reset
    through it (`contact_may_reset`); silent otherwise.

    Throttling and provider failures are logged, not raised: the answer must
    not tell whether the account exists. Without such an account a decoy code
    is recorded instead, so the OTP caps and status tell nothing either.
    """
    user = normal_user_get_by_contact(**{contact.field: contact.value})
    eligible = (
        user is not None
        and user.is_active
        and contact_may_reset(user, field=contact.field)
    )
    try:
        otp_send(
            channel=contact.channel,
            destination=contact.value,
            purpose=RESET_PURPOSE,
            client_ip=client_ip,
            deliver=eligible,
        )
    except ApplicationError as exc:
        logger.warning(
            "password reset code for a normal user not sent to %s: %s",
            contact.field,
            exc.code,
        )


def normal_user_password_reset(
    *, contact: Contact, code: str, new_password: str
) -> NormalUser:
    """Set a new password with a reset code; every session of the account ends.

    The code proves the caller holds the contact, so that contact becomes
    verified too. Only a contact `contact_may_reset` allows can be used.
    """
    _check_password_rules(
        new_password,
        user=NormalUser(**{contact.field: contact.value}),
        field="new_password",
    )
    otp_verify(
        channel=contact.channel,
        destination=contact.value,
        purpose=RESET_PURPOSE,
        code=code,
    )
    with transaction.atomic():
        user = (
            NormalUser.objects.select_for_update()
            .filter(**{contact.field: contact.value}, is_active=True)
            .first()
        )
        if user is None or not contact_may_reset(user, field=contact.field):
            # Gone, deactivated, or this contact no longer one a reset may use
            # since the code was sent: answer like a bad code.
            raise InvalidCodeError()
        user.set_password(new_password)
        changed = contact_proven_by_reset(user, field=contact.field)
        user.save(update_fields=["password", *changed, "updated_at"])
        sessions_revoke_all(normal_user=user)
    login_guard_clear(account_key=contact.guard_key)
    return user


@transaction.atomic
def normal_user_update_profile(
    *, normal_user: NormalUser, full_name: str
) -> NormalUser:
    normal_user.full_name = full_name
    normal_user.save(update_fields=["full_name", "updated_at"])
    return normal_user


def normal_user_change_password(
    *,
    normal_user: NormalUser,
    old_password: str,
    new_password: str,
    keep_session_id: str | None = None,
) -> None:
    """Replace the password; every other session of the account ends.

    Wrong current passwords count towards the same lockout as failed logins.
    """
    guard_key = f"normal_user:id:{normal_user.pk}"
    login_guard_check(account_key=guard_key, client_ip=None)
    if not normal_user.check_password(old_password):
        login_guard_fail(account_key=guard_key, client_ip=None)
        raise WrongPasswordError()
    login_guard_clear(account_key=guard_key)
    _check_password_rules(new_password, user=normal_user, field="new_password")
    with transaction.atomic():
        normal_user.set_password(new_password)
        normal_user.save(update_fields=["password", "updated_at"])
        sessions_revoke_all(normal_user=normal_user, keep_session_id=keep_session_id)


@transaction.atomic
def normal_user_set_active(*, normal_user: NormalUser, is_active: bool) -> None:
    """Activate or deactivate; a deactivated account loses every session."""
    NormalUser.objects.filter(pk=normal_user.pk).update(
        is_active=is_active, updated_at=timezone.now()
    )
    normal_user.is_active = is_active
    if not is_active:
        sessions_revoke_all(normal_user=normal_user)
