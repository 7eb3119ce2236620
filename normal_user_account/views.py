from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from core.auth import session_revoke_by_refresh
from core.net import client_ip
from core.permissions import IsNormalUser
from normal_user_account import serializers as s
from normal_user_account.services import (
    contact_of,
    normal_user_change_password,
    normal_user_login,
    normal_user_password_reset,
    normal_user_password_reset_request,
    normal_user_register,
    normal_user_resend_code,
    normal_user_update_profile,
    normal_user_verify,
)


def _error(codes):
    return OpenApiResponse(description=f"error codes: {codes}")


class PublicView(APIView):
    """No identity needed; throttled per client address."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "otp"


class RegisterView(PublicView):
    """Sign up with an email, a phone number or both; a code goes to each."""

    @extend_schema(
        request=s.RegisterSerializer,
        responses={
            201: s.RegisterResponseSerializer,
            400: _error("validation_error, invalid_phone"),
            409: _error("contact_taken"),
            429: _error("otp_cooldown, otp_rate_limited, throttled"),
            502: _error("provider_error"),
        },
    )
    def post(self, request):
        serializer = s.RegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = normal_user_register(
            **serializer.validated_data, client_ip=client_ip(request)
        )
        return Response(
            {"normal_user_id": user.pk, "status": user.status},
            status=status.HTTP_201_CREATED,
        )


class VerifyOtpView(PublicView):
    """Verify the contact a sign-up code was sent to."""

    @extend_schema(
        request=s.VerifySerializer,
        responses={
            200: s.VerifyResponseSerializer,
            400: _error("validation_error, invalid_code, otp_locked"),
            404: _error("not_found"),
            409: _error("already_verified"),
        },
    )
    def post(self, request):
        serializer = s.VerifySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        normal_user_verify(**serializer.validated_data)
        return Response({"verified": True})


class ResendOtpView(PublicView):
    """Send a fresh sign-up code to every contact not verified yet."""

    @extend_schema(
        request=s.AccountIdSerializer,
        responses={
            200: s.DetailSerializer,
            404: _error("not_found"),
            409: _error("already_verified"),
            429: _error("otp_cooldown, otp_rate_limited"),
            502: _error("provider_error"),
        },
    )
    def post(self, request):
        serializer = s.AccountIdSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        normal_user_resend_code(
            **serializer.validated_data, client_ip=client_ip(request)
        )
        return Response({"detail": "A new code was sent."})


class LoginView(PublicView):
    """Log in with an email or a phone number and the password."""

    throttle_scope = "login"

    @extend_schema(
        request=s.LoginSerializer,
        responses={
            200: s.LoginResponseSerializer,
            400: _error("validation_error, invalid_phone"),
            401: _error("invalid_credentials"),
            403: _error("not_verified, account_inactive"),
            429: _error("throttled (too many failed logins)"),
        },
    )
    def post(self, request):
        serializer = s.LoginSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user, tokens = normal_user_login(
            contact=contact_of(email=data.get("email"), phone=data.get("phone")),
            password=data["password"],
            client_ip=client_ip(request),
            request=request,
        )
        return Response(
            {**tokens, "user_type": "normal_user", "normal_user_id": user.pk}
        )


class LogoutView(APIView):
    """End the session of this refresh token: its tokens stop working at once."""

    permission_classes = [IsNormalUser]

    @extend_schema(
        request=s.LogoutSerializer,
        responses={200: s.DetailSerializer, 400: _error("validation_error")},
    )
    def post(self, request):
        serializer = s.LogoutSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session_revoke_by_refresh(
            raw_refresh=serializer.validated_data["refresh"], identity=request.user
        )
        return Response({"detail": "Logged out."})


class ForgotPasswordView(PublicView):
    """Ask for a password reset code; the answer never tells if the account exists."""

    @extend_schema(
        request=s.OneContactSerializer,
        responses={
            200: s.DetailSerializer,
            400: _error("validation_error, invalid_phone"),
        },
    )
    def post(self, request):
        serializer = s.OneContactSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        normal_user_password_reset_request(
            contact=contact_of(**serializer.validated_data),
            client_ip=client_ip(request),
        )
        return Response(
            {"detail": "If an account has this contact, a code was sent to it."}
        )


class ResetPasswordView(PublicView):
    """Set a new password with a reset code; every session ends."""

    @extend_schema(
        request=s.ResetPasswordSerializer,
        responses={
            200: s.DetailSerializer,
            400: _error("validation_error, invalid_code, otp_locked"),
        },
    )
    def post(self, request):
        serializer = s.ResetPasswordSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        normal_user_password_reset(
            contact=contact_of(email=data.get("email"), phone=data.get("phone")),
            code=data["code"],
            new_password=data["new_password"],
        )
        return Response({"detail": "Password changed. Log in again."})


class ProfileView(APIView):
    """The caller's own profile; only `full_name` can be changed."""

    permission_classes = [IsNormalUser]

    @extend_schema(responses={200: s.ProfileSerializer})
    def get(self, request):
        return Response(s.ProfileSerializer(request.user.normal_user).data)

    @extend_schema(
        request=s.ProfileUpdateSerializer,
        responses={200: s.ProfileSerializer, 400: _error("validation_error")},
    )
    def patch(self, request):
        serializer = s.ProfileUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        user = request.user.normal_user
        if "full_name" in serializer.validated_data:
            user = normal_user_update_profile(
                normal_user=user, full_name=serializer.validated_data["full_name"]
            )
        return Response(s.ProfileSerializer(user).data)


class ChangePasswordView(APIView):
    """Change the password; every other session ends."""

    permission_classes = [IsNormalUser]

    @extend_schema(
        request=s.ChangePasswordSerializer,
        responses={
            200: s.DetailSerializer,
            400: _error("validation_error, wrong_password"),
            429: _error("throttled (too many wrong passwords)"),
        },
    )
    def post(self, request):
        serializer = s.ChangePasswordSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        normal_user_change_password(
            normal_user=request.user.normal_user,
            **serializer.validated_data,
            keep_session_id=request.user.session_id,
        )
        return Response({"detail": "Password changed."})
