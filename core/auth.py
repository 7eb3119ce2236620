"""One authentication class for the three kinds of API identity, and their sessions.

Every token carries `sid`, the id of an AuthSession row. Each request loads that
row with its identity in one query, so a logout, a password change or a
deactivation takes effect on the very next request.
"""

import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from rest_framework import authentication, exceptions
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from core.models import AuthSession, IdentityKind
from core.net import client_ip


@dataclass(frozen=True)
class Identity:
    """Who is calling: `request.user` (also `request.identity`) once authenticated."""

    kind: str
    session_id: str
    saraf: object = None
    employee: object = None
    normal_user: object = None

    is_authenticated = True
    is_anonymous = False

    @property
    def saraf_id(self):
        return self.saraf.pk if self.saraf is not None else None

    @property
    def employee_id(self):
        return self.employee.pk if self.employee is not None else None

    @property
    def normal_user_id(self):
        return self.normal_user.pk if self.normal_user is not None else None

    @property
    def pk(self):
        """A stable key per identity (used by throttles and idempotency keys)."""
        subject = self.employee_id or self.normal_user_id or self.saraf_id
        return f"{self.kind}:{subject}"

    @property
    def is_owner(self):
        return self.kind == IdentityKind.SARAF

    @property
    def is_saraf_staff(self):
        return self.kind in (IdentityKind.SARAF, IdentityKind.EMPLOYEE)

    def has_perm(self, flag):
        if self.kind == IdentityKind.SARAF:
            return True
        if self.kind == IdentityKind.EMPLOYEE:
            return bool(getattr(self.employee, flag, False))
        return False


def _claims(session):
    claims = {"sid": str(session.id), "user_type": session.kind}
    if session.saraf_id:
        claims["saraf_id"] = session.saraf_id
    if session.employee_id:
        claims["employee_id"] = session.employee_id
    if session.normal_user_id:
        claims["normal_user_id"] = session.normal_user_id
    return claims


def _token_pair(session):
    refresh = RefreshToken()
    for claim, value in _claims(session).items():
        refresh[claim] = value
    return refresh, {"access": str(refresh.access_token), "refresh": str(refresh)}


def session_create(
    *, saraf=None, employee=None, normal_user=None, request=None
) -> dict:
    """Open a session for one identity and return its first `{access, refresh}` pair."""
    if employee is not None:
        kind, saraf = IdentityKind.EMPLOYEE, employee.saraf
    elif normal_user is not None:
        kind = IdentityKind.NORMAL_USER
    else:
        kind = IdentityKind.SARAF
    session = AuthSession(
        kind=kind,
        saraf=saraf,
        employee=employee,
        normal_user=normal_user,
        client_ip=client_ip(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request else "")[:256],
    )
    refresh, pair = _token_pair(session)
    session.refresh_jti = refresh["jti"]
    with transaction.atomic():
        session.save()
        subject = employee or normal_user or saraf
        type(subject).objects.filter(pk=subject.pk).update(last_login=timezone.now())
    return pair


def _invalid(message="Token is invalid or expired."):
    return exceptions.AuthenticationFailed(message, code="not_authenticated")


def session_refresh(*, raw_refresh: str) -> dict:
    """Rotate a refresh token. A rotated-away token is reuse: the session dies."""
    try:
        refresh = RefreshToken(raw_refresh)
    except TokenError:
        raise _invalid() from None
    with transaction.atomic():
        session = (
            AuthSession.objects.select_for_update()
            .filter(pk=refresh.get("sid"), revoked_at__isnull=True)
            .first()
        )
        if session is None:
            raise _invalid()
        reused = session.refresh_jti != refresh.get("jti")
        if reused:
            session.revoked_at = timezone.now()
            session.save(update_fields=["revoked_at"])
        else:
            _identity_from_session(session)
            new_refresh, pair = _token_pair(session)
            session.refresh_jti = new_refresh["jti"]
            session.refreshed_at = timezone.now()
            session.save(update_fields=["refresh_jti", "refreshed_at"])
    if reused:
        raise _invalid("Refresh token was already used; the session is closed.")
    return pair


def session_revoke_by_refresh(*, raw_refresh: str, identity: Identity) -> None:
    """Log out: the session of this refresh token, if it belongs to the caller."""
    try:
        refresh = RefreshToken(raw_refresh)
    except TokenError:
        raise exceptions.ValidationError(
            {"refresh": ["Token is invalid or expired."]}
        ) from None
    if refresh.get("sid") != identity.session_id:
        raise exceptions.ValidationError(
            {"refresh": ["This refresh token does not belong to the current session."]}
        )
    AuthSession.objects.filter(pk=identity.session_id, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def sessions_revoke_all(
    *,
    saraf=None,
    employee=None,
    normal_user=None,
    keep_session_id=None,
    with_employees=False,
):
    """End every session of one identity (password change or reset, deactivation).

    With `with_employees`, a saraf's employees lose theirs too (the saraf is
    switched off).
    """
    if employee is not None:
        sessions = AuthSession.objects.filter(employee=employee)
    elif normal_user is not None:
        sessions = AuthSession.objects.filter(normal_user=normal_user)
    elif with_employees:
        sessions = AuthSession.objects.filter(
            kind__in=[IdentityKind.SARAF, IdentityKind.EMPLOYEE], saraf=saraf
        )
    else:
        sessions = AuthSession.objects.filter(kind=IdentityKind.SARAF, saraf=saraf)
    if keep_session_id:
        sessions = sessions.exclude(pk=keep_session_id)
    sessions.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


def _identity_from_session(session):
    if session.kind == IdentityKind.EMPLOYEE:
        if not (session.employee.is_active and session.employee.saraf.is_active):
            raise _invalid("This account is deactivated.")
        return Identity(
            kind=session.kind,
            session_id=str(session.id),
            saraf=session.employee.saraf,
            employee=session.employee,
        )
    if session.kind == IdentityKind.NORMAL_USER:
        if not session.normal_user.is_active:
            raise _invalid("This account is deactivated.")
        return Identity(
            kind=session.kind,
            session_id=str(session.id),
            normal_user=session.normal_user,
        )
    if not session.saraf.is_active:
        raise _invalid("This account is deactivated.")
    return Identity(kind=session.kind, session_id=str(session.id), saraf=session.saraf)


# Only the identity the token names is joined: the query runs on every request.
_IDENTITY_RELATION = {
    IdentityKind.SARAF: "saraf",
    IdentityKind.EMPLOYEE: "employee__saraf",
    IdentityKind.NORMAL_USER: "normal_user",
}


class JWTAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <access>` for owners, employees and normal users."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() != self.keyword.lower():
            return None
        if len(header) != 2:
            raise _invalid("Authorization header must be 'Bearer <token>'.")
        try:
            token = AccessToken(header[1].decode("latin-1"))
        except (TokenError, UnicodeDecodeError):
            raise _invalid() from None
        kind, session_id = token.get("user_type"), token.get("sid")
        if kind not in _IDENTITY_RELATION or not _is_uuid(session_id):
            raise _invalid()
        try:
            session = AuthSession.objects.select_related(_IDENTITY_RELATION[kind]).get(
                pk=session_id, kind=kind, revoked_at__isnull=True
            )
        except AuthSession.DoesNotExist:
            raise _invalid() from None
        identity = _identity_from_session(session)
        request._request.identity = identity
        return identity, token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


def _is_uuid(value):
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
