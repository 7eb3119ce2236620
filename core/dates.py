"""Date and time filters that stay inside what every database and time zone can hold.

`date.min`/`date.max` parse fine, but turning such a day's local midnight into
UTC (or adding the day after `date_to`) overflows Python's datetime: a 500.
Filters take dates between 1900-01-01 and 2999-12-31 and refuse the rest.
"""

from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone
from rest_framework import serializers

EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)
_OUT_OF_RANGE = f"Enter a date between {EARLIEST} and {LATEST}."


class BoundedDateField(serializers.DateField):
    default_error_messages = {"out_of_range": _OUT_OF_RANGE}

    def to_internal_value(self, value):
        day = super().to_internal_value(value)
        if not EARLIEST <= day <= LATEST:
            self.fail("out_of_range")
        return day


class BoundedDateTimeField(serializers.DateTimeField):
    default_error_messages = {"out_of_range": _OUT_OF_RANGE}

    def enforce_timezone(self, value):
        if not EARLIEST <= value.date() <= LATEST:
            self.fail("out_of_range")
        return super().enforce_timezone(value)


def local_midnight(day: date) -> datetime:
    """The start of `day` in settings.TIME_ZONE, as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time.min))


def local_days(field: str, date_from: date | None, date_to: date | None) -> Q:
    """`field` within the local days `date_from`..`date_to`, both inclusive, as a
    range on the column itself (so its index serves; `__date` would not)."""
    q = Q()
    if date_from:
        q &= Q(**{f"{field}__gte": local_midnight(date_from)})
    if date_to:
        q &= Q(**{f"{field}__lt": local_midnight(date_to + timedelta(days=1))})
    return q
