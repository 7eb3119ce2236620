from django.urls import path

from currency.views import AvailableCurrenciesView, SupportedCurrenciesView

urlpatterns = [
    path("available/", AvailableCurrenciesView.as_view(), name="currency-available"),
    path("supported/", SupportedCurrenciesView.as_view(), name="currency-supported"),
]
