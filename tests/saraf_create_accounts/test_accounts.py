import pytest

from saraf_create_accounts.models import CustomerAccount
from saraf_create_accounts.services import customer_account_create
from tests.saraf_create_accounts.factories import CustomerAccountFactory

pytestmark = pytest.mark.django_db

CREATE_URL = "/api/saraf-create-accounts/create/"
LIST_URL = "/api/saraf-create-accounts/list/"


def detail_url(account_id):
    return f"/api/saraf-create-accounts/{account_id}/"


def body(**overrides):
    data = {
        "full_name": "Ahmad Karimi",
        "phone": "0791234567",
        "account_type": "customer",
        "address": "Kabul, Shar-e Naw",
        "job": "Trader",
    }
    data.update(overrides)
    return data


def test_create_numbers_accounts_per_saraf_and_normalises_the_phone(
    owner_client, other_owner_client, saraf
):
    first = owner_client.post(CREATE_URL, body(), format="json")
    second = owner_client.post(
        CREATE_URL,
        body(account_type="exchanger", phone="+93 79 123 4568"),
        format="json",
    )
    elsewhere = other_owner_client.post(CREATE_URL, body(), format="json")

    assert first.status_code == 201, first.data
    assert first.data["account_number"] == "C-000001"
    assert first.data["phone"] == "+93791234567"
    assert first.data["is_active"] is True
    assert first.data["created_by_employee"] is None
    assert second.data["account_number"] == "C-000002"
    assert second.data["account_type"] == "exchanger"
    assert elsewhere.data["account_number"] == "C-000001"
    account = CustomerAccount.objects.get(pk=first.data["id"])
    assert account.saraf == saraf
    assert (account.full_name, account.address, account.job) == (
        "Ahmad Karimi",
        "Kabul, Shar-e Naw",
        "Trader",
    )


def test_create_by_employee_records_who_opened_it(employee_client):
    client = employee_client("create_accounts")
    response = client.post(CREATE_URL, body(address="", job=""), format="json")
    assert response.status_code == 201
    account = CustomerAccount.objects.get(pk=response.data["id"])
    assert account.created_by_employee_id is not None
    assert account.created_by_employee_id == response.data["created_by_employee"]


def test_create_needs_the_create_accounts_flag(employee_client):
    response = employee_client("edit_accounts", "view_history").post(
        CREATE_URL, body(), format="json"
    )
    assert response.status_code == 403
    assert response.data["error"]["code"] == "permission_denied"
    assert not CustomerAccount.objects.exists()


def test_create_refuses_anonymous_and_normal_users(api_client, normal_user_client):
    assert api_client.post(CREATE_URL, body(), format="json").status_code == 401
    assert normal_user_client.post(CREATE_URL, body(), format="json").status_code == 403
    assert not CustomerAccount.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"phone": "12345"}, "phone", "invalid_phone"),
        ({"phone": "not a phone"}, "phone", "invalid_phone"),
        ({"phone": ""}, "phone", "validation_error"),
        ({"phone": None}, "phone", "validation_error"),
        ({"full_name": ""}, "full_name", "validation_error"),
        ({"full_name": "x" * 201}, "full_name", "validation_error"),
        ({"full_name": "bad\x00name"}, "full_name", "validation_error"),
        ({"full_name": ["list"]}, "full_name", "validation_error"),
        ({"account_type": "vip"}, "account_type", "validation_error"),
        ({"address": "x" * 301}, "address", "validation_error"),
        ({"job": "x" * 101}, "job", "validation_error"),
    ],
)
def test_create_refuses_bad_input(owner_client, overrides, field, code):
    response = owner_client.post(CREATE_URL, body(**overrides), format="json")
    assert response.status_code == 400
    assert response.data["error"]["code"] == code
    assert field in response.data["error"]["fields"]
    assert not CustomerAccount.objects.exists()


