from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.money import format_amount


class BalanceOutputSerializer(serializers.Serializer):
    """`{currency, balance}`; the instance is a dict with a Currency and a Decimal."""

    currency = serializers.SerializerMethodField()
    balance = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField())
    def get_currency(self, row):
        return row["currency"].code

    @extend_schema_field(serializers.CharField())
    def get_balance(self, row):
        return format_amount(row["balance"], row["currency"].minor_units)
