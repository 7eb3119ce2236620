from django.db import connection
from django.http import JsonResponse
from django.middleware import common
from django.urls import is_valid_path
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS as SAFE
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.auth import session_refresh
from core.errors import error_body


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField(read_only=True)
    refresh = serializers.CharField(read_only=True)


class RefreshSerializer(serializers.Serializer):
    refresh = serializers.CharField(max_length=2000)


class TokenRefreshView(APIView):
    """Rotate a refresh token: a new pair; the old refresh token is dead from now on."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=RefreshSerializer,
        responses={
            200: TokenPairSerializer,
            401: OpenApiResponse(description="Invalid, expired or revoked refresh."),
        },
    )
    def post(self, request):
        serializer = RefreshSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(
            session_refresh(raw_refresh=serializer.validated_data["refresh"])
        )


class HealthView(APIView):
    """200 when the database answers."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        responses={
            200: inline_serializer("Health", {"status": serializers.CharField()})
        }
    )
    def get(self, request):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return Response({"status": "ok"})


def not_found(request, exception=None):
    """Unrouted paths answer in the one error shape too; a write to an API path
    missing its trailing slash is told so (it is not redirected: a client
    following a redirect would resend it as a GET and the write would be lost)."""
    message = "Not found."
    path = request.path_info
    if not path.endswith("/") and is_valid_path(f"{path}/"):
        message = f"Not found. API paths end in a slash: {request.path}/"
    return JsonResponse(error_body("not_found", message), status=404)


def bad_request(request, exception=None):
    """A request Django refuses before any view (a Host not in ALLOWED_HOSTS...)."""
    return JsonResponse(error_body("bad_request", "Bad request."), status=400)


def server_error(request):
    return JsonResponse(
        error_body("server_error", "Something went wrong on our side."), status=500
    )


class CommonMiddleware(common.CommonMiddleware):
    """Django's, except that a write to an /api/ path without its trailing slash
    is not redirected (with DEBUG on Django raises instead: a 500): it is a 404
    saying the slash is missing."""

    def should_redirect_with_slash(self, request):
        if request.path_info.startswith("/api/") and request.method not in SAFE:
            return False
        return super().should_redirect_with_slash(request)


class APIErrorShapeMiddleware:
    """With DEBUG on, Django answers an unrouted path or a refused Host with its
    HTML debug page; under /api/ the one error shape is kept, as with DEBUG off
    (`handler404`, `handler400`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if isinstance(response, Response):
            return response  # a view's own answer, HTML only for the browsable API
        if request.path.startswith("/api/") and response.get(
            "Content-Type", ""
        ).startswith("text/html"):
            if response.status_code == 404:
                return not_found(request)
            if response.status_code == 400:
                return bad_request(request)
        return response
