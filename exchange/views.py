from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from core.idempotency import IDEMPOTENCY_KEY_PARAMETER, idempotent
from core.pagination import Pagination
from core.permissions import HasFlag, IsSarafStaff
from exchange import selectors, services
from exchange.permissions import CanSeeDeals
from exchange.serializers import (
    DealCreatedSerializer,
    DealCreateSerializer,
    DealFilterSerializer,
    DealSerializer,
    PublicRateSerializer,
    RateCreateSerializer,
    RateDetailSerializer,
    RateFilterSerializer,
    RateSearchSerializer,
    RateSerializer,
    RateUpdateSerializer,
    RateVersionSerializer,
    ReceiptSerializer,
    StatisticsFilterSerializer,
    StatisticsRowSerializer,
    deal_created_data,
    receipt_data,
    statistics_data,
)

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {"type": "object"},
            },
        }
    },
}

PAGE_PARAMETERS = [OpenApiParameter("page", int), OpenApiParameter("page_size", int)]

RATE_FILTER_PARAMETERS = [
    OpenApiParameter("from_currency", str),
    OpenApiParameter("to_currency", str),
    OpenApiParameter("pair", str, description='Such as "USD-AFN".'),
    OpenApiParameter("rate_type", str, enum=["person", "exchanger", "customer"]),
    OpenApiParameter(
        "date_from", str, description="Rates whose value took effect at or after."
    ),
    OpenApiParameter(
        "date_to",
        str,
        description="Rates whose value took effect at or before; a plain date "
        "includes that whole local day.",
    ),
    OpenApiParameter(
        "at", str, description="ISO 8601 time: the rates in force at that moment."
    ),
    *PAGE_PARAMETERS,
]


def _filters(request):
    """The query parameters to validate; an empty one means no filter."""
    return {key: value for key, value in request.query_params.items() if value != ""}


def _paginated(request, view, items, serializer_class):
    paginator = view.pagination_class()
    page = paginator.paginate_queryset(items, request, view=view)
    return paginator.get_paginated_response(serializer_class(page, many=True).data)


def _detail(*, saraf_id, rate_id):
    rate = selectors.rate_get(saraf_id=saraf_id, rate_id=rate_id)
    version = rate.current_version
    version.rate = rate
    return RateDetailSerializer(version).data


class RateListView(APIView):
    """The saraf's rates in force now (or at `?at=`), one row per pair and type."""

    pagination_class = Pagination

    permission_classes = [IsSarafStaff]

    @extend_schema(
        operation_id="exchange_rate_list",
        parameters=RATE_FILTER_PARAMETERS,
        responses={200: RateSerializer(many=True), 400: ERROR_SCHEMA},
    )
    def get(self, request):
        filters = RateFilterSerializer(data=_filters(request))
        filters.is_valid(raise_exception=True)
        versions = selectors.rates_in_force(
            saraf_id=request.user.saraf_id, **filters.validated_data
        )
        return _paginated(request, self, versions, RateSerializer)


class RateSearchView(APIView):
    """Rates in force whose currencies match every word of `q` (code or name)."""

    pagination_class = Pagination

    permission_classes = [IsSarafStaff]

    @extend_schema(
        operation_id="exchange_rate_search",
        parameters=[
            OpenApiParameter("q", str, description='e.g. "usd", "USD AFN", "euro".'),
            *RATE_FILTER_PARAMETERS,
        ],
        responses={200: RateSerializer(many=True), 400: ERROR_SCHEMA},
    )
    def get(self, request):
        filters = RateSearchSerializer(data=_filters(request))
        filters.is_valid(raise_exception=True)
        params = dict(filters.validated_data)
        q = params.pop("q", "")
        versions = selectors.rates_in_force(
            saraf_id=request.user.saraf_id,
            currency_codes=selectors.search_terms_to_codes(q=q),
            **params,
        )
        return _paginated(request, self, versions, RateSerializer)


