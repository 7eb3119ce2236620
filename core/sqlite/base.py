"""Django's SQLite backend, refusing any decimal that SQLite would round.

SQLite keeps a `DecimalField` as a float (NUMERIC affinity): a value of more
than 15 significant digits comes back changed, so a balance of
237037035803703.69 would be read as 237037035803704.00. PostgreSQL's numeric
is exact. Here such a value is refused before it is written (or compared), with
the 400 an amount beyond the books gets, and the transaction rolls back.
"""

from decimal import Decimal

from django.db.backends.sqlite3 import base

EXACT_DIGITS = 15


def significant_digits(value: Decimal) -> int:
    return len("".join(map(str, value.as_tuple().digits)).strip("0"))


class DatabaseOperations(base.DatabaseOperations):
    def adapt_decimalfield_value(self, value, max_digits=None, decimal_places=None):
        if (
            isinstance(value, Decimal)
            and value.is_finite()
            and significant_digits(value) > EXACT_DIGITS
        ):
            # imported here: the backend loads before the apps core.errors needs
            from core.errors import ApplicationError

            raise ApplicationError(
                f"{value} has more than {EXACT_DIGITS} significant digits, which "
                "this SQLite database cannot store exactly; PostgreSQL can.",
                code="invalid_amount",
            )
        return super().adapt_decimalfield_value(value, max_digits, decimal_places)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
