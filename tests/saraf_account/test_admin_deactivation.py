"""Switching a saraf or an employee off in Django admin ends their sessions."""

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from core.models import AuthSession
from saraf_account.models import SarafAccount, SarafEmployee
from tests.conftest import authenticated
from tests.factories import EmployeeFactory, SarafFactory

pytestmark = pytest.mark.django_db

PROTECTED = "/api/saraf/protected/"
EDITABLE_SARAF = (
    "name",
    "license_no",
    "email",
    "phone",
    "email_verified",
    "phone_verified",
    "province",
    "address",
    "description",
    "is_active",
)


def change_form_data(obj, fields, **changes):
    """What the admin change form posts: unticked boxes and empty values absent."""
    data = {**model_to_dict(obj, fields=fields), **changes}
    return {
        key: ("on" if value is True else value)
        for key, value in data.items()
        if value not in (False, None)
    }


def saraf_with_clients():
    saraf = SarafFactory()
    employee = EmployeeFactory(saraf=saraf)
    return saraf, authenticated(saraf=saraf), authenticated(employee=employee)


def test_unticking_active_on_a_saraf_ends_owner_and_employee_sessions(admin_client):
    saraf, owner, employee = saraf_with_clients()
    url = reverse("admin:saraf_account_sarafaccount_change", args=[saraf.pk])
    response = admin_client.post(
        url, change_form_data(saraf, EDITABLE_SARAF, is_active=False)
    )
    assert response.status_code == 302
    saraf.refresh_from_db()
    assert not saraf.is_active
    assert not AuthSession.objects.filter(saraf=saraf, revoked_at=None).exists()

    # Switched back on, the saraf needs new logins: old tokens stay dead.
    admin_client.post(url, change_form_data(saraf, EDITABLE_SARAF, is_active=True))
    assert SarafAccount.objects.get(pk=saraf.pk).is_active
    assert owner.get(PROTECTED).status_code == 401
    assert employee.get(PROTECTED).status_code == 401


def test_the_deactivate_action_ends_the_sessions_of_the_selected_sarafs(admin_client):
    saraf, owner, employee = saraf_with_clients()
    other, other_owner, _ = saraf_with_clients()
    changelist = reverse("admin:saraf_account_sarafaccount_changelist")
    response = admin_client.post(
        changelist, {"action": "deactivate", "_selected_action": [saraf.pk]}
    )
    assert response.status_code == 302
    admin_client.post(
        changelist, {"action": "activate", "_selected_action": [saraf.pk]}
    )
    assert SarafAccount.objects.get(pk=saraf.pk).is_active
    assert owner.get(PROTECTED).status_code == 401
    assert employee.get(PROTECTED).status_code == 401
    assert other_owner.get(PROTECTED).status_code == 200


def test_unticking_active_on_an_employee_ends_its_sessions_only(admin_client):
    saraf, owner, employee_client = saraf_with_clients()
    employee = SarafEmployee.objects.get(saraf=saraf)
    url = reverse("admin:saraf_account_sarafemployee_change", args=[employee.pk])
    fields = ["saraf", "username", "full_name", "is_active"]
    response = admin_client.post(
        url, change_form_data(employee, fields, is_active=False)
    )
    assert response.status_code == 302
    assert not SarafEmployee.objects.get(pk=employee.pk).is_active
    admin_client.post(url, change_form_data(employee, fields, is_active=True))
    assert SarafEmployee.objects.get(pk=employee.pk).is_active
    assert employee_client.get(PROTECTED).status_code == 401
    assert owner.get(PROTECTED).status_code == 200


def test_the_deactivate_action_ends_the_sessions_of_selected_employees(admin_client):
    saraf, owner, employee_client = saraf_with_clients()
    employee = SarafEmployee.objects.get(saraf=saraf)
    changelist = reverse("admin:saraf_account_sarafemployee_changelist")
    admin_client.post(
        changelist, {"action": "deactivate", "_selected_action": [employee.pk]}
    )
    assert employee_client.get(PROTECTED).status_code == 401
    admin_client.post(
        changelist, {"action": "activate", "_selected_action": [employee.pk]}
    )
    assert employee_client.get(PROTECTED).status_code == 401
    assert owner.get(PROTECTED).status_code == 200


def test_editing_a_saraf_without_touching_active_keeps_its_sessions(admin_client):
    saraf, owner, employee = saraf_with_clients()
    url = reverse("admin:saraf_account_sarafaccount_change", args=[saraf.pk])
    response = admin_client.post(
        url, change_form_data(saraf, EDITABLE_SARAF, name="Renamed")
    )
    assert response.status_code == 302
    assert owner.get(PROTECTED).status_code == 200
    assert employee.get(PROTECTED).status_code == 200
