"""Date filters at the edges of the calendar answer 400 or a page, never a 500."""

from datetime import datetime

import pytest
from rest_framework import serializers

from core.dates import BoundedDateField, BoundedDateTimeField
from tests.ledger.helpers import fund

pytestmark = pytest.mark.django_db

URL = "/api/saraf/activity/"


@pytest.mark.parametrize(
    "query",
    [
        {"date_from": "0001-01-01"},
        {"date_to": "9999-12-31"},
        {"date_from": "0001-01-01", "date_to": "9999-12-31"},
        {"date_from": "1899-12-31"},
        {"date_to": "3000-01-01"},
    ],
)
def test_dates_beyond_the_supported_range_are_refused(owner_client, query):
    response = owner_client.get(URL, query)
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert set(error["fields"]) <= {"date_from", "date_to"}


def test_the_widest_supported_range_lists_everything(owner_client, saraf):
    entry = fund(saraf, "USD", "10")
    response = owner_client.get(
        URL, {"date_from": "1900-01-01", "date_to": "2999-12-31"}
    )
    assert response.status_code == 200, response.content
    assert [row["id"] for row in response.json()["results"]] == [entry.pk]


class _Filters(serializers.Serializer):
    day = BoundedDateField(required=False)
    moment = BoundedDateTimeField(required=False)


@pytest.mark.parametrize(
    "data",
    [
        {"day": "0001-01-01"},
        {"day": "9999-12-31"},
        {"moment": "0001-01-01T00:00:00"},
        {"moment": "9999-12-31T23:59:59"},
        {"moment": "0001-01-01"},
    ],
)
def test_bounded_fields_refuse_the_calendar_edges(data):
    filters = _Filters(data=data)
    assert not filters.is_valid()
    assert filters.errors[next(iter(data))][0].code == "out_of_range"


def test_bounded_fields_accept_ordinary_values():
    filters = _Filters(data={"day": "2026-12-03", "moment": "2026-12-03T10:00:00Z"})
    assert filters.is_valid(), filters.errors
    assert filters.validated_data["moment"].date() == datetime(2026, 12, 3).date()
