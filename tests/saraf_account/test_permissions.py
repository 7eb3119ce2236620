import pytest

from core.permissions import FLAGS, TEMPLATES
from tests.conftest import authenticated
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

PERMISSIONS = "/api/saraf/permissions/"
BULK = "/api/saraf/permissions/bulk/"


def flags_of(employee):
    employee.refresh_from_db()
    return {flag for flag in FLAGS if getattr(employee, flag)}


def test_owner_holds_every_flag(owner_client, saraf):
    body = owner_client.get(PERMISSIONS).json()
    assert body["user_type"] == "saraf" and body["saraf_id"] == saraf.pk
    assert body["permissions"] == dict.fromkeys(FLAGS, True)


def test_employee_sees_its_own_flags(employee_client):
    body = employee_client("chat").get(PERMISSIONS).json()
    assert body["user_type"] == "employee"
    assert {f for f, on in body["permissions"].items() if on} == {"chat"}
    assert len(body["permissions"]) == 20


def test_templates_list(owner_client):
    body = owner_client.get(PERMISSIONS + "templates/").json()
    assert {t["name"]: t["permissions"] for t in body} == TEMPLATES


def test_templates_need_a_login(api_client):
    assert api_client.get(PERMISSIONS + "templates/").status_code == 401


def test_get_employee_permissions_shows_all_20_flags(owner_client, make_employee):
    employee = make_employee("loans")
    body = owner_client.get(f"{PERMISSIONS}{employee.pk}/").json()
    assert body["employee_id"] == employee.pk
    assert len(body["permissions"]) == 20 and body["permissions"]["loans"] is True


def test_patch_by_template_replaces_all_flags(owner_client, make_employee):
    employee = make_employee("loans")
    response = owner_client.patch(
        f"{PERMISSIONS}{employee.pk}/", {"template": "hawala_clerk"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["permissions"] == TEMPLATES["hawala_clerk"]


def test_patch_single_flags_keeps_the_rest(owner_client, make_employee):
    employee = make_employee("loans", "chat")
    owner_client.patch(
        f"{PERMISSIONS}{employee.pk}/",
        {"permissions": {"chat": False, "view_history": True}},
        format="json",
    )
    assert flags_of(employee) == {"loans", "view_history"}


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"permissions": {"superuser": True}},
        {"permissions": {"chat": "maybe"}},
        {"template": "root"},
        {"permissions": "chat"},
    ],
)
def test_patch_refuses_bad_input(owner_client, make_employee, body):
    employee = make_employee("chat")
    response = owner_client.patch(f"{PERMISSIONS}{employee.pk}/", body, format="json")
    assert response.status_code == 400
    assert flags_of(employee) == {"chat"}


def test_permissions_of_another_sarafs_employee_are_404(owner_client, other_saraf):
    foreign = EmployeeFactory(saraf=other_saraf, chat=True)
    url = f"{PERMISSIONS}{foreign.pk}/"
    assert owner_client.get(url).status_code == 404
    response = owner_client.patch(url, {"template": "manager"}, format="json")
    assert response.status_code == 404
    assert flags_of(foreign) == {"chat"}


def test_employee_without_add_employee_cannot_read_or_set_flags(
    employee_client, make_employee
):
    target = make_employee()
    client = employee_client("chat")
    assert client.get(f"{PERMISSIONS}{target.pk}/").status_code == 403
    response = client.patch(
        f"{PERMISSIONS}{target.pk}/", {"permissions": {"chat": True}}, format="json"
    )
    assert response.status_code == 403
    assert flags_of(target) == set()


def test_employee_cannot_raise_its_own_flags(saraf):
    employee = EmployeeFactory(saraf=saraf, add_employee=True)
    client = authenticated(employee=employee)
    for body in (
        {"permissions": {"send_transfer": True}},
        {"template": "manager"},
    ):
        response = client.patch(f"{PERMISSIONS}{employee.pk}/", body, format="json")
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_escalation"
    bulk = client.post(
        BULK,
        {"employee_ids": [employee.pk], "permissions": {"loans": True}},
        format="json",
    )
    assert bulk.status_code == 403
    assert flags_of(employee) == {"add_employee"}


def test_employee_cannot_grant_a_colleague_more_than_it_holds(
    employee_client, make_employee
):
    colleague = make_employee()
    client = employee_client("add_employee", "chat")
    response = client.patch(
        f"{PERMISSIONS}{colleague.pk}/",
        {"permissions": {"chat": True, "give_money": True}},
        format="json",
    )
    assert response.status_code == 403
    assert flags_of(colleague) == set()


