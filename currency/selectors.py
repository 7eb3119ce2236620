import re

from django.db.models import QuerySet

from core.errors import ApplicationError
from currency.models import Currency

_CODE = re.compile(r"[A-Za-z]{3}")


def _not_supported(code, field, message):
    return ApplicationError(
        message, code="currency_not_supported", status=400, fields={field: [message]}
    )


def currency_get(*, code, field: str = "currency") -> Currency:
    """An active currency by its ISO code (any case); `currency_not_supported` else."""
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        raise _not_supported(code, field, "Enter a three-letter ISO 4217 code.")
    currency = Currency.objects.filter(code=code.upper(), is_active=True).first()
    if currency is None:
        raise _not_supported(code, field, f"{code.upper()} is not a known currency.")
    return currency


def currency_require_supported(
    *, saraf_id: int, code, field: str = "currency"
) -> Currency:
    """The currency if the saraf works in it; 400 `currency_not_supported` otherwise.

    One query when it does (every money operation asks); the refusal says
    whether the code is unknown or merely not the saraf's.
    """
    if isinstance(code, str) and _CODE.fullmatch(code):
        currency = Currency.objects.filter(
            code=code.upper(), is_active=True, saraf_links__saraf_id=saraf_id
        ).first()
        if currency is not None:
            return currency
    currency = currency_get(code=code, field=field)
    raise _not_supported(
        code, field, f"{currency.code} is not one of this saraf's currencies."
    )


def currency_list_available() -> QuerySet[Currency]:
    return Currency.objects.filter(is_active=True).order_by("code")


def currency_list_supported(*, saraf_id: int) -> QuerySet[Currency]:
    return Currency.objects.filter(saraf_links__saraf_id=saraf_id).order_by("code")
