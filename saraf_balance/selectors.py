from decimal import Decimal

from currency.selectors import currency_list_supported, currency_require_supported
from ledger.models import LedgerAccount
from ledger.selectors import balance_get


def cash_balances_list(*, saraf_id: int) -> list[dict]:
    """[{currency, balance}]: the saraf's cash in each of its currencies, zeros too."""
    currencies = list(currency_list_supported(saraf_id=saraf_id))
    cash = dict(
        LedgerAccount.objects.filter(
            saraf_id=saraf_id, kind=LedgerAccount.Kind.CASH
        ).values_list("currency_id", "balance")
    )
    return [
        {
            "currency": currency,
            "balance": cash.get(currency.code, Decimal(0)).quantize(
                Decimal(1).scaleb(-currency.minor_units)
            ),
        }
        for currency in currencies
    ]


def cash_balance_get(*, saraf_id: int, code: str) -> dict:
    currency = currency_require_supported(saraf_id=saraf_id, code=code)
    balance = balance_get(
        saraf_id=saraf_id, kind=LedgerAccount.Kind.CASH, currency=currency.code
    )
    return {"currency": currency, "balance": balance}
