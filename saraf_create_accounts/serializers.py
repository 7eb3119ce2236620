from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.contacts import PhoneField
from core.money import AmountField, format_amount
from core.text import NameField, StrictSerializer, TextField
from ledger.models import PerformerType
from saraf_create_accounts.models import CustomerAccount


class CustomerAccountInputSerializer(serializers.Serializer):
    full_name = NameField()
    phone = PhoneField()
    account_type = serializers.ChoiceField(choices=CustomerAccount.AccountType.choices)
    address = TextField(max_length=300, allow_blank=True, default="")
    job = TextField(max_length=100, allow_blank=True, default="")


class CustomerAccountListFilterSerializer(serializers.Serializer):
    search = TextField(max_length=200, required=False, allow_blank=True)
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


class MoneyMovementInputSerializer(StrictSerializer):
    currency = serializers.CharField(max_length=32)
    amount = AmountField()
    description = TextField(max_length=500, allow_blank=True, default="")


class MoneyMovementSerializer(serializers.Serializer):
    entry_id = serializers.IntegerField()
    currency = serializers.CharField(source="currency.code")
    amount = serializers.SerializerMethodField()
    customer_balance = serializers.SerializerMethodField()
    saraf_balance = serializers.SerializerMethodField()

    def _format(self, value) -> str:
        return format_amount(value, self.instance.currency.minor_units)

    def get_amount(self, movement) -> str:
        return self._format(movement.amount)

    def get_customer_balance(self, movement) -> str:
        return self._format(movement.customer_balance)

    def get_saraf_balance(self, movement) -> str:
        return self._format(movement.saraf_balance)


class CreditLimitInputSerializer(StrictSerializer):
    currency = serializers.CharField(max_length=32)
    limit = AmountField(allow_zero=True)


class CreditLimitSerializer(serializers.Serializer):
    currency = serializers.CharField()
    credit_limit = serializers.CharField()
    balance = serializers.CharField()


class TransactionFilterSerializer(serializers.Serializer):
    currency = serializers.RegexField(
        r"^[A-Za-z]{3}$", required=False, allow_blank=True
    )


class PerformedBySerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=PerformerType.choices)
    employee_id = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()


class TransactionSerializer(serializers.Serializer):
    """One posting on a customer's balance, read with its journal entry."""

    entry_id = serializers.IntegerField()
    kind = serializers.CharField(source="entry.kind")
    currency = serializers.CharField(source="currency_id")
    amount = serializers.SerializerMethodField()
    change = serializers.SerializerMethodField(
        help_text="Signed effect on the customer balance."
    )
    balance_after = serializers.SerializerMethodField()
    performed_by = serializers.SerializerMethodField()
    description = serializers.CharField(source="entry.memo")
    created_at = serializers.DateTimeField(source="entry.created_at")

    def get_amount(self, posting) -> str:
        return format_amount(abs(posting.amount), posting.currency.minor_units)

    def get_change(self, posting) -> str:
        return format_amount(posting.amount, posting.currency.minor_units)

    def get_balance_after(self, posting) -> str:
        return format_amount(posting.balance_after, posting.currency.minor_units)

    @extend_schema_field(PerformedBySerializer)
    def get_performed_by(self, posting) -> dict:
        entry = posting.entry
        if entry.performed_by_type == PerformerType.EMPLOYEE:
            name = entry.performed_by_employee.full_name
        elif entry.performed_by_type == PerformerType.OWNER:
            name = self.context["saraf"].name
        else:
            name = "AMU Pay"
        return {
            "type": entry.performed_by_type,
            "employee_id": entry.performed_by_employee_id,
            "name": name,
        }


class TotalSerializer(serializers.Serializer):
    currency = serializers.CharField()
    total = serializers.CharField()
    count = serializers.IntegerField()


class PublicAccountSerializer(serializers.Serializer):
    saraf_id = serializers.IntegerField()
    saraf_name = serializers.CharField(source="saraf.name")
    account_number = serializers.CharField()
    full_name = serializers.CharField()
    is_active = serializers.BooleanField()
    balances = BalanceSerializer(many=True)


class PublicTransactionSerializer(TransactionSerializer):
    """A customer's own view: which saraf and account, not which employee."""

    saraf_id = serializers.IntegerField()
    saraf_name = serializers.CharField(source="account.customer_account.saraf.name")
    account_number = serializers.CharField(
        source="account.customer_account.account_number"
    )
    performed_by = None


class _PageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)


class CustomerAccountPageSerializer(_PageSerializer):
    results = CustomerAccountSerializer(many=True)


class TransactionPageSerializer(_PageSerializer):
    results = TransactionSerializer(many=True)


class PublicTransactionsPageSerializer(_PageSerializer):
    accounts = PublicAccountSerializer(many=True)
    results = PublicTransactionSerializer(many=True)
