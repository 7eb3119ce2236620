"""Saraf accounts and their employees: sign-up, login, passwords, permissions, profile.

OTP codes are checked outside any transaction (see otp.services): a refused
code must keep its counted wrong try.
"""

import hashlib
import logging

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.auth import Identity, session_create, sessions_revoke_all
from core.contacts import contact_may_reset, contact_proven_by_reset, contacts_claim
from core.errors import ApplicationError, NotFoundError
from core.login_guard import login_guard_check, login_guard_clear, login_guard_fail
from core.net import client_ip
from core.permissions import FLAGS, TEMPLATES
from otp.exceptions import InvalidCodeError
from otp.services import otp_send, otp_verify
from saraf_account.exceptions import (
    AlreadyVerifiedError,
    ContactTakenError,
    InvalidCredentialsError,
    NotVerifiedError,
    PermissionEscalationError,
    UnknownFlagError,
    UnknownTemplateError,
    UsernameTakenError,
    WrongPasswordError,
)
from saraf_account.models import SarafAccount, SarafEmployee
from saraf_account.selectors import saraf_by_contact

logger = logging.getLogger(__name__)

PURPOSE_VERIFY = "saraf_verify"
PURPOSE_RESET = "saraf_password_reset"
PROFILE_FIELDS = ("name", "province", "address", "description")
DOCUMENT_FIELDS = ("logo", "wallpaper", "license_document", "id_card")


def _password_validate(*, password: str, user, field: str) -> None:
    try:
        validate_password(password, user=user)
    except DjangoValidationError as exc:
        raise DjangoValidationError({field: exc.messages}) from None


def _unknown_account_key(*parts) -> str:
    """A lockout key for a login name that matches no account (hashed: any text)."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()
    return f"unknown:{digest}"


def _contact_channel(*, email: str | None, phone: str | None) -> tuple[str, str]:
    return ("email", email) if email else ("sms", phone)


def _unverified_contacts(saraf: SarafAccount) -> list[tuple[str, str, str]]:
    """(channel, destination, verified-flag field) of each contact not yet proven."""
    contacts = []
    if saraf.email and not saraf.email_verified:
        contacts.append(("email", saraf.email, "email_verified"))
    if saraf.phone and not saraf.phone_verified:
        contacts.append(("sms", saraf.phone, "phone_verified"))
    return contacts


def saraf_register(
    *,
    name: str,
    license_no: str,
    password: str,
    email: str | None = None,
    phone: str | None = None,
    province: str = "",
    address: str = "",
    client_ip: str | None = None,
) -> SarafAccount:
    """Create a saraf awaiting verification and send a code to each contact.

    A code that cannot go out now is logged, not fatal: the account exists and
    `saraf_verification_send` tells the caller what went wrong.
    """
    saraf = SarafAccount(
        name=name,
        license_no=license_no,
        email=email or None,
        phone=phone or None,
        province=province,
        address=address,
    )
    _password_validate(password=password, user=saraf, field="password")
    saraf.set_password(password)
    try:
        with transaction.atomic():
            taken = contacts_claim(model=SarafAccount, email=email, phone=phone)
            if taken:
                raise ContactTakenError(fields=taken)
            saraf.save()
    except IntegrityError:
        raise ContactTakenError(
            fields={"non_field_errors": ["This email or phone is already registered."]}
        ) from None
    try:
        saraf_verification_send(saraf=saraf, client_ip=client_ip)
    except ApplicationError as exc:
        logger.warning("saraf %s registered but no code went out: %s", saraf.pk, exc)
    return saraf


def saraf_verification_send(*, saraf: SarafAccount, client_ip: str | None) -> None:
    """Send a `saraf_verify` code to every unverified contact.

    Raises the first refusal (cooldown, rate limit, provider) only when no code
    went out at all.
    """
    contacts = _unverified_contacts(saraf)
    if not contacts:
        raise AlreadyVerifiedError()
    errors = []
    for channel, destination, _ in contacts:
        try:
            otp_send(
                channel=channel,
                destination=destination,
                purpose=PURPOSE_VERIFY,
                client_ip=client_ip,
            )
        except ApplicationError as exc:
            errors.append(exc)
    if len(errors) == len(contacts):
        raise errors[0]


def saraf_contact_verify(*, saraf: SarafAccount, code: str) -> SarafAccount:
    """Mark verified the contact whose latest `saraf_verify` code this is."""
    contacts = _unverified_contacts(saraf)
    if not contacts:
        raise AlreadyVerifiedError()
    first_error = None
    for channel, destination, flag in contacts:
        try:
            otp_verify(
                channel=channel,
                destination=destination,
                purpose=PURPOSE_VERIFY,
                code=code,
            )
        except ApplicationError as exc:
            first_error = first_error or exc
            continue
        field = flag.removesuffix("_verified")
        with transaction.atomic():
            # A contact given to a newer registration meanwhile stays unproven here.
            updated = SarafAccount.objects.filter(
                pk=saraf.pk, **{field: destination}
            ).update(**{flag: True}, updated_at=timezone.now())
        if not updated:
            raise InvalidCodeError()
        saraf.refresh_from_db()
        return saraf
    raise first_error


def saraf_login(
    *, password: str, email: str | None = None, phone: str | None = None, request=None
) -> dict:
    """Owner login. Unknown account, wrong password, inactive: one same answer."""
    ip = client_ip(request)
    saraf = saraf_by_contact(email=email, phone=phone)
    account_key = (
        f"saraf:{saraf.pk}" if saraf else _unknown_account_key("saraf", email or phone)
    )
    login_guard_check(account_key=account_key, client_ip=ip)
    if saraf is None:
        make_password(password)  # the same hashing cost as a real check
        accepted = False
    else:
        accepted = saraf.check_password(password) and saraf.is_active
    if not accepted:
        login_guard_fail(account_key=account_key, client_ip=ip)
        raise InvalidCredentialsError()
    if not saraf.is_verified:
        raise NotVerifiedError()
    login_guard_clear(account_key=account_key)
    tokens = session_create(saraf=saraf, request=request)
    return {**tokens, "user_type": "saraf", "saraf_id": saraf.pk}


def employee_login(
    *, saraf_id: int, username: str, password: str, request=None
) -> dict:
    """Employee login, with the same refusals as the owner's."""
    ip = client_ip(request)
    employee = (
        SarafEmployee.objects.select_related("saraf")
        .filter(saraf_id=saraf_id, username=username)
        .first()
    )
    account_key = (
        f"employee:{employee.pk}"
        if employee
        else _unknown_account_key("employee", saraf_id, username)
    )
    login_guard_check(account_key=account_key, client_ip=ip)
    if employee is None:
        make_password(password)  # the same hashing cost as a real check
        accepted = False
    else:
        accepted = (
            employee.check_password(password)
            and employee.is_active
            and employee.saraf.is_active
            and employee.saraf.is_verified
        )
    if not accepted:
        login_guard_fail(account_key=account_key, client_ip=ip)
        raise InvalidCredentialsError()
    login_guard_clear(account_key=account_key)
    tokens = session_create(employee=employee, request=request)
    return {
        **tokens,
        "user_type": "employee",
        "saraf_id": employee.saraf_id,
        "employee_id": employee.pk,
    }


