from django.db import transaction

from core.errors import ConflictError
from currency.models import SarafCurrency
from currency.selectors import currency_require_supported
from ledger.models import LedgerAccount


@transaction.atomic
def saraf_currency_remove(*, saraf_id: int, code: str) -> None:
    """Take a currency off the saraf's list once every balance in it is zero.

    Cash, customer, capital, position... accounts and their postings stay:
    history is never deleted. The saraf's currency row is locked first, as
    `ledger.services.entry_post` does, so no entry can land in between.
    """
    currency = currency_require_supported(saraf_id=saraf_id, code=code)
    link = SarafCurrency.objects.select_for_update().get(
        saraf_id=saraf_id, currency=currency
    )
    open_accounts = (
        LedgerAccount.objects.filter(saraf_id=saraf_id, currency=currency)
        .exclude(balance=0)
        .values_list("kind", flat=True)
        .distinct()
    )
    kinds = sorted(open_accounts)
    if kinds:
        raise ConflictError(
            f"{currency.code} still has money in the saraf's books "
            f"({', '.join(kinds)}); bring every balance to zero first.",
            code="balance_not_zero",
        )
    link.delete()
