import pytest
from rest_framework import serializers

from core.text import BoundedListField, NameField, TextField


class Body(serializers.Serializer):
    name = NameField()
    nickname = NameField(required=False, allow_blank=True, default="")
    note = TextField(max_length=50, required=False)


def _errors(**data):
    body = Body(data={"name": "Ahmad", **data})
    body.is_valid()
    return body.errors


@pytest.mark.parametrize(
    "name",
    [
        "محمد گل",
        "ښکلی ځلمی",
        "می\u200cخواهم",
        "Ali \u200fKhan",
        "O'Brien-Smith",
    ],
)
def test_names_people_write_are_kept_as_written(name):
    body = Body(data={"name": name})
    assert body.is_valid(), body.errors
    assert body.validated_data["name"] == name


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("\u200b\u200c\u200d", "invisible"),
        ("\u0640\u0640", "invisible"),
        ("\u064b\u200f", "invisible"),
        ("\ufeff", "invisible"),
        ("\u3164\u3164", "invisible"),
        ("\u115f\u1160\uffa0", "invisible"),
        ("\u2800", "invisible"),
        ("Ali\u2028Khan", "control"),
        ("Ali\u2029Khan", "control"),
        ("Ali\u202eNAHK", "bidi"),
        ("\u202aAli", "bidi"),
        ("\u2066Ali\u2069", "bidi"),
        ("Ali\x00", "control"),
        ("Ali\nKhan", "control"),
        ("Ali\tKhan", "control"),
        ("Al\x85i", "control"),
    ],
)
def test_names_that_hide_or_reorder_text_are_refused(name, reason):
    errors = _errors(name=name)
    assert errors["name"][0].code == reason


@pytest.mark.parametrize("value", [42, 4.2, True, ["Ali"], {"a": 1}])
def test_non_strings_are_refused_not_turned_into_text(value):
    assert _errors(name=value)["name"][0].code == "invalid"
    assert _errors(note=value)["note"][0].code == "invalid"


def test_a_blank_allowed_name_with_nothing_visible_is_stored_empty():
    body = Body(data={"name": "Ahmad", "nickname": "\u200c\u200c"})
    assert body.is_valid(), body.errors
    assert body.validated_data["nickname"] == ""


def test_a_required_name_of_spaces_is_blank():
    assert _errors(name="   ")["name"][0].code == "blank"


def test_an_overlong_name_is_refused_for_its_length_before_any_scan():
    assert _errors(name="\x00" * 201)["name"][0].code == "max_length"


def test_a_bounded_list_refuses_its_length_before_judging_items():
    class Ids(serializers.Serializer):
        ids = BoundedListField(
            child=serializers.IntegerField(min_value=1), max_length=3
        )

    body = Ids(data={"ids": [0] * 1000})
    assert not body.is_valid()
    assert [e.code for e in body.errors["ids"]] == ["max_length"]
