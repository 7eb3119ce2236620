import re
from decimal import Decimal

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from exchange.models import RATE_DECIMAL_PLACES, RATE_MAX_DIGITS, RateType

RATE_INTEGER_DIGITS = RATE_MAX_DIGITS - RATE_DECIMAL_PLACES
_PLAIN_RATE = re.compile(
    rf"[0-9]{{1,{RATE_INTEGER_DIGITS}}}(?:\.[0-9]{{1,{RATE_DECIMAL_PLACES}}})?"
)
_CURRENCY_CODE = re.compile(r"[A-Za-z]{3}")
_PAIR = re.compile(r"([A-Za-z]{3})-([A-Za-z]{3})")


def format_rate(value: Decimal) -> str:
    """A rate as a plain decimal string without trailing zeros: "70.5", "0.0142"."""
    text = format(Decimal(value), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


@extend_schema_field(OpenApiTypes.STR)
class RateField(serializers.Field):
    """A positive rate with at most 8 decimal places: JSON string or number in."""

    default_error_messages = {
        "invalid_rate": "Enter a rate greater than zero as a plain decimal, such as "
        f'"70.25" (at most {RATE_INTEGER_DIGITS} integer digits and '
        f"{RATE_DECIMAL_PLACES} decimal places).",
    }

    def validate_empty_values(self, data):
        if data is None:
            self.fail("invalid_rate")
        return super().validate_empty_values(data)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (str, int, float, Decimal)):
            self.fail("invalid_rate")
        text = data if isinstance(data, str) else str(data)
        if not _PLAIN_RATE.fullmatch(text):
            self.fail("invalid_rate")
        rate = Decimal(text)
        if rate == 0:
            self.fail("invalid_rate")
        return rate

    def to_representation(self, value):
        return format_rate(value)


class CurrencyCodeField(serializers.CharField):
    """Three letters, upper-cased; the service checks the saraf supports it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 3)
        kwargs.setdefault("min_length", 3)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        code = super().to_internal_value(data)
        if not _CURRENCY_CODE.fullmatch(code):
            raise serializers.ValidationError(
                "Enter a three-letter currency code such as USD.",
                code="currency_not_supported",
            )
        return code.upper()


class RateCreateSerializer(serializers.Serializer):
    from_currency = CurrencyCodeField()
    to_currency = CurrencyCodeField()
    rate_type = serializers.ChoiceField(choices=RateType.choices)
    buy_rate = RateField()
    sell_rate = RateField()
    allow_inverted = serializers.BooleanField(
        default=False,
        help_text="Accept a buy rate above the sell rate (otherwise refused).",
    )


class RateUpdateSerializer(serializers.Serializer):
    buy_rate = RateField()
    sell_rate = RateField()
    allow_inverted = serializers.BooleanField(default=False)


class ChangedBySerializer(serializers.Serializer):
    kind = serializers.CharField()
    employee_id = serializers.IntegerField(allow_null=True)
    full_name = serializers.CharField(allow_null=True)


def changed_by(employee):
    if employee is None:
        return {"kind": "owner", "employee_id": None, "full_name": None}
    return {
        "kind": "employee",
        "employee_id": employee.pk,
        "full_name": employee.full_name,
    }


class RateVersionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    buy_rate = RateField()
    sell_rate = RateField()
    inverted_allowed = serializers.BooleanField()
    effective_from = serializers.DateTimeField()
    changed_by = serializers.SerializerMethodField()

    @extend_schema_field(ChangedBySerializer)
    def get_changed_by(self, version):
        return changed_by(version.changed_by_employee)


class RateSerializer(serializers.Serializer):
    """A rate with the values of one version: the one in force now or at `?at=`."""

    id = serializers.IntegerField(source="rate.id")
    pair = serializers.CharField(source="rate.pair")
    from_currency = serializers.CharField(source="rate.from_currency")
    to_currency = serializers.CharField(source="rate.to_currency")
    rate_type = serializers.CharField(source="rate.rate_type")
    buy_rate = RateField()
    sell_rate = RateField()
    inverted_allowed = serializers.BooleanField()
    version_id = serializers.IntegerField(source="id")
    updated_at = serializers.DateTimeField(source="effective_from")
    created_at = serializers.DateTimeField(source="rate.created_at")
    retired_at = serializers.DateTimeField(source="rate.retired_at")
    changed_by = serializers.SerializerMethodField()

    @extend_schema_field(ChangedBySerializer)
    def get_changed_by(self, version):
        return changed_by(version.changed_by_employee)


class RateDetailSerializer(RateSerializer):
    history_count = serializers.IntegerField(source="rate.history_count")
    history = RateVersionSerializer(source="rate.recent_versions", many=True)


class PublicRateSerializer(serializers.Serializer):
    pair = serializers.CharField(source="rate.pair")
    from_currency = serializers.CharField(source="rate.from_currency")
    to_currency = serializers.CharField(source="rate.to_currency")
    rate_type = serializers.CharField(source="rate.rate_type")
    buy_rate = RateField()
    sell_rate = RateField()
    updated_at = serializers.DateTimeField(source="effective_from")


class RateFilterSerializer(serializers.Serializer):
    from_currency = CurrencyCodeField(required=False)
    to_currency = CurrencyCodeField(required=False)
    pair = serializers.CharField(
        required=False, max_length=7, help_text='Such as "USD-AFN".'
    )
    rate_type = serializers.ChoiceField(choices=RateType.choices, required=False)
    date_from = serializers.DateTimeField(
        required=False, help_text="Rates last changed at or after this time."
    )
    date_to = serializers.DateTimeField(
        required=False, help_text="Rates last changed at or before this time."
    )
    at = serializers.DateTimeField(
        required=False, help_text="Show the rates in force at this time."
    )

    def validate_pair(self, value):
        match = _PAIR.fullmatch(value)
        if match is None:
            raise serializers.ValidationError(
                'Enter a pair as two currency codes, such as "USD-AFN".'
            )
        return match.group(1).upper(), match.group(2).upper()

    def validate(self, attrs):
        pair = attrs.pop("pair", None)
        if pair is not None:
            attrs["from_currency"], attrs["to_currency"] = pair
        if (
            "date_from" in attrs
            and "date_to" in attrs
            and attrs["date_from"] > attrs["date_to"]
        ):
            raise serializers.ValidationError(
                {"date_to": ["date_to is before date_from."]}
            )
        return attrs


class RateSearchSerializer(RateFilterSerializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=50,
        help_text='Currency codes or names, e.g. "usd", "USD AFN", "afghani".',
    )
