"""Names and phones in request bodies: strings only; names show what they say."""

import pytest

from normal_user_account.models import NormalUser
from tests.factories import PASSWORD
from tests.normal_user_account.conftest import LOGIN, PROFILE, REGISTER, post

pytestmark = pytest.mark.django_db

BAD_NAMES = [
    123,
    False,
    "Ali\u202eNAHK",
    "Ali\u2069",
    "Ali\r\nKhan",
    "\u200b",
    "x" * 201,
]
BAD_PHONES = [
    "+93 70 123 4567 ext. 5",
    "+93701234567;ext=5",
    "+93701234567x5",
    "+9370123\x004567",
    701234567,
]


@pytest.mark.parametrize("full_name", BAD_NAMES)
def test_register_refuses_a_bad_full_name_and_creates_nothing(full_name):
    response = post(
        REGISTER,
        {"full_name": full_name, "email": "a@example.com", "password": PASSWORD},
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"
    assert "full_name" in response.json()["error"]["fields"]
    assert not NormalUser.objects.exists()


@pytest.mark.parametrize("phone", BAD_PHONES)
def test_register_refuses_a_phone_with_an_extension_nul_or_not_a_string(phone):
    response = post(
        REGISTER, {"full_name": "Ahmad", "phone": phone, "password": PASSWORD}
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_phone"
    assert not NormalUser.objects.exists()


@pytest.mark.parametrize("phone", BAD_PHONES)
def test_login_refuses_a_phone_with_an_extension(phone):
    response = post(LOGIN, {"phone": phone, "password": PASSWORD})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_phone"


@pytest.mark.parametrize("full_name", BAD_NAMES)
def test_profile_refuses_a_bad_full_name_and_keeps_the_old_one(
    normal_user, normal_user_client, full_name
):
    before = normal_user.full_name
    response = normal_user_client.patch(
        PROFILE, {"full_name": full_name}, format="json"
    )
    assert response.status_code == 400
    normal_user.refresh_from_db()
    assert normal_user.full_name == before
