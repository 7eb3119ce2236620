from django.urls import path

from hawala import views

app_name = "hawala"

urlpatterns = [
    path("send/", views.HawalaSendView.as_view(), name="send"),
    path("receive/", views.HawalaIncomingListView.as_view(), name="receive-list"),
    path(
        "receive/<id:hawala_id>/",
        views.HawalaReceiveUpdateView.as_view(),
        name="receive-update",
    ),
    path(
        "external-receive/",
        views.HawalaExternalReceiveView.as_view(),
        name="external-receive",
    ),
    path("history/", views.HawalaHistoryView.as_view(), name="history"),
    path("statistics/", views.HawalaStatisticsView.as_view(), name="statistics"),
    path(
        "lookup-by-phone/",
        views.HawalaLookupByPhoneView.as_view(),
        name="lookup-by-phone",
    ),
    path("list-all/", views.HawalaListAllView.as_view(), name="list-all"),
    path(
        "status/<id:hawala_id>/",
        views.HawalaStatusUpdateView.as_view(),
        name="status-update",
    ),
    path("receipt/<id:hawala_id>/", views.ReceiptDetailView.as_view(), name="receipt"),
    path(
        "generate-receipt/<id:hawala_id>/",
        views.ReceiptGenerateView.as_view(),
        name="generate-receipt",
    ),
    path(
        "receipts/verify/<str:code>/",
        views.ReceiptVerifyView.as_view(),
        name="receipt-verify",
    ),
    path(
        "supported-currencies/",
        views.HawalaSupportedCurrenciesView.as_view(),
        name="supported-currencies",
    ),
    path("positions/", views.PositionListView.as_view(), name="positions"),
    path("settlements/", views.SettlementCreateView.as_view(), name="settlements"),
]
