"""The one error shape: {"error": {"code", "message", "fields"}}."""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)

# Field-level codes that name the broken rule better than "validation_error";
# when a field error carries one of them, it becomes the top-level code.
PROMOTED_FIELD_CODES = {
    "invalid_amount",
    "currency_not_supported",
    "invalid_phone",
    "invalid_file",
    "file_too_large",
    "invalid_rate",
}

DRF_CODES = {
    exceptions.ParseError: "malformed_request",
    exceptions.AuthenticationFailed: "not_authenticated",
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.PermissionDenied: "permission_denied",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.Throttled: "throttled",
}


class ApplicationError(Exception):
    """A broken business rule, answered with its own code and status."""

    def __init__(self, message, *, code, status=400, fields=None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.fields = fields or {}


class NotFoundError(ApplicationError):
    def __init__(self, message="Not found.", *, code="not_found"):
        super().__init__(message, code=code, status=404)


class ConflictError(ApplicationError):
    def __init__(self, message, *, code="conflict", fields=None):
        super().__init__(message, code=code, status=409, fields=fields)


def error_body(code, message, fields=None):
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def _flatten(detail):
    if isinstance(detail, dict):
        return {str(k): _flatten(v) for k, v in detail.items()}
    if isinstance(detail, list):
        if all(not isinstance(d, (dict, list)) for d in detail):
            return [str(d) for d in detail]
        return [_flatten(d) for d in detail]
    return [str(detail)]


def _leaf_codes(codes):
    if isinstance(codes, dict):
        for value in codes.values():
            yield from _leaf_codes(value)
    elif isinstance(codes, list):
        for value in codes:
            yield from _leaf_codes(value)
    else:
        yield codes


def _first_leaf(detail):
    """The first message, depth first; a nested list's valid items are empty."""
    if isinstance(detail, dict):
        detail = list(detail.values())
    if not isinstance(detail, list):
        return detail
    return next((m for m in map(_first_leaf, detail) if m is not None), None)


def _validation_response(exc):
    detail = exc.detail
    if not isinstance(detail, dict):
        detail = {"non_field_errors": detail}
    fields = _flatten(detail)
    code = next(
        (c for c in _leaf_codes(exc.get_codes()) if c in PROMOTED_FIELD_CODES),
        "validation_error",
    )
    first_field, first_messages = next(iter(fields.items()))
    first = _first_leaf(first_messages) or "Invalid input."
    message = first if first_field == "non_field_errors" else f"{first_field}: {first}"
    return Response(
        error_body(code, message, fields), status=status.HTTP_400_BAD_REQUEST
    )


def exception_handler(exc, context):
    if isinstance(exc, ApplicationError):
        return Response(
            error_body(exc.code, exc.message, exc.fields), status=exc.status
        )
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    if isinstance(exc, exceptions.ValidationError):
        return _validation_response(exc)

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = next((c for t, c in DRF_CODES.items() if isinstance(exc, t)), None)
    if code is None:
        code = getattr(exc, "default_code", "error")
    message = str(exc.detail) if hasattr(exc, "detail") else str(exc)
    response.data = error_body(code, message)
    if isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
        # DRF answers 403 on views without an authenticator; a missing or bad
        # credential is a 401 everywhere here.
        response.status_code = 401
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response
