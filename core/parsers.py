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
"""

import codecs

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError
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


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            decoded_stream = codecs.getreader(encoding)(stream)
            parse_constant = json.strict_constant if self.strict else None
            return json.load(
                decoded_stream,
                parse_constant=parse_constant,
                parse_float=JSONNumber,
                object_pairs_hook=_object_without_duplicates,
            )
        except (ValueError, RecursionError) as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
