from django.contrib import admin

from exchange.models import ExchangeDeal, ExchangeRate, ExchangeRateVersion


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ExchangeRate)
class ExchangeRateAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "saraf",
        "from_currency",
        "to_currency",
        "rate_type",
        "updated_at",
        "retired_at",
    )
    list_filter = ("rate_type",)
    list_select_related = ("saraf",)
    search_fields = ("from_currency", "to_currency")


@admin.register(ExchangeRateVersion)
class ExchangeRateVersionAdmin(ReadOnlyAdmin):
    list_display = ("id", "rate", "buy_rate", "sell_rate", "effective_from")
    list_select_related = ("rate",)


@admin.register(ExchangeDeal)
class ExchangeDealAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "saraf",
        "from_currency",
        "to_currency",
        "amount",
        "target_amount",
        "rate",
        "rate_side",
        "created_at",
    )
    list_filter = ("rate_type", "rate_side")
    list_select_related = ("saraf",)
