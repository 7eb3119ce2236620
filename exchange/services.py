from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.auth import Identity
from core.errors import ApplicationError, ConflictError, NotFoundError
from currency.selectors import currency_require_supported
from exchange.models import ExchangeRate, ExchangeRateVersion


def _check_pair(*, saraf_id: int, from_currency: str, to_currency: str) -> None:
    if from_currency.upper() == to_currency.upper():
        raise ApplicationError(
            "The two currencies of a pair must differ.",
            code="same_currency",
            fields={"to_currency": ["Same as from_currency."]},
        )
    currency_require_supported(
        saraf_id=saraf_id, code=from_currency, field="from_currency"
    )
    currency_require_supported(saraf_id=saraf_id, code=to_currency, field="to_currency")


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
    _check_pair(saraf_id=saraf_id, from_currency=from_currency, to_currency=to_currency)
    _check_not_inverted(
        buy_rate=buy_rate, sell_rate=sell_rate, allow_inverted=allow_inverted
    )
    try:
        with transaction.atomic():
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
    again writes no version.
    """
    with transaction.atomic():
        rate = (
            ExchangeRate.objects.select_for_update(of=("self",))
            .filter(saraf_id=saraf_id, pk=rate_id)
            .select_related("current_version")
            .first()
        )
        if rate is None:
            raise NotFoundError("No such exchange rate.")
        if rate.retired_at is not None:
            raise ConflictError(
                "This rate is retired; create a new one.", code="rate_retired"
            )
        current = rate.current_version
        buy_rate = current.buy_rate if buy_rate is None else buy_rate
        sell_rate = current.sell_rate if sell_rate is None else sell_rate
        _check_not_inverted(
            buy_rate=buy_rate, sell_rate=sell_rate, allow_inverted=allow_inverted
        )
        if (buy_rate, sell_rate) != (current.buy_rate, current.sell_rate):
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