def test_employee_cannot_strip_a_more_privileged_colleague(
    employee_client, make_employee
):
    manager = make_employee(*FLAGS)
    client = employee_client("add_employee")
    response = client.patch(
        f"{PERMISSIONS}{manager.pk}/", {"template": "read_only"}, format="json"
    )
    assert response.status_code == 403
    assert flags_of(manager) == set(FLAGS)


def test_accomplice_trick_does_not_escalate(saraf):
    """A creates B with add_employee; B still cannot hand A flags neither holds."""
    first = EmployeeFactory(saraf=saraf, add_employee=True, chat=True)
    first_client = authenticated(employee=first)
    created = first_client.post(
        "/api/saraf/employees/",
        {
            "username": "accomplice",
            "password": "Str0ng-Passw0rd!",
            "full_name": "Accomplice",
            "permissions": {"add_employee": True, "chat": True},
        },
        format="json",
    ).json()
    second_client = authenticated(
        employee=EmployeeFactory._meta.model.objects.get(pk=created["employee_id"])
    )
    response = second_client.patch(
        f"{PERMISSIONS}{first.pk}/",
        {"permissions": {"give_money": True}},
        format="json",
    )
    assert response.status_code == 403
    assert flags_of(first) == {"add_employee", "chat"}


def test_flag_revocation_takes_effect_on_the_next_request(owner_client, saraf):
    employee = EmployeeFactory(saraf=saraf, add_employee=True)
    client = authenticated(employee=employee)
    assert client.get("/api/saraf/employees/").status_code == 200
    owner_client.patch(
        f"{PERMISSIONS}{employee.pk}/",
        {"permissions": {"add_employee": False}},
        format="json",
    )
    assert client.get("/api/saraf/employees/").status_code == 403


def test_bulk_update_sets_flags_on_every_employee(owner_client, make_employee):
    employees = [make_employee() for _ in range(3)]
    response = owner_client.post(
        BULK,
        {"employee_ids": [e.pk for e in employees], "template": "cashier"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json() == {"updated": 3}
    cashier = {f for f, on in TEMPLATES["cashier"].items() if on}
    assert all(flags_of(e) == cashier for e in employees)


def test_bulk_with_one_foreign_id_changes_nothing(
    owner_client, make_employee, other_saraf
):
    mine = make_employee()
    foreign = EmployeeFactory(saraf=other_saraf)
    response = owner_client.post(
        BULK,
        {"employee_ids": [mine.pk, foreign.pk], "permissions": {"chat": True}},
        format="json",
    )
    assert response.status_code == 404
    assert flags_of(mine) == set() and flags_of(foreign) == set()


def test_bulk_by_an_employee_is_all_or_nothing(employee_client, make_employee):
    junior = make_employee()
    manager = make_employee(*FLAGS)
    client = employee_client("add_employee", "chat")
    response = client.post(
        BULK,
        {"employee_ids": [junior.pk, manager.pk], "permissions": {"chat": True}},
        format="json",
    )
    assert response.status_code == 403
    assert flags_of(junior) == set()


@pytest.mark.parametrize(
    "body",
    [
        {"employee_ids": [], "permissions": {"chat": True}},
        {"employee_ids": [1]},
        {"employee_ids": "1", "permissions": {"chat": True}},
        {"employee_ids": [2**64], "permissions": {"chat": True}},
        {"employee_ids": [1], "permissions": {"nope": True}},
    ],
)
def test_bulk_refuses_bad_input(owner_client, body):
    assert owner_client.post(BULK, body, format="json").status_code == 400


def test_bulk_over_500_ids_is_refused_by_its_length_alone(owner_client):
    response = owner_client.post(
        BULK, {"template": "cashier", "employee_ids": [0] * 10_000}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["employee_ids"] == [
        "Ensure this field has no more than 500 elements."
    ]


def test_unknown_flags_are_named_a_few_at_a_time(owner_client, make_employee):
    employee = make_employee()
    flags = {f"flag{n:05d}": True for n in range(1000)}
    response = owner_client.post(
        BULK, {"permissions": flags, "employee_ids": [employee.pk]}, format="json"
    )
    assert response.status_code == 400
    message = response.json()["error"]["fields"]["permissions"][0]
    assert message.endswith("flag00004 (and 995 more).")
