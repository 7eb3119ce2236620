"""Real threads, each with its own PostgreSQL connection, against the API."""

import threading
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from hawala.models import HawalaTransaction
from ledger.models import JournalEntry
from tests.conftest import authenticated
from tests.factories import SarafFactory
from tests.hawala.conftest import cash, fund, position, send_body, support

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(calls):
    """Run each callable in its own thread, all released at once; return results."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)
    errors = []

    def worker(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as exc:  # noqa: BLE001 - re-raised in the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=worker, args=(i, call)) for i, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results


def ledger_ok():
    out = StringIO()
    call_command("verify_ledger", stdout=out)
    return out.getvalue().startswith("ledger OK")


def _two_sarafs():
    a, b = SarafFactory(), SarafFactory()
    for saraf in (a, b):
        support(saraf, "USD")
        fund(saraf, "USD", "100000")
    return a, b


def test_ten_concurrent_payouts_of_one_hawala_one_succeeds():
    sender, receiver = _two_sarafs()
    sender_client = authenticated(saraf=sender)
    hawala_id = sender_client.post(
        "/api/hawala/send/", send_body(receiver), format="json"
    ).json()["id"]
    url = f"/api/hawala/receive/{hawala_id}/"
    authenticated(saraf=receiver).patch(url, {"status": "received"}, format="json")
    payout = {
        "status": "completed",
        "hawala_number": "HW-1001",
        "receiver_id_number": "1",
    }
    clients = [authenticated(saraf=receiver) for _ in range(10)]

    responses = run_together(
        [lambda c=c: c.patch(url, payout, format="json") for c in clients]
    )

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200] + [409] * 9
    assert {r.json()["error"]["code"] for r in responses if r.status_code == 409} == {
        "invalid_transition"
    }
    assert HawalaTransaction.objects.get(pk=hawala_id).status == "completed"
    assert cash(receiver) == Decimal("99500.00")
    assert (
        JournalEntry.objects.filter(saraf=receiver, kind="hawala_payout").count() == 1
    )
    assert ledger_ok()


def test_fifty_each_way_sent_accepted_and_paid_at_once():
    a, b = _two_sarafs()
    per_worker = 5
    workers = 10

    def flow(sender, receiver, prefix):
        sender_client = authenticated(saraf=sender)
        receiver_client = authenticated(saraf=receiver)

        def run():
            statuses = []
            for n in range(per_worker):
                number = f"{prefix}-{n}"
                response = sender_client.post(
                    "/api/hawala/send/",
                    send_body(receiver, hawala_number=number, amount="100", fee="2"),
                    format="json",
                )
                statuses.append(response.status_code)
                url = f"/api/hawala/receive/{response.json()['id']}/"
                statuses.append(
                    receiver_client.patch(
                        url, {"status": "received"}, format="json"
                    ).status_code
                )
                statuses.append(
                    receiver_client.patch(
                        url,
                        {
                            "status": "completed",
                            "hawala_number": number,
                            "receiver_id_number": "1",
                        },
                        format="json",
                    ).status_code
                )
            return statuses

        return run

    calls = [flow(a, b, f"AB{w}") for w in range(workers)]
    calls += [flow(b, a, f"BA{w}") for w in range(workers)]

    results = run_together(calls)

    assert all(statuses == [201, 200, 200] * per_worker for statuses in results)
    total = workers * per_worker
    hawalas = HawalaTransaction.objects.all()
    assert hawalas.count() == 2 * total
    assert not hawalas.exclude(status="completed").exists()
    assert not hawalas.filter(send_entry__isnull=True).exists()
    assert not hawalas.filter(payout_entry__isnull=True).exists()
    assert position(a, b) == -position(b, a) == Decimal("0.00")
    # Each side collected 50 × 102 and paid out 50 × 100.
    assert cash(a) == cash(b) == Decimal("100100.00")
    assert ledger_ok()


def test_concurrent_sends_of_one_number_create_one_hawala():
    sender, receiver = _two_sarafs()
    clients = [authenticated(saraf=sender) for _ in range(8)]

    responses = run_together(
        [
            lambda c=c: c.post("/api/hawala/send/", send_body(receiver), format="json")
            for c in clients
        ]
    )

    assert sorted(r.status_code for r in responses) == [201] + [409] * 7
    assert HawalaTransaction.objects.count() == 1
    assert cash(sender) == Decimal("100510.00")
    assert ledger_ok()


def test_cancel_racing_payout_only_one_wins():
    sender, receiver = _two_sarafs()
    hawala_id = (
        authenticated(saraf=sender)
        .post("/api/hawala/send/", send_body(receiver), format="json")
        .json()["id"]
    )
    receiver_client = authenticated(saraf=receiver)
    url = f"/api/hawala/receive/{hawala_id}/"
    receiver_client.patch(url, {"status": "received"}, format="json")
    sender_client = authenticated(saraf=sender)
    payout = {
        "status": "completed",
        "hawala_number": "HW-1001",
        "receiver_id_number": "1",
    }

    cancel, pay = run_together(
        [
            lambda: sender_client.patch(
                f"/api/hawala/status/{hawala_id}/",
                {"status": "cancelled"},
                format="json",
            ),
            lambda: receiver_client.patch(url, payout, format="json"),
        ]
    )

    assert sorted([cancel.status_code, pay.status_code]) == [200, 409]
    hawala = HawalaTransaction.objects.get(pk=hawala_id)
    if hawala.status == "completed":
        assert (cash(sender), cash(receiver)) == (
            Decimal("100510.00"),
            Decimal("99500.00"),
        )
        assert position(sender, receiver) == -position(receiver, sender)
    else:
        assert hawala.status == "cancelled"
        assert (cash(sender), cash(receiver)) == (
            Decimal("100000.00"),
            Decimal("100000.00"),
        )
        assert position(sender, receiver) == position(receiver, sender) == 0
    assert ledger_ok()
