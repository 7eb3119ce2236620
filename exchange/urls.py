from django.urls import path

from exchange import views

urlpatterns = [
    path("", views.RateListView.as_view(), name="exchange-rate-list"),
    path("create/", views.RateCreateView.as_view(), name="exchange-rate-create"),
    path("search/", views.RateSearchView.as_view(), name="exchange-rate-search"),
    path(
        "public/<id:saraf_id>/",
        views.PublicRateBoardView.as_view(),
        name="exchange-rate-public-board",
    ),
    path("deals/", views.DealListCreateView.as_view(), name="exchange-deal-list"),
    path(
        "deals/<id:deal_id>/",
        views.DealDetailView.as_view(),
        name="exchange-deal-detail",
    ),
    path(
        "deals/<id:deal_id>/receipt/",
        views.DealReceiptView.as_view(),
        name="exchange-deal-receipt",
    ),
    path(
        "statistics/",
        views.DealStatisticsView.as_view(),
        name="exchange-deal-statistics",
    ),
    path("<id:rate_id>/", views.RateDetailView.as_view(), name="exchange-rate-detail"),
    path(
        "<id:rate_id>/history/",
        views.RateHistoryView.as_view(),
        name="exchange-rate-history",
    ),
]
