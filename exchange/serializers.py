import re
from datetime import datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

from django.utils.dateparse import parse_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.dates import BoundedDateTimeField, local_midnight
from core.money import AmountField, format_amount
from core.parsers import number_literal
from core.text import StrictSerializer, TextField
from exchange.models import RATE_DECIMAL_PLACES, RATE_MAX_DIGITS, RateType
from exchange.selectors import search_words

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
        text = data if isinstance(data, str) else number_literal(data)
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


def _is_plain_date(value) -> bool:
    try:
        return isinstance(value, str) and parse_date(value) is not None
    except ValueError:
        return False


class UntilField(BoundedDateTimeField):
    """An ISO 8601 time, inclusive; a plain date (`2026-12-04`) means up to the
    end of that local day (settings.TIME_ZONE), as the ledger's and hawala's
    date filters read it."""

    def to_internal_value(self, value):
        moment = super().to_internal_value(value)
        if _is_plain_date(value):
            next_day = local_midnight(moment.date() + timedelta(days=1))
            # Stored times have microsecond resolution: the day's last instant.
            moment = next_day - timedelta(microseconds=1)
        return moment


class RateCreateSerializer(StrictSerializer):
    from_currency = CurrencyCodeField()
    to_currency = CurrencyCodeField()
    rate_type = serializers.ChoiceField(choices=RateType.choices)
    buy_rate = RateField()
    sell_rate = RateField()
    allow_inverted = serializers.BooleanField(
        default=False,
        help_text="Accept a buy rate above the sell rate (otherwise refused).",
    )


class RateUpdateSerializer(StrictSerializer):
    """Unknown keys are refused by name: `{"rate": "70"}` is not a no-op."""

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
    retired_at = serializers.DateTimeField(source="rate.retired_at", allow_null=True)
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
    date_from = BoundedDateTimeField(
        required=False, help_text="Rates last changed at or after this time."
    )
    date_to = UntilField(
        required=False,
        help_text="Rates last changed at or before this time; a plain date "
        "includes that whole local day.",
    )
    at = BoundedDateTimeField(
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
        trim_whitespace=False,
        help_text='Currency codes or English names, e.g. "usd", "USD AFN", "afghani".',
    )

    def validate_q(self, value):
        if not search_words(q=value):
            raise serializers.ValidationError(
                "Search by currency code or English currency name in Latin "
                'letters, such as "usd", "USD AFN" or "afghani"; this q has none.'
            )
        return value


class DealCreateSerializer(StrictSerializer):
    from_currency = CurrencyCodeField(help_text="What the customer gives the saraf.")
    to_currency = CurrencyCodeField(help_text="What the saraf gives the customer.")
    amount = AmountField(help_text="In from_currency.")
    rate_type = serializers.ChoiceField(choices=RateType.choices)
    customer_account_id = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=2**63 - 1,
        help_text="Leave out for a walk-in customer (cash in, cash out).",
    )
    rate = RateField(
        required=False,
        help_text="A manual rate, to_currency per one from_currency; needs "
        "manage_rates.",
    )
    description = TextField(
        required=False, allow_blank=True, max_length=300, default=""
    )


def _amount(value, code, minor_units):
    return format_amount(value, minor_units[code])


class DealSerializer(serializers.Serializer):
    """Amounts as strings at their currency's minor units (`minor_units` in context)."""

    id = serializers.IntegerField()
    pair = serializers.CharField()
    from_currency = serializers.CharField()
    to_currency = serializers.CharField()
    amount = serializers.SerializerMethodField()
    target_amount = serializers.SerializerMethodField()
    rate_type = serializers.CharField()
    rate = RateField()
    rate_side = serializers.CharField()
    rate_pair = serializers.SerializerMethodField()
    rate_version_id = serializers.IntegerField(allow_null=True)
    customer_account_id = serializers.IntegerField(allow_null=True)
    customer_account_number = serializers.CharField(
        source="customer_account.account_number", allow_null=True, default=None
    )
    journal_entry_id = serializers.IntegerField()
    performed_by = serializers.SerializerMethodField()
    description = serializers.CharField()
    created_at = serializers.DateTimeField()

    @extend_schema_field(OpenApiTypes.STR)
    def get_amount(self, deal):
        return _amount(deal.amount, deal.from_currency, self.context["minor_units"])

    @extend_schema_field(OpenApiTypes.STR)
    def get_target_amount(self, deal):
        return _amount(
            deal.target_amount, deal.to_currency, self.context["minor_units"]
        )

    @extend_schema_field(OpenApiTypes.STR)
    def get_rate_pair(self, deal):
        return f"{deal.rate_base_currency}-{deal.rate_quote_currency}"

    @extend_schema_field(ChangedBySerializer)
    def get_performed_by(self, deal):
        return changed_by(deal.performed_by_employee)


class BalanceAfterSerializer(serializers.Serializer):
    account = serializers.CharField()
    currency = serializers.CharField()
    balance = serializers.CharField()


class DealCreatedSerializer(DealSerializer):
    balances_after = BalanceAfterSerializer(many=True)


