import pytest

from core.errors import ApplicationError
from ledger.models import JournalEntry
from ledger.selectors import balance_get
from ledger.services import entry_reverse
from tests.factories import SarafFactory
from tests.ledger.helpers import fund
from tests.transaction.test_concurrency import ledger_ok, run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_reversals_of_one_entry_post_once():
    saraf = SarafFactory()
    entry = fund(saraf, "USD", "30")

    def reverse():
        try:
            return entry_reverse(
                saraf_id=saraf.pk, entry_id=entry.pk, performed_by=None
            ).pk
        except ApplicationError as error:
            return error.code

    results = run_together([reverse] * 8)

    refusals = [result for result in results if isinstance(result, str)]
    assert refusals == ["already_reversed"] * 7
    assert JournalEntry.objects.filter(reverses=entry).count() == 1
    assert balance_get(saraf_id=saraf.pk, kind="cash", currency="USD") == 0
    assert ledger_ok()
