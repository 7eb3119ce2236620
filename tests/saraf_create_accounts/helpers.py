from decimal import Decimal

from currency.models import SarafCurrency
from ledger.models import LedgerAccount
from ledger.selectors import balance_get
from tests.ledger.helpers import ensure_currencies

OPERATIONS = {
    "deposit": "deposit_to_account",
    "withdraw": "withdraw_from_account",
    "give-money": "give_money",
    "take-money": "take_money",
}


def support(saraf, *codes):
    ensure_currencies()
    for code in codes:
        SarafCurrency.objects.get_or_create(saraf=saraf, currency_id=code)


def url(account_id, operation):
    return f"/api/saraf-create-accounts/{account_id}/{operation}/"


def move(client, account_id, operation, currency, amount, **extra):
    body = {"currency": currency, "amount": amount}
    body.update(extra.pop("body", {}))
    return client.post(url(account_id, operation), body, format="json", **extra)


def balances(account, currency) -> tuple[Decimal, Decimal, Decimal]:
    """(customer, cash, capital) of the account's saraf in one currency."""
    saraf_id = account.saraf_id
    return (
        balance_get(
            saraf_id=saraf_id,
            kind=LedgerAccount.Kind.CUSTOMER,
            currency=currency,
            customer_account_id=account.pk,
        ),
        balance_get(saraf_id=saraf_id, kind=LedgerAccount.Kind.CASH, currency=currency),
        balance_get(
            saraf_id=saraf_id, kind=LedgerAccount.Kind.CAPITAL, currency=currency
        ),
    )
