from django.db import transaction

from core.auth import Identity
from core.errors import ConflictError
from currency.models import SarafCurrency
from currency.selectors import currency_require_supported
from exchange.services import rates_retire_in_currency
from ledger.models import LedgerAccount


@transaction.atomic
def saraf_currency_remove(
    *, saraf_id: int, code: str, performed_by: Identity | None = None
) -> None:
    """Take a currency off the saraf's list once every balance in it is zero.

    Cash, customer, capital, position... accounts and their postings stay:
    history is never deleted. Every live exchange rate with the currency on
    either side is retired in the same transaction (its history stays), so no
    rate advertises or quotes a currency the saraf no longer works in. The
    saraf's currency row is locked first, as `ledger.services.entry_post` and
    the exchange rate writes do, so no entry and no rate can land in between.
    """
    currency = currency_require_supported(saraf_id=saraf_id, code=code)
    link = (
        SarafCurrency.objects.select_for_update()
        .filter(saraf_id=saraf_id, currency=currency)
        .first()
    )
    if link is None:
        # Removed by a concurrent request between the check and the lock.
        currency_require_supported(saraf_id=saraf_id, code=code)
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
    rates_retire_in_currency(
        saraf_id=saraf_id, code=currency.code, performed_by=performed_by
    )
    link.delete()
