from django.db import transaction

from core.errors import ApplicationError
from currency.models import SarafCurrency
from currency.selectors import currency_get, currency_require_supported


@transaction.atomic
def saraf_currency_add(*, saraf_id: int, code: str) -> tuple[SarafCurrency, bool]:
    """Add a currency to the saraf's list; adding one already there changes nothing.

    Returns the row and whether it was created.
    """
    currency = currency_get(code=code, field="code")
    return SarafCurrency.objects.get_or_create(saraf_id=saraf_id, currency=currency)


def saraf_currencies_lock(
    *, saraf_id: int, codes, fields: dict[str, str] | None = None
) -> None:
    """Lock the saraf's rows of `codes` in code order, so none of them can be
    removed before the caller's transaction ends.

    400 `currency_not_supported` on the first code the saraf lacks, named by
    `fields[code]` (default "currency"). Every writer that needs a currency to
    stay (ledger entries, exchange rates) locks through here, in this order.
    """
    locked = set(
        SarafCurrency.objects.select_for_update(no_key=True)
        .filter(saraf_id=saraf_id, currency_id__in=codes)
        .order_by("currency_id")
        .values_list("currency_id", flat=True)
    )
    missing = sorted(set(codes) - locked)
    if missing:
        code = missing[0]
        field = (fields or {}).get(code, "currency")
        # The refusal with its precise reason (unknown, or not the saraf's)...
        currency_require_supported(saraf_id=saraf_id, code=code, field=field)
        # ...or it was added after the lock was taken: retrying will find it.
        message = f"{code} is not one of this saraf's currencies."
        raise ApplicationError(
            message, code="currency_not_supported", fields={field: [message]}
        )
