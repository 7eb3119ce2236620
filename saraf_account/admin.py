from pathlib import Path

from django.contrib import admin, messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html

from core.admin import ActivationAdmin
from core.uploads import stored_content_type
from saraf_account.models import SarafAccount, SarafEmployee
from saraf_account.services import (
    DOCUMENT_FIELDS,
    employee_set_active,
    saraf_license_mark_verified,
    saraf_set_active,
)


@admin.register(SarafAccount)
class SarafAccountAdmin(ActivationAdmin):
    """Unticking *active* (or the deactivate action) ends every session of the
    owner and of all its employees at once."""

    list_display = (
        "name",
        "email",
        "phone",
        "status",
        "license_badge",
        "province",
        "created_at",
    )
    list_filter = (
        "is_active",
        "is_license_verified",
        "email_verified",
        "phone_verified",
        "province",
    )
    search_fields = ("name", "email", "phone", "license_no")
    actions = ("mark_license_verified", "deactivate", "activate")
    # Files are uploaded through the API only, where their content is checked.
    exclude = ("password", *DOCUMENT_FIELDS)
    readonly_fields = (
        "last_login",
        "is_license_verified",
        "license_verified_at",
        "created_at",
        "updated_at",
        "logo_file",
        "wallpaper_file",
        "license_document_file",
        "id_card_file",
    )

    @admin.display(description="licence", boolean=True, ordering="is_license_verified")
    def license_badge(self, saraf):
        return saraf.is_license_verified

    def _document_link(self, saraf, field):
        if not saraf.pk or not getattr(saraf, field):
            return "-"
        url = reverse(
            "admin:saraf_account_sarafaccount_document", args=[saraf.pk, field]
        )
        return format_html('<a href="{}" target="_blank">view {}</a>', url, field)

    @admin.display(description="logo")
    def logo_file(self, saraf):
        return self._document_link(saraf, "logo")

    @admin.display(description="wallpaper")
    def wallpaper_file(self, saraf):
        return self._document_link(saraf, "wallpaper")

    @admin.display(description="licence document")
    def license_document_file(self, saraf):
        return self._document_link(saraf, "license_document")

    @admin.display(description="ID card")
    def id_card_file(self, saraf):
        return self._document_link(saraf, "id_card")

    def set_active(self, obj, is_active):
        saraf_set_active(saraf=obj, is_active=is_active)

    @admin.action(description="Mark licence verified (after reviewing the document)")
    def mark_license_verified(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        marked = saraf_license_mark_verified(saraf_ids=ids)
        self.message_user(request, f"{marked} saraf(s) marked licence verified.")
        if marked < len(ids):
            self.message_user(
                request,
                f"{len(ids) - marked} saraf(s) have no licence document and were "
                "left unverified.",
                level=messages.WARNING,
            )

    def get_urls(self):
        return [
            path(
                "<int:saraf_id>/document/<str:field>/",
                self.admin_site.admin_view(self.document_view),
                name="saraf_account_sarafaccount_document",
            ),
            *super().get_urls(),
        ]

    def document_view(self, request, saraf_id, field):
        """Stream a saraf's file to admin staff who may view sarafs."""
        saraf = get_object_or_404(SarafAccount, pk=saraf_id)
        if not self.has_view_permission(request, saraf):
            raise Http404
        if field not in DOCUMENT_FIELDS or not getattr(saraf, field):
            raise Http404
        field_file = getattr(saraf, field)
        response = FileResponse(
            field_file.storage.open(field_file.name, "rb"),
            content_type=stored_content_type(field_file.name)
            or "application/octet-stream",
            filename=f"{field}{Path(field_file.name).suffix}",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, no-store"
        return response


@admin.register(SarafEmployee)
class SarafEmployeeAdmin(ActivationAdmin):
    """Unticking *active* (or the deactivate action) ends the employee's
    sessions at once."""

    list_display = ("username", "full_name", "saraf", "is_active", "last_login")
    list_filter = ("is_active",)
    list_select_related = ("saraf",)
    search_fields = ("username", "full_name", "saraf__name")
    raw_id_fields = ("saraf",)
    exclude = ("password",)
    readonly_fields = ("last_login", "created_at", "updated_at")
    actions = ("deactivate", "activate")

    def set_active(self, obj, is_active):
        employee_set_active(employee=obj, is_active=is_active)
