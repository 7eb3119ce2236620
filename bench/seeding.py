"""Seed a benchmark database through the real services.

Sarafs, their currencies, opening cash (capital deposits through
`transaction.services.transaction_create`, so `/api/transaction/` has pages to
read), customer accounts, and each customer's opening balance as one balanced
`ledger.services.entry_post` per saraf: bulk where it is safe, the ledger's own
rules and locks for every cent, so `verify_ledger` stays clean.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction

from core.auth import Identity, session_create
from core.models import IdentityKind
from currency.services import saraf_currency_add
from ledger.models import LedgerAccount
from ledger.services import Leg, entry_post
from saraf_account.models import SarafAccount
from saraf_create_accounts.models import CustomerAccount
from saraf_create_accounts.services import ACCOUNT_NUMBER_PREFIX
from transaction.models import Transaction
from transaction.services import transaction_create

CURRENCIES = ("USD", "AFN")
BENCH_CURRENCY = "USD"
OPENING_ENTRY_KIND = "bench_opening_balance"


@dataclass(frozen=True)
class SeedConfig:
    sarafs: int = 10
    accounts_per_saraf: int = 500
    capital_deposits_per_saraf: int = 60
    capital_deposit: Decimal = Decimal("1000000.00")
    customer_opening: Decimal = Decimal("100000.00")


@dataclass
class SeededSaraf:
    id: int
    token: str
    accounts: list[int] = field(default_factory=list)


def _owner(saraf: SarafAccount) -> Identity:
    return Identity(kind=IdentityKind.SARAF, session_id="", saraf=saraf)


def _saraf_create(number: int) -> SarafAccount:
    return SarafAccount.objects.create(
        name=f"Bench Saraf {number}",
        license_no=f"BENCH-{number:04d}",
        email=f"bench-saraf-{number}@bench.invalid",
        email_verified=True,
        province="Kabul",
        password=make_password(None),
    )


def _accounts_create(saraf: SarafAccount, count: int) -> list[int]:
    """Accounts numbered as `customer_account_create` numbers them, in one insert.

    The saraf is brand new and nothing else writes to it during the seed, so
    the per-saraf sequence lock of the service has nothing to protect here.
    """
    CustomerAccount.objects.bulk_create(
        CustomerAccount(
            saraf=saraf,
            sequence=sequence,
            account_number=f"{ACCOUNT_NUMBER_PREFIX}{sequence:06d}",
            full_name=f"Bench Customer {saraf.pk}-{sequence}",
            phone=f"+9379{saraf.pk % 100:02d}{sequence:05d}",
            account_type=CustomerAccount.AccountType.CUSTOMER,
        )
        for sequence in range(1, count + 1)
    )
    return list(
        CustomerAccount.objects.filter(saraf=saraf)
        .order_by("sequence")
        .values_list("pk", flat=True)
    )


def _customers_fund(
    saraf: SarafAccount, account_ids: list[int], amount: Decimal
) -> None:
    """Every customer's opening balance: one entry, cash +n·x, each customer +x."""
    legs = [
        Leg(LedgerAccount.Kind.CASH, BENCH_CURRENCY, amount * len(account_ids)),
        *(
            Leg(
                LedgerAccount.Kind.CUSTOMER,
                BENCH_CURRENCY,
                amount,
                customer_account_id=account_id,
            )
            for account_id in account_ids
        ),
    ]
    entry_post(
        saraf_id=saraf.pk,
        kind=OPENING_ENTRY_KIND,
        legs=legs,
        performed_by=None,
        memo="Benchmark opening balances",
        amount=amount * len(account_ids),
        currency=BENCH_CURRENCY,
    )


def seed(config: SeedConfig) -> list[SeededSaraf]:
    """Create the benchmark's sarafs and accounts; return ids and owner tokens."""
    seeded = []
    for number in range(1, config.sarafs + 1):
        with transaction.atomic():
            saraf = _saraf_create(number)
            for code in CURRENCIES:
                saraf_currency_add(saraf_id=saraf.pk, code=code)
            owner = _owner(saraf)
            for _ in range(config.capital_deposits_per_saraf):
                for code in CURRENCIES:
                    transaction_create(
                        identity=owner,
                        currency=code,
                        amount=config.capital_deposit,
                        transaction_type=Transaction.Type.DEPOSIT,
                        description="Benchmark opening cash",
                    )
            account_ids = _accounts_create(saraf, config.accounts_per_saraf)
            if account_ids:
                _customers_fund(saraf, account_ids, config.customer_opening)
        token = session_create(saraf=saraf)["access"]
        seeded.append(SeededSaraf(id=saraf.pk, token=token, accounts=account_ids))
    return seeded


def lua_table(seeded: list[SeededSaraf]) -> str:
    """The seed as a Lua chunk the wrk scripts load with `dofile`."""
    lines = ["return {", f'  currency = "{BENCH_CURRENCY}",', "  sarafs = {"]
    for saraf in seeded:
        accounts = ",".join(str(pk) for pk in saraf.accounts)
        lines.append(
            f'    {{ id = {saraf.id}, token = "{saraf.token}", '
            f"accounts = {{ {accounts} }} }},"
        )
    lines += ["  },", "}", ""]
    return "\n".join(lines)
