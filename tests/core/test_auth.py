import jwt
import pytest
from django.conf import settings
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from core.auth import JWTAuthentication, sessions_revoke_all
from tests.conftest import authenticated

pytestmark = pytest.mark.django_db


def test_refresh_rotates_and_old_refresh_is_refused(saraf):
    tokens = authenticated(saraf=saraf).tokens
    client = APIClient()
    first = client.post(
        "/token/refresh/", {"refresh": tokens["refresh"]}, format="json"
    )
    assert first.status_code == 200
    assert set(first.json()) == {"access", "refresh"}
    reused = client.post(
        "/token/refresh/", {"refresh": tokens["refresh"]}, format="json"
    )
    assert reused.status_code == 401
    assert reused.json()["error"]["code"] == "not_authenticated"


def test_reusing_a_rotated_refresh_token_closes_the_session(saraf):
    tokens = authenticated(saraf=saraf).tokens
    client = APIClient()
    rotated = client.post(
        "/token/refresh/", {"refresh": tokens["refresh"]}, format="json"
    )
    client.post("/token/refresh/", {"refresh": tokens["refresh"]}, format="json")
    again = client.post(
        "/token/refresh/", {"refresh": rotated.json()["refresh"]}, format="json"
    )
    assert again.status_code == 401


def test_access_token_sent_to_refresh_is_refused(saraf):
    tokens = authenticated(saraf=saraf).tokens
    response = APIClient().post(
        "/token/refresh/", {"refresh": tokens["access"]}, format="json"
    )
    assert response.status_code == 401


@pytest.mark.parametrize("which", ["refresh", "tampered", "alg_none", "garbage"])
def test_bad_access_tokens_are_refused(saraf, which):
    tokens = authenticated(saraf=saraf).tokens
    if which == "refresh":
        token = tokens["refresh"]
    elif which == "tampered":
        head, payload, sig = tokens["access"].split(".")
        token = f"{head}.{payload}.{sig[:-4]}AAAA"
    elif which == "alg_none":
        claims = jwt.decode(tokens["access"], options={"verify_signature": False})
        token = jwt.encode(claims, key=None, algorithm="none")
    else:
        token = "not-a-jwt"
    assert_refused(token)


def assert_refused(token):
    request = Request(
        APIRequestFactory().get("/", HTTP_AUTHORIZATION=f"Bearer {token}")
    )
    with pytest.raises(AuthenticationFailed):
        JWTAuthentication().authenticate(request)


def test_token_signed_with_another_key_is_refused(saraf):
    tokens = authenticated(saraf=saraf).tokens
    claims = jwt.decode(tokens["access"], options={"verify_signature": False})
    assert_refused(jwt.encode(claims, key="x" * 64, algorithm="HS256"))
    assert settings.SIMPLE_JWT["ALGORITHM"] == "HS256"


def test_revoked_sessions_refuse_access_at_once(saraf):
    client = authenticated(saraf=saraf)
    sessions_revoke_all(saraf=saraf)
    assert_refused(client.tokens["access"])


def test_deactivated_employee_is_refused(make_employee):
    employee = make_employee()
    client = authenticated(employee=employee)
    employee.is_active = False
    employee.save()
    assert_refused(client.tokens["access"])


def test_deactivated_saraf_refuses_its_employees(saraf, make_employee):
    client = authenticated(employee=make_employee())
    saraf.is_active = False
    saraf.save()
    assert_refused(client.tokens["access"])


def test_healthz_checks_the_database(api_client):
    assert api_client.get("/healthz").json() == {"status": "ok"}
