import pytest

from core.errors import NotFoundError
from ledger.models import JournalEntry
from ledger.services import entry_reverse
from saraf_create_accounts import services
from saraf_create_accounts.models import CustomerAccount
from tests.conftest import authenticated
from tests.factories import NormalUserFactory
from tests.saraf_create_accounts.factories import CustomerAccountFactory
from tests.saraf_create_accounts.helpers import move, url

pytestmark = pytest.mark.django_db

TOTALS = ["deposit-amounts", "withdrawal-amounts", "given-amounts", "taken-amounts"]
READS = ["balances", "transactions", *TOTALS]


def detail_url(account_id):
    return f"/api/saraf-create-accounts/{account_id}/"


def public_url(phone):
    return f"/api/saraf-create-accounts/public/transactions/{phone}/"


def history(client, account):
    """A small history: USD and AFN in, some out, given and taken."""
    steps = [
        ("deposit", "USD", "100"),
        ("deposit", "USD", "50.25"),
        ("deposit", "AFN", "7000"),
        ("withdraw", "USD", "20"),
        ("give-money", "AFN", "500"),
        ("take-money", "USD", "30.25"),
    ]
    for operation, currency, amount in steps:
        response = move(
            client,
            account.pk,
            operation,
            currency,
            amount,
            body={"description": f"{operation} {amount}"},
        )
        assert response.status_code == 201, response.data


def test_transactions_are_newest_first_with_the_balance_after(owner_client, account):
    history(owner_client, account)

    response = owner_client.get(url(account.pk, "transactions"))

    assert response.status_code == 200
    assert response.data["count"] == 6
    rows = response.data["results"]
    assert [row["kind"] for row in rows] == [
        "customer_take",
        "customer_give",
        "customer_withdraw",
        "customer_deposit",
        "customer_deposit",
        "customer_deposit",
    ]
    assert rows[0] == {
        "entry_id": rows[0]["entry_id"],
        "kind": "customer_take",
        "currency": "USD",
        "amount": "30.25",
        "change": "-30.25",
        "balance_after": "100.00",
        "performed_by": {
            "type": "owner",
            "employee_id": None,
            "name": account.saraf.name,
        },
        "description": "take-money 30.25",
        "created_at": rows[0]["created_at"],
    }
    assert rows[1]["change"] == "500.00"
    assert rows[1]["balance_after"] == "7500.00"
    entry_ids = [row["entry_id"] for row in rows]
    assert entry_ids == sorted(entry_ids, reverse=True)


def test_transactions_filter_by_currency(owner_client, account):
    history(owner_client, account)
    usd = owner_client.get(url(account.pk, "transactions") + "?currency=usd")
    afn = owner_client.get(url(account.pk, "transactions") + "?currency=AFN")
    bad = owner_client.get(url(account.pk, "transactions") + "?currency=dollars")
    assert usd.data["count"] == 4
    assert {row["currency"] for row in usd.data["results"]} == {"USD"}
    assert afn.data["count"] == 2
    assert (
        owner_client.get(url(account.pk, "transactions") + "?currency=").data["count"]
        == 6
    )
    assert bad.status_code == 400


def test_transactions_name_the_employee(employee_client, account):
    client = employee_client("deposit_to_account", "view_history")
    move(client, account.pk, "deposit", "USD", "5")
    row = client.get(url(account.pk, "transactions")).data["results"][0]
    assert row["performed_by"]["type"] == "employee"
    assert row["performed_by"]["employee_id"] is not None
    assert row["performed_by"]["name"].startswith("Employee")


@pytest.mark.parametrize("page_size", [2, 5])
def test_transactions_query_count_is_fixed(
    owner_client, account, django_assert_num_queries, page_size
):
    history(owner_client, account)
    # authentication, the account, count, page
    with django_assert_num_queries(4):
        response = owner_client.get(
            url(account.pk, "transactions") + f"?page_size={page_size}"
        )
    assert len(response.data["results"]) == page_size


