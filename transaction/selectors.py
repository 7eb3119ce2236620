from django.db.models import QuerySet

from ledger.selectors import period_start
from transaction.models import Transaction


def transaction_list(
    *,
    saraf_id: int,
    currency: str | None = None,
    transaction_type: str | None = None,
    time: str | None = None,
) -> QuerySet[Transaction]:
    """The saraf's capital deposits and withdrawals, newest first."""
    transactions = Transaction.objects.filter(saraf_id=saraf_id).select_related(
        "currency", "entry__saraf", "entry__performed_by_employee"
    )
    if currency:
        transactions = transactions.filter(currency_id=currency.upper())
    if transaction_type:
        transactions = transactions.filter(transaction_type=transaction_type)
    if time:
        transactions = transactions.filter(created_at__gte=period_start(time))
    return transactions.order_by("-created_at", "-pk")
