from decimal import Decimal

import pytest
from django.core.management import call_command

from exchange.models import ExchangeDeal
from exchange.services import convert
from ledger.models import JournalEntry, Posting
from ledger.services import account_set_credit_limit
from tests.conftest import authenticated
from tests.exchange.conftest import balance

DEALS = "/api/exchange/deals/"


def _deal(client, **overrides):
    body = {
        "from_currency": "USD",
        "to_currency": "AFN",
        "amount": "100.00",
        "rate_type": "person",
    }
    body.update(overrides)
    return client.post(DEALS, body, format="json", **body.pop("headers", {}))


def _nothing_posted():
    return (
        not ExchangeDeal.objects.exists()
        and not JournalEntry.objects.filter(kind="exchange").exists()
    )


@pytest.fixture
def usd_afn(make_rate):
    return make_rate("USD", "AFN", "person", buy="70.25", sell="71")


def test_walk_in_deal_buys_usd_at_our_buy_rate(owner_client, saraf, usd_afn, fund):
    fund(saraf, "AFN", "10000")

    response = _deal(owner_client, amount="100")

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["amount"] == "100.00"
    assert data["target_amount"] == "7025.00"
    assert (data["rate"], data["rate_side"], data["rate_pair"]) == (
        "70.25",
        "buy",
        "USD-AFN",
    )
    assert data["rate_version_id"] == usd_afn["version_id"]
    assert data["customer_account_id"] is None
    assert data["performed_by"]["kind"] == "owner"
    assert sorted(
        (b["account"], b["currency"], b["balance"]) for b in data["balances_after"]
    ) == [
        ("cash", "AFN", "2975.00"),
        ("cash", "USD", "100.00"),
    ]
    assert balance(saraf, "cash", "USD") == Decimal("100.00")
    assert balance(saraf, "cash", "AFN") == Decimal("2975.00")
    assert balance(saraf, "exchange", "USD") == Decimal("-100.00")
    assert balance(saraf, "exchange", "AFN") == Decimal("7025.00")
    deal = ExchangeDeal.objects.get()
    assert (deal.amount, deal.target_amount, deal.rate) == (
        Decimal("100"),
        Decimal("7025"),
        Decimal("70.25"),
    )
    postings = Posting.objects.filter(entry=deal.journal_entry)
    assert postings.count() == 4
    call_command("verify_ledger")


def test_walk_in_deal_the_other_way_sells_usd_at_our_sell_rate(
    owner_client, saraf, usd_afn, fund
):
    fund(saraf, "USD", "500")

    response = _deal(
        owner_client, from_currency="AFN", to_currency="USD", amount="1000"
    )

    assert response.status_code == 201, response.json()
    data = response.json()
    # 1000 / 71 = 14.0845...
    assert (data["amount"], data["target_amount"]) == ("1000.00", "14.08")
    assert (data["rate"], data["rate_side"], data["rate_pair"]) == (
        "71",
        "sell",
        "USD-AFN",
    )
    assert balance(saraf, "cash", "USD") == Decimal("485.92")
    assert balance(saraf, "cash", "AFN") == Decimal("1000.00")
    call_command("verify_ledger")


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("1.00", "70.12"),  # 70.125 -> the even 2
        ("3.00", "210.38"),  # 210.375 -> the even 8
        ("0.01", "0.70"),  # 0.70125
    ],
)
def test_conversion_rounds_once_half_even(
    owner_client, saraf, make_rate, fund, amount, expected
):
    make_rate("USD", "AFN", "exchanger", buy="70.125", sell="71")
    fund(saraf, "AFN", "1000")

    response = _deal(owner_client, amount=amount, rate_type="exchanger")

    assert response.status_code == 201, response.json()
    assert response.json()["target_amount"] == expected
    assert balance(saraf, "cash", "AFN") == Decimal("1000") - Decimal(expected)


