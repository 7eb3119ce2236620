from drf_spectacular.utils import extend_schema
from rest_framework import generics

from core.permissions import HasFlag, IsSarafStaff
from ledger.selectors import entry_list
from ledger.serializers import ActivityFilterSerializer, EntryOutputSerializer


class ActivityView(generics.ListAPIView):
    """Every journal entry of the caller's saraf, newest first."""

    permission_classes = [IsSarafStaff, HasFlag("see_how_did_works")]
    serializer_class = EntryOutputSerializer
    filter_backends = []

    def get_queryset(self):
        filters = ActivityFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return entry_list(
            saraf_id=self.request.user.saraf_id, **filters.selector_filters()
        )

    @extend_schema(parameters=[ActivityFilterSerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
