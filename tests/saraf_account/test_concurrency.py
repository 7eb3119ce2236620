import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from core.auth import Identity
from saraf_account.exceptions import ContactTakenError, UsernameTakenError
from saraf_account.models import SarafAccount, SarafEmployee
from saraf_account.services import employee_create, saraf_register
from tests.factories import PASSWORD, SarafFactory
from tests.transaction.test_concurrency import run_together as together

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


def test_sign_ups_claiming_two_holders_contacts_crosswise_never_deadlock():
    """A wants h1's email and h2's phone, B h2's email and h1's phone: locked
    holder by holder in field order they deadlocked (a 500 for one of them)."""
    for _ in range(5):
        SarafAccount.objects.all().delete()
        SarafFactory(
            email="h1@example.com",
            email_verified=False,
            phone="+93701000001",
            phone_verified=True,
        )
        SarafFactory(email="h2@example.com", phone="+93701000002", phone_verified=False)

        def register(email, phone):
            body = {
                "name": "New",
                "license_no": "L",
                "email": email,
                "phone": phone,
                "password": PASSWORD,
            }
            return APIClient().post("/api/saraf/register/", body, format="json")

        responses = together(
            [
                lambda: register("h1@example.com", "+93701000002"),
                lambda: register("h2@example.com", "+93701000001"),
            ]
        )

        assert sorted(r.status_code for r in responses) == [201, 409]
