from django.contrib import admin

from hawala.models import HawalaReceipt, HawalaSettlement, HawalaTransaction


class _ReadOnlyAdmin(admin.ModelAdmin):
    """Hawala rows move money: they change only through the API's services."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(HawalaTransaction)
class HawalaTransactionAdmin(_ReadOnlyAdmin):
    list_display = (
        "hawala_number",
        "saraf",
        "destination_saraf",
        "mode",
        "status",
        "amount",
        "currency",
        "created_at",
    )
    list_filter = ("mode", "status", "currency")
    search_fields = ("hawala_number", "sender_phone", "receiver_phone")
    list_select_related = ("saraf", "destination_saraf", "currency")


@admin.register(HawalaReceipt)
class HawalaReceiptAdmin(_ReadOnlyAdmin):
    list_display = ("hawala", "saraf", "created_at")
    list_select_related = ("hawala", "saraf")


@admin.register(HawalaSettlement)
class HawalaSettlementAdmin(_ReadOnlyAdmin):
    list_display = ("saraf", "counterparty", "direction", "amount", "currency")
    list_select_related = ("saraf", "counterparty", "currency")
