import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.conftest import authenticated
from tests.factories import SarafFactory
from tests.hawala.conftest import send_body, support

pytestmark = pytest.mark.django_db


@pytest.fixture
def traffic(owner_client, receiver_client, sarafs):
    """Three hawalas A→B (one paid out, one cancelled), one B→A, one external."""
    sender, receiver = sarafs
    ids = {}
    for number, amount in (("A-1", "100"), ("A-2", "200"), ("A-3", "300")):
        response = owner_client.post(
            "/api/hawala/send/",
            send_body(receiver, hawala_number=number, amount=amount, fee="5"),
            format="json",
        )
        ids[number] = response.json()["id"]
    receiver_client.patch(
        f"/api/hawala/receive/{ids['A-1']}/", {"status": "received"}, format="json"
    )
    receiver_client.patch(
        f"/api/hawala/receive/{ids['A-1']}/",
        {"status": "completed", "hawala_number": "A-1", "receiver_id_number": "7"},
        format="json",
    )
    owner_client.patch(
        f"/api/hawala/status/{ids['A-2']}/", {"status": "cancelled"}, format="json"
    )
    response = receiver_client.post(
        "/api/hawala/send/",
        send_body(
            sender,
            hawala_number="B-1",
            amount="50",
            currency="AFN",
            receiver_phone="+93781111111",
        ),
        format="json",
    )
    ids["B-1"] = response.json()["id"]
    body = send_body(receiver, hawala_number="E-1", destination_name="Herat Saraf")
    del body["destination_saraf_id"]
    ids["E-1"] = owner_client.post("/api/hawala/send/", body, format="json").json()[
        "id"
    ]
    return ids


def _numbers(response):
    assert response.status_code == 200, response.json()
    return [row["hawala_number"] for row in response.json()["results"]]


def test_history_both_directions_newest_first(owner_client, traffic):
    assert _numbers(owner_client.get("/api/hawala/history/")) == [
        "E-1",
        "B-1",
        "A-3",
        "A-2",
        "A-1",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=completed", ["A-1"]),
        ("status=cancelled", ["A-2"]),
        ("currency=afn", ["B-1"]),
        ("direction=incoming", ["B-1"]),
        ("direction=outgoing", ["E-1", "A-3", "A-2", "A-1"]),
        ("search=a-", ["A-3", "A-2", "A-1"]),
        ("search=0781111111", ["B-1"]),
        ("date_from=2000-01-01&date_to=2000-01-02", []),
    ],
)
def test_history_filters(owner_client, traffic, query, expected):
    assert _numbers(owner_client.get(f"/api/hawala/history/?{query}")) == expected


def test_history_dates_are_whole_local_days(owner_client, traffic):
    today = timezone.localdate().isoformat()
    response = owner_client.get(
        f"/api/hawala/history/?date_from={today}&date_to={today}"
    )
    assert len(_numbers(response)) == 5


def test_history_counterparty_filter(owner_client, traffic, sarafs):
    _, receiver = sarafs
    numbers = _numbers(
        owner_client.get(f"/api/hawala/history/?counterparty={receiver.pk}")
    )
    assert numbers == ["B-1", "A-3", "A-2", "A-1"]


@pytest.mark.parametrize(
    "query",
    [
        "status=lost",
        "date_from=yesterday",
        "date_from=2020-02-02&date_to=2020-01-01",
        "counterparty=x",
        "currency=DOLLARS",
        "direction=up",
        "date_from=0001-01-01",
        "date_to=9999-12-31",
    ],
)
def test_history_bad_filters_are_400(owner_client, traffic, query):
    response = owner_client.get(f"/api/hawala/history/?{query}")
    assert response.status_code == 400


def test_list_all_and_query_count_is_fixed(owner_client, traffic, sarafs):
    def queries(url, client=owner_client):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    few = queries("/api/hawala/list-all/?page_size=1")
    many = queries("/api/hawala/list-all/?page_size=50")
    assert few == many
    assert queries("/api/hawala/history/") == many
    receiver_client = authenticated(saraf=sarafs[1])
    assert queries("/api/hawala/receive/?page_size=1", receiver_client) == queries(
        "/api/hawala/history/", receiver_client
    )


def test_other_saraf_sees_nothing(traffic):
    client = authenticated(saraf=SarafFactory())
    for url in (
        "/api/hawala/history/",
        "/api/hawala/list-all/",
        "/api/hawala/receive/",
    ):
        assert client.get(url).json()["count"] == 0


def test_statistics_per_status_and_currency(owner_client, traffic):
    response = owner_client.get("/api/hawala/statistics/")
    assert response.status_code == 200, response.json()
    body = response.json()
    outgoing = {(row["status"], row["currency"]): row for row in body["outgoing"]}
    assert outgoing[("completed", "USD")]["count"] == 1
    assert outgoing[("completed", "USD")]["total_amount"] == "100.00"
    assert outgoing[("cancelled", "USD")]["total_fee"] == "5.00"
    assert outgoing[("pending", "USD")]["total_amount"] == "500.00"
    assert body["incoming"] == [
        {
            "status": "sent",
            "currency": "AFN",
            "count": 1,
            "total_amount": "50.00",
            "total_fee": "0.00",
        }
    ]
    empty = owner_client.get(
        "/api/hawala/statistics/?date_from=2000-01-01&date_to=2000-12-31"
    ).json()
    assert empty["outgoing"] == empty["incoming"] == []


def test_statistics_never_show_the_receiver_another_sarafs_fees(
    owner_client, receiver_client, traffic
):
    incoming = receiver_client.get("/api/hawala/statistics/").json()["incoming"]
    by_status = {(row["status"], row["currency"]): row for row in incoming}

    assert by_status[("completed", "USD")]["total_amount"] == "100.00"
    assert {row["total_fee"] for row in incoming} == {"0.00"}
    outgoing = owner_client.get("/api/hawala/statistics/").json()["outgoing"]
    own = {(row["status"], row["currency"]): row for row in outgoing}
    assert own[("completed", "USD")]["total_fee"] == "5.00"


def test_supported_currencies_are_the_callers(owner_client, sarafs):
    support(sarafs[0], "EUR")
    response = owner_client.get("/api/hawala/supported-currencies/")
    assert [row["code"] for row in response.json()] == ["AFN", "EUR", "USD"]


def test_reads_need_a_hawala_or_history_flag(employee_client, traffic):
    assert employee_client("chat").get("/api/hawala/history/").status_code == 403
    assert (
        employee_client("view_history").get("/api/hawala/history/").status_code == 200
    )
    assert (
        employee_client("deliver_amount").get("/api/hawala/receive/").status_code == 200
    )


def test_positions_per_counterparty_and_currency(owner_client, traffic, sarafs):
    _, receiver = sarafs
    response = owner_client.get("/api/hawala/positions/")
    assert response.status_code == 200
    rows = {
        (row["counterparty_saraf_id"], row["currency"]): row
        for row in response.json()["results"]
    }
    with_receiver = rows[(receiver.pk, "USD")]
    assert with_receiver["balance"] == "-400.00"
    assert with_receiver["we_owe"] == "400.00"
    assert with_receiver["they_owe"] == "0.00"
    assert with_receiver["external"] is False
    external = [row for row in rows.values() if row["external"]]
    assert [row["we_owe"] for row in external] == ["500.00"]
