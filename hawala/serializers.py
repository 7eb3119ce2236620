import re
from decimal import Decimal

from rest_framework import serializers

from core.contacts import PhoneField
from core.dates import BoundedDateField
from core.money import AmountField, format_amount
from core.text import NameField, StrictSerializer, TextField
from hawala.models import HawalaSettlement, HawalaTransaction

# ASCII only, either case, matched before upper-casing: str.upper() maps some
# non-ASCII letters onto ASCII ones ("ß" -> "SS", "ﬁ" -> "FI", "ı" -> "I").
_HAWALA_NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-_/.]{0,63}")

Status = HawalaTransaction.Status


class HawalaNumberField(serializers.CharField):
    """ASCII letters, digits and - _ / . (up to 64), compared in upper case."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 64)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if not _HAWALA_NUMBER.fullmatch(value):
            raise serializers.ValidationError(
                "Use letters, digits and - _ / . only (at most 64).",
                code="invalid_hawala_number",
            )
        return value.upper()


class CurrencyCodeField(serializers.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 3)
        kwargs.setdefault("min_length", 3)
        super().__init__(**kwargs)


class HawalaSendInputSerializer(StrictSerializer):
    hawala_number = HawalaNumberField()
    amount = AmountField()
    currency = CurrencyCodeField()
    fee = AmountField(allow_zero=True, required=False, default=Decimal("0"))
    sender_name = NameField()
    sender_phone = PhoneField(required=False, default="")
    receiver_name = NameField()
    receiver_phone = PhoneField()
    receiver_id_number = TextField(max_length=64, required=False, default="")
    receiver_father_name = NameField(required=False, default="")
    destination_saraf_id = serializers.IntegerField(
        required=False, min_value=1, max_value=2**62
    )
    destination_name = NameField(required=False, default="")

    def validate(self, attrs):
        attrs = super().validate(attrs)
        has_saraf = attrs.get("destination_saraf_id") is not None
        if has_saraf == bool(attrs["destination_name"]):
            raise serializers.ValidationError(
                {
                    "destination_saraf_id": [
                        "Give either destination_saraf_id (a saraf on AMU Pay) "
                        "or destination_name (a saraf outside it), not both."
                    ]
                }
            )
        return attrs


class HawalaExternalReceiveInputSerializer(StrictSerializer):
    hawala_number = HawalaNumberField()
    amount = AmountField()
    currency = CurrencyCodeField()
    source_name = NameField()
    sender_name = NameField()
    sender_phone = PhoneField(required=False, default="")
    receiver_name = NameField()
    receiver_phone = PhoneField(required=False, default="")
    receiver_id_number = TextField(max_length=64)
    receiver_father_name = NameField(required=False, default="")


class HawalaReceiveUpdateInputSerializer(StrictSerializer):
    # Every hawala status is accepted here, so that a real status this step
    # cannot reach is the service's 409 invalid_transition, not a 400.
    status = serializers.ChoiceField(choices=Status.choices)
    hawala_number = HawalaNumberField(required=False)
    receiver_id_number = TextField(max_length=64, required=False)
    receiver_father_name = NameField(required=False, default="")

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if attrs["status"] == Status.COMPLETED:
            missing = {
                field: ["Required to pay out a hawala."]
                for field in ("hawala_number", "receiver_id_number")
                if not attrs.get(field)
            }
            if missing:
                raise serializers.ValidationError(missing)
        return attrs


class HawalaStatusUpdateInputSerializer(StrictSerializer):
    # As above: the service decides which transitions are allowed (409).
    status = serializers.ChoiceField(choices=Status.choices)


class HawalaFilterSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(
        choices=["outgoing", "incoming"], required=False
    )
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    currency = CurrencyCodeField(required=False)
    date_from = BoundedDateField(required=False)
    date_to = BoundedDateField(required=False)
    counterparty = serializers.IntegerField(
        required=False, min_value=1, max_value=2**62
    )
    search = serializers.CharField(required=False, max_length=64)

    def validate(self, attrs):
        if (
            attrs.get("date_from")
            and attrs.get("date_to")
            and attrs["date_from"] > attrs["date_to"]
        ):
            raise serializers.ValidationError(
                {"date_to": ["date_to must not be before date_from."]}
            )
        return attrs


class StatisticsFilterSerializer(serializers.Serializer):
    date_from = BoundedDateField(required=False)
    date_to = BoundedDateField(required=False)

    validate = HawalaFilterSerializer.validate


class LookupByPhoneInputSerializer(serializers.Serializer):
    phone = PhoneField()
    hawala_number = HawalaNumberField()
    sender_saraf_id = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**62,
        help_text=(
            "The sending saraf's id (on the receipt). Needed only when more "
            "than one saraf sent a hawala with this number to this phone."
        ),
    )


class SettlementInputSerializer(StrictSerializer):
    counterparty_saraf_id = serializers.IntegerField(min_value=1, max_value=2**62)
    currency = CurrencyCodeField()
    amount = AmountField()
    direction = serializers.ChoiceField(choices=HawalaSettlement.Direction.choices)


def _money(value, currency) -> str:
    return format_amount(value, currency.minor_units)


class HawalaOutputSerializer(serializers.Serializer):
    """A hawala as the caller's saraf sees it (`context["saraf_id"]`).

    The fee is the sending saraf's income: the receiving saraf sees null.
    """

    id = serializers.IntegerField()
    hawala_number = serializers.CharField()
    mode = serializers.CharField()
    status = serializers.CharField()
    direction = serializers.SerializerMethodField()
    saraf_id = serializers.IntegerField()
    saraf_name = serializers.CharField(source="saraf.name")
    destination_saraf_id = serializers.IntegerField(allow_null=True)
    destination_saraf_name = serializers.CharField(
        source="destination_saraf.name", allow_null=True, default=None
    )
    destination_name = serializers.CharField()
    source_name = serializers.CharField()
    amount = serializers.SerializerMethodField()
    currency = serializers.CharField(source="currency_id")
    fee = serializers.SerializerMethodField()
    sender_name = serializers.CharField()
    sender_phone = serializers.CharField()
    receiver_name = serializers.CharField()
    receiver_phone = serializers.CharField()
    receiver_id_number = serializers.CharField()
    receiver_father_name = serializers.CharField()
    created_at = serializers.DateTimeField()
    created_by_employee_id = serializers.IntegerField(
        source="created_by_id", allow_null=True
    )
    sent_at = serializers.DateTimeField(allow_null=True)
    sent_by_employee_id = serializers.IntegerField(source="sent_by_id", allow_null=True)
    received_at = serializers.DateTimeField(allow_null=True)
    received_by_employee_id = serializers.IntegerField(
        source="received_by_id", allow_null=True
    )
    paid_at = serializers.DateTimeField(allow_null=True)
    paid_by_employee_id = serializers.IntegerField(source="paid_by_id", allow_null=True)
    cancelled_at = serializers.DateTimeField(allow_null=True)
    cancelled_by_employee_id = serializers.IntegerField(
        source="cancelled_by_id", allow_null=True
    )

    def _is_owner_side(self, hawala) -> bool:
        return hawala.saraf_id == self.context.get("saraf_id")

    def get_direction(self, hawala) -> str:
        outgoing = (
            self._is_owner_side(hawala)
            and hawala.mode != HawalaTransaction.Mode.EXTERNAL_SENDER
        )
        return "outgoing" if outgoing else "incoming"

    def get_amount(self, hawala) -> str:
        return _money(hawala.amount, hawala.currency)

    def get_fee(self, hawala) -> str | None:
        if not self._is_owner_side(hawala):
            return None
        return _money(hawala.fee, hawala.currency)


class LookupOutputSerializer(serializers.Serializer):
    hawala_number = serializers.CharField()
    status = serializers.CharField()
    amount = serializers.SerializerMethodField()
    currency = serializers.CharField(source="currency_id")

    def get_amount(self, hawala) -> str:
        return _money(hawala.amount, hawala.currency)


class TotalsOutputSerializer(serializers.Serializer):
    status = serializers.CharField()
    currency = serializers.CharField(source="currency_id")
    count = serializers.IntegerField()
    total_amount = serializers.SerializerMethodField()
    total_fee = serializers.SerializerMethodField()

    def get_total_amount(self, row) -> str:
        return format_amount(row["total_amount"], row["currency__minor_units"])

    def get_total_fee(self, row) -> str:
        return format_amount(row["total_fee"], row["currency__minor_units"])


class StatisticsOutputSerializer(serializers.Serializer):
    date_from = serializers.DateField(allow_null=True)
    date_to = serializers.DateField(allow_null=True)
    outgoing = TotalsOutputSerializer(many=True)
    incoming = TotalsOutputSerializer(many=True)


class SupportedCurrencyOutputSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    symbol = serializers.CharField()
    minor_units = serializers.IntegerField()


class PositionOutputSerializer(serializers.Serializer):
    counterparty_saraf_id = serializers.IntegerField()
    counterparty_name = serializers.CharField()
    external = serializers.BooleanField()
    currency = serializers.CharField()
    balance = serializers.CharField()
    we_owe = serializers.CharField()
    they_owe = serializers.CharField()


class SettlementOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    counterparty_saraf_id = serializers.IntegerField(source="counterparty_id")
    currency = serializers.CharField(source="currency_id")
    amount = serializers.SerializerMethodField()
    direction = serializers.CharField()
    entry_id = serializers.IntegerField()
    position_after = serializers.SerializerMethodField()
    cash_after = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    created_by_employee_id = serializers.IntegerField(
        source="created_by_id", allow_null=True
    )

    def get_amount(self, settlement) -> str:
        return _money(settlement.amount, settlement.currency)

    def get_position_after(self, settlement) -> str:
        return _money(
            settlement.entry.balance_after(
                "position",
                settlement.currency_id,
                counterparty_id=settlement.counterparty_id,
            ),
            settlement.currency,
        )

    def get_cash_after(self, settlement) -> str:
        return _money(
            settlement.entry.balance_after("cash", settlement.currency_id),
            settlement.currency,
        )


class ReceiptOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    hawala_id = serializers.IntegerField()
    verification_code = serializers.CharField()
    verification_url = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    created_by_employee_id = serializers.IntegerField(
        source="created_by_id", allow_null=True
    )
    hawala = HawalaOutputSerializer()

    def get_verification_url(self, receipt) -> str:
        return self.context["verification_url"]


class ReceiptVerifyOutputSerializer(serializers.Serializer):
    genuine = serializers.BooleanField(default=True)
    hawala_number = serializers.CharField(source="hawala.hawala_number")
    status = serializers.CharField(source="hawala.status")
