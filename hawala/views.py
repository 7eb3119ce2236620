from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from core.idempotency import IDEMPOTENCY_KEY_PARAMETER, idempotent
from core.permissions import HasFlag, IsSarafStaff
from currency.selectors import currency_list_supported
from hawala import selectors, services
from hawala.models import HawalaSettlement, HawalaTransaction
from hawala.permissions import CanReadHawalas, CanReceiveOrDeliver
from hawala.receipts import receipt_render_pdf
from hawala.renderers import PDFRenderer
from hawala.serializers import (
    HawalaExternalReceiveInputSerializer,
    HawalaFilterSerializer,
    HawalaOutputSerializer,
    HawalaReceiveUpdateInputSerializer,
    HawalaSendInputSerializer,
    HawalaStatusUpdateInputSerializer,
    LookupByPhoneInputSerializer,
    LookupOutputSerializer,
    PositionOutputSerializer,
    ReceiptOutputSerializer,
    ReceiptVerifyOutputSerializer,
    SettlementInputSerializer,
    SettlementOutputSerializer,
    StatisticsFilterSerializer,
    StatisticsOutputSerializer,
    SupportedCurrencyOutputSerializer,
)

Status = HawalaTransaction.Status

ERRORS = {
    400: OpenApiResponse(description="validation or business rule error"),
    403: OpenApiResponse(description="permission_denied"),
    404: OpenApiResponse(description="not_found (also another saraf's hawala)"),
}


def _valid(serializer_class, data):
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _hawala_response(request, hawala, status_code=status.HTTP_200_OK):
    data = HawalaOutputSerializer(
        hawala, context={"saraf_id": request.user.saraf_id}
    ).data
    return Response(data, status=status_code)


class _StaffView(APIView):
    permission_classes = [IsSarafStaff, CanReadHawalas]


class _HawalaListView(generics.ListAPIView):
    permission_classes = [IsSarafStaff, CanReadHawalas]
    serializer_class = HawalaOutputSerializer
    filter_backends = []

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "saraf_id": self.request.user.saraf_id,
        }


class HawalaSendView(APIView):
    """Send a hawala: to a saraf on AMU Pay, or to one outside it by name."""

    permission_classes = [IsSarafStaff, HasFlag("send_transfer")]

    @extend_schema(
        request=HawalaSendInputSerializer,
        responses={201: HawalaOutputSerializer, **ERRORS, 409: OpenApiResponse()},
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
    )
    @idempotent
    def post(self, request):
        data = _valid(HawalaSendInputSerializer, request.data)
        hawala = services.hawala_send(identity=request.user, **data)
        return _hawala_response(request, hawala, status.HTTP_201_CREATED)


class HawalaExternalReceiveView(APIView):
    """Record and pay out a hawala that a saraf outside AMU Pay sent to us."""

    permission_classes = [IsSarafStaff, HasFlag("deliver_amount")]

    @extend_schema(
        request=HawalaExternalReceiveInputSerializer,
        responses={201: HawalaOutputSerializer, **ERRORS, 409: OpenApiResponse()},
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
    )
    @idempotent
    def post(self, request):
        data = _valid(HawalaExternalReceiveInputSerializer, request.data)
        hawala = services.hawala_external_receive(identity=request.user, **data)
        return _hawala_response(request, hawala, status.HTTP_201_CREATED)


class HawalaIncomingListView(_HawalaListView):
    """Hawalas other sarafs on AMU Pay sent to the caller's saraf."""

    def get_queryset(self):
        return selectors.hawala_list_incoming(saraf_id=self.request.user.saraf_id)