@pytest.mark.parametrize(
    ("amount", "expected"), [("10.10", "2.52"), ("10.30", "2.58"), ("10.14", "2.54")]
)
def test_division_rounds_half_even_too(
    owner_client, saraf, make_rate, fund, amount, expected
):
    make_rate("USD", "AFN", "customer", buy="3.9", sell="4")
    fund(saraf, "USD", "100")

    response = _deal(
        owner_client,
        from_currency="AFN",
        to_currency="USD",
        amount=amount,
        rate_type="customer",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["target_amount"] == expected


@pytest.mark.parametrize(
    ("amount", "rate", "multiply", "minor_units", "expected"),
    [
        ("2.5", "1", True, 0, "2"),
        ("3.5", "1", True, 0, "4"),
        ("1.0005", "1", True, 3, "1.000"),
        ("1.0015", "1", True, 3, "1.002"),
        ("100", "3", False, 2, "33.33"),
        ("200", "3", False, 2, "66.67"),
        ("1", "0.00000001", True, 2, "0.00"),
        (
            "999999999999999.99",
            "99999999999.99999999",
            True,
            2,
            "99999999999999998990000000.00",
        ),
    ],
)
def test_convert_is_exact_and_half_even(amount, rate, multiply, minor_units, expected):
    result = convert(
        amount=Decimal(amount),
        rate=Decimal(rate),
        multiply=multiply,
        minor_units=minor_units,
    )

    assert str(result) == expected


def test_customer_account_deal_moves_the_customers_balances_not_cash(
    owner_client, saraf, make_rate, fund, customer_account
):
    make_rate("USD", "AFN", "customer", buy="70", sell="71")
    account = customer_account(saraf)
    fund(saraf, "USD", "500", customer_account=account)
    fund(saraf, "AFN", "9000")

    response = _deal(
        owner_client,
        amount="100.50",
        rate_type="customer",
        customer_account_id=account.pk,
    )

    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["amount"], data["target_amount"]) == ("100.50", "7035.00")
    assert data["customer_account_id"] == account.pk
    assert data["customer_account_number"] == account.account_number
    assert sorted(
        (b["account"], b["currency"], b["balance"]) for b in data["balances_after"]
    ) == [
        ("customer", "AFN", "7035.00"),
        ("customer", "USD", "399.50"),
    ]
    assert balance(saraf, "customer", "USD", account) == Decimal("399.50")
    assert balance(saraf, "customer", "AFN", account) == Decimal("7035.00")
    assert balance(saraf, "cash", "USD") == Decimal("500")
    assert balance(saraf, "cash", "AFN") == Decimal("9000")
    call_command("verify_ledger")


def test_customer_deal_beyond_balance_is_refused_and_a_credit_limit_allows_it(
    owner_client, saraf, make_rate, fund, customer_account
):
    make_rate("USD", "AFN", "customer", buy="70", sell="71")
    account = customer_account(saraf)
    fund(saraf, "USD", "50", customer_account=account)

    refused = _deal(owner_client, rate_type="customer", customer_account_id=account.pk)

    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "insufficient_funds"
    assert _nothing_posted()
    assert balance(saraf, "customer", "USD", account) == Decimal("50")

    account_set_credit_limit(
        saraf_id=saraf.pk,
        customer_account_id=account.pk,
        currency="USD",
        limit=Decimal("50"),
        performed_by=None,
    )
    allowed = _deal(owner_client, rate_type="customer", customer_account_id=account.pk)

    assert allowed.status_code == 201, allowed.json()
    assert balance(saraf, "customer", "USD", account) == Decimal("-50")


