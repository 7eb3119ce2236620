from django.contrib import admin

from saraf_create_accounts.models import CustomerAccount


@admin.register(CustomerAccount)
class CustomerAccountAdmin(admin.ModelAdmin):
    list_display = (
        "account_number",
        "full_name",
        "phone",
        "account_type",
        "saraf",
        "is_active",
        "created_at",
    )
    list_filter = ("account_type", "is_active")
    search_fields = ("account_number", "full_name", "phone")
    list_select_related = ("saraf",)
    raw_id_fields = ("saraf", "created_by_employee")
    readonly_fields = ("sequence", "account_number", "created_at", "updated_at")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
