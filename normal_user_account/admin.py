from django.contrib import admin

from core.admin import ActivationAdmin
from normal_user_account.models import NormalUser
from normal_user_account.services import normal_user_set_active


@admin.register(NormalUser)
class NormalUserAdmin(ActivationAdmin):
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

    def set_active(self, obj, is_active):
        normal_user_set_active(normal_user=obj, is_active=is_active)
