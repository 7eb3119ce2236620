"""Request bodies: strings only, names that show what they say, no unknown keys."""

import re
import unicodedata

from rest_framework import serializers

# Embeddings, overrides and isolates reorder the characters around them on
# screen and on receipts ("Ali\u202eKHAN" shows as "AliNAHK"); the marks
# U+200E/U+200F that Persian keyboards insert only steer neutral characters.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


# Letters and symbols that draw nothing: tatweel, the Hangul fillers, the
# braille blank.
BLANK_GLYPHS = "\u0640\u115f\u1160\u3164\uffa0\u2800"


def has_visible(text: str) -> bool:
    """Whether any character draws something: not space, not a format character
    (zero-width, direction marks, BOM), not a combining mark, not a blank glyph."""
    return any(
        unicodedata.category(c)[0] not in "ZCM" and c not in BLANK_GLYPHS for c in text
    )


class TextField(serializers.CharField):
    """A CharField that refuses numbers and booleans instead of turning them into
    text."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class BoundedListField(serializers.ListField):
    """DRF's ListField judges every item before its `max_length` (a 2 MB list of
    bad ids took 43 s and answered 65 MB of errors); the length comes first."""

    def to_internal_value(self, data):
        if (
            self.max_length is not None
            and isinstance(data, list)
            and len(data) > self.max_length
        ):
            self.fail("max_length", max_length=self.max_length)
        return super().to_internal_value(data)


class NameField(TextField):
    """A person's, saraf's or place's name: one line, no control characters, no
    bidirectional overrides, and at least one visible character (unless blank
    is allowed and it is empty)."""

    default_error_messages = {
        "control": "A name cannot hold control characters or line breaks.",
        "bidi": "A name cannot hold bidirectional override characters.",
        "invisible": "A name needs at least one visible character.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str) and self.max_length and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        value = super().to_internal_value(data)
        if any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in value):
            self.fail("control")
        if BIDI_CONTROLS.search(value):
            self.fail("bidi")
        if value and not has_visible(value):
            if self.allow_blank:
                return ""
            self.fail("invisible")
        return value


# The browsable API's HTML forms post their CSRF token along with the fields.
IGNORED_KEYS = {"csrfmiddlewaretoken"}


class StrictSerializer(serializers.Serializer):
    """Refuses keys it does not know, so a client learns it cannot set them."""

    def validate(self, attrs):
        unknown = sorted(set(self.initial_data) - set(self.fields) - IGNORED_KEYS)
        if unknown:
            raise serializers.ValidationError(
                {key: ["This field cannot be set here."] for key in unknown}
            )
        return attrs