def saraf_password_reset_request(
    *, email: str | None = None, phone: str | None = None, client_ip: str | None = None
) -> None:
    """Send a reset code if the account exists; says nothing either way.

    Without an account a reset may go to, a decoy code is recorded instead, so
    the OTP caps and status tell nothing either.
    """
    saraf = saraf_by_contact(email=email, phone=phone)
    field = "email" if email else "phone"
    eligible = (
        saraf is not None and saraf.is_active and contact_may_reset(saraf, field=field)
    )
    channel, destination = _contact_channel(email=email, phone=phone)
    try:
        otp_send(
            channel=channel,
            destination=destination,
            purpose=PURPOSE_RESET,
            client_ip=client_ip,
            deliver=eligible,
        )
    except ApplicationError as exc:
        logger.info("saraf password reset code not sent to %s: %s", field, exc.code)


def saraf_password_reset_confirm(
    *,
    code: str,
    new_password: str,
    email: str | None = None,
    phone: str | None = None,
) -> None:
    """Set a new password with a reset code; every session of the owner ends.

    The code proves control of the contact, which therefore counts as verified.
    Unknown accounts, and contacts no reset code may go to (`contact_may_reset`,
    checked again under the lock), get the same `invalid_code` as a wrong code.
    """
    _password_validate(
        password=new_password,
        user=SarafAccount(email=email, phone=phone),
        field="new_password",
    )
    channel, destination = _contact_channel(email=email, phone=phone)
    otp_verify(
        channel=channel, destination=destination, purpose=PURPOSE_RESET, code=code
    )
    saraf = saraf_by_contact(email=email, phone=phone)
    if saraf is None:
        raise InvalidCodeError()
    with transaction.atomic():
        field = "email" if email else "phone"
        saraf = (
            SarafAccount.objects.select_for_update()
            .filter(pk=saraf.pk, **{field: email or phone})
            .first()
        )
        if (
            saraf is None
            or not saraf.is_active
            or not contact_may_reset(saraf, field=field)
        ):
            raise InvalidCodeError()
        saraf.set_password(new_password)
        changed = contact_proven_by_reset(saraf, field=field)
        saraf.save(update_fields=["password", *changed, "updated_at"])
        sessions_revoke_all(saraf=saraf)
    login_guard_clear(account_key=f"saraf:{saraf.pk}")


