from decimal import Decimal
from types import SimpleNamespace

import pytest
from rest_framework import serializers

from core.money import AmountField, check_minor_units, format_amount

USD = SimpleNamespace(code="USD", minor_units=2)
JPY = SimpleNamespace(code="JPY", minor_units=0)
KWD = SimpleNamespace(code="KWD", minor_units=3)


class AmountSerializer(serializers.Serializer):
    amount = AmountField()


def _errors(data):
    serializer = AmountSerializer(data=data)
    assert not serializer.is_valid()
    return serializer.errors["amount"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("100", Decimal("100")),
        ("1250.50", Decimal("1250.50")),
        ("0.00000001", Decimal("0.00000001")),
        ("999999999999999.99999999", Decimal("999999999999999.99999999")),
        (25, Decimal("25")),
        (0.1, Decimal("0.1")),
        (1.005, Decimal("1.005")),
        ("007", Decimal("7")),
    ],
)
def test_amount_field_accepts_plain_positive_decimals(raw, expected):
    serializer = AmountSerializer(data={"amount": raw})
    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data["amount"] == expected
    assert isinstance(serializer.validated_data["amount"], Decimal)


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        None,
        True,
        False,
        "NaN",
        "sNaN",
        "Infinity",
        "-Infinity",
        "0",
        "0.00",
        "-0.00",
        "-50",
        "+50",
        -1,
        0,
        "1,000",
        "1e3",
        "1E+30",
        1e30,
        "1" * 45,
        "1" * 16,
        "1.123456789",
        " 10",
        "10 ",
        ".5",
        "5.",
        "١٠",
        "10\x00",
        [],
        {},
        float("nan"),
        float("inf"),
    ],
)
def test_amount_field_refuses_with_invalid_amount(raw):
    errors = _errors({"amount": raw})
    assert errors[0].code == "invalid_amount"


def test_amount_field_exponent_notation_is_refused_even_when_small():
    assert _errors({"amount": "5e1"})[0].code == "invalid_amount"


def test_amount_field_outputs_plain_string():
    assert AmountField().to_representation(Decimal("1E+2")) == "100"


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        (Decimal("10.5"), USD, Decimal("10.50")),
        (Decimal("10"), USD, Decimal("10.00")),
        (Decimal("100.00"), JPY, Decimal("100")),
        (Decimal("1.125"), KWD, Decimal("1.125")),
    ],
)
def test_check_minor_units_quantizes_without_rounding(amount, currency, expected):
    result = check_minor_units(amount, currency)
    assert result == expected
    assert result.as_tuple().exponent == -currency.minor_units


@pytest.mark.parametrize(
    ("amount", "currency"),
    [
        (Decimal("0.005"), USD),
        (Decimal("1.005"), USD),
        (Decimal("1.5"), JPY),
        (Decimal("1.0005"), KWD),
    ],
)
def test_check_minor_units_refuses_extra_decimals(amount, currency):
    with pytest.raises(serializers.ValidationError) as caught:
        check_minor_units(amount, currency, field="fee")
    assert caught.value.get_codes() == {"fee": ["invalid_amount"]}


@pytest.mark.parametrize(
    ("amount", "minor_units", "expected"),
    [
        (Decimal("1250.5"), 2, "1250.50"),
        (Decimal("1250"), 0, "1250"),
        (Decimal("0"), 3, "0.000"),
        (Decimal("-3.1"), 2, "-3.10"),
    ],
)
def test_format_amount(amount, minor_units, expected):
    assert format_amount(amount, minor_units) == expected


@pytest.mark.parametrize("value", ["0", "0.00", 0])
def test_zero_is_refused_unless_allowed(value):
    with pytest.raises(serializers.ValidationError):
        AmountField().run_validation(value)
    assert AmountField(allow_zero=True).run_validation(value) == 0
