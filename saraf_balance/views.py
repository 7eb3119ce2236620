from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.permissions import HasFlag, IsSarafStaff
from saraf_balance.selectors import cash_balance_get, cash_balances_list
from saraf_balance.serializers import BalanceOutputSerializer
from saraf_balance.services import saraf_currency_remove


class BalanceListView(APIView):
    """The saraf's cash per currency: one row per currency, so not paginated."""

    permission_classes = [IsSarafStaff]

    @extend_schema(responses=BalanceOutputSerializer(many=True))
    def get(self, request):
        rows = cash_balances_list(saraf_id=request.user.saraf_id)
        return Response(BalanceOutputSerializer(rows, many=True).data)


class BalanceDetailView(APIView):
    """The saraf's cash in one currency; 400 currency_not_supported if not its own."""

    permission_classes = [IsSarafStaff]

    @extend_schema(responses=BalanceOutputSerializer)
    def get(self, request, currency):
        row = cash_balance_get(saraf_id=request.user.saraf_id, code=currency)
        return Response(BalanceOutputSerializer(row).data)


class BalanceCurrencyDeleteView(APIView):
    """Drop a currency from the saraf's list and retire its live exchange rates;
    409 balance_not_zero if money is in it."""

    permission_classes = [IsSarafStaff, HasFlag("add_currency")]

    @extend_schema(
        responses={
            204: None,
            409: OpenApiResponse(description="Money is still held in it."),
        }
    )
    def delete(self, request, currency):
        saraf_currency_remove(
            saraf_id=request.user.saraf_id, code=currency, performed_by=request.user
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