def test_create_refuses_malformed_json(owner_client):
    response = owner_client.post(
        CREATE_URL, data="{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.data["error"]["code"] == "malformed_request"


def test_create_ignores_fields_the_caller_may_not_set(owner_client, other_saraf):
    response = owner_client.post(
        CREATE_URL,
        body(
            saraf=other_saraf.pk,
            saraf_id=other_saraf.pk,
            is_active=False,
            account_number="C-999999",
            balance="1000000",
        ),
        format="json",
    )
    assert response.status_code == 201
    account = CustomerAccount.objects.get(pk=response.data["id"])
    assert account.saraf_id != other_saraf.pk
    assert account.is_active is True
    assert account.account_number == "C-000001"


def test_account_numbers_continue_after_the_highest(saraf):
    CustomerAccountFactory(saraf=saraf, sequence=41)
    account = customer_account_create(
        saraf_id=saraf.pk, full_name="A", phone="+93791234567", account_type="customer"
    )
    assert account.account_number == "C-000042"


def test_list_is_scoped_filtered_and_searchable(owner_client, saraf, other_saraf):
    ahmad = CustomerAccountFactory(
        saraf=saraf, full_name="Ahmad Karimi", phone="+93791234567"
    )
    zahra = CustomerAccountFactory(
        saraf=saraf,
        full_name="Zahra Noori",
        phone="+93701112233",
        account_type="exchanger",
    )
    closed = CustomerAccountFactory(saraf=saraf, full_name="Old", is_active=False)
    CustomerAccountFactory(saraf=other_saraf, full_name="Ahmad Elsewhere")

    def ids(query=""):
        response = owner_client.get(LIST_URL + query)
        assert response.status_code == 200, response.data
        return {row["id"] for row in response.data["results"]}

    assert ids() == {ahmad.pk, zahra.pk, closed.pk}
    assert ids("?search=ahmad") == {ahmad.pk}
    assert ids("?search=0791234567") == {ahmad.pk}
    assert ids("?search=%2B93791234567") == {ahmad.pk}
    assert ids("?search=79123") == {ahmad.pk}
    assert ids(f"?search={zahra.account_number}") == {zahra.pk}
    assert ids("?account_type=exchanger") == {zahra.pk}
    assert ids("?is_active=false") == {closed.pk}
    assert ids("?is_active=true") == {ahmad.pk, zahra.pk}


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("?account_type=vip", 400),
        ("?is_active=maybe", 400),
        ("?search=%00", 400),
        ("?search=" + "a" * 201, 400),
        ("?page=abc", 404),
        ("?page=999", 404),
    ],
)
def test_list_refuses_bad_filters(owner_client, saraf, query, status):
    CustomerAccountFactory(saraf=saraf)
    response = owner_client.get(LIST_URL + query)
    assert response.status_code == status
    assert "error" in response.data


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (("view_history",), 200),
        (("create_accounts",), 200),
        (("edit_accounts",), 200),
        (("delete_accounts",), 200),
        (("deposit_to_account", "loans"), 403),
        ((), 403),
    ],
)
def test_list_permissions(employee_client, flags, expected):
    assert employee_client(*flags).get(LIST_URL).status_code == expected


@pytest.mark.parametrize("page_size", [2, 20])
def test_list_query_count_does_not_grow_with_the_page(
    owner_client, saraf, django_assert_num_queries, page_size
):
    CustomerAccountFactory.create_batch(25, saraf=saraf)
    # authentication, count, page
    with django_assert_num_queries(3):
        response = owner_client.get(f"{LIST_URL}?page_size={page_size}")
    assert len(response.data["results"]) == page_size
    assert response.data["count"] == 25


def test_update_changes_only_the_holder_details(owner_client, saraf, other_saraf):
    account = CustomerAccountFactory(saraf=saraf)
    response = owner_client.patch(
        detail_url(account.pk),
        {
            "full_name": "New Name",
            "phone": "0700000001",
            "is_active": False,
            "account_number": "C-777777",
            "saraf": other_saraf.pk,
            "balance": "100",
        },
        format="json",
    )
    assert response.status_code == 200, response.data
    account.refresh_from_db()
    assert account.full_name == "New Name"
    assert account.phone == "+93700000001"
    assert account.is_active is True
    assert account.account_number == f"C-{account.sequence:06d}"
    assert account.saraf == saraf


def test_put_needs_the_whole_body(owner_client, saraf):
    account = CustomerAccountFactory(saraf=saraf, job="Driver")
    partial = owner_client.put(detail_url(account.pk), {"job": "X"}, format="json")
    assert partial.status_code == 400
    full = owner_client.put(
        detail_url(account.pk), body(account_type="exchanger"), format="json"
    )
    assert full.status_code == 200
    account.refresh_from_db()
    assert account.account_type == "exchanger"
    assert account.job == "Trader"


def test_update_needs_edit_accounts(employee_client, saraf):
    account = CustomerAccountFactory(saraf=saraf, full_name="Same")
    client = employee_client("create_accounts", "view_history")
    assert (
        client.patch(
            detail_url(account.pk), {"full_name": "X"}, format="json"
        ).status_code
        == 403
    )
    account.refresh_from_db()
    assert account.full_name == "Same"


def test_another_sarafs_account_is_not_found(owner_client, other_saraf):
    account = CustomerAccountFactory(saraf=other_saraf, full_name="Theirs")
    url = detail_url(account.pk)
    assert owner_client.get(url).status_code == 404
    assert owner_client.patch(url, {"full_name": "X"}, format="json").status_code == 404
    assert owner_client.put(url, body(), format="json").status_code == 404
    assert owner_client.delete(url).status_code == 404
    account.refresh_from_db()
    assert account.full_name == "Theirs"
    assert account.is_active is True


@pytest.mark.parametrize("account_id", ["999999", "99999999999999999999999"])
def test_unknown_account_ids_are_not_found(owner_client, account_id):
    base = f"/api/saraf-create-accounts/{account_id}/"
    responses = [
        owner_client.get(base),
        owner_client.delete(base),
        owner_client.get(base + "transactions/"),
        owner_client.get(base + "deposit-amounts/"),
        owner_client.post(
            base + "deposit/", {"currency": "USD", "amount": "1"}, format="json"
        ),
    ]
    assert [r.status_code for r in responses] == [404] * 5
    assert {r.json()["error"]["code"] for r in responses} == {"not_found"}