def password_change(
    *, identity: Identity, old_password: str, new_password: str
) -> None:
    """The caller's own password; every other session of the caller ends."""
    if identity.employee is not None:
        model, pk, kind = SarafEmployee, identity.employee_id, "employee"
    else:
        model, pk, kind = SarafAccount, identity.saraf_id, "saraf"
    account_key = f"{kind}:{pk}"
    login_guard_check(account_key=account_key, client_ip=None)
    with transaction.atomic():
        subject = model.objects.select_for_update().get(pk=pk)
        if not subject.check_password(old_password):
            login_guard_fail(account_key=account_key, client_ip=None)
            raise WrongPasswordError()
        _password_validate(password=new_password, user=subject, field="new_password")
        subject.set_password(new_password)
        subject.save(update_fields=["password", "updated_at"])
        sessions_revoke_all(**{kind: subject}, keep_session_id=identity.session_id)
    login_guard_clear(account_key=account_key)


def _flags_held(subject) -> set[str]:
    return {flag for flag in FLAGS if getattr(subject, flag)}


def _actor_flags(actor: Identity) -> set[str]:
    """What the caller may grant, read fresh so a just-revoked flag counts."""
    if actor.is_owner:
        return set(FLAGS)
    return _flags_held(SarafEmployee.objects.get(pk=actor.employee_id))


def _flags_resolve(
    *, base: dict[str, bool], template: str | None, permissions: dict | None
) -> dict[str, bool]:
    """`template` replaces every flag, then `permissions` overrides single flags."""
    flags = dict(base)
    if template:
        if template not in TEMPLATES:
            raise UnknownTemplateError(name=template)
        flags = dict(TEMPLATES[template])
    if permissions:
        unknown = sorted(set(permissions) - set(FLAGS))
        if unknown:
            raise UnknownFlagError(flags=unknown)
        flags.update({flag: bool(value) for flag, value in permissions.items()})
    return flags


def _ensure_may_manage(
    *, actor_flags: set[str], current: set[str], wanted: set[str] = frozenset()
) -> None:
    """An employee manages only employees within its flags, and grants only those."""
    missing = sorted((current | wanted) - actor_flags)
    if missing:
        raise PermissionEscalationError(flags=missing)


def _employee_lock(*, saraf_id: int, employee_id: int) -> SarafEmployee:
    employee = (
        SarafEmployee.objects.select_for_update()
        .filter(saraf_id=saraf_id, pk=employee_id)
        .first()
    )
    if employee is None:
        raise NotFoundError("No such employee.")
    return employee


def employee_create(
    *,
    actor: Identity,
    username: str,
    password: str,
    full_name: str,
    template: str | None = None,
    permissions: dict | None = None,
) -> SarafEmployee:
    flags = _flags_resolve(
        base=dict.fromkeys(FLAGS, False), template=template, permissions=permissions
    )
    _ensure_may_manage(
        actor_flags=_actor_flags(actor),
        current=set(),
        wanted={flag for flag, on in flags.items() if on},
    )
    employee = SarafEmployee(
        saraf_id=actor.saraf_id, username=username, full_name=full_name, **flags
    )
    _password_validate(password=password, user=employee, field="password")
    employee.set_password(password)
    if SarafEmployee.objects.filter(
        saraf_id=actor.saraf_id, username=username
    ).exists():
        raise UsernameTakenError()
    try:
        with transaction.atomic():
            employee.save()
    except IntegrityError:
        raise UsernameTakenError() from None
    return employee


@transaction.atomic
def employee_update(
    *,
    actor: Identity,
    employee_id: int,
    full_name: str | None = None,
    is_active: bool | None = None,
) -> SarafEmployee:
    """Rename, deactivate or reactivate; deactivation ends its sessions at once."""
    employee = _employee_lock(saraf_id=actor.saraf_id, employee_id=employee_id)
    _ensure_may_manage(actor_flags=_actor_flags(actor), current=_flags_held(employee))
    if full_name is not None:
        employee.full_name = full_name
    if is_active is not None:
        employee.is_active = is_active
    employee.save(update_fields=["full_name", "is_active", "updated_at"])
    if is_active is False:
        sessions_revoke_all(employee=employee)
    return employee


def employee_deactivate(*, actor: Identity, employee_id: int) -> SarafEmployee:
    return employee_update(actor=actor, employee_id=employee_id, is_active=False)


@transaction.atomic
def employee_password_set(
    *, actor: Identity, employee_id: int, new_password: str
) -> None:
    """Reset another employee's password (the caller's own: `password_change`)."""
    if actor.employee_id == employee_id:
        raise ApplicationError(
            "Change your own password with your current one (change-password/).",
            code="permission_denied",
            status=403,
        )
    employee = _employee_lock(saraf_id=actor.saraf_id, employee_id=employee_id)
    _ensure_may_manage(actor_flags=_actor_flags(actor), current=_flags_held(employee))
    _password_validate(password=new_password, user=employee, field="new_password")
    employee.set_password(new_password)
    employee.save(update_fields=["password", "updated_at"])
    sessions_revoke_all(employee=employee)


