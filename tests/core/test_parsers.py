"""JSON bodies: numbers keep the text the client sent; no nesting depth is a 500."""

import io
import json
from decimal import Decimal

import pytest

from core.parsers import JSONNumber, JSONParser, number_literal
from ledger.models import JournalEntry, Posting
from ledger.selectors import balance_get
from saraf_create_accounts.models import CustomerAccount
from tests.ledger.helpers import fund, support
from transaction.models import Transaction

pytestmark = pytest.mark.django_db

# JSON numbers whose float would hide what the client wrote: extra decimals a
# binary float drops, and exponent notation, which amounts never accept.
HIDDEN_BY_FLOAT = [
    "1.0000000000000001",
    "100.00000000000001",
    "0.30000000000000004",
    "1E2",
    "1e2",
    "5E-1",
    "1.5e0",
    "-0.0",
    "1e400",
]


def _raw(client, url, text):
    return client.post(url, text, content_type="application/json")


def _capital_body(amount_text):
    return (
        f'{{"currency": "USD", "transaction_type": "deposit", "amount": {amount_text}}}'
    )


def _account(saraf):
    return CustomerAccount.objects.create(
        saraf=saraf,
        sequence=1,
        account_number="C-000001",
        full_name="Ahmad Karimi",
        phone="+93791234567",
        account_type="customer",
    )


def _nothing_moved(saraf):
    assert JournalEntry.objects.filter(saraf_id=saraf.pk).count() == 1
    assert balance_get(saraf_id=saraf.pk, kind="cash", currency="USD") == Decimal(
        "500.00"
    )


@pytest.mark.parametrize("literal", HIDDEN_BY_FLOAT)
def test_capital_deposit_refuses_json_numbers_a_float_would_round(
    owner_client, saraf, literal
):
    fund(saraf, "USD", "500.00")
    response = _raw(owner_client, "/api/transaction/create/", _capital_body(literal))
    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] == "invalid_amount"
    assert "amount" in response.json()["error"]["fields"]
    assert not Transaction.objects.exists()
    _nothing_moved(saraf)


@pytest.mark.parametrize("literal", HIDDEN_BY_FLOAT)
@pytest.mark.parametrize("operation", ["deposit", "withdraw", "give-money"])
def test_customer_operations_refuse_json_numbers_a_float_would_round(
    owner_client, saraf, literal, operation
):
    fund(saraf, "USD", "500.00")
    account = _account(saraf)
    url = f"/api/saraf-create-accounts/{account.pk}/{operation}/"
    response = _raw(owner_client, url, f'{{"currency": "USD", "amount": {literal}}}')
    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] == "invalid_amount"
    _nothing_moved(saraf)


@pytest.mark.parametrize(
    ("literal", "stored"),
    [("100.5", "100.50"), ("100", "100.00"), ("100.0", "100.00"), ("0.1", "0.10")],
)
def test_plain_json_numbers_are_still_accepted(owner_client, saraf, literal, stored):
    support(saraf, "USD")
    response = _raw(owner_client, "/api/transaction/create/", _capital_body(literal))
    assert response.status_code == 201, response.content
    assert response.json()["amount"] == stored
    assert Posting.objects.get(account__kind="cash").amount == Decimal(stored)


DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize(
    "url",
    [
        "/api/transaction/create/",
        "/api/currency/supported/",
        "/api/saraf/employees/",
        "/api/saraf/change-password/",
        "/api/saraf/logout/",
        "/token/refresh/",
    ],
)
def test_nesting_too_deep_for_python_is_a_malformed_request(owner_client, url):
    response = owner_client.post(url, DEEP, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "malformed_request"


def test_deep_nesting_inside_an_object_is_a_malformed_request(owner_client, saraf):
    support(saraf, "USD")
    body = _capital_body(DEEP)
    response = owner_client.post(
        "/api/transaction/create/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "malformed_request"
    assert not JournalEntry.objects.exists()


def test_json_number_is_a_float_that_remembers_its_text():
    number = json.loads("[1.0000000000000001]", parse_float=JSONNumber)[0]
    assert number == 1.0
    assert isinstance(number, float)
    assert number_literal(number) == "1.0000000000000001"
    assert json.dumps(number) == "1.0"
    assert number_literal(2.5) == "2.5"
    assert number_literal(7) == "7"


@pytest.mark.parametrize(
    "text",
    [
        '{"currency": "USD", "transaction_type": "deposit", "amount": "1",'
        ' "currency": "AFN"}',
        '{"currency": "USD", "transaction_type": "deposit", "amount": "1",'
        ' "amount": "1000"}',
    ],
)
def test_a_key_named_twice_is_refused_and_nothing_moves(owner_client, saraf, text):
    support(saraf, "USD")
    support(saraf, "AFN")

    response = _raw(owner_client, "/api/transaction/create/", text)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "malformed_request"
    assert "twice" in response.json()["error"]["message"]
    assert not Transaction.objects.exists()


def test_the_same_key_in_two_objects_is_fine():
    parsed = JSONParser().parse(io.BytesIO(b'{"a": {"k": 1}, "b": {"k": 2}}'))
    assert parsed == {"a": {"k": 1}, "b": {"k": 2}}


@pytest.mark.parametrize(
    ("content_type", "filler"),
    [
        ("application/json", lambda n: json.dumps({"description": "x" * n})),
        ("application/x-www-form-urlencoded", lambda n: "description=" + "x" * n),
    ],
)
def test_a_body_over_the_limit_is_413_and_moves_nothing(
    owner_client, saraf, settings, content_type, filler
):
    support(saraf, "USD")
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = '{"currency": "USD", "transaction_type": "deposit", "amount": "1"}'
    assert len(body) < 1000

    big = owner_client.post(
        "/api/transaction/create/", filler(2000), content_type=content_type
    )
    small = _raw(owner_client, "/api/transaction/create/", body)

    assert big.status_code == 413
    assert big.json()["error"]["code"] == "request_too_large"
    assert small.status_code == 201
    assert Transaction.objects.count() == 1


def test_messaging_parses_json_as_every_other_view(normal_user_client, saraf):
    text = '{"participants": [{"kind": "saraf", "id": 1}], "title": "a", "title": "b"}'
    response = normal_user_client.post(
        "/api/messages/conversations/create/", text, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "malformed_request"


@pytest.mark.parametrize("content_type", ["form", "multipart"])
def test_too_many_form_fields_is_a_malformed_request(
    owner_client, saraf, settings, content_type
):
    support(saraf, "USD")
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    fields = {f"f{i}": "x" for i in range(20)}
    if content_type == "form":
        response = owner_client.post(
            "/api/transaction/create/",
            "&".join(f"{k}={v}" for k, v in fields.items()),
            content_type="application/x-www-form-urlencoded",
        )
    else:
        response = owner_client.post("/api/transaction/create/", fields)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "malformed_request"
    assert not Transaction.objects.exists()


def test_a_multipart_body_over_the_limit_is_413(owner_client, saraf, settings):
    support(saraf, "USD")
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = owner_client.post(
        "/api/transaction/create/",
        {"currency": "USD", "amount": "1", "description": "x" * 2000},
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "request_too_large"
