from rest_framework import serializers

from core.contacts import PhoneField
from saraf_create_accounts.models import CustomerAccount


class CustomerAccountInputSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=200)
    phone = PhoneField()
    account_type = serializers.ChoiceField(choices=CustomerAccount.AccountType.choices)
    address = serializers.CharField(max_length=300, allow_blank=True, default="")
    job = serializers.CharField(max_length=100, allow_blank=True, default="")


class CustomerAccountListFilterSerializer(serializers.Serializer):
    search = serializers.CharField(max_length=200, required=False, allow_blank=True)
    account_type = serializers.ChoiceField(
        choices=CustomerAccount.AccountType.choices, required=False
    )
    is_active = serializers.BooleanField(required=False, allow_null=True, default=None)


class CustomerAccountSerializer(serializers.ModelSerializer):
    class Meta:
        model = CustomerAccount
        fields = [
            "id",
            "account_number",
            "full_name",
            "phone",
            "account_type",
            "address",
            "job",
            "is_active",
            "created_by_employee",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class BalanceSerializer(serializers.Serializer):
    currency = serializers.CharField()
    balance = serializers.CharField()


class CustomerAccountDetailSerializer(CustomerAccountSerializer):
    balances = BalanceSerializer(many=True, read_only=True)

    class Meta(CustomerAccountSerializer.Meta):
        fields = [*CustomerAccountSerializer.Meta.fields, "balances"]
        read_only_fields = fields
