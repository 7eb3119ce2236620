import re

from rest_framework import serializers

from core.contacts import NormalizedEmailField, PhoneField

CODE_PATTERN = re.compile(r"\A[0-9]{6}\Z")


class CodeField(serializers.CharField):
    """The 6-digit code, as a JSON string (a number would lose leading zeros)."""

    default_error_messages = {"invalid": "Enter the 6-digit code as a string."}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 6)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        value = super().to_internal_value(data)
        if not CODE_PATTERN.match(value):
            self.fail("invalid")
        return value


def _email():
    return NormalizedEmailField(max_length=254)


class EmailSerializer(serializers.Serializer):
    email = _email()


class EmailCodeSerializer(serializers.Serializer):
    email = _email()
    code = CodeField()


class PhoneSerializer(serializers.Serializer):
    phone = PhoneField()


class PhoneCodeSerializer(serializers.Serializer):
    phone = PhoneField()
    code = CodeField()


class EmailPhoneSerializer(serializers.Serializer):
    email = _email()
    phone = PhoneField()


class EmailPhoneCodesSerializer(serializers.Serializer):
    email = _email()
    phone = PhoneField()
    email_code = CodeField()
    phone_code = CodeField()


class CodeSentSerializer(serializers.Serializer):
    sent = serializers.BooleanField()
    expires_in_seconds = serializers.IntegerField()
    resend_available_in_seconds = serializers.IntegerField()


class VerifiedSerializer(serializers.Serializer):
    verified = serializers.BooleanField()


class ContactStatusSerializer(serializers.Serializer):
    verified = serializers.BooleanField()
    code_pending = serializers.BooleanField()
    expires_at = serializers.DateTimeField(allow_null=True)
    resend_available_at = serializers.DateTimeField(allow_null=True)


class CombinedStatusSerializer(serializers.Serializer):
    verified = serializers.BooleanField()
    email = ContactStatusSerializer()
    phone = ContactStatusSerializer()


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField()


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()
