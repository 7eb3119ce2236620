"""Form-encoded bodies: a field the client did not send is never read as false.

DRF reads a missing BooleanField of an HTML form as False unless the field has
a default, so a form that only renamed an employee used to deactivate it.
"""

import importlib

import pytest
from rest_framework import serializers

from core.models import AuthSession
from tests.conftest import authenticated

pytestmark = pytest.mark.django_db

OWN_APPS = [
    "core",
    "saraf_account",
    "normal_user_account",
    "otp",
    "currency",
    "ledger",
    "transaction",
    "saraf_balance",
]


def test_renaming_an_employee_by_form_keeps_it_active(owner_client, make_employee):
    employee = make_employee("view_history")
    authenticated(employee=employee)
    response = owner_client.patch(
        f"/api/saraf/employees/{employee.pk}/",
        "full_name=Farid+Renamed",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200, response.content
    assert response.json()["is_active"] is True
    employee.refresh_from_db()
    assert (employee.full_name, employee.is_active) == ("Farid Renamed", True)
    assert AuthSession.objects.filter(
        employee=employee, revoked_at__isnull=True
    ).exists()


def test_deactivating_by_form_still_works(owner_client, make_employee):
    employee = make_employee()
    response = owner_client.patch(
        f"/api/saraf/employees/{employee.pk}/",
        "is_active=false",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200, response.content
    employee.refresh_from_db()
    assert employee.is_active is False


def test_null_is_active_changes_nothing(owner_client, make_employee):
    employee = make_employee()
    response = owner_client.patch(
        f"/api/saraf/employees/{employee.pk}/", {"is_active": None}, format="json"
    )
    assert response.status_code == 200, response.content
    employee.refresh_from_db()
    assert employee.is_active is True


def _input_serializers():
    for app in OWN_APPS:
        try:
            module = importlib.import_module(f"{app}.serializers")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, serializers.Serializer)
                and value.__module__ == module.__name__
            ):
                yield value


def _optional_booleans(serializer, path=""):
    for name, field in serializer.fields.items():
        if isinstance(field, serializers.Serializer):
            yield from _optional_booleans(field, f"{path}{name}.")
        elif (
            isinstance(field, serializers.BooleanField)
            and not field.read_only
            and not field.required
            and field.default is serializers.empty
        ):
            yield f"{path}{name}"


def test_no_optional_boolean_input_reads_a_missing_form_field_as_false():
    offenders = [
        f"{serializer_class.__module__}.{serializer_class.__name__}.{name}"
        for serializer_class in _input_serializers()
        for name in _optional_booleans(serializer_class())
    ]
    assert offenders == []
