from dataclasses import dataclass
from decimal import Decimal, localcontext

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from core.auth import Identity
from core.errors import ApplicationError, ConflictError, NotFoundError
from core.money import MAX_INTEGER_DIGITS, check_minor_units
from currency.selectors import currency_require_supported
from currency.services import saraf_currencies_lock
from exchange.models import (
    ExchangeDeal,
    ExchangeRate,
    ExchangeRateVersion,
    RateSide,
)
from exchange.selectors import rate_live_get
from ledger.models import LedgerAccount
from ledger.services import Leg, entry_post
from saraf_create_accounts.services import customer_account_lock_for_money


def _check_distinct(*, from_currency: str, to_currency: str) -> None:
    if from_currency.upper() == to_currency.upper():
        raise ApplicationError(
            "The two currencies of a pair must differ.",
            code="same_currency",
            fields={"to_currency": ["Same as from_currency."]},
        )


def _lock_pair_currencies(*, saraf_id: int, from_currency: str, to_currency: str):
    """Both currencies stay the saraf's until this transaction ends: the lock
    `saraf_balance.services.saraf_currency_remove` waits for, then retires the
    rates this transaction wrote."""
    saraf_currencies_lock(
        saraf_id=saraf_id,
        codes=[from_currency, to_currency],
        fields={from_currency: "from_currency", to_currency: "to_currency"},
    )


def _check_not_inverted(
    *, buy_rate: Decimal, sell_rate: Decimal, allow_inverted: bool
) -> None:
    if buy_rate > sell_rate and not allow_inverted:
        raise ApplicationError(
            "The buy rate is above the sell rate; send allow_inverted=true "
            "if that is intended.",
            code="inverted_rate",
            fields={"buy_rate": ["Above sell_rate."]},
        )


def _version_add(
    *,
    rate: ExchangeRate,
    buy_rate: Decimal,
    sell_rate: Decimal,
    allow_inverted: bool,
    performed_by: Identity,
) -> ExchangeRateVersion:
    version = ExchangeRateVersion.objects.create(
        saraf_id=rate.saraf_id,
        rate=rate,
        buy_rate=buy_rate,
        sell_rate=sell_rate,
        inverted_allowed=buy_rate > sell_rate and allow_inverted,
        changed_by_employee_id=performed_by.employee_id,
        effective_from=timezone.now(),
    )
    rate.current_version = version
    rate.updated_at = version.effective_from
    rate.save(update_fields=["current_version", "updated_at"])
    return version


def rate_create(
    *,
    saraf_id: int,
    from_currency: str,
    to_currency: str,
    rate_type: str,
    buy_rate: Decimal,
    sell_rate: Decimal,
    allow_inverted: bool = False,
    performed_by: Identity,
) -> ExchangeRate:
    """Create the live rate of a pair and type with its first version.

    A live rate of the same pair and type answers 409 `rate_exists`: update it.
    """
    from_currency, to_currency = from_currency.upper(), to_currency.upper()
    _check_distinct(from_currency=from_currency, to_currency=to_currency)
    try:
        with transaction.atomic():
            _lock_pair_currencies(
                saraf_id=saraf_id, from_currency=from_currency, to_currency=to_currency
            )
            _check_not_inverted(
                buy_rate=buy_rate, sell_rate=sell_rate, allow_inverted=allow_inverted
            )
            rate = ExchangeRate.objects.create(
                saraf_id=saraf_id,
                from_currency=from_currency,
                to_currency=to_currency,
                rate_type=rate_type,
                created_by_employee_id=performed_by.employee_id,
                updated_at=timezone.now(),
            )
            _version_add(
                rate=rate,
                buy_rate=buy_rate,
                sell_rate=sell_rate,
                allow_inverted=allow_inverted,
                performed_by=performed_by,
            )
    except IntegrityError:
        existing = ExchangeRate.objects.filter(
            saraf_id=saraf_id,
            from_currency=from_currency,
            to_currency=to_currency,
            rate_type=rate_type,
            retired_at__isnull=True,
        ).first()
        if existing is None:
            raise
        raise ConflictError(
            f"A live {rate_type} rate for {from_currency}-{to_currency} exists "
            f"(id {existing.pk}); update it instead.",
            code="rate_exists",
            fields={"id": [str(existing.pk)]},
        ) from None
    return rate


