from django.conf import settings
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from core.net import client_ip
from otp.models import Channel
from otp.selectors import otp_status
from otp.serializers import (
    CodeSentSerializer,
    CombinedStatusSerializer,
    ContactStatusSerializer,
    EmailCodeSerializer,
    EmailPhoneCodesSerializer,
    EmailPhoneSerializer,
    EmailSerializer,
    ErrorSerializer,
    PhoneCodeSerializer,
    PhoneSerializer,
    VerifiedSerializer,
)
from otp.services import CONTACT_PURPOSE, OtpCheck, contact_codes_send, contact_verify

TAGS = ["otp"]


def _error(description):
    return OpenApiResponse(response=ErrorSerializer, description=description)


THROTTLED = _error("throttled: too many requests from this client")
SEND_RESPONSES = {
    200: CodeSentSerializer,
    400: _error("validation_error, invalid_email, invalid_phone"),
    429: _error(
        "otp_cooldown or otp_rate_limited (fields.retry_after_seconds), throttled"
    ),
    502: _error("provider_error: the email or SMS/WhatsApp provider failed"),
}
VERIFY_RESPONSES = {
    200: VerifiedSerializer,
    400: _error("validation_error, invalid_code, otp_locked"),
    429: THROTTLED,
}


def _code_sent():
    return Response(
        {
            "sent": True,
            "expires_in_seconds": settings.OTP_TTL_MINUTES * 60,
            "resend_available_in_seconds": settings.OTP_RESEND_COOLDOWN_SECONDS,
        }
    )


def _status(destination):
    return otp_status(destination=destination, purpose=CONTACT_PURPOSE)


class PublicOtpView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "otp"


class PublicStatusView(PublicOtpView):
    # Front ends poll status; the wider public rate keeps polling usable.
    throttle_scope = "public"


def _send(request, serializer_class, channels):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    contact_codes_send(
        targets=[(channel, data[field]) for field, channel in channels],
        client_ip=client_ip(request),
    )
    return _code_sent()


def _verify(request, serializer_class, channels):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    contact_verify(
        checks=[
            OtpCheck(
                channel=channel,
                destination=data[field],
                purpose=CONTACT_PURPOSE,
                code=data[code_field],
                field=code_field,
            )
            for field, code_field, channel in channels
        ]
    )
    return Response({"verified": True})


class EmailOtpGenerateView(PublicOtpView):
    """Email a 6-digit code that proves the address."""

    @extend_schema(tags=TAGS, request=EmailSerializer, responses=SEND_RESPONSES)
    def post(self, request):
        return _send(request, EmailSerializer, [("email", Channel.EMAIL)])


class EmailOtpVerifyView(PublicOtpView):
    """Check an emailed code; the address is then remembered as verified."""

    @extend_schema(tags=TAGS, request=EmailCodeSerializer, responses=VERIFY_RESPONSES)
    def post(self, request):
        return _verify(request, EmailCodeSerializer, [("email", "code", Channel.EMAIL)])


class EmailOtpStatusView(PublicStatusView):
    """Whether the address is verified and whether a code is waiting."""

    @extend_schema(
        tags=TAGS,
        parameters=[EmailSerializer],
        responses={
            200: ContactStatusSerializer,
            400: _error("validation_error"),
            429: THROTTLED,
        },
    )
    def get(self, request):
        serializer = EmailSerializer(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        return Response(
            ContactStatusSerializer(_status(serializer.validated_data["email"])).data
        )


class PhoneOtpGenerateView(PublicOtpView):
    """Text a 6-digit code (SMS) that proves the phone number."""

    @extend_schema(tags=TAGS, request=PhoneSerializer, responses=SEND_RESPONSES)
    def post(self, request):
        return _send(request, PhoneSerializer, [("phone", Channel.SMS)])


class PhoneOtpVerifyView(PublicOtpView):
    """Check a code sent to a phone; the number is then remembered as verified."""

    @extend_schema(tags=TAGS, request=PhoneCodeSerializer, responses=VERIFY_RESPONSES)
    def post(self, request):
        return _verify(request, PhoneCodeSerializer, [("phone", "code", Channel.SMS)])


class PhoneOtpStatusView(PublicStatusView):
    """Whether the phone number is verified and whether a code is waiting."""

    @extend_schema(
        tags=TAGS,
        parameters=[PhoneSerializer],
        responses={
            200: ContactStatusSerializer,
            400: _error("validation_error"),
            429: THROTTLED,
        },
    )
    def get(self, request):
        serializer = PhoneSerializer(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        return Response(
            ContactStatusSerializer(_status(serializer.validated_data["phone"])).data
        )


class CombinedOtpGenerateView(PublicOtpView):
    """Send one code by SMS and another by email; none if either is held back."""

    @extend_schema(tags=TAGS, request=EmailPhoneSerializer, responses=SEND_RESPONSES)
    def post(self, request):
        return _send(
            request,
            EmailPhoneSerializer,
            [("phone", Channel.SMS), ("email", Channel.EMAIL)],
        )


class CombinedOtpVerifyView(PublicOtpView):
    """Check both codes; both are consumed only when both are right."""

    @extend_schema(
        tags=TAGS,
        request=EmailPhoneCodesSerializer,
        responses=VERIFY_RESPONSES,
    )
    def post(self, request):
        return _verify(
            request,
            EmailPhoneCodesSerializer,
            [
                ("email", "email_code", Channel.EMAIL),
                ("phone", "phone_code", Channel.SMS),
            ],
        )


class CombinedOtpStatusView(PublicStatusView):
    """The status of an email and a phone number together."""

    @extend_schema(
        tags=TAGS,
        parameters=[EmailPhoneSerializer],
        responses={
            200: CombinedStatusSerializer,
            400: _error("validation_error"),
            429: THROTTLED,
        },
    )
    def get(self, request):
        serializer = EmailPhoneSerializer(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        email = _status(serializer.validated_data["email"])
        phone = _status(serializer.validated_data["phone"])
        body = {
            "verified": email["verified"] and phone["verified"],
            "email": email,
            "phone": phone,
        }
        return Response(CombinedStatusSerializer(body).data)


class WhatsAppOtpGenerateView(PublicOtpView):
    """Send a 6-digit code over WhatsApp that proves the phone number."""

    @extend_schema(tags=TAGS, request=PhoneSerializer, responses=SEND_RESPONSES)
    def post(self, request):
        return _send(request, PhoneSerializer, [("phone", Channel.WHATSAPP)])


class WhatsAppOtpVerifyView(PublicOtpView):
    """Check a code sent over WhatsApp; the number is then remembered as verified."""

    @extend_schema(tags=TAGS, request=PhoneCodeSerializer, responses=VERIFY_RESPONSES)
    def post(self, request):
        return _verify(
            request, PhoneCodeSerializer, [("phone", "code", Channel.WHATSAPP)]
        )
