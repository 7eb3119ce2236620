from django.contrib import admin
from django.urls import include, path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from core.converters import DatabaseIdConverter
from core.views import HealthView, TokenRefreshView

register_converter(DatabaseIdConverter, "id")

handler400 = "core.views.bad_request"
handler404 = "core.views.not_found"
handler500 = "core.views.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", HealthView.as_view(), name="healthz"),
    path("token/refresh/", TokenRefreshView.as_view(), name="token-refresh"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    path("api/saraf/activity/", include("ledger.urls")),
    path("api/saraf/", include("saraf_account.urls")),
    path("api/normal-user/", include("normal_user_account.urls")),
    path("api/", include("otp.urls")),
    path("api/currency/", include("currency.urls")),
    path("api/balance/", include("saraf_balance.urls")),
    path("api/transaction/", include("transaction.urls")),
    path("api/saraf-create-accounts/", include("saraf_create_accounts.urls")),
    path("api/hawala/", include("hawala.urls")),
    path("api/exchange/", include("exchange.urls")),
    path("api/messages/", include("msg.urls")),
    path("api/saraf-social/", include("saraf_social.urls")),
]
