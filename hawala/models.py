from django.db import models
from django.db.models import Q

# The ledger's positions always name a saraf; hawalas with a saraf outside
# AMU Pay are booked against one reserved, inactive saraf marked by this
# "phone". It is not an E.164 number, so no registration can ever claim it.
EXTERNAL_COUNTERPARTY_PHONE = "external-hawala"


class HawalaTransaction(models.Model):
    """A transfer between two sarafs, seen by both of them.

    `saraf` owns the row: the sending saraf, or, for a hawala that came from
    outside AMU Pay (external sender), the saraf that paid it out.
    `destination_saraf` is the receiving saraf of an internal hawala.
    """

    class Mode(models.TextChoices):
        INTERNAL = "internal"
        EXTERNAL_RECEIVER = "external_receiver"
        EXTERNAL_SENDER = "external_sender"

    class Status(models.TextChoices):
        PENDING = "pending"
        SENT = "sent"
        RECEIVED = "received"
        COMPLETED = "completed"
        CANCELLED = "cancelled"

    saraf = models.ForeignKey(
        "saraf_account.SarafAccount", on_delete=models.PROTECT, related_name="hawalas"
    )
    destination_saraf = models.ForeignKey(
        "saraf_account.SarafAccount",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incoming_hawalas",
    )
    destination_name = models.CharField(max_length=200, blank=True)
    source_name = models.CharField(max_length=200, blank=True)
    mode = models.CharField(max_length=20, choices=Mode.choices)
    hawala_number = models.CharField(max_length=64)
    amount = models.DecimalField(max_digits=24, decimal_places=8)
    currency = models.ForeignKey(
        "currency.Currency", on_delete=models.PROTECT, related_name="+"
    )
    fee = models.DecimalField(max_digits=24, decimal_places=8, default=0)
    sender_name = models.CharField(max_length=200)
    sender_phone = models.CharField(max_length=20, blank=True)
    receiver_name = models.CharField(max_length=200)
    receiver_phone = models.CharField(max_length=20, blank=True)
    receiver_id_number = models.CharField(max_length=64, blank=True)
    receiver_father_name = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices)

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        "saraf_account.SarafEmployee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        "saraf_account.SarafEmployee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    received_at = models.DateTimeField(null=True, blank=True)
    received_by = models.ForeignKey(
        "saraf_account.SarafEmployee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    paid_at = models.DateTimeField(null=True, blank=True)
    paid_by = models.ForeignKey(
        "saraf_account.SarafEmployee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        "saraf_account.SarafEmployee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    send_entry = models.ForeignKey(
        "ledger.JournalEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    payout_entry = models.ForeignKey(
        "ledger.JournalEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cancel_entry = models.ForeignKey(
        "ledger.JournalEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["saraf", "hawala_number"],
                condition=~Q(mode="external_sender"),
                name="hawala_number_unique_per_sending_saraf",
            ),
            models.UniqueConstraint(
                fields=["saraf", "hawala_number"],
                condition=Q(mode="external_sender"),
                name="hawala_external_number_unique_per_receiver",
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="hawala_amount_gt_0"
            ),
            models.CheckConstraint(condition=Q(fee__gte=0), name="hawala_fee_gte_0"),
            models.CheckConstraint(
                condition=(
                    Q(mode="internal", destination_saraf__isnull=False)
                    | (~Q(mode="internal") & Q(destination_saraf__isnull=True))
                ),
                name="hawala_destination_saraf_only_internal",
            ),
            models.CheckConstraint(
                condition=~Q(destination_saraf=models.F("saraf")),
                name="hawala_not_to_itself",
            ),
        ]
        indexes = [
            models.Index(fields=["saraf", "-created_at"]),
            models.Index(fields=["destination_saraf", "-created_at"]),
            models.Index(fields=["receiver_phone", "hawala_number"]),
        ]

    def __str__(self):
        return f"{self.hawala_number} ({self.status})"


class HawalaReceipt(models.Model):
    """A receipt one saraf issued for a hawala; anyone holding it can check its code."""

    saraf = models.ForeignKey(
        "saraf_account.SarafAccount", on_delete=models.PROTECT, related_name="+"
    )
    hawala = models.ForeignKey(
        HawalaTransaction, on_delete=models.PROTECT, related_name="receipts"
    )
    verification_code = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        "saraf_account.SarafEmployee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["hawala", "saraf"], name="hawala_receipt_one_per_saraf"
            )
        ]

    def __str__(self):
        return f"receipt {self.verification_code[:6]}… for {self.hawala_id}"


class HawalaSettlement(models.Model):
    """A cash payment that settles (part of) a hawala position with another saraf.

    It is one saraf's record of its own side; the counterparty records its own.
    """

    class Direction(models.TextChoices):
        WE_PAID = "we_paid"
        THEY_PAID = "they_paid"

    saraf = models.ForeignKey(
        "saraf_account.SarafAccount", on_delete=models.PROTECT, related_name="+"
    )
    counterparty = models.ForeignKey(
        "saraf_account.SarafAccount", on_delete=models.PROTECT, related_name="+"
    )
    currency = models.ForeignKey(
        "currency.Currency", on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(max_digits=24, decimal_places=8)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    entry = models.ForeignKey(
        "ledger.JournalEntry", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        "saraf_account.SarafEmployee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="hawala_settlement_amount_gt_0"
            ),
        ]

    def __str__(self):
        return f"{self.direction} {self.amount} {self.currency_id}"
