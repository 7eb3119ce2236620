from django.contrib import admin

from currency.models import Currency, SarafCurrency


@admin.register(Currency)
class CurrencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "symbol", "minor_units", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name"]

    def get_readonly_fields(self, request, obj=None):
        # Changing minor units under existing balances would re-scale history.
        return ["code", "minor_units"] if obj else []


@admin.register(SarafCurrency)
class SarafCurrencyAdmin(admin.ModelAdmin):
    list_display = ["saraf", "currency", "created_at"]
    list_select_related = ["saraf", "currency"]
    raw_id_fields = ["saraf"]
