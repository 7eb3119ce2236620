from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.money import AmountField, format_amount
from core.text import StrictSerializer, TextField
from ledger.serializers import PerformerSerializer
from transaction.models import Transaction


class TransactionCreateInputSerializer(StrictSerializer):
    currency = serializers.RegexField(
        r"^[A-Za-z]{3}$", help_text="ISO 4217 code of one of the saraf's currencies."
    )
    amount = AmountField(help_text='A positive decimal string, e.g. "1250.50".')
    transaction_type = serializers.ChoiceField(choices=Transaction.Type.choices)
    description = TextField(
        max_length=500, required=False, allow_blank=True, default=""
    )


class TransactionOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    currency = serializers.CharField(source="currency_id")
    amount = serializers.SerializerMethodField()
    transaction_type = serializers.CharField()
    description = serializers.CharField()
    balance_before = serializers.SerializerMethodField()
    balance_after = serializers.SerializerMethodField()
    performed_by = PerformerSerializer(source="entry")
    created_at = serializers.DateTimeField()
    entry_id = serializers.IntegerField()

    def _format(self, transaction, value):
        return format_amount(value, transaction.currency.minor_units)

    @extend_schema_field(serializers.CharField())
    def get_amount(self, transaction):
        return self._format(transaction, transaction.amount)

    @extend_schema_field(serializers.CharField())
    def get_balance_before(self, transaction):
        return self._format(transaction, transaction.balance_before)

    @extend_schema_field(serializers.CharField())
    def get_balance_after(self, transaction):
        return self._format(transaction, transaction.balance_after)


class TransactionFilterSerializer(serializers.Serializer):
    currency = serializers.RegexField(
        r"^[A-Za-z]{3}$", required=False, allow_blank=True
    )
    type = serializers.ChoiceField(
        choices=Transaction.Type.choices, required=False, allow_blank=True
    )
    time = serializers.ChoiceField(
        choices=["day", "week", "month"],
        required=False,
        allow_blank=True,
        help_text="Since the start of the current local day, week (Monday) or month.",
    )
