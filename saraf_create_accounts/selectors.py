from contextlib import suppress

from django.db.models import Count, Q, QuerySet, Sum
from rest_framework.exceptions import ValidationError

from core.contacts import normalize_phone
from core.errors import NotFoundError
from core.money import format_amount
from ledger.models import JournalEntry, LedgerAccount, Posting
from ledger.selectors import balances_list
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


def customer_account_balances(*, saraf_id: int, account_id: int) -> list[dict]:
    """[{currency, balance}] of one account, one row per currency it has used."""
    return [
        {"currency": row["currency"], "balance": format(row["balance"], "f")}
        for row in balances_list(
            saraf_id=saraf_id,
            kind=LedgerAccount.Kind.CUSTOMER,
            customer_account_id=account_id,
        )
    ]


def customer_account_postings(
    *, saraf_id: int, account_id: int, currency: str | None = None
) -> QuerySet[Posting]:
    """The postings on one account's balances, newest first, ready to serialise."""
    postings = Posting.objects.filter(
        saraf_id=saraf_id, account__customer_account_id=account_id
    )
    if currency:
        postings = postings.filter(currency_id=currency.upper())
    return postings.select_related("entry__performed_by_employee", "currency").order_by(
        "-id"
    )


def customer_account_totals(
    *, saraf_id: int, account_id: int, entry_kind: str
) -> list[dict]:
    """[{currency, total, count}] of one kind of operation on one account.

    An operation that was later reversed is not counted.
    """
    rows = (
        JournalEntry.objects.filter(
            saraf_id=saraf_id,
            customer_account_id=account_id,
            kind=entry_kind,
            reversed_by__isnull=True,
        )
        .values("currency_id", "currency__minor_units")
        .annotate(total=Sum("amount"), count=Count("id"))
        .order_by("currency_id")
    )
    return [
        {
            "currency": row["currency_id"],
            "total": format_amount(row["total"], row["currency__minor_units"]),
            "count": row["count"],
        }
        for row in rows
    ]


def public_accounts_for_phone(*, phone: str) -> list[CustomerAccount]:
    """Every saraf's accounts held under this E.164 phone, each with `.balances`."""
    accounts = list(
        CustomerAccount.objects.filter(phone=phone)
        .select_related("saraf")
        .order_by("saraf_id", "sequence")
    )
    balances = {}
    for ledger_account in (
        LedgerAccount.objects.filter(
            kind=LedgerAccount.Kind.CUSTOMER,
            customer_account__in=[account.pk for account in accounts],
        )
        .select_related("currency")
        .order_by("currency_id")
    ):
        balances.setdefault(ledger_account.customer_account_id, []).append(
            {
                "currency": ledger_account.currency_id,
                "balance": format_amount(
                    ledger_account.balance, ledger_account.currency.minor_units
                ),
            }
        )
    for account in accounts:
        account.balances = balances.get(account.pk, [])
    return accounts


def public_postings(*, account_ids) -> QuerySet[Posting]:
    """The postings on these customer accounts across sarafs, newest first."""
    return (
        Posting.objects.filter(account__customer_account_id__in=account_ids)
        .select_related("entry", "currency", "account__customer_account__saraf")
        .order_by("-id")
    )
