import pytest

from tests.normal_user_account.conftest import PROFILE

pytestmark = pytest.mark.django_db


def test_profile_shows_the_callers_own_account(normal_user, normal_user_client):
    response = normal_user_client.get(PROFILE)

    assert response.status_code == 200
    data = response.json()
    assert data["normal_user_id"] == normal_user.pk
    assert data["email"] == normal_user.email
    assert data["phone"] == normal_user.phone
    assert data["status"] == "active"
    assert "password" not in data


def test_profile_full_name_can_be_changed(normal_user, normal_user_client):
    response = normal_user_client.patch(
        PROFILE, {"full_name": "  New Name  "}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["full_name"] == "New Name"
    normal_user.refresh_from_db()
    assert normal_user.full_name == "New Name"


@pytest.mark.parametrize(
    "data",
    [
        {"email": "mine@example.com"},
        {"phone": "+93700000001"},
        {"email_verified": False},
        {"phone_verified": True},
        {"is_active": False},
        {"password": "Str0ng-Passw0rd-2"},
        {"full_name": "Fine", "normal_user_id": 1},
        {"full_name": ""},
        {"full_name": "x" * 201},
        {"full_name": "bad\x00name"},
        {"full_name": 42},
        {"full_name": None},
        ["full_name", "x"],
    ],
)
def test_profile_refuses_anything_but_a_valid_full_name(
    normal_user, normal_user_client, data
):
    before = normal_user_client.get(PROFILE).json()

    response = normal_user_client.patch(PROFILE, data, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"
    assert normal_user_client.get(PROFILE).json() == before


def test_profile_needs_a_token(api_client):
    assert api_client.get(PROFILE).status_code == 401
