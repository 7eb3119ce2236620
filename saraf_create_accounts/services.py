from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Max

from core.auth import Identity
from core.errors import NotFoundError
from core.money import check_minor_units
from currency.models import Currency
from currency.selectors import currency_require_supported
from ledger.models import LedgerAccount
from ledger.selectors import balances_list
from ledger.services import Leg, account_set_credit_limit, entry_post
from saraf_account.models import SarafAccount
from saraf_create_accounts.exceptions import AccountInactiveError, BalanceNotZeroError
from saraf_create_accounts.models import CustomerAccount

ACCOUNT_NUMBER_PREFIX = "C-"
EDITABLE_FIELDS = ("full_name", "phone", "account_type", "address", "job")

ENTRY_KIND_DEPOSIT = "customer_deposit"
ENTRY_KIND_WITHDRAW = "customer_withdraw"
ENTRY_KIND_GIVE = "customer_give"
ENTRY_KIND_TAKE = "customer_take"


def customer_account_create(
    *,
    saraf_id: int,
    full_name: str,
    phone: str,
    account_type: str,
    address: str = "",
    job: str = "",
    created_by_employee_id: int | None = None,
) -> CustomerAccount:
    """Open an account numbered C-000001, C-000002, … per saraf.

    The saraf row is locked while the next number is taken, so two accounts
    opened at once never get the same number.
    """
    with transaction.atomic():
        SarafAccount.objects.select_for_update(no_key=True).filter(
            pk=saraf_id
        ).values_list("pk", flat=True).get()
        last = CustomerAccount.objects.filter(saraf_id=saraf_id).aggregate(
            last=Max("sequence")
        )["last"]
        sequence = (last or 0) + 1
        return CustomerAccount.objects.create(
            saraf_id=saraf_id,
            sequence=sequence,
            account_number=f"{ACCOUNT_NUMBER_PREFIX}{sequence:06d}",
            full_name=full_name,
            phone=phone,
            account_type=account_type,
            address=address,
            job=job,
            created_by_employee_id=created_by_employee_id,
        )


def customer_account_update(
    *, account: CustomerAccount, changes: dict
) -> CustomerAccount:
    """Change who the account belongs to; never its number, saraf, status or money."""
    fields = [field for field in EDITABLE_FIELDS if field in changes]
    with transaction.atomic():
        for field in fields:
            setattr(account, field, changes[field])
        if fields:
            account.save(update_fields=[*fields, "updated_at"])
    return account


@dataclass(frozen=True)
class MoneyMovement:
    """What a customer money operation did: the entry and the two new balances."""

    entry_id: int
    currency: Currency
    amount: Decimal
    customer_balance: Decimal
    saraf_balance: Decimal


def _account_for_money(*, saraf_id: int, account_id: int) -> CustomerAccount:
    # Locked so a concurrent close cannot slip in between its zero-balance check
    # and this movement; NO KEY so rows that merely reference it are not blocked.
    account = (
        CustomerAccount.objects.select_for_update(no_key=True)
        .filter(saraf_id=saraf_id, pk=account_id)
        .first()
    )
    if account is None:
        raise NotFoundError("No such customer account.")
    if not account.is_active:
        raise AccountInactiveError()
    return account


def _prepare(
    *,
    saraf_id: int,
    account_id: int,
    currency: str,
    amount: Decimal,
    field: str = "amount",
) -> tuple[CustomerAccount, Currency, Decimal]:
    account = _account_for_money(saraf_id=saraf_id, account_id=account_id)
    currency_row = currency_require_supported(saraf_id=saraf_id, code=currency)
    amount = check_minor_units(amount, currency_row, field=field)
    return account, currency_row, amount


def _cash(currency: Currency, amount: Decimal) -> Leg:
    return Leg(kind=LedgerAccount.Kind.CASH, currency=currency.code, amount=amount)


def _customer(account: CustomerAccount, currency: Currency, amount: Decimal) -> Leg:
    return Leg(
        kind=LedgerAccount.Kind.CUSTOMER,
        currency=currency.code,
        amount=amount,
        customer_account_id=account.pk,
    )


def _capital(currency: Currency, amount: Decimal) -> Leg:
    return Leg(kind=LedgerAccount.Kind.CAPITAL, currency=currency.code, amount=amount)


def _post(
    *,
    kind: str,
    account: CustomerAccount,
    currency: Currency,
    amount: Decimal,
    legs: list[Leg],
    description: str,
    performed_by: Identity | None,
) -> MoneyMovement:
    entry = entry_post(
        saraf_id=account.saraf_id,
        kind=kind,
        legs=legs,
        performed_by=performed_by,
        memo=description,
        amount=amount,
        currency=currency.code,
        customer_account_id=account.pk,
    )
    return MoneyMovement(
        entry_id=entry.pk,
        currency=currency,
        amount=amount,
        customer_balance=entry.balance_after(
            LedgerAccount.Kind.CUSTOMER, currency.code, customer_account_id=account.pk
        ),
        saraf_balance=entry.balance_after(LedgerAccount.Kind.CASH, currency.code),
    )


