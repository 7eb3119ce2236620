"""Real threads, each with its own PostgreSQL connection, against the API."""

import threading
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from ledger.models import JournalEntry
from ledger.selectors import balance_get
from tests.conftest import authenticated
from tests.factories import SarafFactory
from tests.ledger.helpers import fund, support
from tests.transaction.test_create import body, post

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(calls):
    """Run each callable in its own thread, all released at once; return results."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait()
            results[index] = call()
        finally:
            connection.close()

    threads = [
        threading.Thread(target=worker, args=(i, call)) for i, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def ledger_ok():
    out = StringIO()
    call_command("verify_ledger", stdout=out)
    return out.getvalue().startswith("ledger OK")


def test_twenty_concurrent_withdrawals_only_one_succeeds():
    saraf = SarafFactory()
    fund(saraf, "USD", "100.00")
    client = authenticated(saraf=saraf)
    withdrawal = body(amount="80.00", transaction_type="withdrawal")

    responses = run_together([lambda: post(client, withdrawal)] * 20)

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [201] + [400] * 19
    refused = [r for r in responses if r.status_code == 400]
    assert {r.json()["error"]["code"] for r in refused} == {"insufficient_funds"}
    assert balance_get(saraf_id=saraf.pk, kind="cash", currency="USD") == Decimal(
        "20.00"
    )
    assert ledger_ok()


def test_fifty_concurrent_deposits_add_up_exactly():
    saraf = SarafFactory()
    support(saraf, "USD")
    client = authenticated(saraf=saraf)

    def two_deposits():
        return [post(client, body(amount="0.10")).status_code for _ in range(2)]

    results = run_together([two_deposits] * 25)

    assert [status for pair in results for status in pair] == [201] * 50
    assert balance_get(saraf_id=saraf.pk, kind="cash", currency="USD") == Decimal(
        "5.00"
    )
    assert ledger_ok()


def test_concurrent_requests_with_one_key_move_money_once():
    saraf = SarafFactory()
    support(saraf, "USD")
    client = authenticated(saraf=saraf)

    responses = run_together(
        [lambda: post(client, body(), **{"Idempotency-Key": "same"})] * 10
    )

    assert {r.status_code for r in responses} <= {201, 409}
    created = [r.json() for r in responses if r.status_code == 201]
    assert created
    assert all(data == created[0] for data in created)
    assert JournalEntry.objects.count() == 1
    assert balance_get(saraf_id=saraf.pk, kind="cash", currency="USD") == Decimal(
        "100.00"
    )
    assert ledger_ok()
