import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.factories import PASSWORD
from tests.normal_user_account.conftest import PROFILE

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_logged_in():
    User.objects.create_superuser("admin", "admin@example.com", PASSWORD)
    client = Client()
    client.force_login(User.objects.get())
    return client


def test_admin_lists_and_shows_normal_users_without_the_password(
    admin_client_logged_in, normal_user
):
    listing = admin_client_logged_in.get("/admin/normal_user_account/normaluser/")
    change = admin_client_logged_in.get(
        f"/admin/normal_user_account/normaluser/{normal_user.pk}/change/"
    )

    assert listing.status_code == 200
    assert normal_user.email in listing.content.decode()
    assert change.status_code == 200
    assert 'name="password"' not in change.content.decode()
    assert 'name="email"' not in change.content.decode()
    assert normal_user.password not in change.content.decode()


def test_admin_cannot_add_normal_users(admin_client_logged_in):
    response = admin_client_logged_in.get("/admin/normal_user_account/normaluser/add/")

    assert response.status_code == 403


def test_admin_deactivation_refuses_the_users_next_request(
    admin_client_logged_in, normal_user, normal_user_client
):
    response = admin_client_logged_in.post(
        f"/admin/normal_user_account/normaluser/{normal_user.pk}/change/",
        {
            "full_name": normal_user.full_name,
            "email_verified": "on",
            "phone_verified": "on",
        },
    )

    assert response.status_code == 302
    normal_user.refresh_from_db()
    assert not normal_user.is_active
    assert normal_user.check_password(PASSWORD)
    assert normal_user_client.get(PROFILE).status_code == 401


def test_admin_action_deactivates_selected_users(
    admin_client_logged_in, normal_user, normal_user_client
):
    response = admin_client_logged_in.post(
        "/admin/normal_user_account/normaluser/",
        {"action": "deactivate", "_selected_action": [normal_user.pk]},
    )

    assert response.status_code == 302
    normal_user.refresh_from_db()
    assert not normal_user.is_active
    assert normal_user_client.get(PROFILE).status_code == 401
