from django.contrib import admin

from normal_user_account.models import NormalUser
from normal_user_account.services import normal_user_set_active


@admin.register(NormalUser)
class NormalUserAdmin(admin.ModelAdmin):
    """Contacts and the password hash are not editable: they change only through
    the verified flows. Deactivating refuses the user's very next request."""

    list_display = [
        "id",
        "full_name",
        "email",
        "phone",
        "email_verified",
        "phone_verified",
        "is_active",
        "created_at",
        "last_login",
    ]
    list_filter = ["is_active", "email_verified", "phone_verified"]
    search_fields = ["full_name", "email", "phone"]
    ordering = ["-created_at"]
    fields = [
        "full_name",
        "email",
        "phone",
        "email_verified",
        "phone_verified",
        "is_active",
        "created_at",
        "updated_at",
        "last_login",
    ]
    readonly_fields = ["email", "phone", "created_at", "updated_at", "last_login"]
    actions = ["deactivate", "activate"]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "is_active" in form.changed_data:
            normal_user_set_active(normal_user=obj, is_active=obj.is_active)

    @admin.action(description="Deactivate selected users (ends their sessions)")
    def deactivate(self, request, queryset):
        for user in queryset:
            normal_user_set_active(normal_user=user, is_active=False)

    @admin.action(description="Activate selected users")
    def activate(self, request, queryset):
        for user in queryset:
            normal_user_set_active(normal_user=user, is_active=True)
