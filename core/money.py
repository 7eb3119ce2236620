"""Money amounts: how they come in, how they are checked, how they go out.

An amount is a plain decimal string such as "1250.50" (a JSON number is read
through the text the client sent, see `core.parsers`). It is positive, has at
most 15 integer digits and 8 decimal places, and never uses exponent notation,
signs, separators or whitespace. Whether its decimals fit a currency is
`check_minor_units`' job: too many decimals are refused, never rounded.
"""

import re
from decimal import Decimal

from rest_framework import serializers

from core.parsers import number_literal

MAX_INTEGER_DIGITS = 15
MAX_DECIMAL_PLACES = 8

_PLAIN_DECIMAL = re.compile(
    rf"[0-9]{{1,{MAX_INTEGER_DIGITS}}}(?:\.[0-9]{{1,{MAX_DECIMAL_PLACES}}})?"
)


class AmountField(serializers.Field):
    """A positive money amount: JSON string or number in, `Decimal` out.

    `allow_zero=True` also takes zero (a fee, a credit limit)."""

    default_error_messages = {
        "invalid_amount": "Enter a positive amount as a plain decimal, "
        'such as "1250.50" (at most {integer} integer digits and {decimals} '
        "decimal places).",
        "zero": "The amount must be greater than zero.",
    }

    def __init__(self, *, allow_zero=False, **kwargs):
        self.allow_zero = allow_zero
        super().__init__(**kwargs)

    def validate_empty_values(self, data):
        if data is None:
            raise serializers.ValidationError(
                "The amount may not be null.", code="invalid_amount"
            )
        return super().validate_empty_values(data)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (str, int, float, Decimal)):
            self._refuse()
        text = data if isinstance(data, str) else number_literal(data)
        if not _PLAIN_DECIMAL.fullmatch(text):
            self._refuse()
        amount = Decimal(text)
        if amount == 0 and not self.allow_zero:
            raise serializers.ValidationError(
                self.error_messages["zero"], code="invalid_amount"
            )
        return amount

    def to_representation(self, value):
        return format(Decimal(value), "f")

    def _refuse(self):
        raise serializers.ValidationError(
            self.error_messages["invalid_amount"].format(
                integer=MAX_INTEGER_DIGITS, decimals=MAX_DECIMAL_PLACES
            ),
            code="invalid_amount",
        )


def _minor_units_of(currency) -> int:
    if isinstance(currency, str):
        from currency.models import Currency

        return Currency.objects.values_list("minor_units", flat=True).get(
            code=currency.upper()
        )
    return currency.minor_units


def check_minor_units(amount: Decimal, currency, *, field: str = "amount") -> Decimal:
    """Return `amount` at the currency's minor units; refuse it if that would round.

    `currency` is a `currency.models.Currency` (or its code). "100.00" JPY is
    accepted as 100; "1.5" JPY and "0.005" USD are refused.
    """
    minor_units = _minor_units_of(currency)
    quantum = Decimal(1).scaleb(-minor_units)
    quantized = amount.quantize(quantum)
    if quantized != amount:
        code = getattr(currency, "code", currency)
        raise serializers.ValidationError(
            {
                field: [
                    serializers.ErrorDetail(
                        f"{code} allows at most {minor_units} decimal places.",
                        code="invalid_amount",
                    )
                ]
            },
            code="invalid_amount",
        )
    return quantized


def format_amount(amount: Decimal, minor_units: int) -> str:
    """The JSON form of an amount: "1250.50" for two minor units, "1250" for none."""
    return format(Decimal(amount).quantize(Decimal(1).scaleb(-minor_units)), "f")
