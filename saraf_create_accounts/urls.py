from django.urls import path

from saraf_create_accounts import views

urlpatterns = [
    path("create/", views.CustomerAccountCreateView.as_view()),
    path("list/", views.CustomerAccountListView.as_view()),
    path("<int:account_id>/", views.CustomerAccountDetailView.as_view()),
]
