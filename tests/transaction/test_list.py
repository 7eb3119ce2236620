from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from core.auth import Identity
from tests.ledger.helpers import support
from transaction.services import transaction_create

pytestmark = pytest.mark.django_db

URL = "/api/transaction/"


def make(saraf, code, amount, transaction_type="deposit", employee=None):
    identity = Identity(kind="saraf", session_id="s", saraf=saraf)
    if employee is not None:
        identity = Identity(
            kind="employee", session_id="s", saraf=saraf, employee=employee
        )
    return transaction_create(
        identity=identity,
        currency=code,
        amount=amount,
        transaction_type=transaction_type,
        description=f"{transaction_type} {amount}",
    )


def ids(client, query=None):
    response = client.get(URL, query or {})
    assert response.status_code == 200, response.data
    return [row["id"] for row in response.data["results"]]


def test_list_is_newest_first_scoped_and_filtered(
    owner_client, saraf, other_saraf, make_employee, monkeypatch
):
    support(saraf, "USD", "AFN")
    support(other_saraf, "USD")
    clerk = make_employee(full_name="Teller")
    past = timezone.now() - timedelta(days=45)
    with monkeypatch.context() as patch:
        patch.setattr(timezone, "now", lambda: past)
        old = make(saraf, "USD", Decimal("500"))
    usd_in = make(saraf, "USD", Decimal("10"), employee=clerk)
    afn_in = make(saraf, "AFN", Decimal("700"))
    usd_out = make(saraf, "USD", Decimal("5"), "withdrawal")
    make(other_saraf, "USD", Decimal("1"))

    assert ids(owner_client) == [usd_out.pk, afn_in.pk, usd_in.pk, old.pk]
    assert ids(owner_client, {"currency": "usd"}) == [usd_out.pk, usd_in.pk, old.pk]
    assert ids(owner_client, {"type": "withdrawal"}) == [usd_out.pk]
    assert ids(owner_client, {"time": "day"}) == [usd_out.pk, afn_in.pk, usd_in.pk]
    assert ids(owner_client, {"time": "month"}) == [
        usd_out.pk,
        afn_in.pk,
        usd_in.pk,
    ]
    assert ids(owner_client, {"currency": "EUR"}) == []
    assert len(ids(owner_client, {"currency": "", "type": "", "time": ""})) == 4
    row = owner_client.get(URL, {"type": "deposit", "currency": "USD"}).data["results"][
        0
    ]
    assert row["performed_by"] == {
        "type": "employee",
        "employee_id": clerk.pk,
        "name": "Teller",
    }
    assert (row["balance_before"], row["balance_after"]) == ("500.00", "510.00")


@pytest.mark.parametrize(
    "query", [{"time": "year"}, {"type": "transfer"}, {"currency": "US"}]
)
def test_list_refuses_bad_filters(owner_client, query):
    response = owner_client.get(URL, query)
    assert response.status_code == 400
    assert response.data["error"]["code"] == "validation_error"


def test_list_needs_view_history(employee_client, normal_user_client):
    assert employee_client("deposit_to_account").get(URL).status_code == 403
    assert employee_client("view_history").get(URL).status_code == 200
    assert normal_user_client.get(URL).status_code == 403


def test_list_query_count_is_fixed(
    owner_client, saraf, make_employee, django_assert_num_queries
):
    support(saraf, "USD", "AFN")

    def page():
        with django_assert_num_queries(3):
            response = owner_client.get(URL, {"page_size": 100})
        assert response.status_code == 200
        return len(response.data["results"])

    make(saraf, "USD", Decimal("1"))
    assert page() == 1
    for n in range(12):
        make(saraf, "AFN" if n % 2 else "USD", Decimal(n + 1), employee=make_employee())
    assert page() == 13
