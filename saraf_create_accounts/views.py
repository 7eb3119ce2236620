from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.pagination import Pagination
from core.permissions import HasFlag, IsSarafStaff
from saraf_create_accounts import selectors, services
from saraf_create_accounts.permissions import CanSeeAccounts
from saraf_create_accounts.serializers import (
    CustomerAccountInputSerializer,
    CustomerAccountListFilterSerializer,
    CustomerAccountSerializer,
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
        responses={200: CustomerAccountSerializer(many=True), 400: ERROR_SCHEMA},
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
    """PUT/PATCH who the account belongs to."""

    def get_permissions(self):
        return [IsSarafStaff(), HasFlag("edit_accounts")()]

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
