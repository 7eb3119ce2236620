"""The OpenAPI schema describes every endpoint the project serves, completely.

Walks Django's URL resolver independently of drf-spectacular, so a view that
the schema generator skips (or a method it misses) fails here.
"""

import re

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from core.idempotency import HEADER, idempotent

NOT_PART_OF_THE_API = ("admin/", "api/schema/", "api/docs/")
METHODS = ("get", "post", "put", "patch", "delete")
IDEMPOTENT_CODE = idempotent(lambda view, request: None).__code__

# POSTs that act on the object named by the path and take no input.
BODYLESS = {
    ("post", "/api/hawala/generate-receipt/{hawala_id}/"),
    ("post", "/api/messages/normal-user/notifications/read-all/"),
    ("post", "/api/messages/notifications/read-all/"),
    ("post", "/api/saraf-social/comment/{comment_id}/hide/"),
}

# Every request that moves money (DESIGN.md: Idempotency).
MONEY_MOVING = {
    ("post", "/api/transaction/create/"),
    ("post", "/api/saraf-create-accounts/{account_id}/deposit/"),
    ("post", "/api/saraf-create-accounts/{account_id}/withdraw/"),
    ("post", "/api/saraf-create-accounts/{account_id}/give-money/"),
    ("post", "/api/saraf-create-accounts/{account_id}/take-money/"),
    ("post", "/api/hawala/send/"),
    ("post", "/api/hawala/external-receive/"),
    ("patch", "/api/hawala/receive/{hawala_id}/"),
    ("patch", "/api/hawala/status/{hawala_id}/"),
    ("post", "/api/hawala/settlements/"),
    ("post", "/api/exchange/deals/"),
}


@pytest.fixture(scope="module")
def schema():
    generated = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(generated)
    return generated


def _served(patterns=None, prefix=""):
    """(openapi path, view class) for every pattern the URLconf serves."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(NOT_PART_OF_THE_API):
            continue
        if isinstance(entry, URLResolver):
            yield from _served(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            view = getattr(entry.callback, "view_class", None)
            path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
            yield path, view


def _served_operations():
    for path, view in _served():
        for method in METHODS:
            if view is not None and hasattr(view, method):
                yield method, path, view


def _operations(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method in METHODS:
                yield method, path, operation


def _resolve(schema, node):
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def test_the_schema_generates_valid_without_a_warning(tmp_path):
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--file",
        str(tmp_path / "schema.yaml"),
    )


def test_every_served_endpoint_and_method_is_in_the_schema(schema):
    documented = {(method, path) for method, path, _ in _operations(schema)}
    served = {(method, path) for method, path, _ in _served_operations()}
    assert served, "the URL walk found nothing"
    assert served - documented == set()
    assert documented - served == set()


def test_every_view_is_a_rest_framework_view():
    assert [path for path, view in _served() if view is None] == []


def test_every_write_documents_its_request_body(schema):
    missing = {
        (method, path)
        for method, path, operation in _operations(schema)
        if method in ("post", "put", "patch") and "requestBody" not in operation
    }
    assert missing == BODYLESS


def test_every_error_response_has_the_error_shape(schema):
    wrong = []
    for method, path, operation in _operations(schema):
        for code, response in operation["responses"].items():
            if not code.startswith(("4", "5")):
                continue
            body = response.get("content", {}).get("application/json", {})
            shape = _resolve(schema, body.get("schema", {}))
            error = _resolve(schema, shape.get("properties", {}).get("error", {}))
            if set(error.get("properties", {})) != {"code", "message", "fields"}:
                wrong.append(f"{method.upper()} {path} {code}")
    assert wrong == []


def test_every_authenticated_operation_documents_401(schema):
    missing = [
        f"{method.upper()} {path}"
        for method, path, operation in _operations(schema)
        if any(operation.get("security", [{}])) and "401" not in operation["responses"]
    ]
    assert missing == []


def test_money_moving_requests_are_idempotent_and_document_the_header(schema):
    idempotent_views = {
        (method, path)
        for method, path, view in _served_operations()
        if getattr(getattr(view, method), "__code__", None) is IDEMPOTENT_CODE
    }
    assert idempotent_views == MONEY_MOVING
    for method, path, operation in _operations(schema):
        headers = {
            p["name"] for p in operation.get("parameters", []) if p["in"] == "header"
        }
        assert (HEADER in headers) == ((method, path) in MONEY_MOVING), (method, path)
        if (method, path) in MONEY_MOVING:
            assert {"409", "422"} <= set(operation["responses"]), (method, path)
