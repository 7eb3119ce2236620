"""Money fixtures shared by the currency, ledger, transaction and balance tests."""

import importlib
from decimal import Decimal

from currency.models import Currency, SarafCurrency

_iso = importlib.import_module("currency.migrations.0002_iso_4217_currencies")


def ensure_currencies():
    """Reload the ISO list: a transactional test's flush empties the table."""
    for code, name, symbol, minor_units in _iso.CURRENCIES:
        Currency.objects.get_or_create(
            code=code,
            defaults={"name": name, "symbol": symbol, "minor_units": minor_units},
        )


def support(saraf, *codes):
    ensure_currencies()
    for code in codes:
        SarafCurrency.objects.get_or_create(saraf=saraf, currency_id=code)


def fund(saraf, code, amount):
    """Put `amount` of capital into the saraf's cash (a capital deposit)."""
    from ledger.services import Leg, entry_post

    support(saraf, code)
    amount = Decimal(amount)
    return entry_post(
        saraf_id=saraf.pk,
        kind="capital_deposit",
        legs=[Leg("cash", code, amount), Leg("capital", code, amount)],
        performed_by=None,
        amount=amount,
        currency=code,
    )
