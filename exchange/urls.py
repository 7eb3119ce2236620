from django.urls import path

from exchange import views

urlpatterns = [
    path("", views.RateListView.as_view(), name="exchange-rate-list"),
    path("create/", views.RateCreateView.as_view(), name="exchange-rate-create"),
    path("search/", views.RateSearchView.as_view(), name="exchange-rate-search"),
    path(
        "public/<int:saraf_id>/",
        views.PublicRateBoardView.as_view(),
        name="exchange-rate-public-board",
    ),
    path("<int:rate_id>/", views.RateDetailView.as_view(), name="exchange-rate-detail"),
    path(
        "<int:rate_id>/history/",
        views.RateHistoryView.as_view(),
        name="exchange-rate-history",
    ),
]
