import random
import threading
from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection

from ledger.models import JournalEntry
from saraf_create_accounts.models import CustomerAccount
from tests.conftest import authenticated
from tests.factories import SarafFactory
from tests.saraf_create_accounts.factories import CustomerAccountFactory
from tests.saraf_create_accounts.helpers import balances, move, support

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# (customer, cash, capital) change per unit of amount.
EFFECTS = {
    "deposit": (1, 1, 0),
    "withdraw": (-1, -1, 0),
    "give-money": (1, -1, -2),
    "take-money": (-1, 1, 2),
}


def run_together(target, count):
    """Run target(i) in `count` threads released at once; each closes its connection."""
    barrier = threading.Barrier(count)
    outcomes = [None] * count

    def worker(index):
        try:
            barrier.wait()
            outcomes[index] = target(index)
        except Exception as exc:  # noqa: BLE001 - the outcome is what is asserted
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a worker hung"
    return outcomes


def test_mixed_concurrent_operations_keep_the_books_exact():
    saraf = SarafFactory()
    support(saraf, "USD", "AFN")
    accounts = CustomerAccountFactory.create_batch(4, saraf=saraf)
    owner = authenticated(saraf=saraf)
    for account in accounts:
        assert move(owner, account.pk, "deposit", "USD", "100").status_code == 201
        assert move(owner, account.pk, "deposit", "AFN", "5000").status_code == 201
    start = {
        (account.pk, code): balances(account, code)
        for account in accounts
        for code in ("USD", "AFN")
    }
    clients = [authenticated(saraf=saraf) for _ in range(8)]

    def worker(index):
        rng = random.Random(index)
        done = []
        for step in range(12):
            account = rng.choice(accounts)
            operation = rng.choice(list(EFFECTS))
            currency = rng.choice(["USD", "AFN"])
            amount = Decimal(rng.randint(1, 6000)) / (100 if currency == "USD" else 1)
            response = move(
                clients[index],
                account.pk,
                operation,
                currency,
                str(amount),
                HTTP_IDEMPOTENCY_KEY=f"w{index}-s{step}",
            )
            done.append(
                (
                    response.status_code,
                    response.json(),
                    account,
                    operation,
                    currency,
                    amount,
                )
            )
        return done

    outcomes = run_together(worker, len(clients))

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    results = [row for outcome in outcomes for row in outcome]
    statuses = Counter(status for status, *_ in results)
    assert set(statuses) <= {201, 400}, statuses
    assert statuses[201] > 0
    refused_codes = {
        body["error"]["code"] for status, body, *_ in results if status == 400
    }
    assert refused_codes <= {"insufficient_funds"}

    expected = defaultdict(lambda: [Decimal(0)] * 3)
    for status, _body, account, operation, currency, amount in results:
        if status == 201:
            for i, sign in enumerate(EFFECTS[operation]):
                expected[(account.pk, currency)][i] += sign * amount
    cash_change = defaultdict(Decimal)
    capital_change = defaultdict(Decimal)
    for (_, currency), (_, cash, capital) in expected.items():
        cash_change[currency] += cash
        capital_change[currency] += capital
    for account in accounts:
        for code in ("USD", "AFN"):
            before = start[(account.pk, code)]
            after = balances(account, code)
            assert after[0] == before[0] + expected[(account.pk, code)][0]
            assert after[1] == before[1] + cash_change[code]
            assert after[2] == before[2] + capital_change[code]
    assert JournalEntry.objects.count() == 8 + statuses[201]
    call_command("verify_ledger")


def test_concurrent_openings_get_distinct_numbers():
    saraf = SarafFactory()
    clients = [authenticated(saraf=saraf) for _ in range(6)]

    outcomes = run_together(
        lambda i: clients[i]
        .post(
            "/api/saraf-create-accounts/create/",
            {
                "full_name": f"Holder {i}",
                "phone": "0791234567",
                "account_type": "customer",
            },
            format="json",
        )
        .status_code,
        len(clients),
    )

    assert outcomes == [201] * 6
    numbers = set(
        CustomerAccount.objects.filter(saraf=saraf).values_list(
            "account_number", flat=True
        )
    )
    assert numbers == {f"C-{n:06d}" for n in range(1, 7)}


def test_closing_and_depositing_at_once_never_both_succeed():
    saraf = SarafFactory()
    support(saraf, "USD")
    for _ in range(5):
        account = CustomerAccountFactory(saraf=saraf)
        closer, depositor = authenticated(saraf=saraf), authenticated(saraf=saraf)

        def act(index, account=account, closer=closer, depositor=depositor):
            if index == 0:
                return closer.delete(
                    f"/api/saraf-create-accounts/{account.pk}/"
                ).status_code
            return move(depositor, account.pk, "deposit", "USD", "10").status_code

        closed, deposited = run_together(act, 2)

        assert (closed, deposited) in {(204, 409), (409, 201)}
        account.refresh_from_db()
        customer = balances(account, "USD")[0]
        if closed == 204:
            assert account.is_active is False and customer == 0
        else:
            assert account.is_active is True and customer == Decimal("10")
    call_command("verify_ledger")