def rate_update(
    *,
    saraf_id: int,
    rate_id: int,
    buy_rate: Decimal | None = None,
    sell_rate: Decimal | None = None,
    allow_inverted: bool = False,
    performed_by: Identity,
) -> ExchangeRate:
    """Give a live rate new values as a new version; the earlier ones stay.

    A value left out keeps its current value. Sending the current values
    again writes no version and needs no `allow_inverted` for an inverted
    rate. Both currencies must still be the saraf's (400
    `currency_not_supported`); they stay locked until the change commits.
    """
    with transaction.atomic():
        pair = (
            ExchangeRate.objects.filter(saraf_id=saraf_id, pk=rate_id)
            .values_list("from_currency", "to_currency")
            .first()
        )
        if pair is None:
            raise NotFoundError("No such exchange rate.")
        # Currencies before the rate, as saraf_currency_remove locks them.
        _lock_pair_currencies(
            saraf_id=saraf_id, from_currency=pair[0], to_currency=pair[1]
        )
        # The version is read after the lock, in its own statement: joined to the
        # locked row, PostgreSQL would show a waiter the pre-lock snapshot's
        # version row, missing the one the lock holder just wrote.
        rate = ExchangeRate.objects.select_for_update().get(
            saraf_id=saraf_id, pk=rate_id
        )
        if rate.retired_at is not None:
            raise ConflictError(
                "This rate is retired; create a new one.", code="rate_retired"
            )
        current = ExchangeRateVersion.objects.get(pk=rate.current_version_id)
        buy_rate = current.buy_rate if buy_rate is None else buy_rate
        sell_rate = current.sell_rate if sell_rate is None else sell_rate
        if (buy_rate, sell_rate) == (current.buy_rate, current.sell_rate):
            # Nothing changes, so nothing needs approving again: an inverted
            # rate's own values are a no-op, not an inverted_rate refusal.
            return rate
        _check_not_inverted(
            buy_rate=buy_rate, sell_rate=sell_rate, allow_inverted=allow_inverted
        )
        _version_add(
            rate=rate,
            buy_rate=buy_rate,
            sell_rate=sell_rate,
            allow_inverted=allow_inverted,
            performed_by=performed_by,
        )
    return rate


def rate_retire(*, saraf_id: int, rate_id: int, performed_by: Identity) -> None:
    """Take a rate out of force from now on; its history stays readable."""
    with transaction.atomic():
        rate = (
            ExchangeRate.objects.select_for_update()
            .filter(saraf_id=saraf_id, pk=rate_id)
            .first()
        )
        if rate is None:
            raise NotFoundError("No such exchange rate.")
        if rate.retired_at is not None:
            raise ConflictError("This rate is already retired.", code="rate_retired")
        rate.retired_at = timezone.now()
        rate.retired_by_employee_id = performed_by.employee_id
        rate.save(update_fields=["retired_at", "retired_by_employee"])


