"""Prove the journal and the cached balances agree; name every culprit if not."""

from collections import defaultdict
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError

from ledger.models import JournalEntry, LedgerAccount, Posting


def account_problems():
    # Summed in Python: SQLite would add the decimals up in floating point.
    posted = defaultdict(Decimal)
    for account_id, amount in Posting.objects.values_list(
        "account_id", "amount"
    ).iterator():
        posted[account_id] += amount
    for account in LedgerAccount.objects.order_by("pk"):
        if account.balance != posted[account.pk]:
            yield (
                f"account {account.pk} ({account}): cached balance {account.balance} "
                f"!= sum of postings {posted[account.pk]}"
            )


def entry_problems():
    totals = defaultdict(Decimal)
    rows = Posting.objects.values_list(
        "entry_id", "currency_id", "account__kind", "amount"
    )
    for entry_id, code, kind, amount in rows.iterator():
        totals[(entry_id, code)] += LedgerAccount.weight(kind) * amount
    for (entry_id, code), total in sorted(totals.items()):
        if total != 0:
            yield f"entry {entry_id}: does not balance in {code}, off by {total}"
    empty = JournalEntry.objects.filter(postings__isnull=True).values_list(
        "pk", flat=True
    )
    for entry_id in empty:
        yield f"entry {entry_id}: has no postings"


def chain_problems():
    previous_account, previous_after = None, Decimal(0)
    rows = Posting.objects.order_by("account_id", "pk").values_list(
        "account_id", "pk", "amount", "balance_before", "balance_after"
    )
    for account_id, posting_id, amount, before, after in rows.iterator():
        if account_id != previous_account:
            previous_account, previous_after = account_id, Decimal(0)
        if before != previous_after:
            yield (
                f"account {account_id}: posting {posting_id} starts at {before}, "
                f"the previous posting ended at {previous_after}"
            )
        if after != before + amount:
            yield (
                f"account {account_id}: posting {posting_id} {before} + {amount} "
                f"!= {after}"
            )
        previous_after = after


class Command(BaseCommand):
    help = (
        "Check that every cached balance equals the sum of its postings, every "
        "entry balances per currency, and each account's before/after chain is "
        "continuous. Exits non-zero naming every culprit."
    )

    def handle(self, *args, **options):
        problems = [*account_problems(), *entry_problems(), *chain_problems()]
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"ledger BROKEN: {len(problems)} problem(s)")
        self.stdout.write(
            f"ledger OK: {LedgerAccount.objects.count()} accounts, "
            f"{JournalEntry.objects.count()} entries"
        )
