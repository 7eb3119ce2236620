from drf_spectacular import openapi
from drf_spectacular.extensions import (
    OpenApiAuthenticationExtension,
    OpenApiSerializerFieldExtension,
)
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAuthenticated

from core.idempotency import idempotent


class JWTAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "core.auth.JWTAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}


class AmountFieldSchema(OpenApiSerializerFieldExtension):
    target_class = "core.money.AmountField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        return {
            "type": "string",
            "format": "decimal",
            "pattern": r"^\d{1,15}(\.\d{1,8})?$",
            "example": "1250.50",
        }


class ApiErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField()


class ApiErrorSerializer(serializers.Serializer):
    """The one error shape (core.errors)."""

    error = ApiErrorDetailSerializer()


_IDEMPOTENT_CODE = idempotent(lambda view, request: None).__code__
_PLAIN_PERMISSIONS = (AllowAny, IsAuthenticated)


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's AutoSchema, plus the error answers every view can give.

    Each operation documents, with the error shape, the codes that follow from
    how its view is built, beside those its @extend_schema names: 400 for a
    body, query, header or text path parameter to validate; 401 when it reads
    a token (a bad one is refused even on an open view); 403 when a permission
    beyond "logged in" applies; 404 for a path parameter or a page number; 409
    and 422 for an `Idempotency-Key`; 429 when it is throttled. An error named
    without a body gets the error shape.
    """

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation["responses"]
        error = {
            "application/json": {
                "schema": self.resolve_serializer(ApiErrorSerializer, "response").ref
            }
        }
        for code in self._error_codes(operation):
            responses.setdefault(code, {"description": ERROR_DESCRIPTIONS[code]})
        for code, response in responses.items():
            if code.startswith(("4", "5")) and "content" not in response:
                response["content"] = error
        return operation

    def _error_codes(self, operation):
        parameters = operation.get("parameters", [])
        locations = {p["in"] for p in parameters}
        names = {p["name"] for p in parameters}
        text_in_path = any(
            p["in"] == "path" and p["schema"].get("type") == "string"
            for p in parameters
        )
        if "requestBody" in operation or locations & {"query", "header"}:
            yield "400"
        if text_in_path:
            yield "400"
        if self.view.get_authenticators():
            yield "401"
        if any(
            not isinstance(permission, _PLAIN_PERMISSIONS)
            for permission in self.view.get_permissions()
        ):
            yield "403"
        if "path" in locations or "page" in names:
            yield "404"
        handler = getattr(self.view, self.method.lower(), None)
        if getattr(handler, "__code__", None) is _IDEMPOTENT_CODE:
            yield from ("400", "409", "422")
        if self.view.get_throttles():
            yield "429"


ERROR_DESCRIPTIONS = {
    "400": "Invalid input (validation_error or a rule's own code).",
    "401": "Missing, invalid or revoked token (not_authenticated).",
    "403": "Not allowed for this identity (permission_denied or a rule's code).",
    "404": "Not found, or not the caller's (not_found).",
    "409": "Conflict: idempotency_in_progress, or the state does not allow it.",
    "422": "The Idempotency-Key was used with another request.",
    "429": "Too many requests (throttled).",
}
