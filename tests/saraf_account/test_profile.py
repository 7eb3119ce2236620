import pytest

from saraf_account.models import SarafAccount
from tests.factories import EmployeeFactory, SarafFactory

pytestmark = pytest.mark.django_db

PROFILE = "/api/saraf/profile/"
LIST = "/api/saraf/list/"
PRIVATE_FIELDS = {"email", "phone", "license_no", "license_document", "id_card"}


def test_public_list_shows_only_active_verified_sarafs(api_client, saraf):
    SarafFactory(email_verified=False, phone_verified=False)
    SarafFactory(is_active=False)
    phone_only = SarafFactory(email_verified=False, phone_verified=True)
    response = api_client.get(LIST)
    assert response.status_code == 200
    body = response.json()
    assert {r["saraf_id"] for r in body["results"]} == {saraf.pk, phone_only.pk}
    assert body["count"] == 2


def test_public_list_exposes_no_private_fields(api_client, saraf):
    result = api_client.get(LIST).json()["results"][0]
    assert not PRIVATE_FIELDS & set(result)
    assert set(result) == {
        "saraf_id",
        "name",
        "province",
        "address",
        "description",
        "logo_url",
        "wallpaper_url",
        "is_license_verified",
    }


def test_public_list_search_and_province(api_client):
    SarafFactory(name="Kabul Gold Exchange", province="Kabul")
    SarafFactory(name="Herat Exchange", province="Herat")
    SarafFactory(name="Gold Herat", province="Herat")
    names = lambda q: {r["name"] for r in api_client.get(LIST, q).json()["results"]}  # noqa: E731
    assert names({"search": "gold"}) == {"Kabul Gold Exchange", "Gold Herat"}
    assert names({"province": "herat"}) == {"Herat Exchange", "Gold Herat"}
    assert names({"search": "gold", "province": "Herat"}) == {"Gold Herat"}


def test_public_list_is_paginated(api_client):
    SarafFactory.create_batch(3)
    body = api_client.get(LIST, {"page_size": 2}).json()
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]


@pytest.mark.parametrize(
    "query", [{"search": "a\x00b"}, {"search": "x" * 101}, {"page": "999"}]
)
def test_public_list_bad_query_is_4xx(api_client, saraf, query):
    assert api_client.get(LIST, query).status_code in (400, 404)


def test_public_list_shows_the_license_badge(api_client):
    SarafFactory(is_license_verified=True)
    assert api_client.get(LIST).json()["results"][0]["is_license_verified"] is True


def test_protected_for_the_owner(owner_client, saraf):
    body = owner_client.get("/api/saraf/protected/").json()
    assert body["user_type"] == "saraf" and body["employee_id"] is None
    assert body["saraf"]["email"] == saraf.email
    assert body["saraf"]["status"] == "active"
    assert all(body["permissions"].values())


def test_protected_for_an_employee(saraf):
    from tests.conftest import authenticated

    employee = EmployeeFactory(saraf=saraf, chat=True)
    body = authenticated(employee=employee).get("/api/saraf/protected/").json()
    assert body["user_type"] == "employee"
    assert body["employee_id"] == employee.pk
    assert body["employee"]["username"] == employee.username
    assert body["saraf"]["saraf_id"] == saraf.pk
    assert {f for f, on in body["permissions"].items() if on} == {"chat"}


def test_protected_refuses_anonymous_and_normal_users(api_client, normal_user_client):
    assert api_client.get("/api/saraf/protected/").status_code == 401
    assert normal_user_client.get("/api/saraf/protected/").status_code == 403


def test_profile_read_by_any_staff(employee_client, saraf):
    body = employee_client().get(PROFILE).json()
    assert body["saraf_id"] == saraf.pk and body["name"] == saraf.name


def test_owner_edits_the_profile(owner_client, saraf):
    response = owner_client.patch(
        PROFILE,
        {"name": "New Name", "province": "Balkh", "description": "Since 1990"},
        format="json",
    )
    assert response.status_code == 200
    saraf.refresh_from_db()
    assert (saraf.name, saraf.province, saraf.description) == (
        "New Name",
        "Balkh",
        "Since 1990",
    )


def test_profile_edit_cannot_touch_contacts_status_or_verification(owner_client, saraf):
    before = SarafAccount.objects.values().get(pk=saraf.pk)
    response = owner_client.patch(
        PROFILE,
        {
            "email": "evil@example.com",
            "phone": "+93790000000",
            "is_active": False,
            "is_license_verified": True,
            "email_verified": False,
            "license_no": "FAKE",
            "status": "inactive",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "email" in response.json()["error"]["fields"]
    after = SarafAccount.objects.values().get(pk=saraf.pk)
    before.pop("updated_at"), after.pop("updated_at")
    assert before == after


def test_profile_edit_needs_edit_profile(employee_client, saraf):
    response = employee_client("chat").patch(PROFILE, {"name": "X"}, format="json")
    assert response.status_code == 403
    saraf.refresh_from_db()
    assert saraf.name != "X"
    allowed = employee_client("edit_profile").patch(
        PROFILE, {"name": "X"}, format="json"
    )
    assert allowed.status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"name": ""},
        {"name": "x" * 201},
        {"description": "x" * 2001},
        {"address": "a\x00b"},
        {"name": ["a"]},
    ],
)
def test_profile_edit_refuses_bad_input(owner_client, saraf, body):
    assert owner_client.patch(PROFILE, body, format="json").status_code == 400
