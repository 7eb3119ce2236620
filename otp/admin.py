from django.contrib import admin

from otp.models import OtpCode, VerifiedContact


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OtpCode)
class OtpCodeAdmin(ReadOnlyAdmin):
    """Codes are evidence of who asked for what; the hash is never shown."""

    list_display = [
        "id",
        "channel",
        "destination",
        "purpose",
        "status",
        "attempts",
        "client_ip",
        "created_at",
        "expires_at",
    ]
    list_filter = ["channel", "purpose", "status"]
    search_fields = ["destination", "client_ip"]
    exclude = ["code_hash"]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]


@admin.register(VerifiedContact)
class VerifiedContactAdmin(ReadOnlyAdmin):
    list_display = ["destination", "kind", "verified_at"]
    list_filter = ["kind"]
    search_fields = ["destination"]
    ordering = ["-verified_at"]