def test_totals_per_operation_and_currency(owner_client, account, other_account):
    history(owner_client, account)
    move(owner_client, other_account.pk, "deposit", "USD", "999")

    def totals(name):
        response = owner_client.get(url(account.pk, name))
        assert response.status_code == 200
        return response.data

    assert totals("deposit-amounts") == [
        {"currency": "AFN", "total": "7000.00", "count": 1},
        {"currency": "USD", "total": "150.25", "count": 2},
    ]
    assert totals("withdrawal-amounts") == [
        {"currency": "USD", "total": "20.00", "count": 1}
    ]
    assert totals("given-amounts") == [
        {"currency": "AFN", "total": "500.00", "count": 1}
    ]
    assert totals("taken-amounts") == [
        {"currency": "USD", "total": "30.25", "count": 1}
    ]


def test_totals_leave_out_reversed_operations(owner_client, saraf, account):
    history(owner_client, account)
    deposit = JournalEntry.objects.get(kind="customer_deposit", amount="50.25")
    entry_reverse(saraf_id=saraf.pk, entry_id=deposit.pk, performed_by=None)

    response = owner_client.get(url(account.pk, "deposit-amounts"))

    assert response.data == [
        {"currency": "AFN", "total": "7000.00", "count": 1},
        {"currency": "USD", "total": "100.00", "count": 1},
    ]
    kinds = [
        row["kind"]
        for row in owner_client.get(url(account.pk, "transactions")).data["results"]
    ]
    assert kinds[0] == "reversal"


@pytest.mark.parametrize("name", TOTALS)
def test_totals_are_one_query(owner_client, account, django_assert_num_queries, name):
    history(owner_client, account)
    # authentication, the account, the aggregate
    with django_assert_num_queries(3):
        assert owner_client.get(url(account.pk, name)).status_code == 200


@pytest.mark.parametrize("name", READS)
def test_reads_need_view_history(employee_client, account, name):
    others = ("create_accounts", "edit_accounts", "deposit_to_account")
    assert employee_client(*others).get(url(account.pk, name)).status_code == 403
    assert employee_client("view_history").get(url(account.pk, name)).status_code == 200


@pytest.mark.parametrize("name", READS)
def test_reads_of_another_sarafs_account_are_not_found(
    owner_client, other_saraf, currencies, name
):
    theirs = CustomerAccountFactory(saraf=other_saraf)
    assert owner_client.get(url(theirs.pk, name)).status_code == 404


def test_detail_shows_the_balances(owner_client, account):
    history(owner_client, account)
    response = owner_client.get(detail_url(account.pk))
    assert response.status_code == 200
    assert response.data["account_number"] == account.account_number
    assert response.data["balances"] == [
        {"currency": "AFN", "balance": "7500.00"},
        {"currency": "USD", "balance": "100.00"},
    ]


def test_close_needs_every_balance_at_zero(owner_client, account):
    history(owner_client, account)
    refused = owner_client.delete(detail_url(account.pk))
    assert refused.status_code == 409
    assert refused.data["error"]["code"] == "balance_not_zero"
    assert refused.data["error"]["fields"] == {"AFN": ["7500.00"], "USD": ["100.00"]}
    account.refresh_from_db()
    assert account.is_active is True

    move(owner_client, account.pk, "withdraw", "USD", "100")
    move(owner_client, account.pk, "withdraw", "AFN", "6500")
    move(owner_client, account.pk, "take-money", "AFN", "1000")
    closed = owner_client.delete(detail_url(account.pk))

    assert closed.status_code == 204
    account.refresh_from_db()
    assert account.is_active is False
    assert CustomerAccount.objects.filter(pk=account.pk).exists()
    assert owner_client.get(url(account.pk, "transactions")).data["count"] == 9
    assert owner_client.delete(detail_url(account.pk)).status_code == 204


