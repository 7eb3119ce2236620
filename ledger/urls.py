from django.urls import path

from ledger.views import ActivityView

urlpatterns = [path("", ActivityView.as_view(), name="saraf-activity")]
