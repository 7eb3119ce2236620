from django.db.models import Q, QuerySet

from core.errors import NotFoundError
from saraf_account.models import SarafAccount, SarafEmployee

MAX_ID = 2**63 - 1


def _valid_id(value) -> bool:
    return isinstance(value, int) and 0 < value <= MAX_ID


def saraf_by_contact(*, email: str | None = None, phone: str | None = None):
    """The saraf owning this normalised email or phone, or None."""
    if email:
        return SarafAccount.objects.filter(email=email).first()
    if phone:
        return SarafAccount.objects.filter(phone=phone).first()
    return None


def saraf_listed() -> QuerySet[SarafAccount]:
    """Sarafs the public may see: active, with at least one verified contact."""
    return SarafAccount.objects.filter(is_active=True).filter(
        Q(email_verified=True) | Q(phone_verified=True)
    )


def saraf_public_list(
    *, search: str | None = None, province: str | None = None
) -> QuerySet[SarafAccount]:
    sarafs = saraf_listed()
    if search:
        sarafs = sarafs.filter(name__icontains=search)
    if province:
        sarafs = sarafs.filter(province__iexact=province)
    return sarafs.order_by("name", "pk")


def saraf_listed_get(*, saraf_id: int) -> SarafAccount:
    saraf = saraf_listed().filter(pk=saraf_id).first() if _valid_id(saraf_id) else None
    if saraf is None:
        raise NotFoundError("No such saraf.")
    return saraf


def saraf_active_get(*, saraf_id: int) -> SarafAccount:
    saraf = (
        SarafAccount.objects.filter(pk=saraf_id, is_active=True).first()
        if _valid_id(saraf_id)
        else None
    )
    if saraf is None:
        raise NotFoundError("No such saraf.")
    return saraf


def employee_list(*, saraf_id: int) -> QuerySet[SarafEmployee]:
    return SarafEmployee.objects.filter(saraf_id=saraf_id).order_by("pk")


def employee_get(*, saraf_id: int, employee_id: int) -> SarafEmployee:
    """An employee of this saraf; another saraf's employee is simply not found."""
    employee = (
        SarafEmployee.objects.filter(saraf_id=saraf_id, pk=employee_id).first()
        if _valid_id(employee_id)
        else None
    )
    if employee is None:
        raise NotFoundError("No such employee.")
    return employee


def employee_public_names(*, saraf_id: int) -> QuerySet[SarafEmployee]:
    saraf = saraf_listed_get(saraf_id=saraf_id)
    return SarafEmployee.objects.filter(saraf=saraf, is_active=True).order_by(
        "full_name", "pk"
    )
