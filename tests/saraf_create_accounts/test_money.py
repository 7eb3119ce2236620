from decimal import Decimal

import pytest

from core.permissions import FLAGS
from ledger.models import JournalEntry, Posting
from saraf_create_accounts import services
from saraf_create_accounts.models import CustomerAccount
from tests.saraf_create_accounts.factories import CustomerAccountFactory
from tests.saraf_create_accounts.helpers import OPERATIONS, balances, move, url

pytestmark = pytest.mark.django_db

# (customer, cash, capital) change per unit of amount: DESIGN.md's table.
EFFECTS = {
    "deposit": (1, 1, 0),
    "withdraw": (-1, -1, 0),
    "give-money": (1, -1, -2),
    "take-money": (-1, 1, 2),
}


def fund(client, account_id, **amounts):
    for currency, amount in amounts.items():
        response = move(client, account_id, "deposit", currency, amount)
        assert response.status_code == 201, response.data


@pytest.mark.parametrize("operation", EFFECTS)
@pytest.mark.parametrize(
    ("currency", "amount", "start"),
    [("USD", "125.50", "1000.00"), ("JPY", "700", "5000")],
)
def test_each_operation_moves_the_balances_as_the_table_says(
    owner_client, account, operation, currency, amount, start
):
    fund(owner_client, account.pk, **{currency: start})
    before = balances(account, currency)

    response = move(
        owner_client, account.pk, operation, currency, amount, body={"description": "x"}
    )

    assert response.status_code == 201, response.data
    after = balances(account, currency)
    delta = tuple(a - b for a, b in zip(after, before, strict=True))
    x = Decimal(amount)
    assert delta == tuple(sign * x for sign in EFFECTS[operation])
    minor_units = 2 if currency == "USD" else 0
    quantum = Decimal(1).scaleb(-minor_units)
    assert response.data == {
        "entry_id": response.data["entry_id"],
        "currency": currency,
        "amount": amount,
        "customer_balance": str(after[0].quantize(quantum)),
        "saraf_balance": str(after[1].quantize(quantum)),
    }
    entry = JournalEntry.objects.get(pk=response.data["entry_id"])
    assert entry.customer_account_id == account.pk
    assert entry.amount == x
    assert entry.currency_id == currency
    assert entry.memo == "x"
    assert entry.performed_by_type == "owner"
    assert entry.postings.count() == (3 if EFFECTS[operation][2] else 2)


def test_operations_in_two_currencies_keep_separate_balances(owner_client, account):
    fund(owner_client, account.pk, USD="500", AFN="70000.25")
    assert (
        move(owner_client, account.pk, "withdraw", "USD", "120.25").status_code == 201
    )
    assert move(owner_client, account.pk, "give-money", "AFN", 1000).status_code == 201
    assert (
        move(owner_client, account.pk, "take-money", "USD", "0.50").status_code == 201
    )

    assert balances(account, "USD") == (
        Decimal("379.25"),
        Decimal("380.25"),
        Decimal("1.00"),
    )
    assert balances(account, "AFN") == (
        Decimal("71000.25"),
        Decimal("69000.25"),
        Decimal("-2000"),
    )
    response = owner_client.get(url(account.pk, "balances"))
    assert response.status_code == 200
    assert response.data == [
        {"currency": "AFN", "balance": "71000.25"},
        {"currency": "USD", "balance": "379.25"},
    ]


def test_cents_add_up_exactly(owner_client, account):
    fund(owner_client, account.pk, USD="379.90")
    response = move(owner_client, account.pk, "take-money", "USD", "0.90")
    assert response.status_code == 201
    assert response.data["saraf_balance"] == "380.80"


def test_an_employee_is_recorded_as_the_performer(employee_client, account):
    client = employee_client("deposit_to_account")
    response = move(client, account.pk, "deposit", "USD", "10")
    assert response.status_code == 201
    entry = JournalEntry.objects.get(pk=response.data["entry_id"])
    assert entry.performed_by_type == "employee"
    assert entry.performed_by_employee_id is not None


@pytest.mark.parametrize(
    ("amount", "currency"),
    [
        ("0", "USD"),
        ("-50", "USD"),
        ("-0.00", "USD"),
        ("NaN", "USD"),
        ("sNaN", "USD"),
        ("Infinity", "USD"),
        ("-Infinity", "USD"),
        ("1E+30", "USD"),
        ("1e3", "USD"),
        ("1" * 45, "USD"),
        ("1,000", "USD"),
        ("", "USD"),
        ("  ", "USD"),
        (" 10", "USD"),
        (None, "USD"),
        (True, "USD"),
        (False, "USD"),
        ([], "USD"),
        ({"value": 1}, "USD"),
        (0, "USD"),
        (-5, "USD"),
        ("0.005", "USD"),
        (0.005, "USD"),
        ("1.5", "JPY"),
        ("0.123456789", "AFN"),
    ],
)
def test_deposit_refuses_a_bad_amount(owner_client, account, amount, currency):
    response = move(owner_client, account.pk, "deposit", currency, amount)
    assert response.status_code == 400, response.data
    assert response.data["error"]["code"] == "invalid_amount"
    assert "amount" in response.data["error"]["fields"]
    assert not JournalEntry.objects.exists()


