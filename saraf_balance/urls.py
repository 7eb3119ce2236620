from django.urls import path

from saraf_balance.views import (
    BalanceCurrencyDeleteView,
    BalanceDetailView,
    BalanceListView,
)

urlpatterns = [
    path("", BalanceListView.as_view(), name="balance-list"),
    path("<str:currency>/", BalanceDetailView.as_view(), name="balance-detail"),
    path(
        "<str:currency>/delete/",
        BalanceCurrencyDeleteView.as_view(),
        name="balance-currency-delete",
    ),
]
