"""The benchmark seed goes through the ledger and hands out working tokens."""

import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from bench.cli import main
from bench.seeding import OPENING_ENTRY_KIND, SeedConfig, seed
from ledger.models import JournalEntry, LedgerAccount
from saraf_create_accounts.models import CustomerAccount

CONFIG = SeedConfig(
    sarafs=2,
    accounts_per_saraf=3,
    capital_deposits_per_saraf=2,
    capital_deposit=Decimal("1000.00"),
    customer_opening=Decimal("50.00"),
)


@pytest.mark.django_db
def test_seed_moves_money_only_through_balanced_ledger_entries(capsys):
    seeded = seed(CONFIG)

    call_command("verify_ledger")
    assert "ledger OK" in capsys.readouterr().out
    assert [len(saraf.accounts) for saraf in seeded] == [3, 3]
    assert JournalEntry.objects.filter(kind=OPENING_ENTRY_KIND).count() == 2
    assert JournalEntry.objects.filter(kind="capital_deposit").count() == 2 * 2 * 2
    customers = LedgerAccount.objects.filter(kind="customer")
    assert sorted({a.balance for a in customers}) == [Decimal("50.00")]
    cash = LedgerAccount.objects.get(
        saraf_id=seeded[0].id, kind="cash", currency_id="USD"
    )
    assert cash.balance == Decimal("2150.00")
    numbers = CustomerAccount.objects.filter(saraf_id=seeded[0].id).values_list(
        "account_number", flat=True
    )
    assert sorted(numbers) == ["C-000001", "C-000002", "C-000003"]


@pytest.mark.django_db
def test_seeded_tokens_act_as_each_sarafs_owner():
    seeded = seed(CONFIG)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {seeded[1].token}")

    response = client.get("/api/transaction/?page_size=50")
    deposit = client.post(
        f"/api/saraf-create-accounts/{seeded[1].accounts[0]}/deposit/",
        {"currency": "USD", "amount": "1.00"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="seed-test-1",
    )
    foreign = client.post(
        f"/api/saraf-create-accounts/{seeded[0].accounts[0]}/deposit/",
        {"currency": "USD", "amount": "1.00"},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["count"] == 4
    assert deposit.status_code == 201
    assert foreign.status_code == 404


@pytest.mark.django_db
def test_seed_command_writes_the_seed_for_wrk_and_for_the_query_count(tmp_path):
    lua, seed_json, queries = (
        tmp_path / "data.lua",
        tmp_path / "data.json",
        tmp_path / "q.json",
    )

    main(
        ["seed", "--sarafs=2", "--accounts=2", "--capital-deposits=1"]
        + [f"--lua={lua}", f"--json={seed_json}"]
    )
    main(["queries", f"--seed={seed_json}", f"--out={queries}"])

    sarafs = json.loads(seed_json.read_text())["sarafs"]
    assert [len(saraf["accounts"]) for saraf in sarafs] == [2, 2]
    for saraf in sarafs:
        assert f'{{ id = {saraf["id"]}, token = "{saraf["token"]}"' in lua.read_text()
    sql = json.loads(queries.read_text())
    assert any(query.startswith('INSERT INTO "ledger_journalentry"') for query in sql)
    assert JournalEntry.objects.filter(kind="customer_deposit").count() == 2
