from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.permissions import HasFlag, IsSarafStaff
from currency.selectors import currency_list_available, currency_list_supported
from currency.serializers import (
    CurrencyOutputSerializer,
    SupportedCurrencyInputSerializer,
)
from currency.services import saraf_currency_add


class AvailableCurrenciesView(APIView):
    """Every active ISO 4217 currency (a short fixed list, so not paginated)."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(responses=CurrencyOutputSerializer(many=True))
    def get(self, request):
        currencies = currency_list_available()
        return Response(CurrencyOutputSerializer(currencies, many=True).data)


class SupportedCurrenciesView(APIView):
    """The caller's saraf's currencies; adding one needs `add_currency`."""

    def get_permissions(self):
        if self.request.method == "POST":
            return [IsSarafStaff(), HasFlag("add_currency")()]
        return [IsSarafStaff()]

    @extend_schema(responses=CurrencyOutputSerializer(many=True))
    def get(self, request):
        currencies = currency_list_supported(saraf_id=request.user.saraf_id)
        return Response(CurrencyOutputSerializer(currencies, many=True).data)

    @extend_schema(
        request=SupportedCurrencyInputSerializer,
        responses={201: CurrencyOutputSerializer, 200: CurrencyOutputSerializer},
        description="201 when added; 200 when the saraf already had it (no change).",
    )
    def post(self, request):
        serializer = SupportedCurrencyInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        link, created = saraf_currency_add(
            saraf_id=request.user.saraf_id, code=serializer.validated_data["code"]
        )
        return Response(
            CurrencyOutputSerializer(link.currency).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
