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


class ActivationAdmin(admin.ModelAdmin):
    """Switching `is_active`, on the change form or by the two actions, goes
    through the app's service (`set_active`), which ends the sessions of what
    it switches off; switching it back on does not revive them."""

    def set_active(self, obj, is_active: bool) -> None:
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data:
            self.set_active(obj, obj.is_active)

    @admin.action(
        description="Deactivate selected %(verbose_name_plural)s (ends their sessions)"
    )
    def deactivate(self, request, queryset):
        for obj in queryset:
            self.set_active(obj, False)

    @admin.action(description="Activate selected %(verbose_name_plural)s")
    def activate(self, request, queryset):
        for obj in queryset:
            self.set_active(obj, True)
