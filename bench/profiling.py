"""What one customer deposit costs: its SQL queries, and where its time goes."""

import json
import uuid

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

HOST = "127.0.0.1"


def _deposit(client: Client, *, token: str, account_id: int, currency: str):
    response = client.post(
        f"/api/saraf-create-accounts/{account_id}/deposit/",
        data=json.dumps({"currency": currency, "amount": "1.00"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_IDEMPOTENCY_KEY=f"profile-{uuid.uuid4()}",
        HTTP_HOST=HOST,
    )
    if response.status_code != 201:
        raise RuntimeError(
            f"deposit answered {response.status_code}: {response.content[:500]!r}"
        )
    return response


def deposit_queries(*, token: str, account_id: int, currency: str) -> list[str]:
    """The SQL of one deposit request in a warm process (the second one sent)."""
    client = Client()
    _deposit(client, token=token, account_id=account_id, currency=currency)
    with CaptureQueriesContext(connection) as captured:
        _deposit(client, token=token, account_id=account_id, currency=currency)
    return [query["sql"] for query in captured.captured_queries]


def deposit_profile(
    *, token: str, account_ids: list[int], currency: str, requests: int
) -> str:
    """A pyinstrument text profile of `requests` deposits through the full stack."""
    from pyinstrument import Profiler

    client = Client()
    _deposit(client, token=token, account_id=account_ids[0], currency=currency)
    profiler = Profiler(interval=0.001)
    with profiler:
        for number in range(requests):
            _deposit(
                client,
                token=token,
                account_id=account_ids[number % len(account_ids)],
                currency=currency,
            )
    return profiler.output_text(unicode=True, color=False, show_all=False)
