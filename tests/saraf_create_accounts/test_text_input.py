"""Customer account bodies: names show what they say, text is text."""

import pytest

from saraf_create_accounts.models import CustomerAccount

pytestmark = pytest.mark.django_db

CREATE_URL = "/api/saraf-create-accounts/create/"


def body(**overrides):
    data = {
        "full_name": "Ahmad Karimi",
        "phone": "0791234567",
        "account_type": "customer",
        "address": "Kabul",
        "job": "Trader",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "full_name", [123, "Ahmad\u202eKarimi", "Ahmad\nKarimi", "\u2066\u2069", " "]
)
def test_create_refuses_a_bad_full_name_and_creates_nothing(owner_client, full_name):
    response = owner_client.post(CREATE_URL, body(full_name=full_name), format="json")
    assert response.status_code == 400
    assert "full_name" in response.json()["error"]["fields"]
    assert not CustomerAccount.objects.exists()


@pytest.mark.parametrize("field", ["address", "job"])
@pytest.mark.parametrize("value", [42, True])
def test_create_refuses_non_text_in_text_fields(owner_client, field, value):
    response = owner_client.post(CREATE_URL, body(**{field: value}), format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not CustomerAccount.objects.exists()


@pytest.mark.parametrize("phone", ["0791234567 ext. 5", "0791234567x5", 791234567])
def test_create_refuses_a_phone_with_an_extension_or_not_a_string(owner_client, phone):
    response = owner_client.post(CREATE_URL, body(phone=phone), format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_phone"
    assert not CustomerAccount.objects.exists()


def test_edit_refuses_a_bidi_override_and_keeps_the_name(owner_client, account):
    before = account.full_name
    response = owner_client.patch(
        f"/api/saraf-create-accounts/{account.pk}/",
        {"full_name": "Ahmad\u202e"},
        format="json",
    )
    assert response.status_code == 400
    account.refresh_from_db()
    assert account.full_name == before
