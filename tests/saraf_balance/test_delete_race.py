import pytest

from currency.models import SarafCurrency
from ledger.models import LedgerAccount
from tests.conftest import authenticated
from tests.factories import SarafFactory
from tests.ledger.helpers import support
from tests.transaction.test_concurrency import ledger_ok, run_together
from tests.transaction.test_create import body, post

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_removing_a_currency_never_strands_money_posted_at_the_same_time():
    saraf = SarafFactory()
    support(saraf, "USD")
    client = authenticated(saraf=saraf)

    calls = [lambda: post(client, body(amount="1.00"))] * 10
    calls.insert(5, lambda: client.delete("/api/balance/USD/delete/"))
    responses = run_together(calls)

    still_supported = SarafCurrency.objects.filter(saraf=saraf).exists()
    money = LedgerAccount.objects.filter(saraf=saraf).exclude(balance=0).exists()
    assert still_supported or not money
    deleted = responses[5].status_code == 204
    assert deleted != still_supported
    assert ledger_ok()


def test_concurrent_removals_of_one_currency_remove_it_once():
    saraf = SarafFactory()
    support(saraf, "USD")
    clients = [authenticated(saraf=saraf) for _ in range(4)]

    responses = run_together(
        [lambda c=c: c.delete("/api/balance/USD/delete/") for c in clients]
    )

    codes = sorted(r.status_code for r in responses)
    assert codes == [204, 400, 400, 400]
    for response in responses:
        if response.status_code == 400:
            assert response.json()["error"]["code"] == "currency_not_supported"
    assert not SarafCurrency.objects.filter(saraf=saraf).exists()
