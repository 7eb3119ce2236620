from django.db import models
from django.db.models import Q

from ledger.models import AMOUNT


class Transaction(models.Model):
    """A saraf's own capital moving into or out of its cash (the seed's transaction).

    Its money is the journal entry it points at; this row keeps what the
    transaction list shows.
    """

    class Type(models.TextChoices):
        DEPOSIT = "deposit", "Deposit"
        WITHDRAWAL = "withdrawal", "Withdrawal"

    saraf = models.ForeignKey(
        "saraf_account.SarafAccount", on_delete=models.PROTECT, related_name="+"
    )
    entry = models.OneToOneField(
        "ledger.JournalEntry", on_delete=models.PROTECT, related_name="transaction"
    )
    transaction_type = models.CharField(max_length=16, choices=Type.choices)
    currency = models.ForeignKey(
        "currency.Currency", on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(**AMOUNT)
    description = models.CharField(max_length=500, blank=True)
    balance_before = models.DecimalField(**AMOUNT)
    balance_after = models.DecimalField(**AMOUNT)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(
                fields=["saraf", "-created_at", "-id"], name="transaction_list_idx"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="transaction_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(transaction_type__in=["deposit", "withdrawal"]),
                name="transaction_type_valid",
            ),
        ]

    def __str__(self):
        return f"{self.transaction_type} {self.amount} {self.currency_id}"