class HawalaReceiveUpdateView(APIView):
    """Accept an incoming hawala (`received`), then pay it out (`completed`)."""

    permission_classes = [IsSarafStaff, CanReceiveOrDeliver]

    @extend_schema(
        request=HawalaReceiveUpdateInputSerializer,
        responses={200: HawalaOutputSerializer, **ERRORS, 409: OpenApiResponse()},
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
    )
    @idempotent
    def patch(self, request, hawala_id):
        data = _valid(HawalaReceiveUpdateInputSerializer, request.data)
        flag = {
            Status.RECEIVED: "receive_transfer",
            Status.COMPLETED: "deliver_amount",
        }.get(data["status"])
        if flag and not request.user.has_perm(flag):
            self.permission_denied(
                request, message=f"This needs the '{flag}' permission."
            )
        if data["status"] == Status.RECEIVED:
            hawala = services.hawala_receive(identity=request.user, hawala_id=hawala_id)
        elif data["status"] != Status.COMPLETED:
            services.hawala_receive_refuse(
                identity=request.user, hawala_id=hawala_id, status=data["status"]
            )
        else:
            hawala = services.hawala_complete(
                identity=request.user,
                hawala_id=hawala_id,
                hawala_number=data["hawala_number"],
                receiver_id_number=data["receiver_id_number"],
                receiver_father_name=data["receiver_father_name"],
            )
        return _hawala_response(request, hawala)


class HawalaStatusUpdateView(APIView):
    """The sender cancels a hawala before payout, or moves an external one on."""

    permission_classes = [IsSarafStaff, HasFlag("send_transfer")]

    @extend_schema(
        request=HawalaStatusUpdateInputSerializer,
        responses={200: HawalaOutputSerializer, **ERRORS, 409: OpenApiResponse()},
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
    )
    @idempotent
    def patch(self, request, hawala_id):
        data = _valid(HawalaStatusUpdateInputSerializer, request.data)
        hawala = services.hawala_update_status(
            identity=request.user, hawala_id=hawala_id, status=data["status"]
        )
        return _hawala_response(request, hawala)


