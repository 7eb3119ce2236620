from django.db import transaction

from currency.models import SarafCurrency
from currency.selectors import currency_get


@transaction.atomic
def saraf_currency_add(*, saraf_id: int, code: str) -> tuple[SarafCurrency, bool]:
    """Add a currency to the saraf's list; adding one already there changes nothing.

    Returns the row and whether it was created.
    """
    currency = currency_get(code=code, field="code")
    return SarafCurrency.objects.get_or_create(saraf_id=saraf_id, currency=currency)