def test_a_missing_amount_is_a_validation_error(owner_client, account):
    response = owner_client.post(
        url(account.pk, "deposit"), {"currency": "USD"}, format="json"
    )
    assert response.status_code == 400
    assert "amount" in response.data["error"]["fields"]
    assert not JournalEntry.objects.exists()


@pytest.mark.parametrize("currency", ["EUR", "XXX", "usd1", "", 840, "U$D", None])
def test_an_unsupported_currency_is_refused(owner_client, account, currency):
    response = move(owner_client, account.pk, "deposit", currency, "10")
    assert response.status_code == 400
    assert response.data["error"]["code"] in (
        ("currency_not_supported",) if currency else ("validation_error",)
    )
    assert not JournalEntry.objects.exists()


def test_currency_codes_are_case_insensitive(owner_client, account):
    response = move(owner_client, account.pk, "deposit", "usd", "10")
    assert response.status_code == 201
    assert response.data["currency"] == "USD"


@pytest.mark.parametrize("operation", ["withdraw", "take-money"])
def test_customer_cannot_go_below_zero_without_credit(
    owner_client, account, other_account, operation
):
    fund(owner_client, account.pk, USD="50")
    fund(owner_client, other_account.pk, USD="1000")
    before = balances(account, "USD")

    response = move(owner_client, account.pk, operation, "USD", "50.01")

    assert response.status_code == 400
    assert response.data["error"]["code"] == "insufficient_funds"
    assert balances(account, "USD") == before
    assert JournalEntry.objects.count() == 2


@pytest.mark.parametrize("operation", ["withdraw", "take-money"])
def test_a_credit_limit_lets_the_customer_owe_up_to_it(
    owner_client, account, other_account, operation
):
    fund(owner_client, other_account.pk, USD="1000")
    response = owner_client.post(
        url(account.pk, "credit-limit"), {"currency": "USD", "limit": "100"}, "json"
    )
    assert response.status_code == 200, response.data
    assert response.data == {
        "currency": "USD",
        "credit_limit": "100.00",
        "balance": "0.00",
    }

    assert move(owner_client, account.pk, operation, "USD", "100").status_code == 201
    refused = move(owner_client, account.pk, operation, "USD", "0.01")

    assert refused.status_code == 400
    assert refused.data["error"]["code"] == "insufficient_funds"
    assert balances(account, "USD")[0] == Decimal("-100")


@pytest.mark.parametrize("operation", ["withdraw", "give-money"])
def test_the_saraf_cannot_pay_out_more_cash_than_it_has(
    owner_client, account, operation
):
    fund(owner_client, account.pk, USD="100")
    owner_client.post(
        url(account.pk, "credit-limit"), {"currency": "USD", "limit": "1000"}, "json"
    )
    before = balances(account, "USD")

    response = move(owner_client, account.pk, operation, "USD", "100.01")

    assert response.status_code == 400
    assert response.data["error"]["code"] == "insufficient_funds"
    assert "cash" in response.data["error"]["message"]
    assert balances(account, "USD") == before


@pytest.mark.parametrize("operation", OPERATIONS)
def test_a_closed_account_moves_no_money(owner_client, account, operation):
    CustomerAccount.objects.filter(pk=account.pk).update(is_active=False)
    response = move(owner_client, account.pk, operation, "USD", "10")
    assert response.status_code == 409
    assert response.data["error"]["code"] == "account_inactive"
    assert not JournalEntry.objects.exists()


@pytest.mark.parametrize(("operation", "flag"), OPERATIONS.items())
def test_each_operation_needs_its_flag(employee_client, account, operation, flag):
    others = [f for f in FLAGS if f != flag]
    refused = move(employee_client(*others), account.pk, operation, "USD", "10")
    assert refused.status_code == 403
    assert refused.data["error"]["code"] == "permission_denied"
    assert not JournalEntry.objects.exists()


@pytest.mark.parametrize("operation", OPERATIONS)
def test_another_sarafs_account_is_not_found(
    owner_client, other_saraf, currencies, operation
):
    theirs = CustomerAccountFactory(saraf=other_saraf)
    response = move(owner_client, theirs.pk, operation, "USD", "10")
    assert response.status_code == 404
    assert not JournalEntry.objects.exists()


@pytest.mark.parametrize("operation", OPERATIONS)
def test_normal_users_and_anonymous_callers_move_nothing(
    api_client, normal_user_client, account, operation
):
    assert move(api_client, account.pk, operation, "USD", "10").status_code == 401
    assert move(normal_user_client, account.pk, operation, "USD", "10").status_code == (
        403
    )
    assert not JournalEntry.objects.exists()