class DealFilterSerializer(serializers.Serializer):
    from_currency = CurrencyCodeField(required=False)
    to_currency = CurrencyCodeField(required=False)
    pair = serializers.CharField(
        required=False, max_length=7, help_text='Such as "USD-AFN".'
    )
    rate_type = serializers.ChoiceField(choices=RateType.choices, required=False)
    customer_account_id = serializers.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1
    )
    walk_in = serializers.BooleanField(required=False, allow_null=True, default=None)
    date_from = BoundedDateTimeField(required=False)
    date_to = UntilField(required=False)

    validate_pair = RateFilterSerializer.validate_pair
    validate = RateFilterSerializer.validate


class StatisticsFilterSerializer(DealFilterSerializer):
    customer_account_id = None
    walk_in = None
    rate_type = None
    group_by = serializers.ChoiceField(
        choices=["total", "day", "month"], required=False, default="total"
    )


class StatisticsSideSerializer(serializers.Serializer):
    deals = serializers.IntegerField()
    volume = serializers.CharField(help_text="In the base currency.")
    quote_volume = serializers.CharField(help_text="In the quote currency.")
    average_rate = serializers.CharField(
        allow_null=True, help_text="quote_volume / volume, 8 decimal places."
    )


class StatisticsRowSerializer(serializers.Serializer):
    pair = serializers.CharField()
    base_currency = serializers.CharField()
    quote_currency = serializers.CharField()
    period = serializers.DateField(allow_null=True)
    bought = StatisticsSideSerializer()
    sold = StatisticsSideSerializer()


class ReceiptPartySerializer(serializers.Serializer):
    walk_in = serializers.BooleanField()
    account_number = serializers.CharField(allow_null=True)
    full_name = serializers.CharField(allow_null=True)


class ReceiptSarafSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    phone = serializers.CharField(allow_null=True)
    address = serializers.CharField()


class ReceiptSerializer(serializers.Serializer):
    receipt_number = serializers.CharField()
    issued_at = serializers.DateTimeField()
    saraf = ReceiptSarafSerializer()
    customer = ReceiptPartySerializer()
    customer_gives = serializers.CharField()
    customer_receives = serializers.CharField()
    rate = serializers.CharField()
    rate_type = serializers.CharField()
    performed_by = ChangedBySerializer()
    deal = DealSerializer()


def deal_created_data(deal, entry, minor_units) -> dict:
    """The deal with the new balances of the cash or customer accounts it moved."""
    data = DealSerializer(deal, context={"minor_units": minor_units}).data
    data["balances_after"] = [
        {
            "account": kind,
            "currency": code,
            "balance": format_amount(posting.balance_after, minor_units[code]),
        }
        for (kind, code, _, _), posting in entry.postings_by_key.items()
        if kind != "exchange"
    ]
    return data


def receipt_data(deal, minor_units) -> dict:
    saraf = deal.saraf
    account = deal.customer_account
    gives = format_amount(deal.amount, minor_units[deal.from_currency])
    receives = format_amount(deal.target_amount, minor_units[deal.to_currency])
    return {
        "receipt_number": f"EX-{deal.saraf_id}-{deal.pk:08d}",
        "issued_at": serializers.DateTimeField().to_representation(deal.created_at),
        "saraf": {
            "id": saraf.pk,
            "name": saraf.name,
            "phone": saraf.phone,
            "address": saraf.address,
        },
        "customer": {
            "walk_in": account is None,
            "account_number": account.account_number if account else None,
            "full_name": account.full_name if account else None,
        },
        "customer_gives": f"{gives} {deal.from_currency}",
        "customer_receives": f"{receives} {deal.to_currency}",
        "rate": f"1 {deal.rate_base_currency} = {format_rate(deal.rate)} "
        f"{deal.rate_quote_currency} ({deal.rate_side})",
        "rate_type": deal.rate_type,
        "performed_by": changed_by(deal.performed_by_employee),
        "deal": DealSerializer(deal, context={"minor_units": minor_units}).data,
    }


def _side(count, volume, quote_volume, base_units, quote_units):
    average = None
    if volume:
        average = format_rate(
            (quote_volume / volume).quantize(
                Decimal(1).scaleb(-RATE_DECIMAL_PLACES), rounding=ROUND_HALF_EVEN
            )
        )
    return {
        "deals": count,
        "volume": format_amount(volume or 0, base_units),
        "quote_volume": format_amount(quote_volume or 0, quote_units),
        "average_rate": average,
    }


def statistics_data(rows, minor_units) -> list[dict]:
    result = []
    for row in rows:
        base, quote = row["rate_base_currency"], row["rate_quote_currency"]
        period = row.get("period")
        if isinstance(period, datetime):
            period = period.date()
        result.append(
            {
                "pair": f"{base}-{quote}",
                "base_currency": base,
                "quote_currency": quote,
                "period": period,
                "bought": _side(
                    row["bought_count"],
                    row["bought_volume"],
                    row["bought_quote"],
                    minor_units[base],
                    minor_units[quote],
                ),
                "sold": _side(
                    row["sold_count"],
                    row["sold_volume"],
                    row["sold_quote"],
                    minor_units[base],
                    minor_units[quote],
                ),
            }
        )
    return StatisticsRowSerializer(result, many=True).data
