import uuid
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

import transaction.views
from ledger.models import IdempotencyRecord, JournalEntry
from tests.ledger.helpers import fund, support
from tests.transaction.test_create import body, post
from transaction.models import Transaction

pytestmark = pytest.mark.django_db


def test_same_key_same_body_replays_the_first_response(owner_client, saraf):
    support(saraf, "USD")
    first = post(owner_client, body(), **{"Idempotency-Key": "key-1"})
    again = post(owner_client, body(), **{"Idempotency-Key": "key-1"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Transaction.objects.count() == JournalEntry.objects.count() == 1


def test_same_key_other_body_is_422(owner_client, saraf):
    support(saraf, "USD")
    post(owner_client, body(), **{"Idempotency-Key": "key-1"})
    response = post(owner_client, body(amount="5"), **{"Idempotency-Key": "key-1"})
    assert response.status_code == 422
    assert response.data["error"]["code"] == "idempotency_key_reused"
    assert JournalEntry.objects.count() == 1


def test_without_a_key_each_request_moves_money(owner_client, saraf):
    support(saraf, "USD")
    post(owner_client, body())
    post(owner_client, body())
    assert JournalEntry.objects.count() == 2


def test_keys_belong_to_one_identity(owner_client, employee_client, saraf):
    support(saraf, "USD")
    clerk = employee_client("deposit_to_account")
    assert post(owner_client, body(), **{"Idempotency-Key": "k"}).status_code == 201
    assert post(clerk, body(), **{"Idempotency-Key": "k"}).status_code == 201
    assert JournalEntry.objects.count() == 2


@pytest.mark.parametrize("key", ["", "x" * 256, "has space", "ключ", "tab\there"])
def test_malformed_keys_are_refused(owner_client, saraf, key):
    support(saraf, "USD")
    response = post(owner_client, body(), **{"Idempotency-Key": key})
    assert response.status_code == 400
    assert response.data["error"]["code"] == "invalid_idempotency_key"
    assert not JournalEntry.objects.exists()


def test_a_refused_request_releases_its_key(owner_client, saraf):
    support(saraf, "USD")
    withdrawal = body(transaction_type="withdrawal", amount="50")
    refused = post(owner_client, withdrawal, **{"Idempotency-Key": "w1"})
    assert refused.status_code == 400
    assert not IdempotencyRecord.objects.exists()
    fund(saraf, "USD", "50")
    accepted = post(owner_client, withdrawal, **{"Idempotency-Key": "w1"})
    assert accepted.status_code == 201
    assert accepted.data["balance_after"] == "0.00"


def test_a_running_request_answers_409(owner_client, saraf):
    support(saraf, "USD")
    post(owner_client, body(), **{"Idempotency-Key": "k"})
    IdempotencyRecord.objects.update(status="in_progress", response_body=None)
    response = post(owner_client, body(), **{"Idempotency-Key": "k"})
    assert response.status_code == 409
    assert response.data["error"]["code"] == "idempotency_in_progress"
    assert JournalEntry.objects.count() == 1


def test_an_abandoned_claim_is_taken_over(owner_client, saraf, settings):
    support(saraf, "USD")
    settings.IDEMPOTENCY_CLAIM_TIMEOUT_SECONDS = 60
    post(owner_client, body(), **{"Idempotency-Key": "k"})
    # As if a process claimed the key two minutes ago and died: its movement
    # rolled back, and only the claim is left.
    Transaction.objects.all().delete()
    IdempotencyRecord.objects.update(
        status="in_progress",
        response_body=None,
        created_at=timezone.now() - timedelta(minutes=2),
    )
    response = post(owner_client, body(), **{"Idempotency-Key": "k"})
    assert response.status_code == 201
    assert IdempotencyRecord.objects.get().status == "done"
    assert Transaction.objects.count() == 1


def test_an_expired_key_runs_again(owner_client, saraf, settings):
    support(saraf, "USD")
    post(owner_client, body(), **{"Idempotency-Key": "k"})
    IdempotencyRecord.objects.update(
        created_at=timezone.now()
        - timedelta(hours=settings.IDEMPOTENCY_KEY_TTL_HOURS + 1)
    )
    response = post(owner_client, body(amount="7"), **{"Idempotency-Key": "k"})
    assert response.status_code == 201
    assert response.data["amount"] == "7.00"
    assert JournalEntry.objects.count() == 2


def test_a_request_whose_claim_was_taken_over_rolls_back(
    owner_client, saraf, monkeypatch
):
    support(saraf, "USD")
    real = transaction.views.transaction_create

    def taken_over_meanwhile(**kwargs):
        IdempotencyRecord.objects.update(claim=uuid.uuid4())
        return real(**kwargs)

    monkeypatch.setattr(transaction.views, "transaction_create", taken_over_meanwhile)
    response = post(owner_client, body(), **{"Idempotency-Key": "k"})
    assert response.status_code == 409
    assert response.data["error"]["code"] == "idempotency_in_progress"
    assert not JournalEntry.objects.exists()
    assert not Transaction.objects.exists()


def test_purge_deletes_only_expired_keys(owner_client, saraf, settings):
    support(saraf, "USD")
    post(owner_client, body(), **{"Idempotency-Key": "old"})
    post(owner_client, body(amount="2"), **{"Idempotency-Key": "new"})
    IdempotencyRecord.objects.filter(key="old").update(
        created_at=timezone.now()
        - timedelta(hours=settings.IDEMPOTENCY_KEY_TTL_HOURS, minutes=1)
    )
    out = StringIO()
    call_command("purge_idempotency_keys", stdout=out)
    assert out.getvalue().strip() == "purged 1 idempotency key(s)"
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["new"]
