"""The JSON parser every view uses.

Two things DRF's own parser gets wrong for money:

- A JSON number with a fraction or an exponent becomes a binary float, so
  `1.0000000000000001` silently turns into `1.0` and `1E2` into `100.0`. Here
  such a number is a `JSONNumber`: still a float for every other use, but it
  keeps the text the client sent, which `core.money.AmountField` checks.
- Nesting deep enough to exhaust Python's recursion raised RecursionError (a
  500); it is a parse error like any other malformed body.
- An object naming a key twice kept the last value without a word, so
  `{"currency": "USD", "amount": "1", "currency": "AFN"}` deposited AFN; it
  is refused.
- It read a body of any size into memory before a serializer looked at it
  (so does DRF's form parser); past `DATA_UPLOAD_MAX_MEMORY_SIZE` (2 MiB) a
  JSON or form body is 413 `request_too_large`, without reading the rest.
"""

import codecs

from django.conf import settings
from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import QueryDict
from rest_framework import parsers
from rest_framework.exceptions import APIException, ParseError
from rest_framework.utils import json


class JSONNumber(float):
    """A JSON number with a fraction or exponent, remembering its literal text."""

    def __new__(cls, literal):
        number = super().__new__(cls, literal)
        number.literal = literal if isinstance(literal, str) else repr(float(literal))
        return number


def _object_without_duplicates(pairs):
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise ValueError(f"the key {key!r} appears twice in one object")
        obj[key] = value
    return obj


def number_literal(value) -> str:
    """The text a client sent for a JSON number, or `str(value)`."""
    return getattr(value, "literal", None) or str(value)


class RequestTooLarge(APIException):
    status_code = 413
    default_code = "request_too_large"


def _too_large() -> RequestTooLarge:
    return RequestTooLarge(
        f"The body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes."
    )


def _read_limited(stream) -> bytes:
    raw = stream.read(settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    if len(raw) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
        raise _too_large()
    return raw


class FormParser(parsers.FormParser):
    """DRF's, reading at most `DATA_UPLOAD_MAX_MEMORY_SIZE` bytes as well."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        raw = _read_limited(stream)
        try:
            return QueryDict(raw, encoding=encoding)
        except TooManyFieldsSent as exc:
            raise ParseError(str(exc)) from None


class MultiPartParser(parsers.MultiPartParser):
    """DRF's. Django's limits on fields, files and size raise SuspiciousOperation,
    which DRF leaves to Django: a bare 400 and an ERROR traceback in the log."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except (TooManyFieldsSent, TooManyFilesSent) as exc:
            raise ParseError(str(exc)) from None
        except RequestDataTooBig:
            raise _too_large() from None


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        raw = _read_limited(stream)
        try:
            parse_constant = json.strict_constant if self.strict else None
            return json.loads(
                codecs.decode(raw, encoding),
                parse_constant=parse_constant,
                parse_float=JSONNumber,
                object_pairs_hook=_object_without_duplicates,
            )
        except (ValueError, RecursionError) as exc:  # UnicodeDecodeError too
            raise ParseError(f"JSON parse error - {exc}") from None
