import pytest

from core import contacts
from core.contacts import normalize_phone

pytestmark = pytest.mark.django_db


class Spy:
    """Records the length of every text the phone pattern is run on."""

    def __init__(self, pattern):
        self.pattern = pattern
        self.lengths = []

    def fullmatch(self, text):
        self.lengths.append(len(text))
        return self.pattern.fullmatch(text)


@pytest.mark.parametrize(
    "phone",
    ["1" + " " * 100_000 + "x", "0791234567" + " " * 50_000 + "-", "9" * 33],
    ids=["spaces-then-letter", "trailing-dash", "33-digits"],
)
def test_no_pattern_runs_over_a_long_phone(api_client, monkeypatch, phone):
    """A 100 KB phone took 32 s of backtracking before the length was checked."""
    spy = Spy(contacts.PHONE_CHARACTERS)
    monkeypatch.setattr(contacts, "PHONE_CHARACTERS", spy)

    response = api_client.post(
        "/api/normal-user/forgot-password/", {"phone": phone}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_phone"
    assert all(length <= contacts.PHONE_MAX_LENGTH for length in spy.lengths)


@pytest.mark.parametrize(
    ("written", "e164"),
    [
        ("0791234567", "+93791234567"),
        ("  +93 79 123 4567  ", "+93791234567"),
        ("(079) 123-4567", "+93791234567"),
        ("۰۷۹۱۲۳۴۵۶۷", "+93791234567"),
    ],
)
def test_phones_as_people_write_them(written, e164):
    assert normalize_phone(written) == e164
