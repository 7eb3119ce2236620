from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from core.idempotency import IDEMPOTENCY_KEY_PARAMETER, idempotent
from core.permissions import HasFlag, IsSarafStaff
from transaction.models import Transaction
from transaction.selectors import transaction_list
from transaction.serializers import (
    TransactionCreateInputSerializer,
    TransactionFilterSerializer,
    TransactionOutputSerializer,
)
from transaction.services import transaction_create

FLAG_FOR_TYPE = {
    Transaction.Type.DEPOSIT: "deposit_to_account",
    Transaction.Type.WITHDRAWAL: "withdraw_from_account",
}


class TransactionCreateView(APIView):
    """Capital in (flag deposit_to_account) or out (flag withdraw_from_account)."""

    permission_classes = [IsSarafStaff]

    @extend_schema(
        request=TransactionCreateInputSerializer,
        responses={201: TransactionOutputSerializer},
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
    )
    @idempotent
    def post(self, request):
        if not any(request.user.has_perm(flag) for flag in FLAG_FOR_TYPE.values()):
            raise PermissionDenied(
                "This needs the 'deposit_to_account' or 'withdraw_from_account' "
                "permission."
            )
        serializer = TransactionCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        flag = FLAG_FOR_TYPE[data["transaction_type"]]
        if not request.user.has_perm(flag):
            raise PermissionDenied(f"This needs the '{flag}' permission.")
        created = transaction_create(identity=request.user, **data)
        created = transaction_list(saraf_id=request.user.saraf_id).get(pk=created.pk)
        return Response(
            TransactionOutputSerializer(created).data, status=status.HTTP_201_CREATED
        )


class TransactionListView(generics.ListAPIView):
    """The saraf's capital deposits and withdrawals, newest first."""

    permission_classes = [IsSarafStaff, HasFlag("view_history")]
    serializer_class = TransactionOutputSerializer
    filter_backends = []

    def get_queryset(self):
        filters = TransactionFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        return transaction_list(
            saraf_id=self.request.user.saraf_id,
            currency=data.get("currency"),
            transaction_type=data.get("type"),
            time=data.get("time"),
        )

    @extend_schema(parameters=[TransactionFilterSerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
