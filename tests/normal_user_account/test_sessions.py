import pytest

from core.models import AuthSession
from normal_user_account.services import normal_user_set_active
from tests.conftest import authenticated
from tests.normal_user_account.conftest import (
    CHANGE_PASSWORD,
    LOGOUT,
    PROFILE,
    bearer,
    login,
)

pytestmark = pytest.mark.django_db


def test_logout_ends_the_session_at_once(verified_user):
    tokens = login(email="verified@example.com").json()
    client = bearer(tokens["access"])

    response = client.post(LOGOUT, {"refresh": tokens["refresh"]}, format="json")

    assert response.status_code == 200
    assert client.get(PROFILE).status_code == 401
    refreshed = client.post(
        "/token/refresh/", {"refresh": tokens["refresh"]}, format="json"
    )
    assert refreshed.status_code == 401
    assert AuthSession.objects.get().revoked_at is not None


def test_logout_leaves_other_sessions_alone(verified_user):
    first = login(email="verified@example.com").json()
    second = login(email="verified@example.com").json()

    bearer(first["access"]).post(LOGOUT, {"refresh": first["refresh"]}, format="json")

    assert bearer(second["access"]).get(PROFILE).status_code == 200


def test_logout_with_another_sessions_refresh_token_is_refused(verified_user):
    first = login(email="verified@example.com").json()
    second = login(email="verified@example.com").json()

    response = bearer(first["access"]).post(
        LOGOUT, {"refresh": second["refresh"]}, format="json"
    )

    assert response.status_code == 400
    assert "refresh" in response.json()["error"]["fields"]
    assert bearer(second["access"]).get(PROFILE).status_code == 200


@pytest.mark.parametrize("data", [{}, {"refresh": "garbage"}, {"refresh": 1}, [1]])
def test_logout_refuses_malformed_input(normal_user_client, data):
    response = normal_user_client.post(LOGOUT, data, format="json")

    assert response.status_code == 400
    assert normal_user_client.get(PROFILE).status_code == 200


def test_logout_without_a_token_is_unauthenticated(api_client):
    response = api_client.post(LOGOUT, {"refresh": "x"}, format="json")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", PROFILE),
        ("patch", PROFILE),
        ("post", LOGOUT),
        ("post", CHANGE_PASSWORD),
    ],
)
def test_saraf_and_employee_tokens_are_refused_on_normal_user_endpoints(
    owner_client, employee_client, method, path
):
    for client in (owner_client, employee_client("edit_profile")):
        response = getattr(client, method)(path, {}, format="json")

        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"


def test_deactivation_refuses_the_next_request(normal_user, normal_user_client):
    assert normal_user_client.get(PROFILE).status_code == 200

    normal_user_set_active(normal_user=normal_user, is_active=False)

    assert normal_user_client.get(PROFILE).status_code == 401
    assert not AuthSession.objects.filter(revoked_at__isnull=True).exists()


def test_reactivation_does_not_revive_old_sessions(normal_user, normal_user_client):
    normal_user_set_active(normal_user=normal_user, is_active=False)
    normal_user_set_active(normal_user=normal_user, is_active=True)

    assert normal_user_client.get(PROFILE).status_code == 401
    assert authenticated(normal_user=normal_user).get(PROFILE).status_code == 200


def test_deactivation_written_straight_to_the_row_is_still_enforced(
    normal_user, normal_user_client
):
    type(normal_user).objects.filter(pk=normal_user.pk).update(is_active=False)

    assert normal_user_client.get(PROFILE).status_code == 401
