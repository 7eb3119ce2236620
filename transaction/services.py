from decimal import Decimal

from django.db import transaction as db_transaction

from core.money import check_minor_units
from currency.selectors import currency_require_supported
from ledger.models import LedgerAccount
from ledger.services import Leg, entry_post
from transaction.models import Transaction

ENTRY_KINDS = {
    Transaction.Type.DEPOSIT: "capital_deposit",
    Transaction.Type.WITHDRAWAL: "capital_withdrawal",
}


@db_transaction.atomic
def transaction_create(
    *,
    identity,
    currency: str,
    amount: Decimal,
    transaction_type: str,
    description: str = "",
) -> Transaction:
    """Move the saraf's own capital into (deposit) or out of (withdrawal) its cash.

    Legs: deposit cash +x, capital +x; withdrawal cash −x, capital −x, refused
    with `insufficient_funds` when the cash would go below zero.
    """
    saraf_id = identity.saraf_id
    currency_obj = currency_require_supported(saraf_id=saraf_id, code=currency)
    amount = check_minor_units(amount, currency_obj)
    change = amount if transaction_type == Transaction.Type.DEPOSIT else -amount
    entry = entry_post(
        saraf_id=saraf_id,
        kind=ENTRY_KINDS[transaction_type],
        legs=[
            Leg(LedgerAccount.Kind.CASH, currency_obj.code, change),
            Leg(LedgerAccount.Kind.CAPITAL, currency_obj.code, change),
        ],
        performed_by=identity,
        memo=description,
        amount=amount,
        currency=currency_obj.code,
    )
    cash = entry.posting_for(LedgerAccount.Kind.CASH)
    return Transaction.objects.create(
        saraf_id=saraf_id,
        entry=entry,
        transaction_type=transaction_type,
        currency=currency_obj,
        amount=amount,
        description=description,
        balance_before=cash.balance_before,
        balance_after=cash.balance_after,
        created_at=entry.created_at,
    )
