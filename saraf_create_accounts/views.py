from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.contacts import normalize_phone
from core.errors import NotFoundError
from core.idempotency import IDEMPOTENCY_KEY_PARAMETER, idempotent
from core.money import format_amount
from core.pagination import Pagination
from core.permissions import HasFlag, IsNormalUser, IsSarafStaff
from saraf_create_accounts import selectors, services
from saraf_create_accounts.permissions import CanSeeAccounts
from saraf_create_accounts.serializers import (
    BalanceSerializer,
    CreditLimitInputSerializer,
    CreditLimitSerializer,
    CustomerAccountDetailSerializer,
    CustomerAccountInputSerializer,
    CustomerAccountListFilterSerializer,
    CustomerAccountPageSerializer,
    CustomerAccountSerializer,
    MoneyMovementInputSerializer,
    MoneyMovementSerializer,
    PublicAccountSerializer,
    PublicTransactionSerializer,
    PublicTransactionsPageSerializer,
    TotalSerializer,
    TransactionFilterSerializer,
    TransactionPageSerializer,
    TransactionSerializer,
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


class CustomerAccountCreateView(APIView):
    permission_classes = [IsSarafStaff, HasFlag("create_accounts")]

    @extend_schema(
        operation_id="customer_account_create",
        request=CustomerAccountInputSerializer,
        responses={201: CustomerAccountSerializer, 400: ERROR_SCHEMA},
    )
    def post(self, request):
        serializer = CustomerAccountInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        account = services.customer_account_create(
            saraf_id=request.user.saraf_id,
            created_by_employee_id=request.user.employee_id,
            **serializer.validated_data,
        )
        return Response(
            CustomerAccountSerializer(account).data, status=status.HTTP_201_CREATED
        )


class CustomerAccountListView(APIView):
    permission_classes = [IsSarafStaff, CanSeeAccounts]

    @extend_schema(
        operation_id="customer_account_list",
        parameters=[
            OpenApiParameter("search", str, description="Name, phone or number."),
            OpenApiParameter("account_type", str, enum=["customer", "exchanger"]),
            OpenApiParameter("is_active", bool),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int),
        ],
        responses={200: CustomerAccountPageSerializer, 400: ERROR_SCHEMA},
    )
    def get(self, request):
        filters = CustomerAccountListFilterSerializer(data=request.query_params.dict())
        filters.is_valid(raise_exception=True)
        accounts = selectors.customer_account_list(
            saraf_id=request.user.saraf_id, **filters.validated_data
        )
        paginator = Pagination()
        page = paginator.paginate_queryset(accounts, request, view=self)
        return paginator.get_paginated_response(
            CustomerAccountSerializer(page, many=True).data
        )