def test_idempotency_key_replays_the_first_answer(owner_client, account):
    first = move(
        owner_client, account.pk, "deposit", "USD", "10", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    again = move(
        owner_client, account.pk, "deposit", "USD", "10", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    other_body = move(
        owner_client, account.pk, "deposit", "USD", "11", HTTP_IDEMPOTENCY_KEY="k-1"
    )

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert other_body.status_code == 422
    assert other_body.json()["error"]["code"] == "idempotency_key_reused"
    assert JournalEntry.objects.count() == 1
    assert balances(account, "USD")[0] == Decimal("10")


def test_idempotency_keys_belong_to_one_operation(owner_client, account):
    fund(owner_client, account.pk, USD="100")
    first = move(
        owner_client, account.pk, "withdraw", "USD", "10", HTTP_IDEMPOTENCY_KEY="k-2"
    )
    other_path = move(
        owner_client, account.pk, "take-money", "USD", "10", HTTP_IDEMPOTENCY_KEY="k-2"
    )
    assert first.status_code == 201
    assert other_path.status_code == 422
    assert balances(account, "USD")[0] == Decimal("90")


@pytest.mark.parametrize("key", ["", "with space", "x" * 256, "ключ"])
def test_a_malformed_idempotency_key_is_refused(owner_client, account, key):
    response = move(
        owner_client, account.pk, "deposit", "USD", "10", HTTP_IDEMPOTENCY_KEY=key
    )
    assert response.status_code == 400
    assert response.data["error"]["code"] == "invalid_idempotency_key"
    assert not JournalEntry.objects.exists()


@pytest.mark.parametrize("description", ["x" * 501, "bad\x00text", ["list"], {"a": 1}])
def test_a_bad_description_is_refused(owner_client, account, description):
    response = move(
        owner_client,
        account.pk,
        "deposit",
        "USD",
        "10",
        body={"description": description},
    )
    assert response.status_code == 400
    assert "description" in response.data["error"]["fields"]
    assert not JournalEntry.objects.exists()


def test_a_refused_movement_posts_nothing_on_replay(owner_client, account):
    refused = move(
        owner_client, account.pk, "withdraw", "USD", "10", HTTP_IDEMPOTENCY_KEY="k-3"
    )
    assert refused.status_code == 400
    replay = move(
        owner_client, account.pk, "withdraw", "USD", "10", HTTP_IDEMPOTENCY_KEY="k-3"
    )
    assert replay.status_code == 400
    assert not JournalEntry.objects.exists()


@pytest.mark.parametrize(
    ("limit", "status", "code"),
    [
        ("0", 200, None),
        ("250.75", 200, None),
        ("250.755", 400, "invalid_amount"),
        ("-1", 400, "invalid_amount"),
        ("NaN", 400, "invalid_amount"),
        (None, 400, "invalid_amount"),
        (True, 400, "invalid_amount"),
    ],
)
def test_credit_limit_input(owner_client, account, limit, status, code):
    response = owner_client.post(
        url(account.pk, "credit-limit"), {"currency": "USD", "limit": limit}, "json"
    )
    assert response.status_code == status, response.data
    if code:
        assert response.data["error"]["code"] == code


def test_credit_limit_cannot_drop_below_the_debt(owner_client, account, other_account):
    fund(owner_client, other_account.pk, USD="1000")
    owner_client.post(
        url(account.pk, "credit-limit"), {"currency": "USD", "limit": "100"}, "json"
    )
    move(owner_client, account.pk, "withdraw", "USD", "60")
    response = owner_client.post(
        url(account.pk, "credit-limit"), {"currency": "USD", "limit": "50"}, "json"
    )
    assert response.status_code == 409
    assert response.data["error"]["code"] == "credit_limit_below_debt"


def test_credit_limit_needs_loans_and_the_own_saraf(
    employee_client, owner_client, other_saraf, account
):
    body = {"currency": "USD", "limit": "100"}
    others = [f for f in FLAGS if f != "loans"]
    assert (
        employee_client(*others).post(url(account.pk, "credit-limit"), body, "json")
    ).status_code == 403
    assert (
        employee_client("loans").post(url(account.pk, "credit-limit"), body, "json")
    ).status_code == 200
    theirs = CustomerAccountFactory(saraf=other_saraf)
    assert (
        owner_client.post(url(theirs.pk, "credit-limit"), body, "json").status_code
        == 404
    )


def test_services_post_one_entry_each(saraf, account):
    from core.auth import Identity

    owner = Identity(kind="saraf", session_id="s", saraf=saraf)
    calls = [
        services.deposit_to_account,
        services.give_money,
        services.take_money,
        services.withdraw_from_account,
    ]
    for service in calls:
        service(
            saraf_id=saraf.pk,
            account_id=account.pk,
            currency="AFN",
            amount=Decimal("10"),
            performed_by=owner,
        )
    assert JournalEntry.objects.count() == 4
    assert Posting.objects.count() == 10
    assert balances(account, "AFN") == (Decimal(0), Decimal(0), Decimal(0))
