import pytest

from tests.saraf_create_accounts.factories import CustomerAccountFactory
from tests.saraf_create_accounts.helpers import support


@pytest.fixture
def currencies(saraf, other_saraf):
    support(saraf, "USD", "AFN", "JPY")
    support(other_saraf, "USD", "AFN", "JPY")


@pytest.fixture
def account(saraf, currencies):
    return CustomerAccountFactory(saraf=saraf, phone="+93791234567")


@pytest.fixture
def other_account(saraf, currencies):
    return CustomerAccountFactory(saraf=saraf)
