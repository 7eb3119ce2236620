from contextlib import suppress

from django.db.models import Q, QuerySet
from rest_framework.exceptions import ValidationError

from core.contacts import normalize_phone
from core.errors import NotFoundError
from saraf_create_accounts.models import CustomerAccount


def customer_account_get(*, saraf_id: int, account_id: int) -> CustomerAccount:
    """The saraf's own account; another saraf's id is simply not found."""
    account = CustomerAccount.objects.filter(saraf_id=saraf_id, pk=account_id).first()
    if account is None:
        raise NotFoundError("No such customer account.")
    return account


def _search_condition(search: str) -> Q:
    condition = (
        Q(full_name__icontains=search)
        | Q(account_number__icontains=search)
        | Q(phone__icontains=search)
    )
    digits = search.lstrip("0")
    if search.isdigit() and digits:
        condition |= Q(phone__icontains=digits)
    with suppress(ValidationError):
        condition |= Q(phone=normalize_phone(search))
    return condition


def customer_account_list(
    *,
    saraf_id: int,
    search: str = "",
    account_type: str | None = None,
    is_active: bool | None = None,
) -> QuerySet[CustomerAccount]:
    accounts = CustomerAccount.objects.filter(saraf_id=saraf_id)
    if search:
        accounts = accounts.filter(_search_condition(search))
    if account_type:
        accounts = accounts.filter(account_type=account_type)
    if is_active is not None:
        accounts = accounts.filter(is_active=is_active)
    return accounts.order_by("-created_at", "-id")
