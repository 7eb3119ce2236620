from django.contrib import admin

from ledger.admin import ReadOnlyAdmin
from transaction.models import Transaction


@admin.register(Transaction)
class TransactionAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "saraf",
        "transaction_type",
        "amount",
        "currency",
        "balance_after",
        "created_at",
    ]
    list_filter = ["transaction_type", "currency"]
    list_select_related = ["saraf", "currency"]
    date_hierarchy = "created_at"
