import threading

import pytest
from django.db import connection

from core.auth import Identity
from saraf_account.exceptions import ContactTakenError, UsernameTakenError
from saraf_account.models import SarafAccount, SarafEmployee
from saraf_account.services import employee_create, saraf_register
from tests.factories import PASSWORD, SarafFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(target, count):
    barrier = threading.Barrier(count)
    outcomes = []

    def worker(index):
        try:
            barrier.wait()
            outcomes.append(target(index))
        except Exception as exc:  # noqa: BLE001 - the outcome is what is asserted
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_concurrent_registrations_of_one_email_create_one_account():
    outcomes = run_together(
        lambda i: saraf_register(
            name=f"Saraf {i}",
            license_no=f"L{i}",
            email="race@example.com",
            password=PASSWORD,
        ),
        4,
    )
    created = [o for o in outcomes if isinstance(o, SarafAccount)]
    refused = [o for o in outcomes if isinstance(o, ContactTakenError)]
    assert len(created) == 1 and len(refused) == 3
    assert SarafAccount.objects.filter(email="race@example.com").count() == 1


def test_concurrent_employee_creation_with_one_username_creates_one():
    saraf = SarafFactory()
    identity = Identity(kind="saraf", session_id="x", saraf=saraf)
    outcomes = run_together(
        lambda i: employee_create(
            actor=identity, username="twin", password=PASSWORD, full_name=f"T{i}"
        ),
        4,
    )
    assert sum(isinstance(o, SarafEmployee) for o in outcomes) == 1
    assert sum(isinstance(o, UsernameTakenError) for o in outcomes) == 3