def test_an_account_in_debt_cannot_be_closed(owner_client, account, other_account):
    move(owner_client, other_account.pk, "deposit", "USD", "100")
    owner_client.post(
        url(account.pk, "credit-limit"), {"currency": "USD", "limit": "10"}, "json"
    )
    move(owner_client, account.pk, "withdraw", "USD", "10")
    response = owner_client.delete(detail_url(account.pk))
    assert response.status_code == 409
    assert response.data["error"]["fields"] == {"USD": ["-10.00"]}


def test_an_account_that_never_moved_money_closes(owner_client, account):
    assert owner_client.delete(detail_url(account.pk)).status_code == 204


def test_close_needs_delete_accounts(employee_client, account):
    others = ("create_accounts", "edit_accounts", "view_history")
    assert employee_client(*others).delete(detail_url(account.pk)).status_code == 403
    assert employee_client("delete_accounts").delete(
        detail_url(account.pk)
    ).status_code == (204)


def test_close_service_is_scoped_to_the_saraf(other_saraf, account):
    with pytest.raises(NotFoundError):
        services.customer_account_deactivate(
            saraf_id=other_saraf.pk, account_id=account.pk
        )
    account.refresh_from_db()
    assert account.is_active is True


class TestPublicTransactions:
    @pytest.fixture
    def holder(self, db):
        return NormalUserFactory(phone="+93791234567", phone_verified=True)

    @pytest.fixture
    def funded(self, owner_client, other_owner_client, other_saraf, account):
        history(owner_client, account)
        theirs = CustomerAccountFactory(saraf=other_saraf, phone="+93791234567")
        move(other_owner_client, theirs.pk, "deposit", "JPY", "1200")
        stranger = CustomerAccountFactory(saraf=account.saraf, phone="+93700000009")
        move(owner_client, stranger.pk, "deposit", "USD", "1")
        return account, theirs

    def test_the_verified_holder_sees_every_saraf(self, holder, funded):
        mine, theirs = funded
        client = authenticated(normal_user=holder)
        response = client.get(public_url("0791234567"))
        assert response.status_code == 200, response.data
        assert response.data["count"] == 7
        assert [
            (a["saraf_id"], a["account_number"], a["balances"])
            for a in response.data["accounts"]
        ] == [
            (
                mine.saraf_id,
                mine.account_number,
                [
                    {"currency": "AFN", "balance": "7500.00"},
                    {"currency": "USD", "balance": "100.00"},
                ],
            ),
            (
                theirs.saraf_id,
                theirs.account_number,
                [{"currency": "JPY", "balance": "1200"}],
            ),
        ]
        newest = response.data["results"][0]
        assert newest["saraf_name"] == theirs.saraf.name
        assert newest["account_number"] == theirs.account_number
        assert newest["amount"] == "1200"
        assert "performed_by" not in newest
        assert client.get(public_url("+93791234567")).status_code == 200

    def test_nobody_else_sees_the_history(
        self, funded, api_client, owner_client, normal_user_client
    ):
        assert api_client.get(public_url("0791234567")).status_code == 401
        assert owner_client.get(public_url("0791234567")).status_code == 403
        assert normal_user_client.get(public_url("0791234567")).status_code == 404

    def test_an_unverified_phone_sees_nothing(self, funded):
        unverified = NormalUserFactory(phone="+93791234567", phone_verified=False)
        client = authenticated(normal_user=unverified)
        response = client.get(public_url("0791234567"))
        assert response.status_code == 404
        assert "results" not in response.data

    @pytest.mark.parametrize("phone", ["not-a-phone", "12", "%00", "0" * 40])
    def test_a_malformed_phone_is_not_found(self, holder, phone):
        client = authenticated(normal_user=holder)
        assert client.get(public_url(phone)).status_code == 404

    def test_a_holder_without_accounts_gets_an_empty_page(self, holder):
        client = authenticated(normal_user=holder)
        response = client.get(public_url("0791234567"))
        assert response.status_code == 200
        assert response.data["count"] == 0
        assert response.data["accounts"] == []