class RateCreateView(APIView):
    permission_classes = [IsSarafStaff, HasFlag("manage_rates")]

    @extend_schema(
        operation_id="exchange_rate_create",
        request=RateCreateSerializer,
        responses={201: RateDetailSerializer, 400: ERROR_SCHEMA, 409: ERROR_SCHEMA},
    )
    def post(self, request):
        serializer = RateCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rate = services.rate_create(
            saraf_id=request.user.saraf_id,
            performed_by=request.user,
            **serializer.validated_data,
        )
        return Response(
            _detail(saraf_id=request.user.saraf_id, rate_id=rate.pk),
            status=status.HTTP_201_CREATED,
        )


class RateDetailView(APIView):
    """GET a rate with its history; PUT/PATCH add a version; DELETE retires it."""

    def get_permissions(self):
        if self.request.method in ("PUT", "PATCH", "DELETE"):
            return [IsSarafStaff(), HasFlag("manage_rates")()]
        return [IsSarafStaff()]

    @extend_schema(
        operation_id="exchange_rate_detail",
        responses={200: RateDetailSerializer, 404: ERROR_SCHEMA},
    )
    def get(self, request, rate_id):
        return Response(_detail(saraf_id=request.user.saraf_id, rate_id=rate_id))

    @extend_schema(
        operation_id="exchange_rate_update",
        request=RateUpdateSerializer,
        responses={
            200: RateDetailSerializer,
            400: ERROR_SCHEMA,
            404: ERROR_SCHEMA,
            409: ERROR_SCHEMA,
        },
    )
    def put(self, request, rate_id):
        return self._update(request, rate_id, partial=False)

    @extend_schema(
        operation_id="exchange_rate_partial_update",
        request=RateUpdateSerializer(partial=True),
        responses={
            200: RateDetailSerializer,
            400: ERROR_SCHEMA,
            404: ERROR_SCHEMA,
            409: ERROR_SCHEMA,
        },
    )
    def patch(self, request, rate_id):
        return self._update(request, rate_id, partial=True)

    def _update(self, request, rate_id, *, partial):
        serializer = RateUpdateSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        services.rate_update(
            saraf_id=request.user.saraf_id,
            rate_id=rate_id,
            performed_by=request.user,
            **serializer.validated_data,
        )
        return Response(_detail(saraf_id=request.user.saraf_id, rate_id=rate_id))

    @extend_schema(
        operation_id="exchange_rate_retire",
        request=None,
        responses={204: None, 404: ERROR_SCHEMA, 409: ERROR_SCHEMA},
    )
    def delete(self, request, rate_id):
        services.rate_retire(
            saraf_id=request.user.saraf_id, rate_id=rate_id, performed_by=request.user
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class RateHistoryView(APIView):
    """Every version of a rate, newest first, with who set it."""

    pagination_class = Pagination

    permission_classes = [IsSarafStaff]

    @extend_schema(
        operation_id="exchange_rate_history",
        parameters=PAGE_PARAMETERS,
        responses={200: RateVersionSerializer(many=True), 404: ERROR_SCHEMA},
    )
    def get(self, request, rate_id):
        versions = selectors.rate_history(
            saraf_id=request.user.saraf_id, rate_id=rate_id
        )
        return _paginated(request, self, versions, RateVersionSerializer)


class PublicRateBoardView(APIView):
    """A saraf's rates in force now, readable without login; nothing else of it."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "public"
    pagination_class = Pagination

    @extend_schema(
        operation_id="exchange_rate_public_board",
        auth=[],
        parameters=PAGE_PARAMETERS,
        responses={200: PublicRateSerializer(many=True), 404: ERROR_SCHEMA},
    )
    def get(self, request, saraf_id):
        versions = selectors.public_board(saraf_id=saraf_id)
        return _paginated(request, self, versions, PublicRateSerializer)


DEAL_FILTER_PARAMETERS = [
    OpenApiParameter("from_currency", str),
    OpenApiParameter("to_currency", str),
    OpenApiParameter("pair", str, description='from-to, such as "USD-AFN".'),
    OpenApiParameter("rate_type", str, enum=["person", "exchanger", "customer"]),
    OpenApiParameter("customer_account_id", int),
    OpenApiParameter("walk_in", bool),
    OpenApiParameter("date_from", str, description="ISO 8601 time, inclusive."),
    OpenApiParameter(
        "date_to",
        str,
        description="ISO 8601 time, inclusive; a plain date includes that whole "
        "local day.",
    ),
    *PAGE_PARAMETERS,
]


class DealListCreateView(APIView):
    """GET the saraf's deals, newest first; POST performs a deal."""

    pagination_class = Pagination

    def get_permissions(self):
        if self.request.method == "POST":
            return [IsSarafStaff(), HasFlag("create_exchange")()]
        return [IsSarafStaff(), CanSeeDeals()]

    @extend_schema(
        operation_id="exchange_deal_list",
        parameters=DEAL_FILTER_PARAMETERS,
        responses={200: DealSerializer(many=True), 400: ERROR_SCHEMA},
    )
    def get(self, request):
        filters = DealFilterSerializer(data=_filters(request))
        filters.is_valid(raise_exception=True)
        deals = selectors.deal_list(
            saraf_id=request.user.saraf_id, **filters.validated_data
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(deals, request, view=self)
        context = {"minor_units": selectors.minor_units_map()}
        return paginator.get_paginated_response(
            DealSerializer(page, many=True, context=context).data
        )

    @extend_schema(
        operation_id="exchange_deal_create",
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
        request=DealCreateSerializer,
        responses={
            201: DealCreatedSerializer,
            400: ERROR_SCHEMA,
            403: ERROR_SCHEMA,
            404: ERROR_SCHEMA,
            409: ERROR_SCHEMA,
            422: ERROR_SCHEMA,
        },
    )
    @idempotent
    def post(self, request):
        serializer = DealCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data.get("rate") is not None and not request.user.has_perm("manage_rates"):
            raise PermissionDenied("A manual rate needs the 'manage_rates' permission.")
        deal = services.deal_create(
            saraf_id=request.user.saraf_id, performed_by=request.user, **data
        )
        return Response(
            deal_created_data(deal, deal.journal_entry, selectors.minor_units_map()),
            status=status.HTTP_201_CREATED,
        )


class DealDetailView(APIView):
    permission_classes = [IsSarafStaff, CanSeeDeals]

    @extend_schema(
        operation_id="exchange_deal_detail",
        responses={200: DealSerializer, 404: ERROR_SCHEMA},
    )
    def get(self, request, deal_id):
        deal = selectors.deal_get(saraf_id=request.user.saraf_id, deal_id=deal_id)
        return Response(
            DealSerializer(
                deal, context={"minor_units": selectors.minor_units_map()}
            ).data
        )


class DealReceiptView(APIView):
    permission_classes = [IsSarafStaff, CanSeeDeals]

    @extend_schema(
        operation_id="exchange_deal_receipt",
        responses={200: ReceiptSerializer, 404: ERROR_SCHEMA},
    )
    def get(self, request, deal_id):
        deal = selectors.deal_get(saraf_id=request.user.saraf_id, deal_id=deal_id)
        return Response(receipt_data(deal, selectors.minor_units_map()))


class DealStatisticsView(APIView):
    """Per quoted pair and period: volume bought and sold, volume-weighted rate."""

    permission_classes = [IsSarafStaff, CanSeeDeals]

    @extend_schema(
        operation_id="exchange_deal_statistics",
        parameters=[
            OpenApiParameter("pair", str, description='Quoted pair, "USD-AFN".'),
            OpenApiParameter("from_currency", str, description="Base currency."),
            OpenApiParameter("to_currency", str, description="Quote currency."),
            OpenApiParameter("date_from", str),
            OpenApiParameter(
                "date_to", str, description="A plain date includes that whole day."
            ),
            OpenApiParameter("group_by", str, enum=["total", "day", "month"]),
        ],
        responses={200: StatisticsRowSerializer(many=True), 400: ERROR_SCHEMA},
    )
    def get(self, request):
        filters = StatisticsFilterSerializer(data=_filters(request))
        filters.is_valid(raise_exception=True)
        rows = selectors.deal_statistics(
            saraf_id=request.user.saraf_id, **filters.validated_data
        )
        return Response(statistics_data(rows, selectors.minor_units_map()))