class HawalaHistoryView(_HawalaListView):
    """Hawalas sent or received by the caller's saraf, filtered."""

    def get_queryset(self):
        filters = _valid(HawalaFilterSerializer, self.request.query_params)
        if "counterparty" in filters:
            filters["counterparty_id"] = filters.pop("counterparty")
        return selectors.hawala_list(saraf_id=self.request.user.saraf_id, **filters)

    @extend_schema(parameters=[HawalaFilterSerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class HawalaListAllView(_HawalaListView):
    """Every hawala the caller's saraf sent or received, newest first."""

    def get_queryset(self):
        return selectors.hawala_list(saraf_id=self.request.user.saraf_id)


class HawalaStatisticsView(_StaffView):
    """Counts and sums per status and currency, outgoing and incoming."""

    @extend_schema(
        parameters=[StatisticsFilterSerializer],
        responses={200: StatisticsOutputSerializer, 400: ERRORS[400]},
    )
    def get(self, request):
        filters = _valid(StatisticsFilterSerializer, request.query_params)
        statistics = selectors.hawala_statistics(
            saraf_id=request.user.saraf_id, **filters
        )
        return Response(StatisticsOutputSerializer(statistics).data)


class HawalaSupportedCurrenciesView(_StaffView):
    """The currencies the caller's saraf can send and pay out hawalas in."""

    @extend_schema(responses=SupportedCurrencyOutputSerializer(many=True))
    def get(self, request):
        currencies = currency_list_supported(saraf_id=request.user.saraf_id)
        return Response(SupportedCurrencyOutputSerializer(currencies, many=True).data)


class HawalaLookupByPhoneView(APIView):
    """Public: the status of one hawala, given its receiver's phone and its number."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "lookup"

    @extend_schema(
        request=LookupByPhoneInputSerializer,
        responses={
            200: LookupOutputSerializer,
            400: ERRORS[400],
            404: OpenApiResponse(description="not_found: no such hawala"),
            409: OpenApiResponse(
                description=(
                    "ambiguous_hawala: several sarafs sent a hawala with this "
                    "number to this phone; give sender_saraf_id"
                )
            ),
        },
    )
    def post(self, request):
        data = _valid(LookupByPhoneInputSerializer, request.data)
        hawala = selectors.hawala_lookup_by_phone(**data)
        return Response(LookupOutputSerializer(hawala).data)


class PositionListView(generics.ListAPIView):
    """Per counterparty saraf and currency: what we owe it and what it owes us."""

    permission_classes = [IsSarafStaff, CanReadHawalas]
    serializer_class = PositionOutputSerializer
    filter_backends = []

    def get_queryset(self):
        return selectors.position_list(saraf_id=self.request.user.saraf_id)


class SettlementCreateView(APIView):
    """Record a cash settlement of a position with another saraf."""

    permission_classes = [IsSarafStaff, CanReceiveOrDeliver]

    @extend_schema(
        request=SettlementInputSerializer,
        responses={201: SettlementOutputSerializer, **ERRORS},
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
    )
    @idempotent
    def post(self, request):
        data = _valid(SettlementInputSerializer, request.data)
        flag = (
            "deliver_amount"
            if data["direction"] == HawalaSettlement.Direction.WE_PAID
            else "receive_transfer"
        )
        if not request.user.has_perm(flag):
            self.permission_denied(
                request, message=f"This needs the '{flag}' permission."
            )
        settlement = services.settlement_record(identity=request.user, **data)
        return Response(
            SettlementOutputSerializer(settlement).data, status=status.HTTP_201_CREATED
        )


def _verification_url(request, receipt):
    path = reverse("hawala:receipt-verify", kwargs={"code": receipt.verification_code})
    return request.build_absolute_uri(path)


def _receipt_data(request, receipt):
    return ReceiptOutputSerializer(
        receipt,
        context={
            "saraf_id": request.user.saraf_id,
            "verification_url": _verification_url(request, receipt),
        },
    ).data


class ReceiptGenerateView(_StaffView):
    """Issue the caller's saraf's receipt for a hawala (again: the same one)."""

    @extend_schema(
        request=None,
        responses={
            201: ReceiptOutputSerializer,
            200: ReceiptOutputSerializer,
            404: ERRORS[404],
        },
    )
    def post(self, request, hawala_id):
        receipt, created = services.receipt_generate(
            identity=request.user, hawala_id=hawala_id
        )
        receipt = selectors.receipt_get(
            saraf_id=request.user.saraf_id, hawala_id=receipt.hawala_id
        )
        return Response(
            _receipt_data(request, receipt),
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class ReceiptDetailView(_StaffView):
    """The receipt as JSON; as a PDF with ?format=pdf or Accept: application/pdf."""

    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, PDFRenderer]

    @extend_schema(
        responses={
            (200, "application/json"): ReceiptOutputSerializer,
            (200, "application/pdf"): OpenApiTypes.BINARY,
            404: ERRORS[404],
        },
    )
    def get(self, request, hawala_id):
        receipt = selectors.receipt_get(
            saraf_id=request.user.saraf_id, hawala_id=hawala_id
        )
        if request.accepted_renderer.format == PDFRenderer.format:
            pdf = receipt_render_pdf(
                receipt=receipt, verification_url=_verification_url(request, receipt)
            )
            filename = f"hawala-{receipt.hawala.hawala_number}.pdf".replace("/", "-")
            response = Response(pdf)
            response["Content-Disposition"] = f'inline; filename="{filename}"'
            return response
        return Response(_receipt_data(request, receipt))

    def finalize_response(self, request, response, *args, **kwargs):
        renderer = getattr(request, "accepted_renderer", None)
        if response.status_code >= 400 and isinstance(renderer, PDFRenderer):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


class ReceiptVerifyView(APIView):
    """Public: confirms a receipt is genuine, with its hawala number and status."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "public"

    @extend_schema(responses={200: ReceiptVerifyOutputSerializer, 404: ERRORS[404]})
    def get(self, request, code):
        receipt = selectors.receipt_get_by_code(code=code)
        return Response(ReceiptVerifyOutputSerializer(receipt).data)
