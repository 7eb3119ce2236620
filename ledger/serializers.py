from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.dates import BoundedDateField
from core.money import format_amount
from ledger.models import ENTRY_KINDS, PerformerType


class PerformerSerializer(serializers.Serializer):
    """Who did it: `source` is a JournalEntry (owner, employee or system)."""

    type = serializers.CharField()
    employee_id = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()

    def to_representation(self, entry):
        employee = entry.performed_by_employee
        if entry.performed_by_type == PerformerType.EMPLOYEE:
            name = employee.full_name
        elif entry.performed_by_type == PerformerType.OWNER:
            name = entry.saraf.name
        else:
            name = "System"
        return {
            "type": entry.performed_by_type,
            "employee_id": entry.performed_by_employee_id,
            "name": name,
        }


class EntryOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    amount = serializers.SerializerMethodField()
    currency = serializers.CharField(source="currency_id", allow_null=True)
    performed_by = PerformerSerializer(source="*")
    customer_account = serializers.IntegerField(
        source="customer_account_id", allow_null=True
    )
    reverses = serializers.IntegerField(source="reverses_id", allow_null=True)
    memo = serializers.CharField()
    created_at = serializers.DateTimeField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_amount(self, entry):
        if entry.amount is None:
            return None
        return format_amount(entry.amount, entry.currency.minor_units)


class ActivityFilterSerializer(serializers.Serializer):
    employee = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=20,
        help_text='An employee id, or "owner" for what the owner did.',
    )
    kind = serializers.ChoiceField(
        choices=ENTRY_KINDS, required=False, allow_blank=True
    )
    period = serializers.ChoiceField(
        choices=["day", "week", "month"],
        required=False,
        allow_blank=True,
        help_text="Since the start of the current local day, week (Monday) or month.",
    )
    date_from = BoundedDateField(required=False)
    date_to = BoundedDateField(required=False)

    def validate_employee(self, value):
        if value in ("", "owner"):
            return value
        if value.isascii() and value.isdigit() and int(value) < 2**63:
            return value
        raise serializers.ValidationError('Enter an employee id or "owner".')

    def validate(self, attrs):
        date_from, date_to = attrs.get("date_from"), attrs.get("date_to")
        if date_from and date_to and date_from > date_to:
            raise serializers.ValidationError(
                {"date_to": ["date_to must not be before date_from."]}
            )
        return attrs

    def selector_filters(self):
        data = dict(self.validated_data)
        employee = data.pop("employee", None)
        if employee == "owner":
            data["performed_by_owner"] = True
        elif employee:
            data["employee_id"] = int(employee)
        return data
