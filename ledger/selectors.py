from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from core.dates import local_days, local_midnight
from currency.models import Currency
from ledger.models import JournalEntry, LedgerAccount


def _quantum(minor_units):
    return Decimal(1).scaleb(-minor_units)


def balance_get(
    *,
    saraf_id: int,
    kind: str,
    currency: str,
    customer_account_id: int | None = None,
    counterparty_id: int | None = None,
) -> Decimal:
    """One account's balance at the currency's minor units; 0 when it has none yet."""
    code = currency.upper()
    account = (
        LedgerAccount.objects.filter(
            saraf_id=saraf_id,
            kind=kind,
            currency_id=code,
            customer_account_id=customer_account_id,
            counterparty_id=counterparty_id,
        )
        .select_related("currency")
        .first()
    )
    if account is None:
        minor_units = Currency.objects.values_list("minor_units", flat=True).get(
            code=code
        )
        return Decimal(0).quantize(_quantum(minor_units))
    return account.balance.quantize(_quantum(account.currency.minor_units))


def balances_list(
    *, saraf_id: int, kind: str, customer_account_id: int | None = None
) -> list[dict]:
    """[{currency, balance}] of every account of that kind, by currency code."""
    accounts = (
        LedgerAccount.objects.filter(
            saraf_id=saraf_id, kind=kind, customer_account_id=customer_account_id
        )
        .select_related("currency")
        .order_by("currency_id", "pk")
    )
    return [
        {
            "currency": account.currency_id,
            "balance": account.balance.quantize(_quantum(account.currency.minor_units)),
        }
        for account in accounts
    ]


def period_start(period: str, *, now: datetime | None = None) -> datetime:
    """Start of the current local day, week (Monday) or month (settings.TIME_ZONE)."""
    today = timezone.localtime(now or timezone.now()).date()
    if period == "week":
        today -= timedelta(days=today.weekday())
    elif period == "month":
        today = today.replace(day=1)
    return local_midnight(today)


def entry_list(
    *,
    saraf_id: int,
    kind: str | None = None,
    employee_id: int | None = None,
    performed_by_owner: bool = False,
    period: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[JournalEntry]:
    """The saraf's journal entries, newest first, with what a feed row shows."""
    entries = JournalEntry.objects.filter(saraf_id=saraf_id).select_related(
        "saraf", "performed_by_employee", "currency"
    )
    if kind:
        entries = entries.filter(kind=kind)
    if employee_id is not None:
        entries = entries.filter(performed_by_employee_id=employee_id)
    if performed_by_owner:
        entries = entries.filter(performed_by_type="owner")
    if period:
        entries = entries.filter(created_at__gte=period_start(period))
    entries = entries.filter(local_days("created_at", date_from, date_to))
    return entries.order_by("-created_at", "-pk")
