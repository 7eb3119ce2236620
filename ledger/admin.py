from django.contrib import admin

from ledger.models import IdempotencyRecord, JournalEntry, LedgerAccount, Posting


class ReadOnlyAdmin(admin.ModelAdmin):
    """Money rows are read in the admin, never written: the services own them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LedgerAccount)
class LedgerAccountAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "saraf",
        "kind",
        "currency",
        "customer_account",
        "counterparty",
        "balance",
        "credit_limit",
    ]
    list_filter = ["kind", "currency"]
    list_select_related = ["saraf", "currency", "customer_account", "counterparty"]
    search_fields = ["saraf__name"]


class PostingInline(admin.TabularInline):
    model = Posting
    fields = ["account", "currency", "amount", "balance_before", "balance_after"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(JournalEntry)
class JournalEntryAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "saraf",
        "kind",
        "amount",
        "currency",
        "performed_by_type",
        "performed_by_employee",
        "created_at",
    ]
    list_filter = ["kind", "performed_by_type"]
    list_select_related = ["saraf", "currency", "performed_by_employee"]
    date_hierarchy = "created_at"
    inlines = [PostingInline]


@admin.register(Posting)
class PostingAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "entry",
        "account",
        "currency",
        "amount",
        "balance_before",
        "balance_after",
    ]
    list_select_related = ["entry", "account", "currency"]
    list_filter = ["currency"]


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(ReadOnlyAdmin):
    list_display = ["identity", "key", "status", "response_status", "created_at"]
    list_filter = ["status"]
