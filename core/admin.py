from django.contrib import admin

from core.models import AuthSession


@admin.register(AuthSession)
class AuthSessionAdmin(admin.ModelAdmin):
    """Login sessions, for audit: read-only (revoking goes through the services)."""

    list_display = (
        "id",
        "kind",
        "saraf",
        "employee",
        "normal_user",
        "created_at",
        "refreshed_at",
        "revoked_at",
        "client_ip",
    )
    list_filter = ("kind", ("revoked_at", admin.EmptyFieldListFilter))
    list_select_related = ("saraf", "employee", "normal_user")
    search_fields = ("id", "client_ip", "saraf__name", "employee__username")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
