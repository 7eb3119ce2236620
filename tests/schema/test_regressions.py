"""Each answer the schema fuzzer once found undocumented, now sent on purpose.

Every case goes through the WSGI app and is checked as the fuzzer checks it:
no 5xx, a documented status code, a body that matches the schema.
"""

import pytest
from django.test import override_settings

from tests.schema import openapi

schema = openapi.load()


def _call(world, path, method, *, status, **case):
    if "body" in case:
        case["media_type"] = "application/json"
    response = (
        schema[path][method]
        .Case(**case)
        .call_and_validate(
            headers={"Authorization": f"Bearer {world.token}"}, checks=openapi.CHECKS
        )
    )
    assert response.status_code == status
    return response


def test_an_employee_who_never_logged_in_matches_the_schema(world):
    response = _call(
        world,
        "/api/saraf/employees/{employee_id}/",
        "GET",
        status=200,
        path_parameters={"employee_id": world.ids["employee_id"]},
    )
    assert response.json()["last_login"] is None


def test_the_employee_list_matches_the_schema(world):
    _call(world, "/api/saraf/employees/", "GET", status=200)


@override_settings(LOGIN_FAILURE_LIMIT=2)
def test_a_locked_out_password_change_is_a_documented_429(world):
    body = {"old_password": "not-the-password", "new_password": "N3w-Passw0rd!x"}
    for _ in range(2):
        _call(world, "/api/saraf/change-password/", "POST", status=400, body=body)
    _call(world, "/api/saraf/change-password/", "POST", status=429, body=body)


def test_a_bulk_permission_change_for_an_unknown_employee_is_a_documented_404(world):
    _call(
        world,
        "/api/saraf/permissions/bulk/",
        "POST",
        status=404,
        body={"employee_ids": [10**9], "permissions": {"chat": True}},
    )


def test_a_bad_refresh_token_is_a_documented_401(world):
    _call(world, "/token/refresh/", "POST", status=401, body={"refresh": "x.y.z"})


def test_removing_a_currency_that_holds_money_is_a_documented_409(world):
    _call(
        world,
        "/api/balance/{currency}/delete/",
        "DELETE",
        status=409,
        path_parameters={"currency": "USD"},
    )


@pytest.mark.parametrize("path", ["/api/balance/{currency}/"])
def test_a_malformed_currency_in_the_path_is_a_documented_400(world, path):
    _call(world, path, "GET", status=400, path_parameters={"currency": "U$"})
