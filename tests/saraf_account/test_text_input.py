"""Names and free text in request bodies: strings only; names show what they say."""

import pytest
from rest_framework.test import APIClient

from saraf_account.models import SarafAccount, SarafEmployee
from tests.factories import PASSWORD, EmployeeFactory

pytestmark = pytest.mark.django_db

REGISTER = "/api/saraf/register/"
PROFILE = "/api/saraf/profile/"
EMPLOYEES = "/api/saraf/employees/"

BAD_NAMES = [
    123,
    True,
    "Ali\u202eNAHK",
    "Ali\u2066Khan",
    "Ali\nKhan",
    "Ali\x07Khan",
    "\u200b\u200c ",
    "x" * 201,
]
BAD_PHONES = [
    "+93 79 123 4567 ext. 5",
    "+93791234567;ext=5",
    "+93791234567x5",
    "+9379123\x004567",
    "0791234567\x00",
    791234567,
    ["0791234567"],
]


def register(**overrides):
    body = {
        "name": "Kabul Exchange",
        "license_no": "LIC-1",
        "phone": "0791234567",
        "password": PASSWORD,
    }
    body.update(overrides)
    return APIClient().post(REGISTER, body, format="json")


def error(response):
    return response.json()["error"]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_register_refuses_a_bad_name_and_creates_nothing(name):
    response = register(name=name)
    assert response.status_code == 400
    assert error(response)["code"] == "validation_error"
    assert "name" in error(response)["fields"]
    assert not SarafAccount.objects.exists()


@pytest.mark.parametrize("field", ["license_no", "province", "address", "password"])
@pytest.mark.parametrize("value", [12345678, True])
def test_register_refuses_non_text_in_text_fields(field, value):
    response = register(**{field: value})
    assert response.status_code == 400
    assert field in error(response)["fields"]
    assert not SarafAccount.objects.exists()


@pytest.mark.parametrize("phone", BAD_PHONES)
def test_register_refuses_a_phone_with_an_extension_nul_or_not_a_string(phone):
    response = register(phone=phone)
    assert response.status_code == 400
    assert error(response)["code"] == "invalid_phone"
    assert "phone" in error(response)["fields"]
    assert not SarafAccount.objects.exists()


@pytest.mark.parametrize("phone", ["+93 79 123 4567", "۰۷۹۱۲۳۴۵۶۷", "(079) 123-4567"])
def test_register_still_reads_phones_as_people_write_them(phone):
    response = register(phone=phone)
    assert response.status_code == 201
    assert SarafAccount.objects.get().phone == "+93791234567"


def test_login_refuses_a_phone_with_an_extension():
    response = APIClient().post(
        "/api/saraf/login/",
        {"phone": "+93791234567 ext. 5", "password": PASSWORD},
        format="json",
    )
    assert response.status_code == 400
    assert error(response)["code"] == "invalid_phone"


@pytest.mark.parametrize("name", BAD_NAMES)
def test_profile_refuses_a_bad_name_and_keeps_the_old_one(owner_client, saraf, name):
    response = owner_client.patch(PROFILE, {"name": name}, format="json")
    assert response.status_code == 400
    saraf.refresh_from_db()
    assert saraf.name.startswith("Saraf ")


@pytest.mark.parametrize("field", ["province", "address", "description"])
def test_profile_refuses_numbers_in_text_fields(owner_client, saraf, field):
    response = owner_client.patch(PROFILE, {field: 42}, format="json")
    assert response.status_code == 400
    assert field in error(response)["fields"]
    saraf.refresh_from_db()
    assert getattr(saraf, field) != "42"


@pytest.mark.parametrize("full_name", BAD_NAMES)
def test_employee_create_refuses_a_bad_full_name(owner_client, full_name):
    response = owner_client.post(
        EMPLOYEES,
        {"username": "cashier1", "password": PASSWORD, "full_name": full_name},
        format="json",
    )
    assert response.status_code == 400
    assert "full_name" in error(response)["fields"]
    assert not SarafEmployee.objects.exists()


def test_employee_create_refuses_a_number_as_username(owner_client):
    response = owner_client.post(
        EMPLOYEES,
        {"username": 12345, "password": PASSWORD, "full_name": "Ahmad"},
        format="json",
    )
    assert response.status_code == 400
    assert "username" in error(response)["fields"]
    assert not SarafEmployee.objects.exists()


def test_employee_rename_refuses_a_bidi_override(owner_client, saraf):
    employee = EmployeeFactory(saraf=saraf, full_name="Ahmad")
    response = owner_client.patch(
        f"{EMPLOYEES}{employee.pk}/", {"full_name": "Ahmad\u202e"}, format="json"
    )
    assert response.status_code == 400
    employee.refresh_from_db()
    assert employee.full_name == "Ahmad"


def test_public_list_refuses_nothing_it_can_read(api_client):
    assert api_client.get("/api/saraf/list/?search=123").status_code == 200
