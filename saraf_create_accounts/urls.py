from django.urls import path

from saraf_create_accounts import views

urlpatterns = [
    path("create/", views.CustomerAccountCreateView.as_view()),
    path("list/", views.CustomerAccountListView.as_view()),
    path("public/transactions/<str:phone>/", views.PublicTransactionsView.as_view()),
    path("<id:account_id>/", views.CustomerAccountDetailView.as_view()),
    path("<id:account_id>/deposit/", views.CustomerDepositView.as_view()),
    path("<id:account_id>/withdraw/", views.CustomerWithdrawView.as_view()),
    path("<id:account_id>/give-money/", views.CustomerGiveMoneyView.as_view()),
    path("<id:account_id>/take-money/", views.CustomerTakeMoneyView.as_view()),
    path("<id:account_id>/credit-limit/", views.CustomerCreditLimitView.as_view()),
    path("<id:account_id>/balances/", views.CustomerBalancesView.as_view()),
    path("<id:account_id>/transactions/", views.CustomerTransactionsView.as_view()),
    path("<id:account_id>/deposit-amounts/", views.CustomerDepositTotalsView.as_view()),
    path(
        "<id:account_id>/withdrawal-amounts/",
        views.CustomerWithdrawalTotalsView.as_view(),
    ),
    path("<id:account_id>/given-amounts/", views.CustomerGivenTotalsView.as_view()),
    path("<id:account_id>/taken-amounts/", views.CustomerTakenTotalsView.as_view()),
]
