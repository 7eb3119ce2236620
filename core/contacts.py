"""Normalised contacts: one account per normalised email or phone."""

import phonenumbers
from django.conf import settings
from rest_framework import serializers


def normalize_email(value: str) -> str:
    return value.strip().lower()


def normalize_phone(value: str) -> str:
    """Return the E.164 form of a phone number, or raise a 400 `invalid_phone`."""
    try:
        number = phonenumbers.parse(str(value).strip(), settings.PHONE_DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise serializers.ValidationError(
            "Enter a valid phone number (e.g. 0791234567 or +93791234567).",
            code="invalid_phone",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class PhoneField(serializers.CharField):
    """A phone number in, its E.164 form out."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 32)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        return normalize_phone(super().to_internal_value(data))


class NormalizedEmailField(serializers.EmailField):
    def to_internal_value(self, data):
        return normalize_email(super().to_internal_value(data))