class CustomerAccountDetailView(APIView):
    """GET the account and its balances; PUT/PATCH its holder; DELETE closes it."""

    def get_permissions(self):
        flag = {
            "PUT": HasFlag("edit_accounts"),
            "PATCH": HasFlag("edit_accounts"),
            "DELETE": HasFlag("delete_accounts"),
        }.get(self.request.method, CanSeeAccounts)
        return [IsSarafStaff(), flag()]

    @extend_schema(
        operation_id="customer_account_detail",
        responses={200: CustomerAccountDetailSerializer, 404: ERROR_SCHEMA},
    )
    def get(self, request, account_id):
        account = selectors.customer_account_get(
            saraf_id=request.user.saraf_id, account_id=account_id
        )
        account.balances = selectors.customer_account_balances(
            saraf_id=request.user.saraf_id, account_id=account.pk
        )
        return Response(CustomerAccountDetailSerializer(account).data)

    @extend_schema(
        operation_id="customer_account_update",
        request=CustomerAccountInputSerializer,
        responses={
            200: CustomerAccountSerializer,
            400: ERROR_SCHEMA,
            404: ERROR_SCHEMA,
        },
    )
    def put(self, request, account_id):
        return self._update(request, account_id, partial=False)

    @extend_schema(
        operation_id="customer_account_partial_update",
        request=CustomerAccountInputSerializer(partial=True),
        responses={
            200: CustomerAccountSerializer,
            400: ERROR_SCHEMA,
            404: ERROR_SCHEMA,
        },
    )
    def patch(self, request, account_id):
        return self._update(request, account_id, partial=True)

    def _update(self, request, account_id, *, partial):
        account = selectors.customer_account_get(
            saraf_id=request.user.saraf_id, account_id=account_id
        )
        serializer = CustomerAccountInputSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        account = services.customer_account_update(
            account=account, changes=serializer.validated_data
        )
        return Response(CustomerAccountSerializer(account).data)

    @extend_schema(
        operation_id="customer_account_close",
        responses={204: None, 404: ERROR_SCHEMA, 409: ERROR_SCHEMA},
    )
    def delete(self, request, account_id):
        services.customer_account_deactivate(
            saraf_id=request.user.saraf_id, account_id=account_id
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class _MoneyMovementView(APIView):
    """POST {currency, amount, description?}: one journal entry, both new balances."""

    service = None

    @extend_schema(
        request=MoneyMovementInputSerializer,
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
        responses={
            201: MoneyMovementSerializer,
            400: ERROR_SCHEMA,
            403: ERROR_SCHEMA,
            404: ERROR_SCHEMA,
            409: ERROR_SCHEMA,
            422: ERROR_SCHEMA,
        },
    )
    @idempotent
    def post(self, request, account_id):
        serializer = MoneyMovementInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        movement = type(self).service(
            saraf_id=request.user.saraf_id,
            account_id=account_id,
            performed_by=request.user,
            **serializer.validated_data,
        )
        return Response(
            MoneyMovementSerializer(movement).data, status=status.HTTP_201_CREATED
        )


class CustomerDepositView(_MoneyMovementView):
    permission_classes = [IsSarafStaff, HasFlag("deposit_to_account")]
    service = staticmethod(services.deposit_to_account)


class CustomerWithdrawView(_MoneyMovementView):
    permission_classes = [IsSarafStaff, HasFlag("withdraw_from_account")]
    service = staticmethod(services.withdraw_from_account)


class CustomerGiveMoneyView(_MoneyMovementView):
    permission_classes = [IsSarafStaff, HasFlag("give_money")]
    service = staticmethod(services.give_money)


class CustomerTakeMoneyView(_MoneyMovementView):
    permission_classes = [IsSarafStaff, HasFlag("take_money")]
    service = staticmethod(services.take_money)


class CustomerCreditLimitView(APIView):
    permission_classes = [IsSarafStaff, HasFlag("loans")]

    @extend_schema(
        request=CreditLimitInputSerializer,
        responses={
            200: CreditLimitSerializer,
            400: ERROR_SCHEMA,
            403: ERROR_SCHEMA,
            404: ERROR_SCHEMA,
            409: ERROR_SCHEMA,
        },
    )
    def post(self, request, account_id):
        serializer = CreditLimitInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ledger_account = services.customer_credit_limit_set(
            saraf_id=request.user.saraf_id,
            account_id=account_id,
            performed_by=request.user,
            **serializer.validated_data,
        )
        minor_units = ledger_account.currency.minor_units
        return Response(
            {
                "currency": ledger_account.currency_id,
                "credit_limit": format_amount(ledger_account.credit_limit, minor_units),
                "balance": format_amount(ledger_account.balance, minor_units),
            }
        )


class CustomerBalancesView(APIView):
    permission_classes = [IsSarafStaff, HasFlag("view_history")]

    @extend_schema(responses={200: BalanceSerializer(many=True), 404: ERROR_SCHEMA})
    def get(self, request, account_id):
        account = selectors.customer_account_get(
            saraf_id=request.user.saraf_id, account_id=account_id
        )
        return Response(
            selectors.customer_account_balances(
                saraf_id=request.user.saraf_id, account_id=account.pk
            )
        )


class CustomerTransactionsView(APIView):
    permission_classes = [IsSarafStaff, HasFlag("view_history")]

    @extend_schema(
        parameters=[
            OpenApiParameter("currency", str),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int),
        ],
        responses={
            200: TransactionPageSerializer,
            400: ERROR_SCHEMA,
            404: ERROR_SCHEMA,
        },
    )
    def get(self, request, account_id):
        filters = TransactionFilterSerializer(data=request.query_params.dict())
        filters.is_valid(raise_exception=True)
        account = selectors.customer_account_get(
            saraf_id=request.user.saraf_id, account_id=account_id
        )
        postings = selectors.customer_account_postings(
            saraf_id=request.user.saraf_id,
            account_id=account.pk,
            **filters.validated_data,
        )
        paginator = Pagination()
        page = paginator.paginate_queryset(postings, request, view=self)
        return paginator.get_paginated_response(
            TransactionSerializer(
                page, many=True, context={"saraf": request.user.saraf}
            ).data
        )


class _TotalsView(APIView):
    """[{currency, total, count}] of one kind of operation on the account."""

    permission_classes = [IsSarafStaff, HasFlag("view_history")]
    entry_kind = None

    @extend_schema(responses={200: TotalSerializer(many=True), 404: ERROR_SCHEMA})
    def get(self, request, account_id):
        account = selectors.customer_account_get(
            saraf_id=request.user.saraf_id, account_id=account_id
        )
        return Response(
            selectors.customer_account_totals(
                saraf_id=request.user.saraf_id,
                account_id=account.pk,
                entry_kind=self.entry_kind,
            )
        )


class CustomerDepositTotalsView(_TotalsView):
    entry_kind = services.ENTRY_KIND_DEPOSIT


class CustomerWithdrawalTotalsView(_TotalsView):
    entry_kind = services.ENTRY_KIND_WITHDRAW


class CustomerGivenTotalsView(_TotalsView):
    entry_kind = services.ENTRY_KIND_GIVE


class CustomerTakenTotalsView(_TotalsView):
    entry_kind = services.ENTRY_KIND_TAKE


class PublicTransactionsView(APIView):
    """A normal user's own accounts at every saraf, found by their verified phone.

    Anyone else learns nothing: another number, an unverified phone or a
    malformed one all answer 404, so the endpoint never confirms that a phone
    has accounts.
    """

    permission_classes = [IsNormalUser]

    @extend_schema(
        parameters=[OpenApiParameter("page", int), OpenApiParameter("page_size", int)],
        responses={
            200: PublicTransactionsPageSerializer,
            401: ERROR_SCHEMA,
            403: ERROR_SCHEMA,
            404: ERROR_SCHEMA,
        },
    )
    def get(self, request, phone):
        user = request.user.normal_user
        try:
            phone = normalize_phone(phone)
        except ValidationError:
            raise NotFoundError() from None
        if not (user.phone_verified and user.phone == phone):
            raise NotFoundError()
        accounts = selectors.public_accounts_for_phone(phone=phone)
        paginator = Pagination()
        page = paginator.paginate_queryset(
            selectors.public_postings(account_ids=[a.pk for a in accounts]),
            request,
            view=self,
        )
        response = paginator.get_paginated_response(
            PublicTransactionSerializer(page, many=True).data
        )
        response.data["accounts"] = PublicAccountSerializer(accounts, many=True).data
        return response
