import pytest

from saraf_account.models import SarafAccount, SarafEmployee

pytestmark = pytest.mark.django_db

PUBLIC_POSTS = [
    "/api/saraf/register/",
    "/api/saraf/login/",
    "/api/saraf/otp/verify/",
    "/api/saraf/otp/resend/",
    "/api/saraf/forgot-password/",
    "/api/saraf/forgot-password/otp/verify/",
]
STAFF_POSTS = [
    "/api/saraf/logout/",
    "/api/saraf/change-password/",
    "/api/saraf/employees/",
    "/api/saraf/permissions/bulk/",
]


@pytest.mark.parametrize("url", PUBLIC_POSTS)
@pytest.mark.parametrize(
    "raw", ['{"name": ', "[1, 2]", '"just a string"', "null", "42"]
)
def test_public_posts_refuse_malformed_or_non_object_json(api_client, url, raw):
    response = api_client.post(url, raw, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] in ("malformed_request", "validation_error")


@pytest.mark.parametrize("url", STAFF_POSTS)
@pytest.mark.parametrize("raw", ['{"x": ', "[]", '"s"'])
def test_staff_posts_refuse_malformed_or_non_object_json(owner_client, url, raw):
    response = owner_client.post(url, raw, content_type="application/json")
    assert response.status_code == 400


def test_register_refuses_nul_bytes_and_over_long_strings(api_client):
    base = {"name": "A", "license_no": "L", "email": "a@example.com"}
    for body in (
        {**base, "name": "Bad\x00Name", "password": "Str0ng-Passw0rd!"},
        {**base, "name": "x" * 201, "password": "Str0ng-Passw0rd!"},
        {**base, "password": "p" * 129},
        {**base, "license_no": "x" * 65, "password": "Str0ng-Passw0rd!"},
        {**base, "email": "a" * 250 + "@example.com", "password": "Str0ng-Passw0rd!"},
        {**base, "name": {"a": 1}, "password": "Str0ng-Passw0rd!"},
    ):
        assert (
            api_client.post("/api/saraf/register/", body, format="json").status_code
            == 400
        )
    assert not SarafAccount.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"saraf_id": 2**63, "username": "a", "password": "p"},
        {"saraf_id": -1, "username": "a", "password": "p"},
        {"saraf_id": "abc", "username": "a", "password": "p"},
        {"email": "a@example.com", "password": "p\x00"},
        {"email": "not-an-email", "password": "p"},
    ],
)
def test_login_refuses_bad_values(api_client, body):
    assert api_client.post("/api/saraf/login/", body, format="json").status_code == 400


@pytest.mark.parametrize("path", ["employees", "permissions"])
def test_huge_ids_in_urls_are_404(owner_client, path):
    response = owner_client.get(f"/api/saraf/{path}/{2**70}/")
    assert response.status_code == 404


def test_employee_create_refuses_nul_bytes(owner_client):
    response = owner_client.post(
        "/api/saraf/employees/",
        {"username": "abc", "password": "Str0ng-Passw0rd!", "full_name": "A\x00"},
        format="json",
    )
    assert response.status_code == 400
    assert not SarafEmployee.objects.exists()


def test_huge_public_image_ids_are_404(api_client):
    assert api_client.get(f"/api/saraf/{2**70}/logo/").status_code == 404