def test_walk_in_deal_beyond_the_cash_paid_out_is_refused(
    owner_client, saraf, usd_afn, fund
):
    fund(saraf, "AFN", "7024.99")

    response = _deal(owner_client)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "insufficient_funds"
    assert "AFN" in response.json()["error"]["message"]
    assert _nothing_posted()
    assert balance(saraf, "cash", "AFN") == Decimal("7024.99")
    assert balance(saraf, "cash", "USD") == Decimal("0")


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"to_currency": "GBP"}, "currency_not_supported"),
        ({"from_currency": "XYZ"}, "currency_not_supported"),
        ({"to_currency": "USD"}, "same_currency"),
        ({"rate_type": "exchanger"}, "no_rate"),
        ({"from_currency": "EUR"}, "no_rate"),
        ({"amount": "0"}, "invalid_amount"),
        ({"amount": "-5"}, "invalid_amount"),
        ({"amount": "1.001"}, "invalid_amount"),
        ({"amount": "NaN"}, "invalid_amount"),
        ({"amount": None}, "invalid_amount"),
        (
            {"from_currency": "AFN", "to_currency": "USD", "amount": "0.01"},
            "amount_too_small",
        ),
        ({"rate_type": "vip"}, "validation_error"),
        ({"customer_account_id": "abc"}, "validation_error"),
        ({"description": "x" * 301}, "validation_error"),
        ({"description": "a\x00b"}, "validation_error"),
    ],
)
def test_bad_deals_are_refused_with_their_code_and_post_nothing(
    owner_client, saraf, usd_afn, fund, overrides, code
):
    fund(saraf, "AFN", "100000")
    fund(saraf, "USD", "1000")

    response = _deal(owner_client, **overrides)

    assert response.status_code == 400, response.json()
    assert response.json()["error"]["code"] == code
    assert _nothing_posted()
    assert balance(saraf, "cash", "AFN") == Decimal("100000")


def test_a_retired_rate_is_no_rate(owner_client, saraf, usd_afn, fund):
    fund(saraf, "AFN", "100000")
    owner_client.delete(f"/api/exchange/{usd_afn['id']}/")

    response = _deal(owner_client)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "no_rate"


def test_a_deal_uses_the_latest_version_of_its_rate(owner_client, saraf, usd_afn, fund):
    fund(saraf, "AFN", "100000")
    updated = owner_client.patch(
        f"/api/exchange/{usd_afn['id']}/", {"buy_rate": "70.5"}, format="json"
    ).json()

    data = _deal(owner_client).json()

    assert data["rate"] == "70.5"
    assert data["rate_version_id"] == updated["version_id"] != usd_afn["version_id"]
    assert data["target_amount"] == "7050.00"


def test_another_sarafs_customer_account_is_not_found(
    owner_client, saraf, other_saraf, usd_afn, fund, customer_account
):
    theirs = customer_account(other_saraf)
    fund(other_saraf, "USD", "500", customer_account=theirs)
    fund(saraf, "AFN", "100000")

    response = _deal(owner_client, customer_account_id=theirs.pk)

    assert response.status_code == 404
    assert _nothing_posted()
    assert _deal(owner_client, customer_account_id=987654).status_code == 404


def test_a_closed_customer_account_is_refused(
    owner_client, saraf, usd_afn, customer_account
):
    account = customer_account(saraf)
    account.is_active = False
    account.save(update_fields=["is_active"])

    response = _deal(owner_client, customer_account_id=account.pk)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "account_inactive"
    assert _nothing_posted()


def test_deals_need_create_exchange(employee_client, saraf, usd_afn, fund):
    fund(saraf, "AFN", "100000")
    client = employee_client("manage_rates", "view_history")

    response = _deal(client)

    assert response.status_code == 403
    assert _nothing_posted()


def test_a_manual_rate_needs_manage_rates(make_employee, saraf, fund):
    fund(saraf, "AFN", "100000")
    dealer = authenticated(employee=make_employee("create_exchange"))
    manager = authenticated(employee=make_employee("create_exchange", "manage_rates"))

    refused = _deal(dealer, rate="69.99")
    accepted = _deal(manager, rate="69.99")

    assert refused.status_code == 403
    assert accepted.status_code == 201, accepted.json()
    data = accepted.json()
    assert (data["rate"], data["rate_side"], data["rate_version_id"]) == (
        "69.99",
        "manual",
        None,
    )
    assert data["target_amount"] == "6999.00"
    assert data["performed_by"]["kind"] == "employee"
    assert ExchangeDeal.objects.count() == 1