def deposit_to_account(
    *,
    saraf_id: int,
    account_id: int,
    currency: str,
    amount: Decimal,
    description: str = "",
    performed_by: Identity | None,
) -> MoneyMovement:
    """The customer hands in cash: cash +x, customer +x."""
    with transaction.atomic():
        account, currency_row, amount = _prepare(
            saraf_id=saraf_id, account_id=account_id, currency=currency, amount=amount
        )
        return _post(
            kind=ENTRY_KIND_DEPOSIT,
            account=account,
            currency=currency_row,
            amount=amount,
            legs=[
                _cash(currency_row, amount),
                _customer(account, currency_row, amount),
            ],
            description=description,
            performed_by=performed_by,
        )


def withdraw_from_account(
    *,
    saraf_id: int,
    account_id: int,
    currency: str,
    amount: Decimal,
    description: str = "",
    performed_by: Identity | None,
) -> MoneyMovement:
    """The customer takes out cash: cash −x, customer −x."""
    with transaction.atomic():
        account, currency_row, amount = _prepare(
            saraf_id=saraf_id, account_id=account_id, currency=currency, amount=amount
        )
        return _post(
            kind=ENTRY_KIND_WITHDRAW,
            account=account,
            currency=currency_row,
            amount=amount,
            legs=[
                _cash(currency_row, -amount),
                _customer(account, currency_row, -amount),
            ],
            description=description,
            performed_by=performed_by,
        )


def give_money(
    *,
    saraf_id: int,
    account_id: int,
    currency: str,
    amount: Decimal,
    description: str = "",
    performed_by: Identity | None,
) -> MoneyMovement:
    """The saraf gives money: customer +x, cash −x, capital −2x."""
    with transaction.atomic():
        account, currency_row, amount = _prepare(
            saraf_id=saraf_id, account_id=account_id, currency=currency, amount=amount
        )
        return _post(
            kind=ENTRY_KIND_GIVE,
            account=account,
            currency=currency_row,
            amount=amount,
            legs=[
                _cash(currency_row, -amount),
                _customer(account, currency_row, amount),
                _capital(currency_row, -2 * amount),
            ],
            description=description,
            performed_by=performed_by,
        )


def take_money(
    *,
    saraf_id: int,
    account_id: int,
    currency: str,
    amount: Decimal,
    description: str = "",
    performed_by: Identity | None,
) -> MoneyMovement:
    """The saraf takes money: customer −x, cash +x, capital +2x."""
    with transaction.atomic():
        account, currency_row, amount = _prepare(
            saraf_id=saraf_id, account_id=account_id, currency=currency, amount=amount
        )
        return _post(
            kind=ENTRY_KIND_TAKE,
            account=account,
            currency=currency_row,
            amount=amount,
            legs=[
                _cash(currency_row, amount),
                _customer(account, currency_row, -amount),
                _capital(currency_row, 2 * amount),
            ],
            description=description,
            performed_by=performed_by,
        )


def customer_account_lock_for_money(
    *, saraf_id: int, account_id: int
) -> CustomerAccount:
    """Lock an open account of this saraf for a money movement (call inside atomic).

    Any code that posts to a customer's ledger accounts takes this lock first, so
    closing an account and moving money on it never interleave.
    """
    return _account_for_money(saraf_id=saraf_id, account_id=account_id)


def customer_account_deactivate(*, saraf_id: int, account_id: int) -> CustomerAccount:
    """Close an account whose every balance is zero; its history stays."""
    with transaction.atomic():
        account = (
            CustomerAccount.objects.select_for_update(no_key=True)
            .filter(saraf_id=saraf_id, pk=account_id)
            .first()
        )
        if account is None:
            raise NotFoundError("No such customer account.")
        if not account.is_active:
            return account
        left = {
            row["currency"]: format(row["balance"], "f")
            for row in balances_list(
                saraf_id=saraf_id,
                kind=LedgerAccount.Kind.CUSTOMER,
                customer_account_id=account.pk,
            )
            if row["balance"] != 0
        }
        if left:
            raise BalanceNotZeroError(left)
        account.is_active = False
        account.save(update_fields=["is_active", "updated_at"])
        return account


def customer_credit_limit_set(
    *,
    saraf_id: int,
    account_id: int,
    currency: str,
    limit: Decimal,
    performed_by: Identity | None,
) -> LedgerAccount:
    """Let the customer's balance in `currency` go down to −limit (0: no credit).

    Returns the customer's ledger account in that currency (limit and balance).
    A limit below what the customer already owes: 409 `credit_limit_below_debt`.
    """
    with transaction.atomic():
        account, currency_row, limit = _prepare(
            saraf_id=saraf_id,
            account_id=account_id,
            currency=currency,
            amount=limit,
            field="limit",
        )
        return account_set_credit_limit(
            saraf_id=saraf_id,
            customer_account_id=account.pk,
            currency=currency_row.code,
            limit=limit,
            performed_by=performed_by,
        )
