from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from core.auth import Identity
from ledger.models import JournalEntry
from ledger.services import Leg, entry_post
from tests.ledger.helpers import fund, support
from tests.ledger.test_entry_post import customer_of, deposit, owner

pytestmark = pytest.mark.django_db

URL = "/api/saraf/activity/"


def as_employee(employee):
    return Identity(
        kind="employee", session_id="s", saraf=employee.saraf, employee=employee
    )


def posted_days_ago(monkeypatch, days, post):
    """Entries are append-only: an old one is posted with the clock turned back."""
    past = timezone.now() - timedelta(days=days)
    with monkeypatch.context() as patch:
        patch.setattr(timezone, "now", lambda: past)
        return post()


def test_activity_lists_every_entry_newest_first_with_the_performer(
    owner_client, saraf, other_saraf, make_employee
):
    support(saraf, "USD")
    support(other_saraf, "USD")
    clerk = make_employee("deposit_to_account", full_name="Clerk One")
    customer = customer_of(saraf)
    first = fund(saraf, "USD", "100")
    second = deposit(saraf, customer, "12.5", performed_by=as_employee(clerk))
    fund(other_saraf, "USD", "7")

    response = owner_client.get(URL)
    assert response.status_code == 200
    assert response.data["count"] == 2
    rows = response.data["results"]
    assert [row["id"] for row in rows] == [second.pk, first.pk]
    assert rows[0] == {
        "id": second.pk,
        "kind": "customer_deposit",
        "amount": "12.50",
        "currency": "USD",
        "performed_by": {
            "type": "employee",
            "employee_id": clerk.pk,
            "name": "Clerk One",
        },
        "customer_account": customer.pk,
        "reverses": None,
        "memo": "",
        "created_at": rows[0]["created_at"],
    }
    assert rows[1]["performed_by"] == {
        "type": "system",
        "employee_id": None,
        "name": "System",
    }


def test_activity_filters(owner_client, saraf, make_employee, monkeypatch):
    support(saraf, "USD")
    clerk = make_employee()
    customer = customer_of(saraf)
    old = posted_days_ago(monkeypatch, 40, lambda: fund(saraf, "USD", "100"))
    by_owner = deposit(saraf, customer, "1", performed_by=owner(saraf))
    by_clerk = deposit(saraf, customer, "2", performed_by=as_employee(clerk))

    def ids(query):
        response = owner_client.get(URL, query)
        assert response.status_code == 200, response.data
        return [row["id"] for row in response.data["results"]]

    assert len(ids({"employee": "", "kind": "", "period": ""})) == 3
    assert ids({"employee": clerk.pk}) == [by_clerk.pk]
    assert ids({"employee": "owner"}) == [by_owner.pk]
    assert ids({"kind": "capital_deposit"}) == [old.pk]
    assert ids({"period": "day"}) == [by_clerk.pk, by_owner.pk]
    assert ids({"period": "month"}) == [by_clerk.pk, by_owner.pk]
    today = timezone.localdate()
    assert ids({"date_to": str(today - timedelta(days=1))}) == [old.pk]
    assert ids({"date_from": str(today), "date_to": str(today)}) == [
        by_clerk.pk,
        by_owner.pk,
    ]


@pytest.mark.parametrize(
    "query",
    [
        {"period": "year"},
        {"employee": "bob"},
        {"employee": "9" * 20},
        {"employee": "-1"},
        {"date_from": "2024-13-01"},
        {"date_from": "2024-02-02", "date_to": "2024-02-01"},
        {"kind": "k" * 40},
        {"kind": "bogus"},
        {"kind": "CUSTOMER_DEPOSIT"},
    ],
)
def test_activity_refuses_bad_filters(owner_client, query):
    response = owner_client.get(URL, query)
    assert response.status_code == 400
    assert response.data["error"]["code"] == "validation_error"


def test_activity_needs_the_flag(employee_client, normal_user_client, api_client):
    assert employee_client("view_history").get(URL).status_code == 403
    assert employee_client("see_how_did_works").get(URL).status_code == 200
    assert normal_user_client.get(URL).status_code == 403
    assert api_client.get(URL).status_code == 401


def test_activity_query_count_does_not_grow_with_the_page(
    owner_client, saraf, make_employee, django_assert_num_queries
):
    support(saraf, "USD", "EUR")
    customer = customer_of(saraf)
    fund(saraf, "USD", "1000")

    def page():
        with django_assert_num_queries(3):
            response = owner_client.get(URL, {"page_size": 200})
        assert response.status_code == 200
        return response.data["count"]

    assert page() == 1
    for n in range(15):
        clerk = make_employee()
        entry_post(
            saraf_id=saraf.pk,
            kind="customer_deposit",
            legs=[
                Leg("cash", "EUR", Decimal(n + 1)),
                Leg("customer", "EUR", Decimal(n + 1), customer_account_id=customer.pk),
            ],
            performed_by=as_employee(clerk),
            amount=Decimal(n + 1),
            currency="EUR",
            customer_account_id=customer.pk,
        )
    assert page() == 16
    assert JournalEntry.objects.count() == 16
