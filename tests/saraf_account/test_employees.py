import pytest

from core.models import AuthSession
from core.permissions import FLAGS, TEMPLATES
from saraf_account.models import SarafEmployee
from tests.conftest import authenticated
from tests.factories import PASSWORD, EmployeeFactory, SarafFactory

pytestmark = pytest.mark.django_db

EMPLOYEES = "/api/saraf/employees/"
NEW_PASSWORD = "An0ther-Secret!"


def create_body(**overrides):
    return {
        "username": "Cashier1",
        "password": PASSWORD,
        "full_name": "Ahmad Cashier",
        **overrides,
    }


def flags_of(employee):
    employee.refresh_from_db()
    return {flag for flag in FLAGS if getattr(employee, flag)}


def test_owner_creates_an_employee_from_a_template_with_overrides(owner_client, saraf):
    response = owner_client.post(
        EMPLOYEES,
        create_body(template="cashier", permissions={"chat": False, "loans": True}),
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["username"] == "cashier1"
    expected = {**TEMPLATES["cashier"], "chat": False, "loans": True}
    assert body["permissions"] == expected
    employee = SarafEmployee.objects.get(pk=body["employee_id"])
    assert employee.saraf == saraf
    assert employee.check_password(PASSWORD)
    assert "password" not in body


def test_employee_without_flags_by_default(owner_client):
    body = owner_client.post(EMPLOYEES, create_body(), format="json").json()
    assert not any(body["permissions"].values())


def test_duplicate_username_in_the_same_saraf_is_409(owner_client, make_employee):
    make_employee(username="cashier1")
    response = owner_client.post(EMPLOYEES, create_body(), format="json")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "username_taken"


def test_the_same_username_in_another_saraf_is_fine(owner_client, other_saraf):
    EmployeeFactory(saraf=other_saraf, username="cashier1")
    assert owner_client.post(EMPLOYEES, create_body(), format="json").status_code == 201


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"password": "password"}, "password"),
        ({"permissions": {"fly": True}}, "permissions"),
        ({"template": "boss"}, "template"),
        ({"username": "a b"}, "username"),
        ({"full_name": "x" * 201}, "full_name"),
        ({"permissions": ["chat"]}, "permissions"),
    ],
)
def test_create_refuses_bad_input(owner_client, overrides, field):
    response = owner_client.post(EMPLOYEES, create_body(**overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not SarafEmployee.objects.exists()


def test_employee_without_add_employee_gets_403(employee_client):
    client = employee_client(*[f for f in FLAGS if f != "add_employee"])
    response = client.post(EMPLOYEES, create_body(), format="json")
    assert response.status_code == 403
    assert client.get(EMPLOYEES).status_code == 403


def test_employee_cannot_grant_a_flag_it_lacks(employee_client):
    client = employee_client("add_employee", "chat")
    response = client.post(
        EMPLOYEES,
        create_body(permissions={"chat": True, "send_transfer": True}),
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_escalation"
    assert response.json()["error"]["fields"]["permissions"] == ["send_transfer"]
    assert not SarafEmployee.objects.filter(username="cashier1").exists()


def test_employee_cannot_create_a_manager(employee_client):
    client = employee_client("add_employee")
    response = client.post(EMPLOYEES, create_body(template="manager"), format="json")
    assert response.status_code == 403


def test_employee_may_grant_flags_it_holds(employee_client):
    client = employee_client("add_employee", "chat")
    response = client.post(
        EMPLOYEES, create_body(permissions={"chat": True}), format="json"
    )
    assert response.status_code == 201


def test_list_shows_only_own_saraf_staff(owner_client, make_employee, other_saraf):
    mine = make_employee("chat")
    EmployeeFactory(saraf=other_saraf)
    response = owner_client.get(EMPLOYEES)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["results"][0]["employee_id"] == mine.pk
    assert body["results"][0]["permissions"]["chat"] is True


def test_detail_of_another_sarafs_employee_is_404(owner_client, other_saraf):
    foreign = EmployeeFactory(saraf=other_saraf)
    url = f"{EMPLOYEES}{foreign.pk}/"
    assert owner_client.get(url).status_code == 404
    assert owner_client.patch(url, {"full_name": "X"}, format="json").status_code == 404
    assert owner_client.delete(url).status_code == 404
    foreign.refresh_from_db()
    assert foreign.is_active and foreign.full_name != "X"


def test_patch_renames_and_deactivates(owner_client, make_employee):
    employee = make_employee()
    session = authenticated(employee=employee)
    response = owner_client.patch(
        f"{EMPLOYEES}{employee.pk}/",
        {"full_name": "New Name", "is_active": False},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["full_name"] == "New Name"
    assert response.json()["is_active"] is False
    assert session.get("/api/saraf/protected/").status_code == 401


def test_patch_ignores_flags_and_owner_fields(owner_client, make_employee, other_saraf):
    employee = make_employee()
    owner_client.patch(
        f"{EMPLOYEES}{employee.pk}/",
        {"add_employee": True, "saraf": other_saraf.pk, "password": "x"},
        format="json",
    )
    employee.refresh_from_db()
    assert not employee.add_employee
    assert employee.saraf_id != other_saraf.pk
    assert employee.check_password(PASSWORD)


def test_delete_deactivates_and_ends_sessions(owner_client, make_employee):
    employee = make_employee()
    session = authenticated(employee=employee)
    response = owner_client.delete(f"{EMPLOYEES}{employee.pk}/")
    assert response.status_code == 204
    employee.refresh_from_db()
    assert not employee.is_active
    assert session.get("/api/saraf/protected/").status_code == 401
    assert not AuthSession.objects.filter(
        employee=employee, revoked_at__isnull=True
    ).exists()


def test_employee_cannot_deactivate_a_more_privileged_colleague(
    employee_client, make_employee
):
    manager = make_employee(*FLAGS)
    client = employee_client("add_employee")
    response = client.delete(f"{EMPLOYEES}{manager.pk}/")
    assert response.status_code == 403
    manager.refresh_from_db()
    assert manager.is_active


def test_employee_may_manage_colleagues_within_its_flags(
    employee_client, make_employee
):
    clerk = make_employee("chat")
    client = employee_client("add_employee", "chat")
    assert client.delete(f"{EMPLOYEES}{clerk.pk}/").status_code == 204


def test_owner_resets_an_employee_password(owner_client, make_employee):
    employee = make_employee()
    session = authenticated(employee=employee)
    response = owner_client.post(
        f"{EMPLOYEES}{employee.pk}/password/",
        {"new_password": NEW_PASSWORD},
        format="json",
    )
    assert response.status_code == 200
    employee.refresh_from_db()
    assert employee.check_password(NEW_PASSWORD)
    assert session.get("/api/saraf/protected/").status_code == 401


def test_change_password_flag_reaches_only_subordinates(employee_client, make_employee):
    junior = make_employee("chat")
    senior = make_employee("chat", "send_transfer")
    client = employee_client("change_password", "chat")
    ok = client.post(
        f"{EMPLOYEES}{junior.pk}/password/", {"new_password": NEW_PASSWORD}
    )
    assert ok.status_code == 200
    refused = client.post(
        f"{EMPLOYEES}{senior.pk}/password/", {"new_password": NEW_PASSWORD}
    )
    assert refused.status_code == 403
    senior.refresh_from_db()
    assert senior.check_password(PASSWORD)


def test_password_reset_without_the_flag_is_403(employee_client, make_employee):
    target = make_employee()
    client = employee_client("add_employee")
    response = client.post(
        f"{EMPLOYEES}{target.pk}/password/", {"new_password": NEW_PASSWORD}
    )
    assert response.status_code == 403


def test_employee_cannot_reset_its_own_password_without_the_old_one(saraf):
    employee = EmployeeFactory(saraf=saraf, change_password=True)
    client = authenticated(employee=employee)
    response = client.post(
        f"{EMPLOYEES}{employee.pk}/password/", {"new_password": NEW_PASSWORD}
    )
    assert response.status_code == 403
    employee.refresh_from_db()
    assert employee.check_password(PASSWORD)


def test_password_reset_of_another_sarafs_employee_is_404(owner_client, other_saraf):
    foreign = EmployeeFactory(saraf=other_saraf)
    response = owner_client.post(
        f"{EMPLOYEES}{foreign.pk}/password/", {"new_password": NEW_PASSWORD}
    )
    assert response.status_code == 404


def test_public_names_list_shows_only_names_of_active_staff(
    api_client, saraf, make_employee
):
    make_employee("send_transfer", full_name="Visible Person")
    make_employee(full_name="Gone Person", is_active=False)
    response = api_client.get("/api/saraf/get-employees/", {"saraf_id": saraf.pk})
    assert response.status_code == 200
    assert response.json()["results"] == [{"full_name": "Visible Person"}]


@pytest.mark.parametrize("query", [{}, {"saraf_id": "x"}, {"saraf_id": "1\x00"}])
def test_public_names_list_needs_a_valid_saraf_id(api_client, query):
    assert api_client.get("/api/saraf/get-employees/", query).status_code == 400


def test_public_names_list_of_unlisted_sarafs_is_404(api_client):
    pending = SarafFactory(email_verified=False)
    EmployeeFactory(saraf=pending)
    inactive = SarafFactory(is_active=False)
    for saraf_id in (pending.pk, inactive.pk):
        response = api_client.get("/api/saraf/get-employees/", {"saraf_id": saraf_id})
        assert response.status_code == 404
    huge = api_client.get("/api/saraf/get-employees/", {"saraf_id": 2**63 + 5})
    assert huge.status_code == 400