def _permissions_apply(
    *,
    employee: SarafEmployee,
    actor_flags: set[str],
    template: str | None,
    permissions: dict | None,
) -> None:
    flags = _flags_resolve(
        base=employee.permissions, template=template, permissions=permissions
    )
    _ensure_may_manage(
        actor_flags=actor_flags,
        current=_flags_held(employee),
        wanted={flag for flag, on in flags.items() if on},
    )
    for flag, on in flags.items():
        setattr(employee, flag, on)
    employee.save(update_fields=[*FLAGS, "updated_at"])


@transaction.atomic
def employee_permissions_set(
    *,
    actor: Identity,
    employee_id: int,
    template: str | None = None,
    permissions: dict | None = None,
) -> SarafEmployee:
    employee = _employee_lock(saraf_id=actor.saraf_id, employee_id=employee_id)
    _permissions_apply(
        employee=employee,
        actor_flags=_actor_flags(actor),
        template=template,
        permissions=permissions,
    )
    return employee


@transaction.atomic
def employee_permissions_bulk_set(
    *,
    actor: Identity,
    employee_ids: list[int],
    template: str | None = None,
    permissions: dict | None = None,
) -> int:
    """All or nothing: one unknown or foreign id, or one refusal, changes none."""
    wanted_ids = set(employee_ids)
    employees = list(
        SarafEmployee.objects.select_for_update()
        .filter(saraf_id=actor.saraf_id, pk__in=wanted_ids)
        .order_by("pk")
    )
    if len(employees) != len(wanted_ids):
        raise NotFoundError("One or more employees do not exist.")
    actor_flags = _actor_flags(actor)
    for employee in employees:
        _permissions_apply(
            employee=employee,
            actor_flags=actor_flags,
            template=template,
            permissions=permissions,
        )
    return len(employees)


@transaction.atomic
def saraf_profile_update(*, saraf_id: int, **changes) -> SarafAccount:
    """Public profile fields only; contacts, status and verification stay put."""
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"not profile fields: {sorted(unknown)}")
    saraf = SarafAccount.objects.select_for_update().get(pk=saraf_id)
    for field, value in changes.items():
        setattr(saraf, field, value)
    saraf.save(update_fields=[*changes, "updated_at"])
    return saraf


@transaction.atomic
def saraf_documents_update(
    *, saraf_id: int, files: dict[str, ContentFile]
) -> SarafAccount:
    """Store already validated files; a new licence needs a new admin review."""
    unknown = set(files) - set(DOCUMENT_FIELDS)
    if unknown:
        raise ValueError(f"not document fields: {sorted(unknown)}")
    saraf = SarafAccount.objects.select_for_update().get(pk=saraf_id)
    replaced = []
    update_fields = ["updated_at"]
    for field, content in files.items():
        old = getattr(saraf, field)
        if old:
            replaced.append((old.storage, old.name))
        getattr(saraf, field).save(content.name, content, save=False)
        update_fields.append(field)
    if "license_document" in files:
        saraf.is_license_verified = False
        saraf.license_verified_at = None
        update_fields += ["is_license_verified", "license_verified_at"]
    saraf.save(update_fields=update_fields)
    for storage, name in replaced:
        transaction.on_commit(lambda s=storage, n=name: s.delete(n))
    return saraf


@transaction.atomic
def saraf_set_active(*, saraf: SarafAccount, is_active: bool) -> None:
    """Switch a saraf on or off (admin); off ends every session of its owner and
    of all its employees, and switching it back on does not revive them."""
    SarafAccount.objects.filter(pk=saraf.pk).update(
        is_active=is_active, updated_at=timezone.now()
    )
    saraf.is_active = is_active
    if not is_active:
        sessions_revoke_all(saraf=saraf, with_employees=True)


@transaction.atomic
def employee_set_active(*, employee: SarafEmployee, is_active: bool) -> None:
    """Switch an employee on or off (admin); off ends every session of it."""
    SarafEmployee.objects.filter(pk=employee.pk).update(
        is_active=is_active, updated_at=timezone.now()
    )
    employee.is_active = is_active
    if not is_active:
        sessions_revoke_all(employee=employee)


@transaction.atomic
def saraf_license_mark_verified(*, saraf_ids: list[int]) -> int:
    """Admin review done: badge the sarafs that have a licence document on file."""
    return (
        SarafAccount.objects.filter(pk__in=saraf_ids)
        .exclude(license_document="")
        .update(
            is_license_verified=True,
            license_verified_at=timezone.now(),
            updated_at=timezone.now(),
        )
    )