@pytest.mark.parametrize("rate", ["0", "-1", "1e2", "1.123456789", "Infinity"])
def test_a_bad_manual_rate_is_invalid_rate(owner_client, saraf, fund, rate):
    fund(saraf, "AFN", "100000")

    response = _deal(owner_client, rate=rate)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_rate"
    assert _nothing_posted()


def test_idempotent_replay_moves_money_once(owner_client, saraf, usd_afn, fund):
    fund(saraf, "AFN", "100000")
    headers = {"HTTP_IDEMPOTENCY_KEY": "deal-0001"}

    first = _deal(owner_client, headers=headers)
    again = _deal(owner_client, headers=headers)
    other = _deal(owner_client, amount="5", headers=headers)

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert other.status_code == 422
    assert other.json()["error"]["code"] == "idempotency_key_reused"
    assert ExchangeDeal.objects.count() == 1
    assert balance(saraf, "cash", "AFN") == Decimal("92975.00")
    assert balance(saraf, "cash", "USD") == Decimal("100.00")


def test_a_refused_deal_does_not_burn_its_idempotency_key(
    owner_client, saraf, usd_afn, fund
):
    headers = {"HTTP_IDEMPOTENCY_KEY": "deal-0002"}

    refused = _deal(owner_client, headers=headers)
    fund(saraf, "AFN", "100000")
    retried = _deal(owner_client, headers=headers)

    assert refused.status_code == 400
    assert retried.status_code == 201


def test_balances_move_by_exactly_the_stored_amounts(
    owner_client, saraf, make_rate, fund, customer_account
):
    make_rate("USD", "AFN", "person", buy="70.37", sell="71.13")
    make_rate("EUR", "AFN", "person", buy="76.4321", sell="77.9")
    account = customer_account(saraf)
    fund(saraf, "AFN", "500000")
    fund(saraf, "USD", "3000")
    fund(saraf, "EUR", "900", customer_account=account)
    bodies = [
        {"amount": "123.45"},
        {"from_currency": "AFN", "to_currency": "USD", "amount": "9999.99"},
        {"from_currency": "EUR", "amount": "77.77", "customer_account_id": account.pk},
        {
            "from_currency": "AFN",
            "to_currency": "EUR",
            "amount": "1234.56",
            "customer_account_id": account.pk,
        },
    ]
    for body in bodies:
        assert _deal(owner_client, **body).status_code == 201

    deals = list(ExchangeDeal.objects.all())

    def moved(currency, walk_in):
        total = Decimal(0)
        for deal in deals:
            if (deal.customer_account_id is None) != walk_in:
                continue
            if deal.from_currency == currency:
                total += deal.amount if walk_in else -deal.amount
            if deal.to_currency == currency:
                total += -deal.target_amount if walk_in else deal.target_amount
        return total

    assert balance(saraf, "cash", "AFN") == Decimal("500000") + moved("AFN", True)
    assert balance(saraf, "cash", "USD") == Decimal("3000") + moved("USD", True)
    assert balance(saraf, "customer", "EUR", account) == Decimal("900") + moved(
        "EUR", False
    )
    assert balance(saraf, "customer", "AFN", account) == moved("AFN", False)
    call_command("verify_ledger")


@pytest.mark.parametrize(
    "typo",
    [
        {"customer_account": 1},
        {"manual_rate": "99"},
        {"saraf_id": 2},
        {"description": 5},
    ],
)
def test_a_misspelt_key_is_refused_not_ignored(
    owner_client, saraf, usd_afn, fund, typo
):
    """`customer_account` ignored would pay a walk-in from the till instead of
    the customer's account; `manual_rate` ignored would deal at the board rate."""
    fund(saraf, "AFN", "10000")

    response = _deal(owner_client, **typo)

    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == set(typo)
    assert _nothing_posted()