def rates_retire_in_currency(
    *, saraf_id: int, code: str, performed_by: Identity | None
) -> int:
    """Retire every live rate of the saraf with `code` on either side, as
    `rate_retire` does (history kept); returns how many.

    For `saraf_balance.services.saraf_currency_remove`, inside its transaction
    and under its lock on the saraf's currency row, so no rate in that currency
    can be created or changed meanwhile. Rates are locked in id order.
    """
    with transaction.atomic():
        rate_ids = list(
            ExchangeRate.objects.select_for_update()
            .filter(saraf_id=saraf_id, retired_at__isnull=True)
            .filter(Q(from_currency=code) | Q(to_currency=code))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if rate_ids:
            ExchangeRate.objects.filter(pk__in=rate_ids).update(
                retired_at=timezone.now(),
                retired_by_employee_id=performed_by.employee_id
                if performed_by
                else None,
            )
    return len(rate_ids)


@dataclass(frozen=True)
class Quote:
    """A rate as quoted: `rate` units of `quote_currency` for one `base_currency`."""

    rate: Decimal
    side: str
    base_currency: str
    quote_currency: str
    version: ExchangeRateVersion | None = None


def deal_quote(
    *,
    saraf_id: int,
    from_currency: str,
    to_currency: str,
    rate_type: str,
    manual_rate: Decimal | None = None,
) -> Quote:
    """The rate a deal from `from_currency` to `to_currency` uses now.

    The customer gives from_currency. A live rate quoted from_currency-to_currency
    means we buy its base currency: our buy rate, multiplied. Otherwise a live
    rate quoted to_currency-from_currency means we sell its base currency: our
    sell rate, divided by. A manual rate is always from_currency-to_currency.
    400 `no_rate` when neither exists.
    """
    if manual_rate is not None:
        return Quote(manual_rate, RateSide.MANUAL, from_currency, to_currency)
    direct = rate_live_get(
        saraf_id=saraf_id,
        from_currency=from_currency,
        to_currency=to_currency,
        rate_type=rate_type,
    )
    if direct is not None:
        version = direct.current_version
        return Quote(
            version.buy_rate, RateSide.BUY, from_currency, to_currency, version
        )
    reverse = rate_live_get(
        saraf_id=saraf_id,
        from_currency=to_currency,
        to_currency=from_currency,
        rate_type=rate_type,
    )
    if reverse is not None:
        version = reverse.current_version
        return Quote(
            version.sell_rate, RateSide.SELL, to_currency, from_currency, version
        )
    raise ApplicationError(
        f"No {rate_type} rate between {from_currency} and {to_currency} is in "
        "force; set one first.",
        code="no_rate",
        fields={"rate_type": [f"No {rate_type} rate for this pair."]},
    )


def convert(
    *, amount: Decimal, rate: Decimal, multiply: bool, minor_units: int
) -> Decimal:
    """amount × rate (or amount ÷ rate), rounded once, half-even, to minor units.

    Exact: the integer quotient and its remainder decide the rounding, so no
    intermediate result is ever rounded.
    """
    numerator, denominator = (amount * rate, Decimal(1)) if multiply else (amount, rate)
    quantum = Decimal(1).scaleb(-minor_units)
    with localcontext() as context:
        context.prec = 80
        step = denominator * quantum
        units, remainder = divmod(numerator, step)
        twice = remainder * 2
        if twice > step or (twice == step and units % 2 == 1):
            units += 1
        return (units * quantum).quantize(quantum)


def _deal_legs(
    *,
    from_currency: str,
    to_currency: str,
    amount: Decimal,
    target_amount: Decimal,
    customer_account_id: int | None,
) -> list[Leg]:
    exchange = LedgerAccount.Kind.EXCHANGE
    if customer_account_id is None:
        cash = LedgerAccount.Kind.CASH
        return [
            Leg(cash, from_currency, amount),
            Leg(exchange, from_currency, -amount),
            Leg(cash, to_currency, -target_amount),
            Leg(exchange, to_currency, target_amount),
        ]
    customer = LedgerAccount.Kind.CUSTOMER
    return [
        Leg(customer, from_currency, -amount, customer_account_id),
        Leg(exchange, from_currency, -amount),
        Leg(customer, to_currency, target_amount, customer_account_id),
        Leg(exchange, to_currency, target_amount),
    ]


def deal_create(
    *,
    saraf_id: int,
    from_currency: str,
    to_currency: str,
    amount: Decimal,
    rate_type: str,
    customer_account_id: int | None = None,
    rate: Decimal | None = None,
    description: str = "",
    performed_by: Identity,
) -> ExchangeDeal:
    """Exchange `amount` of from_currency for to_currency and post its one entry.

    Walk-in (no customer account): the saraf's cash in from_currency grows by
    amount and its cash in to_currency falls by the target amount. Customer
    account: the account's from_currency balance falls by amount and its
    to_currency balance grows by the target amount; no cash moves. The exchange
    account of each currency takes the other side. `rate` is a manual rate
    (the caller checks `manage_rates`). Refusals, with nothing posted:
    `same_currency`, `currency_not_supported`, `invalid_amount`, `no_rate`,
    `amount_too_small` (the target rounds to zero), `amount_too_large`,
    `insufficient_funds`, 404 / `account_inactive` for the customer account.
    """
    from_currency, to_currency = from_currency.upper(), to_currency.upper()
    if from_currency == to_currency:
        raise ApplicationError(
            "A deal needs two different currencies.",
            code="same_currency",
            fields={"to_currency": ["Same as from_currency."]},
        )
    source = currency_require_supported(
        saraf_id=saraf_id, code=from_currency, field="from_currency"
    )
    target = currency_require_supported(
        saraf_id=saraf_id, code=to_currency, field="to_currency"
    )
    amount = check_minor_units(amount, source)
    quote = deal_quote(
        saraf_id=saraf_id,
        from_currency=from_currency,
        to_currency=to_currency,
        rate_type=rate_type,
        manual_rate=rate,
    )
    target_amount = convert(
        amount=amount,
        rate=quote.rate,
        multiply=quote.base_currency == from_currency,
        minor_units=target.minor_units,
    )
    if target_amount == 0:
        raise ApplicationError(
            f"{amount} {from_currency} converts to less than the smallest "
            f"{to_currency} unit.",
            code="amount_too_small",
            fields={"amount": ["Converts to zero."]},
        )
    if target_amount >= 10**MAX_INTEGER_DIGITS:
        raise ApplicationError(
            f"The converted amount has more than {MAX_INTEGER_DIGITS} integer digits.",
            code="amount_too_large",
            fields={"amount": ["Converts to too large an amount."]},
        )
    with transaction.atomic():
        if customer_account_id is not None:
            customer_account_lock_for_money(
                saraf_id=saraf_id, account_id=customer_account_id
            )
        entry = entry_post(
            saraf_id=saraf_id,
            kind="exchange",
            legs=_deal_legs(
                from_currency=from_currency,
                to_currency=to_currency,
                amount=amount,
                target_amount=target_amount,
                customer_account_id=customer_account_id,
            ),
            performed_by=performed_by,
            memo=f"Exchange {amount} {from_currency} to {target_amount} {to_currency}",
            amount=amount,
            currency=from_currency,
            customer_account_id=customer_account_id,
        )
        return ExchangeDeal.objects.create(
            saraf_id=saraf_id,
            customer_account_id=customer_account_id,
            from_currency=from_currency,
            to_currency=to_currency,
            amount=amount,
            target_amount=target_amount,
            rate_type=rate_type,
            rate=quote.rate,
            rate_side=quote.side,
            rate_base_currency=quote.base_currency,
            rate_quote_currency=quote.quote_currency,
            rate_version=quote.version,
            journal_entry=entry,
            performed_by_employee_id=performed_by.employee_id,
            description=description,
        )
