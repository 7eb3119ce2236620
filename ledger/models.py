"""The journal: ledger accounts with cached balances, entries, and their postings.

A posting's `amount` is the change of its account's balance (+ raises it).
Cash, position and exchange accounts are assets (debit-normal); customer,
capital and fee income accounts are on the other side (credit-normal). An
entry balances when, per currency, the asset postings equal the others:
sum(amount * Kind.weight) == 0.
"""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

AMOUNT = {"max_digits": 24, "decimal_places": 8}


class AppendOnlyError(Exception):
    """A journal row was about to be changed or deleted."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model.__name__} rows are never updated.")

    def delete(self):
        raise AppendOnlyError(f"{self.model.__name__} rows are never deleted.")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} rows are never updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{type(self).__name__} rows are never deleted.")


class LedgerAccount(models.Model):
    """One balance: the saraf's cash, a customer's money, a position... per currency."""

    class Kind(models.TextChoices):
        CASH = "cash", "Cash"
        CUSTOMER = "customer", "Customer account"
        CAPITAL = "capital", "Capital"
        POSITION = "position", "Position with another saraf"
        FEE_INCOME = "fee_income", "Fee income"
        EXCHANGE = "exchange", "Currency exchange"

    DEBIT_NORMAL = frozenset({Kind.CASH, Kind.POSITION, Kind.EXCHANGE})

    saraf = models.ForeignKey(
        "saraf_account.SarafAccount", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    currency = models.ForeignKey(
        "currency.Currency", on_delete=models.PROTECT, related_name="+"
    )
    customer_account = models.ForeignKey(
        "saraf_create_accounts.CustomerAccount",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_accounts",
    )
    counterparty = models.ForeignKey(
        "saraf_account.SarafAccount",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The other saraf of a position; a positive balance: it owes us.",
    )
    balance = models.DecimalField(**AMOUNT, default=0)
    credit_limit = models.DecimalField(
        **AMOUNT, default=0, help_text="How far below zero a customer account may go."
    )
    credit_limit_updated_at = models.DateTimeField(null=True, blank=True)
    credit_limit_updated_by_employee = models.ForeignKey(
        "saraf_account.SarafEmployee",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["saraf", "kind", "currency"],
                condition=Q(customer_account__isnull=True, counterparty__isnull=True),
                name="ledger_account_unique_plain",
            ),
            models.UniqueConstraint(
                fields=["saraf", "kind", "currency", "customer_account"],
                condition=Q(customer_account__isnull=False),
                name="ledger_account_unique_customer",
            ),
            models.UniqueConstraint(
                fields=["saraf", "kind", "currency", "counterparty"],
                condition=Q(counterparty__isnull=False),
                name="ledger_account_unique_counterparty",
            ),
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "cash",
                        "customer",
                        "capital",
                        "position",
                        "fee_income",
                        "exchange",
                    ]
                ),
                name="ledger_account_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind="customer", customer_account__isnull=False)
                | (~Q(kind="customer") & Q(customer_account__isnull=True)),
                name="ledger_account_customer_iff_kind",
            ),
            models.CheckConstraint(
                condition=Q(kind="position", counterparty__isnull=False)
                | (~Q(kind="position") & Q(counterparty__isnull=True)),
                name="ledger_account_counterparty_iff_position",
            ),
            models.CheckConstraint(
                condition=~Q(kind="cash") | Q(balance__gte=0),
                name="ledger_account_cash_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(kind="customer") | Q(balance__gte=-F("credit_limit")),
                name="ledger_account_customer_within_credit",
            ),
            models.CheckConstraint(
                condition=Q(credit_limit__gte=0),
                name="ledger_account_credit_limit_gte_0",
            ),
        ]

    def __str__(self):
        owner = self.customer_account_id or self.counterparty_id or ""
        return f"{self.kind}{owner and f' {owner}'} {self.currency_id}@{self.saraf_id}"

    @property
    def key(self):
        return (
            self.kind,
            self.currency_id,
            self.customer_account_id,
            self.counterparty_id,
        )

    @property
    def floor(self):
        """The lowest balance allowed, or None when the account may go anywhere."""
        if self.kind == self.Kind.CASH:
            return 0
        if self.kind == self.Kind.CUSTOMER:
            return -self.credit_limit
        return None

    @classmethod
    def weight(cls, kind) -> int:
        return 1 if kind in cls.DEBIT_NORMAL else -1


class PerformerType(models.TextChoices):
    OWNER = "owner", "Saraf owner"
    EMPLOYEE = "employee", "Employee"
    SYSTEM = "system", "System"


# The kinds of entry the apps post, as the activity feed filters them.
ENTRY_KINDS = (
    "capital_deposit",
    "capital_withdrawal",
    "customer_deposit",
    "customer_withdraw",
    "customer_give",
    "customer_take",
    "hawala_send",
    "hawala_payout",
    "hawala_external_payout",
    "hawala_settlement",
    "exchange",
    "reversal",
)


class JournalEntry(AppendOnlyModel):
    """What happened, who did it and when; its postings say what moved."""

    saraf = models.ForeignKey(
        "saraf_account.SarafAccount", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=32)
    performed_by_type = models.CharField(max_length=8, choices=PerformerType.choices)
    performed_by_employee = models.ForeignKey(
        "saraf_account.SarafEmployee",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    memo = models.CharField(max_length=500, blank=True)
    amount = models.DecimalField(**AMOUNT, null=True, blank=True)
    currency = models.ForeignKey(
        "currency.Currency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    customer_account = models.ForeignKey(
        "saraf_create_accounts.CustomerAccount",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="journal_entries",
    )
    reverses = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
    )

    class Meta:
        verbose_name_plural = "journal entries"
        indexes = [
            models.Index(fields=["saraf", "-created_at", "-id"], name="entry_feed_idx"),
            models.Index(
                fields=["customer_account", "-created_at"], name="entry_customer_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    performed_by_type="employee", performed_by_employee__isnull=False
                )
                | (
                    Q(performed_by_type__in=["owner", "system"])
                    & Q(performed_by_employee__isnull=True)
                ),
                name="journal_entry_performer_consistent",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0),
                name="journal_entry_amount_positive",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.kind}"

    def posting_for(
        self, kind, currency=None, customer_account_id=None, counterparty_id=None
    ):
        """The last posting of this entry on one account (see docs/ledger.md)."""
        currency = currency or self.currency_id
        postings = getattr(self, "postings_by_key", None)
        if postings is None:
            postings = {
                p.account.key: p for p in self.postings.select_related("account")
            }
        return postings[(kind, currency, customer_account_id, counterparty_id)]

    def balance_after(
        self, kind, currency=None, customer_account_id=None, counterparty_id=None
    ):
        return self.posting_for(
            kind, currency, customer_account_id, counterparty_id
        ).balance_after


class Posting(AppendOnlyModel):
    """One leg of an entry: the change of one account, with its balance around it."""

    entry = models.ForeignKey(
        JournalEntry, on_delete=models.PROTECT, related_name="postings"
    )
    saraf = models.ForeignKey(
        "saraf_account.SarafAccount", on_delete=models.PROTECT, related_name="+"
    )
    account = models.ForeignKey(
        LedgerAccount, on_delete=models.PROTECT, related_name="postings"
    )
    currency = models.ForeignKey(
        "currency.Currency", on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(**AMOUNT)
    balance_before = models.DecimalField(**AMOUNT)
    balance_after = models.DecimalField(**AMOUNT)

    class Meta:
        indexes = [models.Index(fields=["account", "id"], name="posting_chain_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(amount=0), name="posting_amount_not_zero"
            ),
        ]

    def __str__(self):
        return f"{self.amount} {self.currency_id} on {self.account_id}"


class IdempotencyRecord(models.Model):
    """One `Idempotency-Key` of one identity, and the first answer it got.

    It lives here, beside the journal it protects, so that a movement and
    the record of its answer commit in the same transaction.
    """

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    identity = models.CharField(max_length=64)
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    status = models.CharField(max_length=16, choices=Status.choices)
    claim = models.UUIDField()
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["identity", "key"], name="idempotency_key_per_identity"
            )
        ]
        indexes = [models.Index(fields=["created_at"], name="idempotency_age_idx")]

    def __str__(self):
        return f"{self.identity} {self.key}"
